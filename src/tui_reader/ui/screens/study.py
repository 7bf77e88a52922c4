"""Drilling glossary terms: choose what to study, answer card by card, see a summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar

from fsrs import Rating
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.core.errors import describe_os_error
from tui_reader.core.glossary import Glossary, entry_fields
from tui_reader.core.study import (
    CardKey,
    Judgement,
    ReviewResult,
    SessionSummary,
    StudyStore,
    check_answer,
    due,
    due_count,
    marked_entry_ids,
    review,
    tag_entry_ids,
)
from tui_reader.ui.arabic import bidi, plain
from tui_reader.ui.widgets.bidi_input import BidiInput

WIDTH = 70
RATINGS = {"1": Rating.Again, "2": Rating.Hard, "3": Rating.Good, "4": Rating.Easy}


@dataclass(frozen=True)
class Scope:
    """A set of terms to study, as offered in the setup dialog."""

    label: str
    entry_ids: tuple[str, ...]


class StudySetupScreen(ModalScreen[Scope | None]):
    """What to study: this text's terms, the marked ones, all, or one tag."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", id="study.cancel"),
    ]

    def __init__(self, scopes: list[Scope], store: StudyStore) -> None:
        super().__init__()
        self.scopes = scopes
        self.store = store

    def compose(self) -> ComposeResult:
        with Vertical(id="study-setup"):
            yield Label(Text("Study glossary terms", style="bold"))
            yield Label("Both ways. Type the answer, or leave it empty and rate yourself.")
            options = []
            for number, scope in enumerate(self.scopes):
                waiting = due_count(self.store, scope.entry_ids)
                label = plain(scope.label)
                label.append(f"  {len(scope.entry_ids)} terms", style="dim")
                if waiting:
                    label.append(f", {waiting} due", style="bold")
                options.append(Option(label, id=str(number), disabled=not scope.entry_ids))
            yield OptionList(*options, id="study-scopes")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.scopes[int(event.option.id)])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


def scopes_for(glossary: Glossary, store: StudyStore, text_ids: list[str]) -> list[Scope]:
    """The choices of the setup dialog, the open text's terms first."""
    scopes = [
        Scope("Terms of this text", tuple(text_ids)),
        Scope("Terms marked for study", tuple(marked_entry_ids(glossary, store))),
        Scope("All terms", tuple(entry.id for entry in glossary.entries)),
    ]
    tags = sorted({tag for entry in glossary.entries for tag in entry.tags})
    scopes += [Scope(f"Tag: {tag}", tuple(tag_entry_ids(glossary, tag))) for tag in tags]
    return scopes


def _when(moment: datetime, now: datetime) -> str:
    delta = moment - now
    if delta <= timedelta(0):
        return "now"
    if delta < timedelta(minutes=1):
        return "in under a minute"
    if delta < timedelta(hours=1):
        return f"in {round(delta.total_seconds() / 60)} minutes"
    if delta < timedelta(days=1):
        return f"in {round(delta.total_seconds() / 3600)} hours"
    return f"in {delta.days} day{'s' if delta.days != 1 else ''} ({moment:%Y-%m-%d})"


