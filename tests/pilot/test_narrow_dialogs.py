"""Dialogs that quote a segment, in a terminal narrower than they would like: the passage is
laid out at the width the dialog gets, never laid out wider and wrapped again (which puts the
end of a right-to-left line above its start)."""

from __future__ import annotations

from textual.widget import Widget

from tui_reader.core import library
from tui_reader.core.display import layout
from tui_reader.core.drafts import DraftStore
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.compare import CompareScreen, WordDiff
from tui_reader.ui.screens.draft import DraftScreen
from tui_reader.ui.screens.note import NoteScreen
from tui_reader.ui.widgets.bidi_editor import BidiTextArea
from tui_reader.ui.widgets.bidi_static import BidiStatic


def _on_screen(app: ReaderApp, widget: Widget) -> list[str]:
    """The rows the widget covers on the screen as drawn, each without its padding."""
    region = widget.content_region
    strips = app.screen._compositor.render_strips()
    return [
        strips[y].crop(region.x, region.right).text.strip() for y in range(region.y, region.bottom)
    ]


def _expected(text: str, width: int, rtl: bool = True) -> list[str]:
    return [line.text.strip() for line in layout(text, width, rtl)]


def _reads_right(app: ReaderApp, widget: BidiStatic) -> None:
    width = widget.content_region.width
    assert _on_screen(app, widget) == _expected(widget.text, width, widget.rtl)


async def test_the_draft_editor_quotes_the_segment_at_the_width_it_has() -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    app = ReaderApp(text)
    async with app.run_test(size=(80, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("j", "j", "w")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        arabic = app.screen.query_one("#draft-arabic", BidiStatic)
        reference = app.screen.query_one("#draft-reference", BidiStatic)
        assert arabic.text == text.segments[2].ar
        assert arabic.content_region.width < 80
        _reads_right(app, arabic)
        _reads_right(app, reference)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert arabic.content_region.width >= 80
        _reads_right(app, arabic)
        _reads_right(app, reference)


async def test_at_80x24_the_draft_editor_keeps_rows_to_type_in() -> None:
    app = ReaderApp(library.open_text(library.DEFAULT_TEXT_ID))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("j", "j", "w")
        await pilot.pause()
        editor = app.screen.query_one("#draft-body", BidiTextArea)
        dialog = app.screen.query_one("#draft")
        assert editor.content_region.height >= 5
        assert editor.region.bottom <= dialog.content_region.bottom
        # The segment scrolls in its box; what shows of it still reads right.
        arabic = app.screen.query_one("#draft-arabic", BidiStatic)
        box = app.screen.query_one("#draft-source")
        shown = box.content_region.height
        assert shown >= 4
        assert (
            _on_screen(app, arabic)[:shown]
            == _expected(arabic.text, arabic.content_region.width)[:shown]
        )


async def test_compare_quotes_the_segment_at_the_width_it_has() -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    store = DraftStore.open(text.id)
    store.put(text.segments[2].id, "The Conference was held as the world faces terrorism.")
    store.save()
    app = ReaderApp(text)
    async with app.run_test(size=(72, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("j", "j", "x")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        arabic = app.screen.query_one("#compare-arabic", BidiStatic)
        _reads_right(app, arabic)
        diff = app.screen.query_one(WordDiff)
        width = diff.content_region.width
        assert _on_screen(app, diff) == [
            line.strip() for line in diff.diff(width).plain.split("\n")
        ]
        assert all(len(line) <= width for line in _on_screen(app, diff))


async def test_a_note_quotes_its_passage_at_the_width_it_has() -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    app = ReaderApp(text)
    async with app.run_test(size=(60, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("j", "j", "n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        passage = app.screen.query_one("#note-passage", BidiStatic)
        assert passage.text == text.segments[2].ar
        # 60x30 is too small for the whole form: the passage scrolls in a few rows of its box,
        # and those read right.
        assert app.screen.has_class("-short")
        shown = app.screen.query_one("#note-quote").content_region.height
        width = passage.content_region.width
        assert shown >= 3
        assert _on_screen(app, passage)[:shown] == _expected(passage.text, width)[:shown]


async def test_at_120x40_the_draft_editor_shows_a_long_segment_and_its_reference_whole() -> None:
    """The source box does not scroll by keys (only shift+tab reaches it): on a tall screen it
    takes the rows a long segment (the seventh: five lines, and four of English) needs."""
    text = library.open_text(library.DEFAULT_TEXT_ID)
    app = ReaderApp(text)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*["j"] * 6, "w")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        box = app.screen.query_one("#draft-source")
        assert box.virtual_size.height > 12  # more than the box had
        assert box.virtual_size.height <= box.content_region.height
        editor = app.screen.query_one("#draft-body", BidiTextArea)
        assert editor.content_region.height >= 5
        assert editor.region.bottom <= app.screen.query_one("#draft").content_region.bottom
