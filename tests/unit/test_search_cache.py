"""The folded copy of a text kept for search beside its parsed copy: a search of a text saved
by an import (or searched before) folds nothing, finds exactly what folding it anew finds, and
nothing wrong with the copy ever changes a result or stops a search."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.core import cache, library
from tui_reader.core.normalize import normalize
from tui_reader.core.notes import Anchor, NoteStore, new_note
from tui_reader.core.search import Query, TextIndex, search
from tui_reader.core.text import Segment, Text
from tui_reader.core.text_yaml import dump_text

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)

# Every kind of character folding changes, and some it leaves alone.
VARIED = Text(
    "varied",
    "نص",
    "Varied",
    (
        Segment("s1", "ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ المعني بالإجراءات", "The FATF Working Group"),
        Segment("s2", "قال: مُكَافَحَةُ الإِرْهَابِ واجبة على الجميع", "Countering TERRORISM", "\n"),
        Segment("s3", "إن مـكـافـحة   الإرهاب مسؤولية مسئول", "Straße ﬁnance İstanbul"),
        Segment("s4", "ﻻ إرهاب بلا تمويل، والإرهابيين آخرون", "terrorists\tand\nterror"),
        Segment("s5", "فی کتاب آخر یهيئ", "a NUL\x00inside"),
    ),
)
QUERIES = [
    Query("الارهاب"),
    Query("مكافحة الارهاب"),
    Query("فريق العمل"),
    Query("لا"),
    Query("terror"),
    Query("STRASSE"),
    Query("finance"),
    Query("istanbul"),
    Query("مسؤول"),
    Query("في كتاب"),
    Query("إرهاب", forms=True),
    Query("terror", whole_word=True),
    Query("ال.{1,3}ب", regex=True),
    Query(r"\w+ists?", regex=True),
    Query("x?", regex=True),
    Query("NUL"),
]


@pytest.fixture
def cache_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep copies of texts of any size, so small texts stand in for books."""
    monkeypatch.setattr(cache, "CACHE_FROM_BYTES", 0)


def _entries(user_dirs: dict[str, Path]) -> list[Path]:
    folder = user_dirs["cache"]
    return sorted(folder.glob("folded-*.json")) if folder.is_dir() else []


def _no_folding(monkeypatch: pytest.MonkeyPatch, text: Text) -> None:
    """Folding the text's Arabic or English (as one string) fails the test."""
    first = text.segments[0]

    def refuse(string: str) -> str:
        if string.startswith(f"{first.ar}\x00") or string.startswith(f"{first.en}\x00"):
            raise AssertionError("folded the text although its folded copy was kept")
        return normalize(string)

    monkeypatch.setattr("tui_reader.core.search.normalize", refuse)


def _same(first: TextIndex, second: TextIndex) -> None:
    assert first.text == second.text
    for kind in ("arabic", "english"):
        assert getattr(first, kind) == getattr(second, kind)


def _saved(tmp_path: Path, text: Text = VARIED) -> Path:
    path = tmp_path / f"{text.id}.yaml"
    library.save_text(text, path)
    return path


