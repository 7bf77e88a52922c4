"""The drafts store: one file per text in the data folder, versioned, atomic, merged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui_reader.core import library
from tui_reader.core.drafts import DraftStore, drafts_path
from tui_reader.core.storage import UnsafeId


def test_a_draft_is_saved_in_the_data_folder_and_read_again(user_dirs: dict[str, Path]) -> None:
    store = DraftStore.open("article")
    assert store.get("s1") == ""
    store.put("s1", "Qatar leads «قطر» the way.")
    store.ignore("draft", "s1", "term:qatar")
    store.ignore("reference", "s2", "number:50")
    assert store.save() is None
    path = user_dirs["data"] / "drafts" / "article.json"
    assert drafts_path("article") == path
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert "«قطر»" in path.read_text(encoding="utf-8")
    again = DraftStore.open("article")
    assert again.get("s1") == "Qatar leads «قطر» the way."
    assert again.ignored_keys("draft") == {"s1": frozenset({"term:qatar"})}
    assert again.ignored_keys("reference") == {"s2": frozenset({"number:50"})}
    assert again.drafted(["s1", "s2", "s3"]) == 1


def test_the_reference_and_the_text_file_are_never_changed() -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    assert text.path is not None
    before = text.path.read_bytes()
    store = DraftStore.open(text.id)
    store.put(text.segments[0].id, "My own title")
    store.save()
    assert text.path.read_bytes() == before
    assert library.open_text(text.id).segments[0].en == text.segments[0].en


def test_an_empty_draft_removes_it() -> None:
    store = DraftStore.open("article")
    store.put("s1", "One")
    store.save()
    store.put("s1", "  \n")
    store.save()
    assert len(DraftStore.open("article")) == 0


def test_two_windows_merge_their_drafts_and_ignores() -> None:
    first, second = DraftStore.open("article"), DraftStore.open("article")
    first.put("s1", "first's s1")
    first.ignore("draft", "s1", "number:2019")
    first.save()
    second.put("s2", "second's s2")
    second.ignore("draft", "s1", "term:qatar")
    second.save()
    merged = DraftStore.open("article")
    assert (merged.get("s1"), merged.get("s2")) == ("first's s1", "second's s2")
    assert merged.ignored_keys("draft")["s1"] == {"number:2019", "term:qatar"}
    # An ignore taken back in one window is taken back, the other's kept.
    first.ignore("draft", "s1", "number:2019", on=False)
    first.save()
    assert DraftStore.open("article").ignored_keys("draft")["s1"] == {"term:qatar"}


def test_a_draft_changed_in_two_windows_keeps_both() -> None:
    first, second = DraftStore.open("article"), DraftStore.open("article")
    first.put("s1", "first's version")
    first.save()
    second.put("s1", "second's version")
    second.save()
    merged = DraftStore.open("article")
    assert merged.get("s1") == "second's version"
    assert merged.conflicts == {"s1": ["first's version"]}


def test_a_damaged_file_is_reported_left_alone_then_set_aside(user_dirs: dict[str, Path]) -> None:
    path = drafts_path("article")
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "drafts": {"s1": {"text": 3}}}', encoding="utf-8")
    store = DraftStore.open("article")
    assert "s1" in store.damaged and "damaged" in store.damaged
    assert path.read_text(encoding="utf-8").startswith('{"version": 1')
    store.put("s2", "new")
    kept = store.save()
    assert kept is not None and kept.read_text(encoding="utf-8").startswith('{"version": 1')
    assert DraftStore.open("article").get("s2") == "new"


@pytest.mark.parametrize(
    "content", ["not json", "[1]", '{"version": 2}', "[" * 100_000, '{"version": 1, "ignored": 3}']
)
def test_every_kind_of_damage_is_one_message(content: str) -> None:
    path = drafts_path("article")
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    store = DraftStore.open("article")
    assert store.damaged.startswith(str(path))
    assert "\n" not in store.damaged


def test_a_link_in_place_of_the_file_is_not_read_or_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.json"
    outside.write_text('{"version": 1, "drafts": {"s1": {"text": "theirs"}}}', encoding="utf-8")
    path = drafts_path("article")
    path.parent.mkdir(parents=True)
    os.symlink(outside, path)
    store = DraftStore.open("article")
    assert "symbolic link" in store.damaged
    store.put("s1", "mine")
    store.save()
    assert "theirs" in outside.read_text(encoding="utf-8")
    assert not path.is_symlink()


def test_a_hostile_id_names_no_file() -> None:
    with pytest.raises(UnsafeId):
        DraftStore.open("../../etc/passwd")


def test_the_word_diff_marks_what_the_draft_left_out_and_put_in() -> None:
    from tui_reader.core.drafts import word_diff

    pieces = word_diff("Qatar at the forefront of supporters", "Qatar leads the supporters")
    assert pieces == [
        ("equal", "Qatar "),
        ("delete", "at "),
        ("insert", "leads "),
        ("equal", "the "),
        ("delete", "forefront of "),
        ("equal", "supporters"),
    ]
    assert "".join(text for kind, text in pieces if kind != "delete") == (
        "Qatar leads the supporters"
    )
    assert word_diff("", "New") == [("insert", "New")]
    assert word_diff("Same words.", "Same words.") == [("equal", "Same words.")]


def test_a_word_diff_never_runs_two_words_together() -> None:
    from tui_reader.core.drafts import word_diff

    pieces = word_diff("We fight terrorism.", "We fight terrorist funding.")
    assert pieces == [
        ("equal", "We fight "),
        ("delete", "terrorism. "),
        ("insert", "terrorist funding."),
    ]
