"""Your own glossary term: a form to add one (prefilled from the dictionary) or edit one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select

from tui_reader.core.errors import terminal_safe
from tui_reader.core.glossary import POS
from tui_reader.core.letters import ARABIC_LETTER
from tui_reader.core.normalize import normalize
from tui_reader.ui.screens.note import close_unless_typed_in
from tui_reader.ui.widgets.bidi_input import BidiInput
from tui_reader.ui.widgets.bidi_static import BidiStatic


@dataclass(frozen=True)
class TermDraft:
    """The fields of a term as the form holds them."""

    ar: str
    vocalized: str
    en: str
    pos: str
    en_variants: tuple[str, ...] = ()
    definition: str = ""
    note: str = ""


class TermFormScreen(ModalScreen[TermDraft | None]):
    """Arabic, vocalized, English, variants, part of speech, definition, note; the segment's
    English above them, to take the English from."""

    DEFAULT_CSS = """
    TermFormScreen { align: center middle; }
    #term { width: 80; max-width: 100%; height: auto; max-height: 95%; padding: 1 2;
            border: thick $primary; background: $surface; }
    #term-context { margin: 0 0 1 0; color: $text-muted; }
    #term Label { margin: 1 0 0 0; }
    #term-buttons { height: auto; margin: 1 0 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="term.save"),
        Binding("escape", "cancel", "Cancel", id="term.cancel"),
    ]

    def __init__(
        self, draft: TermDraft, *, context: str = "", title: str = "New term", visual: bool = True
    ) -> None:
        super().__init__()
        self.opened_with: tuple[object, ...] = ()
        self.draft = draft
        self.context = context
        self.heading = title
        self.visual = visual

    def compose(self) -> ComposeResult:
        draft = self.draft
        with VerticalScroll(id="term"):
            yield Label(Text(self.heading, style="bold"), id="term-title")
            if self.context:
                yield BidiStatic(self.context, rtl=False, id="term-context")
            yield Label("Arabic (without the article on the first word)")
            yield BidiInput(terminal_safe(draft.ar), visual=self.visual, id="term-ar")
            yield Label("Vocalized")
            yield BidiInput(terminal_safe(draft.vocalized), visual=self.visual, id="term-vocalized")
            yield Label("English")
            yield Input(terminal_safe(draft.en), id="term-en")
            yield Label("English variants, comma separated")
            yield Input(terminal_safe(", ".join(draft.en_variants)), id="term-en-variants")
            yield Label("Part of speech")
            yield Select(
                [(pos, pos) for pos in POS],
                value=draft.pos if draft.pos in POS else "noun",
                allow_blank=False,
                id="term-pos",
            )
            yield Label("Definition")
            yield Input(terminal_safe(draft.definition), id="term-definition")
            yield Label("Note")
            yield Input(terminal_safe(draft.note), id="term-note")
            with Horizontal(id="term-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="term-save")
                yield Button("Cancel (esc)", id="term-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.opened_with = self._fields()
        self.query_one("#term-en" if self.draft.ar else "#term-ar", Input).focus()

    def _value(self, name: str) -> str:
        return " ".join(self.query_one(f"#term-{name}", Input).value.split())

    def action_save(self) -> None:
        ar, vocalized, en = self._value("ar"), self._value("vocalized"), self._value("en")
        problem = ""
        if not ARABIC_LETTER.search(ar):
            problem = "The Arabic term needs Arabic letters."
        elif not en:
            problem = "Give the English."
        elif vocalized and normalize(vocalized) != normalize(ar):
            problem = "The vocalized form must be the Arabic term with vowel marks."
        if problem:
            self.notify(problem, severity="warning", markup=False)
            return
        pos = self.query_one("#term-pos", Select).value
        variants = self.query_one("#term-en-variants", Input).value.split(",")
        self.dismiss(
            TermDraft(
                ar,
                vocalized or ar,
                en,
                pos if isinstance(pos, str) else "noun",
                tuple(variant.strip() for variant in variants if variant.strip()),
                self._value("definition"),
                self._value("note"),
            )
        )

    def _fields(self) -> tuple[object, ...]:
        inputs = tuple(field.value for field in self.query(Input))
        return (*inputs, self.query_one("#term-pos", Select).value)

    def typed(self) -> bool:
        return self._fields() != self.opened_with

    def action_cancel(self) -> None:
        close_unless_typed_in(self)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "term-save":
            self.action_save()
        else:
            self.action_cancel()
