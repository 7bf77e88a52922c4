"""Page-down on a book draws some six segments the reader never drew before (issue 22, row
2a). Their rows reach Textual with their cells known, so Rich does not count their letters
again, and what is drawn is what Rich would have made of it; and they are laid out in a thread
while the reader reads the page before, and drawn as if laid out on the key."""

from __future__ import annotations

import pytest
from rich.segment import Segment as RichSegment
from textual import strip as strip_module
from textual.strip import Strip

from tui_reader.core import library
from tui_reader.core.rows import measure
from tui_reader.core.text import Segment, Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.widgets.parallel import ParallelView

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


def _measured(strip: Strip) -> int:
    """The cells of a strip as Rich counts its segments."""
    return Strip(list(strip)).cell_length


@pytest.mark.parametrize("size", [(120, 40), (80, 30)])  # side by side, and stacked
async def test_a_new_page_is_drawn_without_counting_its_cells_again(
    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        counted = 0
        count = strip_module.get_line_length

        def counting(segments: object) -> int:
            nonlocal counted
            counted += 1
            return count(segments)  # type: ignore[arg-type]

        view._row_cache.clear()
        monkeypatch.setattr(strip_module, "get_line_length", counting)
        rows = [view.render_line(y) for y in range(view.size.height)]
        assert counted == 0
        monkeypatch.undo()
        width = view.scrollable_content_region.width
        assert all(row.cell_length == _measured(row) == width for row in rows)


async def test_a_row_rich_would_count_otherwise_is_cut_to_the_view() -> None:
    """A variation selector after an emoji, and a character wider than its pane: the row is
    made as wide as the view by Rich's count, as before."""
    text = Text(
        id="odd",
        title_ar="",
        title_en="",
        segments=(
            Segment(id="s1", ar="\u263a\ufe0f " * 30, en="\u263a\ufe0f" * 50),
            Segment(id="s2", ar="\u0628", en="\u4e2d"),
        ),
    )
    app = ReaderApp(text)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        width = view.scrollable_content_region.width
        rows = [view.render_line(y) for y in range(view.size.height)]
        assert all(row.cell_length == _measured(row) == width for row in rows)


def _long_text() -> Text:
    """The article three times over: pages enough to page down through."""
    segments = [
        Segment(id=f"s{n}", ar=segment.ar, en=segment.en)
        for n, segment in enumerate(ARTICLE.segments * 3)
    ]
    return Text(id="long", title_ar="", title_en="", segments=tuple(segments))


def _shown_keys(view: ParallelView) -> set[tuple[object, ...]]:
    """The keys of the rows on screen, as `render_line` keeps them."""
    frame = view._frame_now()
    keys: set[tuple[object, ...]] = set()
    for y in range(view.scrollable_content_region.height):
        found = view.rows.locate(y + int(view.scroll_y))
        assert found is not None
        keys.add((*found, frame, view._marks(found[0])))
    return keys


def _laying_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the thread of every segment laid out (by the rows, or ahead by the view)."""
    import threading

    from tui_reader.core import rows as rows_module

    threads: list[str] = []
    lay_out = rows_module.lay_out

    def recording(*args: object) -> object:
        loop = threading.current_thread() is threading.main_thread()
        threads.append("loop" if loop else "thread")
        return lay_out(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(rows_module, "lay_out", recording)
    return threads


async def test_after_a_page_down_the_next_page_is_laid_out_while_the_reader_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = ReaderApp(_long_text())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        threads = _laying_out(monkeypatch)
        await pilot.press("pagedown")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "thread" in threads
        threads.clear()
        await pilot.press("pagedown")
        await pilot.pause()
        assert "loop" not in threads


async def test_a_page_laid_out_ahead_is_drawn_as_one_laid_out_on_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages: list[list[list[RichSegment]]] = []
    for ahead in (True, False):
        if not ahead:
            monkeypatch.setattr(ParallelView, "_lay_out_ahead", lambda self: None)
        app = ReaderApp(_long_text())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            # The first run left its reading position behind.
            await pilot.press("home")
            for _ in range(3):
                await pilot.press("pagedown")
                await pilot.pause()
                await app.workers.wait_for_complete()
            view = app.screen.query_one(ParallelView)
            pages.append([list(view.render_line(y)) for y in range(view.size.height)])
    # Letters and styles alike: the current segment, the terms and the words' statuses.
    assert pages[0] == pages[1]
    assert any("".join(segment.text for segment in line).strip() for line in pages[0])


async def test_the_page_below_is_drawn_while_the_reader_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once the page below is laid out, its rows are drawn too, with the segment the key
    will make current marked so: the page-down draws none, as on a page it showed before."""
    app = ReaderApp(_long_text())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("pagedown")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        drawn: list[tuple[object, ...]] = []
        draw_row = ParallelView._draw_row

        def drawing(self: ParallelView, *key: object) -> object:
            drawn.append(key)
            return draw_row(self, *key)  # type: ignore[arg-type]

        monkeypatch.setattr(ParallelView, "_draw_row", drawing)
        await pilot.press("pagedown")
        await pilot.pause()
        height = view.scrollable_content_region.height
        rows = _shown_keys(view)
        shown = [list(view.render_line(y)) for y in range(height)]
        # The page after this one is drawn ahead in its turn (the rows it shares with this
        # one with other marks): none of the rows shown.
        assert not rows & set(drawn)
        view._row_cache.clear()
        assert [list(view.render_line(y)) for y in range(height)] == shown
        assert rows <= set(drawn)


async def test_the_page_below_is_drawn_in_a_thread_and_measured_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rows of the page below are drawn in the thread that laid them out, not on the
    loop, and their cells counted there as Rich counts them: on the key, the compositor
    cutting each row at the scrollbar measures none of them again."""
    import threading

    from rich import cells

    from tui_reader.ui.widgets import painting, parallel

    painted: list[bool] = []
    paint_row = painting.paint_row

    def recording(*args: object) -> object:
        painted.append(threading.current_thread() is threading.main_thread())
        return paint_row(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "paint_row", recording)
    measured: set[str] = set()
    cell_len = cells._cell_len

    def measuring(text: str, *args: object) -> int:
        measured.add(text)
        return cell_len(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(cells, "_cell_len", measuring)
    app = ReaderApp(_long_text())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        view = app.screen.query_one(ParallelView)
        cells.cached_cell_len.cache_clear()
        await pilot.press("pagedown")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        painted.clear()
        measured.clear()
        await pilot.press("pagedown")
        await pilot.pause()
        shown = {
            segment.text
            for y in range(view.scrollable_content_region.height)
            for segment in view.render_line(y)
        }
        assert any(not on_loop for on_loop in painted)
        assert shown and not shown & measured


async def test_rows_drawn_ahead_while_the_styles_change_are_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A change of theme or CSS while the thread draws the page below: those rows have the
    old styles, and the page-down must draw them again rather than show them."""
    import threading

    from tui_reader.ui.widgets import painting, parallel

    release, waiting = threading.Event(), threading.Event()
    paint_row = painting.paint_row

    def held(*args: object) -> object:
        if threading.current_thread() is not threading.main_thread():
            waiting.set()
            release.wait(5)
        return paint_row(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "paint_row", held)
    app = ReaderApp(_long_text())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        view = app.screen.query_one(ParallelView)
        await pilot.press("pagedown")
        await pilot.pause()
        for _ in range(500):
            if waiting.is_set():
                break
            await pilot.pause(0.01)
        assert waiting.is_set()
        view.notify_style_update()
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert set(view._row_cache.keys()) <= _shown_keys(view)


async def test_reading_on_through_a_book_keeps_what_the_collector_walks_bounded() -> None:
    """Every page of a book draws rows never drawn before: the rows and laid-out segments
    kept must stop growing after a dozen screens, or each page-down's collections walk more
    (150,000 objects after a hundred pages, when 4,096 rows were kept)."""
    import gc

    segments = [
        Segment(id=f"s{n}", ar=segment.ar, en=segment.en)
        for n, segment in enumerate(ARTICLE.segments * 30)
    ]
    text = Text(id="book", title_ar="", title_en="", segments=tuple(segments))
    app = ReaderApp(text)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()

        async def tracked_after(pages: int) -> int:
            for _ in range(pages):
                await pilot.press("pagedown")
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            gc.collect()
            return len(gc.get_objects())

        after_sixty = await tracked_after(60)
        after_hundred = await tracked_after(40)
        view = app.screen.query_one(ParallelView)
        assert view.segment_at(int(view.scroll_y)) > 250
        assert after_hundred - after_sixty < 1_000, (after_sixty, after_hundred)


async def test_a_page_drawn_long_ago_is_kept_until_the_key_that_shows_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading a book a second time: the rows of the page below may still be kept from the
    first reading, the oldest of those kept. The page-down must find them, not find them
    let go (for the rows drawn since) and draw the whole page on the key."""
    from tui_reader.ui.widgets import parallel

    # Five screens: the second reading finds the page below among the oldest rows kept.
    monkeypatch.setattr(parallel, "ROWS_KEPT", 200)
    app = ReaderApp(_long_text())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        view = app.screen.query_one(ParallelView)
        drawn_on_key: list[int] = []
        draw_row = ParallelView._draw_row
        drawing = [0]

        def counting(self: ParallelView, *key: object) -> object:
            drawing[0] += 1
            return draw_row(self, *key)  # type: ignore[arg-type]

        monkeypatch.setattr(ParallelView, "_draw_row", counting)
        for _ in range(2):
            await pilot.press("home")
            await pilot.pause()
            await app.workers.wait_for_complete()
            for _ in range(4):
                await pilot.pause()
                drawing[0] = 0
                await pilot.press("pagedown")
                await pilot.pause()
                drawn_on_key.append(drawing[0])
                await app.workers.wait_for_complete()
                await pilot.pause()
        assert view.current > 0
        # The first page-down of each reading draws its page: nothing was drawn ahead.
        assert drawn_on_key[1:4] == drawn_on_key[5:8] == [0, 0, 0]


async def test_the_thread_for_the_page_below_is_started_without_writing_out_its_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual describes a worker by the `repr` of its arguments unless told otherwise: the
    plan of a page (its rows, blocks and spans) took the loop two milliseconds a key."""
    from tui_reader.ui.widgets import parallel

    written: list[int] = []

    def writing(self: object) -> str:
        written.append(1)
        return "plan"

    monkeypatch.setattr(parallel._Plan, "__repr__", writing)
    drawn: list[int] = []
    drawn_ahead = ParallelView._drawn_ahead

    def filing(self: ParallelView, *args: object) -> None:
        drawn.append(1)
        drawn_ahead(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ParallelView, "_drawn_ahead", filing)
    app = ReaderApp(_long_text())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        view = app.screen.query_one(ParallelView)
        await pilot.press("pagedown")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.current > 0
        assert drawn and not written


async def test_segments_laid_out_ahead_before_they_are_measured_get_their_own_heights(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A book just opened has estimated heights beyond the first screens until a thread
    measures them all. The page below laid out meanwhile gives its segments their rows."""
    monkeypatch.setattr(ParallelView, "_measure", lambda self, geometry: None)
    segments = [
        Segment(id=f"s{n}", ar=segment.ar, en=segment.en)
        for n, segment in enumerate(ARTICLE.segments * 20)
    ]
    app = ReaderApp(Text(id="book", title_ar="", title_en="", segments=tuple(segments)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        geometry = view.rows.geometry
        assert geometry is not None
        wrong = [
            index
            for index, segment in enumerate(segments[:80])
            if view.rows.heights[index] != measure(segment, geometry)
        ]
        for _ in range(4):
            await pilot.press("pagedown")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        top = int(view.scroll_y)
        below = range(view.segment_at(top), view.segment_at(top + 2 * view.size.height) + 1)
        assert wrong and set(below) & set(wrong)
        assert [view.rows.heights[index] for index in below] == [
            measure(segments[index], geometry) for index in below
        ]


async def test_the_marks_of_the_page_below_are_styled_in_the_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The terms, notes, hits and words' statuses of a book's new page are made into styled
    spans where its rows are drawn, in the thread, not on the loop at the key."""
    import threading

    from tui_reader.ui.widgets import painting, parallel

    made_on_loop: list[bool] = []
    segment_spans = painting.segment_spans

    def making(*args: object) -> object:
        made_on_loop.append(threading.current_thread() is threading.main_thread())
        return segment_spans(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "segment_spans", making)
    app = ReaderApp(_long_text())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("pagedown")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        made_on_loop.clear()
        await pilot.press("pagedown")
        await pilot.pause()
        await app.workers.wait_for_complete()
        view = app.screen.query_one(ParallelView)
        assert view.statuses
        assert made_on_loop and not any(made_on_loop)
