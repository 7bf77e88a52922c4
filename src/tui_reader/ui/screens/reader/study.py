"""Studying the text's terms from the reader."""

from __future__ import annotations

from tui_reader.core.errors import describe_os_error
from tui_reader.core.statuses import Context
from tui_reader.core.study import StudyStore
from tui_reader.ui.screens.reader.host import Host
from tui_reader.ui.screens.study import Scope, StudyScreen, StudySetupScreen, scopes_for


class StudyFeature(Host):
    """The study setup for this text's terms, and marking a term for study."""

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

    def action_mark_for_study(self) -> None:
        found = self._term_under_cursor()
        if found is None:
            self.notify("Put the word cursor on an Arabic term (left / right), then press m.")
            return
        if found.entry is None:
            self.notify(
                "This word is not a glossary term: a adds it to your glossary (then m marks "
                "it); 1-4 make it a word you are learning, which s drills too.",
                timeout=5,
            )
            return
        marked = self.study.toggle_mark(found.entry.id)
        try:
            self.study.save()
        except OSError as error:
            self.notify(f"Cannot save: {describe_os_error(error)}", severity="error")
            return
        state = "marked for study" if marked else "no longer marked for study"
        self.notify(f"“{found.entry.en}” {state}.", timeout=3, markup=False)
