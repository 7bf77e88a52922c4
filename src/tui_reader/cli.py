"""The command line: a thin face over the core, like the TUI."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace as replace_text
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.cells import cell_len

from tui_reader.config import BIDI_MODES, Config, load_config
from tui_reader.core import library
from tui_reader.core.display import layout, render_lines
from tui_reader.core.editing import from_screen_order
from tui_reader.core.errors import TuiReaderError, describe_os_error, terminal_safe
from tui_reader.core.glossary import (
    Glossary,
    check_glossary,
    entry_fields,
    load_with_user,
)
from tui_reader.core.importer import build_text, read_document, text_id_for
from tui_reader.core.letters import ARABIC_LETTER
from tui_reader.core.meaning import Meaning, meaning, parts
from tui_reader.core.notes import (
    NotesError,
    NoteStore,
    export_notes,
)
from tui_reader.core.search import KINDS, Hit, Query, QueryError, search
from tui_reader.core.text import Text, TextError, decode_utf8
from tui_reader.paths import bundled_glossary_path, user_glossary_path

if TYPE_CHECKING:
    from rich.text import Text as RichText

    from tui_reader.core.exchange import Built

# Rich's console and progress bar are imported in the two commands that draw with them: at
# the top, they would cost every command 20 ms, a tenth of what a search of a book takes.

F = TypeVar("F", bound=Callable[..., Any])

# Terminal BiDi recommendation (terminal-wg): "explicit" mode tells a terminal that does bidi
# itself (VTE, mintty) that the program has already reordered; "implicit" gives it back.
BDSM_EXPLICIT = "\x1b[8l"
BDSM_IMPLICIT = "\x1b[8h"


def _echo(message: str | list[str | RichText] = "", *, err: bool = False, nl: bool = True) -> None:
    """Every line the command line prints goes through here, so that no title, id, tag, term,
    file name or message quoting a file can drive the terminal (a title change, a clipboard
    write): its control characters are shown as symbols, bidi overrides dropped. Newlines and
    tabs stay; a field that could hold one is made one field with `terminal_safe` first.

    Styled text (Rich, in a list of pieces) is made safe piece by piece, and only then turned
    into the escape sequences of its styles: those are the only ones that reach the terminal."""
    if isinstance(message, str):
        click.echo(terminal_safe(message, lines=True, tabs=True), err=err, nl=nl)
        return
    from rich.console import Console
    from rich.text import Text as RichText

    console = Console(highlight=False, markup=False, soft_wrap=True)
    out = []
    for part in message:
        if isinstance(part, str):
            out.append(terminal_safe(part, lines=True, tabs=True))
            continue
        safe = RichText.assemble(
            *((terminal_safe(piece.text), piece.style or "") for piece in part.render(console))
        )
        with console.capture() as captured:
            console.print(safe, end="")
        out.append(captured.get())
    click.echo("".join(out), err=err, nl=nl)


def _json(data: object) -> str:
    return _safe_json(json.dumps(data, ensure_ascii=False, indent=2))


def _safe_json(dumped: str) -> str:
    """JSON for the terminal and for programs alike: what `_echo` would have to drop (control,
    format and separator characters, which JSON allows only inside strings) is written as a
    \\u escape, so the data stays exact."""
    return "\n".join(
        line if line.isprintable() else "".join(_json_char(char) for char in line)
        for line in dumped.split("\n")
    )


def _json_char(char: str) -> str:
    return char if char.isprintable() else json.dumps(char)[1:-1]


def _echo_data(content: str) -> None:
    """A file's content on standard output: exact in a pipe, where a program reads it; made
    safe like every other line on a terminal, where a person does."""
    if _stdout_is_terminal():
        _echo(content, nl=False)
    else:
        click.echo(content, nl=False)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _fail(message: str) -> None:
    _echo(f"tui-reader: {message}", err=True)
    sys.exit(1)


def _friendly(command: F) -> F:
    """Bad input ends with one line on stderr and exit 1; a traceback only with --debug."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(click.get_current_context().find_root().params.get("debug"))
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:
            # The reader of a pipe (`head`) has had enough: stop quietly, as `cat` does.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except TuiReaderError as error:
            if debug:
                raise
            _fail(str(error))
        except OSError as error:
            if debug:
                raise
            _fail(describe_os_error(error))

    return wrapper  # type: ignore[return-value]


