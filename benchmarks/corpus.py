"""Corpus and concordance figures, each beside its target, as `benchmarks/run.py` reports them.

    python benchmarks/corpus.py               # 1,000,000 pairs: about four minutes here
    python benchmarks/corpus.py --pairs 200000

It makes distinct sentence pairs from the bundled article's words and the glossary's terms
(a seeded random generator; the English is built alongside from the article's English words
and the terms' English), writes them as one TMX file, imports a tenth of them and then all of
them with `tui-reader corpus add` in child processes (for their time and peak memory), and
queries the result. Everything lives in a temporary folder, deleted at the end. It always
exits 0: it is a report, not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from run import Row, isolate_user_data, machine, print_table  # noqa: E402

PHRASE = "تمويل الإرهاب"
SEED = 2019
_WORD = re.compile(r"[\w\u0600-\u06ff]+")


def vocabulary() -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """The article's Arabic and English words, and the glossary's (Arabic, English) terms."""
    from tui_reader.core import library
    from tui_reader.core.glossary import load_glossary
    from tui_reader.paths import bundled_glossary_path

    text = library.open_text(library.DEFAULT_TEXT_ID)
    arabic = sorted({w for s in text for w in _WORD.findall(s.ar) if not w.isdigit()})
    english = sorted({w.lower() for s in text for w in _WORD.findall(s.en) if w.isalpha()})
    terms = [(e.ar, e.en) for e in load_glossary(bundled_glossary_path()).entries]
    return arabic, english, terms


def sentences(count: int) -> Iterator[tuple[str, str]]:
    """`count` distinct pairs: 5 to 14 article words with one or two glossary terms among
    them, and the English made the same way (the terms' English in the same order)."""
    arabic, english, terms = vocabulary()
    rng = random.Random(SEED)
    seen: set[str] = set()
    while len(seen) < count:
        chosen = rng.sample(terms, rng.choice((1, 1, 2)))
        words = rng.sample(arabic, rng.randint(5, 14))
        gloss = rng.sample(english, len(words))
        for term, en in chosen:
            at = rng.randint(0, len(words))
            words.insert(at, term)
            gloss.insert(min(at, len(gloss)), en)
        ar = " ".join(words) + "."
        if ar in seen:
            continue
        seen.add(ar)
        yield ar, (" ".join(gloss) + ".").capitalize()


def write_tmx(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header ')
        out.write('srclang="ar" datatype="plaintext" segtype="sentence" adminlang="en" ')
        out.write('creationtool="bench" creationtoolversion="1" o-tmf="bench"/><body>\n')
        for ar, en in sentences(count):
            out.write(
                f'<tu><tuv xml:lang="ar"><seg>{escape(ar)}</seg></tuv>'
                f'<tuv xml:lang="en"><seg>{escape(en)}</seg></tuv></tu>\n'
            )
        out.write("</body></tmx>\n")


def add_in_child(data: Path, tmx: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of `corpus add` in a fresh process with its own data folder."""
    probe = (
        "import sys, time\n"
        "sys.argv = ['tui-reader', 'corpus', 'add', sys.argv[1]]\n"
        "from tui_reader.cli import main\n"
        "from run import peak_rss_mb\n"
        "start = time.perf_counter()\n"
        "try:\n"
        "    main.main(prog_name='tui-reader')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(time.perf_counter() - start, peak_rss_mb())\n"
    )
    env = {**os.environ, "TUI_READER_DATA_DIR": str(data)}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO / "benchmarks")])
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmx)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    seconds, peak = done.stdout.split()[-2:]
    return float(seconds), float(peak)


def median_time(action: Callable[[], object], repeat: int) -> tuple[float, int]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), repeat


def toolkit_read(path: Path) -> int:
    from translate.storage.tmx import tmxfile

    with path.open("rb") as stream:
        store = tmxfile(stream, sourcelanguage="ar", targetlanguage="en")  # type: ignore[no-untyped-call]
    return sum(1 for unit in store.units if unit.source and unit.target)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    began = time.perf_counter()
    tenth = args.pairs // 10
    with tempfile.TemporaryDirectory(prefix="tui-reader-corpus-") as name:
        folder = Path(name)
        isolate_user_data(folder)
        print("building the TMX files...", file=sys.stderr)
        big, small = folder / "big.tmx", folder / "small.tmx"
        write_tmx(big, args.pairs)
        write_tmx(small, tenth)
        print(f"importing {tenth:,} pairs...", file=sys.stderr)
        small_time, small_peak = add_in_child(folder / "small-data", small)
        print(f"importing {args.pairs:,} pairs...", file=sys.stderr)
        big_time, big_peak = add_in_child(folder / "data", big)

        from tui_reader.core.corpus import (
            Cursor,
            Query,
            concordance,
            count,
            open_corpus,
            read_file,
        )

        store = open_corpus()
        pairs, size = store.size()
        print("querying...", file=sys.stderr)

        def phrase() -> None:
            concordance(store, Query(PHRASE))
            count(store, Query(PHRASE))

        def forms() -> None:
            # The first page of the forms alone (past the exact phrase's pairs).
            concordance(store, Query(PHRASE, forms=True), after=Cursor(1, -1))

        def english() -> None:
            concordance(store, Query("terrorist financing"))

        phrase()  # the first query reads the index from disk into the page cache
        query_time, runs = median_time(phrase, args.repeat)
        grep = ["grep", "-c", "-F", PHRASE, str(big)]
        grep_time, _ = median_time(lambda: subprocess.run(grep, capture_output=True), runs)
        forms_time, _ = median_time(forms, runs)
        english_time, _ = median_time(english, runs)
        found = count(store, Query(PHRASE))
        store.close()

        read_time, _ = median_time(lambda: sum(1 for _ in read_file(small)), 1)
        toolkit_time, _ = median_time(lambda: toolkit_read(small), 1)
        per_100k = small_time * 100_000 / tenth
        tmx_bytes = big.stat().st_size
        idle = float(
            subprocess.run(
                [sys.executable, "-c", "import sys; sys.path.insert(0, 'benchmarks');"
                 "import tui_reader.cli; from run import peak_rss_mb; print(peak_rss_mb())"],
                capture_output=True, text=True, cwd=REPO, check=True,
                env={**os.environ, "PYTHONPATH": str(REPO / "src")},
            ).stdout
        )  # fmt: skip

    ms = 1000
    rows = [
        Row(f"c1. phrase, first page + count, {pairs:,} pairs vs grep -c", query_time * ms,
            grep_time * ms, "ms", "< 100 ms, ratio <= 1.0",
            query_time < 0.1 and query_time <= grep_time, runs),
        Row("c2. forms of the phrase, first page vs c1", forms_time * ms, query_time * ms, "ms",
            "report", None, runs),
        Row("c3. English phrase, first page vs c1", english_time * ms, query_time * ms, "ms",
            "report", None, runs),
        Row(f"c4. import per 100k pairs ({tenth:,} imported) vs a minute", per_100k, 60, "s",
            "ratio <= 0.5", per_100k <= 30),
        Row(f"c5. import {args.pairs:,} pairs vs {tenth:,}", big_time, small_time, "s",
            "report", None),
        Row(f"c6. peak RSS importing {args.pairs:,} vs {tenth:,} pairs", big_peak, small_peak,
            "MB", "ratio <= 1.2 (streamed)", big_peak <= 1.2 * small_peak),
        Row("c7. peak RSS importing vs the CLI at rest", big_peak, idle, "MB", "report", None),
        Row("c8. index: bytes per pair vs TMX bytes per pair", size / pairs, tmx_bytes / pairs,
            "B", "report", None),
        Row(f"c9. reading the {tenth:,}-pair TMX: iterparse vs translate-toolkit", read_time,
            toolkit_time, "s", "report", None),
    ]  # fmt: skip
    print(
        f"inputs: {pairs:,} distinct pairs ({args.pairs:,} generated), TMX {tmx_bytes:,} bytes; "
        f"corpus {size:,} bytes; '{PHRASE}' in {found:,} pairs (counted up to 10,001)"
    )
    print()
    print_table(rows)
    print()
    print("\n".join(machine()))
    print(f"total time: {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
