"""Word statuses in the reader: the keys, K on a screen, the colours and their switch, the
counts in the status line, and all of it found again in a new window."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
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
        assert "known   0% · new " in _status_line(app)
        await pilot.press("left", "2")  # قطر, the first word
        await pilot.pause()
        # The toast is an English sentence: read left to right, though it opens on the word.
        *_, toast = app._notifications
        assert toast.message.startswith("“ﺮﻄﻗ”: learning 2 (lemma ")
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
        view = screen.view
        bottom = view.scrollable_content_region.height - 1
        cut = view.segment_at(bottom)
        assert view.rows.starts[cut + 1] - 1 > bottom  # runs past the screen's foot
        await pilot.press("K")
        # The lemmas of the words are found in a thread (the lexicon may have to be read).
        await app.workers.wait_for_complete()
        await pilot.pause()
        unseen = StatusStore.open()
        assert screen.word_keys is not None
        only_there = {key for _, _, key in screen.word_keys[cut]} - {
            key for words in screen.word_keys[:cut] for _, _, key in words
        }
        assert only_there and all(unseen.status(key) == NEW for key in only_there)
        counts = screen.word_counts
        assert counts is not None and counts.learning == 1 and counts.known > 50
        assert f"known {counts.percent_known:>3}%" in _status_line(app)
        assert 0 < counts.percent_known < 100
        stored = StatusStore.open()
        assert stored.status(reading_of("في", {}).key) == 1
        # The last segment is not on the first screen: still new.
        assert any(stored.status(key) == NEW for _, _, key in screen.word_keys[-1])
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


async def test_learning_words_are_drilled_in_their_sentence() -> None:
    import re

    from textual.widgets import Input, OptionList, Static

    from tui_reader.core.display import layout
    from tui_reader.ui.screens.study import CLOZE, StudyScreen, StudySetupScreen, SummaryScreen

    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app)
        await pilot.press("left", "1")  # قطر, learning 1
        await pilot.press("s")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, StudySetupScreen)
        words = next(i for i, scope in enumerate(setup.scopes) if scope.unit == "word")
        options = setup.query_one(OptionList)
        assert "Words you are learning  1 word" in str(options.get_option_at_index(words).prompt)
        options.focus()
        options.highlighted = words
        await pilot.press("enter")
        await pilot.pause()
        study = app.screen
        assert isinstance(study, StudyScreen)
        assert len(study.cards) == 2  # both ways
        for key in study.cards:
            prompt = Text("\n").join(study._prompt(key, 70).renderables)  # type: ignore[arg-type]
            marked = [
                prompt.plain[s.start : s.end] for s in prompt.spans if s.style == "bold reverse"
            ]
            if key.direction == "ar-en":
                assert (
                    "".join(marked) == layout("قطر", 70)[0].text
                )  # the word, shaped, in its sentence
            else:
                assert "".join(marked) == CLOZE  # the word blanked
                assert "قطر" not in prompt.plain
        first = study.card
        study.query_one("#study-answer", Input).value = "zzz"
        await pilot.press("enter")
        await pilot.pause()
        verdict = str(study.query_one("#study-verdict", Static).render())
        assert re.search(r"1 Again \S+ · 2 Hard \S+ · 3 Good \S+ · 4 Easy \S+", verdict), verdict
        labels = [str(cell) for cell in study._details(first).columns[0].cells]
        assert labels[:3] == ["Lemma", "Meaning", "Analysis"] and labels[-1] == "Met in"
        await pilot.press("1")  # Again: it comes back in this session
        await pilot.pause()
        assert study.cards[-1] == first and len(study.cards) == 3
        study.query_one("#study-answer", Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen) and study.card == first
        study.query_one("#study-answer", Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("3")  # passed at last: the session ends
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.summary.reviewed == 3 and summary.summary.wrong == 1


async def test_the_chooser_counts_cards_and_the_summary_says_the_true_next_due() -> None:
    from datetime import UTC, datetime, timedelta

    from fsrs import Rating
    from textual.widgets import Input, OptionList

    from tui_reader.core.study import CardKey, StudyStore, review
    from tui_reader.ui.screens.study import StudyScreen, StudySetupScreen, SummaryScreen

    store = StudyStore.open()
    soon = CardKey("terrorism", "ar-en")
    review(store, soon, Rating.Again, datetime.now(UTC))  # due again in a minute
    overdue = CardKey("financing", "ar-en")
    review(store, overdue, Rating.Good, datetime.now(UTC) - timedelta(days=30))
    store.save()
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app)
        await pilot.press("s")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, StudySetupScreen)
        options = setup.query_one(OptionList)
        assert "terms, 1 card due" in str(options.get_option_at_index(0).prompt)
        options.focus()
        await pilot.press("enter")
        await pilot.pause()
        study = app.screen
        assert isinstance(study, StudyScreen) and study.card == overdue
        study.query_one("#study-answer", Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.summary.next_due == StudyStore.open().cards[soon].due


async def test_a_damaged_statuses_file_is_said_and_kept_until_a_status_is_set(
    user_dirs: dict[str, Path],
) -> None:
    path = user_dirs["data"] / "statuses.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 9}', "utf-8")
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app)
        said = [n for n in app._notifications if n.title == "Statuses file damaged"]
        assert len(said) == 1 and "not a statuses file of version 1" in said[0].message
        assert path.read_text("utf-8") == '{"version": 9}'
        await pilot.press("left", "5")
        await pilot.pause()
        assert screen.statuses.status(reading_of("قطر", {}).key) == KNOWN
    kept = [p.name for p in path.parent.iterdir() if p.name.startswith("statuses.json.damaged-")]
    assert len(kept) == 1
    assert StatusStore.open().status(reading_of("قطر", {}).key) == KNOWN


async def test_the_status_line_keeps_its_width_while_the_words_are_counted() -> None:
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app)
        counted = _status_line(app)
        words, screen.word_counts = screen.word_counts, None
        waiting = screen._words_status()
        screen.word_counts = words
        assert waiting == " · known   …% · new   … · learning   …"
        assert counted.endswith(screen._words_status())
        assert len(screen._words_status()) == len(waiting)
        await pilot.press("left", "5")
        await pilot.pause()
        assert len(_status_line(app)) == len(counted)
