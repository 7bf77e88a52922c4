"""The library's texts indexed in SQLite (core/text_index.py): the hits are search's own, to the
offset; the index follows the files; a damaged, stale or hostile index is rebuilt."""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import os
import random
import re
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_writer import writing_for_a_while

from tui_reader.cli import main
from tui_reader.core import library, text_index
from tui_reader.core.glossary import load_glossary
from tui_reader.core.notes import Anchor, NoteStore, new_note
from tui_reader.core.search import Hit, Query, caseless, ordered, search, search_glossary
from tui_reader.core.text import Segment, Text
from tui_reader.core.text_index import INDEX_FILE, LibraryIndex, library_hits
from tui_reader.core.text_yaml import dump_text
from tui_reader.paths import bundled_glossary_path, cache_dir, user_texts_dir

GLOSSARY = load_glossary(bundled_glossary_path())
ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)
EXTRAS = [
    # Letters a case-insensitive query takes as one, a NUL, presentation forms, marks.
    "İstanbul and ſtate: ΣΟΦΙΑ σοφίας, the ﬅory, KELVIN",
    "a NUL\x00inside الإرهاب\x00 and ﻓﺮﻳﻖ العمل على مكافحة الإِرْهَاب",
    "مسئول ومسؤول، على وعلي، إرهاب وارهاب وأرهاب",
]


def _generated(number: int, seed: int) -> Text:
    """A text made from the article's words shuffled, with the extras mixed in."""
    chance = random.Random(seed)
    words_ar = [word for segment in ARTICLE for word in segment.ar.split()]
    words_en = [word for segment in ARTICLE for word in segment.en.split()]
    segments = []
    for index in range(40):
        ar = " ".join(chance.choice(words_ar) for _ in range(chance.randint(1, 30)))
        en = " ".join(chance.choice(words_en) for _ in range(chance.randint(0, 25)))
        if index % 7 == 3:
            ar, en = f"{ar} {chance.choice(EXTRAS)}", f"{chance.choice(EXTRAS)} {en}"
        segments.append(Segment(id=f"s{index + 1}", ar=ar, en=en))
    return Text(f"generated-{number}", "عنوان", f"Generated {number}", tuple(segments))


def _library() -> None:
    for number in range(3):
        library.add_text(_generated(number, number))


def _unindexed(query: Query) -> list[Hit]:
    texts = library.load_all()
    stores = {text.id: NoteStore.open(text.id) for text in texts}
    return search(query, texts, GLOSSARY, stores)


def _indexed(query: Query) -> list[Hit]:
    found = library_hits(query, NoteStore.open)
    assert found is not None
    return ordered(found + search_glossary(GLOSSARY, query))


QUERIES = [
    Query("الإرهاب"),
    Query("الارهاب"),
    Query("الإِرْهَاب"),
    Query("إرهاب"),
    Query("مكافحة الإرهاب"),
    Query("مسؤول"),
    Query("علي"),
    Query("فريق"),
    Query("في"),
    Query("terror"),
    Query("TERRORISM"),
    Query("Dushanbe conference"),
    Query("state"),
    Query("İSTANBUL"),
    Query("σοφιας"),
    Query("story"),
    Query("kelvin"),
    Query("of"),
    Query("terror", whole_word=True),
    Query("الإرهاب", whole_word=True),
    Query("إرهاب", forms=True),
    Query("مكافحة", forms=True),
    Query("terror", forms=True),
    Query(r"ال\w+ية", regex=True),
    Query(r"^[ا-ي]+", regex=True),
    Query(r"terror\w*", regex=True, whole_word=True),
    Query("الإرهاب", kinds=("ar",)),
    Query("terror", kinds=("en", "notes")),
    Query("NUL"),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: repr(q.text) + repr(q)[-40:])
