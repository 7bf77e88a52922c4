"""The reader's glossary: terms found in the text, the entry dialog, the user's own terms."""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from tui_reader.core import user_terms
from tui_reader.core.errors import TuiReaderError, describe_os_error
from tui_reader.core.glossary import (
    Entry,
    Glossary,
    GlossaryError,
    Highlights,
    Lookup,
    find_highlights,
    occurrences,
)
from tui_reader.core.glossary_cache import load_with_user
from tui_reader.core.meaning import glossary_pos, meaning
from tui_reader.core.statuses import is_word, reading_of, readings
from tui_reader.paths import bundled_glossary_path, user_glossary_path
from tui_reader.ui.arabic import bidi
from tui_reader.ui.screens.entry import EntryRequest, EntryScreen
from tui_reader.ui.screens.note import ConfirmScreen
from tui_reader.ui.screens.reader.host import Host
from tui_reader.ui.screens.term_form import TermDraft, TermFormScreen
from tui_reader.ui.widgets.glossary_panel import GlossaryPanel
from tui_reader.ui.widgets.parallel import ParallelView


class TermsFeature(Host):
    """The glossary panel, the occurrences ] and [ step through, and the user's own terms."""

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

    def _terms_indexed(self, glossary: Glossary, highlights: list[Highlights]) -> None:
        if not self.is_attached:
            return
        self.view.set_highlights(glossary, highlights)
        found = occurrences(marked.terms for marked in highlights)
        self.occurrences = found
        self.text_terms = list(found)
        self._show_position(self.view.current)
        for panel in self.query(GlossaryPanel):
            panel.set_counts({entry_id: len(places) for entry_id, places in found.items()})
        self._settled()

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
            if is_word(word) and len(word.split()) == 1:
                screen = EntryScreen(
                    result,
                    self.own_terms,
                    readings(word),
                    reading_of(word, self.statuses.chosen).key,
                )
                self.app.push_screen(screen, self._entry_closed)
                return
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
        if request.action == "reading":
            self._choose_reading(request.word, request.lemma_key)
        elif request.entry is not None and request.action == "edit":
            self._edit_term(request.entry)
        elif request.entry is not None:
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
            self.notify(
                "Choose a term first: g opens the glossary panel, enter on a term goes to its "
                "first use; ] and [ then step through the others.",
                timeout=5,
            )
            return
        places = self.occurrences.get(self.stepping.id, [])
        if not places:
            self.notify(f"“{self.stepping.en}” does not occur in this text.", markup=False)
            return
        self._step = (self._step + step) % len(places)
        segment, start, end = places[self._step]
        view = self.view
        view.focus_span = (segment, start, end)
        view.go_to(segment)
        self.notify(
            f"{self.stepping.en}: {self._step + 1} of {len(places)} (] next, [ previous)",
            timeout=2,
            markup=False,
        )

    def action_toggle_glossary(self) -> None:
        panels = self.query(GlossaryPanel)
        if not panels:
            self.notify("No glossary is loaded.", severity="warning")
            return
        self._toggle_panel(panels.first(), "#glossary-filter")


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
