"""The reading view's drawn rows are kept by the state that shaped them: a row is drawn again
when, and only when, something it shows changed."""

from __future__ import annotations

from rich.style import Style
from textual.strip import Strip

from tui_reader.config import Config
from tui_reader.core import library
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.widgets.parallel import ParallelView


def _view(app: ReaderApp) -> ParallelView:
    return app.screen.query_one(ParallelView)


def _styles(strip: Strip) -> list[Style | None]:
    return [segment.style for segment in strip]


def _first_row(view: ParallelView, index: int) -> int:
    return view.segment_region(index).y - int(view.scroll_y)


async def test_a_word_cursor_redraws_its_segment_and_leaves_the_others_drawn() -> None:
    app = ReaderApp(library.open_text(library.DEFAULT_TEXT_ID))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = _view(app)
        current, other = _first_row(view, 0), _first_row(view, 1)
        before_current, before_other = view.render_line(current), view.render_line(other)
        await pilot.press("left")
        assert view.word is not None
        after_current = view.render_line(current)
        assert after_current is not before_current
        assert _styles(after_current) != _styles(before_current)
        assert view.render_line(other) is before_other
        await pilot.press("escape")
        assert _styles(view.render_line(current)) == _styles(before_current)


async def test_focus_and_theme_redraw_the_rows() -> None:
    app = ReaderApp(library.open_text(library.DEFAULT_TEXT_ID), Config(theme="textual-dark"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = _view(app)
        assert view.has_focus
        focused = _styles(view.render_line(0))
        app.set_focus(None)
        await pilot.pause()
        blurred = _styles(view.render_line(0))
        assert blurred != focused
        view.focus()
        await pilot.pause()
        assert _styles(view.render_line(0)) == focused
        app.theme = "textual-light"
        await pilot.pause()
        assert _styles(view.render_line(0)) != focused


async def test_a_theme_chosen_on_the_way_draws_as_the_theme_chosen_at_the_start() -> None:
    """The current segment's colour, the gutter, the note and draft marks: every style a
    row is drawn with follows a change of theme, as if the theme had been there from the
    start."""
    drawn = []
    for first in ("textual-dark", "textual-light"):
        app = ReaderApp(library.open_text(library.DEFAULT_TEXT_ID), Config(theme=first))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            view = _view(app)
            view.render_line(0)
            app.theme = "textual-light"
            await pilot.pause()
            drawn.append([_styles(view.render_line(y)) for y in range(view.size.height)])
    assert drawn[0] == drawn[1]


async def test_stepping_search_hits_redraws_the_hits() -> None:
    app = ReaderApp(library.open_text(library.DEFAULT_TEXT_ID))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = _view(app)
        words = view.words(0, "en")
        hits = [(0, "en", *words[0]), (0, "en", *words[2])]
        plain = _styles(view.render_line(0))
        view.set_hits(hits, 0)
        first = _styles(view.render_line(0))
        assert first != plain
        await pilot.press("n")
        assert view.hit_index == 1
        second = _styles(view.render_line(0))
        assert second not in (plain, first)
        view.set_hits([])
        assert _styles(view.render_line(0)) == plain