def test_indexed_hits_are_the_hits_of_the_loaded_texts(query: Query) -> None:
    _library()
    store = NoteStore.open("generated-1")
    text = library.open_text("generated-1")
    store.put(new_note(Anchor.make(text.segments[2], 0, 3), "terror and الإرهاب", tags=("x",)))
    store.save()
    expected = _unindexed(query)
    assert _indexed(query) == expected
    # Again, from the index as it stands (nothing to index this time).
    assert _indexed(query) == expected


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_substrings_find_the_same_hits(data: st.DataObject) -> None:
    if not library.entries()[1:]:
        _library()
    texts = library.load_all()
    text = data.draw(st.sampled_from(texts))
    segment = data.draw(st.sampled_from(text.segments))
    string = data.draw(st.sampled_from([segment.ar, segment.en]))
    start = data.draw(st.integers(0, max(len(string) - 1, 0)))
    end = data.draw(st.integers(start, min(len(string), start + 20)))
    flags = data.draw(st.sampled_from(["", "word", "forms", "regex"]))
    fragment = string[start:end]
    if not fragment.strip():
        return
    query = Query(
        re.escape(fragment) if flags == "regex" else fragment,
        regex=flags == "regex",
        forms=flags == "forms",
        whole_word=flags == "word",
    )
    try:
        query.pattern()
    except Exception:
        return
    assert _indexed(query) == _unindexed(query)


