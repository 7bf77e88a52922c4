"""Texts and terms in and out: imports into the library and the glossary, exports for
CAT tools and Anki."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace as replace_text
from pathlib import Path

import click

from tui_reader.cli.glossary import glossary
from tui_reader.cli.output import _count, _echo, _fail, _friendly, _load_glossary, _write_output
from tui_reader.cli.root import main
from tui_reader.core import library
from tui_reader.core.english import counted
from tui_reader.core.errors import shown
from tui_reader.core.importer import build_text, read_document, text_id_for
from tui_reader.core.letters import ARABIC_LETTER
from tui_reader.core.notes import NoteStore
from tui_reader.core.text import ID_PATTERN, TEXT_SUFFIXES, Text, TextError
from tui_reader.paths import bundled_glossary_path, user_glossary_path


@main.command("import")
@click.argument("arabic", metavar="AR_FILE", type=click.Path(path_type=Path))
@click.option("--en", "english", type=click.Path(path_type=Path), help="The English rendering.")
@click.option("--id", "text_id", help="The text's id (default: from the file name).")
@click.option("--title", help="The English title (default: the file name).")
@click.option("--title-ar", help="The Arabic title (default: the first sentence).")
@click.option("--replace", is_flag=True, help="Replace a text of yours with the same id.")
@_friendly
def import_command(
    arabic: Path,
    english: Path | None,
    text_id: str | None,
    title: str | None,
    title_ar: str | None,
    replace: bool,
) -> None:
    """Add a plain UTF-8 Arabic file (Markdown is read as text) or a Word .docx to your
    library, cut into sentences, aligned with its English (plain or .docx) when --en is
    given; or a TMX or XLIFF file, Arabic source and English target, a segment per unit."""
    suffix = arabic.suffix.lower()
    if suffix in _BITEXT_SUFFIXES:
        _import_bitext(arabic, english, text_id, title, title_ar, replace)
        return
    if suffix in TEXT_SUFFIXES:
        _import_text_file(arabic, english, text_id, title, title_ar, replace)
        return
    arabic_text = _read_any(arabic, needs_arabic=True)
    english_text = _read_any(english, needs_arabic=False) if english is not None else None
    identifier = text_id_for(arabic, text_id)
    big = len(arabic_text) > 200_000 and sys.stderr.isatty()
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True), disable=not big) as progress:
        task = progress.add_task("cutting into segments", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        text, alignment = build_text(
            arabic_text,
            english_text,
            identifier,
            title or text_id or arabic.name,
            str(arabic),
            advance,
        )
        if title_ar:
            text = replace_text(text, title_ar=title_ar)
        progress.update(task, description="saving")
        path = library.add_text(text, replace=replace)
    english_note = {
        "none": "no English yet",
        "sentence": "English aligned by sentence",
        "paragraph": "English aligned by sentence, some paragraphs as a whole",
    }[alignment.mode]
    _echo(f"{text.id}: {_count(len(text), 'segment')}, {english_note}, saved to {path}")
    for line in alignment.lines():
        _echo(f"  {line}", err=True)
    _echo(f"Read it with: tui-reader read {text.id}", err=True)


_BITEXT_SUFFIXES = (".tmx", ".xlf", ".xliff")


def _import_text_file(
    path: Path,
    english: Path | None,
    text_id: str | None,
    title: str | None,
    title_ar: str | None,
    replace: bool,
) -> None:
    """A tui-reader text file (YAML) taken into the library as it is: checked as `read` checks
    it (ids, keys, format), its segments and English kept, never read as plain text."""
    if english is not None:
        _fail(f"{path.name}: a text file carries its own English; --en is for plain files")
    text = library.load_text(path)
    if text_id and not ID_PATTERN.fullmatch(text_id):
        _fail(f"--id '{shown(text_id)}': use lowercase letters, digits and hyphens")
    text = replace_text(
        text,
        id=text_id or text.id,
        title_en=title or text.title_en,
        title_ar=title_ar or text.title_ar,
    )
    saved = library.add_text(text, replace=replace)
    english_note = "with its English" if any(s.en.strip() for s in text) else "no English yet"
    _echo(f"{text.id}: {_count(len(text), 'segment')}, {english_note}, saved to {saved}")
    _echo(f"Read it with: tui-reader read {text.id}", err=True)


def _read_any(path: Path, *, needs_arabic: bool) -> str:
    """A plain file's text, or a Word file's paragraphs one a line (its footnotes reported)."""
    if path.suffix.lower() != ".docx":
        return read_document(path, needs_arabic=needs_arabic)
    from tui_reader.core.formats.docx_in import read_docx
    from tui_reader.core.importer import MAX_IMPORT_BYTES
    from tui_reader.core.text import read_limited

    word = read_docx(read_limited(path, MAX_IMPORT_BYTES), str(path))
    if not word.text.strip():
        raise TextError(f"{path}: the document has no text")
    if needs_arabic and not ARABIC_LETTER.search(word.text):
        raise TextError(f"{path}: there is no Arabic in it (is this the English file?)")
    if word.footnotes:
        _echo(f"{path}: {_count(word.footnotes, 'footnote')} left out", err=True)
    return word.text


def _import_bitext(
    path: Path,
    english: Path | None,
    text_id: str | None,
    title: str | None,
    title_ar: str | None,
    replace: bool,
) -> None:
    """A TMX or XLIFF file as a text, its notes as the text's notes (whole-segment comments
    tagged "imported")."""
    from tui_reader.core.formats.bitext import read_tmx, read_xliff, text_from_bitext
    from tui_reader.core.importer import MAX_IMPORT_BYTES
    from tui_reader.core.notes import Anchor, new_note
    from tui_reader.core.text import read_limited

    if english is not None:
        _fail(f"{path}: --en is for plain and Word files; a TMX or XLIFF file holds its English")
    read = read_tmx if path.suffix.lower() == ".tmx" else read_xliff
    bitext = read(read_limited(path, MAX_IMPORT_BYTES), str(path))
    identifier = text_id_for(path, text_id)
    text = text_from_bitext(bitext, identifier, title or text_id or path.name, str(path))
    if title_ar:
        text = replace_text(text, title_ar=title_ar)
    saved = library.add_text(text, replace=replace)
    store = NoteStore.open(text.id)
    for index, body in bitext.notes:
        segment = text.segments[index if index is not None else 0]
        anchor = Anchor.make(segment, 0, len(segment.ar))
        store.put(new_note(anchor, body, "comment", ["imported"]))
    if bitext.notes:
        store.save()
    translated = sum(1 for segment in text.segments if segment.en)
    _echo(
        f"{text.id}: {_count(len(text), 'segment')}, {translated} with English, "
        f"{_count(len(bitext.notes), 'note')}, saved to {saved}"
    )
    _echo(f"Read it with: tui-reader read {text.id}", err=True)


@glossary.command("export")
@click.option("--format", "form", type=click.Choice(["tbx", "csv", "anki"]), required=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Default: here.")
@click.option(
    "--bom/--no-bom",
    default=True,
    show_default=True,
    help="CSV: start with a byte-order mark, so that Excel reads the Arabic.",
)
@click.option(
    "--only",
    type=click.Choice(["marked", "learning"]),
    help="Anki: only the terms marked for study, or the words you are learning, each with "
    "the sentence it was met in.",
)
@_friendly
def glossary_export(form: str, output: Path | None, bom: bool, only: str | None) -> None:
    """The glossary (with your imported terms) as TBX-Basic for CAT tools (with the constraint
    file it names beside it), CSV with a header row, or an Anki deck (.apkg) with cards both
    ways."""
    from tui_reader.core import exchange
    from tui_reader.core.formats.csvfile import build_csv
    from tui_reader.core.formats.tbx import XCS_NAME, build_xcs

    if only is not None:
        if form != "anki":
            raise click.UsageError("--only is for --format anki")
        _export_anki_only(only, output)
        return
    glossary = _load_glossary()
    suffix, build = exchange.GLOSSARY_FORMATS[form]
    built = build_csv(glossary, bom=bom) if form == "csv" else build(glossary)
    where = _write_output(output, f"tui-reader-glossary.{suffix}", built)
    _echo(f"{counted(len(glossary), 'entry')} written to {where}", err=True)
    if form == "tbx" and where != "standard output":
        exchange.write_export(build_xcs(), Path(where).parent / XCS_NAME)


def _export_anki_only(only: str, output: Path | None) -> None:
    """The marked terms, or the words being learnt, as an Anki deck with their sentences."""
    from tui_reader.core.formats.anki import (
        build_anki,
        build_words_anki,
        learning_notes,
        term_contexts,
    )
    from tui_reader.core.library import load_text
    from tui_reader.core.statuses import StatusStore
    from tui_reader.core.study import StudyStore, marked_entry_ids

    if only == "learning":
        store = StatusStore.open()
        if store.damaged:
            _fail(f"{store.damaged}. The file is left as it is")
        notes = learning_notes(store)
        where = _write_output(output, "tui-reader-learning.apkg", build_words_anki(notes))
        _echo(f"{_count(len(notes), 'word')} written to {where}", err=True)
        return
    glossary = _load_glossary()
    study = StudyStore.open()
    if study.damaged:
        _fail(f"{study.damaged}. The file is left as it is")
    marked = marked_entry_ids(glossary, study)

    def texts() -> Iterator[Text]:
        for entry in library.entries():
            try:
                yield load_text(entry.path)
            except TextError:
                continue

    contexts = term_contexts(glossary, texts(), marked)
    built = build_anki(glossary, only=marked, contexts=contexts)
    where = _write_output(output, "tui-reader-marked.apkg", built)
    _echo(f"{_count(len(marked), 'marked term')} written to {where}", err=True)


@glossary.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@_friendly
def glossary_import(file: Path) -> None:
    """Add terms from a TBX or CSV file to your own glossary (never to the bundled one):
    new terms are added, duplicates skipped, and terms whose English differs from an existing
    entry are reported as conflicts and left out."""
    from tui_reader.core import exchange

    for line in exchange.import_terms(file, bundled_glossary_path(), user_glossary_path()).lines():
        _echo(line)


@main.command("export")
@click.argument("text", metavar="ID_OR_PATH")
@click.argument("folder", metavar="[DIR]", type=click.Path(path_type=Path), required=False)
@click.option("--format", "form", type=click.Choice(["tmx", "xliff", "omegat"]), required=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Default: here.")
@_friendly
def export_text(text: str, folder: Path | None, form: str, output: Path | None) -> None:
    """A text's aligned segments as TMX 1.4b (a translation memory), XLIFF 1.2 (with your
    notes on each segment, for a CAT tool), or a whole OmegaT project in DIR (default:
    ID-omegat here) with the Arabic to translate, the English as a translation memory and
    the glossary."""
    from tui_reader.core.formats.tmx import build_tmx
    from tui_reader.core.formats.xliff import build_xliff

    loaded = library.open_text(text)
    output = output or folder
    if form == "omegat":
        _export_omegat(loaded, output)
        return
    from tui_reader.core.drafts import DraftStore

    drafts = DraftStore.open(loaded.id)
    if drafts.damaged:
        _echo(f"warning: {drafts.damaged}; the reference English is exported", err=True)
    if form == "tmx":
        built = build_tmx(loaded, drafts.texts())
    else:
        built = build_xliff(loaded, NoteStore.open(loaded.id).placed(loaded), drafts.texts())
    where = _write_output(output, f"{loaded.id}.{form}", built)
    if len(drafts):
        _echo(
            f"{loaded.id}: {_count(len(drafts), 'draft')} of yours taken as the English",
            err=True,
        )
    left_out = len(loaded) - built.units
    if not left_out:
        _echo(f"{loaded.id}: {_count(built.units, 'segment')} written to {where}", err=True)
    elif built.units:
        _echo(
            f"{loaded.id}: {_count(built.units, 'segment')} written to {where}; "
            f"{left_out} without English left out",
            err=True,
        )
    else:
        _echo(f"{loaded.id}: no segment has English: {where} holds no translation unit", err=True)


def _export_omegat(text: Text, folder: Path | None) -> None:
    from tui_reader.core import exchange
    from tui_reader.core.formats.omegat import build_omegat_project

    if folder is not None and str(folder) == "-":
        _fail("an OmegaT project is a folder: give one, not '-'")
    target = folder if folder is not None else Path.cwd() / f"{text.id}-omegat"
    project = build_omegat_project(text, _load_glossary())
    exchange.write_project(project, target)
    warning = project.warning()
    if warning:
        _echo(f"warning: {warning}", err=True)
    _echo(
        f"{text.id}: OmegaT project in {target}: {_count(project.segments, 'segment')} to "
        f"translate, {project.translated} with reference English in tm/; open the folder "
        "in OmegaT (Project > Open)",
        err=True,
    )
