"""Marking user-facing text for translation without depending on the i18n layer.

The domain must not import anything of ours, yet its messages are user-facing and Dutch.
`N_` marks a msgid for Babel's extractor; the ui/services layer translates it with `_()`.
"""


def N_(msgid: str) -> str:
    return msgid
