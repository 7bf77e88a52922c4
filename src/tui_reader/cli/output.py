"""What every command shares: the one way out to the terminal (each line, JSON or error goes
through `_echo`), the settings, Arabic drawn for a listing, the glossary, writing an export."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tui_reader.config import BIDI_MODES, Config, load_config
from tui_reader.core import letters
from tui_reader.core.display import layout
from tui_reader.core.errors import TuiReaderError, describe_os_error, terminal_safe
from tui_reader.paths import bundled_glossary_path, user_glossary_path

if TYPE_CHECKING:
    from rich.text import Text as RichText

    from tui_reader.core.exchange import Built
    from tui_reader.core.glossary import Glossary


F = TypeVar("F", bound=Callable[..., Any])


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
    import json

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
    import json

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
    width = max(_terminal_columns() - LABEL_WIDTH - 1, 20)
    lines = [line.text for line in layout(value, width, rtl=arabic)]
    return head + ("\n" + " " * LABEL_WIDTH).join(lines)


def _terminal_columns() -> int:
    """The terminal's width (80 where it cannot be had). shutil is imported here: a command
    whose output goes to a pipe needs none of it (see `storage._temporary_beside`)."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def _inline(value: str) -> str:
    """A value on one line of a tab-separated listing: on a terminal that does no bidi, as
    the reader would draw it (Arabic shaped, right to left); elsewhere logical text."""
    if not value or not _draws_arabic():
        return value
    from rich.cells import cell_len

    rtl = letters.ARABIC_LETTER.search(value) is not None
    return "".join(line.text for line in layout(value, cell_len(value) + 1, rtl=rtl))


def _load_glossary() -> Glossary:
    """The bundled glossary and the user's imported terms (reported and left out if broken)."""
    # Here rather than at the top: the commands that need no glossary (render, texts) skip
    # its import and the morphology's.
    from tui_reader.core.glossary_cache import load_with_user

    glossary, user_problem = load_with_user(bundled_glossary_path(), user_glossary_path())
    if user_problem:
        _echo(f"tui-reader: {user_problem} (your imported terms are left out)", err=True)
    return glossary


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


def _many(number: int, thing: str) -> str:
    """`_count` for the corpus's numbers, which run to millions: 1,000,000 pairs."""
    return f"{number:,} {thing}{'' if number == 1 else 's'}"
