"""The reading screen: the parallel view, the side panels, a status line, the footer.

The screen keeps the keys (one `BINDINGS` list, so that help and the README read them in one
place), the panes, the reading position and the side panels; each feature's actions and
message handlers are in the mixins it inherits."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Label

from tui_reader.core import dictionary, library, user_terms
from tui_reader.core.dictionary import DictionaryError
from tui_reader.core.drafts import DraftStore
from tui_reader.core.errors import describe_os_error
from tui_reader.core.glossary import Entry, Glossary
from tui_reader.core.notes import NoteStore
from tui_reader.core.positions import load_positions, save_position
from tui_reader.core.qa import Issue
from tui_reader.core.statuses import Counts, StatusStore, TextWords
from tui_reader.core.study import StudyStore, due_count
from tui_reader.core.text import Text
from tui_reader.paths import user_glossary_path
from tui_reader.ui.arabic import plain
from tui_reader.ui.screens.reader.desk import DeskFeature
from tui_reader.ui.screens.reader.exchange import ExchangeFeature
from tui_reader.ui.screens.reader.notes import NotesFeature
from tui_reader.ui.screens.reader.search import SearchFeature
from tui_reader.ui.screens.reader.study import StudyFeature
from tui_reader.ui.screens.reader.terms import TermsFeature
from tui_reader.ui.screens.reader.words import WordsFeature
from tui_reader.ui.widgets.concordance_panel import ConcordancePanel
from tui_reader.ui.widgets.glossary_panel import GlossaryPanel
from tui_reader.ui.widgets.notes_panel import NotesPanel
from tui_reader.ui.widgets.parallel import SIDE_BY_SIDE_MIN_WIDTH, ParallelView
from tui_reader.ui.widgets.qa_panel import ChecksPanel
from tui_reader.ui.widgets.search_panel import SearchPanel
from tui_reader.ui.widgets.side_panel import SidePanel

POSITION_SAVE_DELAY = 0.5
STATUS_TITLE_ROOM = 12
"""Cells the status line leaves the title at least, before it drops what is least needed."""
"""Seconds after the last move before the reading position is written."""


class ReaderScreen(
    TermsFeature,
    NotesFeature,
    StudyFeature,
    SearchFeature,
    ExchangeFeature,
    DeskFeature,
    WordsFeature,
    Screen[None],
):
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
            show=False,
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
        hits: tuple[tuple[int, str, int, int], ...] = (),
    ) -> None:
        super().__init__()
        self.text = text
        self._start_at = start_at
        self._start_hits = hits
        """Hits of a search in another text that opened this one (see `OpenText`)."""
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
        self._drafted: int | None = None
        """How many segments have a draft, None until counted again."""
        self.qa_target = "draft"
        """What the checks read: "draft" or "reference"."""
        self._checked: dict[tuple[str, str, str], list[Issue]] = {}
        """Every issue of a segment, by (target, segment id, English): a save rechecks one."""
        self.issues: list[Issue] | None = None
        """The open issues of `qa_target`, None until checked."""
        self.own_terms = user_terms.own_ids(user_glossary_path())
        """Ids of the user's own terms, which the entry dialog can edit and delete."""
        self.statuses = StatusStore.open()
        self._dictionary_asked = False
        self.word_keys: TextWords | None = None
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
        self.watch(view, "current", self._segment_changed, init=False)
        self.watch(view, "hit_index", self._search_mode_changed, init=False)
        if self._start_hits:
            self.show_hits(list(self._start_hits), self._start_hits[0])
        if self.glossary is not None:
            # After the first paint: a thread indexing a book holds the GIL against it.
            self.call_after_refresh(self._index_terms, self.glossary)
        # The lexicon (10 MB, a few tenths of a second to read) is read in a thread when the
        # word cursor first appears, so that the first look-up finds it ready; a book whose
        # words were looked up before is read without it.
        self.watch(view, "word", self._word_cursor_moved, init=False)
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

    def _settled(self) -> None:
        """What a worker found for as long as the text is open (a book's words, its terms,
        its checks, the lexicon) goes out of the collector's reach, as the app does with what
        it loaded at start: a full collection would walk it in the middle of a key press."""
        gc.freeze()

    def _word_cursor_moved(self, word: tuple[int, int] | None) -> None:
        if word is not None and not self._dictionary_asked:
            self._dictionary_asked = True
            self._load_dictionary()

    @work(thread=True, exclusive=True, group="dictionary")
    def _load_dictionary(self) -> None:
        try:
            dictionary.load()
            self.app.call_from_thread(self._settled)
        except DictionaryError as error:
            self.app.call_from_thread(
                self.notify,
                f"dictionary unavailable: {error}",
                severity="warning",
                timeout=8,
                markup=False,
            )

    # Position -------------------------------------------------------------------------------

    def _segment_changed(self, index: int) -> None:
        # Shown as the view moves, not when a message about it comes: the status line is then
        # drawn in the frame that shows the page (a message, passed up through the view's
        # containers while the page below is laid out in a thread, came tens of milliseconds
        # later, and cost a second frame).
        self._show_position(index)
        # Saved a moment after the reader stops moving (and when the screen goes), not on
        # every key: each save is two fsyncs and a rename.
        self._unsaved_position = self.text.segments[index].id
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
        noted = f" · {notes} note{'s' if notes != 1 else ''}" if notes else ""
        waiting = due_count(self.study, self.text_terms) if self.text_terms else 0
        due = f" · {waiting} card{'s' if waiting != 1 else ''} due" if waiting else ""
        hits = len(self.view.hits)
        # n and N step through the hits until escape: said for as long as that lasts.
        searching = ""
        if hits:
            searching = f" · search: {hits} hit{'s' if hits != 1 else ''} · n/N · esc ends"
        # Numbers padded to their widest, so the label keeps its width from key to key: a
        # label that changes size makes Textual lay out the whole screen again.
        digits = len(str(total))
        head = f"segment {index + 1:>{digits}}/{total} · {percent:>3}%"
        parts = [noted, due, self._desk_status(total), searching, self._words_status()]
        # A line wider than the screen would be cut and leave the title no room: what does
        # not fit goes, the least needed first (the words' counts, the cards due, the notes,
        # which the margin's ✎ shows anyway, then the desk's, the only place that says which
        # English the pane shows); the position and the search stay.
        room = self.size.width - STATUS_TITLE_ROOM
        for dropped in (4, 1, 0, 2):
            if not self.size.width or len(head) + sum(map(len, parts)) + 2 <= room:
                break
            if dropped == 2 and parts[2]:
                # Shortened before it goes: "ref · drafted 6/17 · 15 issues".
                parts[2] = self._desk_status(total, short=True)
                if len(head) + sum(map(len, parts)) + 2 <= room:
                    break
            parts[dropped] = ""
        status = head + "".join(parts)
        label = self.query_one("#status-position", Label)
        label.update(status, layout=len(status) != len(str(label.content)))

    def on_screen_resume(self) -> None:
        # Drills may have moved words to known or back to learning.
        self._statuses_changed()
        self._show_position(self.view.current)

    # Side panels and the arrangement of the panes --------------------------------------------

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
        # What the status line holds depends on the width.
        self._show_position(self.view.current)

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

    def action_close_panel(self) -> None:
        """Escape with nothing left to clear in the view: close the open side panel."""
        for panel in self.query(SidePanel):
            panel.display = False
        self.release_arrangement()
        self.view.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only escape is shared, between clearing and closing. The other keys that depend on
        # where you are (x, e, d, [, ], 1-5, 0, i) stay bound, so that the keys panel lists
        # them and a key pressed in the wrong place says what it needs.
        if action == "close_panel":
            return any(panel.display for panel in self.query(SidePanel))
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
