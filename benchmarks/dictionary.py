"""The dictionary's figures: load time, look-ups per second, memory added, and how much of the
bundled article it analyses.

Run from the repository root with the project's environment:

    python benchmarks/dictionary.py

Load time is measured in a fresh process each run (the lexicon is read once per process), as
the median of three. Look-ups run over every Arabic word of the bundled article
(`dushanbe-2019`), with the per-word cache emptied first, so each word is analysed afresh.
Memory added is what tracemalloc counts as still held after loading (the peak while loading
too), and the growth of the process's resident set. Coverage is the share of the article's
Arabic words with at least one analysis; the words missed are listed. It always exits 0: it
is a report, not a test.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from tui_reader.core import dictionary  # noqa: E402
from tui_reader.core.letters import ARABIC_LETTER, WORD_PATTERN  # noqa: E402
from tui_reader.core.library import open_text  # noqa: E402

RUNS = 3
TARGET_LOOKUP_MS = 20.0
_TIME_LOAD = (
    "import time; t = time.perf_counter(); from tui_reader.core import dictionary; "
    "dictionary.load(); print(time.perf_counter() - t)"
)


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _article_words() -> list[str]:
    text = open_text("dushanbe-2019")
    return [
        found.group()
        for segment in text.segments
        for found in WORD_PATTERN.finditer(segment.ar)
        if ARABIC_LETTER.search(found.group())
    ]


def main() -> None:
    loads = [
        float(
            subprocess.run(
                [sys.executable, "-c", _TIME_LOAD],
                check=True,
                capture_output=True,
                text=True,
                env={"PYTHONPATH": str(REPO / "src")},
            ).stdout
        )
        for _ in range(RUNS)
    ]
    words = _article_words()

    rss_before = _rss_kib()
    tracemalloc.start()
    dictionary.load()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_added = _rss_kib() - rss_before

    dictionary._analyse.cache_clear()
    slowest = 0.0
    started = time.perf_counter()
    for word in words:
        before = time.perf_counter()
        dictionary.lookup(word)
        slowest = max(slowest, time.perf_counter() - before)
    elapsed = time.perf_counter() - started

    missed = [word for word in words if not dictionary.lookup(word)]
    covered = len(words) - len(missed)
    print(f"load (fresh process, median of {RUNS}): {statistics.median(loads) * 1000:.0f} ms")
    print(
        f"look-ups: {len(words)} words in {elapsed * 1000:.0f} ms, "
        f"{len(words) / elapsed:,.0f} a second, slowest {slowest * 1000:.2f} ms "
        f"(target under {TARGET_LOOKUP_MS:.0f} ms)"
    )
    print(
        f"memory added: {held / 1e6:.1f} MB held (peak {peak / 1e6:.1f} MB while loading), "
        f"resident set +{rss_added / 1024:.1f} MiB"
    )
    print(
        f"coverage: {covered} of {len(words)} Arabic words ({covered / len(words):.1%}) "
        "have an analysis"
    )
    for word in sorted(set(missed)):
        print(f"  missed: {word} ({missed.count(word)}x)")


if __name__ == "__main__":
    main()
