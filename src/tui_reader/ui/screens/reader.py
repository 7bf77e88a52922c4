"""The reading screen: the parallel view, the glossary panel, a status line, the footer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Label
from textual.worker import get_current_worker

from tui_reader.core import dictionary, library, user_terms
from tui_reader.core import statuses as word_statuses
from tui_reader.core.dictionary import DictionaryError
from tui_reader.core.drafts import DraftsError, DraftStore
from tui_reader.core.errors import TuiReaderError, describe_os_error, terminal_safe
from tui_reader.core.glossary import (
    Entry,
    Glossary,
    GlossaryError,
    Highlights,
    Lookup,
    find_highlights,
    load_with_user,
    occurrences,
)
from tui_reader.core.meaning import glossary_pos, meaning
from tui_reader.core.morphology import Analysis
from tui_reader.core.notes import (
    Anchor,
    NotesError,
    NoteStore,
    Placed,
    edited,
    export_notes,
    new_note,
)
from tui_reader.core.positions import load_positions, save_position
from tui_reader.core.qa import Issue, check_segment, english_of
from tui_reader.core.statuses import (
    IGNORED,
    KNOWN,
    Context,
    Counts,
    StatusStore,
    WordKey,
    count,
    mark_known,
    reading_of,
    segment_keys,
)
from tui_reader.core.study import StudyStore, due_count
from tui_reader.core.text import Segment, Text
from tui_reader.paths import bundled_glossary_path, data_dir, user_glossary_path
from tui_reader.ui.arabic import bidi, plain
from tui_reader.ui.messages import OpenText
from tui_reader.ui.screens.compare import CompareScreen
from tui_reader.ui.screens.draft import DraftScreen, Saved
from tui_reader.ui.screens.entry import EntryRequest, EntryScreen
from tui_reader.ui.screens.note import ConfirmScreen, Draft, NoteScreen
from tui_reader.ui.screens.prompt import PromptScreen
from tui_reader.ui.screens.study import Scope, StudyScreen, StudySetupScreen, scopes_for
from tui_reader.ui.screens.term_form import TermDraft, TermFormScreen
from tui_reader.ui.widgets.concordance_panel import ConcordancePanel
from tui_reader.ui.widgets.glossary_panel import GlossaryPanel
from tui_reader.ui.widgets.notes_panel import NotesPanel
from tui_reader.ui.widgets.parallel import ENGLISH_MODES, SIDE_BY_SIDE_MIN_WIDTH, ParallelView
from tui_reader.ui.widgets.qa_panel import ChecksPanel, describe
from tui_reader.ui.widgets.search_panel import SearchPanel
from tui_reader.ui.widgets.side_panel import SidePanel

if TYPE_CHECKING:
    from tui_reader.core.exchange import Built

POSITION_SAVE_DELAY = 0.5
"""Seconds after the last move before the reading position is written."""


class ReaderScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "toggle_layout", "Layout", show=False, id="reader.layout"),
        Binding("escape", "close_panel", "Close panel", id="reader.close_panel"),
        Binding("g", "toggle_glossary", "Glossary", id="reader.glossary"),
        Binding("n", "add_note", "Note", id="reader.note"),
        Binding("e", "edit_note", "Edit note", show=False, id="reader.edit_note"),
        Binding("d", "delete_note", "Delete note", show=False, id="reader.delete_note"),
        Binding("o", "toggle_notes", "Notes", show=False, id="reader.notes"),
        Binding("slash", "toggle_search", "Search", key_display="/", id="reader.search"),
        Binding("s", "study", "Study", show=False, id="reader.study"),
        Binding("m", "mark_for_study", "Mark for study", show=False, id="reader.mark"),
        Binding("a", "add_term", "Add term", show=False, id="reader.add_term"),
        Binding(
            "right_square_bracket",
            "step_term(1)",
            "Next use",
            key_display="]",
            id="reader.next_occurrence",
        ),
        Binding(
            "left_square_bracket",
            "step_term(-1)",
            "Previous use",
            key_display="[",
            show=False,
            id="reader.previous_occurrence",
        ),
        # The translator's desk: drafts, the English shown, checks, compare.
        Binding("w", "write_draft", "Draft", show=False, id="reader.draft"),
        Binding("v", "cycle_english", "English shown", show=False, id="reader.english"),
        Binding("Q", "toggle_qa", "Checks", show=False, id="reader.checks"),
        Binding("x", "compare", "Compare", show=False, id="reader.compare"),
        Binding("c", "copy_words", "Copy", show=False, id="reader.copy"),
        # The concordance ------------------------------------------------------------------
        Binding("C", "concordance", "Concordance", show=False, id="reader.concordance"),
        # Word statuses, on the Arabic word under the cursor (K: every new word on screen).
        Binding("1", "set_status(1)", "Learning 1", show=False, id="reader.status_1"),
        Binding("2", "set_status(2)", "Learning 2", show=False, id="reader.status_2"),
        Binding("3", "set_status(3)", "Learning 3", show=False, id="reader.status_3"),
        Binding("4", "set_status(4)", "Learning 4", show=False, id="reader.status_4"),
        Binding("5", "set_status(5)", "Known", show=False, id="reader.status_known"),
        Binding("0", "set_status(0)", "New", show=False, id="reader.status_new"),
        Binding("i", "set_status(6)", "Ignore", show=False, id="reader.status_ignored"),
        Binding("K", "known_on_screen", "Rest known", show=False, id="reader.known_on_screen"),
        Binding("S", "toggle_status_colours", "Colours", show=False, id="reader.status_colours"),
    ]

    @dataclass
    class LayoutChosen(Message):
        """`l` chose an arrangement of the panes: the app keeps it for the next start."""

        arrangement: str

    def __init__(
        self,
        text: Text,
        glossary: Glossary | None = None,
        *,
        arrangement: str = "auto",
        visual: bool = True,
        start_at: int | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self._start_at = start_at
        self.glossary = glossary
        self._arrangement = arrangement
        self._held: str | None = None
        """The arrangement to go back to when the open side panel closes (see
        `hold_arrangement`)."""
        self._visual = visual
        self._position_error_shown = False
        self._unsaved_position: str | None = None
        self._position_timer: Timer | None = None
        self.occurrences: dict[str, list[tuple[int, int, int]]] = {}
        self.stepping: Entry | None = None
        """The term whose occurrences ] and [ step through."""
        self._step = -1
        self.store = NoteStore.open(text.id)
        self.study = StudyStore.open()
        self.text_terms: list[str] = []
        """Ids of the glossary entries found in this text, in order (from the index worker)."""
        self.drafts = DraftStore.open(text.id)
        self.qa_target = "draft"
        """What the checks read: "draft" or "reference"."""
        self._checked: dict[tuple[str, str, str], list[Issue]] = {}
        """Every issue of a segment, by (target, segment id, English): a save rechecks one."""
        self.issues: list[Issue] | None = None
        """The open issues of `qa_target`, None until checked."""
        self.own_terms = user_terms.own_ids(user_glossary_path())
        """Ids of the user's own terms, which the entry dialog can edit and delete."""
        self.statuses = StatusStore.open()
        self.word_keys: list[list[WordKey]] | None = None
        """Each segment's Arabic words with their lemmas, once the statuses worker found them."""
        self.word_counts: Counts | None = None
        self._word_digits: int | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="status"):
            yield Label(plain(self.text.title_en or self.text.id), id="status-title")
            yield Label("", id="status-position")
        with Horizontal(id="body"):
            view = ParallelView(self.text, id="parallel")
            view.arrangement = self._arrangement
            view.visual = self._visual
            view.set_glossary(self.glossary)
            yield view
            if self.glossary is not None:
                yield GlossaryPanel(self.glossary, id="glossary")
            yield NotesPanel(id="notes")
            yield SearchPanel(self.text, library.load_all, self.glossary, self.store, id="search")
            yield ChecksPanel(id="qa")
            yield ConcordancePanel(self.glossary, id="concordance")
        yield Footer(compact=True)

    @property
    def view(self) -> ParallelView:
        return self.query_one(ParallelView)

    def on_mount(self) -> None:
        view = self.view
        view.focus()
        segment_id = load_positions().get(self.text.id)
        index = self._start_at or 0
        if segment_id is not None and self._start_at is None:
            try:
                index = self.text.index_of(segment_id)
            except KeyError:
                index = 0
        self._show_position(index)
        view.go_to(index, top=True)
        self.watch(view, "hit_index", self._search_mode_changed, init=False)
        if self.glossary is not None:
            # After the first paint: a thread indexing a book holds the GIL against it.
            self.call_after_refresh(self._index_terms, self.glossary)
        # The lexicon takes a few tenths of a second to read: after the first paint, in a
        # thread, so that the first look-up finds it ready.
        self.call_after_refresh(self._load_dictionary)
        self.call_after_refresh(self._resolve_words, dict(self.statuses.chosen))
        if self.statuses.damaged:
            self.notify(
                f"{self.statuses.damaged}. Word statuses in it are not shown. The file is left "
                "as it is; it is set aside (renamed, not overwritten) when you set a status.",
                title="Statuses file damaged",
                severity="error",
                timeout=20,
                markup=False,
            )
        self._notes_changed()
        if self.store.damaged:
            self.notify(
                f"{self.store.damaged}. Your notes in it are not shown. The file is left as it "
                "is; it is set aside (renamed, not overwritten) when you save a new note.",
                title="Notes file damaged",
                severity="error",
                timeout=20,
                markup=False,
            )
        if self.store.repaired:
            self.notify(self.store.repaired, title="Notes repaired", severity="warning", timeout=15)
        self._drafts_opened()

    @work(thread=True, exclusive=True, group="glossary")
    def _index_terms(self, glossary: Glossary) -> None:
        worker = get_current_worker()
        found: list[Highlights] = []
        for segment in self.text:
            # The app may close before a book is indexed: stop rather than hold the GIL.
            if len(found) % 64 == 0 and worker.is_cancelled:
                return
            found.append(find_highlights(segment, glossary))
        if not worker.is_cancelled:
            self.app.call_from_thread(self._terms_indexed, glossary, found)

    @work(thread=True, exclusive=True, group="dictionary")
    def _load_dictionary(self) -> None:
        try:
            dictionary.load()
        except DictionaryError as error:
            self.app.call_from_thread(
                self.notify,
                f"dictionary unavailable: {error}",
                severity="warning",
                timeout=8,
                markup=False,
            )

    def _terms_indexed(self, glossary: Glossary, highlights: list[Highlights]) -> None:
        self.view.set_highlights(glossary, highlights)
        found = occurrences(marked.terms for marked in highlights)
        self.occurrences = found
        self.text_terms = list(found)
        self._show_position(self.view.current)
        for panel in self.query(GlossaryPanel):
            panel.set_counts({entry_id: len(places) for entry_id, places in found.items()})

    # Position -------------------------------------------------------------------------------

    def on_parallel_view_segment_changed(self, message: ParallelView.SegmentChanged) -> None:
        self._show_position(message.index)
        # Saved a moment after the reader stops moving (and when the screen goes), not on
        # every key: each save is two fsyncs and a rename.
        self._unsaved_position = message.segment.id
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self._save_position)

    def on_unmount(self) -> None:
        self._save_position()

    def _save_position(self) -> None:
        segment_id, self._unsaved_position = self._unsaved_position, None
        if segment_id is None:
            return
        try:
            save_position(self.text.id, segment_id)
        except OSError as error:
            if not self._position_error_shown:
                self._position_error_shown = True
                self.notify(
                    f"The reading position cannot be saved: {describe_os_error(error)}. "
                    "Reading works as usual.",
                    severity="warning",
                    timeout=8,
                )

    def _search_mode_changed(self, hit_index: int) -> None:
        self._show_position(self.view.current)

    def _show_position(self, index: int) -> None:
        total = len(self.text)
        percent = round(100 * (index + 1) / total)
        notes = len(self.store)
        counted = f" · {notes} note{'s' if notes != 1 else ''}" if notes else ""
        waiting = due_count(self.study, self.text_terms) if self.text_terms else 0
        if waiting:
            counted += f" · {waiting} card{'s' if waiting != 1 else ''} due"
        # Numbers padded to their widest, so the label keeps its width from key to key: a
        # label that changes size makes Textual lay out the whole screen again.
        digits = len(str(total))
        counted += self._desk_status(total)
        hits = len(self.view.hits)
        if hits:
            # n and N step through the hits until escape: said for as long as that lasts.
            counted += f" · search: {hits} hit{'s' if hits != 1 else ''} · n/N · esc ends"
        counted += self._words_status()
        status = f"segment {index + 1:>{digits}}/{total} · {percent:>3}%{counted}"
        label = self.query_one("#status-position", Label)
        label.update(status, layout=len(status) != len(str(label.content)))

    # Glossary -------------------------------------------------------------------------------

    def _term_under_cursor(self) -> Lookup | None:
        """The glossary's reading of the words under the cursor: the term the text's matches
        say covers them (so a word of مكافحة الإرهاب gives counter-terrorism), else the
        entry of the word or selection itself."""
        view = self.view
        if self.glossary is None or view.selection is None or view.pane != "ar":
            return None
        start, end = view.selection
        source = self.text.segments[view.current].ar
        for match in view.highlights(view.current).terms:
            if match.start <= start and end <= match.end:
                written = source[match.start : match.end]
                return Lookup(written, match.entry, match.analysis)
        return self.glossary.lookup(source[start:end])

    def on_parallel_view_word_chosen(self, message: ParallelView.WordChosen) -> None:
        segment = message.segment
        if message.pane == "ar":
            found = self._term_under_cursor()
            selection = self.view.selection
            word = segment.ar[slice(*selection)] if selection is not None else message.word
            result = meaning(word, self.glossary, found=found, english=segment.en)
        else:
            result = meaning(self._english_under_cursor(message.word), self.glossary)
        self.app.push_screen(EntryScreen(result, self.own_terms), self._entry_closed)

    def _english_under_cursor(self, word: str) -> str:
        """The glossary's English the cursor is on (the whole of "Countering Terrorism"),
        else the selection, else the word."""
        view = self.view
        if view.selection is None:
            return word
        start, end = view.selection
        for first, last in view.highlights(view.current).english:
            if first <= start and end <= last:
                return self.text.segments[view.current].en[first:last]
        return self.text.segments[view.current].en[start:end]

    def _entry_closed(self, request: EntryRequest | None) -> None:
        if request is None:
            return
        if request.action == "edit":
            self._edit_term(request.entry)
        else:
            self._delete_term(request.entry)

    # Your own terms ---------------------------------------------------------------------------

    def action_add_term(self) -> None:
        view = self.view
        if view.selection is None:
            self.notify("Put the word cursor on a word (or select words), then press a.")
            return
        segment = self.text.segments[view.current]
        chosen = view.source(view.current)[slice(*view.selection)].strip()
        if view.pane == "en":
            draft = TermDraft("", "", chosen, "noun")
        else:
            draft = self._draft_from_dictionary(chosen, segment.en)

        def done(filled: TermDraft | None) -> None:
            if filled is not None:
                self._save_term(filled)

        context = f"In the text: {segment.en}" if segment.en else ""
        self.app.push_screen(
            TermFormScreen(draft, context=context, title="New term", visual=self._visual), done
        )

    @staticmethod
    def _draft_from_dictionary(arabic: str, english: str) -> TermDraft:
        """A one-word term as the dictionary has its lemma (the vocalized lemma, its part of
        speech and its first meaning); a phrase as written."""
        if len(arabic.split()) != 1:
            return TermDraft(arabic, arabic, "", "noun phrase")
        words = meaning(arabic, None, english=english).words
        lemmas = words[0].lemmas if words else ()
        if not lemmas:
            return TermDraft(arabic, arabic, "", "noun")
        first = lemmas[0].first
        sense = first.gloss.split(";")[0].strip()
        return TermDraft(first.lemma, first.lemma, sense, glossary_pos(first.pos))

    def _save_term(self, draft: TermDraft) -> None:
        try:
            report = user_terms.add_term(_entry_of(draft), user_glossary_path())
        except (TuiReaderError, OSError) as error:
            self._term_not_saved(error)
            return
        self.notify("\n".join(report.lines()), title="Your glossary", timeout=10, markup=False)
        if report.added:
            self._reload_glossary()

    def _edit_term(self, entry: Entry) -> None:
        def done(filled: TermDraft | None) -> None:
            if filled is None:
                return
            try:
                user_terms.replace_term(entry.id, _entry_of(filled), user_glossary_path())
            except (TuiReaderError, OSError) as error:
                self._term_not_saved(error)
                return
            self.notify(f"“{filled.en}” saved.", timeout=4, markup=False)
            self._reload_glossary()

        draft = TermDraft(
            entry.ar,
            entry.vocalized,
            entry.en,
            entry.pos,
            entry.en_variants,
            entry.definition,
            entry.note,
        )
        screen = TermFormScreen(draft, title="Edit your term", visual=self._visual)
        self.app.push_screen(screen, done)

    def _delete_term(self, entry: Entry) -> None:
        def done(answer: bool | None) -> None:
            if not answer:
                return
            try:
                user_terms.delete_term(entry.id, user_glossary_path())
            except (TuiReaderError, OSError) as error:
                self._term_not_saved(error)
                return
            self.notify(f"“{entry.en}” deleted from your glossary.", timeout=4, markup=False)
            self._reload_glossary()

        detail = bidi(f"{entry.ar} = {entry.en}", 60)
        self.app.push_screen(ConfirmScreen("Delete this term of yours?", detail), done)

    def _term_not_saved(self, error: Exception) -> None:
        reason = describe_os_error(error) if isinstance(error, OSError) else str(error)
        self.notify(reason, title="Term not saved", severity="error", markup=False)

    def _reload_glossary(self) -> None:
        """The glossary again with the user's terms, highlighted and found in the text at
        once: the view draws with it and the index worker finds every segment's terms."""
        try:
            glossary, problem = load_with_user(bundled_glossary_path(), user_glossary_path())
        except GlossaryError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if problem:
            self.notify(problem, title="Your glossary not loaded", severity="error", markup=False)
        self.glossary = glossary
        self.own_terms = user_terms.own_ids(user_glossary_path())
        self.view.set_glossary(glossary)
        self._index_terms(glossary)

    def on_glossary_panel_term_chosen(self, message: GlossaryPanel.TermChosen) -> None:
        self.stepping = message.entry
        self._step = -1
        if not self.occurrences.get(message.entry.id):
            self.notify(f"“{message.entry.en}” does not occur in this text.", timeout=4)
            self.view.focus_span = None
            return
        self.action_step_term(1)
        self.view.focus()

    def action_step_term(self, step: int) -> None:
        if self.stepping is None:
            return
        places = self.occurrences.get(self.stepping.id, [])
        if not places:
            return
        self._step = (self._step + step) % len(places)
        segment, start, end = places[self._step]
        view = self.view
        view.focus_span = (segment, start, end)
        view.go_to(segment)
        self.notify(f"{self.stepping.en}: {self._step + 1} of {len(places)}", timeout=2)

    def action_toggle_glossary(self) -> None:
        panels = self.query(GlossaryPanel)
        if not panels:
            self.notify("No glossary is loaded.", severity="warning")
            return
        self._toggle_panel(panels.first(), "#glossary-filter")

    def on_side_panel_closed(self, message: SidePanel.Closed) -> None:
        self.release_arrangement()
        self.view.focus()
        self.refresh_bindings()

    def hold_arrangement(self) -> None:
        """A panel (or the keys panel) opens: the panes keep the arrangement the whole width
        gave them. Left to "auto", the narrower view would stack them at 120 columns, a jolt
        for the reader."""
        view = self.view
        if self._held is None and view.arrangement == "auto":
            self._held = "auto"
            view.arrangement = "side" if view.side_by_side else "stacked"

    def release_arrangement(self, *, keys_panel_closing: bool = False) -> None:
        """The last panel closed: "auto" again, unless `l` chose an arrangement meanwhile.
        The keys panel counts as open until it is gone, unless it is the one closing."""
        if self._held is None or (self.query("HelpPanel") and not keys_panel_closing):
            return
        if not any(panel.display for panel in self.query(SidePanel)):
            self.view.arrangement, self._held = self._held, None

    def on_resize(self) -> None:
        if self._held is not None:
            wide = self.size.width >= SIDE_BY_SIDE_MIN_WIDTH
            self.view.arrangement = "side" if wide else "stacked"

    def action_toggle_notes(self) -> None:
        self._toggle_panel(self.query_one(NotesPanel), "#notes-list")

    def action_study(self) -> None:
        if self.glossary is None:
            self.notify("No glossary is loaded: there is nothing to study.", severity="warning")
            return
        glossary = self.glossary
        self.study = StudyStore.open()
        if self.study.damaged:
            self.notify(
                f"{self.study.damaged}. It is left as it is and set aside when you answer a card.",
                title="Study progress damaged",
                severity="error",
                timeout=15,
                markup=False,
            )

        # Terms are asked in a sentence of this text: their first occurrence in it.
        contexts = {
            entry_id: Context(
                self.text.id, self.text.title_en, self.text.segments[index].ar, start, end
            )
            for entry_id, ((index, start, end), *_) in self.occurrences.items()
        }

        def start(scope: Scope | None) -> None:
            if scope is not None:
                screen = StudyScreen(glossary, self.study, scope, self.statuses, contexts)
                self.app.push_screen(screen)

        scopes = scopes_for(glossary, self.study, self.text_terms, self.statuses)
        self.app.push_screen(StudySetupScreen(scopes, self.study), start)

    def on_screen_resume(self) -> None:
        # Drills may have moved words to known or back to learning.
        self._statuses_changed()
        self._show_position(self.view.current)

    def action_mark_for_study(self) -> None:
        found = self._term_under_cursor()
        if found is None:
            self.notify("Put the word cursor on an Arabic term (left / right), then press m.")
            return
        if found.entry is None:
            self.notify("This word is not in the glossary.", timeout=3)
            return
        marked = self.study.toggle_mark(found.entry.id)
        try:
            self.study.save()
        except OSError as error:
            self.notify(f"Cannot save: {describe_os_error(error)}", severity="error")
            return
        state = "marked for study" if marked else "no longer marked for study"
        self.notify(f"“{found.entry.en}” {state}.", timeout=3, markup=False)

    def action_toggle_search(self) -> None:
        self._toggle_panel(self.query_one(SearchPanel), "#search-query")

    def on_search_panel_hit_chosen(self, message: SearchPanel.HitChosen) -> None:
        hit = message.hit
        if hit.kind == "glossary" and self.glossary is not None:
            entry = self.glossary.by_id[hit.ref]
            self.app.push_screen(EntryScreen(Lookup(entry.ar, entry, Analysis(entry.ar))))
            return
        if hit.text_id != self.text.id:
            self.post_message(OpenText(hit.text_id, hit.segment_index))
            return
        view = self.view
        if hit.kind == "notes":
            placed = next((p for p in self.store.placed(self.text) if p.note.id == hit.ref), None)
            if placed is not None:
                self.on_notes_panel_note_chosen(NotesPanel.NoteChosen(placed))
            return
        here = [
            (h.segment_index, h.kind, h.start, h.end)
            for h in message.hits
            if h.kind in ("ar", "en") and h.text_id == self.text.id and h.segment_index is not None
        ]
        view.set_hits(here)
        view.show_hit(view.hits.index((hit.segment_index or 0, hit.kind, hit.start, hit.end)))
        view.focus()
        self.notify(
            f"hit {view.hit_index + 1} of {len(view.hits)}: n / N next and previous, "
            "escape to end the search",
            timeout=4,
        )

    def _toggle_panel(self, panel: SidePanel, focus: str) -> None:
        """Show one side panel (hiding the other), or hide it; an open panel that the reader
        has left (after jumping to a hit, say) is gone back to, not closed."""
        if panel.display and not panel.has_focus_within:
            panel.query_one(focus).focus()
            return
        showing = not panel.display
        if showing:
            self.hold_arrangement()
        for other in self.query(SidePanel):
            other.display = False
        panel.display = showing
        self.refresh_bindings()
        if showing:
            panel.query_one(focus).focus()
        else:
            self.release_arrangement()
            self.view.focus()

    # Notes ------------------------------------------------------------------------------------

    def _notes_changed(self) -> None:
        placed = self.store.placed(self.text)
        self.view.set_notes(placed)
        self.query_one(NotesPanel).show(placed)
        self._show_position(self.view.current)

    def _save_notes(self) -> None:
        try:
            aside = self.store.save()
        except OSError as error:
            self.notify(
                f"Notes cannot be saved: {describe_os_error(error)}. They stay here "
                "while tui-reader runs; export them (command palette) before you quit.",
                title="Notes not saved",
                severity="error",
                timeout=20,
                markup=False,
            )
        except NotesError as error:
            self.notify(str(error), title="Notes not saved", severity="error", markup=False)
        else:
            if aside is not None:
                self.notify(
                    f"The damaged notes file was kept aside as {aside}.", timeout=15, markup=False
                )
        self._notes_changed()

    def _target(self) -> Placed | None:
        """The note under the word cursor or selection, else the first on the segment."""
        view = self.view
        here = view.notes_at(view.current)
        selection = view.selection
        if selection is not None:
            for placed in here:
                if placed.note.anchor.pane == view.pane and (
                    placed.start < selection[1] and placed.end > selection[0]
                ):
                    return placed
        return here[0] if here else None

    def action_add_note(self) -> None:
        view = self.view
        segment = self.text.segments[view.current]
        selection = view.selection
        if selection is None:
            anchor = Anchor.make(segment, 0, len(segment.ar), "ar")
        else:
            anchor = Anchor.make(segment, *selection, view.pane)

        def done(draft: Draft | None) -> None:
            if draft is not None:
                self.store.put(new_note(anchor, draft.body, draft.category, draft.tags))
                self._save_notes()

        title = "New note on the segment" if selection is None else "New note on the selection"
        self.app.push_screen(NoteScreen(anchor.quote, anchor.pane == "ar", title=title), done)

    def _edit(self, placed: Placed) -> None:
        note = placed.note

        def done(draft: Draft | None) -> None:
            if draft is not None:
                self.store.put(edited(note, draft.body, draft.category, draft.tags))
                self._save_notes()

        draft = Draft(note.body, note.category, note.tags)
        screen = NoteScreen(note.anchor.quote, note.anchor.pane == "ar", draft, title="Edit note")
        self.app.push_screen(screen, done)

    def _delete(self, placed: Placed) -> None:
        note = placed.note

        def done(answer: bool | None) -> None:
            if answer:
                self.store.delete(note.id)
                self._save_notes()

        detail = bidi(note.anchor.quote, 60, rtl=note.anchor.pane == "ar")
        detail.append("\n\n")
        detail.append_text(plain(note.body, lines=True))
        self.app.push_screen(ConfirmScreen("Delete this note?", detail), done)

    def action_edit_note(self) -> None:
        placed = self._target()
        if placed is None:
            self.notify("No note here. Select words (shift+arrows) and press n to add one.")
            return
        self._edit(placed)

    def action_delete_note(self) -> None:
        placed = self._target()
        if placed is None:
            self.notify("No note here to delete.")
            return
        self._delete(placed)

    def on_notes_panel_edit_requested(self, message: NotesPanel.EditRequested) -> None:
        self._edit(message.placed)

    def on_notes_panel_delete_requested(self, message: NotesPanel.DeleteRequested) -> None:
        self._delete(message.placed)

    def on_notes_panel_note_chosen(self, message: NotesPanel.NoteChosen) -> None:
        placed = message.placed
        if placed.segment_index is None:
            self.notify(
                f"This note's passage is no longer in the text: “{placed.note.anchor.quote}”",
                markup=False,
            )
            return
        view = self.view
        view.go_to(placed.segment_index)
        view.pane = placed.note.anchor.pane
        view.word = (placed.start, placed.end)
        view.focus()

    def export_notes(self, form: str) -> None:
        """Notes as Markdown or Web Annotation JSON."""
        content = export_notes(self.text, self.store, form)
        self._export(f"{self.text.id}-notes.{form}", lambda: content)

    def export_text(self, form: str) -> None:
        """The aligned text as TMX, or XLIFF with the notes on each segment."""
        text = self.text
        if form == "tmx":
            from tui_reader.core.formats.tmx import build_tmx

            self._export(f"{text.id}.tmx", partial(build_tmx, text))
        else:
            from tui_reader.core.formats.xliff import build_xliff

            self._export(f"{text.id}.xliff", partial(build_xliff, text, self.store.placed(text)))

    def export_glossary(self, form: str) -> None:
        from tui_reader.core import exchange

        glossary = self.glossary
        if glossary is None:
            self.notify("No glossary is loaded.", severity="warning")
            return
        suffix, build = exchange.GLOSSARY_FORMATS[form]
        self._export(f"tui-reader-glossary.{suffix}", partial(build, glossary))

    def _export(self, name: str, build: Callable[[], Built]) -> None:
        """Build an export and write it to the current folder, or to the data folder when
        that cannot be written, and say where it went. `build` runs in a thread (a book takes
        a second), so it must only read what nothing else changes meanwhile."""
        self.notify(f"Writing {name}…", timeout=3, markup=False)
        self._write_export(name, build)

    @work(thread=True, group="export")
    def _write_export(self, name: str, build: Callable[[], Built]) -> None:
        from tui_reader.core import exchange

        say = partial(self.app.call_from_thread, self.notify, markup=False)
        try:
            built = build()
        except TuiReaderError as error:
            say(str(error), severity="error")
            return
        for folder in (Path.cwd(), data_dir() / "exports"):
            try:
                exchange.write_export(built, folder / name)
            except OSError:
                continue
            say(f"Written to {folder / name}")
            warning = exchange.warning_of(built)
            if warning:
                say(warning, severity="warning")
            return
        say(f"{name} could not be written anywhere.", severity="error")

    def import_glossary(self) -> None:
        """Ask for a TBX or CSV file and add its terms to the user's glossary."""

        def done(answer: str | None) -> None:
            if answer is not None:
                self._import_terms(Path(answer).expanduser())

        self.app.push_screen(
            PromptScreen("Import glossary terms from a TBX or CSV file", "path/to/terms.tbx"),
            done,
        )

    @work(thread=True, group="import")
    def _import_terms(self, path: Path) -> None:
        from tui_reader.core import exchange

        say = partial(self.app.call_from_thread, self.notify, markup=False)
        try:
            report = exchange.import_terms(path, bundled_glossary_path(), user_glossary_path())
        except (TuiReaderError, OSError) as error:
            say(str(error), title="Nothing imported", severity="error")
            return
        say("\n".join(report.lines()), title="Glossary import", timeout=15)
        if report.added:
            self.app.call_from_thread(self._reload_glossary)

    def action_copy_words(self) -> None:
        """The selection, else the word under the cursor, else the current segment, to the
        system clipboard as written: logical order and the letters of the file, not the shaped
        forms the screen shows."""
        view = self.view
        source = view.source(view.current)
        selection = view.selection
        # What the screen shows, so that a text cannot put an escape sequence or a bidi
        # override on the clipboard for the next terminal it is pasted into.
        words = terminal_safe(
            source if selection is None else source[slice(*selection)], lines=True
        )
        self.app.copy_to_clipboard(words)
        what = f"segment {view.current + 1}" if selection is None else f"“{_cut(words)}”"
        self.notify(f"Copied {what} to the clipboard.", timeout=3, markup=False)

    # Concordance ------------------------------------------------------------------------------

    def action_concordance(self) -> None:
        """The corpus's pairs for the glossary term under the cursor, else the word or the
        selection, else the term chosen in the glossary panel; with none of those, the panel
        to type in."""
        panel = self.query_one(ConcordancePanel)
        view = self.view
        found = self._term_under_cursor()
        entry = found.entry if found is not None else None
        if entry is None and view.selection is None:
            entry = self.stepping
        if entry is not None:
            text = entry.ar
        elif view.selection is not None:
            text = view.source(view.current)[slice(*view.selection)]
        else:
            self._toggle_panel(panel, "#concordance-query")
            return
        for other in self.query(SidePanel):
            other.display = other is panel
        self.refresh_bindings()
        panel.look_up(text, entry)
        panel.query_one("#concordance-pairs").focus()

    def action_close_panel(self) -> None:
        """Escape with nothing left to clear in the view: close the open side panel."""
        for panel in self.query(SidePanel):
            panel.display = False
        self.release_arrangement()
        self.view.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "compare":
            segment = self.text.segments[self.view.current]
            return bool(self.drafts.get(segment.id) and segment.en.strip())
        if action == "close_panel":
            return any(panel.display for panel in self.query(SidePanel))
        if action in ("edit_note", "delete_note"):
            return bool(self.view.notes_at(self.view.current))
        if action == "step_term":
            return self.stepping is not None and bool(self.occurrences.get(self.stepping.id))
        if action == "set_status":
            return self.view.word is not None and self.view.pane == "ar"
        return True

    def action_toggle_layout(self) -> None:
        """Switch side by side <-> stacked; back on what "auto" would choose at this width,
        the view follows the width again."""
        view = self.view
        wanted = "stacked" if view.side_by_side else "side"
        # The screen's width, not the view's: an open panel narrows the view for a while.
        automatic = "side" if self.size.width >= SIDE_BY_SIDE_MIN_WIDTH else "stacked"
        self._held = None
        view.arrangement = "auto" if wanted == automatic else wanted
        self.post_message(self.LayoutChosen(view.arrangement))
        follows = " (follows the width again)" if view.arrangement == "auto" else ""
        self.notify(f"Layout: {wanted}{follows}", timeout=3)

    # The translator's desk ------------------------------------------------------------------

    def _drafts_opened(self) -> None:
        if self.drafts.damaged:
            self.notify(
                f"{self.drafts.damaged}. Your drafts in it are not shown. The file is left as it "
                "is; it is set aside (renamed, not overwritten) when you save a draft.",
                title="Drafts file damaged",
                severity="error",
                timeout=20,
                markup=False,
            )
        self._drafts_changed()

    def _desk_status(self, total: int) -> str:
        drafted = self.drafts.drafted(segment.id for segment in self.text)
        mode = self.view.english_mode
        status = ""
        # Said once there is a draft to show, or the pane shows something else than usual.
        if drafted or mode != "reference":
            status += f" · English: {mode} · drafted {drafted}/{total}"
        # Before a first draft every segment is untranslated: not news.
        if self.issues and (drafted or self.qa_target == "reference"):
            issues = len(self.issues)
            status += f" · {issues} issue{'s' if issues != 1 else ''}"
        return status

    def _drafts_changed(self) -> None:
        drafts = {segment_id: self.drafts.get(segment_id) for segment_id in self.drafts}
        view = self.view
        view.show_english(view.english_mode, drafts)
        self._check()

    def _check(self) -> None:
        """Check the English of `qa_target` again: only segments whose English changed are
        checked anew, so a save costs one segment."""
        if self.glossary is None:
            return
        target = self.qa_target
        pairs = [(segment, english_of(segment, self.drafts, target)) for segment in self.text]
        self._run_checks(self.glossary, target, pairs)

    @work(thread=True, exclusive=True, group="qa")
    def _run_checks(
        self, glossary: Glossary, target: str, pairs: list[tuple[Segment, str]]
    ) -> None:
        worker = get_current_worker()
        found: dict[tuple[str, str, str], list[Issue]] = {}
        for number, (segment, english) in enumerate(pairs):
            if number % 64 == 0 and worker.is_cancelled:
                return
            key = (target, segment.id, english)
            known = self._checked.get(key)
            found[key] = (
                known
                if known is not None
                else check_segment(segment.id, segment.ar, english, glossary)
            )
        if not worker.is_cancelled:
            self.app.call_from_thread(self._checked_now, target, found)

    def _checked_now(self, target: str, found: dict[tuple[str, str, str], list[Issue]]) -> None:
        if target != self.qa_target:
            return
        self._checked = found
        self._show_issues()

    def _show_issues(self) -> None:
        ignored = self.drafts.ignored_keys(self.qa_target)
        every = [issue for issues in self._checked.values() for issue in issues]
        self.issues = [
            issue for issue in every if issue.key not in ignored.get(issue.segment_id, ())
        ]
        put_aside = [issue for issue in every if issue.key in ignored.get(issue.segment_id, ())]
        self.query_one(ChecksPanel).show(self.qa_target, self.issues, put_aside)
        self._show_position(self.view.current)

    def _save_drafts(self) -> bool:
        try:
            aside = self.drafts.save()
        except OSError as error:
            self.notify(
                f"Drafts cannot be saved: {describe_os_error(error)}. They stay here while "
                "tui-reader runs.",
                title="Drafts not saved",
                severity="error",
                timeout=20,
                markup=False,
            )
            return False
        except DraftsError as error:
            self.notify(str(error), title="Drafts not saved", severity="error", markup=False)
            return False
        if aside is not None:
            self.notify(
                f"The damaged drafts file was kept aside as {aside}.", timeout=15, markup=False
            )
        return True

    def action_write_draft(self) -> None:
        index = self.view.current
        segment = self.text.segments[index]

        def done(saved: Saved | None) -> None:
            if saved is None:
                return
            self.drafts.put(segment.id, saved.text)
            self._save_drafts()
            self._drafts_changed()
            if saved.next and index + 1 < len(self.text):
                self.view.go_to(index + 1)
                self.action_write_draft()

        screen = DraftScreen(segment, index + 1, len(self.text), self.drafts.get(segment.id))
        self.app.push_screen(screen, done)

    def action_cycle_english(self) -> None:
        view = self.view
        mode = ENGLISH_MODES[(ENGLISH_MODES.index(view.english_mode) + 1) % len(ENGLISH_MODES)]
        view.show_english(mode, view.drafts)
        self._show_position(view.current)
        shown = {"reference": "the text's own English", "draft": "your drafts", "both": "both"}
        self.notify(f"English pane: {shown[mode]}", timeout=3)

    def action_toggle_qa(self) -> None:
        if self.glossary is None:
            self.notify("No glossary is loaded: there is nothing to check.", severity="warning")
            return
        self._toggle_panel(self.query_one(ChecksPanel), "#qa-list")

    def on_checks_panel_target_switched(self, message: ChecksPanel.TargetSwitched) -> None:
        self.qa_target = "reference" if self.qa_target == "draft" else "draft"
        self._check()

    def on_checks_panel_ignore_requested(self, message: ChecksPanel.IgnoreRequested) -> None:
        issue = message.issue
        ignored = issue.key in self.drafts.ignored_keys(self.qa_target).get(issue.segment_id, ())
        self.drafts.ignore(self.qa_target, issue.segment_id, issue.key, on=not ignored)
        if self._save_drafts():
            self._show_issues()

    def on_checks_panel_issue_chosen(self, message: ChecksPanel.IssueChosen) -> None:
        issue = message.issue
        view = self.view
        index = self.text.index_of(issue.segment_id)
        if issue.en_span is not None and view.english_mode != self.qa_target:
            # The place in the English is an offset into the English that was checked.
            view.show_english(self.qa_target, view.drafts)
        view.go_to(index)
        view.focus_span = (index, *issue.ar_span) if issue.ar_span else None
        view.anchor_word = None
        if issue.en_span is not None:
            view.pane, view.word = "en", issue.en_span
        else:
            view.word = None
        view.focus()
        self.notify(describe(issue), timeout=5, markup=False)

    def action_compare(self) -> None:
        index = self.view.current
        segment = self.text.segments[index]
        self.app.push_screen(CompareScreen(segment, index + 1, self.drafts.get(segment.id)))

    # Word statuses ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="statuses")
    def _resolve_words(self, chosen: dict[str, str]) -> None:
        """Every segment's words with their lemmas, once: a book's words are looked up here,
        not while paging (a look-up reads the lexicon the first time, and each word is kept)."""
        worker = get_current_worker()
        found: list[list[WordKey]] = []
        for segment in self.text:
            if len(found) % 64 == 0 and worker.is_cancelled:
                return
            found.append(segment_keys(segment.ar, chosen))
        if not worker.is_cancelled:
            self.app.call_from_thread(self._words_resolved, found)

    def _words_resolved(self, found: list[list[WordKey]]) -> None:
        self.word_keys = found
        self._statuses_changed()

    def _statuses_changed(self) -> None:
        keys = self.word_keys
        if keys is None:
            return
        status = self.statuses.status
        coloured = {}
        for index, words in enumerate(keys):
            arabic = self.text.segments[index].ar
            spans: list[tuple[int, int, int]] = []
            for start, end, key in words:
                level = status(key)
                if level in (KNOWN, IGNORED):
                    continue
                if spans and spans[-1][2] == level and not arabic[spans[-1][1] : start].strip():
                    # One span over words of one status and the spaces between them: a term's
                    # underline is then drawn in one piece, not cut at each space.
                    spans[-1] = (spans[-1][0], end, level)
                else:
                    spans.append((start, end, level))
            if spans:
                coloured[index] = spans
        self.view.set_statuses(coloured)
        self.word_counts = count(keys, self.statuses)
        self._show_position(self.view.current)

    def _words_status(self) -> str:
        """The text's words new, learning and known, and the share known, padded to one
        width from the first paint on: the counts arriving from the worker, or changing with
        a key, must not make Textual lay out the whole screen again."""
        if self._word_digits is None:
            # No text has more words than letters.
            self._word_digits = len(str(sum(len(segment.ar) for segment in self.text)))
        digits = self._word_digits
        words = self.word_counts
        if words is None:
            wait = "…"
            return (
                f" · new {wait:>{digits}} · learning {wait:>{digits}} · known {wait:>{digits}}"
                f" · known {wait:>3}%"
            )
        if not words.running:
            return ""
        return (
            f" · new {words.new:>{digits}} · learning {words.learning:>{digits}}"
            f" · known {words.known:>{digits}} · known {words.percent_known:>3}%"
        )

    def _word_key(self, index: int, start: int, end: int) -> str:
        if self.word_keys is not None:
            for first, last, key in self.word_keys[index]:
                if (first, last) == (start, end):
                    return key
        return reading_of(self.text.segments[index].ar[start:end], self.statuses.chosen).key

    def _save_statuses(self) -> bool:
        try:
            aside = self.statuses.save()
        except OSError as error:
            self.notify(
                f"Word statuses cannot be saved: {describe_os_error(error)}. They stay here "
                "while tui-reader runs.",
                title="Statuses not saved",
                severity="error",
                timeout=20,
                markup=False,
            )
            return False
        if aside is not None:
            self.notify(
                f"The damaged statuses file was kept aside as {aside}.", timeout=15, markup=False
            )
        return True

    def action_set_status(self, status: int) -> None:
        view = self.view
        if view.word is None or view.pane != "ar":
            return
        index = view.current
        segment = self.text.segments[index]
        start, end = view.word
        word = segment.ar[start:end]
        reading = reading_of(word, self.statuses.chosen)
        key = self._word_key(index, start, end)
        context = Context(self.text.id, self.text.title_en, segment.ar, start, end)
        self.statuses.set(key, status, reading.lemma, context)
        self._save_statuses()
        self._statuses_changed()
        self.notify(
            f"“{word}” ({reading.lemma}): {word_statuses.describe(status)}", timeout=2, markup=False
        )

    def action_known_on_screen(self) -> None:
        """Every new word of the segments on screen known (Lute's "mark the rest as known")."""
        view = self.view
        if self.word_keys is None:
            self.notify("The words of this text are still being looked up.", timeout=3)
            return
        top = int(view.scroll_y)
        bottom = top + view.scrollable_content_region.height - 1
        first, last = view.segment_at(top), view.segment_at(bottom)
        # Only segments wholly on screen: the words of one cut at an edge are not all seen
        # (unless one segment fills the screen).
        starts = view.rows.starts
        if starts[first] < top and first < last:
            first += 1
        if starts[last + 1] - 1 > bottom and last > first:
            last -= 1
        keys = [key for words in self.word_keys[first : last + 1] for _, _, key in words]
        done = mark_known(self.statuses, keys)
        if done:
            self._save_statuses()
            self._statuses_changed()
        self.notify(
            f"{done} new word{'s' if done != 1 else ''} of segments {first + 1}–{last + 1} "
            "marked known.",
            timeout=3,
        )

    def action_toggle_status_colours(self) -> None:
        view = self.view
        view.show_status_colours(not view.status_colours)
        self.notify(f"Status colours {'on' if view.status_colours else 'off'}.", timeout=2)


def _entry_of(draft: TermDraft) -> Entry:
    return user_terms.new_entry(
        draft.ar,
        draft.vocalized,
        draft.en,
        draft.pos,
        definition=draft.definition,
        note=draft.note,
        en_variants=draft.en_variants,
    )


def _cut(words: str, length: int = 40) -> str:
    """The start of copied words for a confirmation, cut in logical order."""
    line = " ".join(words.split())
    return line if len(line) <= length else line[: length - 1] + "…"
