"""What a new-user trial found in the core and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.core.english import counted, plural


def test_counted_nouns_take_the_regular_plural_but_for_one() -> None:
    assert [counted(n, "word") for n in (0, 1, 2)] == ["0 words", "1 word", "2 words"]
    assert [plural(w) for w in ("policy", "day", "match", "term")] == [
        "policies",
        "days",
        "matches",
        "terms",
    ]


def test_corpus_add_refuses_a_file_that_is_not_tmx_or_xliff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "report.txt").write_text("hello report\n", encoding="utf-8")
    (tmp_path / "files" / "bad\x1b]0;x\x07.tbx").write_text("<martif>\n</x>", encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", "add", "files/report.txt"])
    assert result.exit_code == 1
    assert result.output == (
        "tui-reader: files/report.txt: corpus add takes a .tmx, .xliff or .xlf file, "
        "or a library text id\n"
    )
    result = CliRunner().invoke(main, ["corpus", "add", "files/bad\x1b]0;x\x07.tbx"])
    assert result.exit_code == 1 and "\x1b" not in result.output
    assert result.output.startswith("tui-reader: files/bad\\x1b]0;x\\x07.tbx: corpus add takes")


def test_corpus_add_of_broken_xml_names_the_file_as_given_and_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "bad.tmx").write_text(
        '<?xml version="1.0"?>\n<tmx>\n<body>\n</tmx>\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["corpus", "add", "files/bad.tmx"])
    assert result.exit_code == 1
    assert result.output.startswith("tui-reader: files/bad.tmx:4: not well-formed XML (")
