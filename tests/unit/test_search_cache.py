"""The search index of a text kept in the cache folder: a search of a text saved by an import
(or searched before) neither folds nor loads the text, finds exactly what folding it anew
finds, and nothing wrong with the kept index ever changes a result or stops a search."""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.core import cache, library
from tui_reader.core.normalize import normalize
from tui_reader.core.notes import Anchor, NoteStore, new_note
from tui_reader.core.search import Query, TextIndex, ordered, search, search_index
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
    return sorted(folder.glob("search-*.bin")) if folder.is_dir() else []


def _no_folding(monkeypatch: pytest.MonkeyPatch, text: Text) -> None:
    """Folding the text's Arabic or English (as one string) fails the test."""
    first = text.segments[0]

    def refuse(string: str) -> str:
        if string.startswith(f"{first.ar}\x00") or string.startswith(f"{first.en}\x00"):
            raise AssertionError("folded the text although its folded copy was kept")
        return normalize(string)

    monkeypatch.setattr("tui_reader.core.search.normalize", refuse)


def _not_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading a text (its parsed copy or its YAML) fails the test."""

    def refuse(*_: object, **__: object) -> Text:
        raise AssertionError("loaded the text although its index was kept")

    monkeypatch.setattr(library, "text_from_bytes", refuse)


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
    _not_loaded(monkeypatch)
    index = library.open_for_search(str(path))
    monkeypatch.undo()
    assert index == TextIndex.build(VARIED)


@pytest.mark.usefixtures("cache_all")
def test_the_search_command_on_a_saved_text_folds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _saved(tmp_path)
    expected = CliRunner().invoke(main, ["search", "الارهاب", "--text", str(path), "--json"])
    assert expected.exit_code == 0
    _no_folding(monkeypatch, VARIED)
    _not_loaded(monkeypatch)
    result = CliRunner().invoke(main, ["search", "الارهاب", "--text", str(path), "--json"])
    assert result.exit_code == 0 and result.stdout == expected.stdout


@pytest.mark.usefixtures("cache_all")
@pytest.mark.parametrize("query", QUERIES, ids=[q.text for q in QUERIES])
def test_hits_from_the_kept_copy_are_those_of_folding_anew(tmp_path: Path, query: Query) -> None:
    path = _saved(tmp_path)
    index = library.open_for_search(str(path))
    store = NoteStore.open(VARIED.id)
    store.put(new_note(Anchor("s2", 0, 4, "قال:"), "ملاحظة عن الإرهاب terror"))
    anew = search(query, [VARIED], stores={VARIED.id: store})
    assert ordered(search_index(index, query, store)) == anew


@pytest.mark.usefixtures("cache_all")
def test_the_article_from_its_kept_copy_gives_the_same_hits(tmp_path: Path) -> None:
    path = _saved(tmp_path, ARTICLE)
    index = library.open_for_search(str(path))
    for query in ("الإرهاب", "تمويل الإرهاب", "فريق العمل", "Security Council", "على"):
        anew = search(Query(query), [ARTICLE])
        assert anew and ordered(search_index(index, Query(query))) == anew


@pytest.mark.usefixtures("cache_all")
def test_an_edited_file_is_folded_again(tmp_path: Path, user_dirs: dict[str, Path]) -> None:
    path = _saved(tmp_path)
    edited = replace(VARIED, segments=(replace(VARIED.segments[0], ar="تمويل الإرهاب"),))
    path.write_text(dump_text(edited), encoding="utf-8")
    index = library.open_for_search(str(path))
    assert index == TextIndex.build(edited)
    assert [hit.segment_id for hit in search_index(index, Query("تمويل"))] == ["s1"]


@pytest.mark.usefixtures("cache_all")
def test_a_text_searched_once_is_folded_once(
    tmp_path: Path, user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text file that no import saved (written by hand, or by an older version) keeps its
    folded copy after its first search."""
    path = tmp_path / "by-hand.yaml"
    path.write_text(dump_text(VARIED), encoding="utf-8")
    first = library.open_for_search(str(path))
    assert len(_entries(user_dirs)) == 1
    _no_folding(monkeypatch, VARIED)
    _not_loaded(monkeypatch)
    second = library.open_for_search(str(path))
    monkeypatch.undo()
    assert first == second == TextIndex.build(VARIED)


