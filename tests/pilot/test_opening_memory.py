"""What opening a text costs in memory: the lexicon (10 MB) is read only when a look-up may
follow (a text whose words were looked up before opens without it, and the word cursor's
first appearance reads it in a thread, so the first look-up finds it ready); lxml and
importlib.metadata (10 MB) only when a file is exchanged."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.app import App

from tui_reader.core import cache, dictionary, library
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.reader import ReaderScreen

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


async def _opened(app: App[None]) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    await app.workers.wait_for_complete()
    assert screen.word_keys is not None
    return screen


async def test_a_text_opened_again_reads_no_lexicon_until_the_word_cursor_appears(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cache, "CACHE_FROM_BYTES", 0)
    async with ReaderApp(ARTICLE).run_test(size=(120, 40)) as pilot:
        first = await _opened(pilot.app)
        colours = [first.view.statuses.get(index) for index in range(len(ARTICLE))]
    monkeypatch.setattr(dictionary, "_loaded", None)
    async with ReaderApp(ARTICLE).run_test(size=(120, 40)) as pilot:
        screen = await _opened(pilot.app)
        assert dictionary._loaded is None
        assert [screen.view.statuses.get(index) for index in range(len(ARTICLE))] == colours
        await pilot.press("left")
        await pilot.app.workers.wait_for_complete()
        assert dictionary._loaded is not None


def test_opening_a_text_imports_neither_lxml_nor_importlib_metadata() -> None:
    script = (
        "import asyncio, sys\n"
        "from tui_reader.core.library import DEFAULT_TEXT_ID, open_text\n"
        "from tui_reader.ui.app import ReaderApp\n"
        "async def main():\n"
        "    app = ReaderApp(open_text(DEFAULT_TEXT_ID))\n"
        "    async with app.run_test(size=(120, 40)) as pilot:\n"
        "        await app.workers.wait_for_complete()\n"
        "        await pilot.press('left', 'C')\n"
        "        await app.workers.wait_for_complete()\n"
        "asyncio.run(main())\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "tui_reader.core.corpus" in loaded
    assert "lxml" not in loaded
    assert "importlib.metadata" not in loaded


async def test_what_the_workers_find_after_the_app_closed_is_dropped() -> None:
    """A thread's result can arrive while the app closes (a test leaving at once, a reader
    quitting during a book's look-ups): handled then, it queried widgets already gone and
    failed the app."""
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)):
        screen = await _opened(app)
        words = screen.word_keys
    assert words is not None
    screen._words_resolved(words)
    screen._terms_indexed(screen.glossary, [])  # type: ignore[arg-type]
    screen._checked_now(screen.qa_target, {})
