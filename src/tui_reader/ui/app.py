"""The Textual application: themes, help, the glossary, and the reading screen."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui_reader.config import Config, remember
from tui_reader.core import library
from tui_reader.core.errors import describe_os_error, terminal_safe
from tui_reader.core.glossary import Glossary, GlossaryError
from tui_reader.core.glossary_cache import load_with_user
from tui_reader.core.positions import last_read
from tui_reader.core.text import Text, TextError
from tui_reader.paths import bundled_glossary_path, user_glossary_path
from tui_reader.ui.arabic import bidi, has_rtl
from tui_reader.ui.commands import ArabicCommandPalette, GlossaryCommands
from tui_reader.ui.messages import OpenText
from tui_reader.ui.screens.help import HelpScreen
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.note import ConfirmScreen, TypedIn
from tui_reader.ui.screens.reader import ReaderScreen


class ReaderApp(App[None]):
    TITLE = "tui-reader"
    CSS_PATH = "styles/app.tcss"
    COMMANDS = App.COMMANDS | {GlossaryCommands}
    NOTIFICATION_TIMEOUT = 3
    """Seconds a toast stays unless it says how long: a toast covers a corner of the text."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "toggle_help", "Help", key_display="?", id="app.help"),
        Binding("f1", "guide", "Guide", show=False, id="app.guide"),
        Binding("t", "toggle_dark", "Theme", show=False, id="app.theme"),
        Binding("L", "library", "Library", show=False, id="app.library"),
    ]

    def __init__(
        self,
        text: Text | None,
        config: Config | None = None,
        glossary_path: Path | None = None,
    ) -> None:
        """`text` None opens the library first."""
        super().__init__()
        self.text = text
        self.config = config or Config()
        self.visual = self.config.bidi == "app"
        """Whether tui-reader shapes and orders Arabic itself (`--bidi app`) or sends logical
        text for the terminal to (`--bidi terminal`): every screen, panel and input reads it."""
        self._remember_failed = False
        self.glossary: Glossary | None = None
        self.glossary_error = ""
        self.user_glossary_error = ""
        user = None if glossary_path is not None else user_glossary_path()
        try:
            self.glossary, self.user_glossary_error = load_with_user(
                glossary_path or bundled_glossary_path(), user
            )
        except GlossaryError as error:
            self.glossary_error = str(error)

    def on_mount(self) -> None:
        # What is loaded by now (modules, the text, the glossary) lives as long as the app:
        # moved out of the collector's reach, a full collection no longer walks a book's
        # worth of objects in the middle of a key press.
        gc.freeze()
        # A theme remembered from the palette that this Textual no longer has: the default.
        theme = self.config.theme
        self.theme = theme if theme in self.available_themes else Config().theme
        self.watch(self, "theme", self._theme_chosen, init=False)
        if self.text is None:
            self.push_screen(LibraryScreen(last_read()))
        else:
            self.push_screen(self._reader(self.text))
        if self.user_glossary_error:
            self.notify(
                f"{self.user_glossary_error}. Your imported terms are left out until it is "
                "fixed; `tui-reader glossary check` lists every problem.",
                title="Your glossary not loaded",
                severity="warning",
                timeout=15,
                markup=False,
            )
        if self.glossary_error:
            self.notify(
                f"{self.glossary_error}. The text opens without glossary highlighting; "
                "`tui-reader glossary check` lists every problem.",
                title="Glossary not loaded",
                severity="error",
                timeout=15,
                markup=False,
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification of every screen comes here: the messages quote titles, terms,
        file names and errors, so none is read as markup and none can drive the terminal."""
        # A toast is 60 cells, or half the screen, less its border and padding.
        width = min(56, self.size.width // 2 - 4)
        super().notify(
            _readable(terminal_safe(message, lines=True), width),
            title=_readable(terminal_safe(title), width),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def _theme_chosen(self, theme: str) -> None:
        self._remember("theme", theme)

    def on_reader_screen_layout_chosen(self, message: ReaderScreen.LayoutChosen) -> None:
        self.config = replace(self.config, layout=message.arrangement)
        self._remember("layout", message.arrangement)

    def _remember(self, key: str, value: str) -> None:
        """Keep a choice of `t` or `l` (or the palette's) for the next start; a config folder
        that cannot be written is said once, and the choice holds until the reader closes."""
        try:
            remember(key, value)
        except OSError as error:
            if not self._remember_failed:
                self._remember_failed = True
                self.notify(
                    f"Your choice of {key} holds until you quit: it cannot be remembered "
                    f"({describe_os_error(error)}).",
                    severity="warning",
                    timeout=8,
                )

    def on_open_text(self, message: OpenText) -> None:
        self.open_text(message.text_id, message.segment_index, message.hits)

    def open_text(
        self,
        text_id: str,
        segment_index: int | None = None,
        hits: tuple[tuple[int, str, int, int], ...] = (),
    ) -> None:
        """Read another text of the library, at a segment."""
        try:
            text = library.open_text(text_id)
        except TextError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.text = text
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(self._reader(text, segment_index, hits))

    def _reader(
        self,
        text: Text,
        start_at: int | None = None,
        hits: tuple[tuple[int, str, int, int], ...] = (),
    ) -> ReaderScreen:
        return ReaderScreen(
            text,
            self.glossary,
            arrangement=self.config.layout,
            visual=self.visual,
            start_at=start_at,
            hits=hits,
        )

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(ArabicCommandPalette(id="--command-palette"))

    def action_library(self) -> None:
        current = self.text.id if self.text is not None else None
        self.push_screen(LibraryScreen(current))

    def action_guide(self) -> None:
        self.push_screen(HelpScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "library":
            return not isinstance(self.screen, LibraryScreen)
        if action == "guide":
            return not isinstance(self.screen, HelpScreen)
        return True

    async def action_quit(self) -> None:
        """Quit (q, ctrl+q); with something typed in a note, draft or term form, only once the
        user says to discard it."""
        typing = any(isinstance(screen, TypedIn) and screen.typed() for screen in self.screen_stack)
        if not typing:
            self.exit()
            return
        if isinstance(self.screen, ConfirmScreen):
            return

        def answered(quit: bool | None) -> None:
            if quit:
                self.exit()

        self.push_screen(
            ConfirmScreen(
                "Quit and discard what you typed?", "y quits; n or escape goes back to it."
            ),
            answered,
        )

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    # The keys panel narrows the reading view like a side panel: the panes keep their
    # arrangement meanwhile (see `ReaderScreen.hold_arrangement`).
    def action_show_help_panel(self) -> None:
        screen = self.screen
        if isinstance(screen, ReaderScreen):
            screen.hold_arrangement()
        super().action_show_help_panel()

    def action_hide_help_panel(self) -> None:
        super().action_hide_help_panel()
        screen = self.screen
        if isinstance(screen, ReaderScreen):
            screen.release_arrangement(keys_panel_closing=True)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Guide", "What each mode of the reader is for, with its keys", self.action_guide
        )
        if isinstance(screen, ReaderScreen):
            yield SystemCommand(
                "Toggle layout", "Panes side by side or stacked", screen.action_toggle_layout
            )
            yield SystemCommand(
                "Toggle glossary panel",
                "Terms of this text and all terms",
                screen.action_toggle_glossary,
            )
            yield SystemCommand(
                "Toggle notes panel", "This text's notes", screen.action_toggle_notes
            )
            yield SystemCommand("Library", "Every text: open, delete", self.action_library)
            yield SystemCommand(
                "Copy",
                "The selected words, the word under the cursor, or the segment, as written",
                screen.action_copy_words,
            )
            for form, name in (
                ("tbx", "TBX (CAT tools)"),
                ("csv", "CSV"),
                ("anki", "an Anki deck"),
            ):
                yield SystemCommand(
                    f"Export glossary as {name}",
                    "To the current folder",
                    partial(screen.export_glossary, form),
                )
            yield SystemCommand(
                "Import glossary terms (TBX or CSV)",
                "Into your own glossary; conflicts are reported",
                screen.import_glossary,
            )
            yield SystemCommand(
                "Export text as TMX",
                "Translation memory, one unit per segment",
                partial(screen.export_text, "tmx"),
            )
            yield SystemCommand(
                "Export text as XLIFF",
                "With your notes on each segment, for a CAT tool",
                partial(screen.export_text, "xliff"),
            )
            yield SystemCommand(
                "Search",
                "Arabic (any vowel marks, hamza, forms), English, glossary, notes",
                screen.action_toggle_search,
            )
            yield SystemCommand(
                "Export notes as Markdown",
                "Passage, English, category, tags and note, to TEXT-notes.md here",
                lambda: screen.export_notes("md"),
            )
            yield SystemCommand(
                "Export notes as JSON (Web Annotation)",
                "W3C Web Annotation collection, to TEXT-notes.json here",
                lambda: screen.export_notes("json"),
            )


def _readable(message: str, width: int) -> str:
    """A toast quoting Arabic (a term, a passage), wrapped at `width` and each line in visual
    order, as the reading panes draw it; any other message as it is, for Textual to wrap.

    Left to right whatever it starts with: the messages are English sentences, and one that
    opens on a quoted word ("“مدينة” (مَدِين): learning 1") must not be read from the right."""
    if not has_rtl(message):
        return message
    return bidi(message, max(width, 10), rtl=False).plain
