"""Where the bundled data files (fonts, translations, later icons and ICC profiles) live.

They sit beside the package, not inside it (``resources/`` and ``translations/`` at the top of
the repository), so one lookup has to serve three ways of running the program:

* from a checkout or an editable install: the repository root, the parent of this package;
* frozen by PyInstaller: ``sys._MEIPASS``, the bundle's data root (``packaging/`` adds the two
  directories there under the same names; in a onedir build that is also the package's parent);
* installed from a wheel: pyproject's ``[tool.setuptools.data-files]`` copies both directories to
  ``<prefix>/share/inburgering-desktop/`` (the venv, or ``~/.local`` for ``pip install --user``).

The checkout comes first on purpose: an editable install also copies the data files into the
venv, and that copy goes stale the moment someone edits a catalog in the repository.

Importing this module costs nothing but pathlib; nothing touches the disk until asked.
"""

from __future__ import annotations

import site
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_SHARE_NAME = "inburgering-desktop"
# A file that only our data root has: a bare "resources" directory next to site-packages could
# belong to any sloppily packaged distribution.
_MARKER = Path("resources", "fonts", "OFL.txt")


def candidate_roots() -> list[Path]:
    """Every place a data root may be, best first (see the module docstring)."""
    roots = [_PACKAGE_DIR.parent]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        roots.append(Path(frozen_root))
    prefixes = [sys.prefix]
    user_base = site.getuserbase()
    if user_base:
        prefixes.append(user_base)
    roots.extend(Path(prefix, "share", _SHARE_NAME) for prefix in prefixes)
    return roots


def find_data_root(candidates: Iterable[Path]) -> Path | None:
    """The first candidate that holds our resources, or None."""
    for root in candidates:
        if (root / _MARKER).is_file():
            return root
    return None


@cache
def data_root() -> Path:
    """The directory that holds ``resources/`` and ``translations/``.

    Raises FileNotFoundError naming every place looked at: an install without its fonts would
    otherwise show boxes instead of names, which nobody reports as an error.
    """
    candidates = candidate_roots()
    root = find_data_root(candidates)
    if root is None:
        looked = ", ".join(str(c) for c in candidates)
        raise FileNotFoundError(f"Inburgering Desktop resources not found (looked in: {looked})")
    return root


def resources_dir() -> Path:
    """``resources/``: fonts with their licence, icons, letterhead, ICC profile."""
    return data_root() / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def translations_dir() -> Path:
    """``translations/``: messages.pot and ``<lang>/LC_MESSAGES/messages.po``."""
    return data_root() / "translations"


def schema_dir() -> Path:
    """``docs/schema/``: the JSON Schemas of the export formats, read by the import too."""
    return data_root() / "docs" / "schema"
