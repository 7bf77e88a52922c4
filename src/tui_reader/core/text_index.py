"""The library's own texts indexed for search, so that a search of every text reads no file.

One SQLite file in the cache folder (`library-index.sqlite`): derived data, rebuilt from the
texts whenever it is missing, stale or damaged, never the only copy of anything. Per text of
the library it keeps the file it came from with the file's size, times and inode (its
freshness key) and the digest of the bytes it was read from; per segment, the segment's id and
its original Arabic and English; and an FTS5 index (`trigram` tokenizer) over each segment
folded as search folds it and made `caseless`.

A search (`library_hits`) takes the candidates from the index: for a plain query with a word
of three letters or more, the segments that hold every such word (trigram MATCH, in
milliseconds); for a regular expression, Arabic forms or short words, every segment, read
from the index rather than from the text files. Then search's own matching runs on those
candidates only, so the hits are those `search.search` finds in the loaded texts, to the
offset (a test compares them).

Freshness: a text is indexed when it is imported (`library.add_text`), and again when a search
finds its file changed (edited by hand, synced) or new to the index; a text that left the
library leaves the index. Each text is replaced in one transaction, so two processes indexing
at once, or one killed while it indexes, leave the old rows of a text or the new ones. An
index written by another version of the folding is emptied and rebuilt; one that SQLite finds
damaged, or that holds what no index written here holds, is deleted and rebuilt once, and the
search then reads the texts as before. Without FTS5's trigram tokenizer (SQLite before 3.34)
there is no index: search reads the texts.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tui_reader.core.cache import folding
from tui_reader.core.normalize import normalize
from tui_reader.core.search import (
    Hit,
    Query,
    caseless,
    required_words,
    search_notes,
    search_segments,
)
from tui_reader.core.storage import busy, make_folder, write_ahead
from tui_reader.core.text import ID_PATTERN, Text, TextError, read_limited
from tui_reader.paths import cache_dir

if TYPE_CHECKING:
    from tui_reader.core.notes import NoteStore

INDEX_FILE = "library-index.sqlite"
INDEX_VERSION = 1
"""Raise it when what the index holds changes shape."""
GRAM = 3
"""The trigram tokenizer's unit: a shorter word cannot be looked up in it."""
BATCH = 2000
"""Segments written per statement."""
BUSY_SECONDS = 30.0
"""How long to wait for another process indexing (a book takes a second or two)."""
_SEPARATOR = "\x00"
_KINDS = ("ar", "en")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS texts(
    id INTEGER PRIMARY KEY, file TEXT UNIQUE NOT NULL, text_id TEXT NOT NULL,
    size INTEGER NOT NULL, mtime INTEGER NOT NULL, ctime INTEGER NOT NULL,
    inode INTEGER NOT NULL, digest TEXT NOT NULL, segments INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS segments(
    id INTEGER PRIMARY KEY, segment_id TEXT NOT NULL, ar TEXT NOT NULL, en TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS grams USING fts5(
    ar, en, content='', columnsize=0, tokenize='trigram case_sensitive 1');
"""
# A segment's row id is its text's id shifted left 32 bits, plus its index in the text: a
# text's segments are one range, in text order. `grams` holds no text of its own
# (content=''): to take a segment out, its folded copy is made again from `segments`.
# `texts.segments` is -1 for a file that is not a readable text (left out, as `load_all`
# leaves it out, until the file changes).


class IndexUnavailable(Exception):
    """The index cannot be used here: search reads the texts instead."""


class _Damaged(sqlite3.DatabaseError):
    """The index holds what no index written here holds."""


_COLUMNS = "id, file, text_id, size, mtime, ctime, inode, digest, segments"


class _Row(NamedTuple):
    key: int
    file: str
    text_id: str
    size: int
    mtime: int
    ctime: int
    inode: int
    digest: str
    segments: int

    @property
    def freshness(self) -> tuple[int, int, int, int]:
        return self.size, self.mtime, self.ctime, self.inode


@dataclass(frozen=True)
class Indexed:
    """A text of the library as the index has it."""

    key: int
    text_id: str
    segments: int


@lru_cache(maxsize=1)
def trigram_available() -> bool:
    """Whether this Python's SQLite has FTS5 and its trigram tokenizer (3.34 and later)."""
    try:
        with contextlib.closing(sqlite3.connect(":memory:")) as db:
            db.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')")
    except sqlite3.Error:
        return False
    return True


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the folded copies depend on: this module's version and the folding's
    (`cache.folding`). An index made otherwise is emptied and rebuilt."""
    return hashlib.sha256(f"{INDEX_VERSION}\n{folding()}".encode()).hexdigest()


def _grams(strings: Iterable[str]) -> list[str]:
    """Each string folded as search folds it and made caseless, for the trigram index. Folded
    as one string (folding and `caseless` go character by character): a call per segment
    would cost more than the folding itself."""
    joined = _SEPARATOR.join(string.replace(_SEPARATOR, " ") for string in strings)
    return caseless(normalize(joined)).split(_SEPARATOR)


def _freshness(status: os.stat_result) -> tuple[int, int, int, int]:
    # ctime and inode too: a sync tool may restore the mtime of a file it rewrote, and an
    # editor that saves by renaming leaves a new inode.
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def _create(db: sqlite3.Connection) -> None:
    # Statement by statement: executescript would commit the transaction it runs in.
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


class LibraryIndex:
    """The index file, open. Raises IndexUnavailable when it cannot be opened or made."""

    def __init__(self, path: Path | None = None) -> None:
        if not trigram_available():
            raise IndexUnavailable("SQLite has no FTS5 trigram tokenizer")
        self.path = path or cache_dir() / INDEX_FILE
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError as error:
            if busy(error):
                raise IndexUnavailable(str(error)) from None
            # Not a database, or a damaged one: it is derived data, so it is made again.
            self.discard()
            try:
                self._db = self._connect()
            except sqlite3.DatabaseError as error:
                raise IndexUnavailable(str(error)) from None

    def _connect(self) -> sqlite3.Connection:
        if os.path.lexists(self.path) and not stat.S_ISREG(os.lstat(self.path).st_mode):
            # A link or a folder where the index goes is not followed, nor removed.
            raise IndexUnavailable(f"{INDEX_FILE} in the cache folder is not a regular file")
        try:
            make_folder(self.path.parent)
        except OSError as error:
            raise IndexUnavailable(str(error)) from None
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            write_ahead(db, BUSY_SECONDS)
            db.execute("BEGIN IMMEDIATE")
            try:
                _create(db)
                row = db.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
                if row is None or row[0] != fingerprint():
                    for table in ("grams", "segments", "texts", "meta"):
                        db.execute(f"DROP TABLE IF EXISTS {table}")
                    _create(db)
                    db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint(),))
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        with contextlib.suppress(AttributeError):
            self._db.close()

    def discard(self) -> None:
        """Close and delete the file (and SQLite's journal beside it)."""
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            part = Path(f"{self.path}{suffix}")
            with contextlib.suppress(OSError):
                if stat.S_ISREG(os.lstat(part).st_mode):
                    part.unlink()

    # Keeping it fresh -----------------------------------------------------------------------

    def refresh(self, files: Sequence[Path]) -> list[Indexed]:
        """The readable texts among `files` (the library's, in its order), each indexed anew
        if its file changed or is new to the index; the index forgets every other file."""
        db = self._db
        rows = db.execute(f"SELECT {_COLUMNS} FROM texts").fetchall()
        known = {row[1]: _Row(*row) for row in rows}
        found: list[Indexed] = []
        names = set()
        for path in files:
            name = os.path.abspath(path)
            names.add(name)
            try:
                status = os.stat(path)
            except OSError:
                continue
            row = known.get(name)
            if row is None or row.freshness != _freshness(status):
                row = self._index_file(path, name, status)
            if row.segments < 0:
                continue
            if not isinstance(row.text_id, str) or not ID_PATTERN.fullmatch(row.text_id):
                # Ids name notes files: one the index cannot have written is not trusted.
                raise _Damaged(f"{INDEX_FILE}: a text id that is not an id")
            found.append(Indexed(row.key, row.text_id, row.segments))
        gone = [row.key for name, row in known.items() if name not in names]
        if gone:
            with self._transaction():
                for key in gone:
                    self._drop(key)
                    db.execute("DELETE FROM texts WHERE id = ?", (key,))
        return found

    def index_text(self, path: Path, text: Text | None = None) -> None:
        """Index the file now (just saved as `text`, when given)."""
        name = os.path.abspath(path)
        self._index_file(path, name, os.stat(path), text)

    def forget(self, path: Path) -> None:
        """Take the file's text out of the index."""
        with self._transaction():
            row = self._db.execute(
                "SELECT id FROM texts WHERE file = ?", (os.path.abspath(path),)
            ).fetchone()
            if row is not None:
                self._drop(row[0])
                self._db.execute("DELETE FROM texts WHERE id = ?", (row[0],))

    def _index_file(
        self, path: Path, name: str, status: os.stat_result, text: Text | None = None
    ) -> _Row:
        from tui_reader.core.library import text_from_bytes

        fresh = _freshness(status)
        try:
            data = read_limited(path)
        except TextError:
            data = None
        digest = hashlib.sha256(data).hexdigest() if data is not None else ""
        parsed: list[Text | None] = []

        def parse() -> Text | None:
            if not parsed:
                try:
                    found = text
                    if found is None and data is not None:
                        found = text_from_bytes(data, path)
                except TextError:
                    found = None
                parsed.append(found)
            return parsed[0]

        def same(row: tuple[int, str] | None) -> bool:
            """The same bytes are indexed (the file was touched, or indexed meanwhile)."""
            return row is not None and bool(digest) and row[1] == digest

        select = "SELECT id, digest FROM texts WHERE file = ?"
        if not same(self._db.execute(select, (name,)).fetchone()):
            # Parsed before the transaction, so another process's search is not held up.
            parse()
        with self._transaction():
            db = self._db
            row = db.execute(select, (name,)).fetchone()
            if same(row):
                db.execute(
                    "UPDATE texts SET size = ?, mtime = ?, ctime = ?, inode = ? WHERE id = ?",
                    (*fresh, row[0]),
                )
            else:
                new = parse()
                if row is None:
                    key = db.execute(
                        "INSERT INTO texts(file, text_id, size, mtime, ctime, inode, digest, "
                        "segments) VALUES (?, '', ?, ?, ?, ?, '', -1)",
                        (name, *fresh),
                    ).lastrowid
                else:
                    key = row[0]
                    self._drop(key)
                self._add(key, new)
                db.execute(
                    "UPDATE texts SET text_id = ?, size = ?, mtime = ?, ctime = ?, inode = ?, "
                    "digest = ?, segments = ? WHERE id = ?",
                    (
                        new.id if new is not None else "",
                        *fresh,
                        digest if new is not None else "",
                        len(new) if new is not None else -1,
                        key,
                    ),
                )
            return _Row(
                *db.execute(f"SELECT {_COLUMNS} FROM texts WHERE file = ?", (name,)).fetchone()
            )

    def _add(self, key: int | None, text: Text | None) -> None:
        if text is None or key is None:
            return
        base = key << 32
        segments = text.segments
        for start in range(0, len(segments), BATCH):
            chunk = segments[start : start + BATCH]
            ids = range(base + start, base + start + len(chunk))
            self._db.executemany(
                "INSERT INTO segments VALUES (?, ?, ?, ?)",
                [(row, s.id, s.ar, s.en) for row, s in zip(ids, chunk, strict=True)],
            )
            arabic = _grams(s.ar for s in chunk)
            english = _grams(s.en for s in chunk)
            self._db.executemany(
                "INSERT INTO grams(rowid, ar, en) VALUES (?, ?, ?)",
                zip(ids, arabic, english, strict=True),
            )

    def _drop(self, key: int) -> None:
        """Take a text's segments out (its texts row stays)."""
        db = self._db
        first, last = key << 32, (key << 32) | 0xFFFFFFFF
        while True:
            rows = db.execute(
                "SELECT id, ar, en FROM segments WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?",
                (first, last, BATCH),
            ).fetchall()
            if not rows:
                return
            ids = [row[0] for row in rows]
            arabic = _grams(row[1] for row in rows)
            english = _grams(row[2] for row in rows)
            db.executemany(
                "INSERT INTO grams(grams, rowid, ar, en) VALUES ('delete', ?, ?, ?)",
                zip(ids, arabic, english, strict=True),
            )
            db.execute("DELETE FROM segments WHERE id BETWEEN ? AND ?", (first, ids[-1]))
            first = ids[-1] + 1

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # Searching ------------------------------------------------------------------------------

    def hits(
        self,
        query: Query,
        texts: Sequence[Indexed],
        notes: Callable[[str], NoteStore] | None = None,
    ) -> list[Hit]:
        """Hits of `query` in the texts' Arabic and English (and in their notes, opened with
        `notes`), text by text as `search.search` makes them (its order comes after)."""
        words = required_words(query)
        grams = [word for word in words or () if len(word) >= GRAM]
        kinds = [kind for kind in _KINDS if kind in query.kinds]
        by_kind = self._candidates(kinds, grams) if kinds and grams else {}
        found: list[Hit] = []
        for text in texts:
            for kind in kinds:
                rows = by_kind[kind].get(text.key, []) if grams else self._segments(kind, text)
                if rows:
                    found += search_segments(query, kind, text.text_id, rows)
            if notes is not None and "notes" in query.kinds:
                index_of = partial(self._index, text)
                found += search_notes(query, text.text_id, notes(text.text_id), index_of)
        return found

    def _candidates(
        self, kinds: Sequence[str], grams: list[str]
    ) -> dict[str, dict[int, list[tuple[int, str, str]]]]:
        """The segments whose side (of `kinds`) holds every word, by kind then text, in text
        order. For both sides, those where either side does, from one question to the index
        (each reads the whole lists of the words' commonest trigrams): search then finds
        nothing on a side that does not hold them."""
        phrase = " AND ".join('"' + gram.replace('"', '""') + '"' for gram in grams)
        columns = f"{kinds[0]} : " if len(kinds) == 1 else ""
        strings = ", ".join(f"s.{kind}" for kind in kinds)
        found: dict[str, dict[int, list[tuple[int, str, str]]]] = {kind: {} for kind in kinds}
        rows = self._db.execute(
            f"SELECT grams.rowid, s.segment_id, {strings} FROM grams LEFT JOIN segments AS s "
            "ON s.id = grams.rowid WHERE grams MATCH ? ORDER BY grams.rowid",
            (f"{columns}({phrase})",),
        )
        for row, segment_id, *sides in rows:
            if segment_id is None:
                raise _Damaged(f"{INDEX_FILE}: a segment is missing")
            for kind, string in zip(kinds, sides, strict=True):
                found[kind].setdefault(row >> 32, []).append((row & 0xFFFFFFFF, segment_id, string))
        return found

    def _segments(self, kind: str, text: Indexed) -> list[tuple[int, str, str]]:
        """Every segment of the text, in order."""
        base = text.key << 32
        rows: list[tuple[int, str, str]] = self._db.execute(
            f"SELECT id - ?1, segment_id, {kind} FROM segments WHERE id BETWEEN ?1 AND ?2 "
            "ORDER BY id",
            (base, base | 0xFFFFFFFF),
        ).fetchall()
        if len(rows) != text.segments or (rows and rows[-1][0] != text.segments - 1):
            raise _Damaged(f"{INDEX_FILE}: a text's segments are missing")
        return rows

    def _index(self, text: Indexed, segment_id: str) -> int | None:
        base = text.key << 32
        row = self._db.execute(
            "SELECT id FROM segments WHERE id BETWEEN ? AND ? AND segment_id = ?",
            (base, base | 0xFFFFFFFF, segment_id),
        ).fetchone()
        return None if row is None else int(row[0]) - base


def narrows(query: Query) -> bool:
    """Whether the index narrows the query to a few candidates (a plain query with a word of
    `GRAM` letters or more): otherwise it reads every segment, as fast as the texts load."""
    return any(len(word) >= GRAM for word in required_words(query) or ())


def library_hits(
    query: Query,
    notes: Callable[[str], NoteStore] | None = None,
    exclude: Collection[str] = (),
) -> list[Hit] | None:
    """Hits of `query` in every text of the library but those with an id in `exclude` (and
    their notes, opened with `notes`), through the index; None when there is no index to be
    had (the caller then searches the texts as loaded). Raises QueryError as search does."""
    from tui_reader.core.library import entries

    query.pattern()
    if not {"ar", "en", "notes"} & set(query.kinds):
        return []
    for _ in range(2):
        try:
            index = LibraryIndex()
        except IndexUnavailable:
            return None
        try:
            texts = index.refresh([entry.path for entry in entries()])
            wanted = [text for text in texts if text.text_id not in exclude]
            return index.hits(query, wanted, notes)
        except sqlite3.DatabaseError as error:
            if busy(error):
                return None
            index.discard()
        finally:
            index.close()
    return None


def index_saved(path: Path, text: Text) -> None:
    """Index a text just saved to the library. The index is an optimization: what it cannot
    do now, a search does later."""
    with contextlib.suppress(IndexUnavailable, sqlite3.Error, OSError):
        index = LibraryIndex()
        try:
            index.index_text(path, text)
        finally:
            index.close()


def forget_deleted(path: Path) -> None:
    """Take a text deleted from the library out of the index."""
    with contextlib.suppress(IndexUnavailable, sqlite3.Error, OSError):
        index = LibraryIndex()
        try:
            index.forget(path)
        finally:
            index.close()
