"""Hostile and damaged user data (issue 13): ids that would name files elsewhere, links,
devices, pipes and huge files where the stores keep theirs, and saves that cross. Rows of the
README's "Faults and hostile input" table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Rating

from tui_reader.core import library, storage
from tui_reader.core.notes import Anchor, Note, NoteStore, edited, new_note, notes_path
from tui_reader.core.positions import load_positions, positions_path, save_position
from tui_reader.core.study import CardKey, StudyStore, review
from tui_reader.core.text import Segment, Text

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)
S2 = ARTICLE.segments[1]
LINK = "a symbolic link: data files are never read or written through one"
ESCAPING_IDS = ["../../../../../outside/ESCAPED", "/tmp/tui-reader-escaped", "a/../../b", "x\n"]


def _note(body: str) -> Note:
    return new_note(Anchor.make(S2, 0, 6), body)


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# A text's id leaves the data folder -----------------------------------------------------------


def test_a_text_whose_id_climbs_out_gets_no_notes_file_outside(tmp_path: Path) -> None:
    # As a YAML text with this id would be, were it let through when texts are loaded.
    text = Text("../../../../../outside/ESCAPED", "", "", (Segment("s1", "نص"),))
    before = _files(tmp_path)
    with pytest.raises(ValueError) as raised:
        store = NoteStore.open(text.id)
        store.put(new_note(Anchor.make(text.segments[0], 0, 1), "x"))
        store.save()
    assert str(raised.value).startswith("'../../../../../outside/ESCAPED' is not a text id")
    assert str(tmp_path) not in str(raised.value)
    assert _files(tmp_path) == before


@pytest.mark.parametrize("text_id", ESCAPING_IDS)
def test_no_store_builds_a_path_from_what_is_not_an_id(
    text_id: str, user_dirs: dict[str, Path]
) -> None:
    with pytest.raises(ValueError) as raised:
        notes_path(text_id)
    assert str(raised.value).startswith(repr(text_id))
    assert str(user_dirs["data"]) not in str(raised.value)
    with pytest.raises(ValueError):
        NoteStore.open(text_id)


def test_a_plain_file_of_any_name_gets_an_id_and_its_notes_stay_in_the_folder(
    tmp_path: Path, user_dirs: dict[str, Path]
) -> None:
    source = tmp_path / "My Notes ملاحظات..txt"
    source.write_text("نص قصير\n", encoding="utf-8")
    text = library.open_text(str(source))
    store = NoteStore.open(text.id)
    store.put(new_note(Anchor.make(text.segments[0], 0, 2), "kept"))
    store.save()
    assert store.path.parent == user_dirs["data"] / "notes"
    assert len(NoteStore.open(library.open_text(str(source)).id)) == 1


def test_a_library_text_of_a_hostile_id_is_left_out_of_the_list(
    user_dirs: dict[str, Path],
) -> None:
    folder = user_dirs["data"] / "texts"
    folder.mkdir(parents=True)
    (folder / "evil.yaml").write_text(
        "id: ../../escaped\nsegments:\n  - {id: s1, ar: نص}\n", encoding="utf-8"
    )
    assert [s.id for s in library.summaries()] == [library.DEFAULT_TEXT_ID]
    assert not (user_dirs["data"].parent / "escaped.jsonl").exists()


# Two windows ----------------------------------------------------------------------------------


def test_an_edit_in_one_window_survives_a_delete_in_another() -> None:
    store = NoteStore.open(ARTICLE.id)
    note = _note("original")
    store.put(note)
    store.save()
    one, two = NoteStore.open(ARTICLE.id), NoteStore.open(ARTICLE.id)
    two.put(edited(note, "two's edit", "query", []))
    two.save()
    one.delete(note.id)
    one.save()
    [kept] = NoteStore.open(ARTICLE.id)
    assert kept.body == "two's edit" and "conflict" in kept.tags


def test_a_delete_of_a_note_nobody_changed_still_deletes_it() -> None:
    store = NoteStore.open(ARTICLE.id)
    note = _note("original")
    store.put(note)
    store.save()
    one, two = NoteStore.open(ARTICLE.id), NoteStore.open(ARTICLE.id)
    two.put(_note("another"))
    two.save()
    one.delete(note.id)
    one.save()
    assert [n.body for n in NoteStore.open(ARTICLE.id)] == ["another"]


def _record(note_id: str, body: str) -> str:
    anchor = {"segment_id": S2.id, "start": 0, "end": 6, "quote": S2.ar[:6]}
    return json.dumps({"id": note_id, "anchor": anchor, "body": body, "created": body})


def test_notes_sharing_an_id_are_both_kept_and_it_is_said() -> None:
    path = notes_path(ARTICLE.id)
    path.parent.mkdir(parents=True)
    lines = [
        json.dumps({"version": 1, "text": ARTICLE.id}),
        _record("abc", "ours"),
        _record("abc", "theirs"),
        _record("abc", "ours"),  # the very same note twice is one note
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = NoteStore.open(ARTICLE.id)
    assert sorted(n.body for n in store) == ["ours", "theirs"]
    assert store.repaired == (
        f"{path}: 1 note had the id of an earlier one (line 3): each is kept, with an id of its own"
    )
    store.put(_note("new"))
    store.save()
    again = NoteStore.open(ARTICLE.id)
    assert sorted(n.body for n in again) == ["new", "ours", "theirs"]
    assert again.repaired == ""


def test_a_note_given_a_new_id_keeps_it_across_windows() -> None:
    path = notes_path(ARTICLE.id)
    path.parent.mkdir(parents=True)
    header = json.dumps({"version": 1, "text": ARTICLE.id})
    path.write_text(f"{header}\n{_record('abc', 'a')}\n{_record('abc', 'b')}\n", encoding="utf-8")
    one, two = NoteStore.open(ARTICLE.id), NoteStore.open(ARTICLE.id)
    assert set(one.notes) == set(two.notes)
    one.save()
    two.save()
    assert sorted(n.body for n in NoteStore.open(ARTICLE.id)) == ["a", "b"]


POSITION_WRITER = """
import sys
from tui_reader.core.positions import save_position
for n in range(int(sys.argv[2])):
    save_position(f"text-{sys.argv[1]}-{n}", "s1")
