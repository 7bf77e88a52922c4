"""Drilling glossary terms and the words being learnt: choose what to study, answer card by
card (in the sentence the word was met in, when there is one), see a summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import ClassVar

from fsrs import Rating
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.core.display import layout
from tui_reader.core.english import counted
from tui_reader.core.errors import describe_os_error
from tui_reader.core.glossary import Glossary, entry_fields
from tui_reader.core.statuses import (
    LEARNING,
    Context,
    Reading,
    StatusStore,
    follow_review,
    readings,
)
from tui_reader.core.study import (
    CardKey,
    Judgement,
    ReviewResult,
    SessionSummary,
    StudyStore,
    check_answer,
    check_forms,
    due,
    due_count,
    earliest_due,
    interval_label,
    lemma_of_card,
    marked_entry_ids,
    previews,
    review,
    tag_entry_ids,
    word_card_id,
)
from tui_reader.ui.arabic import app_visual, bidi, plain
from tui_reader.ui.widgets.bidi_input import BidiInput

WIDTH = 70
RATINGS = {"1": Rating.Again, "2": Rating.Hard, "3": Rating.Good, "4": Rating.Easy}
CLOZE = "_____"
"""What stands for the word in its sentence when the Arabic is asked for."""


@dataclass(frozen=True)
class Scope:
    """A set of terms to study, as offered in the setup dialog."""

    label: str
    entry_ids: tuple[str, ...]
    unit: str = "term"


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
            yield Label(Text("Study glossary terms and the words you are learning", style="bold"))
            yield Label("Both ways. Type the answer, or leave it empty and rate yourself.")
            options = []
            for number, scope in enumerate(self.scopes):
                waiting = due_count(self.store, scope.entry_ids)
                label = plain(scope.label)
                label.append(f"  {counted(len(scope.entry_ids), scope.unit)}", style="dim")
                if waiting:
                    label.append(f", {counted(waiting, 'card')} due", style="bold")
                options.append(Option(label, id=str(number), disabled=not scope.entry_ids))
            yield OptionList(*options, id="study-scopes")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.scopes[int(event.option.id)])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


def scopes_for(
    glossary: Glossary,
    store: StudyStore,
    text_ids: list[str],
    statuses: StatusStore | None = None,
) -> list[Scope]:
    """The choices of the setup dialog, the open text's terms first."""
    learning = [] if statuses is None else statuses.with_status(*LEARNING)
    scopes = [
        Scope("Terms of this text", tuple(text_ids)),
        Scope("Terms marked for study", tuple(marked_entry_ids(glossary, store))),
        Scope("Words you are learning", tuple(word_card_id(k) for k, _ in learning), "word"),
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


def in_sentence(context: Context, width: int, *, cloze: bool) -> Text:
    """The sentence a word was met in, right to left as the reader draws it, with the word
    highlighted, or blanked (a cloze) when the Arabic is what is asked for."""
    sentence, start, end = context.sentence, context.start, context.end
    if cloze:
        sentence = sentence[:start] + CLOZE + sentence[end:]
        end = start + len(CLOZE)
    drawn = Text(justify="right", no_wrap=True, overflow="crop")
    for number, line in enumerate(layout(sentence, max(width, 1), True, app_visual())):
        if number:
            drawn.append("\n")
        for cluster in line.clusters:
            inside = start <= cluster.start < end
            drawn.append(cluster.text, "bold reverse" if inside else "")
    return drawn


class CardPrompt(Static):
    """A card's prompt, laid out at the width the card has now, and again whenever that
    changes (a resize, a scrollbar): Arabic lines are never wrapped again once laid out."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._make: Callable[[int], Group] | None = None

    def show(self, make: Callable[[int], Group]) -> None:
        self._make = make
        self._lay_out()

    def on_resize(self) -> None:
        # After this layout: a change of height asked for during it would be lost.
        self.call_after_refresh(self._lay_out)

    def _lay_out(self) -> None:
        if self._make is not None:
            # Before the first layout the width is not known yet: the dialog's own width.
            self.update(self._make(self.content_size.width or WIDTH))


@dataclass(frozen=True)
class _Word:
    """A word card's word: its lemma (with meaning and analysis) and where it was met."""

    lemma_key: str
    reading: Reading
    context: Context | None


class StudyScreen(Screen[None]):
    """One card at a time: the prompt, the learner's answer, then the entry and a rating."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "rate('1')", "Again", id="study.again"),
        Binding("2", "rate('2')", "Hard", id="study.hard"),
        Binding("3", "rate('3')", "Good", id="study.good"),
        Binding("4", "rate('4')", "Easy", id="study.easy"),
        Binding("escape", "finish", "End", id="study.end"),
    ]

    def __init__(
        self,
        glossary: Glossary,
        store: StudyStore,
        scope: Scope,
        statuses: StatusStore | None = None,
        contexts: dict[str, Context] | None = None,
    ) -> None:
        super().__init__()
        self.glossary = glossary
        self.store = store
        self.scope = scope
        self.statuses = statuses
        self.contexts = contexts or {}
        """A sentence of the open text for glossary entries found in it, by entry id."""
        self.cards: list[CardKey] = [key for key in due(store, scope.entry_ids) if self._known(key)]
        self.position = 0
        self.judgement: Judgement | None = None
        self.results: list[ReviewResult] = []
        self._save_error_shown = False

    def _known(self, key: CardKey) -> bool:
        """Whether a card can be shown: its entry or its word is still there."""
        if lemma_of_card(key.entry_id) is not None:
            return self._word(key) is not None
        return key.entry_id in self.glossary.by_id

    def _word(self, key: CardKey) -> _Word | None:
        lemma_key = lemma_of_card(key.entry_id)
        if lemma_key is None or self.statuses is None:
            return None
        stored = self.statuses.get(lemma_key)
        if stored is None:
            return None
        context = stored.context
        found = readings(context.word if context is not None else stored.lemma)
        reading = next((r for r in found if r.key == lemma_key), None)
        return _Word(lemma_key, reading or Reading(lemma_key, stored.lemma), context)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="study"):
            yield Label("", id="study-progress")
            yield CardPrompt(id="study-prompt")
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

    def _prompt(self, key: CardKey, width: int) -> Group:
        word = self._word(key)
        if word is not None:
            context = word.context
            asked, shown = (
                ("In English:", word.reading.lemma)
                if key.direction == "ar-en"
                else ("In Arabic (the blank):", word.reading.gloss or word.reading.lemma)
            )
        else:
            entry = self.glossary.by_id[key.entry_id]
            context = self.contexts.get(key.entry_id)
            asked, shown = (
                ("In English:", entry.ar) if key.direction == "ar-en" else ("In Arabic:", entry.en)
            )
        # Each part its own Text: appended to one, the Arabic lines would lose their
        # alignment and be wrapped again by Rich, out of reading order.
        parts = [Text(asked + "\n", style="dim")]
        if key.direction == "ar-en":
            parts.append(bidi(shown, width, style="bold"))
        else:
            parts.append(plain(shown, style="bold"))
        if context is not None:
            parts.append(Text(""))
            parts.append(in_sentence(context, width, cloze=key.direction == "en-ar"))
        return Group(*parts)

    def _show_card(self) -> None:
        key = self.card
        self.judgement = None
        self.query_one("#study-progress", Label).update(
            plain(f"{self.scope.label} · card {self.position + 1} of {len(self.cards)}")
        )
        self.query_one(CardPrompt).show(lambda width: self._prompt(key, width))
        answer = self.query_one("#study-answer", Input)
        answer.value = ""
        answer.disabled = False
        answer.focus()
        for name in ("#study-verdict", "#study-entry"):
            self.query_one(name, Static).update("")
        self.refresh_bindings()

    def _judge(self, key: CardKey, answer: str) -> Judgement:
        word = self._word(key)
        if word is None:
            return check_answer(self.glossary.by_id[key.entry_id], key.direction, answer)
        reading = word.reading
        if key.direction == "ar-en":
            senses = [sense.strip() for sense in reading.gloss.replace("/", ";").split(";")]
            return check_forms(reading.gloss, senses, "en", answer)
        forms = [reading.lemma, word.context.word if word.context is not None else ""]
        return check_forms(reading.lemma, forms, "ar", answer)

    def _details(self, key: CardKey) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold", width=17, no_wrap=True)
        table.add_column(width=WIDTH - 18)
        word = self._word(key)
        if word is None:
            rows = entry_fields(self.glossary.by_id[key.entry_id])
        else:
            reading = word.reading
            rows = [("Lemma", reading.lemma, True), ("Meaning", reading.gloss, False)]
            if reading.analysis:
                rows.append(("Analysis", reading.analysis, False))
            if word.context is not None:
                rows.append(("Met in", word.context.title or word.context.text_id, False))
        for label, value, arabic in rows:
            if value:
                table.add_row(label, bidi(value, WIDTH - 18, rtl=arabic))
        return table

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.judgement is not None:
            return
        key = self.card
        self.judgement = self._judge(key, event.value)
        verdict = Text()
        if self.judgement.self_graded:
            verdict.append("How well did you know it?", style="bold")
        elif self.judgement.correct:
            verdict.append("✓ Correct", style="bold green")
            if self.judgement.forgiven:
                verdict.append_text(plain(f" (let pass: {', '.join(self.judgement.forgiven)})"))
        else:
            verdict.append("✗ Expected: ", style="bold red")
            verdict.append_text(bidi(self.judgement.expected, WIDTH, rtl=key.direction == "en-ar"))
        shown = previews(self.store, key)
        buttons = " · ".join(
            f"{number} {rating.name} {interval_label(shown[rating])}"
            for number, rating in RATINGS.items()
        )
        verdict.append("\n" + buttons, style="dim")
        if self.judgement.suggested is not None:
            verdict.append(f" (enter: {self.judgement.suggested.name})", style="dim")
        self.query_one("#study-verdict", Static).update(verdict)
        self.query_one("#study-entry", Static).update(self._details(key))
        answer = self.query_one("#study-answer", Input)
        answer.disabled = True
        self.set_focus(None)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate":
            return self.judgement is not None
        return True

    def key_enter(self) -> None:
        if self.judgement is None:
            return
        if self.judgement.suggested is not None:
            self._rate(self.judgement.suggested)
        else:
            # Nothing typed, nothing to judge by: the rating is yours.
            self.notify("Rate it with a key: 1 Again, 2 Hard, 3 Good, 4 Easy.", timeout=4)

    def action_rate(self, key: str) -> None:
        if self.judgement is not None:
            self._rate(RATINGS[key])

    def _rate(self, rating: Rating) -> None:
        # No second rating for this card while the next one is being shown.
        self.judgement = None
        self.refresh_bindings()
        key = self.card
        before = self.store.cards.get(key)
        result = review(self.store, key, rating)
        self.results.append(result)
        self._save(self.store.save, "Study progress")
        if rating == Rating.Again:
            # Back at the end of the session, until it is passed.
            self.cards.append(key)
        self._follow(key, result, lapsed=rating == Rating.Again and before is not None)
        self.position += 1
        # After this key has been handled: the Enter that rated this card must not also
        # submit the next card's answer.
        if self.position < len(self.cards):
            self.call_after_refresh(self._show_card)
        else:
            self.call_after_refresh(self.action_finish)

    def _follow(self, key: CardKey, result: ReviewResult, *, lapsed: bool) -> None:
        """A word's status follows its drills (see `statuses.follow_review`)."""
        lemma_key = lemma_of_card(key.entry_id)
        if lemma_key is None or self.statuses is None:
            return
        days = result.interval.total_seconds() / 86400
        if follow_review(self.statuses, lemma_key, days, lapsed=lapsed) is not None:
            self._save(self.statuses.save, "Word statuses")

    def _save(self, save: Callable[[], object], what: str) -> None:
        try:
            save()
        except OSError as error:
            if not self._save_error_shown:
                self._save_error_shown = True
                self.notify(
                    f"{what} cannot be saved: {describe_os_error(error)}. "
                    "This session goes on, but it will be forgotten when you quit.",
                    severity="error",
                    timeout=12,
                    markup=False,
                )

    def action_finish(self) -> None:
        summary = SessionSummary.of(self.results)
        if self.results:
            summary = replace(summary, next_due=earliest_due(self.store, self.scope.entry_ids))
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
