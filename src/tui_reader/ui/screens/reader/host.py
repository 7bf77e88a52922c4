"""What the reading screen's feature mixins may use of the screen and of each other.

At run time a feature is a plain mixin of `ReaderScreen`: Textual finds its `action_*` methods
and its message handlers (looked up by name along the class's MRO) as if the screen defined
them. For mypy, a feature is a `ReaderHost`: a screen with the reader's state, and the few
methods one feature calls in another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui_reader.core.drafts import DraftStore
    from tui_reader.core.glossary import Entry, Glossary, Lookup
    from tui_reader.core.notes import NoteStore
    from tui_reader.core.qa import Issue
    from tui_reader.core.statuses import Counts, StatusStore, TextWords
    from tui_reader.core.study import StudyStore
    from tui_reader.core.text import Text
    from tui_reader.ui.widgets.notes_panel import NotesPanel
    from tui_reader.ui.widgets.parallel import ParallelView
    from tui_reader.ui.widgets.side_panel import SidePanel

    class ReaderHost(Screen[None]):
        text: Text
        glossary: Glossary | None
        _visual: bool
        occurrences: dict[str, list[tuple[int, int, int]]]
        stepping: Entry | None
        _step: int
        store: NoteStore
        study: StudyStore
        text_terms: list[str]
        drafts: DraftStore
        _drafted: int | None
        qa_target: str
        _checked: dict[tuple[str, str, str], list[Issue]]
        issues: list[Issue] | None
        own_terms: frozenset[str]
        statuses: StatusStore
        word_keys: TextWords | None
        word_counts: Counts | None
        _word_digits: int | None

        @property
        def view(self) -> ParallelView: ...

        def _show_position(self, index: int) -> None: ...

        def _settled(self) -> None: ...

        def _toggle_panel(self, panel: SidePanel, focus: str) -> None: ...

        def hold_arrangement(self) -> None: ...

        def _term_under_cursor(self) -> Lookup | None: ...

        def _reload_glossary(self) -> None: ...

        def _choose_reading(self, word: str, lemma_key: str) -> None: ...

        def on_notes_panel_note_chosen(self, message: NotesPanel.NoteChosen) -> None: ...

    Host = ReaderHost
else:
    Host = object