"""


def test_instances_saving_positions_at_once_lose_none() -> None:
    writers, saves = 4, 60
    running = [
        subprocess.Popen([sys.executable, "-c", POSITION_WRITER, str(number), str(saves)])
        for number in range(writers)
    ]
    assert [writer.wait(timeout=120) for writer in running] == [0] * writers
    assert len(load_positions()) == writers * saves


# Set aside ------------------------------------------------------------------------------------


def test_files_set_aside_in_the_same_second_never_replace_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Frozen(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Frozen:
            return cls(2025, 1, 2, 3, 4, 5, tzinfo=UTC)

    monkeypatch.setattr(storage, "datetime", Frozen)
    path = tmp_path / "n.jsonl"
    kept = []
    for content in ("first", "second", "third"):
        path.write_text(content, encoding="utf-8")
        kept.append(storage.set_aside(path, "damaged"))
    assert [p.read_text(encoding="utf-8") for p in kept] == ["first", "second", "third"]
    assert not path.exists()


# Links, devices, pipes, huge files ------------------------------------------------------------


def _user_files(user_dirs: dict[str, Path]) -> dict[str, Path]:
    data = user_dirs["data"]
    (data / "notes").mkdir(parents=True, exist_ok=True)
    return {
        "notes": notes_path(ARTICLE.id),
        "study": data / "study.json",
        "positions": positions_path(),
    }


def _save_each() -> None:
    store = NoteStore.open(ARTICLE.id)
    store.put(_note("new"))
    store.save()
    study = StudyStore.open()
    review(study, CardKey("terrorism", "ar-en"), Rating.Good)
    study.save()
    save_position(ARTICLE.id, "s2")


SOUND = {
    "notes": json.dumps({"version": 1, "text": ARTICLE.id}) + "\n",
    "study": json.dumps({"version": 1}),
    "positions": json.dumps({"version": 1, "positions": {}}),
}


@pytest.mark.parametrize("sound", [True, False], ids=["sound", "damaged"])
@pytest.mark.parametrize("kind", ["notes", "study", "positions"])
def test_a_data_file_that_is_a_link_is_set_aside_never_written_through(
    kind: str, sound: bool, tmp_path: Path, user_dirs: dict[str, Path]
) -> None:
    target = tmp_path / "precious.txt"
    content = SOUND[kind] if sound else "not yours to replace"
    target.write_text(content, encoding="utf-8")
    link = _user_files(user_dirs)[kind]
    link.symlink_to(target)
    if kind == "notes":
        assert NoteStore.open(ARTICLE.id).damaged == f"{link}: {LINK}"
    if kind == "study":
        assert StudyStore.open().damaged == f"{link}: {LINK}"
    _save_each()
    assert target.read_text(encoding="utf-8") == content
    assert link.is_file() and not link.is_symlink()
    [aside] = link.parent.glob(f"{link.name}.damaged-*")
    assert aside.is_symlink() and aside.resolve() == target


@pytest.mark.parametrize("kind", ["notes", "study", "positions"])
def test_a_data_file_linked_to_an_endless_device_is_refused_in_one_line(
    kind: str, user_dirs: dict[str, Path]
) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    _user_files(user_dirs)[kind].symlink_to("/dev/zero")
    assert load_positions() == {}
    damaged = {"notes": NoteStore.open(ARTICLE.id).damaged, "study": StudyStore.open().damaged}
    if kind in damaged:
        assert damaged[kind].count("\n") == 0 and "symbolic link" in damaged[kind]
    _save_each()
    assert _user_files(user_dirs)[kind].is_file()


@pytest.mark.parametrize("kind", ["notes", "study", "positions"])
def test_a_named_pipe_never_hangs_and_is_set_aside(kind: str, user_dirs: dict[str, Path]) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    code = (
        "from tui_reader.core import library\n"
        "from tui_reader.core.notes import NoteStore\n"
        "from tui_reader.core.positions import load_positions, last_read\n"
        "from tui_reader.core.study import StudyStore\n"
        "library.summaries(); load_positions(); last_read()\n"
        "print(NoteStore.open('dushanbe-2019').damaged)\n"
        "print(StudyStore.open().damaged)\n"
    )
    path = _user_files(user_dirs)[kind]
    os.mkfifo(path)
    # In a process of its own: were a read to wait for a writer, the test would hang.
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    if kind != "positions":
        assert "not a regular file" in result.stdout
    _save_each()
    assert path.is_file()
    [aside] = path.parent.glob(f"{path.name}.damaged-*")
    assert aside.is_fifo()


@pytest.mark.parametrize(
    ("kind", "bound"),
    [
        ("notes", storage.NOTES_BYTES),
        ("study", storage.STUDY_BYTES),
        ("positions", storage.POSITIONS_BYTES),
    ],
)
def test_a_data_file_over_its_bound_is_not_read_and_is_set_aside(
    kind: str, bound: int, user_dirs: dict[str, Path]
) -> None:
    path = _user_files(user_dirs)[kind]
    with path.open("wb") as stream:
        stream.truncate(bound + 1)  # sparse: no disk used
    assert load_positions() == {}
    damaged = {"notes": NoteStore.open(ARTICLE.id).damaged, "study": StudyStore.open().damaged}
    if kind in damaged:
        assert f"{path}: larger than {bound >> 20} MB" in damaged[kind]
    _save_each()
    [aside] = path.parent.glob(f"{path.name}.damaged-*")
    assert aside.stat().st_size == bound + 1


def test_a_data_folder_that_is_a_file_is_called_that(user_dirs: dict[str, Path]) -> None:
    data = user_dirs["data"]
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("a file where the data folder should be", encoding="utf-8")
    store = NoteStore.open(ARTICLE.id)
    assert store.damaged == ""  # the notes file is not damaged: there is none
    store.put(_note("kept"))
    with pytest.raises(OSError) as raised:
        store.save()
    assert str(raised.value) == f"{data}: a file where a folder should be"
    assert raised.value.filename == str(data)
    study = StudyStore.open()
    assert study.damaged == ""
    for save in (study.save, lambda: save_position(ARTICLE.id, "s2")):
        with pytest.raises(OSError, match="a file where a folder should be"):
            save()
    assert data.read_text(encoding="utf-8") == "a file where the data folder should be"


def test_a_lock_file_that_is_a_link_creates_nothing_where_it_points(
    tmp_path: Path, user_dirs: dict[str, Path]
) -> None:
    path = _user_files(user_dirs)["notes"]
    elsewhere = tmp_path / "created-elsewhere"
    path.with_name(path.name + ".lock").symlink_to(elsewhere)
    store = NoteStore.open(ARTICLE.id)
    store.put(_note("x"))
    with pytest.raises(OSError):
        store.save()
    assert not elsewhere.exists()


def test_exports_the_user_names_still_go_through_links(tmp_path: Path) -> None:
    target = tmp_path / "target.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    storage.write_atomic(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"


# Foreign strings in messages ------------------------------------------------------------------

ESCAPE = "\x1b]0;pwned\x07\u202e"


@pytest.mark.parametrize(
    "change",
    [
        {"category": ESCAPE},
        {"anchor": {"segment_id": "s1", "start": 0, "end": 1, "quote": "x", "pane": ESCAPE}},
        {"anchor": {"segment_id": "s1", "start": 0, "end": 1, "quote": "x", ESCAPE: 1}},
    ],
)
def test_a_damaged_note_never_puts_its_strings_in_the_message_raw(
    change: dict[str, object],
) -> None:
    path = notes_path(ARTICLE.id)
    path.parent.mkdir(parents=True)
    record = {**json.loads(_record("abc", "x")), **change}
    path.write_text(f'{{"version": 1}}\n{json.dumps(record)}\n', encoding="utf-8")
    damaged = NoteStore.open(ARTICLE.id).damaged
    assert f"{path}:2: a damaged note" in damaged
    assert "\x1b" not in damaged and "\u202e" not in damaged and "\\x1b" in damaged


@pytest.mark.parametrize(
    "cards",
    [{f"{ESCAPE}|ar-en": {}}, {f"terrorism|{ESCAPE}": {}}],
)
def test_a_damaged_card_never_puts_its_strings_in_the_message_raw(
    cards: dict[str, object], user_dirs: dict[str, Path]
) -> None:
    path = _user_files(user_dirs)["study"]
    path.write_text(json.dumps({"version": 1, "cards": cards}), encoding="utf-8")
    damaged = StudyStore.open().damaged
    assert damaged.startswith(f"{path}: card ") and "is damaged" in damaged
    assert "\x1b" not in damaged and "\u202e" not in damaged


# Deleting a text ------------------------------------------------------------------------------

DELETE = """
from tui_reader.core import library
print(library.delete_text("piped"))
"""


def test_deleting_a_text_that_is_a_named_pipe_does_not_hang(user_dirs: dict[str, Path]) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    folder = user_dirs["data"] / "texts"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "piped.yaml")
    subprocess.run([sys.executable, "-c", DELETE], timeout=60, check=True, capture_output=True)
    assert not (folder / "piped.yaml").exists()


def test_deleting_a_text_sets_aside_a_notes_link_not_what_it_points_to(
    tmp_path: Path, user_dirs: dict[str, Path]
) -> None:
    folder = user_dirs["data"] / "texts"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("id: mine\nsegments:\n  - {id: s1, ar: نص}\n", "utf-8")
    notes = notes_path("mine")
    notes.parent.mkdir(parents=True)
    notes.symlink_to(tmp_path / "gone")  # a link to nothing is still a file to set aside
    [kept] = library.delete_text("mine")
    assert kept.is_symlink() and not os.path.lexists(notes)


def _two_notes_of_one_id() -> None:
    path = notes_path(ARTICLE.id)
    path.parent.mkdir(parents=True)
    header = json.dumps({"version": 1, "text": ARTICLE.id})
    path.write_text(f"{header}\n{_record('abc', 'a')}\n{_record('abc', 'b')}\n", encoding="utf-8")


def test_the_command_line_says_when_notes_were_given_ids_of_their_own() -> None:
    from click.testing import CliRunner

    from tui_reader.cli import main

    _two_notes_of_one_id()
    result = CliRunner().invoke(main, ["notes", "list", ARTICLE.id])
    assert result.exit_code == 0
    assert "1 note had the id of an earlier one (line 3)" in result.stderr
    assert result.stdout.count("\n") == 2


async def test_the_reader_says_when_notes_were_given_ids_of_their_own() -> None:
    from tui_reader.ui.app import ReaderApp

    _two_notes_of_one_id()
    app = ReaderApp(ARTICLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        [notice] = [n for n in app._notifications if n.title == "Notes repaired"]
        assert "had the id of an earlier one" in notice.message
