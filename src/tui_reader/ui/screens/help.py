"""The guide (F1): what each mode of the reader is for, in a few lines, with its keys read from
the bindings themselves (by id, through the keymap), so the guide cannot drift from them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from tui_reader.ui.screens.draft import DraftScreen
from tui_reader.ui.screens.entry import EntryScreen
from tui_reader.ui.screens.note import NoteScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.screens.study import StudyScreen
from tui_reader.ui.widgets.glossary_panel import GlossaryPanel
from tui_reader.ui.widgets.notes_panel import NotesPanel
from tui_reader.ui.widgets.parallel import ParallelView
from tui_reader.ui.widgets.qa_panel import ChecksPanel
from tui_reader.ui.widgets.search_panel import SearchPanel
from tui_reader.ui.widgets.side_panel import SidePanel

KEY_WIDTH = 16

PLACES: dict[type[DOMNode], str] = {
    ParallelView: "",
    ReaderScreen: "",
    NotesPanel: "in the notes panel",
    SearchPanel: "in the search box",
    GlossaryPanel: "in the filter",
    ChecksPanel: "in the checks panel",
    SidePanel: "in a panel",
    NoteScreen: "in the note dialog",
    EntryScreen: "in the entry",
    DraftScreen: "in the draft editor",
    StudyScreen: "in the drill",
}
"""Where the reader's bindings live (besides the app's own), and where their keys work."""

SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Reading",
        "The Arabic and its English, one segment (a sentence) at a time. The current segment "
        "is tinted in both panes; glossary terms are underlined, passages with a note shaded "
        "and marked ✎ in the margin. The status line says where you are.",
        (
            "reader.next",
            "reader.previous",
            "reader.page_down",
            "reader.page_up",
            "reader.first",
            "reader.last",
            "reader.layout",
            "app.theme",
            "app.library",
        ),
    ),
    (
        "The word cursor and selection",
        "The arrows put a cursor on a word of the current segment (in Arabic, left is the next "
        "word, as the text reads); with shift they stretch it into a selection of words. p "
        "takes the cursor to the other pane; a click puts it on a word, a drag selects. Look-up, "
        "notes, study marks and copying act on the word or the selection; escape clears it.",
        (
            "reader.word_left",
            "reader.word_right",
            "reader.select_left",
            "reader.select_right",
            "reader.switch_pane",
            "reader.clear_word",
        ),
    ),
    (
        "Look-up and the dictionary",
        "Enter on a word shows its glossary entry (or the term it is part of), then what the "
        "dictionary reads in it: prefixes, stem and suffixes with their meanings, the lemma, "
        "the part of speech, the English. On an English word, the entries and lemmas that have "
        "it. a adds the word or selection to your own glossary, prefilled from the dictionary.",
        (
            "reader.lookup",
            "entry.more",
            "entry.reading",
            "reader.add_term",
            "entry.edit",
            "entry.delete",
            "entry.close",
        ),
    ),
    (
        "Notes",
        "n writes a note on the selection, or on the whole segment when nothing is selected: "
        "free text, a category and tags. e and d edit and delete the note under the cursor. o "
        "lists the text's notes: enter jumps to one, e and d act on the one highlighted.",
        (
            "reader.note",
            "reader.edit_note",
            "reader.delete_note",
            "reader.notes",
            "notes.edit",
            "notes.delete",
            "note.start",
            "note.end",
            "note.save",
            "note.cancel",
        ),
    ),
    (
        "Search and its n/N mode",
        "/ opens the search panel: hits in the Arabic (any vowel marks or hamza), the English, "
        "the glossary and your notes come as you type. Enter jumps to a hit. From then on n and "
        "N go to the next and previous hit instead of writing a note, and the status line says "
        "so (search: … · n/N · esc ends), until escape ends the search.",
        (
            "reader.search",
            "search.to_results",
            "reader.next_hit",
            "reader.previous_hit",
            "reader.clear_word",
        ),
    ),
    (
        "The glossary panel",
        "g lists the terms of this text, most used first, then every term; type Arabic or "
        "English to filter. Enter on a term jumps to its first use in the text, and ] and [ "
        "step through the others. Escape closes a panel, in it or (with nothing to clear) in the "
        "text.",
        (
            "reader.glossary",
            "glossary.to_list",
            "reader.next_occurrence",
            "reader.previous_occurrence",
            "panel.close",
            "reader.close_panel",
        ),
    ),
    (
        "Drafts and checks",
        "w opens your English draft of the segment; the text's own English is never changed. "
        "v shows the reference, your draft or both. Q lists the terminology issues of your "
        "drafts (a term's English missing, a number dropped, Arabic left untranslated); x "
        "compares your draft with the reference word by word.",
        (
            "reader.draft",
            "draft.save",
            "draft.save_next",
            "draft.cancel",
            "reader.english",
            "reader.checks",
            "qa.ignore",
            "qa.target",
            "qa.show_ignored",
            "reader.compare",
        ),
    ),
    (
        "The concordance",
        "C shows how the term, word or selection under the cursor was translated before: the "
        "pairs of your reference corpus (tui-reader corpus add FILE.tmx) that hold it, the exact "
        "phrase first, then its forms, and for a glossary term how often each English rendering "
        "was used. Typing in the panel refines the query.",
        ("reader.concordance",),
    ),
    (
        "Word statuses",
        "Every Arabic word is new, learning (1 to 4), known or ignored; the status belongs to "
        "the word's lemma, so its other forms share it. The keys set the status of the word "
        "under the cursor; K makes every new word of the screen known once you have read it. "
        "New and learning words are coloured (S turns the colours off), and the status line "
        "counts the words of the text and the share you know.",
        (
            "reader.status_1",
            "reader.status_2",
            "reader.status_3",
            "reader.status_4",
            "reader.status_known",
            "reader.status_new",
            "reader.status_ignored",
            "reader.known_on_screen",
            "reader.status_colours",
        ),
    ),
    (
        "Study",
        "s drills glossary terms and the words you are learning, with spaced repetition: this "
        "text's terms, the ones you marked, the learning words (asked in their sentence), all "
        "terms, or a tag. Type the answer and press enter (or leave it empty and judge "
        "yourself), then rate how well you knew it. m marks the term under the cursor.",
        (
            "reader.study",
            "reader.mark",
            "study.again",
            "study.hard",
            "study.good",
            "study.easy",
            "study.end",
        ),
    ),
    (
        "Copying",
        "c copies the selection, else the word under the cursor, else the segment, as written "
        "in the file (reading order, not the shaped letters on screen), through the terminal's "
        "clipboard. In the note dialog, ctrl+c copies the passage.",
        ("reader.copy", "note.copy"),
    ),
    (
        "Help",
        "? shows every key of the place you are in beside the screen; this guide explains them. "
        "ctrl+p opens the command palette: look-up, panels, exports, themes.",
        ("app.help", "app.guide", "app.quit"),
    ),
)


def bindings_by_id(
    owners: Iterable[type[DOMNode]],
) -> dict[str, tuple[type[DOMNode], list[Binding]]]:
    """Every binding of `owners` with an id, one per key (Textual splits "down,j"), with the
    class that holds it."""
    found: dict[str, tuple[type[DOMNode], list[Binding]]] = {}
    for owner in owners:
        for binding in Binding.make_bindings(owner.BINDINGS):
            if binding.id:
                found.setdefault(binding.id, (owner, []))[1].append(binding)
    return found


class HelpScreen(ModalScreen[None]):
    """The reader's modes explained, each with its keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1", "dismiss", "Close", id="guide.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="guide"):
            yield Label(Text("How to read with tui-reader", style="bold"), id="guide-title")
            yield Static(self.guide(), id="guide-text")
        yield Footer()

    def keys_of(self, binding_id: str, found: list[Binding]) -> str:
        """The keys of a binding as the keys panel shows them, after any remapping."""
        remapped = self.app._keymap.get(binding_id)
        keys = remapped.split(",") if remapped else [binding.key for binding in found]
        # Each key shown as itself: a binding's own key_display ("←→" on left) speaks for two.
        return " ".join(
            self.app.get_key_display(replace(found[0], key=key.strip(), key_display=None))
            for key in keys
        )

    def guide(self) -> Text:
        bindings = bindings_by_id((type(self.app), *PLACES))
        guide = Text()
        for title, prose, ids in SECTIONS:
            guide.append(f"\n{title}\n", style="bold underline")
            guide.append(prose + "\n")
            shown: set[tuple[str, str]] = set()
            for binding_id in ids:
                owner, found = bindings[binding_id]
                keys = self.keys_of(binding_id, found)
                # One line for a key that does one thing wherever it is pressed (escape
                # closes a panel, in it or in the text).
                if (keys, found[0].description) in shown:
                    continue
                shown.add((keys, found[0].description))
                guide.append(f"  {keys:<{KEY_WIDTH}}", style="bold")
                place = PLACES.get(owner, "")
                guide.append(f" {found[0].description}")
                guide.append(f" ({place})\n" if place else "\n", style="dim")
        return guide
