"""Letter rendering speed: a 2–3 page bilingual Dutch + Arabic beschikking against a one-page
Latin-only letter, rendered in the same process, as a ratio of medians.

Run: .venv/bin/python benchmarks/letters.py [runs]. `benchmark()` returns the numbers for
benchmarks/run.py. Both letters are rendered once before timing, so font loading (≈15 ms,
once per process) is in neither; the runs are interleaved, so drift of the machine hits both.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inburgering_desktop.documents.layout import LetterDocument, render_pdf  # noqa: E402
from tests.documents import samples  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "21"))


def _time(doc: LetterDocument) -> float:
    start = time.perf_counter()
    render_pdf(doc)
    return time.perf_counter() - start


def benchmark(runs: int = RUNS) -> dict[str, float]:
    arabic = samples.long_arabic()
    latin = samples.latin_only()
    render_pdf(arabic)  # warm: fonts loaded, code paths compiled
    render_pdf(latin)
    arabic_times, latin_times = [], []
    for _ in range(runs):
        latin_times.append(_time(latin))
        arabic_times.append(_time(arabic))
    latin_s = statistics.median(latin_times)
    arabic_s = statistics.median(arabic_times)
    return {
        "latin_1page_ms": latin_s * 1000,
        "arabic_bilingual_ms": arabic_s * 1000,
        "ratio": arabic_s / latin_s,
        "runs": runs,
    }


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    result = benchmark(runs)
    print(
        "letters: bilingual Dutch + Arabic beschikking (2–3 pages)"
        f" {result['arabic_bilingual_ms']:.1f} ms"
        f" vs one-page Latin letter {result['latin_1page_ms']:.1f} ms"
        f" = {result['ratio']:.2f}× (median of {runs} interleaved runs)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
