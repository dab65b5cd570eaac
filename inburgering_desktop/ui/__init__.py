"""The PySide6 user interface: main window, one module per screen, item models, dialogs.

Only this package imports Qt. Widgets call services; they never open a database session or
compute a deadline themselves (shared/design/ARCHITECTURE.md).
"""
