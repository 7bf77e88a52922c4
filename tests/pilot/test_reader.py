"""The reading screen as a user drives it: keys, clicks, resizes, restarts."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import HelpPanel, Label

from tui_reader.config import Config
from tui_reader.core import library
from tui_reader.core.display import render_lines
from tui_reader.core.positions import load_positions
from tui_reader.core.rows import ARABIC_INSET, GUTTER, NO_ENGLISH
from tui_reader.core.text import Segment, Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.reader import POSITION_SAVE_DELAY
from tui_reader.ui.widgets.parallel import TOO_SMALL, ParallelView


def _article() -> Text:
    return library.open_text(library.DEFAULT_TEXT_ID)


def _view(app: ReaderApp) -> ParallelView:
    return app.screen.query_one(ParallelView)


def _rows(app: ReaderApp) -> list[str]:
    view = _view(app)
    return [view.render_line(y).text for y in range(view.size.height)]


def _status(app: ReaderApp) -> str:
    return str(app.screen.query_one("#status-position", Label).render())


async def test_opens_on_the_first_segment_with_arabic_beside_english() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = _view(app)
        assert view.current == 0 and view.side_by_side
        assert "segment  1/17 ·   6%" in _status(app)
        rows = _rows(app)
        assert view.rows.geometry is not None and app.text is not None
        _, _, english_width, arabic_width, _ = view.rows.geometry
        expected = render_lines(app.text.segments[0].ar, arabic_width)[0]
        first = rows[0]
        assert first.startswith(" Qatar among the foremost")
        english, arabic = first.split(GUTTER)
        assert arabic == expected + " " * (ARABIC_INSET + 1)
        assert len(english) == english_width + 1


async def test_keys_move_by_segment_and_keep_it_in_view() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        view = _view(app)
        await pilot.press("j", "down", "j")
        assert view.current == 3
        await pilot.press("k")
        assert view.current == 2
        await pilot.press("end")
        await pilot.pause()
        assert view.current == 16
        assert "segment 17/17 · 100%" in _status(app)
        region = view.segment_region(16)
        assert view.scroll_y <= region.y < view.scroll_y + view.size.height
        await pilot.press("home")
        await pilot.pause()
        assert view.current == 0 and view.scroll_y == 0
        await pilot.press("k")
        assert view.current == 0


async def test_page_down_brings_the_next_unseen_lines_to_the_top_and_skips_nothing() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        view = _view(app)
        await pilot.pause()
        seen_to = view.scroll_y + view.scrollable_content_region.height
        visited = [view.current]
        assert app.text is not None
        while view.current < len(app.text) - 1:
            await pilot.press("pagedown")
            await pilot.pause()
            region = view.segment_region(view.current)
            # The new current segment starts at the top, and nothing between was skipped.
            assert view.scroll_y == min(region.y, view.max_scroll_y)
            assert view.scroll_y <= seen_to
            seen_to = view.scroll_y + view.scrollable_content_region.height
            assert view.current > visited[-1]
            visited.append(view.current)
        assert visited[-1] == len(app.text) - 1
        while view.scroll_y > 0:
            await pilot.press("pageup")
            await pilot.pause()
        assert view.current == 0


async def test_click_selects_the_segment_under_the_pointer() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = _view(app)
        row = view.segment_region(2).y + 1
        await pilot.click(ParallelView, offset=(100, row))
        assert view.current == 2


async def test_narrow_terminals_stack_the_panes_and_resize_reflows() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        view = _view(app)
        await pilot.press("j", "j")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not view.side_by_side
        width = view.scrollable_content_region.width
        assert view.current == 2
        top = view.segment_at(int(view.scroll_y))
        rows = _rows(app)
        assert app.text is not None
        # Each row drawn at the new width is the fresh layout of that width: nothing stale.
        arabic = render_lines(app.text.segments[top].ar, width - 2 - ARABIC_INSET)
        start = view.segment_region(top).y - int(view.scroll_y)
        for offset, line in enumerate(arabic):
            if 0 <= start + offset < len(rows):
                assert rows[start + offset] == f" {line}{' ' * ARABIC_INSET} "
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        assert view.side_by_side
        assert all(GUTTER in row for row in _rows(app)[:3])


async def test_layout_key_toggles_between_side_by_side_and_stacked() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        view = _view(app)
        assert view.side_by_side
        await pilot.press("l")
        await pilot.pause()
        assert not view.side_by_side
        assert GUTTER not in _rows(app)[0]
        await pilot.press("l")
        await pilot.pause()
        assert view.side_by_side
        # Back to what the width would choose: the view follows the width again.
        assert view.arrangement == "auto"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not view.side_by_side


async def test_reading_position_is_remembered_across_runs(user_dirs: dict[str, Path]) -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "j", "j", "j")
        await pilot.pause()
    assert load_positions() == {"dushanbe-2019": "s5"}
    assert (user_dirs["data"] / "positions.json").is_file()
    again = ReaderApp(_article())
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = _view(again)
        assert view.current == 4
        assert view.scroll_y == view.segment_region(4).y
        assert "segment  5/17" in _status(again)


async def test_a_position_that_cannot_be_saved_warns_once_and_reading_goes_on(
    user_dirs: dict[str, Path],
) -> None:
    user_dirs["data"].parent.mkdir(parents=True, exist_ok=True)
    user_dirs["data"].write_text("a file where the data folder should be")
    app = ReaderApp(_article())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "j")
        await pilot.pause(POSITION_SAVE_DELAY + 0.3)
        assert _view(app).current == 2
        await pilot.press("j")
        await pilot.pause(POSITION_SAVE_DELAY + 0.3)
        warnings = [n for n in app._notifications if "cannot be saved" in n.message]
        assert len(warnings) == 1


async def test_help_panel_lists_the_keys() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)


async def test_theme_key_switches_light_and_dark() -> None:
    app = ReaderApp(_article(), Config(theme="textual-dark"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        assert app.theme == "textual-light"
        await pilot.press("t")
        assert app.theme == "textual-dark"


async def test_too_small_a_window_says_so() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.resize_terminal(16, 6)
        await pilot.pause()
        rows = _rows(app)
        assert [row.strip() for row in rows[: len(TOO_SMALL)]] == list(TOO_SMALL)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert TOO_SMALL[0] not in _rows(app)[0]


async def test_terminal_bidi_mode_sends_logical_text() -> None:
    app = ReaderApp(_article(), Config(bidi="terminal", layout="stacked"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.text is not None
        assert _rows(app)[0].strip() == app.text.segments[0].ar


async def test_a_text_without_english_says_so(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("سطر أول\nسطر ثان\n", encoding="utf-8")
    app = ReaderApp(library.open_text(str(path)))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert NO_ENGLISH in _rows(app)[0]


def _long_text(copies: int) -> Text:
    from tui_reader.core.text import Segment

    article = _article()
    segments = [
        Segment(f"s{n * len(article) + i + 1}", segment.ar, segment.en, segment.before)
        for n in range(copies)
        for i, segment in enumerate(article)
    ]
    return Text("long", "نص طويل", "A long text", tuple(segments))


async def test_a_long_text_opens_with_estimates_and_ends_exact_in_place() -> None:
    from tui_reader.core.rows import EXACT_HEIGHTS_UP_TO

    text = _long_text(30)
    assert len(text) > EXACT_HEIGHTS_UP_TO
    app = ReaderApp(text)
    async with app.run_test(size=(120, 40)) as pilot:
        view = _view(app)
        await pilot.press(*["j"] * 25)
        await app.workers.wait_for_complete()
        await pilot.pause()
        top = view.segment_at(int(view.scroll_y))
        assert view.current == 25
        # Every height is the exact one, the same as laying each segment out.
        for index in (0, 25, 200, len(text) - 1):
            block = view.block(index)
            assert view.rows.heights[index] == block.height
        # The screen shows exactly the laid-out lines of the segment at the top.
        region = view.segment_region(top)
        block = view.block(top)
        row = region.y - int(view.scroll_y)
        if 0 <= row < view.size.height and block.arabic:
            assert block.arabic[0].text in view.render_line(row).text
        await pilot.press("end")
        await pilot.pause()
        assert view.current == len(text) - 1
        last = view.segment_region(len(text) - 1)
        assert view.scroll_y <= last.y < view.scroll_y + view.size.height


async def test_a_long_text_opens_with_exact_rows_around_the_reading_position(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before the thread has measured anything, the two screens from the reading position
    and the one above it are laid out at their true heights, so nothing on them moves when
    the measures arrive."""
    from tui_reader.core.positions import save_position
    from tui_reader.ui.widgets.parallel import ParallelView

    monkeypatch.setattr(ParallelView, "_measure", lambda self, *args: None)
    text = _long_text(30)
    save_position(text.id, text.segments[200].id)
    app = ReaderApp(text)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = _view(app)
        assert view.current == 200
        top = view.rows.starts[200]
        first = view.segment_at(top - view.size.height)
        last = view.segment_at(top + 2 * view.size.height)
        assert first < 198 and last > 202
        for index in range(first, last + 1):
            assert view.rows.heights[index] == view.block(index).height, index
        assert any(
            view.rows.heights[index] != view.block(index).height for index in range(len(text))
        ), "every height exact: the test no longer shows that the rest is estimated"


