"""Hostile strings on the command line: a title, id, tag, term, file name or message quoting a
file never sends a control sequence to the terminal (issue 13)."""

from __future__ import annotations

import errno
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import lookup as cli_lookup
from tui_reader.cli import main
from tui_reader.cli import output as cli_output
from tui_reader.core import library
from tui_reader.core.errors import describe_os_error, terminal_safe
from tui_reader.core.notes import Anchor, NoteStore, new_note

HOSTILE = [
    "\x1b]0;pwned\x07",  # the terminal's (or tmux pane's) title
    "\x1b]52;c;ZWNobyBvd25lZA==\x07",  # a write to the clipboard
    "\x1b]8;;http://evil.example/\x1b\\",  # a hyperlink
    "\x1b[2J\x1b[31m",  # CSI: clear the screen, red
    "\x9b2J\x9d0;c1\x9c",  # the same with C1 controls
    "\u202egnp.exe\u202c",  # a bidi override (Trojan Source)
    "\x00\x08\x7f",
]
EVERY = "".join(HOSTILE)
NAME = "".join(HOSTILE[:-1])  # what a file name or an argument can hold (no NUL)

# What must never reach the terminal: C0 controls but newline and tab, DEL, C1, and the bidi
# embeddings, overrides and isolates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _unsafe(output: str) -> list[str]:
    return UNSAFE.findall(output.replace("\n", "").replace("\t", ""))


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _assert_safe(*outputs: str) -> None:
    for output in outputs:
        assert not _unsafe(output), output


def _yaml_text(
    tmp_path: Path, text_id: str = "ok", title: str = "Title", arabic: str = "الإرهاب هنا"
) -> Path:
    path = tmp_path / "text.yaml"
    path.write_text(
        "format: 1\n"
        f"id: {json.dumps(text_id)}\n"
        f"title: {{ar: عنوان, en: {json.dumps(title)}}}\n"
        "segments:\n"
        f"- {{id: s1, ar: {json.dumps(arabic)}, en: terrorism here}}\n",
        encoding="utf-8",
    )
    return path


# The one function --------------------------------------------------------------------------


@pytest.mark.parametrize("sequence", HOSTILE)
def test_terminal_safe_leaves_nothing_that_drives_a_terminal(sequence: str) -> None:
    shown = terminal_safe(f"a{sequence}b\nc\td")
    assert not UNSAFE.search(shown) and "\n" not in shown and "\t" not in shown
    assert shown.startswith("a") and shown.endswith("c d")
    kept = terminal_safe(f"a{sequence}\r\nb\tc", lines=True, tabs=True)
    assert kept.split("\n")[1] == "b\tc" and not _unsafe(kept)


def test_terminal_safe_shows_controls_as_symbols_and_keeps_arabic() -> None:
    assert terminal_safe("\x1b]0;t\x07") == "␛]0;t␇"
    assert terminal_safe("قرار\u202e (2019)") == "قرار (2019)"
    assert terminal_safe("plain [b]markup[/] stays") == "plain [b]markup[/] stays"


def test_an_os_error_is_described_without_none_and_with_a_safe_name() -> None:
    assert describe_os_error(OSError(errno.ENOSPC, "No space left on device")) == (
        "No space left on device"
    )
    named = OSError(errno.EACCES, "Permission denied", "/tmp/a\x1b]0;x\x07.json")
    assert describe_os_error(named) == "/tmp/a␛]0;x␇.json: Permission denied"
    assert describe_os_error(OSError("gone")) == "gone"


# Each command -----------------------------------------------------------------------------


