"""Work the reader does per key or at open stays in proportion to what is on screen, not to the
whole text (issue 22), and the fast ways draw exactly what the plain ones did. No timings:
calls are counted."""

from __future__ import annotations

import asyncio
import gc
import random
from collections.abc import Iterable
from typing import Any

import pytest
from rich.style import Style
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Label

from tui_reader.core import library
from tui_reader.core.display import layout
from tui_reader.core.drafts import DraftStore
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets import painting
from tui_reader.ui.widgets.painting import Span
from tui_reader.ui.widgets.parallel import ParallelView

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)
STYLES = [Style(color="red"), Style(color="blue"), Style(underline=True), Style(bgcolor="green")]
LINES = [
    *(line for segment in ARTICLE.segments[:6] for line in layout(segment.ar, 50)),
    # Harakat (clusters of several letters), Latin and digits inside Arabic, a lam-alef.
    *layout("وَالإِرْهَابُ (FATF) في ٢٠١٩ لا «الأمم المتحدة» abc 12", 30),
    *layout("Counter-terrorism in 2019, «مكافحة الإرهاب» and more", 30, rtl=False),
]


def _status_line(app: ReaderApp) -> str:
    return str(app.screen.query_one("#status-position", Label).render())


# `_styled` is held to its definition (each cluster styled alone) by
# tests/unit/test_styled_runs.py, over hostile text in every mode.


def test_a_line_coloured_word_by_word_styles_each_set_of_spans_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With word statuses on, every line of a page has a span per word: the regression of
    issue 22 styled every letter against every span (a page-down 40% slower on a book)."""
    line = max(LINES[:-2], key=lambda line: line.end - line.start)
    rng = random.Random(7)
    spans: list[Span] = []
    for start in range(line.start, line.end - 4, 6):
        spans.append((start, start + 5, rng.choice(STYLES[:2])))
    added = 0
    add = Style.__add__

    def counting(self: Style, other: Style | None) -> Style:
        nonlocal added
        added += 1
        return add(self, other)

    monkeypatch.setattr(Style, "__add__", counting)
    painting._styled(line, Style(bgcolor="black"), spans)
    # One addition per span colour met (red, blue), not one per letter.
    assert added <= 2


async def test_a_key_does_not_count_the_drafts_of_every_segment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The status line said how many segments are drafted by asking the store about every
    segment of the text at each key."""
    counted = 0
    drafted = DraftStore.drafted

    def counting(self: DraftStore, segment_ids: Iterable[str]) -> int:
        nonlocal counted
        counted += 1
        return drafted(self, segment_ids)

    monkeypatch.setattr(DraftStore, "drafted", counting)
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = counted
        await pilot.press("j", "j", "pagedown", "k")
        await pilot.pause()
        assert counted == before
        assert "segment  5/" in _status_line(app)


async def test_a_draft_saved_is_counted_in_the_status_line() -> None:
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert "drafted" not in _status_line(app)
        screen.drafts.put(ARTICLE.segments[0].id, "A draft.")
        screen._drafts_changed()
        await pilot.pause()
        assert f"drafted 1/{len(ARTICLE)}" in _status_line(app)


async def test_opening_a_text_checks_its_english_after_the_first_paint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The checks of every segment ran in a thread from the moment the screen mounted, and
    held the GIL against the first paint of a book."""
    drawn: list[int] = []
    checks_began_after: list[int] = []
    render_line = ParallelView.render_line
    run_checks = ReaderScreen._run_checks

    def drawing(self: ParallelView, y: int) -> Strip:
        drawn.append(y)
        return render_line(self, y)

    def checking(self: ReaderScreen, *args: Any) -> Any:
        checks_began_after.append(len(drawn))
        return run_checks(self, *args)

    monkeypatch.setattr(ParallelView, "render_line", drawing)
    monkeypatch.setattr(ReaderScreen, "_run_checks", checking)
    # A draft, or nothing is checked at all (`qa.unchecked`).
    drafts = DraftStore.open(ARTICLE.id)
    drafts.put("s1", "Qatar first")
    drafts.save()
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert checks_began_after and checks_began_after[0] > 0
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.issues is not None


async def test_what_the_workers_found_is_out_of_the_collectors_reach() -> None:
    """A book's words, terms and checks arrive after the app froze what it loaded at start:
    left in the collector's generations, every full collection walked them (pauses of a
    tenth of a second in the middle of a page-down)."""
    drafts = DraftStore.open(ARTICLE.id)
    drafts.put("s1", "Qatar first")
    drafts.save()
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.word_keys is not None and screen.issues is not None
        found = [screen.word_keys, screen.word_keys[0], screen.occurrences, screen._checked]
        collected = {id(item) for generation in range(3) for item in gc.get_objects(generation)}
        assert not [item for item in found if id(item) in collected]


@pytest.mark.parametrize("key", ["j", "pagedown", "end"])
async def test_a_move_draws_the_page_and_the_status_line_in_one_frame(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """The position in the status line changes in the frame that shows the page moved: it
    came by a message passed up through the view's containers, a frame later (on a book,
    with the page below laid out in a thread meanwhile, tens of milliseconds later), and each
    move cost two frames of the whole screen."""
    app = ReaderApp(ARTICLE)
    frames: list[tuple[bool, str]] = []
    drew = False
    render_line = ParallelView.render_line
    refresh = Screen._compositor_refresh

    def drawing(self: ParallelView, y: int) -> Strip:
        nonlocal drew
        drew = True
        return render_line(self, y)

    def recording(self: Screen[object]) -> None:
        nonlocal drew
        drew = False
        refresh(self)
        status = self.query("#status-position")
        frames.append((drew, str(status.first(Label).render()) if status else ""))

    monkeypatch.setattr(ParallelView, "render_line", drawing)
    monkeypatch.setattr(Screen, "_compositor_refresh", recording)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        frames.clear()
        # As a terminal sends it: Pilot's press waits for every widget to be idle before the
        # next frame, which would let the message arrive in time.
        event = events.Key(key, None)
        event.set_sender(app)
        assert app._driver is not None
        app._driver.send_message(event)
        for _ in range(100):
            await asyncio.sleep(0.01)
            if any(view_drawn for view_drawn, _ in frames):
                break
        first = next(status for view_drawn, status in frames if view_drawn)
        await pilot.pause()
        current = app.screen.query_one(ParallelView).current
        assert current > 0 and f"segment {current + 1:>2}/{len(ARTICLE)}" in first
        drawn = [status for view_drawn, status in frames if view_drawn]
        assert len(drawn) == 1 and [status for _, status in frames][-1] == first
