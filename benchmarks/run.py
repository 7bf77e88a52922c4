"""Performance report for tui-reader: each figure against a reference measured in the same run.

Run from the repository root with the project's environment:

    python benchmarks/run.py              # the whole report, about three to four minutes
    python benchmarks/run.py --repeated   # the reader and search on the article repeated

It builds its inputs in a temporary folder (a 1 MB and a 10 MB Arabic book of distinct
paragraphs made from the Buckwalter lexicon, see book.py, imported as `tui-reader import`
does; and the bundled article repeated to 1 MB for the render rows), measures, and prints one
table: figure, measured, reference, ratio, target, PASS/FAIL. It always exits with status 0:
it is a report, not a test. See benchmarks/README.md for what each figure measures and why.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui_reader.core.text import Text

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

ONE_MB = 1_000_000
TEN_MB = 10_000_000
SIZE = (120, 40)
KEY_PRESSES = 10
FRAME_SETTLE = 0.15
"""Seconds left between two keys timed to their frame: the work a key starts after its frame
(the page below laid out in a thread and drawn) is done before the next."""
UNBOUND_KEY = "f20"
QUERY = "الإرهاب"
RENDER_WIDTH = 80
TARGET = 1.2
"""Of the reading screen's figures: a book against the article."""


# Results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    figure: str
    measured: float
    reference: float
    unit: str
    target: str
    passed: bool | None
    """None: reported only."""
    runs: int = 1

    @property
    def ratio(self) -> float:
        return self.measured / self.reference if self.reference > 0 else float("inf")


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:g} {unit}"


