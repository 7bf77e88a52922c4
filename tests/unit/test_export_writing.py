"""The one place that writes an export (issue 14 item 3, issue 18 items 3 and 7): builders
return content, `write_export` writes it to a file or a stream with the permissions the user
expects, the command line says what the XML export had to change and how many translation
units it wrote, and terms are read from bytes with the file name only for messages."""

from __future__ import annotations

import io
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.core import exchange, glossary_cache
from tui_reader.core.errors import ExchangeError
from tui_reader.core.formats import merge, tmx
from tui_reader.core.glossary import load_glossary
from tui_reader.core.text import Segment, Text
from tui_reader.paths import bundled_glossary_path

ARTICLE_TMX = ["export", "dushanbe-2019", "--format", "tmx"]


def _run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    """Each test sets the umask it needs; the process's is given back after."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def _no_temporary_files(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary file was made")

    for name in ("mkstemp", "mkdtemp", "TemporaryDirectory", "NamedTemporaryFile"):
        monkeypatch.setattr(tempfile, name, refuse)


def _text_file(tmp_path: Path, *segments: tuple[str, str]) -> Path:
    path = tmp_path / "t.yaml"
    lines = ["format: 1", "id: t", "title:", "  ar: عنوان", "  en: Title", "segments:"]
    for number, (ar, en) in enumerate(segments, 1):
        lines += [f"- id: s{number}", f'  ar: "{ar}"', f'  en: "{en}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Permissions --------------------------------------------------------------------------------


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_export_has_the_mode_the_umask_gives(
    tmp_path: Path, mask: int, expected: int
) -> None:
    """It was 0600 whatever the umask: the temporary file from mkstemp was renamed as it was."""
    os.umask(mask)
    target = tmp_path / "out.tmx"
    code, _, err = _run(*ARTICLE_TMX, "-o", str(target))
    assert code == 0, err
    assert _mode(target) == expected


@pytest.mark.usefixtures("umask")
def test_a_re_export_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    os.umask(0o077)
    target = tmp_path / "g.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    code, _, err = _run("glossary", "export", "--format", "csv", "-o", str(target))
    assert code == 0, err
    assert _mode(target) == 0o644
    assert target.read_text(encoding="utf-8").startswith("\ufeffid,ar,")  # BOM: issue 18


@pytest.mark.usefixtures("umask")
def test_a_re_export_through_a_link_keeps_the_mode_of_the_file_it_points_to(
    tmp_path: Path,
) -> None:
    os.umask(0o022)
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    exchange.write_export("new", link)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert _mode(real) == 0o640


def test_user_data_stays_private(tmp_path: Path) -> None:
    """Only exports get the umask's permissions: the atomic writer alone keeps 0600."""
    from tui_reader.core.storage import write_bytes_atomic

    path = tmp_path / "notes.jsonl"
    write_bytes_atomic(path, b"{}")
    assert _mode(path) == 0o600


# Standard output ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["glossary", "export", "--format", "tbx"], b"<?xml"),
        (["glossary", "export", "--format", "csv"], b"\xef\xbb\xbfid,ar,"),
        (ARTICLE_TMX, b"<?xml"),
        (["export", "dushanbe-2019", "--format", "xliff"], b"<?xml"),
    ],
)
def test_dash_writes_to_standard_output_without_a_temporary_file(
    monkeypatch: pytest.MonkeyPatch, args: list[str], start: bytes
) -> None:
    # The glossary's parsed copy is written to the cache folder at its first reading, through
    # a temporary file there: read once first, so what is refused is only an export's.
    glossary_cache.load_with_user(bundled_glossary_path(), None)
    _no_temporary_files(monkeypatch)
    code, out, err = _run(*args, "-o", "-")
    assert code == 0, err
    assert out.startswith(start)
    assert "written to standard output" in err


def test_write_export_to_a_stream() -> None:
    stream = io.BytesIO()
    exchange.write_export("قرصنة\n", stream)
    assert stream.getvalue() == "قرصنة\n".encode()


# What the XML export had to change ----------------------------------------------------------