def _config(bidi: str | None) -> Config:
    """The settings for this command; the file is read once per command, not once per line
    printed."""
    root = click.get_current_context().find_root()
    config = root.meta.get("tui_reader.config")
    if config is None:
        config = root.meta["tui_reader.config"] = load_config()
    bidi = bidi or root.params.get("bidi")
    if bidi:
        config = Config(bidi=bidi, theme=config.theme, layout=config.layout)
    return config


def _bidi_option(command: F) -> F:
    return click.option(
        "--bidi",
        type=click.Choice(BIDI_MODES),
        default=None,
        help="app: shape and reorder Arabic here (default); terminal: send logical text to a "
        "terminal that does bidi itself (Konsole, mlterm).",
    )(command)


def _run_reader(text: Text | None, config: Config) -> None:
    from rich.console import Console

    from tui_reader.ui.app import ReaderApp

    app = ReaderApp(text, config)
    debug = bool(click.get_current_context().find_root().params.get("debug"))
    if not debug:
        # Textual prints a crash's traceback, with its locals, as it exits: one line instead.
        app.error_console = Console(file=io.StringIO())
    explicit = config.bidi == "app" and sys.stdout.isatty()
    if explicit:
        sys.stdout.write(BDSM_EXPLICIT)
        sys.stdout.flush()
    try:
        app.run()
    finally:
        if explicit:
            sys.stdout.write(BDSM_IMPLICIT)
            sys.stdout.flush()
    # Textual keeps the exception that stopped the app (for test frameworks) here.
    error = app._exception
    if error is not None or app.return_code:
        what = f" ({type(error).__name__}: {error})" if error is not None else ""
        _fail(f"the reader stopped on an unexpected error{what}; --debug shows where")


