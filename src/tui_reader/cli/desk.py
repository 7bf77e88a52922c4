"""The translator's desk from the command line: terminology QA."""

from __future__ import annotations

import sys

import click

from tui_reader.cli.output import _count, _echo, _fail, _friendly, _inline, _json, _load_glossary
from tui_reader.cli.root import main
from tui_reader.core import library
from tui_reader.core.errors import terminal_safe


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
    from tui_reader.core.qa import check_text, unchecked

    loaded = library.open_text(text)
    store = DraftStore.open(loaded.id)
    if store.damaged:
        _fail(
            f"{store.damaged}. The file is left as it is; the reader sets it aside when you "
            "next save a draft"
        )
    why = unchecked(loaded, store, target)
    if why is not None:
        # The question may well be about the English the text has, when it has some.
        has_english = target == "draft" and any(segment.en.strip() for segment in loaded)
        hint = "; --target reference checks the text's own English" if has_english else ""
        _fail(f"{loaded.id}: {why}{hint}")
    issues = check_text(loaded, _load_glossary(), store, target)
    if as_json:
        _echo(_json([issue.record() for issue in issues]))
    else:
        for issue in issues:
            expected = " / ".join(issue.expected) or "-"
            # For a rendering to avoid, what was found is the news.
            found = f"found “{issue.found}”; use {expected}" if issue.kind == "avoid" else ""
            fields = (issue.segment_id, issue.kind, issue.arabic or "-", found or expected)
            _echo("\t".join(_inline(terminal_safe(field)) for field in fields))
    if not issues:
        _echo(f"{loaded.id}: no issues in the {target}", err=True)
        return
    _echo(f"{loaded.id}: {_count(len(issues), 'issue')} in the {target}", err=True)
    sys.exit(1)
