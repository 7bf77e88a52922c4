"""Search and the concordance, from the reader."""

from __future__ import annotations

from tui_reader.core.glossary import Lookup
from tui_reader.core.morphology import Analysis
from tui_reader.core.search import Hit
from tui_reader.ui.messages import OpenText
from tui_reader.ui.screens.entry import EntryScreen
from tui_reader.ui.screens.reader.host import Host
from tui_reader.ui.widgets.concordance_panel import ConcordancePanel
from tui_reader.ui.widgets.notes_panel import NotesPanel
from tui_reader.ui.widgets.search_panel import SearchPanel
from tui_reader.ui.widgets.side_panel import SidePanel


class SearchFeature(Host):
    """The search panel and its hits, and the concordance of the term under the cursor."""

    def action_toggle_search(self) -> None:
        self._toggle_panel(self.query_one(SearchPanel), "#search-query")

    def on_search_panel_hit_chosen(self, message: SearchPanel.HitChosen) -> None:
        hit = message.hit
        if hit.kind == "glossary" and self.glossary is not None:
            entry = self.glossary.by_id[hit.ref]
            self.app.push_screen(EntryScreen(Lookup(entry.ar, entry, Analysis(entry.ar))))
            return
        if hit.text_id != self.text.id:
            there = self._text_hits(message.hits, hit.text_id)
            chosen = (hit.segment_index or 0, hit.kind, hit.start, hit.end)
            # The chosen hit first: the reader opened on that text jumps to it.
            ordered = (chosen, *(h for h in there if h != chosen)) if chosen in there else ()
            self.post_message(OpenText(hit.text_id, hit.segment_index, ordered))
            return
        if hit.kind == "notes":
            placed = next((p for p in self.store.placed(self.text) if p.note.id == hit.ref), None)
            if placed is not None:
                self.on_notes_panel_note_chosen(NotesPanel.NoteChosen(placed))
            return
        here = self._text_hits(message.hits, self.text.id)
        self.show_hits(here, (hit.segment_index or 0, hit.kind, hit.start, hit.end))

    @staticmethod
    def _text_hits(hits: list[Hit], text_id: str) -> list[tuple[int, str, int, int]]:
        """The hits in one text's panes, as the view takes them."""
        return [
            (h.segment_index, h.kind, h.start, h.end)
            for h in hits
            if h.in_panes_of(text_id) and h.segment_index is not None
        ]

    def show_hits(
        self, hits: list[tuple[int, str, int, int]], chosen: tuple[int, str, int, int]
    ) -> None:
        """Highlight the hits, jump to `chosen`, and let n and N step through them."""
        view = self.view
        view.set_hits(hits)
        view.show_hit(view.hits.index(chosen))
        view.focus()
        self.notify(
            f"hit {view.hit_index + 1} of {len(view.hits)}: n / N next and previous, "
            "escape to end the search",
            timeout=4,
        )

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
        self.hold_arrangement()
        for other in self.query(SidePanel):
            other.display = other is panel
        self.refresh_bindings()
        panel.look_up(text, entry)
        panel.query_one("#concordance-pairs").focus()
