"""The command line: output for pipes, and one clear line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.core import library
from tui_reader.core.display import layout, render_lines

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_render_prints_the_arabic_pane_line_by_line() -> None:
    code, out, _ = _run("render", "--width", "40")
    assert code == 0
    text = library.open_text(library.DEFAULT_TEXT_ID)
    expected: list[str] = []
    for index, segment in enumerate(text):
        if index:
            expected.append("")
        expected.extend(render_lines(segment.ar, 40))
    assert out.splitlines() == expected


def test_render_reads_stdin_and_plain_files(tmp_path: Path) -> None:
    code, out, _ = _run("render", "-", "--width", "30", stdin="قرار (2019م)\n".encode())
    assert code == 0
    assert out == render_lines("قرار (2019م)", 30)[0] + "\n"
    path = tmp_path / "a.txt"
    path.write_text("نص عربي", encoding="utf-8")
    assert _run("render", str(path), "--width", "20")[1] == render_lines("نص عربي", 20)[0] + "\n"


def test_a_long_text_is_rendered_in_several_writes_of_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A book goes out some sixty segments a write, not in one string (5 MB of fresh memory
    for a 1 MB book); what is printed is what one write of it all printed, with a no-break
    space (which `terminal_safe` checks line by line) in most segments."""
    from tui_reader.cli import output, reading
    from tui_reader.core.errors import terminal_safe

    segments = [f"الفقرة {n} من\u00a0النص" if n % 7 else f"سطر {n}" for n in range(150)]
    path = tmp_path / "long.txt"
    path.write_text("\n".join(segments), encoding="utf-8")
    writes: list[str] = []
    echo = output._echo

    def counted(message: str, **options: bool) -> None:
        writes.append(message)
        echo(message, **options)

    monkeypatch.setattr(reading, "_echo", counted)
    code, out, _ = _run("render", str(path), "--width", "12")
    assert code == 0
    whole = "\n\n".join("\n".join(render_lines(segment, 12)) for segment in segments)
    assert out == terminal_safe(whole, lines=True, tabs=True) + "\n"
    assert len(writes) == -(-len(segments) // reading.WRITE_SEGMENTS) > 1


def test_render_in_terminal_mode_sends_logical_text() -> None:
    code, out, _ = _run("--bidi", "terminal", "render", "-", stdin="قرار (2019م)".encode())
    assert code == 0 and out == "قرار (2019م)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "no-such-text"], "no-such-text: no such text or file"),
        (["read", "missing.yaml"], "missing.yaml: no such file"),
        (["render", "/"], "/: is a directory"),
    ],
)
def test_bad_input_is_one_line_without_traceback(args: list[str], message: str) -> None:
    code, out, err = _run(*args)
    assert code != 0
    assert message in err
    assert "Traceback" not in err + out


def test_stdin_that_is_not_utf8() -> None:
    code, _, err = _run("render", "-", stdin=b"\xff bad")
    assert code == 1
    assert err.strip() == "tui-reader: <stdin>:1: not UTF-8 text (byte 0xff at offset 0)"


def test_bad_config_is_reported_with_the_key(user_dirs: dict[str, Path]) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text('bidi = "sideways"\n')
    code, _, err = _run("render", "-", stdin=b"x")
    assert code == 1
    assert "config.toml: 'bidi' is 'sideways', expected one of: app, terminal" in err


