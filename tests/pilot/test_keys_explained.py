"""Keys that depend on where you are (a word under the cursor, a note, a draft, a chosen
term) are listed in the keys panel wherever you are, and say what they need when pressed
where they cannot work, instead of doing nothing."""

from __future__ import annotations

import pytest
from textual.widgets import HelpPanel

from tui_reader.core import library
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.reader import ReaderScreen

SIZE = (120, 40)


def _app() -> ReaderApp:
    return ReaderApp(library.open_text(library.DEFAULT_TEXT_ID))


async def test_the_keys_panel_lists_the_keys_of_every_mode() -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        listed = {active.binding.id for active in app.screen.active_bindings.values()}
        for binding_id in (
            "reader.compare",
            "reader.edit_note",
            "reader.delete_note",
            "reader.next_occurrence",
            "reader.previous_occurrence",
            "reader.status_1",
            "reader.status_known",
            "reader.status_new",
            "reader.status_ignored",
        ):
            assert binding_id in listed, binding_id


@pytest.mark.parametrize(
    ("keys", "said"),
    [
        (("x",), "No draft of segment 1 to compare"),
        (("e",), "No note here"),
        (("d",), "No note here to delete"),
        (("right_square_bracket",), "Choose a term first"),
        (("1",), "put the word cursor on an Arabic word"),
        (("left", "p", "5"), "back on the Arabic (p)"),
        # قطر, the first word, is a name, not a term: what to do instead is said.
        (("left", "m"), "a adds it to your glossary"),
    ],
)
async def test_a_key_pressed_where_it_cannot_work_says_what_it_needs(
    keys: tuple[str, ...], said: str
) -> None:
    app = _app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert [n for n in app._notifications if said in n.message], [
            n.message for n in app._notifications
        ]
