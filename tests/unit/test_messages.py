"""Messages a person can act on, for the slips a first run makes: a folder for a file, an
empty query, an empty file, one of a thing."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.core.importer import Alignment
from tui_reader.paths import user_glossary_path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_a_folder_or_a_file_without_a_suffix_is_named_so_by_glossary_import(
    tmp_path: Path,
) -> None:
    code, out = _run("glossary", "import", str(tmp_path))
    assert code == 1 and "is a directory, not a text file" in out and "''" not in out
    bare = tmp_path / "terms"
    bare.write_text("ar,en\n", encoding="utf-8")
    code, out = _run("glossary", "import", str(bare))
    assert code == 1 and "cannot import a file without a suffix (use .tbx or .csv)" in out


def test_an_empty_look_up_is_a_usage_error() -> None:
    code, out = _run("lookup", "   ")
    assert code == 2 and "give a word to look up" in out


def test_an_empty_tmx_is_reported_at_line_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.tmx"
    empty.write_bytes(b"")
    code, out = _run("corpus", "add", str(empty))
    assert code == 1 and "empty.tmx:1: not well-formed XML" in out and ":0:" not in out


def test_one_of_a_thing_is_said_in_the_singular(tmp_path: Path) -> None:
    assert (
        Alignment("paragraph", [(1, 1, 2)])
        .lines()[0]
        .startswith("paragraph 1: 1 Arabic sentence, 2 English;")
    )
    assert "2 Arabic sentences" in Alignment("paragraph", [(1, 2, 1)]).lines()[0]
    one = tmp_path / "one.csv"
    one.write_text("ar,en\nقرصنة بحرية,maritime piracy\n", encoding="utf-8")
    assert _run("glossary", "import", str(one))[0] == 0
    code, out = _run("glossary", "check", str(user_glossary_path()))
    assert code == 0 and "1 entry, no problems" in out
