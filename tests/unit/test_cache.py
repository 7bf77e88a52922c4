"""The cache of parsed texts: a hit gives the same text without parsing, an edited file is a
miss, and nothing wrong with the cache ever stops a text from opening."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from tui_reader.core import cache, library
from tui_reader.core import text_yaml as text_module
from tui_reader.core.library import load_text
from tui_reader.core.text import Text
from tui_reader.core.text_yaml import dump_text


@pytest.fixture
def cache_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cache texts of any size, so the small bundled article stands in for a book."""
    monkeypatch.setattr(cache, "CACHE_FROM_BYTES", 0)


# Read before any test lets small texts into the cache, so that its only entries are the
# tests' own.
ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


def _article() -> Text:
    return ARTICLE


def _entries(user_dirs: dict[str, Path]) -> list[Path]:
    folder = user_dirs["cache"]
    return sorted(folder.glob("text-*.json")) if folder.is_dir() else []


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed the YAML although the cache holds this text")

    monkeypatch.setattr(text_module, "plain_yaml", refuse)
    monkeypatch.setattr(yaml, "load", refuse)
    monkeypatch.setattr(yaml, "compose", refuse)


@pytest.mark.usefixtures("cache_all")
def test_the_second_load_comes_from_the_cache_and_is_the_same_text(
    tmp_path: Path, user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(dump_text(_article()), encoding="utf-8")
    first = load_text(path)
    assert len(_entries(user_dirs)) == 1
    _no_yaml(monkeypatch)
    second = load_text(path)
    assert second == first
    assert second.path == path
    assert second.original() == first.original()


@pytest.mark.usefixtures("cache_all")
def test_an_edited_file_is_read_again(tmp_path: Path, user_dirs: dict[str, Path]) -> None:
    path = tmp_path / "book.yaml"
    article = _article()
    path.write_text(dump_text(article), encoding="utf-8")
    load_text(path)
    edited = replace(article, segments=(replace(article.segments[0], en="Edited"),))
    path.write_text(dump_text(edited), encoding="utf-8")
    assert load_text(path).segments[0].en == "Edited"
    assert len(_entries(user_dirs)) == 2


@pytest.mark.usefixtures("cache_all")
@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[]",
        b"\xff",
        b'{"meta": ["a"]}',
        b'{"meta": ["a", "b", "c", "d", "e", "f"], "segments": ["x", "y", "z"]}',
        b'{"meta": ["a", "b", "c", "d", "e", "f"], "segments": ["x", "y", "z", 1]}',
        b'{"meta": ["a", "b", "c", "d", "e", "f"], "segments": [["x", "y", "z", " "]]}',
    ],
)
def test_a_damaged_entry_is_a_miss(
    tmp_path: Path, user_dirs: dict[str, Path], damage: bytes
) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(dump_text(_article()), encoding="utf-8")
    expected = load_text(path)
    (entry,) = _entries(user_dirs)
    entry.write_bytes(damage)
    assert load_text(path) == expected


@pytest.mark.usefixtures("cache_all")
def test_a_cache_that_cannot_be_written_does_not_stop_reading(
    tmp_path: Path, user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TUI_READER_CACHE_DIR", str(blocker / "cache"))
    path = tmp_path / "book.yaml"
    path.write_text(dump_text(_article()), encoding="utf-8")
    assert load_text(path) == load_text(path) == _article()


def test_small_texts_are_not_cached(tmp_path: Path, user_dirs: dict[str, Path]) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(dump_text(_article()), encoding="utf-8")
    assert path.stat().st_size < cache.CACHE_FROM_BYTES
    load_text(path)
    assert _entries(user_dirs) == []


@pytest.mark.usefixtures("cache_all")
def test_only_the_most_recently_used_entries_are_kept(
    tmp_path: Path, user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = _article()
    paths = []
    for number in range(5):
        path = tmp_path / f"book{number}.yaml"
        path.write_text(dump_text(replace(article, id=f"book{number}")), encoding="utf-8")
        before = set(_entries(user_dirs))
        load_text(path)
        paths.append(path)
        (entry,) = set(_entries(user_dirs)) - before
        # File times can be coarser than this loop: make the order of use explicit.
        os.utime(entry, ns=(number * 10**9, number * 10**9))
        if number == 0:
            # Room for three entries of this size, not four.
            monkeypatch.setattr(cache, "CACHE_BYTES", 3 * entry.stat().st_size + 100)
    assert len(_entries(user_dirs)) == 3
    _no_yaml(monkeypatch)
    assert load_text(paths[-1]).id == "book4"
    assert load_text(paths[2]).id == "book2"
    with pytest.raises(AssertionError, match="parsed the YAML"):
        load_text(paths[1])


@pytest.mark.usefixtures("cache_all")
def test_a_text_deleted_from_the_library_leaves_no_parsed_copy(
    user_dirs: dict[str, Path],
) -> None:
    text = replace(_article(), id="mine")
    library.add_text(text)
    assert library.open_text("mine") == replace(text, path=None)
    assert len(_entries(user_dirs)) == 1
    library.delete_text("mine")
    assert _entries(user_dirs) == []


def test_what_the_cache_holds_is_pinned_to_its_version() -> None:
    """A change to what a cached text holds must come with a new CACHE_VERSION, or entries
    written by the old code would be read as the new shape."""
    from tui_reader.core.text import Segment, to_record

    text = Text("t", "ع", "T", (Segment("s1", "أ", "A", ""), Segment("s2", "ب", "", "\n")))
    assert cache.CACHE_VERSION == 2, "update this test with the new shape"
    assert to_record(text) == {
        "meta": ["t", "ع", "T", "", "", ""],
        "segments": ["s1", "أ", "A", "", "s2", "ب", "", "\n"],
    }


def test_segments_read_back_are_made_field_for_field() -> None:
    """`from_record` makes segments without their `__init__`, setting each field itself: a
    field added to `Segment` must be set there too."""
    from dataclasses import fields

    from tui_reader.core.text import Segment, _segment

    assert [field.name for field in fields(Segment)] == ["id", "ar", "en", "before"]
    made = _segment("s1", "قطر", "Qatar", "\n")
    assert made == Segment("s1", "قطر", "Qatar", "\n")
    assert hash(made) == hash(Segment("s1", "قطر", "Qatar", "\n"))
