"""The reader's word statuses hold little: colours found for the segments drawn, and a status
key counts one lemma again, not the whole text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.widgets import Label

from tui_reader.core import library
from tui_reader.core.normalize import normalize
from tui_reader.core.statuses import TextWords, readings, segment_keys, text_words
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.screens.reader import words as reader_words

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


async def test_opening_a_text_colours_only_the_segments_drawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    coloured: list[str] = []
    colour_spans = reader_words._colour_spans

    def counting(arabic: str, *args: Any) -> Any:
        coloured.append(arabic)
        return colour_spans(arabic, *args)

    monkeypatch.setattr(reader_words, "_colour_spans", counting)
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.word_keys is not None
        assert coloured and len(set(coloured)) < len(ARTICLE) // 2
        assert ARTICLE.segments[-1].ar not in coloured
        await pilot.press("end")
        await pilot.pause()
        assert ARTICLE.segments[-1].ar in coloured


async def test_a_status_key_counts_one_lemma_again(monkeypatch: pytest.MonkeyPatch) -> None:
    recounts: list[int] = []
    counts = TextWords.counts

    def counting(self: TextWords, *args: Any) -> Any:
        recounts.append(1)
        return counts(self, *args)

    monkeypatch.setattr(TextWords, "counts", counting)
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.word_keys is not None
        recounts.clear()
        await pilot.press("left", "2")
        await pilot.pause()
        assert not recounts
        assert screen.word_counts is not None and screen.word_counts.learning == 1
        assert screen.word_counts == counts(screen.word_keys, screen.statuses)
        line = str(screen.query_one("#status-position", Label).render())
        assert re.search(r"learning +1$", line)


async def test_two_readings_chosen_at_once_both_hold() -> None:
    ambiguous: dict[str, str] = {}
    for segment in ARTICLE:
        for start, end, _ in segment_keys(segment.ar, {}):
            word = segment.ar[start:end]
            if len(readings(word)) > 1:
                ambiguous.setdefault(normalize(word), word)
    first, second = list(ambiguous.values())[:2]
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.word_keys is not None
        # The second choice comes before the words of the first arrive.
        screen._choose_reading(first, readings(first)[1].key)
        screen._choose_reading(second, readings(second)[1].key)
        # The first look-up is cancelled: waited for by polling, as waiting on it raises.
        for _ in range(500):
            if all(worker.is_finished for worker in app.workers):
                break
            await pilot.pause(0.01)
        await pilot.pause()
        expected = text_words((segment.ar for segment in ARTICLE), screen.statuses.chosen)
        assert list(screen.word_keys) == list(expected)
