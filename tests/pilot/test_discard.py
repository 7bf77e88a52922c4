"""Escape in a form (a note, a draft, a term) closes it at once when nothing was typed, and
asks first when something was: one key never throws a paragraph away."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from tui_reader.core import library
from tui_reader.core.drafts import DraftStore
from tui_reader.core.notes import NoteStore
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.draft import DraftScreen
from tui_reader.ui.screens.note import ConfirmScreen, NoteScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.screens.term_form import TermFormScreen

SIZE = (120, 40)


def _app() -> ReaderApp:
    return ReaderApp(library.open_text(library.DEFAULT_TEXT_ID))


async def test_escape_in_an_untouched_form_closes_it_at_once() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        for key, form in (("n", NoteScreen), ("w", DraftScreen), ("a", TermFormScreen)):
            if key == "a":
                await pilot.press("left")
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, form)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen), key


async def test_a_note_typed_in_is_kept_until_discarding_is_confirmed() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"a long thought")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one("#note-body", TextArea).text == "a long thought"
        # Back in the form, saving still works.
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, ReaderScreen)
    [note] = list(NoteStore.open(library.DEFAULT_TEXT_ID))
    assert note.body == "a long thought"


async def test_a_changed_tag_or_term_field_counts_as_typed(user_dirs: dict[str, Path]) -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#note-tags", Input).value = "to check"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("left", "a")
        await pilot.pause()
        assert isinstance(app.screen, TermFormScreen)
        app.screen.query_one("#term-en", Input).value = "my own rendering"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TermFormScreen)
        assert app.screen.query_one("#term-en", Input).value == "my own rendering"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    assert len(NoteStore.open(library.DEFAULT_TEXT_ID)) == 0
    assert not (user_dirs["data"] / "glossary.yaml").exists()


async def test_a_draft_left_as_it_was_opened_closes_at_once() -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    store = DraftStore.open(text.id)
    store.put(text.segments[0].id, "An earlier draft")
    store.save()
    app = ReaderApp(text)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    assert DraftStore.open(text.id).get(text.segments[0].id) == "An earlier draft"


async def test_ctrl_q_asks_before_quitting_over_something_typed() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"A careful draft")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert app.screen.query_one("#draft-body", TextArea).text == "A careful draft"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert DraftStore.open(library.DEFAULT_TEXT_ID).get("s1") == "A careful draft"


async def test_ctrl_q_over_a_typed_note_quits_on_y() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"thoughts")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
