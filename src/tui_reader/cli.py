"""The command line: a thin face over the core, like the TUI."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import replace as replace_text
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.cells import cell_len

from tui_reader.config import BIDI_MODES, Config, ConfigError, load_config
from tui_reader.core import library
from tui_reader.core.display import layout, render_lines
from tui_reader.core.errors import ExchangeError, describe_os_error, terminal_safe
from tui_reader.core.glossary import (
    Glossary,
    GlossaryError,
    check_glossary,
    entry_fields,
    load_with_user,
)
from tui_reader.core.importer import build_text, read_document, text_id_for
from tui_reader.core.notes import (
    NotesError,
    NoteStore,
    export_notes,
)
from tui_reader.core.search import KINDS, Hit, Query, QueryError, search
from tui_reader.core.storage import UnsafeId
from tui_reader.core.text import ARABIC_LETTER, Text, TextError, decode_utf8
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
        except (
            TextError,
            ConfigError,
            GlossaryError,
            NotesError,
            ExchangeError,
            UnsafeId,
        ) as error:
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
@click.argument("word")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_friendly
def lookup(word: str, as_json: bool) -> None:
    """The glossary entry for WORD as it stands in a text: with its prefixes and suffixes,
    with or without vowel marks. Exit status 1 when no entry matches."""
    result = _load_glossary().lookup(word)
    if as_json:
        record: dict[str, object] = {"word": word, "found": result.entry is not None}
        if result.entry is not None and result.analysis is not None:
            record["entry"] = {
                **result.entry.record(),
                "transliteration": result.entry.transliteration,
            }
            record["analysis"] = {
                "proclitics": list(result.analysis.proclitics),
                "stem": result.analysis.stem,
                "suffixes": list(result.analysis.suffixes),
            }
        else:
            record["stems_tried"] = list(result.tried)
        _echo(_json(record))
    elif result.entry is not None:
        for label, value, arabic in entry_fields(result.entry, result.analysis, word):
            _echo(_field(label, terminal_safe(value, lines=True), arabic))
    if result.entry is None:
        tried = ", ".join(result.tried) or "none"
        _echo(f"tui-reader: no glossary entry for '{word}' (stems tried: {tried})", err=True)
        sys.exit(1)


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
    """Add a plain UTF-8 Arabic file (Markdown is read as text) to your library, cut into
    sentences, aligned with its English when --en is given."""
    arabic_text = read_document(arabic, needs_arabic=True)
    english_text = read_document(english, needs_arabic=False) if english is not None else None
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


@main.command("texts")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_friendly
def texts_command(as_json: bool) -> None:
    """The texts in your library: id, where it comes from, segments, progress, notes, titles."""
    found = library.summaries()
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
            }
            for s in found
        ]
        _echo(_json(records))
        return
    for s in found:
        origin = "bundled" if s.bundled else "yours"
        title_ar = _field("", terminal_safe(s.title_ar), True).strip()
        _echo(
            f"{terminal_safe(s.id)}\t{origin}\t{_count(s.segments, 'segment')}"
            f"\t{s.progress}% read\t{_count(s.notes, 'note')}"
            f"\t{terminal_safe(s.title_en)}\t{title_ar}"
        )


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
@_friendly
def glossary_export(form: str, output: Path | None) -> None:
    """The glossary (with your imported terms) as TBX-Basic for CAT tools, CSV with a header
    row, or an Anki deck (.apkg) with cards both ways."""
    from tui_reader.core import exchange

    glossary = _load_glossary()
    suffix, build = exchange.GLOSSARY_FORMATS[form]
    where = _write_output(output, f"tui-reader-glossary.{suffix}", build(glossary))
    _echo(f"{len(glossary)} entries written to {where}", err=True)


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
@click.option("--format", "form", type=click.Choice(["tmx", "xliff"]), required=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Default: here.")
@_friendly
def export_text(text: str, form: str, output: Path | None) -> None:
    """A text's aligned segments as TMX 1.4b (a translation memory) or XLIFF 1.2 (with your
    notes on each segment, for a CAT tool)."""
    from tui_reader.core.formats.tmx import build_tmx
    from tui_reader.core.formats.xliff import build_xliff

    loaded = library.open_text(text)
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
