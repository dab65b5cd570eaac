"""The domain core: rules of the Wet inburgering 2021 as data and pure functions.

Imports nothing of ours, no Qt and no SQL (see shared/design/ARCHITECTURE.md).
"""
