"""The `tui-reader` group itself: with no command it opens the reader."""

from __future__ import annotations

import importlib
import io
import sys

import click

from tui_reader.cli.output import _bidi_option, _config, _echo, _fail, _friendly
from tui_reader.config import Config
from tui_reader.core import library
from tui_reader.core.text import Text

# Terminal BiDi recommendation (terminal-wg): "explicit" mode tells a terminal that does bidi
# itself (VTE, mintty) that the program has already reordered; "implicit" gives it back.
BDSM_EXPLICIT = "\x1b[8l"
BDSM_IMPLICIT = "\x1b[8h"


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


# Which modules of this package add each command (the glossary group has commands in two).
COMMANDS: dict[str, tuple[str, ...]] = {
    "read": ("reading",),
    "render": ("reading",),
    "texts": ("reading",),
    "lookup": ("lookup",),
    "search": ("lookup",),
    "concordance": ("lookup",),
    "glossary": ("glossary", "exchange"),
    "import": ("exchange",),
    "export": ("exchange",),
    "notes": ("notes",),
    "qa": ("desk",),
    "corpus": ("corpus",),
    "statuses": ("statuses",),
}


class _LazyGroup(click.Group):
    """Imports a command's module only when that command is asked for: `render` of a book
    would otherwise pay for the imports of the glossary, the exchange formats, the corpus and
    the notes, a third of its time."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        for module in COMMANDS.get(cmd_name, ()):
            importlib.import_module(f"tui_reader.cli.{module}")
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for modules in COMMANDS.values():
            for module in modules:
                importlib.import_module(f"tui_reader.cli.{module}")
        return super().list_commands(ctx)


@click.group(cls=_LazyGroup, invoke_without_command=True)
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
