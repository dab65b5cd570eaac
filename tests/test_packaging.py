"""Installed from a wheel, the program still finds its fonts and catalogs."""

from __future__ import annotations

import tomllib
from pathlib import Path

import inburgering_desktop
from inburgering_desktop import resources

REPO = Path(inburgering_desktop.__file__).resolve().parent.parent
SHARE = "share/inburgering-desktop"


def test_every_data_file_is_in_the_wheel_config() -> None:
    """pyproject's data-files globs are per directory; a new folder under resources/ (icons,
    ICC profiles) must get its own line there, or installs from a wheel lack it."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    data_files: dict[str, list[str]] = config["tool"]["setuptools"]["data-files"]
    shipped = set()
    for target, patterns in data_files.items():
        assert target.startswith(SHARE + "/") or target == SHARE
        for pattern in patterns:
            for source in REPO.glob(pattern):
                relative = source.relative_to(REPO)
                # Installed at the same relative place under share/, where resources.py looks.
                assert f"{target}/{source.name}" == f"{SHARE}/{relative.as_posix()}"
                shipped.add(relative)
    on_disk = {
        path.relative_to(REPO)
        for top in ("resources", "translations")
        for path in (REPO / top).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert on_disk - shipped == set()


def test_data_root_is_found_in_a_wheel_layout(tmp_path: Path) -> None:
    site_packages = tmp_path / "lib" / "site-packages"
    (site_packages / "inburgering_desktop").mkdir(parents=True)
    share = tmp_path / SHARE
    (share / "resources" / "fonts").mkdir(parents=True)
    (share / "resources" / "fonts" / "OFL.txt").write_text("licence")
    # A foreign top-level "resources" folder beside site-packages must not fool the lookup.
    (site_packages / "resources" / "fonts").mkdir(parents=True)
    assert resources.find_data_root([site_packages, share]) == share


def test_checkout_comes_before_an_installed_copy() -> None:
    candidates = resources.candidate_roots()
    assert candidates[0] == REPO
    assert resources.data_root() == REPO
