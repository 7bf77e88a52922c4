"""A word with two readings: `r` in the entry dialog gives its status to the next lemma, and
the reader colours and counts the word by that lemma from then on."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Static

from tui_reader.core import library
from tui_reader.core.normalize import normalize
from tui_reader.core.statuses import NEW, StatusStore, readings
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.entry import EntryScreen
from tui_reader.ui.screens.reader import ReaderScreen

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


def _entry_text(app: ReaderApp) -> str:
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(app.screen.query_one("#entry-body", Static).content)
    return console.export_text()


def _offered(app: ReaderApp) -> set[str]:
    return {key for key, active in app.screen.active_bindings.items() if active.enabled}


async def _open(app: ReaderApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    await app.workers.wait_for_complete()
    assert screen.word_keys is not None
    return screen


def _status_at(screen: ReaderScreen, start: int) -> int | None:
    """The status colour drawn at a word of the first segment (None: none drawn, i.e. known)."""
    for first, last, level in screen.view.statuses.get(0, []):
        if first <= start < last:
            return level
    return None


async def test_r_gives_the_word_s_status_to_the_next_reading() -> None:
    likeliest, other = (reading.key for reading in readings("في"))
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app)
        await pilot.press("left", "left", "2")  # في, the second word: learning 2
        await pilot.pause()
        assert StatusStore.open().status(likeliest) == 2
        assert _status_at(screen, 4) == 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert "r" in _offered(app)
        assert "Your status follows: " in _entry_text(app)
        assert "(reading 1 of 2; r: the next)" in _entry_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert "(reading 2 of 2; r: the next)" in _entry_text(app)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, EntryScreen)
        assert StatusStore.open().chosen[normalize("في")] == other
        assert screen.statuses.chosen[normalize("في")] == other
        # The status shown is the chosen lemma's (new), not the one set on the likeliest.
        assert screen.word_keys is not None
        assert (4, 6, other) in screen.word_keys[0]
        assert _status_at(screen, 4) == NEW
        await pilot.press("3")
        await pilot.pause()
        stored = StatusStore.open()
        assert stored.status(other) == 3 and stored.status(likeliest) == 2
        assert _status_at(screen, 4) == 3


async def test_closing_without_r_changes_no_choice() -> None:
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app)
        await pilot.press("left", "left", "enter")
        await pilot.pause()
        await pilot.press("r", "r", "escape")  # round to the likeliest again
        await pilot.pause()
        assert app.screen is screen
        assert StatusStore.open().chosen == {}


async def test_the_footer_offers_r_only_when_the_word_has_a_choice() -> None:
    assert len(readings("الداعمين")) == 1
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app)
        await pilot.press("left", "left", "left", "left", "enter")  # الداعمين, the fourth word
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert "r" not in _offered(app)
        assert "Your status follows" not in _entry_text(app)
        await pilot.press("r", "escape")
        await pilot.pause()
        assert StatusStore.open().chosen == {}