async def test_the_smallest_window_and_back() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(80, 24)) as pilot:
        for size in ((20, 5), (21, 6), (1, 1), (20, 5), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.press("j", "k", "slash", "escape")
        assert not _view(app).side_by_side
        assert TOO_SMALL[0] not in _rows(app)[0]
        assert _rows(app)[0].strip()


def _covered(pages: list[tuple[int, int]], total: int) -> list[int]:
    """The rows of [0, total) that no page showed."""
    seen = [False] * total
    for top, height in pages:
        for row in range(max(top, 0), min(top + height, total)):
            seen[row] = True
    return [row for row, shown in enumerate(seen) if not shown]


async def test_paging_down_and_up_shows_every_row_of_tall_and_short_segments() -> None:
    """Segments of every height, some taller than the screen: a page never skips a row, in
    either direction, and end shows the end of the text."""
    article = _article()
    long = " ".join(segment.ar for segment in article.segments[1:4])
    heights = [long, "قصير", article.segments[1].ar, long, "قصير جدا", long]
    text = Text(
        "tall",
        "نص",
        "Tall",
        tuple(Segment(f"s{i}", ar, "x") for i, ar in enumerate(heights * 3)),
    )
    app = ReaderApp(text)
    async with app.run_test(size=(60, 16)) as pilot:
        view = _view(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        total = view.virtual_size.height
        rows = view.scrollable_content_region.height
        assert max(view.rows.heights) > rows
        for key in ("pagedown", "pageup"):
            pages = [(int(view.scroll_y), rows)]
            for _ in range(200):
                before = int(view.scroll_y)
                await pilot.press(key)
                await pilot.pause()
                pages.append((int(view.scroll_y), rows))
                if int(view.scroll_y) == before:
                    break
            assert _covered(pages, total) == [], key
        await pilot.press("end")
        await pilot.pause()
        assert view.current == len(text) - 1
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y and view.current == len(text) - 1


@pytest.mark.parametrize(("size", "panel"), [((80, 24), "Q"), ((80, 24), "o"), ((120, 40), "Q")])
async def test_a_footer_too_full_shows_nothing_after_the_palette_key(
    size: tuple[int, int], panel: str
) -> None:
    """The compact footer's keys keep a margin at their right: the palette key's, at the
    screen's edge, let the last letter of the keys that did not fit show ("^p palettey")."""
    app = ReaderApp(_article())
    async with app.run_test(size=size) as pilot:
        await pilot.press(panel)
        await pilot.pause()
        footer = app.screen._compositor.render_strips()[-1].text
        assert footer.rstrip().endswith("^p palette"), footer
        assert footer.endswith(" "), footer


async def test_the_status_line_drops_what_is_least_needed_rather_than_cut_the_search(
    user_dirs: dict[str, Path],
) -> None:
    """Notes, a draft, the words' counts and a search at once ran the line past the screen,
    cut its end and left the title no room: the least needed parts go first."""
    from textual.widgets import Input

    from tui_reader.core.drafts import DraftStore
    from tui_reader.core.notes import Anchor, NoteStore, new_note
    from tui_reader.ui.widgets.search_panel import SearchPanel

    text = _article()
    drafts = DraftStore.open(text.id)
    drafts.put("s1", "Qatar leads")
    drafts.save()
    notes = NoteStore.open(text.id)
    notes.put(new_note(Anchor.make(text.segments[0], 0, 3), "a note"))
    notes.save()
    app = ReaderApp(text)
    async with app.run_test(size=(140, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "known" in _status(app)
        await pilot.press("slash")
        panel = app.screen.query_one(SearchPanel)
        panel.query_one("#search-query", Input).value = "الإرهاب"
        # Results come from a worker started after a short pause in the typing.
        for _ in range(100):
            await pilot.pause(0.02)
            await app.workers.wait_for_complete()
            if panel.hits:
                break
        await pilot.press("enter")
        await pilot.pause()
        status = _status(app)
        assert "search:" in status and status.endswith("esc ends"), status
        assert "known" not in status
        title = app.screen.query_one("#status-title")
        assert title.size.width >= 10
        await pilot.press("escape")
        await pilot.pause()
        assert "known" in _status(app)


async def test_at_80_columns_the_status_line_keeps_which_english_is_shown(
    user_dirs: dict[str, Path],
) -> None:
    from tui_reader.core.drafts import DraftStore
    from tui_reader.core.notes import Anchor, NoteStore, new_note

    text = _article()
    drafts = DraftStore.open(text.id)
    drafts.put("s1", "Qatar leads")
    drafts.save()
    notes = NoteStore.open(text.id)
    notes.put(new_note(Anchor.make(text.segments[0], 0, 3), "a note"))
    notes.save()
    app = ReaderApp(text)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("v")
        await pilot.pause()
        status = _status(app)
        assert "English: draft" in status and "drafted 1/17" in status, status
        assert "note" not in status and "known" not in status


async def test_at_80_columns_a_long_desk_status_is_shortened_before_it_goes(
    user_dirs: dict[str, Path],
) -> None:
    from tui_reader.core.drafts import DraftStore

    text = _article()
    drafts = DraftStore.open(text.id)
    for segment in text.segments[:6]:
        drafts.put(segment.id, "Not yet right.")
    drafts.save()
    app = ReaderApp(text)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = _status(app)
        assert "English: reference" not in status
        assert "ref · drafted 6/17 · " in status and "issues" in status, status
        assert app.screen.query_one("#status-title").size.width >= 10