def run() -> None:
    """The console script: click's usage errors as one line (exit status 2), like ours."""
    try:
        code = main.main(prog_name="tui-reader", standalone_mode=False)
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx else "tui-reader"
        message = error.format_message().rstrip(".")
        _echo(f"tui-reader: {message} (see '{where} --help')", err=True)
        sys.exit(2)
    except click.ClickException as error:
        _echo(f"tui-reader: {error.format_message()}", err=True)
        sys.exit(error.exit_code)
    except click.Abort:
        _echo("tui-reader: aborted", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _version(ctx: click.Context, value: bool) -> None:
    """The version, and whether GNU FriBidi's library draws `render`'s Arabic (see
    `core/fribidi.py`), for a bug report."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    from tui_reader.core.fribidi import describe

    click.echo(f"tui-reader, version {version('tui-reader')}\n{describe()}")
    ctx.exit()


@click.group(invoke_without_command=True)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@_bidi_option
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _version(ctx, value),
    help="Show the version and what draws the Arabic, and exit.",
)
@click.pass_context
@_friendly
def main(ctx: click.Context, debug: bool, bidi: str | None) -> None:
    """A terminal reader for Arabic texts beside their English rendering.

    With no command: the bundled article, or the library when you have imported texts.
    """
    if ctx.invoked_subcommand is None:
        several = len(library.entries()) > 1
        text = None if several else library.open_text(library.DEFAULT_TEXT_ID)
        _run_reader(text, _config(bidi))


@main.command()
@click.argument("text", metavar="ID_OR_PATH", default=library.DEFAULT_TEXT_ID)
@_bidi_option
@_friendly
def read(text: str, bidi: str | None) -> None:
    """Open a text in the reader: a text id, a text file (.yaml) or a plain UTF-8 file."""
    _run_reader(library.open_text(text), _config(bidi))


@main.command()
@click.argument("text", metavar="[ID_OR_PATH|-]", default=library.DEFAULT_TEXT_ID)
@click.option(
    "--width",
    type=click.IntRange(min=1, max=10_000),
    default=None,
    help="Line width in cells (default: the terminal's, or 80 in a pipe).",
)
@_bidi_option
@_friendly
def render(text: str, width: int | None, bidi: str | None) -> None:
    """Print the Arabic as the reader's Arabic pane shows it, one visual line per line.

    For pipes, and for terminals without bidi. Segments are separated by a blank line.
    `tui-reader --version` says whether GNU FriBidi's library draws it (the same lines).
    """
    config = _config(bidi)
    if text == "-":
        content = decode_utf8(sys.stdin.buffer.read(), "<stdin>")
        loaded = library.text_from_plain(content, "stdin")
    else:
        loaded = library.open_text(text)
    if width is None:
        width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80
    visual = config.bidi == "app"
    for index, segment in enumerate(loaded):
        lines = render_lines(segment.ar, width, rtl=True, visual=visual)
        _echo(("\n" if index else "") + "\n".join(lines))


LABEL_WIDTH = 18


def _draws_arabic() -> bool:
    """Whether output goes to a terminal that does no bidi of its own (the default): there,
    Arabic is printed as the reader draws it; in pipes and files, as logical text."""
    return _config(None).bidi == "app" and sys.stdout.isatty()


def _field(label: str, value: str, arabic: bool) -> str:
    """`label: value` for the terminal. On a terminal that does no bidi (the default), the value
    goes through the display pipeline with its own direction, wrapped under the label; in pipes
    and files, and with --bidi terminal, it stays logical text on one line."""
    head = f"{label + ':':<{LABEL_WIDTH}}" if label else ""
    if not _draws_arabic():
        return head + value
    width = max(shutil.get_terminal_size((80, 24)).columns - LABEL_WIDTH - 1, 20)
    lines = [line.text for line in layout(value, width, rtl=arabic)]
    return head + ("\n" + " " * LABEL_WIDTH).join(lines)


def _inline(value: str) -> str:
    """A value on one line of a tab-separated listing: on a terminal that does no bidi, as
    the reader would draw it (Arabic shaped, right to left); elsewhere logical text."""
    if not value or not _draws_arabic():
        return value
    rtl = ARABIC_LETTER.search(value) is not None
    return "".join(line.text for line in layout(value, cell_len(value) + 1, rtl=rtl))


def _load_glossary() -> Glossary:
    """The bundled glossary and the user's imported terms (reported and left out if broken)."""
    glossary, user_problem = load_with_user(bundled_glossary_path(), user_glossary_path())
    if user_problem:
        _echo(f"tui-reader: {user_problem} (your imported terms are left out)", err=True)
    return glossary


@main.group()
def glossary() -> None:
    """The terminology glossary."""


@glossary.command("check")
@click.argument("file", type=click.Path(path_type=Path), required=False)
@_friendly
def glossary_check(file: Path | None) -> None:
    """Report every problem in a glossary file (default: the bundled glossary.yaml) with its
    line and column. Exit status 0 only when it is clean."""
    path = file or bundled_glossary_path()
    entries, problems = check_glossary(path)
    for problem in problems:
        _echo(str(problem))
    if problems:
        _echo(f"{_count(len(problems), 'problem')} in {path}", err=True)
        sys.exit(1)
    _echo(f"{path}: {len(entries)} entries, no problems")


@main.command()
@click.argument("words", metavar="WORD...", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_friendly
def lookup(words: tuple[str, ...], as_json: bool) -> None:
    """What WORD... means: the glossary entry (Arabic as it stands in a text, with prefixes,
    suffixes and vowel marks, or English), then the dictionary's analyses (or, for English,
    the lemmas glossed so). Several words need no quotes; a line copied from a terminal that
    drew Arabic in visual order is put back in reading order. Exit status 1 when nothing is
    found."""
    query = from_screen_order(" ".join(words)).strip()
    found = meaning(query, _load_glossary())
    if found.dictionary_error:
        _echo(f"tui-reader: dictionary unavailable: {found.dictionary_error}", err=True)
    if as_json:
        _echo(_json(_meaning_record(found)))
    else:
        _echo_meaning(found)
    if not found.anything:
        where = "glossary" if found.dictionary_error else "glossary or the dictionary"
        _echo(f"tui-reader: nothing found for '{terminal_safe(query)}' in the {where}", err=True)
        sys.exit(1)


def _meaning_record(found: Meaning) -> dict[str, object]:
    record: dict[str, object] = {
        "word": found.query,
        "language": "en" if found.english else "ar",
        "found": found.anything,
        "entries": [
            {**entry.record(), "transliteration": entry.transliteration} for entry in found.entries
        ],
    }
    if found.entries and not found.english:
        record["entry"] = record["entries"][0]  # type: ignore[index]
    if found.found is not None and found.found.analysis is not None:
        record["analysis"] = {
            "proclitics": list(found.found.analysis.proclitics),
            "stem": found.found.analysis.stem,
            "suffixes": list(found.found.analysis.suffixes),
        }
    record["dictionary"] = [
        {"word": word.word, "lemmas": [lemma.as_dict() for lemma in word.lemmas]}
        for word in found.words
    ]
    if found.dictionary_error:
        record["dictionary_error"] = found.dictionary_error
    return record


def _echo_meaning(found: Meaning) -> None:
    if found.entries:
        entry = found.entries[0]
        analysis = found.found.analysis if found.found is not None else None
        for label, value, arabic in entry_fields(entry, analysis, found.query):
            _echo(_field(label, terminal_safe(value, lines=True), arabic))
    if len(found.entries) > 1:
        # An English word is in many entries' English: the best in full, the others named.
        _echo("")
        for entry in found.entries[1:]:
            line = f"{entry.en} = {entry.ar} ({entry.id})"
            _echo(_field("also", terminal_safe(line), False))
    for word in found.words:
        if not word.lemmas:
            continue
        _echo("")
        heading = f"dictionary: {word.word}" if not found.english else "dictionary"
        _echo(_field("", terminal_safe(heading), not found.english).strip())
        for lemma in word.lemmas:
            reading = lemma.first
            _echo("")
            rows = [
                ("lemma", reading.lemma, True),
                ("vocalized", reading.vocalized, True),
                ("part of speech", reading.pos, False),
                ("English", reading.gloss, False),
            ]
            if reading.prefixes or reading.suffixes:
                rows.append(("parts", parts(reading), True))
            for label, value, arabic in rows:
                _echo(_field(label, terminal_safe(value), arabic))


def _notes_of(reference: str) -> tuple[Text, NoteStore]:
    text = library.open_text(reference)
    store = NoteStore.open(text.id)
    if store.damaged:
        raise NotesError(
            f"{store.damaged}. The file is left as it is; the reader sets it aside "
            "when you next save a note"
        )
    if store.repaired:
        _echo(f"tui-reader: {store.repaired}", err=True)
    return text, store


@main.group()
def notes() -> None:
    """Notes on a text: list them, take them out."""


@notes.command("list")
@click.argument("text", metavar="[ID_OR_PATH]", default=library.DEFAULT_TEXT_ID)
@_friendly
def notes_list(text: str) -> None:
    """One line per note: id, segment, category, tags, the passage and the note's first line."""
    loaded, store = _notes_of(text)
    placed = sorted(
        store.placed(loaded),
        key=lambda p: (p.segment_index is None, p.segment_index or 0, p.start),
    )
    if not placed:
        _echo(f"No notes on {loaded.id}.", err=True)
        return
    for item in placed:
        note = item.note
        where = (
            loaded.segments[item.segment_index].id if item.segment_index is not None else "orphaned"
        )
        tags = ",".join(note.tags) or "-"
        quote = terminal_safe(note.anchor.quote)
        quote = quote if len(quote) <= 40 else quote[:39] + "…"
        first = terminal_safe((note.body.strip().splitlines() or [""])[0])
        fields = (note.id, where, note.category, tags, _inline(quote), _inline(first))
        _echo("\t".join(map(terminal_safe, fields)))


@notes.command("export")
@click.argument("text", metavar="[ID_OR_PATH]", default=library.DEFAULT_TEXT_ID)
@click.option(
    "--format", "form", type=click.Choice(["md", "json"]), default="md", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="Write to a file, not stdout."
)
@_friendly
def notes_export(text: str, form: str, output: Path | None) -> None:
    """Markdown (passage, English, category, tags, note) or JSON in the W3C Web Annotation
    model (a TextQuoteSelector and a TextPositionSelector per note)."""
    loaded, store = _notes_of(text)
    content = export_notes(loaded, store, form)
    if output is None or str(output) == "-":
        _echo_data(_safe_json(content) if form == "json" else content)
    else:
        where = _write_output(output, output.name, content)
        _echo(f"{_count(len(store), 'note')} written to {where}", err=True)


def _split_kinds(value: str) -> tuple[str, ...]:
    kinds = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise click.BadParameter(f"use some of: {', '.join(KINDS)}", param_hint="'--in'")
    return kinds


def _hit_text(hit: Hit) -> RichText:
    """A hit's snippet as the reader draws it, the match in reverse video."""
    from rich.text import Text as RichText

    before, match, after = hit.snippet()
    line = before + match + after
    width = max(shutil.get_terminal_size((80, 24)).columns - 30, 20)
    visual = layout(line, max(width, cell_len(line)), rtl=hit.rtl)[0]
    styled = RichText()
    for cluster in visual.clusters:
        inside = cluster.start < len(before) + len(match) and cluster.end > len(before)
        styled.append(cluster.text, style="bold reverse" if inside else "")
    return styled


@main.command("search")
@click.argument("query")
@click.option("--in", "kinds", default=",".join(KINDS), show_default=True, help="Where to look.")
@click.option("--text", "text_ref", metavar="ID_OR_PATH", help="Only this text (default: all).")
@click.option("--regex", is_flag=True, help="QUERY is a regular expression (on folded text).")
@click.option("--forms", is_flag=True, help="Arabic words match their inflected forms too.")
@click.option("--whole-word", is_flag=True, help="Match whole words only.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_friendly
def search_command(
    query: str,
    kinds: str,
    text_ref: str | None,
    regex: bool,
    forms: bool,
    whole_word: bool,
    as_json: bool,
) -> None:
    """Find QUERY in the texts (Arabic and English), their notes and the glossary, whatever
    the vowel marks, hamza or alef forms. Exit status 1 when nothing is found, 2 for a bad
    query."""
    # A query copied from a terminal's screen (a line tui-reader drew, say) is in visual order.
    query = from_screen_order(query)
    try:
        request = Query(query, _split_kinds(kinds), regex, forms, whole_word)
        request.pattern()
    except (QueryError, click.BadParameter) as error:
        message = error.format_message() if isinstance(error, click.BadParameter) else str(error)
        _echo(f"tui-reader: {message}", err=True)
        sys.exit(2)
    texts = [library.open_text(text_ref)] if text_ref is not None else library.load_all()
    stores = (
        {text.id: NoteStore.open(text.id) for text in texts} if "notes" in request.kinds else {}
    )
    glossary = _load_glossary() if "glossary" in request.kinds else None
    try:
        hits = search(request, texts, glossary, stores)
    except QueryError as error:
        _echo(f"tui-reader: {error}", err=True)
        sys.exit(2)
    if as_json:
        records = [
            {
                "kind": hit.kind,
                "text": hit.text_id,
                "segment": hit.segment_id,
                "field": hit.field,
                "ref": hit.ref,
                "start": hit.start,
                "end": hit.end,
                "match": hit.source[hit.start : hit.end],
                "snippet": "".join(hit.snippet()),
            }
            for hit in hits
        ]
        _echo(_json({"query": query, "count": len(hits), "hits": records}))
    else:
        _echo_hits(hits)
        if hits:
            _echo(_count(len(hits), "hit"), err=True)
    if not hits:
        _echo(f"tui-reader: nothing found for '{query}'", err=True)
        sys.exit(1)


def _echo_hits(hits: list[Hit]) -> None:
    """One line per hit, in one write: an echo per hit costs more than the search on a book."""
    heads = []
    for hit in hits:
        where = [hit.ref] if hit.kind == "glossary" else [hit.text_id, hit.segment_id or ""]
        field = f"{hit.kind}:{hit.field}" if hit.field != hit.kind else hit.kind
        heads.append("\t".join(map(terminal_safe, [field, *where, f"{hit.start}-{hit.end}"])))
    if not _draws_arabic():
        lines = []
        for head, hit in zip(heads, hits, strict=True):
            before, match, after = hit.snippet()
            lines.append(f"{head}\t{terminal_safe(f'{before}[{match}]{after}')}\n")
        _echo("".join(lines), nl=False)
        return
    parts: list[str | RichText] = []
    for head, hit in zip(heads, hits, strict=True):
        parts += [head + "\t", _hit_text(hit), "\n"]
    _echo(parts, nl=False)


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
    _echo(f"{text.id}: {len(text)} segments, {english_note}, saved to {path}")
    for line in alignment.lines():
        _echo(f"  {line}", err=True)
    _echo(f"Read it with: tui-reader read {text.id}", err=True)


_BITEXT_SUFFIXES = (".tmx", ".xlf", ".xliff")


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


@main.command("texts")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_friendly
def texts_command(as_json: bool) -> None:
    """The texts in your library: id, where it comes from, segments, progress, notes, titles,
    and its words new, learning and known (by lemma) with the percentage of running words
    known."""
    from tui_reader.core.library import load_text
    from tui_reader.core.statuses import StatusStore, text_counts

    found = library.summaries()
    store = StatusStore.open()
    if store.damaged:
        _echo(f"warning: {terminal_safe(store.damaged)}: every word counted as new", err=True)
    counts = {}
    for s in found:
        try:
            counts[s.id] = text_counts(load_text(s.path), store)
        except (TextError, OSError):
            continue
    if as_json:
        records = [
            {
                "id": s.id,
                "bundled": s.bundled,
                "segments": s.segments,
                "progress": s.progress,
                "notes": s.notes,
                "title_en": s.title_en,
                "title_ar": s.title_ar,
                "path": str(s.path),
                "words": counts[s.id].record() if s.id in counts else None,
            }
            for s in found
        ]
        _echo(_json(records))
        return
    for s in found:
        origin = "bundled" if s.bundled else "yours"
        title_ar = _field("", terminal_safe(s.title_ar), True).strip()
        words = counts[s.id].line() if s.id in counts else "-"
        _echo(
            f"{terminal_safe(s.id)}\t{origin}\t{_count(s.segments, 'segment')}"
            f"\t{s.progress}% read\t{_count(s.notes, 'note')}\t{words}"
            f"\t{terminal_safe(s.title_en)}\t{title_ar}"
        )


@main.group("statuses")
def statuses_group() -> None:
    """Your word statuses (new, learning 1-4, known, ignored), by lemma, as CSV."""


@statuses_group.command("export")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Default: here.")
@_friendly
def statuses_export(output: Path | None) -> None:
    """Every lemma with a status: lemma_key, status, lemma, and the text and sentence it was
    met in."""
    from tui_reader.core.statuses import StatusStore, export_csv

    store = StatusStore.open()
    if store.damaged:
        _fail(f"{store.damaged}. The file is left as it is")
    # With a byte-order mark, so that Excel reads the Arabic (the import takes it off).
    built = "\ufeff" + export_csv(store)
    where = _write_output(output, "tui-reader-statuses.csv", built)
    _echo(f"{_statuses(len(store.entries))} written to {where}", err=True)


@statuses_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@_friendly
def statuses_import(file: Path) -> None:
    """Statuses from a CSV with lemma_key and status columns (as `statuses export` writes):
    each row sets its lemma's status; a bad row anywhere changes nothing."""
    from tui_reader.core.statuses import IMPORT_BYTES, StatusesError, StatusStore, import_csv
    from tui_reader.core.text import read_limited

    store = StatusStore.open()
    try:
        done = import_csv(read_limited(file, IMPORT_BYTES), str(file), store)
    except StatusesError as error:
        _fail(str(error))
    store.save()
    _echo(f"{_statuses(done)} imported from {terminal_safe(str(file))}", err=True)


def _statuses(number: int) -> str:
    return f"{number} status{'' if number == 1 else 'es'}"


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def _write_output(output: Path | None, default: str, built: Built) -> str:
    """Write an export to the file the user named with -o (`default` in this folder without
    one); "-" is standard output. Says what the export had to change, and returns where it
    went, for the message."""
    from tui_reader.core import exchange

    if output is not None and str(output) == "-":
        sys.stdout.flush()
        exchange.write_export(built, sys.stdout.buffer)
        where = "standard output"
    else:
        path = output if output is not None else Path.cwd() / default
        target_folder = Path(os.path.realpath(path)).parent
        if not target_folder.is_dir():
            _fail(f"{target_folder}: no such folder (create it first, or give another -o)")
        exchange.write_export(built, path)
        where = str(path)
    warning = exchange.warning_of(built)
    if warning:
        _echo(f"warning: {warning}", err=True)
    return where


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
    _echo(f"{len(glossary)} entries written to {where}", err=True)
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
    if form == "tmx":
        built = build_tmx(loaded)
    else:
        built = build_xliff(loaded, NoteStore.open(loaded.id).placed(loaded))
    where = _write_output(output, f"{loaded.id}.{form}", built)
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


@main.command("qa")
@click.argument("text", metavar="ID_OR_PATH")
@click.option(
    "--target",
    type=click.Choice(["draft", "reference"]),
    default="draft",
    show_default=True,
    help="Check your drafts or the text's own English.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_friendly
def qa(text: str, target: str, as_json: bool) -> None:
    """Terminology QA of a text's English: one line per issue (segment, kind, Arabic, expected
    English), less those ignored in the reader; exit 1 when there are issues, 0 when clean."""
    from tui_reader.core.drafts import DraftStore
    from tui_reader.core.qa import check_text

    loaded = library.open_text(text)
    store = DraftStore.open(loaded.id)
    if store.damaged:
        _fail(
            f"{store.damaged}. The file is left as it is; the reader sets it aside when you "
            "next save a draft"
        )
    issues = check_text(loaded, _load_glossary(), store, target)
    if as_json:
        _echo(_json([issue.record() for issue in issues]))
    else:
        for issue in issues:
            expected = " / ".join(issue.expected) or "-"
            fields = (issue.segment_id, issue.kind, issue.arabic or "-", expected)
            _echo("\t".join(_inline(terminal_safe(field)) for field in fields))
    if not issues:
        _echo(f"{loaded.id}: no issues in the {target}", err=True)
        return
    _echo(f"{loaded.id}: {_count(len(issues), 'issue')} in the {target}", err=True)
    sys.exit(1)


@main.group("corpus")
def corpus_group() -> None:
    """Your reference corpus: Arabic-English pairs for the concordance."""


@corpus_group.command("add")
@click.argument("reference", metavar="FILE.tmx|FILE.xliff|ID")
@click.option("--replace", is_flag=True, help="Replace a source of the same name.")
@_friendly
def corpus_add(reference: str, replace: bool) -> None:
    """Add the segment pairs of a TMX or XLIFF file, or of a library text (by id), to the
    corpus: all of the file or nothing, each pair kept once."""
    from rich.console import Console
    from rich.progress import Progress

    from tui_reader.core.corpus import add_source, open_corpus

    store = open_corpus()
    shows = sys.stderr.isatty()
    try:
        with Progress(transient=True, console=Console(stderr=True), disable=not shows) as bar:
            task = bar.add_task("adding to the corpus", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            added = add_source(store, reference, replace=replace, progress=advance)
    finally:
        store.close()
    again = added.read - added.new
    detail = f" ({added.new:,} new, {again:,} already in the corpus)" if again else ""
    _echo(f"{terminal_safe(added.name)}: {_many(added.read, 'pair')} added{detail}")
    if added.skipped:
        _echo(f"  {_many(added.skipped, 'unit')} without both languages left out", err=True)


def _many(number: int, thing: str) -> str:
    """`_count` for the corpus's numbers, which run to millions: 1,000,000 pairs."""
    return f"{number:,} {thing}{'' if number == 1 else 's'}"


@corpus_group.command("list")
@_friendly
def corpus_list() -> None:
    """The corpus's sources: name, kind, pairs, when added."""
    from tui_reader.core.corpus import open_corpus

    store = open_corpus()
    try:
        sources = store.sources()
        pairs, size = store.size()
    finally:
        store.close()
    for source in sources:
        fields = (source.name, source.kind, _many(source.pairs, "pair"), source.added)
        _echo("\t".join(map(terminal_safe, fields)))
    _echo(
        f"{_many(len(sources), 'source')}, {_many(pairs, 'distinct pair')}, "
        f"{size / 1_000_000:.1f} MB",
        err=True,
    )


@corpus_group.command("remove")
@click.argument("name")
@_friendly
def corpus_remove(name: str) -> None:
    """Take a source (its name as `corpus list` shows it) out of the corpus."""
    from tui_reader.core.corpus import open_corpus

    store = open_corpus()
    try:
        gone = store.remove(name)
    finally:
        store.close()
    _echo(f"{terminal_safe(name)} removed: {_many(gone, 'pair')} left the corpus")


def _concordance_side(text: str, spans: tuple[tuple[int, int], ...], rtl: bool) -> RichText | str:
    """One side of a concordance line around its first match: on a terminal drawn as the
    reader draws it, the match in reverse video; elsewhere logical text, the match in []."""
    from tui_reader.core.corpus import snippet

    before, match, after = snippet(text, spans)
    if not _draws_arabic():
        return terminal_safe(f"{before}[{match}]{after}" if match else after)
    from rich.text import Text as RichText

    line = before + match + after
    styled = RichText()
    for cluster in layout(line, cell_len(line) + 1, rtl=rtl)[0].clusters:
        inside = cluster.start < len(before) + len(match) and cluster.end > len(before)
        styled.append(cluster.text, style="bold reverse" if inside else "")
    return styled


@main.command("concordance")
@click.argument("query")
@click.option("--in", "side", type=click.Choice(["ar", "en"]), help="Default: the query's.")
@click.option("--forms", is_flag=True, help="Also the forms of the words (clitics, endings).")
@click.option("--limit", type=click.IntRange(min=1, max=100_000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_friendly
def concordance_command(
    query: str, side: str | None, forms: bool, limit: int, as_json: bool
) -> None:
    """The corpus's pairs that contain QUERY (words; a word ending in * is a prefix): the
    exact phrase first, then its forms, shorter segments first. For a glossary term, how the
    corpus rendered it. Exit status 1 when nothing is found, 2 for a bad query."""
    from tui_reader.core.corpus import (
        CorpusError,
        Query,
        concordance,
        count,
        open_corpus,
        renderings,
    )

    request = Query(query, side or "auto", forms)
    try:
        request.tokens()
    except CorpusError as error:
        _echo(f"tui-reader: {error}", err=True)
        sys.exit(2)
    glossary = _load_glossary() if request.language == "ar" else None
    store = open_corpus()
    try:
        page = concordance(store, request, limit=limit, glossary=glossary)
        exact = count(store, request)
        entry = glossary.lookup(query).entry if glossary is not None else None
        rendered = renderings(store, entry, glossary) if entry and glossary else None
    finally:
        store.close()
    if as_json:
        record = {
            "query": query,
            "in": request.language,
            "forms": forms,
            "exact": exact,
            "renderings": None
            if rendered is None
            else {
                "entry": rendered.entry.id,
                "pairs": rendered.pairs,
                "counts": dict(rendered.counts),
                "other": rendered.none,
            },
            "pairs": [
                {
                    "source": line.pair.source,
                    "exact": line.exact,
                    "ar": line.pair.ar,
                    "en": line.pair.en,
                    "ar_spans": [list(span) for span in line.ar_spans],
                    "en_spans": [list(span) for span in line.en_spans],
                }
                for line in page.lines
            ],
        }
        _echo(_json(record))
    else:
        parts: list[str | RichText] = []
        for line in page.lines:
            head = f"{terminal_safe(line.pair.source)}\t{'exact' if line.exact else 'form'}\t"
            ar = _concordance_side(line.pair.ar, line.ar_spans, True)
            en = _concordance_side(line.pair.en, line.en_spans, False)
            parts += [head, ar, "\t", en, "\n"]
        _echo(parts, nl=False)
        more = " (more with --limit)" if page.next is not None else ""
        exact_count = f"{exact:,}" if exact <= 10_000 else "10,000+"
        _echo(f"{_many(len(page.lines), 'pair')} shown, {exact_count} exact{more}", err=True)
        if rendered is not None:
            # The term apart from its tally: on one line, the English would be reordered into
            # the Arabic's right-to-left paragraph.
            term = _inline(terminal_safe(rendered.entry.ar))
            _echo(f"{term}: {terminal_safe(rendered.tally())}", err=True)
    if not page.lines:
        _echo(f"tui-reader: nothing in the corpus for '{query}'", err=True)
        sys.exit(1)