def _header(data: bytes) -> tuple[int, dict[str, object]]:
    """Where a kept index's header starts, and the header."""
    at = data.index(b"\n") + 1
    (size,) = struct.unpack_from("<Q", data, at)
    return at, json.loads(data[at + 8 : at + 8 + size])


def _with_header(data: bytes, change: Callable[[dict[str, object]], object]) -> bytes:
    """A kept index with its header changed by `change` (the strings left as they are)."""
    at, head = _header(data)
    (size,) = struct.unpack_from("<Q", data, at)
    change(head)
    header = json.dumps(head).encode("utf-8")
    return data[:at] + struct.pack("<Q", len(header)) + header + data[at + 8 + size :]


def _blob_sizes(head: dict[str, object]) -> list[list[object]]:
    blobs = head["blobs"]
    assert isinstance(blobs, list)
    return blobs


def _one_segment_more(head: dict[str, object]) -> None:
    ids = head["ids"]
    assert isinstance(ids, list)
    ids.append("s6")


def _lengths_off_by_one(data: bytes) -> bytes:
    """The Arabic strings' lengths no longer add up to the Arabic (the first one larger)."""
    at, head = _header(data)
    (size,) = struct.unpack_from("<Q", data, at)
    blobs = _blob_sizes(head)
    lengths_at = at + 8 + size + int(str(blobs[0][1]))
    (first,) = struct.unpack_from("<I", data, lengths_at)
    return data[:lengths_at] + struct.pack("<I", first + 1) + data[lengths_at + 4 :]


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "other bytes": lambda data: b"{not an index}",
    "old JSON copy": lambda data: b'{"folding": "x", "ar": null, "en": null}',
    "cut short": lambda data: data[:-1],
    "cut in the header": lambda data: data[:40],
    "a byte too many": lambda data: data + b"\x00",
    "header not JSON": lambda data: data.replace(b'{"stamp"', b'{"stamp\xff', 1),
    "header not an object": lambda data: _with_header(data, lambda head: head.clear()),
    "another folding": lambda data: _with_header(data, lambda head: head.update(stamp="x")),
    "no id": lambda data: _with_header(data, lambda head: head.pop("id")),
    "an id not a string": lambda data: _with_header(data, lambda head: head.update(id=3)),
    "a segment too many": lambda data: _with_header(data, _one_segment_more),
    "ids not strings": lambda data: _with_header(data, lambda head: head.update(ids=[1] * 5)),
    "flags not booleans": lambda data: _with_header(data, lambda h: h.update(folded=[1, 0])),
    "unknown encoding": lambda data: _with_header(
        data, lambda head: _blob_sizes(head)[0].__setitem__(0, "rot13")
    ),
    "negative size": lambda data: _with_header(
        data, lambda head: _blob_sizes(head)[0].__setitem__(1, -2)
    ),
    "sizes moved": lambda data: _with_header(
        data,
        lambda head: _blob_sizes(head)[0].__setitem__(1, int(str(_blob_sizes(head)[0][1])) - 2),
    ),
    "lengths that do not add up": _lengths_off_by_one,
    "five blobs": lambda data: _with_header(data, lambda head: _blob_sizes(head).pop()),
}


@pytest.mark.usefixtures("cache_all")
@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_or_stale_index_is_a_miss(
    tmp_path: Path, user_dirs: dict[str, Path], damage: Callable[[bytes], bytes]
) -> None:
    path = _saved(tmp_path)
    (entry,) = _entries(user_dirs)
    entry.write_bytes(damage(entry.read_bytes()))
    assert library.open_for_search(str(path)) == TextIndex.build(VARIED)
    # Made again and kept in its place.
    assert entry.read_bytes() == TextIndex.build(VARIED).dump(cache.folding())


def test_an_index_whose_folded_strings_do_not_match_its_segments_is_a_miss() -> None:
    """One more separator in the folded Arabic: a string too many for the segments."""
    index = TextIndex.build(VARIED)
    data = index.dump("stamp")
    assert TextIndex.load(data, "stamp") == index
    folded = index.arabic.joined.encode("utf-16-le")
    damaged = data.replace(folded, folded[:-2] + "\x00".encode("utf-16-le"))
    assert damaged != data and TextIndex.load(damaged, "stamp") is None