@pytest.mark.parametrize(
    ("query", "asked"),
    [(Query("الإرهاب"), 1), (Query("terror", kinds=("en",)), 1), (Query("في"), 0)],
)
def test_the_trigram_index_is_asked_once_for_both_sides(
    query: Query, asked: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each question reads the whole lists of the words' trigrams (a few milliseconds in a
    library of books, for the commonest Arabic ones): the Arabic and the English sides are
    narrowed by one."""
    _library()
    expected = _unindexed(query)
    statements: list[str] = []
    connect = sqlite3.connect

    def traced(path: Path, **options: Any) -> sqlite3.Connection:
        db: sqlite3.Connection = connect(path, **options)
        db.set_trace_callback(statements.append)
        return db

    monkeypatch.setattr(sqlite3, "connect", traced)
    assert _indexed(query) == expected
    assert sum(" MATCH " in statement for statement in statements) == asked


def test_caseless_makes_one_what_a_case_insensitive_pattern_takes_as_one() -> None:
    """Every character and its lower case as `re` lowers it, and the pairs `re` also joins
    (re._casefix), are one after `caseless`: so a word found by a query is in the index."""
    from re import _casefix  # type: ignore[attr-defined]

    codes = [code for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    joined = caseless("\x00".join(map(chr, codes))).split("\x00")
    lowered = caseless("\x00".join(chr(_sre.unicode_tolower(code)) for code in codes))
    assert joined == lowered.split("\x00")
    for code, others in _casefix._EXTRA_CASES.items():
        for other in others:
            assert caseless(chr(code)) == caseless(chr(other)), (hex(code), hex(other))


def _rows(text_id: str) -> list[tuple[int, str, str]]:
    with sqlite3.connect(cache_dir() / INDEX_FILE) as db:
        (key,) = db.execute("SELECT id FROM texts WHERE text_id = ?", (text_id,)).fetchone()
        return db.execute(
            "SELECT id - ?, segment_id, ar FROM segments WHERE id >> 32 = ? ORDER BY id",
            (key << 32, key),
        ).fetchall()


def _indexed_files() -> set[str]:
    with sqlite3.connect(cache_dir() / INDEX_FILE) as db:
        return {Path(row[0]).name for row in db.execute("SELECT file FROM texts")}


def test_an_imported_text_is_indexed_at_once() -> None:
    library.add_text(_generated(0, 0))
    rows = _rows("generated-0")
    assert [row[1] for row in rows] == [f"s{n}" for n in range(1, 41)]
    assert rows[0][2] == _generated(0, 0).segments[0].ar


def test_search_after_import_reads_no_text_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's row: `search` after `import` answers from the index, the text unparsed."""
    source = user_texts_dir().parent / "report.txt"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text("تقرير عن مكافحة الإرهاب.\nجملة ثانية عن التمويل.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(source)])
    assert result.exit_code == 0, result.output
    # The bundled article is indexed by a first search; then no text is read again.
    assert CliRunner().invoke(main, ["search", "التمويل"]).exit_code == 0
    parsed: list[Path] = []

    def refuse(data: bytes, path: Path) -> Text:
        parsed.append(path)
        raise AssertionError(f"{path} parsed")

    monkeypatch.setattr(library, "text_from_bytes", refuse)
    monkeypatch.setattr(library, "load_text", refuse)
    result = CliRunner().invoke(main, ["search", "الارهاب", "--in", "ar", "--json"])
    assert result.exit_code == 0, result.output
    assert parsed == []
    assert '"text": "report"' in result.output
    assert '"text": "dushanbe-2019"' in result.output


def test_a_file_edited_by_hand_is_indexed_again() -> None:
    path = library.add_text(_generated(0, 0))
    assert library_hits(Query("قوسقزح")) == []
    edited = _generated(0, 0)
    segments = list(edited.segments)
    segments[5] = replace(segments[5], ar="قوس قزح وقوسقزح")
    path.write_text(dump_text(replace(edited, segments=tuple(segments))), encoding="utf-8")
    found = library_hits(Query("قوسقزح"))
    assert found is not None
    assert [(hit.segment_id, hit.start, hit.end) for hit in found] == [("s6", 9, 15)]


def test_a_file_touched_but_not_changed_is_not_parsed_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = library.add_text(_generated(0, 0))
    before = library_hits(Query("الإرهاب"))
    assert before is not None
    assert "generated-0" in {hit.text_id for hit in before}
    os.utime(path, ns=(1, 1))
    parsed: list[Path] = []
    original = library.text_from_bytes

    def counted(data: bytes, path: Path) -> Text:
        parsed.append(path)
        return original(data, path)

    monkeypatch.setattr(library, "text_from_bytes", counted)
    assert library_hits(Query("الإرهاب")) == before
    assert parsed == []


def test_a_deleted_text_leaves_the_index() -> None:
    library.add_text(_generated(0, 0))
    path = library.add_text(_generated(1, 1))
    assert _indexed_files() == {"generated-0.yaml", "generated-1.yaml"}
    library.delete_text("generated-0")
    assert _indexed_files() == {"generated-1.yaml"}
    path.unlink()  # by hand: the next search forgets it
    found = library_hits(Query("الإرهاب"))
    assert found is not None
    assert {hit.text_id for hit in found} == {"dushanbe-2019"}
    assert _indexed_files() == {"dushanbe-2019.yaml"}


def test_a_broken_text_is_left_out_as_load_all_leaves_it_out() -> None:
    _library()
    (user_texts_dir() / "broken.yaml").write_text("segments: [", encoding="utf-8")
    for query in (Query("الإرهاب"), Query("ال", kinds=("ar",))):
        assert _indexed(query) == _unindexed(query)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"not a database" * 100), id="garbage"),
        pytest.param(
            lambda path: path.write_bytes(path.read_bytes()[: os.path.getsize(path) // 2]),
            id="truncated",
        ),
        pytest.param(
            lambda path: _sql(path, "UPDATE texts SET text_id = '../../etc/passwd'"),
            id="hostile text id",
        ),
        pytest.param(lambda path: _sql(path, "DELETE FROM segments WHERE id % 3 = 1"), id="rows"),
        pytest.param(lambda path: _sql(path, "UPDATE meta SET value = 'x'"), id="other folding"),
    ],
)
def test_a_damaged_index_is_rebuilt(damage: object, monkeypatch: pytest.MonkeyPatch) -> None:
    _library()
    queries = [Query("الإرهاب"), Query("ال", kinds=("ar", "notes"))]
    expected = [_unindexed(query) for query in queries]
    assert [_indexed(query) for query in queries] == expected
    path = cache_dir() / INDEX_FILE
    assert callable(damage)
    damage(path)
    opened: list[str] = []
    original = NoteStore.open

    def open_notes(text_id: str) -> NoteStore:
        opened.append(text_id)
        return original(text_id)

    monkeypatch.setattr(NoteStore, "open", staticmethod(open_notes))
    assert [_indexed(query) for query in queries] == expected
    assert "../../etc/passwd" not in opened
    assert len(_rows("generated-2")) == 40


