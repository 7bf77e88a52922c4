"""Word statuses in the reader: the keys, K on a screen, the colours and their switch, the
counts in the status line, and all of it found again in a new window."""

from __future__ import annotations

from textual.widgets import Label

from tui_reader.core import library
from tui_reader.core.statuses import KNOWN, NEW, StatusStore, reading_of
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.reader import ReaderScreen

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


def _status_line(app: ReaderApp) -> str:
    return str(app.screen.query_one("#status-position", Label).render())


async def _open(app: ReaderApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    await app.workers.wait_for_complete()
    assert screen.word_keys is not None
    return screen


async def test_keys_set_the_status_of_the_lemma_under_the_cursor() -> None:
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app)
        assert "new " in _status_line(app) and "known 0%" in _status_line(app)
        await pilot.press("left", "2")  # قطر, the first word
        await pilot.pause()
        key = reading_of("قطر", {}).key
        assert StatusStore.open().status(key) == 2
        coloured = screen.view.statuses[0]
        assert coloured[0][:3] == (0, 3, 2)
        await pilot.press("5")
        await pilot.pause()
        assert StatusStore.open().status(key) == KNOWN
        assert all(start != 0 for start, _, _ in screen.view.statuses.get(0, []))
        await pilot.press("0")
        await pilot.pause()
        assert StatusStore.open().status(key) == NEW
        # Not on the English pane: the key does nothing there.
        await pilot.press("p", "right", "3")
        await pilot.pause()
        assert StatusStore.open().status(key) == NEW
        stored = StatusStore.open().get(key)
        assert stored is not None and stored.context is not None
        assert stored.context.word == "قطر" and stored.context.text_id == ARTICLE.id


async def test_K_marks_every_new_word_on_screen_known_and_the_counts_follow() -> None:
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app)
        await pilot.press("left", "left", "1")  # في stays learning
        await pilot.press("K")
        await pilot.pause()
        counts = screen.word_counts
        assert counts is not None and counts.learning == 1 and counts.known > 50
        assert f"known {counts.percent_known}%" in _status_line(app)
        assert 0 < counts.percent_known < 100
        stored = StatusStore.open()
        assert stored.status(reading_of("في", {}).key) == 1
        # The last segment is not on the first screen: still new.
        last = ARTICLE.segments[-1].ar
        assert any(
            stored.status(key) == NEW
            for _, _, key in screen.word_keys[-1]  # type: ignore[index]
        ), last
    # A new window finds it all again.
    again = ReaderApp(ARTICLE)
    async with again.run_test(size=(120, 40)):
        screen = await _open(again)
        assert screen.word_counts == counts


async def test_the_colours_switch_off_and_on() -> None:
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app)
        view = screen.view
        coloured = view._make_spans(0, view._marks(0))[0]
        await pilot.press("S")
        await pilot.pause()
        plain = view._make_spans(0, view._marks(0))[0]
        assert len(plain) < len(coloured)
        await pilot.press("S")
        await pilot.pause()
        assert len(view._make_spans(0, view._marks(0))[0]) == len(coloured)


async def test_the_library_shows_each_texts_words() -> None:
    from textual.widgets import DataTable

    from tui_reader.core.statuses import text_counts

    store = StatusStore.open()
    store.set(reading_of("قطر", {}).key, KNOWN)
    store.set(reading_of("في", {}).key, 2)
    store.save()
    counts = text_counts(ARTICLE, store)
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert f"{counts.new}·1·1 {counts.percent_known}%" in row
