"""Exports, imports and the clipboard, from the reader."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from tui_reader.core.errors import TuiReaderError, terminal_safe
from tui_reader.core.notes import export_notes
from tui_reader.paths import bundled_glossary_path, data_dir, user_glossary_path
from tui_reader.ui.screens.prompt import PromptScreen
from tui_reader.ui.screens.reader.host import Host

if TYPE_CHECKING:
    from tui_reader.core.exchange import Built


class ExchangeFeature(Host):
    """Notes, the text and the glossary out to files, terms in from a file, words to the
    clipboard."""

    def export_notes(self, form: str) -> None:
        """Notes as Markdown or Web Annotation JSON."""
        content = export_notes(self.text, self.store, form)
        self._export(f"{self.text.id}-notes.{form}", lambda: content)

    def export_text(self, form: str) -> None:
        """The aligned text as TMX, or XLIFF with the notes on each segment."""
        text = self.text
        if form == "tmx":
            from tui_reader.core.formats.tmx import build_tmx

            self._export(f"{text.id}.tmx", partial(build_tmx, text, self.drafts.texts()))
        else:
            from tui_reader.core.formats.xliff import build_xliff

            placed = self.store.placed(text)
            drafts = self.drafts.texts()
            self._export(f"{text.id}.xliff", partial(build_xliff, text, placed, drafts))

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
                if name.endswith(".tbx"):
                    # The TBX names its constraint file, which declares Arabic: beside it.
                    from tui_reader.core.formats.tbx import XCS_NAME, build_xcs

                    exchange.write_export(build_xcs(), folder / XCS_NAME)
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


def _cut(words: str, length: int = 40) -> str:
    """The start of copied words for a confirmation, cut in logical order."""
    line = " ".join(words.split())
    return line if len(line) <= length else line[: length - 1] + "…"