@pytest.mark.usefixtures("cache_all")
def test_a_saved_text_is_searched_without_folding_it(
    tmp_path: Path, user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _saved(tmp_path)
    assert len(_entries(user_dirs)) == 1
    _no_folding(monkeypatch, VARIED)
    text, index = library.open_for_search(str(path))
    assert text == VARIED
    monkeypatch.undo()
    _same(index, TextIndex.build(VARIED))


@pytest.mark.usefixtures("cache_all")
def test_the_search_command_on_a_saved_text_folds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _saved(tmp_path)
    expected = CliRunner().invoke(main, ["search", "الارهاب", "--text", str(path), "--json"])
    assert expected.exit_code == 0
    _no_folding(monkeypatch, VARIED)
    result = CliRunner().invoke(main, ["search", "الارهاب", "--text", str(path), "--json"])
    assert result.exit_code == 0 and result.stdout == expected.stdout


@pytest.mark.usefixtures("cache_all")
@pytest.mark.parametrize("query", QUERIES, ids=[q.text for q in QUERIES])
def test_hits_from_the_kept_copy_are_those_of_folding_anew(tmp_path: Path, query: Query) -> None:
    path = _saved(tmp_path)
    text, index = library.open_for_search(str(path))
    store = NoteStore.open(text.id)
    store.put(new_note(Anchor("s2", 0, 4, "قال:"), "ملاحظة عن الإرهاب terror"))
    stores = {text.id: store}
    anew = search(query, [text], stores=stores)
    assert search(query, [text], stores=stores, indexes={text.id: index}) == anew


@pytest.mark.usefixtures("cache_all")
def test_the_article_from_its_kept_copy_gives_the_same_hits(tmp_path: Path) -> None:
    path = _saved(tmp_path, ARTICLE)
    text, index = library.open_for_search(str(path))
    for query in ("الإرهاب", "تمويل الإرهاب", "فريق العمل", "Security Council", "على"):
        anew = search(Query(query), [text])
        assert anew and search(Query(query), [text], indexes={text.id: index}) == anew


@pytest.mark.usefixtures("cache_all")
def test_an_edited_file_is_folded_again(tmp_path: Path, user_dirs: dict[str, Path]) -> None:
    path = _saved(tmp_path)
    edited = replace(VARIED, segments=(replace(VARIED.segments[0], ar="تمويل الإرهاب"),))
    path.write_text(dump_text(edited), encoding="utf-8")
    text, index = library.open_for_search(str(path))
    assert text == edited
    _same(index, TextIndex.build(edited))
    assert [hit.segment_id for hit in search(Query("تمويل"), [text], indexes={text.id: index})]


@pytest.mark.usefixtures("cache_all")
def test_a_text_searched_once_is_folded_once(
    tmp_path: Path, user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text file that no import saved (written by hand, or by an older version) keeps its
    folded copy after its first search."""
    path = tmp_path / "by-hand.yaml"
    path.write_text(dump_text(VARIED), encoding="utf-8")
    first = library.open_for_search(str(path))[1]
    assert len(_entries(user_dirs)) == 1
    _no_folding(monkeypatch, VARIED)
    second = library.open_for_search(str(path))[1]
    monkeypatch.undo()
    _same(first, second)


@pytest.mark.usefixtures("cache_all")
@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[]",
        b"\xff",
        b'{"folding": "another version", "ar": null, "en": null}',
        "FOLDING",
        b'{"ar": "\\u0000", "en": null}',
    ],
)
def test_a_damaged_or_stale_copy_is_a_miss(
    tmp_path: Path, user_dirs: dict[str, Path], damage: bytes | str
) -> None:
    path = _saved(tmp_path)
    (entry,) = _entries(user_dirs)
    if damage == "FOLDING":
        # The right version, with what no text of five segments folds to: one string too many.
        wrong = {"folding": cache.folding(), "ar": "\x00" * 5, "en": None}
        damage = json.dumps(wrong).encode("utf-8")
    assert isinstance(damage, bytes)
    entry.write_bytes(damage)
    index = library.open_for_search(str(path))[1]
    _same(index, TextIndex.build(VARIED))


@pytest.mark.usefixtures("cache_all")
@pytest.mark.parametrize(
    "kept",
    [
        {"ar": 3, "en": None},
        {"ar": None, "en": ["a"]},
        {"ar": "", "en": ""},
        {"en": None},
        {"ar": "\x00\x00\x00\x00", "en": "\x00\x00\x00\x00\x00\x00"},
    ],
)
def test_a_copy_of_the_wrong_shape_is_a_miss(
    tmp_path: Path, user_dirs: dict[str, Path], kept: dict[str, object]
) -> None:
    path = _saved(tmp_path)
    (entry,) = _entries(user_dirs)
    entry.write_text(json.dumps({"folding": cache.folding(), **kept}), encoding="utf-8")
    _same(library.open_for_search(str(path))[1], TextIndex.build(VARIED))


@pytest.mark.usefixtures("cache_all")
def test_a_cache_that_cannot_be_written_does_not_stop_a_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "varied.yaml"
    path.write_text(dump_text(VARIED), encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TUI_READER_CACHE_DIR", str(blocker / "cache"))
    library.save_text(VARIED, path)
    for _ in range(2):
        index = library.open_for_search(str(path))[1]
        _same(index, TextIndex.build(VARIED))
    result = CliRunner().invoke(main, ["search", "الارهاب", "--in", "ar", "--text", str(path)])
    assert result.exit_code == 0 and "3 hits" in result.stderr


def test_small_texts_keep_no_folded_copy(tmp_path: Path, user_dirs: dict[str, Path]) -> None:
    path = _saved(tmp_path)
    assert path.stat().st_size < cache.CACHE_FROM_BYTES
    library.open_for_search(str(path))
    assert _entries(user_dirs) == []


def test_a_plain_file_and_an_id_are_opened_for_search_too(tmp_path: Path) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("تمويل الإرهاب\nمكافحة\n", encoding="utf-8")
    text, index = library.open_for_search(str(plain))
    assert text == library.open_text(str(plain))
    _same(index, TextIndex.build(text))
    text, index = library.open_for_search(library.DEFAULT_TEXT_ID)
    assert text == ARTICLE
    _same(index, TextIndex.build(ARTICLE))


@pytest.mark.usefixtures("cache_all")
def test_a_text_deleted_from_the_library_leaves_no_folded_copy(
    user_dirs: dict[str, Path],
) -> None:
    library.add_text(replace(VARIED, id="mine"))
    assert len(_entries(user_dirs)) == 1
    library.delete_text("mine")
    assert _entries(user_dirs) == []
