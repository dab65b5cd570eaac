"""Benchmark databases: N synthetic dossiers, made once and cached under benchmarks/.cache/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE = ROOT / "benchmarks" / ".cache"
PASSPHRASE = "benchmark-wachtwoord-lang-genoeg"


def path(count: int) -> Path:
    return CACHE / f"dossiers-{count}" / "inburgering.db"


def database(count: int) -> Path:
    """Path of an encrypted database holding `count` demo dossiers (built on first use)."""
    from inburgering_desktop.services import demo
    from inburgering_desktop.services.context import AppContext
    from inburgering_desktop.store import engine

    db_path = path(count)
    if engine.database_exists(db_path):
        return db_path
    CACHE.mkdir(parents=True, exist_ok=True)
    db, _recovery = engine.create_database(db_path, PASSPHRASE)
    try:
        ctx = AppContext(db=db, account="Benchmark")
        demo.generate(ctx, count=count, seed=count)
    finally:
        db.close()
    return db_path


def environment(db_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    # An installed program runs from cached bytecode; this sandbox disables writing it, which
    # would charge every start for recompiling all modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "INBURGERING_DB": str(db_path),
            "INBURGERING_PASSPHRASE": PASSPHRASE,
        }
    )
    return env


if __name__ == "__main__":
    print(database(int(sys.argv[1])))