def test_texts_shows_a_title_taken_from_a_hostile_file_name(tmp_path: Path) -> None:
    path = tmp_path / f"report{HOSTILE[0]}{HOSTILE[4]}.txt"
    path.write_text("تقرير قصير\nالجملة الأولى.\n", encoding="utf-8")
    code, out, err = _run("import", str(path))
    assert code == 0, err
    _assert_safe(out, err)
    code, out, err = _run("texts")
    assert code == 0
    _assert_safe(out, err)
    assert "report␛]0;pwned␇" in out
    code, out, _ = _run("texts", "--json")
    _assert_safe(out)
    titles = [record["title_en"] for record in json.loads(out)]
    assert f"report{HOSTILE[0]}{HOSTILE[4]}.txt" in titles  # JSON keeps the data exact


def test_import_with_a_hostile_title_and_texts(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("تقرير قصير\n", encoding="utf-8")
    code, out, err = _run("import", str(path), "--title", EVERY, "--title-ar", EVERY)
    assert code == 0, err
    code, out, err = _run("texts")
    _assert_safe(out, err)


def test_notes_list_with_hostile_tags_ids_and_bodies() -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    store = NoteStore.open(text.id)
    note = new_note(Anchor.make(text.segments[0], 0, 3), f"body{EVERY}\nmore", tags=HOSTILE)
    store.put(replace(note, id=f"id{EVERY}"))
    store.save()
    code, out, err = _run("notes", "list")
    assert code == 0, err
    _assert_safe(out, err)
    fields = out.rstrip("\n").split("\t")
    assert len(fields) == 6  # a tab in a field would have made another column
    assert fields[0].startswith("id␛]0;pwned␇")


def test_notes_export_to_the_terminal_is_safe_and_to_a_pipe_exact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    store = NoteStore.open(text.id)
    store.put(new_note(Anchor.make(text.segments[0], 0, 3), f"body{EVERY}", tags=HOSTILE))
    store.save()
    code, out, err = _run("notes", "export")
    assert code == 0 and "body\x1b]0;pwned\x07" in out  # a pipe gets the data exact
    code, out, err = _run("notes", "export", "--format", "json")
    assert json.loads(out)["first"]["items"][0]["body"][0]["value"] == f"body{EVERY}"
    monkeypatch.setattr(cli_output, "_stdout_is_terminal", lambda: True)
    code, out, err = _run("notes", "export")
    assert code == 0, err
    _assert_safe(out, err)
    assert "body␛]0;pwned␇" in out
    code, out, err = _run("notes", "export", "--format", "json")
    _assert_safe(out, err)
    assert json.loads(out)["first"]["items"][0]["body"][0]["value"] == f"body{EVERY}"


def test_search_refuses_a_hostile_text_id_in_one_safe_line(tmp_path: Path) -> None:
    path = _yaml_text(tmp_path, text_id=f"x{NAME}", title=EVERY)
    for extra in ([], ["--json"]):
        code, out, err = _run("search", "الإرهاب", "--text", str(path), *extra)
        assert code == 1
        _assert_safe(out, err)
        assert out == "" and err.count("\n") == 1


def test_search_prints_a_hostile_title_safely(tmp_path: Path) -> None:
    path = _yaml_text(tmp_path, text_id="hostile", title=EVERY)
    code, out, err = _run("search", "الإرهاب", "--text", str(path), "--in", "ar,en")
    assert code == 0, err
    _assert_safe(out, err)
    assert out.startswith("ar\thostile")
    code, out, err = _run("search", "الإرهاب", "--text", str(path), "--json")
    _assert_safe(out, err)
    assert code == 0, err
    assert json.loads(out)["hits"][0]["text"] == "hostile"


def test_search_for_a_hostile_query_that_finds_nothing() -> None:
    code, out, err = _run("search", f"nothing{EVERY}")
    assert code == 1
    _assert_safe(out, err)


def test_lookup_of_a_hostile_word() -> None:
    code, out, err = _run("lookup", EVERY)
    assert code == 1
    _assert_safe(out, err)
    assert "nothing found for '␛]0;pwned␇" in err


def test_glossary_import_report_with_hostile_terms(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    rows = [f"قرصنة بحرية,maritime piracy{term}" for term in HOSTILE[:4]]
    path.write_text("ar,en\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = _run("glossary", "import", str(path))
    _assert_safe(out, err)
    assert code == 0, err
    assert "maritime piracy␛]0;pwned␇" in out


def test_render_of_a_yaml_with_a_hostile_format_value(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        'format: "9\\e]0;pwned\\a\\e]52;c;Zm9v\\a\\x9b2J"\nid: x\ntitle: {ar: ع, en: t}\n'
        "segments: []\n",
        encoding="utf-8",
    )
    code, out, err = _run("render", str(path))
    assert code == 1
    _assert_safe(out, err)
    assert "format 9\\x1b]0;pwned\\x07" in err


def test_glossary_check_quotes_a_hostile_file_safely(tmp_path: Path) -> None:
    path = tmp_path / f"glossary{HOSTILE[0]}.yaml"
    path.write_text(
        'version: 1\nterms:\n  - id: "bad\\e]0;pwned\\a"\n    ar: "\\e]52;c;Zm9v\\a"\n'
        '    en: "\\x9b2J"\n    pos: "\\e[31m"\n',
        encoding="utf-8",
    )
    code, out, err = _run("glossary", "check", str(path))
    assert code == 1
    _assert_safe(out, err)
    assert "␛" in out


def test_a_missing_file_with_a_hostile_name(tmp_path: Path) -> None:
    code, out, err = _run("render", str(tmp_path / f"missing{NAME}.yaml"))
    assert code == 1
    _assert_safe(out, err)
    assert "missing␛]0;pwned␇" in err


def test_an_os_error_on_the_command_line_is_one_line_without_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(library, "add_text", full)
    path = tmp_path / "report.txt"
    path.write_text("تقرير\n", encoding="utf-8")
    code, _, err = _run("import", str(path))
    assert code == 1
    assert err == "tui-reader: No space left on device\n"


def test_search_drawn_for_a_terminal_is_safe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _yaml_text(tmp_path, arabic="\x1b]0;pwned\x07الإرهاب")
    monkeypatch.setattr(cli_lookup, "_draws_arabic", lambda: True)
    code, out, err = _run("search", "الإرهاب", "--text", str(path), "--in", "ar")
    assert code == 0, err
    _assert_safe(out, err)
    assert out.startswith("ar\tok") and "ﺏﺎﻫﺭﻹﺍ" in out and "␛" in out and "pwned" in out


def _headless(monkeypatch: pytest.MonkeyPatch) -> None:
    """`read` runs the app without a terminal, and quits once it has shown its first screen."""
    from tui_reader.ui.app import ReaderApp

    original = ReaderApp.run

    async def look_and_quit(pilot: object) -> None:
        await pilot.pause()  # type: ignore[attr-defined]
        pilot.app.exit()  # type: ignore[attr-defined]

    monkeypatch.setattr(
        ReaderApp, "run", lambda self: original(self, headless=True, auto_pilot=look_and_quit)
    )


def test_a_file_name_with_markup_opens_in_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / 'report[@click=app.quit("]v2.txt'
    path.write_text("تقرير قصير\nالجملة الأولى.\n", encoding="utf-8")
    assert _run("import", str(path))[0] == 0
    _headless(monkeypatch)
    code, _, err = _run("read", "report-click-app-quit-v2")
    assert (code, err) == (0, "")


def test_a_crash_in_the_reader_exits_non_zero_with_one_safe_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui_reader.ui.screens.reader import ReaderScreen

    def broken(self: object) -> None:
        raise RuntimeError(f"boom{NAME}")

    monkeypatch.setattr(ReaderScreen, "on_mount", broken)
    _headless(monkeypatch)
    code, out, err = _run("read")
    assert code == 1
    _assert_safe(out, err)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(
        "tui-reader: the reader stopped on an unexpected error (RuntimeError: boom␛"
    )