def test_a_side_that_folding_leaves_alone_is_kept_once_and_checked() -> None:
    """The article's English folds to itself: it is kept once, joined by the separator, and
    an index whose English has a separator too few or too many is a miss."""
    index = TextIndex.build(ARTICLE)
    assert not index.english.changed
    data = index.dump("stamp")
    encoding = "ascii" if index.english.joined.isascii() else "utf-16-le"
    english = index.english.joined.encode(encoding)
    assert data.count(english) == 1
    back = TextIndex.load(data, "stamp")
    assert back == index and back is not None
    assert back.english.strings[3] == ARTICLE.segments[3].en
    assert back.english.starts == index.english.starts
    joined = index.english.joined
    fewer, more = joined.replace("\x00", " ", 1), joined.replace(" ", "\x00", 1)
    for damaged in (fewer.encode(encoding), more.encode(encoding)):
        assert TextIndex.load(data.replace(english, damaged), "stamp") is None


@pytest.mark.parametrize(
    "segments",
    [
        VARIED.segments,
        (Segment("s1", "a", ""),),
        (Segment("s1", "", ""), Segment("s2", "\x00\x00", "ﬁ")),
        (Segment("s1", "𝔸 \U0001f600 قال", "émigré"), Segment("só", "قال", "ok")),
        (Segment("s1", "قال \ud800", "a lone \udfff"), Segment("s2", "\udc00", "")),
    ],
    ids=["varied", "one ASCII segment", "empty and NUL", "astral and Latin-1", "surrogates"],
)
def test_an_index_is_read_back_as_it_was(segments: tuple[Segment, ...]) -> None:
    text = Text("t", "t", "t", segments)
    index = TextIndex.build(text)
    back = TextIndex.load(index.dump("stamp"), "stamp")
    assert back == index
    assert back is not None and back.position(segments[-1].id) == len(segments) - 1
    assert list(back.english.strings) == [segment.en for segment in segments]
    assert back.arabic.strings[-1] == segments[-1].ar


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
        assert library.open_for_search(str(path)) == TextIndex.build(VARIED)
    result = CliRunner().invoke(main, ["search", "الارهاب", "--in", "ar", "--text", str(path)])
    assert result.exit_code == 0 and "3 hits" in result.stderr


def test_small_texts_keep_no_index(tmp_path: Path, user_dirs: dict[str, Path]) -> None:
    path = _saved(tmp_path)
    assert path.stat().st_size < cache.CACHE_FROM_BYTES
    library.open_for_search(str(path))
    assert _entries(user_dirs) == []


def test_a_plain_file_and_an_id_are_opened_for_search_too(tmp_path: Path) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("تمويل الإرهاب\nمكافحة\n", encoding="utf-8")
    index = library.open_for_search(str(plain))
    assert index == TextIndex.build(library.open_text(str(plain)))
    assert library.open_for_search(library.DEFAULT_TEXT_ID) == TextIndex.build(ARTICLE)


@pytest.mark.usefixtures("cache_all")
def test_a_text_deleted_from_the_library_leaves_no_index(
    user_dirs: dict[str, Path],
) -> None:
    library.add_text(replace(VARIED, id="mine"))
    assert len(_entries(user_dirs)) == 1
    library.delete_text("mine")
    assert _entries(user_dirs) == []


@pytest.mark.usefixtures("cache_all")
def test_the_folded_copy_earlier_builds_kept_goes_when_the_index_is_kept(
    tmp_path: Path, user_dirs: dict[str, Path]
) -> None:
    path = tmp_path / "by-hand.yaml"
    path.write_text(dump_text(VARIED), encoding="utf-8")
    key = cache.Key.of(path.read_bytes())
    cache.store("folded", key, {"folding": "an earlier build's", "ar": None, "en": None})
    assert list(user_dirs["cache"].glob("folded-*.json"))
    library.open_for_search(str(path))
    assert len(_entries(user_dirs)) == 1
    assert not list(user_dirs["cache"].glob("folded-*.json"))