class StudyScreen(Screen[None]):
    """One card at a time: the prompt, the learner's answer, then the entry and a rating."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "rate('1')", "Again", id="study.again"),
        Binding("2", "rate('2')", "Hard", id="study.hard"),
        Binding("3", "rate('3')", "Good", id="study.good"),
        Binding("4", "rate('4')", "Easy", id="study.easy"),
        Binding("escape", "finish", "End", id="study.end"),
    ]

    def __init__(self, glossary: Glossary, store: StudyStore, scope: Scope) -> None:
        super().__init__()
        self.glossary = glossary
        self.store = store
        self.scope = scope
        self.cards: list[CardKey] = due(store, scope.entry_ids)
        self.position = 0
        self.judgement: Judgement | None = None
        self.results: list[ReviewResult] = []
        self._save_error_shown = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="study"):
            yield Label("", id="study-progress")
            yield Static("", id="study-prompt")
            yield BidiInput(placeholder="your answer (empty: grade yourself)", id="study-answer")
            yield Static("", id="study-verdict")
            yield Static("", id="study-entry")
        yield Footer()

    def on_mount(self) -> None:
        if not self.cards:
            self.notify(f"Nothing to study now in “{self.scope.label}”.", timeout=4)
            self.app.pop_screen()
            return
        self._show_card()

    @property
    def card(self) -> CardKey:
        return self.cards[self.position]

    def _show_card(self) -> None:
        key = self.card
        entry = self.glossary.by_id[key.entry_id]
        self.judgement = None
        self.query_one("#study-progress", Label).update(
            plain(f"{self.scope.label} · card {self.position + 1} of {len(self.cards)}")
        )
        if key.direction == "ar-en":
            prompt = Text("In English:\n\n", style="dim")
            prompt.append_text(bidi(entry.ar, WIDTH, style="bold"))
        else:
            prompt = Text("In Arabic:\n\n", style="dim")
            prompt.append_text(plain(entry.en, style="bold"))
        self.query_one("#study-prompt", Static).update(prompt)
        answer = self.query_one("#study-answer", Input)
        answer.value = ""
        answer.disabled = False
        answer.focus()
        for name in ("#study-verdict", "#study-entry"):
            self.query_one(name, Static).update("")
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.judgement is not None:
            return
        key = self.card
        entry = self.glossary.by_id[key.entry_id]
        self.judgement = check_answer(entry, key.direction, event.value)
        verdict = Text()
        if self.judgement.self_graded:
            verdict.append("How well did you know it?", style="bold")
        elif self.judgement.correct:
            verdict.append("✓ Correct", style="bold green")
        else:
            verdict.append("✗ Expected: ", style="bold red")
            verdict.append_text(bidi(self.judgement.expected, WIDTH, rtl=key.direction == "en-ar"))
        verdict.append("\n1 Again · 2 Hard · 3 Good · 4 Easy", style="dim")
        if self.judgement.suggested is not None:
            verdict.append(f" (enter: {self.judgement.suggested.name})", style="dim")
        self.query_one("#study-verdict", Static).update(verdict)
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold", width=17, no_wrap=True)
        table.add_column(width=WIDTH - 18)
        for label, value, arabic in entry_fields(entry):
            table.add_row(label, bidi(value, WIDTH - 18, rtl=arabic))
        self.query_one("#study-entry", Static).update(table)
        answer = self.query_one("#study-answer", Input)
        answer.disabled = True
        self.set_focus(None)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate":
            return self.judgement is not None
        return True

    def key_enter(self) -> None:
        if self.judgement is not None and self.judgement.suggested is not None:
            self._rate(self.judgement.suggested)

    def action_rate(self, key: str) -> None:
        if self.judgement is not None:
            self._rate(RATINGS[key])

    def _rate(self, rating: Rating) -> None:
        # No second rating for this card while the next one is being shown.
        self.judgement = None
        self.refresh_bindings()
        self.results.append(review(self.store, self.card, rating))
        try:
            self.store.save()
        except OSError as error:
            if not self._save_error_shown:
                self._save_error_shown = True
                self.notify(
                    f"Study progress cannot be saved: {describe_os_error(error)}. "
                    "This session goes on, but it will be forgotten when you quit.",
                    severity="error",
                    timeout=12,
                    markup=False,
                )
        self.position += 1
        # After this key has been handled: the Enter that rated this card must not also
        # submit the next card's answer.
        if self.position < len(self.cards):
            self.call_after_refresh(self._show_card)
        else:
            self.call_after_refresh(self.action_finish)

    def action_finish(self) -> None:
        summary = SessionSummary.of(self.results)
        self.app.switch_screen(SummaryScreen(summary, self.scope.label))


class SummaryScreen(ModalScreen[None]):
    """The end of a study session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "dismiss", "Close", id="summary.close"),
    ]

    def __init__(self, summary: SessionSummary, label: str) -> None:
        super().__init__()
        self.summary = summary
        self.label = label

    def compose(self) -> ComposeResult:
        summary = self.summary
        now = datetime.now(UTC)
        lines = plain(self.label, style="bold")
        lines.append("\n\n")
        lines.append(f"Cards reviewed: {summary.reviewed}\n")
        rated = [
            f"{rating.name} {summary.by_rating[rating]}"
            for rating in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
            if summary.by_rating.get(rating)
        ]
        lines.append("Rated: " + ", ".join(rated) + "\n")
        if summary.next_due is not None:
            lines.append(f"\nNext card due {_when(summary.next_due, now)}.")
        with Vertical(id="study-summary"):
            yield Static(lines)
        yield Footer()