def _sql(path: Path, statement: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute(statement)


def test_a_link_where_the_index_goes_is_left_alone_and_search_reads_the_texts(
    tmp_path: Path,
) -> None:
    target = tmp_path / "elsewhere.sqlite"
    target.write_bytes(b"")
    cache_dir().mkdir(parents=True, exist_ok=True)
    (cache_dir() / INDEX_FILE).symlink_to(target)
    _library()
    assert library_hits(Query("الإرهاب")) is None
    assert target.read_bytes() == b""
    result = CliRunner().invoke(main, ["search", "الإرهاب", "--json"])
    assert result.exit_code == 0
    assert '"text": "generated-2"' in result.output


def test_without_the_trigram_tokenizer_search_reads_the_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(text_index, "trigram_available", lambda: False)
    _library()  # importing still works
    assert library_hits(Query("الإرهاب")) is None
    assert not (cache_dir() / INDEX_FILE).exists()
    result = CliRunner().invoke(main, ["search", "الإرهاب", "--json"])
    assert result.exit_code == 0
    assert '"text": "generated-2"' in result.output


KILLED = """
import os, signal, sys
from pathlib import Path
from tui_reader.core import text_index
from tui_reader.core.text_index import LibraryIndex

added = LibraryIndex._add

def add_then_die(self, key, text):
    added(self, key, text)
    os.kill(os.getpid(), signal.SIGKILL)

LibraryIndex._add = add_then_die
text_index.library_hits(text_index.Query("الإرهاب"))
"""


def test_a_kill_while_indexing_leaves_the_old_rows() -> None:
    path = library.add_text(_generated(0, 0))
    assert library_hits(Query("الإرهاب")) is not None  # the bundled article, indexed
    before = _rows("generated-0")
    edited = _generated(0, 99)
    path.write_text(dump_text(edited), encoding="utf-8")
    completed = subprocess.run([sys.executable, "-c", KILLED], check=False, env=os.environ)
    assert completed.returncode == -9
    assert _rows("generated-0") == before
    found = library_hits(Query("الإرهاب"))
    assert found is not None
    assert _rows("generated-0")[0][2] == edited.segments[0].ar


CONCURRENT = """
import sys
from tui_reader.core.search import Query
from tui_reader.core.text_index import library_hits
for _ in range(3):
    found = library_hits(Query(sys.argv[1]))
    assert found is not None
    print(len(found))
"""


def test_two_processes_indexing_at_once_agree() -> None:
    for number in range(6):
        library.add_text(_generated(number, number))
    # Forget the index: both processes build it from the files at once.
    for name in os.listdir(cache_dir()):
        if name.startswith(INDEX_FILE):
            (cache_dir() / name).unlink()
    command = [sys.executable, "-c", CONCURRENT]
    runs = [subprocess.Popen([*command, query], stdout=subprocess.PIPE) for query in ("ال", "ال")]
    outputs = [run.communicate()[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs[0] == outputs[1]
    for query in (Query("ال"), Query("الإرهاب")):
        assert _indexed(query) == _unindexed(query)
    index = LibraryIndex()
    try:
        texts = index.refresh([entry.path for entry in library.entries()])
    finally:
        index.close()
    assert [text.segments for text in texts] == [len(ARTICLE)] + [40] * 6


def test_a_new_index_being_written_by_another_process_is_waited_for() -> None:
    # Turning a new file to WAL while another process writes to it answers "locked" at once,
    # without SQLite's busy timeout: it happened when two searches built the index together.
    library.add_text(_generated(0, 0))
    for name in os.listdir(cache_dir()):
        if name.startswith(INDEX_FILE):
            (cache_dir() / name).unlink()
    with writing_for_a_while(cache_dir() / INDEX_FILE):
        index = LibraryIndex()
    try:
        assert index._db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        index.close()
    assert _indexed(Query("الإرهاب")) == _unindexed(Query("الإرهاب"))


def test_an_index_held_by_another_process_is_waited_for_not_thrown_away(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _library()
    expected = _unindexed(Query("الإرهاب"))
    monkeypatch.setattr(text_index, "BUSY_SECONDS", 0.1)
    with sqlite3.connect(cache_dir() / INDEX_FILE, isolation_level=None) as other:
        other.execute("BEGIN EXCLUSIVE")
        assert library_hits(Query("الإرهاب")) is None  # the caller reads the texts
        other.execute("ROLLBACK")
    assert len(_rows("generated-2")) == 40
    assert _indexed(Query("الإرهاب")) == expected
