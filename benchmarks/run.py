"""Speed and memory of Inburgering Desktop, as ratios against a baseline taken in the same run.

(a) process start to a usable main window holding 2,000 dossiers (key derivation included)
    against a bare PySide6 QMainWindow process — target ≤ 2.5×;
(b) the register's search per keystroke over 10,000 dossiers, in ms — target ≤ 30 ms;
(c) peak memory with 10,000 dossiers loaded against the bare window — target ≤ +150 MB;
(d) the 2–3 page bilingual Dutch + Arabic letter against a one-page Latin-only letter, same engine.

Run: `make bench` (or .venv/bin/python benchmarks/run.py). Results also go to
benchmarks/results.json. Not a test: timings depend on the machine; the ratios are what we track.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import fixture  # noqa: E402
import letters  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
QUERIES = ["ahmad", "al-t", "fetena", "ዮናስ", "أحمد", "9999", "zoë", "proef"]


def _timed(script: str, args: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, str(HERE / script), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    return elapsed, int(out.stdout.strip().splitlines()[-1])


def _database(count: int) -> Path:
    """Built in a child process: Linux keeps a process's peak RSS across fork and exec, so a
    large parent would inflate every child's memory figure."""
    subprocess.run([sys.executable, str(HERE / "fixture.py"), str(count)], check=True)
    return fixture.path(count)


def startup(count: int) -> dict[str, float]:
    db = _database(count)
    env = fixture.environment(db)
    bare, app, bare_rss, app_rss = [], [], [], []
    _timed("startup_bare.py", [], env)  # warm the file cache once for both
    _timed("startup_app.py", [str(count)], env)
    for _ in range(RUNS):  # interleaved, so drift of the machine hits both alike
        t, rss = _timed("startup_bare.py", [], env)
        bare.append(t)
        bare_rss.append(rss)
        t, rss = _timed("startup_app.py", [str(count)], env)
        app.append(t)
        app_rss.append(rss)
    return {
        "bare_s": statistics.median(bare),
        "app_s": statistics.median(app),
        "ratio": statistics.median(app) / statistics.median(bare),
        "bare_peak_mb": max(bare_rss) / 1024,
        "app_peak_mb": max(app_rss) / 1024,
        "extra_peak_mb": (max(app_rss) - max(bare_rss)) / 1024,
    }


def search(count: int) -> dict[str, float]:
    """In a child process, for the same reason as _database."""
    _database(count)
    out = subprocess.run(
        [sys.executable, str(HERE / "run.py"), "--search", str(count)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _search_here(count: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from inburgering_desktop.services.context import AppContext
    from inburgering_desktop.services.register import list_summaries
    from inburgering_desktop.store import engine
    from inburgering_desktop.ui.dossier_list import DossierListWidget
    from inburgering_desktop.ui.fonts import register_fonts

    app = QApplication.instance() or QApplication([])
    register_fonts()
    db = engine.open_database(fixture.database(count), passphrase=fixture.PASSPHRASE)
    try:
        rows = list_summaries(AppContext(db=db, account="Benchmark"))
    finally:
        db.close()
    widget = DossierListWidget()
    widget.resize(1200, 800)
    widget.show()
    widget.set_summaries(rows)
    app.processEvents()
    times = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):  # one keystroke at a time, as typed
            start = time.perf_counter()
            widget.set_query(query[:end])
            app.processEvents()  # includes the repaint of the visible rows
            times.append((time.perf_counter() - start) * 1000)
        widget.set_query("")
        app.processEvents()
    # The very first keystroke after loading also pays Qt's first full repaint of the table;
    # it is reported on its own, the steady state over the rest.
    first, rest = times[0], times[1:]
    return {
        "keystrokes": len(times),
        "first_ms": first,
        "median_ms": statistics.median(rest),
        "p95_ms": sorted(rest)[int(len(rest) * 0.95) - 1],
        "max_ms": max(rest),
    }


def main() -> int:
    if sys.argv[1:2] == ["--search"]:
        print(json.dumps(_search_here(int(sys.argv[2]))))
        return 0
    results = {
        "a_startup_2000": startup(2000),
        "b_search_10000": search(10000),
        "c_memory_10000": startup(10000),
        "d_letters": letters.benchmark(),
    }
    a, b, c = results["a_startup_2000"], results["b_search_10000"], results["c_memory_10000"]
    print(
        f"(a) start to usable window, 2,000 dossiers: {a['app_s']:.3f} s"
        f" vs bare {a['bare_s']:.3f} s = {a['ratio']:.2f}× (target ≤ 2.5×)"
    )
    print(
        f"(b) search per keystroke, 10,000 dossiers: median {b['median_ms']:.1f} ms, "
        f"p95 {b['p95_ms']:.1f} ms, max {b['max_ms']:.1f} ms over {b['keystrokes']} keystrokes;"
        f" first keystroke after loading {b['first_ms']:.1f} ms (target ≤ 30 ms)"
    )
    print(
        f"(c) peak memory, 10,000 dossiers: {c['app_peak_mb']:.0f} MB"
        f" vs bare {c['bare_peak_mb']:.0f} MB = +{c['extra_peak_mb']:.0f} MB (target ≤ +150 MB)"
    )
    d = results["d_letters"]
    print(
        f"(d) bilingual Arabic letter {d['arabic_bilingual_ms']:.0f} ms vs one-page Latin letter"
        f" {d['latin_1page_ms']:.0f} ms = {d['ratio']:.2f}×"
    )
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
