"""Faults and hostile input, one test per row of the README's table ("Faults and hostile
input"). What is tested elsewhere is named there; these are the rest."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fsrs import Rating

from tui_reader.cli import main
from tui_reader.core import library
from tui_reader.core.notes import Anchor, NoteStore, new_note, notes_path
from tui_reader.core.positions import load_positions, positions_path, save_position
from tui_reader.core.search import Query, search_text
from tui_reader.core.study import CardKey, StudyStore, review
from tui_reader.core.text import Segment, Text

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)


def test_a_full_disk_fails_the_save_and_harms_nothing_saved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = NoteStore.open(ARTICLE.id)
    store.put(new_note(Anchor.make(ARTICLE.segments[1], 0, 7), "kept"))
    store.save()
    save_position(ARTICLE.id, "s3")
    study = StudyStore.open()
    review(study, CardKey("terrorism", "ar-en"), Rating.Good)
    study.save()
    before = {
        path: path.read_bytes() for path in (notes_path(ARTICLE.id), positions_path(), study.path)
    }
    _disk_full(monkeypatch)
    store.put(new_note(Anchor.make(ARTICLE.segments[2], 0, 5), "not saved"))
    with pytest.raises(OSError, match="No space left"):
        store.save()
    with pytest.raises(OSError):
        save_position(ARTICLE.id, "s9")
    review(study, CardKey("terrorism", "en-ar"), Rating.Good)
    with pytest.raises(OSError):
        study.save()
    assert {path: path.read_bytes() for path in before} == before
    assert len(store) == 2  # still in memory, to be saved or exported


def test_a_missing_data_folder_is_created_on_the_first_save(user_dirs: dict[str, Path]) -> None:
    assert not user_dirs["data"].exists()
    save_position(ARTICLE.id, "s2")
    assert load_positions() == {ARTICLE.id: "s2"}


KILLED_WRITER = """
import sys
from fsrs import Rating
from tui_reader.core.positions import save_position
from tui_reader.core.study import CardKey, StudyStore, review
n = 0
entries = ["terrorism", "terrorist", "countering", "extremism"]
while True:
    n += 1
    save_position("dushanbe-2019", f"s{n % 17 + 1}")
    store = StudyStore.open()
    review(store, CardKey(entries[n % 4], "ar-en"), Rating.Good)
    store.save()
    print(n, flush=True)
"""


def test_positions_and_study_progress_survive_a_kill_at_any_moment() -> None:
    rng = random.Random(1373)
    for _ in range(10):
        writer = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip()
        time.sleep(rng.uniform(0.0, 0.1))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert load_positions()["dushanbe-2019"].startswith("s")
        study = StudyStore.open()
        assert study.damaged == "" and study.cards


def test_two_instances_keep_each_others_study_progress_and_positions() -> None:
    one, two = StudyStore.open(), StudyStore.open()
    now = datetime.now(UTC)
    review(one, CardKey("terrorism", "ar-en"), Rating.Good, now)
    one.toggle_mark("extremism")
    one.save()
    review(two, CardKey("countering", "en-ar"), Rating.Again, now)
    two.save()
    merged = StudyStore.open()
    assert set(merged.cards) == {CardKey("terrorism", "ar-en"), CardKey("countering", "en-ar")}
    assert merged.marked == {"extremism"}
    assert len(merged.log) == 2
    save_position("dushanbe-2019", "s4")
    save_position("another-text", "s9")
    assert load_positions() == {"dushanbe-2019": "s4", "another-text": "s9"}


@pytest.mark.parametrize(
    "disguise",
    ["\u202e", "\u2066", "\u202b", "\u200f", "\x1b]8;;http://x\x1b\\", "\x1b]52;c;Zm9v\x07"],
)
def test_search_finds_the_text_around_controls_and_disguises(disguise: str) -> None:
    text = Text("t", "", "", (Segment("s1", f"قبل {disguise}مكافحة الإرهاب{disguise} بعد"),))
    [hit] = search_text(text, Query("مكافحة الإرهاب", kinds=("ar",)))
    assert hit.source[hit.start : hit.end].startswith("مكافحة")


@pytest.mark.parametrize(
    "sequence",
    ["\x1b]52;c;ZWNobyBvd25lZA==\x07", "\x1b]8;;https://example.org\x1b\\link\x1b]8;;\x1b\\",
     "\x1b]0;title\x07", "\x1b[6n", "\x9b2J", "\x1bP+q\x1b\\"],
)  # fmt: skip
def test_render_never_sends_a_control_sequence(tmp_path: Path, sequence: str) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(f"نص {sequence} عربي\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(path), "--width", "40"])
    assert result.exit_code == 0
    assert not any(ord(char) < 0x20 and char != "\n" for char in result.stdout)
    assert not any(0x7F <= ord(char) <= 0x9F for char in result.stdout)
    assert "␛" in result.stdout or "\ufffd" in result.stdout


def test_an_ascii_only_locale_gets_output_not_a_traceback(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("نص عربي\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "tui_reader", "render", str(path), "--width", "20"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert result.stdout.strip()


def test_a_lone_surrogate_escape_in_a_text_file_is_refused_with_its_place(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text('id: s\nsegments:\n  - id: s1\n    ar: "نص \\ud800"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(path)])
    assert result.exit_code == 1 and "s.yaml:4:" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("bidi = [", "config.toml: "),
        ('bidi = "app"\nbidi = "app"\n', "config.toml: "),
        ("layout = 3", "'layout' must be a string"),
        ("colour = 'red'", "unknown setting 'colour'"),
    ],
)
def test_config_faults_are_one_line(user_dirs: dict[str, Path], content: str, message: str) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", "-"], input=b"x")
    assert result.exit_code == 1 and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_config_that_is_not_utf8(user_dirs: dict[str, Path]) -> None:
    user_dirs["config"].mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_bytes(b"bidi = '\xff'")
    result = CliRunner().invoke(main, ["render", "-"], input=b"x")
    assert result.exit_code == 1 and "not UTF-8 text" in result.stderr


def test_a_study_file_damaged_since_it_was_read_is_set_aside_not_overwritten() -> None:
    store = StudyStore.open()
    review(store, CardKey("terrorism", "ar-en"), Rating.Good)
    store.save()
    other = StudyStore.open()
    store.path.write_text("{damaged", encoding="utf-8")
    review(other, CardKey("countering", "ar-en"), Rating.Good)
    kept = other.save()
    assert kept is not None and kept.read_text(encoding="utf-8") == "{damaged"


def test_an_id_opens_the_library_text_even_with_a_file_of_that_name_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dushanbe-2019").write_text("not the article", encoding="utf-8")
    assert library.open_text("dushanbe-2019").id == "dushanbe-2019"
    assert len(library.open_text("./dushanbe-2019")) == 1


def test_a_library_file_whose_id_differs_from_its_name_still_opens(
    user_dirs: dict[str, Path],
) -> None:
    folder = user_dirs["data"] / "texts"
    folder.mkdir(parents=True)
    (folder / "foo.yaml").write_text("id: bar\nsegments:\n  - {id: s1, ar: نص}\n", encoding="utf-8")
    [mine] = [s for s in library.summaries() if not s.bundled]
    assert mine.id == "foo"
    assert library.open_text(mine.id).id == "bar"