def print_table(rows: Sequence[Row]) -> None:
    header = ("figure", "measured", "reference", "ratio", "target", "result", "n")
    table = [header]
    for row in rows:
        result = "report" if row.passed is None else ("PASS" if row.passed else "FAIL")
        table.append(
            (
                row.figure,
                _fmt(row.measured, row.unit),
                _fmt(row.reference, row.unit),
                f"{row.ratio:.2f}",
                row.target,
                result,
                str(row.runs),
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for number, line in enumerate(table):
        cells = [
            cell.ljust(width) if i in (0, 4, 5) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))


# Timing -------------------------------------------------------------------------------------


@dataclass
class Timing:
    median: float
    runs: int


def clear_caches() -> None:
    """Empty tui-reader's caches (lru_caches and the lookup dicts filled as characters are
    met) and the heap, so each repetition starts as a fresh process would: the reader
    freezes the heap it starts with, which would keep the garbage of earlier runs."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("tui_reader") or module is None:
            continue
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
            elif isinstance(value, dict) and hasattr(type(value), "__missing__"):
                value.clear()
    gc.unfreeze()
    gc.collect()


def drop_text_cache() -> None:
    """Forget the parsed texts kept in the cache folder: the next load parses the YAML, as
    the first opening of a text does."""
    from tui_reader.paths import cache_dir

    shutil.rmtree(cache_dir(), ignore_errors=True)


def timed(
    action: Callable[[], object],
    repeat: int,
    budget: float,
    *,
    cold: bool = True,
    before: Callable[[], object] | None = None,
) -> Timing:
    """Median wall time of `action`: `repeat` runs, fewer when the first already eats much of
    `budget` seconds (at least one). `before` runs ahead of each, outside the clock."""
    samples: list[float] = []
    while True:
        if cold:
            clear_caches()
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
        if len(samples) >= repeat or sum(samples) + samples[0] > budget:
            return Timing(statistics.median(samples), len(samples))


def run_command(command: Sequence[str], *, ok: tuple[int, ...] = (0,)) -> None:
    completed = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO, check=False
    )
    if completed.returncode not in ok:
        message = completed.stderr.decode(errors="replace").strip()
        raise RuntimeError(f"{' '.join(command)} exited {completed.returncode}: {message}")


def timed_command(
    command: Sequence[str],
    repeat: int,
    budget: float,
    *,
    ok: tuple[int, ...] = (0,),
    before: Callable[[], object] | None = None,
) -> Timing:
    return timed(lambda: run_command(command, ok=ok), repeat, budget, cold=False, before=before)


# Inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    folder: Path
    kind: str
    """What the reader and search read: "book" (distinct paragraphs) or "repeated"."""
    text_1mb: Path
    text_10mb: Path
    saved_1mb: Text
    saved_10mb: Text
    book_plain: Path
    """The 1 MB book's Arabic, one paragraph a line: for render, the naive loop and fribidi."""
    article_plain: Path
    """The article repeated to 1 MB, one segment a line: the same, on paragraphs met again."""
    segments_1mb: int
    segments_10mb: int
    arabic_bytes_1mb: int
    arabic_bytes_10mb: int
    file_bytes_1mb: int
    file_bytes_10mb: int


def repeated_article(target_bytes: int) -> Text:
    from tui_reader.core.library import DEFAULT_TEXT_ID, open_text
    from tui_reader.core.text import Segment, Text

    article = open_text(DEFAULT_TEXT_ID)
    segments: list[Segment] = []
    size = copy = 0
    while size < target_bytes:
        copy += 1
        for segment in article.segments:
            segments.append(replace(segment, id=f"s{len(segments) + 1}"))
            size += len(segment.ar.encode("utf-8"))
    return Text(
        id=f"bench-{target_bytes // ONE_MB}mb",
        title_ar=article.title_ar,
        title_en=f"{article.title_en} (x{copy})",
        segments=tuple(segments),
        source=article.source,
        date=article.date,
        after=article.after,
    )


def book(target_bytes: int) -> tuple[Text, str]:
    """A book of distinct paragraphs cut into segments as `tui-reader import` cuts a file
    (sentences, aligned with the English), and its Arabic as a plain file would hold it."""
    from book import book_paragraphs

    from tui_reader.core.importer import build_text

    paragraphs = book_paragraphs(target_bytes)
    arabic = "".join(f"{ar}\n" for ar, _ in paragraphs)
    english = "".join(f"{en}\n" for _, en in paragraphs)
    text_id = f"bench-{target_bytes // ONE_MB}mb"
    text, _ = build_text(arabic, english, text_id, f"Book ({target_bytes:,} bytes)", "book.py")
    return text, arabic


def build_inputs(folder: Path, *, repeated: bool) -> Inputs:
    from tui_reader.core.library import save_text

    small_book, book_arabic = book(ONE_MB)
    article = repeated_article(ONE_MB)
    if repeated:
        small, large = article, repeated_article(TEN_MB)
    else:
        small, large = small_book, book(TEN_MB)[0]
    text_1mb, text_10mb = folder / "bench-1mb.yaml", folder / "bench-10mb.yaml"
    # As `tui-reader import` saves a text: with its parsed copy in the cache.
    save_text(small, text_1mb)
    save_text(large, text_10mb)
    book_plain = folder / "book-1mb.ar.txt"
    book_plain.write_text(book_arabic, encoding="utf-8")
    article_plain = folder / "article-1mb.ar.txt"
    article_plain.write_text("".join(s.ar + "\n" for s in article.segments), encoding="utf-8")
    return Inputs(
        folder=folder,
        kind="repeated" if repeated else "book",
        text_1mb=text_1mb,
        text_10mb=text_10mb,
        saved_1mb=small,
        saved_10mb=large,
        book_plain=book_plain,
        article_plain=article_plain,
        segments_1mb=len(small),
        segments_10mb=len(large),
        arabic_bytes_1mb=sum(len(s.ar.encode()) for s in small.segments),
        arabic_bytes_10mb=sum(len(s.ar.encode()) for s in large.segments),
        file_bytes_1mb=text_1mb.stat().st_size,
        file_bytes_10mb=text_10mb.stat().st_size,
    )


# 1 and 2: the reading screen ---------------------------------------------------------------


class LoopMeter:
    """Wall time the event loop spends running callbacks (tasks, timers, message handlers):
    the work done for a key, without the sleeps Pilot inserts while it waits for idle."""

    def __init__(self) -> None:
        self.busy = 0.0

    @contextmanager
    def installed(self) -> Iterator[LoopMeter]:
        handle_class: Any = asyncio.events.Handle
        original = handle_class._run
        meter = self

        def _run(handle: asyncio.Handle) -> None:
            start = time.perf_counter()
            try:
                original(handle)
            finally:
                meter.busy += time.perf_counter() - start

        handle_class._run = _run
        try:
            yield self
        finally:
            handle_class._run = original


@dataclass
class Session:
    first_paint: float
    page_down: list[float] = field(default_factory=list)
    next_segment: list[float] = field(default_factory=list)
    unbound: list[float] = field(default_factory=list)
    """A key nothing is bound to: the floor of the harness (Pilot, key dispatch)."""
    page_down_frame: list[float] = field(default_factory=list)
    """From a page-down sent as a terminal sends it to the end of the frame that shows it."""
    next_segment_frame: list[float] = field(default_factory=list)


@contextmanager
def paint_probe() -> Iterator[list[float]]:
    """Times at which a screen refresh that drew ParallelView lines completed."""
    from textual.screen import Screen

    from tui_reader.ui.widgets.parallel import ParallelView

    stamps: list[float] = []
    drew = [False]
    render_line = ParallelView.render_line
    refresh = Screen._compositor_refresh

    def probed_render_line(self: ParallelView, y: int) -> Any:
        drew[0] = True
        return render_line(self, y)

    def probed_refresh(self: Screen[Any]) -> None:
        refresh(self)
        if drew[0]:
            stamps.append(time.perf_counter())
            drew[0] = False

    ParallelView.render_line = probed_render_line  # type: ignore[method-assign]
    Screen._compositor_refresh = probed_refresh  # type: ignore[method-assign]
    try:
        yield stamps
    finally:
        ParallelView.render_line = render_line  # type: ignore[method-assign]
        Screen._compositor_refresh = refresh  # type: ignore[method-assign]


async def reading_session(reference: str, presses: int) -> Session:
    """Open a text as `tui-reader read` does (load included), headless at 120x40, until the
    first frame with the text is drawn; then time page-down and j, `presses` each."""
    from tui_reader.core.library import open_text
    from tui_reader.core.positions import positions_path
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.widgets.parallel import ParallelView

    positions_path().unlink(missing_ok=True)
    clear_caches()
    with paint_probe() as stamps:
        start = time.perf_counter()
        text = open_text(reference)
        app = ReaderApp(text)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            paused = time.perf_counter()
            view = app.screen.query_one(ParallelView)
            if not view.render_line(0).text.strip():
                raise RuntimeError(f"{reference}: the reading view drew nothing")
            session = Session((stamps[0] if stamps else paused) - start)
            if presses:
                await app.workers.wait_for_complete()
                await pilot.pause()
                meter = LoopMeter()

                async def loop_time(key: str) -> float:
                    meter.busy = 0.0
                    await pilot.press(key)
                    await pilot.pause()
                    return meter.busy

                async def to_frame(key: str) -> float:
                    return await key_to_frame(app, key, stamps)

                async def each_press(
                    key: str, samples: list[float], measure: Callable[[str], Awaitable[float]]
                ) -> None:
                    await pilot.press("home")
                    await pilot.pause()
                    for _ in range(presses):
                        if view.current >= len(text) - 1:
                            await pilot.press("home")
                            await pilot.pause()
                        samples.append(await measure(key))

                with meter.installed():
                    await each_press("pagedown", session.page_down, loop_time)
                    await each_press("j", session.next_segment, loop_time)
                    await each_press(UNBOUND_KEY, session.unbound, loop_time)
                await each_press("pagedown", session.page_down_frame, to_frame)
                await each_press("j", session.next_segment_frame, to_frame)
    return session


async def key_to_frame(app: Any, key: str, stamps: list[float]) -> float:
    """Seconds from `key`, sent to the app as a terminal's input is, to the end of the first
    frame that draws the reading view; then the app is left to finish (the page below laid
    out and drawn ahead) before the next key, as a reader reads. No Pilot: its own waiting
    (a callback on every widget, twice a press) is row 2c's floor, not the reader's work."""
    from textual import events

    await asyncio.sleep(FRAME_SETTLE)
    event = events.Key(key, None)
    event.set_sender(app)
    drawn = len(stamps)
    sent = time.perf_counter()
    app._driver.send_message(event)
    while len(stamps) == drawn:
        if time.perf_counter() - sent > 5:
            raise RuntimeError(f"{key}: no frame drew the reading view within 5 s")
        await asyncio.sleep(0.001)
    return stamps[drawn] - sent


def reading_sessions(
    reference: str,
    repeat: int,
    budget: float,
    *,
    presses: int = KEY_PRESSES,
    before: Callable[[], object] | None = None,
) -> list[Session]:
    sessions: list[Session] = []
    spent = 0.0
    while len(sessions) < repeat and (not sessions or spent + spent / len(sessions) < budget):
        if before is not None:
            before()
        start = time.perf_counter()
        sessions.append(asyncio.run(reading_session(reference, presses)))
        spent += time.perf_counter() - start
    return sessions


def reader_rows(inputs: Inputs, repeat: int) -> list[Row]:
    from tui_reader.core.library import DEFAULT_TEXT_ID, save_text

    def imported() -> None:
        drop_text_cache()
        save_text(inputs.saved_1mb, inputs.text_1mb)

    asyncio.run(reading_session(DEFAULT_TEXT_ID, 0))  # warm-up: Textual's own first-run costs
    article = reading_sessions(DEFAULT_TEXT_ID, repeat, budget=40)
    big = reading_sessions(str(inputs.text_1mb), repeat, budget=60)
    runs = min(len(article), len(big))
    reference = statistics.median(s.first_paint for s in article)
    path = str(inputs.text_1mb)
    after_import = reading_sessions(path, repeat, budget=20, presses=0, before=imported)
    first = reading_sessions(path, repeat, budget=20, presses=0, before=drop_text_cache)
    rows: list[Row] = []
    for label, sessions, target in (
        ("1. first paint, 1 MB vs article", big, True),
        ("1a. first paint, 1 MB just imported", after_import, True),
        ("1b. first paint, 1 MB, no parsed copy", first, False),
    ):
        measured = statistics.median(s.first_paint for s in sessions)
        count = min(len(sessions), len(article))
        goal = f"ratio <= {TARGET}" if target else "report"
        passed = measured / reference <= TARGET if target else None
        rows.append(Row(label, measured, reference, "s", goal, passed, count))
    figures: list[tuple[str, Callable[[Session], list[float]], str]] = [
        ("2a. page-down per key", lambda s: s.page_down, "ratio"),
        ("2b. j (next segment) per key", lambda s: s.next_segment, "ratio"),
        (f"2c. unbound key ({UNBOUND_KEY}): harness floor", lambda s: s.unbound, "report"),
        ("2d. page-down, key to frame", lambda s: s.page_down_frame, "absolute"),
        ("2e. j, key to frame", lambda s: s.next_segment_frame, "absolute"),
    ]
    for label, pick, target in figures:
        measured = 1000 * statistics.median(x for s in big for x in pick(s))
        reference = 1000 * statistics.median(x for s in article for x in pick(s))
        row = Row(label, measured, reference, "ms", "report", None, runs)
        if target == "ratio":
            row = replace(row, target=f"ratio <= {TARGET}", passed=row.ratio <= TARGET)
        elif target == "absolute":
            row = replace(row, target="< 16 ms", passed=measured < 16)
        rows.append(row)
    return rows


# 3: render ----------------------------------------------------------------------------------

NAIVE_RENDER = """
import sys
import arabic_reshaper
from bidi import get_display
with open(sys.argv[1], encoding="utf-8") as stream:
    out = [get_display(arabic_reshaper.reshape(line.rstrip("\\n"))) for line in stream]
sys.stdout.write("\\n".join(out))
"""


def naive_render(path: Path) -> str:
    import arabic_reshaper
    from bidi import get_display

    with path.open(encoding="utf-8") as stream:
        return "\n".join(get_display(arabic_reshaper.reshape(line.rstrip("\n"))) for line in stream)


NOTES: list[str] = []
"""Lines printed after the table (throughput)."""


@contextmanager
def without_fribidi() -> Iterator[None]:
    """The pure Python pipeline, as where GNU FriBidi's library is not installed."""
    from tui_reader.core import fribidi

    os.environ[fribidi.SWITCH] = "off"
    fribidi._library.cache_clear()
    try:
        yield
    finally:
        del os.environ[fribidi.SWITCH]
        fribidi._library.cache_clear()


def render_rows(inputs: Inputs, repeat: int) -> list[Row]:
    from tui_reader.core.display import layout, render_lines

    python = sys.executable
    gnu = shutil.which("fribidi")
    if gnu is None:
        print("note: the fribidi command is not installed; its rows are left out", file=sys.stderr)
    rows: list[Row] = []
    for name, plain, letters in (
        ("book", inputs.book_plain, "abc"),
        ("article x N", inputs.article_plain, "def"),
    ):
        paragraphs = plain.read_text(encoding="utf-8").splitlines()
        cells = sum(line.width for text in paragraphs for line in layout(text, RENDER_WIDTH))

        def lines_only(paragraphs: list[str] = paragraphs) -> None:
            for text in paragraphs:
                render_lines(text, RENDER_WIDTH)

        def layout_only(paragraphs: list[str] = paragraphs) -> None:
            for text in paragraphs:
                layout(text, RENDER_WIDTH)

        naive = timed(lambda plain=plain: naive_render(plain), repeat, 15)
        core = timed(lines_only, repeat, 15)
        laid = timed(layout_only, repeat, 30)
        command = [python, "-m", "tui_reader", "render", str(plain), "--width", str(RENDER_WIDTH)]
        sub = timed_command(command, repeat, 25)
        naive_sub = timed_command([python, "-c", NAIVE_RENDER, str(plain)], repeat, 15)
        a, b, c = letters
        target = 0.5 if name == "book" else 1.0
        rows.append(
            Row(f"3{a}. render {name}, subprocess vs naive", sub.median, naive_sub.median, "s",
                f"ratio <= {target}", sub.median <= target * naive_sub.median,
                min(sub.runs, naive_sub.runs))
        )  # fmt: skip
        if gnu is not None:
            reference = timed_command([gnu, "--width", str(RENDER_WIDTH), str(plain)], repeat, 10)
            rows.append(
                Row(f"3{b}. render {name}, subprocess vs fribidi", sub.median, reference.median,
                    "s", "ratio <= 5" if name == "book" else "report",
                    sub.median <= 5 * reference.median if name == "book" else None,
                    min(sub.runs, reference.runs))
            )  # fmt: skip
        rows.append(
            Row(f"3{c}. render_lines {name} (no load) vs naive", core.median, naive.median, "s",
                "report", None, min(core.runs, naive.runs))
        )  # fmt: skip
        NOTES.append(
            f"{name}: {cells:,} cells at width {RENDER_WIDTH}; render_lines "
            f"{cells / core.median / 1e6:.2f} M cells/s, layout {cells / laid.median / 1e6:.2f} "
            f"M cells/s, naive loop {cells / naive.median / 1e6:.2f} M cells/s"
        )
    with without_fribidi():
        command = [python, "-m", "tui_reader", "render", str(inputs.book_plain), "--width", "80"]
        pure = timed_command(command, repeat, 25)
    naive_sub = timed_command([python, "-c", NAIVE_RENDER, str(inputs.book_plain)], repeat, 15)
    rows.append(
        Row("3g. render book without libfribidi vs naive", pure.median, naive_sub.median, "s",
            "report", None, min(pure.runs, naive_sub.runs))
    )  # fmt: skip
    return rows


# 4: glossary matching and search ------------------------------------------------------------

NAIVE_SEARCH = """
import sys
with open(sys.argv[1], encoding="utf-8") as stream:
    print(stream.read().count(sys.argv[2]))
"""


def search_rows(inputs: Inputs, repeat: int) -> list[Row]:
    from tui_reader.core.glossary import load_glossary
    from tui_reader.core.library import open_text
    from tui_reader.core.search import Query, TextIndex, search
    from tui_reader.paths import bundled_glossary_path

    glossary = load_glossary(bundled_glossary_path())
    small = open_text(str(inputs.text_1mb))
    joined_small = "\n".join(segment.ar for segment in small.segments)
    forms = [form for entry in glossary.entries for form in entry.arabic_forms]

    def match_all() -> None:
        for segment in small.segments:
            glossary.find(segment.ar)

    matched = timed(match_all, repeat, 20)
    scanned = timed(lambda: sum(joined_small.count(form) for form in forms), repeat, 5)

    large = open_text(str(inputs.text_10mb))
    joined_large = "\n".join(segment.ar for segment in large.segments)
    query = Query(QUERY)
    found = timed(lambda: search(query, [large]), repeat, 20)
    counted = timed(lambda: joined_large.count(QUERY), repeat, 5)
    # What the reader does as the user types: the text is folded once (in a worker) and
    # every query after the first runs on that index.
    indexes = {large.id: TextIndex.build(large)}
    indexed = timed(lambda: search(query, [large], indexes=indexes), repeat, 20)

    python = sys.executable
    command = [python, "-m", "tui_reader", "search", QUERY, "--text", str(inputs.text_10mb)]
    cli = timed_command(command, repeat, 20, ok=(0, 1))
    from tui_reader.core.library import add_text, save_text

    def imported() -> None:
        # As `tui-reader import` leaves it: the text in the library, its parsed copy kept and
        # its segments indexed; the cache folder (and so the index) emptied first.
        drop_text_cache()
        save_text(inputs.saved_10mb, inputs.text_10mb)
        add_text(inputs.saved_10mb, replace=True)

    # Every text of the library (the bundled article and the 10 MB book): from the index.
    everywhere = [python, "-m", "tui_reader", "search", QUERY]
    after_import = timed_command(everywhere, repeat, 20, ok=(0, 1), before=imported)
    uncached = timed_command(command, min(repeat, 2), 30, ok=(0, 1), before=drop_text_cache)
    naive_cli = timed_command([python, "-c", NAIVE_SEARCH, str(inputs.text_10mb), QUERY], repeat, 5)
    shelf = library_rows(inputs, repeat, indexed, everywhere)
    return [
        Row("4a. glossary find, 1 MB vs str.count/term", matched.median, scanned.median, "s",
            "report", None, min(matched.runs, scanned.runs)),
        Row("4b. search() 10 MB vs str.count", found.median, counted.median, "s", "< 0.5 s",
            found.median < 0.5, min(found.runs, counted.runs)),
        Row("4c. search CLI 10 MB vs python count", cli.median, naive_cli.median, "s",
            "< 0.5 s", cli.median < 0.5, min(cli.runs, naive_cli.runs)),
        Row("4d. search() 10 MB, indexed, vs str.count", indexed.median, counted.median, "s",
            "< 0.5 s", indexed.median < 0.5, min(indexed.runs, counted.runs)),
        Row("4e. search CLI 10 MB just imported", after_import.median, naive_cli.median, "s",
            "< 0.5 s", after_import.median < 0.5, min(after_import.runs, naive_cli.runs)),
        Row("4f. search CLI 10 MB, no parsed copy", uncached.median, naive_cli.median, "s",
            "report", None, min(uncached.runs, naive_cli.runs)),
        *shelf,
    ]  # fmt: skip


LIBRARY_BOOKS = 10
LIBRARY_BOOK_BYTES = 6_000_000
"""Arabic of each book of that library: with its English, a text file of about 10 MB, so
about 100 MB in all."""


def library_rows(
    inputs: Inputs, repeat: int, one_text: Timing, command: Sequence[str]
) -> list[Row]:
    """'All texts' over a library of distinct books (seeds 1 to LIBRARY_BOOKS), each imported
    as `tui-reader import` does (saved, then indexed): search from the index, in process and
    as the CLI, against searching one open text (row 4d)."""
    from book import book_paragraphs

    from tui_reader.core.importer import build_text
    from tui_reader.core.library import add_text, save_text
    from tui_reader.core.notes import NoteStore
    from tui_reader.core.search import Query, ordered
    from tui_reader.core.text_index import INDEX_FILE, library_hits
    from tui_reader.paths import cache_dir, user_texts_dir

    # Row 4f emptied the cache folder, and the index with it: the 10 MB book goes back in as an
    # import leaves it, or the first timed search would index it (12 s), not search.
    add_text(inputs.saved_10mb, replace=True)
    saving = importing = 0.0
    for seed in range(1, LIBRARY_BOOKS + 1):
        paragraphs = book_paragraphs(LIBRARY_BOOK_BYTES, seed)
        text, _ = build_text(
            "".join(f"{ar}\n" for ar, _ in paragraphs),
            "".join(f"{en}\n" for _, en in paragraphs),
            f"shelf-{seed}",
            f"Book {seed}",
            "book.py",
        )
        # The indexing is what an import takes beyond saving the same text elsewhere.
        start = time.perf_counter()
        save_text(text, inputs.folder / "saved-alone.yaml")
        saving += time.perf_counter() - start
        start = time.perf_counter()
        add_text(text, replace=True)
        importing += time.perf_counter() - start
    text_bytes = sum(path.stat().st_size for path in user_texts_dir().glob("*.yaml"))
    index_bytes = sum(path.stat().st_size for path in cache_dir().glob(f"{INDEX_FILE}*"))
    query = Query(QUERY)

    def everything() -> None:
        found = library_hits(query, NoteStore.open)
        assert found is not None
        ordered(found)

    shelf = timed(everything, repeat, 20)
    shelf_regex = timed(lambda: library_hits(Query(QUERY + "?", regex=True)), min(repeat, 2), 30)
    cli = timed_command(command, repeat, 20, ok=(0, 1))
    megabytes = text_bytes / ONE_MB
    NOTES.append(
        f"library of {LIBRARY_BOOKS} books: {megabytes:,.0f} MB of text files; index "
        f"{index_bytes / ONE_MB:,.0f} MB ({index_bytes / text_bytes:.2f} bytes per byte of "
        f"text); indexing {1000 * (importing - saving) / megabytes:.0f} ms per MB (an import, "
        f"saving included: {1000 * importing / megabytes:.0f} ms per MB)"
    )
    size = f"{megabytes:,.0f} MB"
    return [
        Row(f"4g. all texts, {size} library, vs 4d", shelf.median, one_text.median, "s",
            "< 0.2 s, <= 4d", shelf.median < 0.2 and shelf.median <= one_text.median,
            min(shelf.runs, one_text.runs)),
        Row(f"4h. search CLI, all texts, {size} library", cli.median, one_text.median, "s",
            "< 0.5 s", cli.median < 0.5, cli.runs),
        Row(f"4i. all texts, {size} library, regex", shelf_regex.median, one_text.median, "s",
            "report", None, shelf_regex.runs),
    ]  # fmt: skip


# 5: memory ----------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident set size. On Linux, VmHWM: ru_maxrss would also count the
    parent's RSS at fork time, which a child inherits across exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


async def memory_probe(kind: str, path: str) -> float:
    """Peak RSS (MB) of this process after opening the reader (or an empty app) headless."""
    from textual.app import App

    app: App[Any]
    if kind == "reader":
        from tui_reader.core.library import open_text
        from tui_reader.ui.app import ReaderApp

        app = ReaderApp(open_text(path))
    else:
        app = App()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    return peak_rss_mb()


def memory_rows(inputs: Inputs) -> list[Row]:
    def child(kind: str) -> float:
        command = [sys.executable, __file__, "--memory-probe", kind, str(inputs.text_1mb)]
        output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
        return float(output.stdout.strip().splitlines()[-1])

    from tui_reader.core.library import save_text

    # First opening after an import: the parsed copy is there, the words are looked up (the
    # lexicon read) and kept. Row 4f emptied the cache folder: saved again, as an import does.
    drop_text_cache()
    save_text(inputs.saved_1mb, inputs.text_1mb)
    first = child("reader")
    # Every opening after that reads the words back.
    reader, empty = child("reader"), child("empty")
    return [
        Row("5. peak RSS, 1 MB opened again vs empty app", reader, empty, "MB", "ratio <= 2",
            reader / empty <= 2),
        Row("5a. peak RSS, 1 MB first opened vs empty app", first, empty, "MB", "report", None),
    ]  # fmt: skip


# Main ---------------------------------------------------------------------------------------


def machine() -> list[str]:
    import textual
    import yaml

    return [
        f"platform: {platform.platform()} ({platform.machine()})",
        f"CPUs: {os.cpu_count()}",
        f"Python: {platform.python_implementation()} {platform.python_version()}",
        f"textual {textual.__version__}, PyYAML {yaml.__version__} "
        f"(libyaml {'available' if yaml.__with_libyaml__ else 'missing'})",
    ]


def isolate_user_data(folder: Path) -> None:
    """Positions, notes and config of this run go to the temporary folder, never the user's."""
    os.environ["TUI_READER_DATA_DIR"] = str(folder / "data")
    os.environ["TUI_READER_CONFIG_DIR"] = str(folder / "config")
    os.environ["TUI_READER_CACHE_DIR"] = str(folder / "cache")
    for name in ("TUI_READER_BIDI", "TUI_READER_THEME", "TUI_READER_LAYOUT"):
        os.environ.pop(name, None)
    # Subprocesses keep their bytecode, as a user's Python does: with it forbidden, every run
    # would compile tui-reader from source, while the references' packages come compiled by
    # pip.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument(
        "--repeated",
        action="store_true",
        help="the reader and search on the bundled article repeated, not a book",
    )
    parser.add_argument("--memory-probe", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_probe:
        print(f"{asyncio.run(memory_probe(*args.memory_probe)):.3f}")
        return 0

    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tui-reader-bench-") as name:
        folder = Path(name)
        isolate_user_data(folder)
        print("building inputs...", file=sys.stderr)
        inputs = build_inputs(folder, repeated=args.repeated)
        rows: list[Row] = []
        steps: list[tuple[str, Callable[[], list[Row]]]] = [
            ("reading screen", lambda: reader_rows(inputs, args.repeat)),
            ("render", lambda: render_rows(inputs, args.repeat)),
            ("glossary and search", lambda: search_rows(inputs, args.repeat)),
            ("memory", lambda: memory_rows(inputs)),
        ]
        for title, step in steps:
            print(f"measuring: {title}...", file=sys.stderr)
            rows.extend(step())
    print(
        f"inputs: 1 MB text = {inputs.segments_1mb:,} segments, {inputs.arabic_bytes_1mb:,} "
        f"bytes of Arabic, YAML file {inputs.file_bytes_1mb:,} bytes; 10 MB text = "
        f"{inputs.segments_10mb:,} segments, {inputs.arabic_bytes_10mb:,} bytes of Arabic, "
        f"YAML file {inputs.file_bytes_10mb:,} bytes"
        f" ({'the article repeated' if args.repeated else 'a book of distinct paragraphs'})"
    )
    print()
    print_table(rows)
    print()
    print("\n".join(NOTES))
    print()
    print("\n".join(machine()))
    print(f"total time: {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
