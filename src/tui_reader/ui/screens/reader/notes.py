"""The reader's notes: the notes panel, adding, editing and deleting notes."""

from __future__ import annotations

from tui_reader.core.errors import describe_os_error
from tui_reader.core.notes import Anchor, NotesError, Placed, edited, new_note
from tui_reader.ui.arabic import bidi, plain
from tui_reader.ui.screens.note import ConfirmScreen, Draft, NoteScreen
from tui_reader.ui.screens.reader.host import Host
from tui_reader.ui.widgets.notes_panel import NotesPanel


class NotesFeature(Host):
    """Notes on the text, in the view and in the notes panel."""

    def action_toggle_notes(self) -> None:
        self._toggle_panel(self.query_one(NotesPanel), "#notes-list")

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
