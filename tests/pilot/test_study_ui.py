"""Drilling the terms of the open text: answer, rate, summary, and what is due tomorrow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.widgets import Input, OptionList, Static

from tui_reader.core import library
from tui_reader.core.study import CardKey, StudyStore, due
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.study import StudyScreen, StudySetupScreen, SummaryScreen


async def test_a_drill_session_is_saved_and_schedules_the_next_days_cards() -> None:
    app = ReaderApp(library.open_text(library.DEFAULT_TEXT_ID))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StudySetupScreen)
        app.screen.query_one(OptionList).focus()
        await pilot.press("enter")  # "Terms of this text"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        glossary = screen.glossary
        answered: list[CardKey] = []
        for answer_kind in ("right", "wrong", "self"):
            key = screen.card
            entry = glossary.by_id[key.entry_id]
            expected = entry.en if key.direction == "ar-en" else entry.ar
            answer = {"right": expected, "wrong": "zzz", "self": ""}[answer_kind]
            screen.query_one("#study-answer", Input).value = answer
            await pilot.press("enter")
            await pilot.pause()
            verdict = str(screen.query_one("#study-verdict", Static).render())
            marker = {"right": "✓ Correct", "wrong": "✗ Expected", "self": "How well"}
            assert marker[answer_kind] in verdict
            answered.append(key)
            if answer_kind == "self":
                # Nothing to judge by: enter asks for a rating instead of doing nothing.
                await pilot.press("enter")
                await pilot.pause()
                assert screen.card == key
                assert [n for n in app._notifications if "Rate it with a key" in n.message]
            await pilot.press("enter" if answer_kind != "self" else "3")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.reviewed == 3 and app.screen.summary.wrong == 1
    stored = StudyStore.open()
    assert set(stored.cards) == set(answered)
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    expected_due = {key for key, card in stored.cards.items() if card.due <= tomorrow}
    got = set(due(stored, [key.entry_id for key in answered], now=tomorrow, limit=0))
    assert got == expected_due
    # The wrong answer is due again well before tomorrow; the right one is not due now.
    now = datetime.now(UTC)
    assert stored.cards[answered[1]].due < now + timedelta(hours=1)
    assert stored.cards[answered[0]].due > now


async def test_marking_the_term_under_the_cursor_for_study() -> None:
    app = ReaderApp(library.open_text(library.DEFAULT_TEXT_ID))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j")
        view = app.screen.query_one("ParallelView")
        words = view.words(1)  # type: ignore[attr-defined]
        assert app.text is not None
        segment = app.text.segments[1].ar
        target = next(i for i, (a, b) in enumerate(words) if segment[a:b] == "مكافحة")
        await pilot.press(*["left"] * (target + 1), "m")
        await pilot.pause()
        # مكافحة here is a word of مكافحة الإرهاب: the whole term is marked.
        assert StudyStore.open().marked == {"counter-terrorism"}
        await pilot.press("m")
        await pilot.pause()
    assert StudyStore.open().marked == set()