def test_the_command_line_prints_the_xml_warning_on_stderr(tmp_path: Path) -> None:
    source = _text_file(tmp_path, ("جملة\\x0e أولى.", "A first\\x1b]0;pwned\\x07 one."))
    target = tmp_path / "t.xliff"
    code, out, err = _run("export", str(source), "--format", "xliff", "-o", str(target))
    assert code == 0 and out == b""
    assert "warning: 3 characters not allowed in XML were replaced with U+FFFD in s1\n" in err
    assert "\x1b" not in err and "\x07" not in err
    assert "\ufffd" in target.read_text(encoding="utf-8")


def test_no_warning_when_nothing_was_replaced(tmp_path: Path) -> None:
    code, _, err = _run(*ARTICLE_TMX, "-o", str(tmp_path / "t.tmx"))
    assert code == 0 and "not allowed in XML" not in err and err.count("\n") == 1


# How many translation units were written ----------------------------------------------------


def test_tmx_of_a_text_without_english_says_nothing_was_written(tmp_path: Path) -> None:
    """It said "2 segments written" for a TMX whose body was empty."""
    source = _text_file(tmp_path, ("جملة أولى.", ""), ("جملة ثانية.", ""))
    target = tmp_path / "t.tmx"
    code, _, err = _run("export", str(source), "--format", "tmx", "-o", str(target))
    assert code == 0
    assert err == f"t: no segment has English: {target} holds no translation unit\n"
    assert "<tu " not in target.read_text(encoding="utf-8")


def test_tmx_counts_the_units_it_wrote(tmp_path: Path) -> None:
    source = _text_file(tmp_path, ("جملة أولى.", "A first."), ("جملة ثانية.", ""))
    target = tmp_path / "t.tmx"
    code, _, err = _run("export", str(source), "--format", "tmx", "-o", str(target))
    assert code == 0
    assert err == f"t: 1 segment written to {target}; 1 without English left out\n"


def test_xliff_counts_every_segment(tmp_path: Path) -> None:
    source = _text_file(tmp_path, ("جملة أولى.", "A first."), ("جملة ثانية.", ""))
    target = tmp_path / "t.xliff"
    code, _, err = _run("export", str(source), "--format", "xliff", "-o", str(target))
    assert code == 0 and err == f"t: 2 segments written to {target}\n"


def test_the_builder_counts_its_units() -> None:
    text = Text("t", "عنوان", "Title", (Segment("s1", "أ.", "A."), Segment("s2", "ب.", " ")))
    assert tmx.build_tmx(text).units == 1


# Reading terms from bytes; merging with the paths given -------------------------------------


def test_terms_are_read_from_bytes_with_the_name_for_messages_only(tmp_path: Path) -> None:
    (entry,) = exchange.terms_from("ar,en\nقرصنة بحرية,maritime piracy\n".encode(), "x/a.csv")
    assert entry.authority == "imported from a.csv"
    with pytest.raises(ExchangeError, match=r"^x/b\.tbx:1: not well-formed XML"):
        exchange.terms_from(b"<martif>", "x/b.tbx")
    with pytest.raises(ExchangeError, match=r"cannot import '\.xlsx' files"):
        exchange.terms_from(b"", "c.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_merge_is_given_the_bundled_path(tmp_path: Path) -> None:
    """merge_glossary found the bundled glossary itself: a copy elsewhere was not known as it."""
    copy = tmp_path / "bundled-copy.yaml"
    copy.write_bytes(bundled_glossary_path().read_bytes())
    glossary = load_glossary(copy)
    entries = exchange.terms_from("ar,en\nقرصنة بحرية,maritime piracy\n".encode(), "a.csv")
    with pytest.raises(ExchangeError, match="bundled glossary"):
        merge.merge_glossary(entries, glossary, copy, bundled_path=copy)
    assert copy.read_bytes() == bundled_glossary_path().read_bytes()


def test_a_merge_checks_the_new_glossary_without_a_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = load_glossary(bundled_glossary_path())
    entries = exchange.terms_from("ar,en\nقرصنة بحرية,maritime piracy\n".encode(), "a.csv")
    user = tmp_path / "mine.yaml"
    monkeypatch.setattr(
        tempfile,
        "TemporaryDirectory",
        lambda *a, **k: pytest.fail("a temporary folder was made"),
    )
    report = merge.merge_glossary(entries, bundled, user, bundled_path=bundled_glossary_path())
    assert [entry.id for entry in report.added] == ["maritime-piracy"]
    assert [entry.id for entry in load_glossary(user).entries] == ["maritime-piracy"]
