"""The command line: a thin face over the core, like the TUI.

`main` is the click group; each module of this package adds its commands to it, by feature,
when one of them is asked for (`root.COMMANDS`)."""

# Rich's console and progress bar are imported in the two commands that draw with them: at
# the top, they would cost every command 20 ms, a tenth of what a search of a book takes.

from tui_reader.cli.root import main, run

__all__ = ["main", "run"]