def test_a_bad_environment_override_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUI_READER_LAYOUT", "diagonal")
    code, _, err = _run("render", "-", stdin=b"x")
    assert code == 1
    assert err.strip() == (
        "tui-reader: environment variable TUI_READER_LAYOUT is 'diagonal', "
        "expected one of: auto, side, stacked"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "--width", "0"], "Invalid value for '--width': 0 is not in the range"),
        (["frobnicate"], "No such command 'frobnicate'"),
        (["render", "--debug"], "No such option '--debug'"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui_reader", *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("tui-reader: ") and message in line and "--help" in line


def test_glossary_check_passes_on_the_bundled_glossary() -> None:
    code, out, _ = _run("glossary", "check")
    assert code == 0
    assert "entries, no problems" in out


def test_glossary_check_reports_each_problem_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("terms:\n  - id: Bad Id\n", encoding="utf-8")
    code, out, err = _run("glossary", "check", str(path))
    assert code == 1
    assert f"{path}:2:5: entry 'Bad Id': missing field 'ar'" in out
    assert "problems in" in err


def test_lookup_prints_the_entry_and_what_was_stripped() -> None:
    code, out, _ = _run("lookup", "وللإرهابيين")
    assert code == 0
    assert "English:          terrorist" in out
    assert "found as:         ولل + إرهابي + ين" in out
    assert "transliteration:  irhābī" in out


def test_lookup_json() -> None:
    import json

    code, out, _ = _run("lookup", "--json", "بِمُكَافَحَةِ")
    record = json.loads(out)
    assert code == 0 and record["found"] is True
    assert record["entry"]["id"] == "countering"
    assert record["analysis"] == {"proclitics": ["ب"], "stem": "مكافحة", "suffixes": []}


def test_lookup_of_a_word_without_entry_gives_its_dictionary_meaning() -> None:
    code, out, err = _run("lookup", "والمؤتمر")
    assert code == 0 and "stems tried" not in out + err
    assert "conference" in out and "وَ (and) + ال (the) + مُؤْتَمَر" in out
    code, out, _ = _run("lookup", "--json", "والمؤتمر")
    record = json.loads(out)
    assert code == 0 and record["found"] is True and record["entries"] == []
    assert record["dictionary"][0]["lemmas"][0]["lemma"] == "مُؤْتَمَر"


def test_lookup_of_nothing_known_exits_1() -> None:
    code, out, err = _run("lookup", "ززززز")
    assert code == 1 and out == ""
    assert err == "tui-reader: nothing found for 'ززززز' in the glossary or the dictionary\n"
    code, out, _ = _run("lookup", "--json", "ززززز")
    assert code == 1 and '"found": false' in out


def _one_note() -> str:
    from tui_reader.core.notes import Anchor, NoteStore, new_note

    text = library.open_text(library.DEFAULT_TEXT_ID)
    store = NoteStore.open(text.id)
    note = new_note(Anchor.make(text.segments[1], 0, 7), "Subject?\nmore", "query", ["s"])
    store.put(note)
    store.save()
    return note.id


def test_notes_list_and_export() -> None:
    note_id = _one_note()
    code, out, _ = _run("notes", "list")
    assert code == 0
    assert out == f"{note_id}\ts2\tquery\ts\tاستضافت\tSubject?\n"
    code, out, _ = _run("notes", "export", "--format", "md")
    assert code == 0 and "> استضافت" in out and "Subject?" in out
    code, out, _ = _run("notes", "export", "--format", "json")
    assert json.loads(out)["first"]["items"][0]["id"] == f"urn:tui-reader:note:{note_id}"


def test_on_a_terminal_listings_draw_arabic_as_the_reader_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import sys

    from tui_reader.cli import output

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    with click.Context(main):
        monkeypatch.setattr(sys, "stdout", Terminal())
        assert output._inline("استضافت عاصمة") == layout("استضافت عاصمة", 40)[0].text
        assert output._inline("Subject?") == "Subject?"
        wide = "قال 😀😀😀😀😀😀 الرجل"
        assert output._inline(wide) == layout(wide, 200)[0].text
        monkeypatch.setattr(sys, "stdout", io.StringIO())
        assert output._inline("استضافت عاصمة") == "استضافت عاصمة"


def test_notes_export_to_a_file(tmp_path: Path) -> None:
    _one_note()
    target = tmp_path / "out.md"
    code, _, err = _run("notes", "export", "-o", str(target))
    assert code == 0 and "1 note written" in err
    assert "Subject?" in target.read_text(encoding="utf-8")


def test_notes_with_a_damaged_file_is_one_line_and_the_file_is_untouched() -> None:
    from tui_reader.core.notes import notes_path

    path = notes_path(library.DEFAULT_TEXT_ID)
    path.parent.mkdir(parents=True)
    path.write_text("garbage", encoding="utf-8")
    code, _, err = _run("notes", "list")
    assert code == 1 and err.count("\n") == 1 and ":1: not a notes file" in err
    assert path.read_text(encoding="utf-8") == "garbage"


def test_search_prints_hits_with_place_and_marked_match() -> None:
    code, out, err = _run("search", "الارهابيين", "--in", "ar")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2 and "2 hits" in err
    kind, text_id, segment_id, offsets, snippet = lines[0].split("\t")
    assert (kind, text_id, segment_id) == ("ar", "dushanbe-2019", "s7")
    start, end = map(int, offsets.split("-"))
    article = library.open_text(library.DEFAULT_TEXT_ID)
    assert article.segments[6].ar[start:end] == "الإرهابيين"
    assert "[الإرهابيين]" in snippet


def test_search_json_and_text_option() -> None:
    code, out, _ = _run(
        "search", "Security Council", "--in", "en", "--text", "dushanbe-2019", "--json"
    )
    document = json.loads(out)
    assert code == 0 and document["count"] == 2
    assert {hit["match"] for hit in document["hits"]} == {"Security Council"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["search", "zzzz"], 1, "nothing found for 'zzzz'"),
        (["search", "(x", "--regex"], 2, "not a valid regular expression: missing )"),
        (["search", "x", "--in", "web"], 2, "Invalid value for '--in': use some of: ar, en"),
    ],
)
def test_search_exit_codes(args: list[str], code: int, message: str) -> None:
    got, _, err = _run(*args)
    assert got == code and message in err and "Traceback" not in err


