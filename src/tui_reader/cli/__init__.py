"""The command line: a thin face over the core, like the TUI.

`main` is the click group; each module of this package adds its commands to it, by feature."""

# Rich's console and progress bar are imported in the two commands that draw with them: at
# the top, they would cost every command 20 ms, a tenth of what a search of a book takes.

# Imported for what importing does: each module registers its commands on `main`.
from tui_reader.cli import (  # noqa: F401
    corpus,
    desk,
    exchange,
    glossary,
    lookup,
    notes,
    reading,
    statuses,
)
from tui_reader.cli.root import main, run

__all__ = ["main", "run"]