def test_a_runaway_regular_expression_is_exit_2_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.core import search as search_module

    monkeypatch.setattr(search_module, "REGEX_SECONDS", 0.3)
    path = tmp_path / "long.txt"
    path.write_text("ب" * 5000 + "ج\n", encoding="utf-8")
    code, _, err = _run("search", "(ب|بب)+$", "--regex", "--text", str(path))
    assert code == 2 and "took more than 0.3 s; make it simpler" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("form", "suffix"), [("tbx", "tbx"), ("csv", "csv"), ("anki", "apkg")])
def test_glossary_export_formats(tmp_path: Path, form: str, suffix: str) -> None:
    target = tmp_path / f"g.{suffix}"
    code, out, err = _run("glossary", "export", "--format", form, "-o", str(target))
    assert code == 0 and out == "" and f"entries written to {target}" in err
    assert target.stat().st_size > 1000


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["glossary", "export", "--format", "tbx"], b"<?xml"),
        (["glossary", "export", "--format", "anki"], b"PK"),
        (["export", "dushanbe-2019", "--format", "tmx"], b"<?xml"),
        (["notes", "export", "--format", "json"], b"{"),
    ],
)
def test_dash_is_standard_output(args: list[str], start: bytes) -> None:
    result = CliRunner().invoke(main, [*args, "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(start)
    assert not Path("-").exists()


def test_an_output_folder_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.tmx"
    code, _, err = _run("export", "dushanbe-2019", "--format", "tmx", "-o", str(target))
    assert code == 1 and f"{target.parent}: no such folder" in err
    assert not target.parent.exists()


def test_a_link_into_a_folder_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    link = tmp_path / "dangling.tmx"
    link.symlink_to(tmp_path / "nowhere" / "x.tmx")
    code, _, err = _run("export", "dushanbe-2019", "--format", "tmx", "-o", str(link))
    assert code == 1 and "nowhere: no such folder" in err
    assert not (tmp_path / "nowhere").exists()


def test_a_proc_descriptor_is_written_as_it_is_named() -> None:
    """/dev/stdout into a pipe is a link to "pipe:[N]", which no name opens: the write goes
    through the link as given."""
    import os

    from tui_reader.core.storage import write_bytes_atomic

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("no /proc on this system")
    read_end, write_end = os.pipe()
    try:
        write_bytes_atomic(Path(f"/proc/self/fd/{write_end}"), b"through the pipe")
        assert os.read(read_end, 100) == b"through the pipe"
    finally:
        os.close(read_end)
        os.close(write_end)


def test_an_output_through_a_link_writes_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.tmx"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.tmx"
    link.symlink_to(real)
    code, _, _ = _run("export", "dushanbe-2019", "--format", "tmx", "-o", str(link))
    assert code == 0
    assert link.is_symlink() and link.resolve() == real
    assert "<tmx" in real.read_text(encoding="utf-8")


def test_an_output_that_is_a_pipe_stays_a_pipe(tmp_path: Path) -> None:
    """What is not a file (a named pipe here; /dev/null is the same case) is written to as
    it is: a rename would put an ordinary file in its place."""
    import os
    import stat
    import threading

    pipe = tmp_path / "pipe.tmx"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    code, _, err = _run("export", "dushanbe-2019", "--format", "tmx", "-o", str(pipe))
    reader.join(timeout=10)
    assert code == 0, err
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert received and b"<tmx" in received[0]


def test_glossary_import_adds_to_the_users_glossary_and_lookup_finds_it(
    tmp_path: Path, user_dirs: dict[str, Path]
) -> None:
    bundled_before = (REPO / "glossary.yaml").read_bytes()
    csv_file = tmp_path / "terms.csv"
    csv_file.write_text(
        "ar,en,definition\nأمن الموانئ,port security,Measures protecting ports.\n"
        "إرهاب,terror,A conflicting English.\n",
        encoding="utf-8",
    )
    code, out, _ = _run("glossary", "import", str(csv_file))
    assert code == 0
    assert "Added 1 term to" in out and "conflict" in out
    assert (user_dirs["data"] / "glossary.yaml").is_file()
    assert (REPO / "glossary.yaml").read_bytes() == bundled_before
    code, out, _ = _run("lookup", "وأمن الموانئ")
    assert code == 0 and "port security" in out


def test_glossary_import_of_a_broken_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tbx"
    bad.write_text("<martif><text><body>", encoding="utf-8")
    code, _, err = _run("glossary", "import", str(bad))
    assert code == 1 and err.count("\n") == 1 and "bad.tbx" in err


@pytest.mark.parametrize("form", ["tmx", "xliff"])
def test_export_a_text(tmp_path: Path, form: str) -> None:
    _one_note()
    target = tmp_path / f"out.{form}"
    code, _, err = _run("export", "dushanbe-2019", "--format", form, "-o", str(target))
    assert code == 0 and "17 segments written" in err
    content = target.read_text(encoding="utf-8")
    assert "استضافت" in content
    if form == "xliff":
        assert "Subject?" in content
