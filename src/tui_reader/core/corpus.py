"""The reference corpus: Arabic-English segment pairs from the library's texts and from
translation memories (TMX) and CAT-tool files (XLIFF), and the concordance over them.

Storage is behind one small interface (`CorpusStore`); what it is asked is backend-neutral
(`Match`: a phrase or a set of words, each a list of tokens or prefixes), so a shared server
engine can answer it as well as the SQLite one here (`SqliteCorpus`, FTS5). The ranking and the
checks that FTS cannot make (forms through the morphology, spans to highlight) are done here,
the same whatever the backend.

Both languages are indexed folded as search folds them (`normalize`); the originals are kept
for display, and a match is mapped back to its span in them. Pairs come shortest Arabic first:
a pair's key is its length and a serial number, so an index read in key order is already
ranked, and a first page never sorts all the matches of a frequent word.

Why one module of this size: the interface, the SQLite backend and the concordance above it
change together while there is one backend; a second backend moves `SqliteCorpus` to its own
module.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import stat
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, Protocol

from tui_reader.core.errors import ExchangeError, shown
from tui_reader.core.formats.xmlsafe import base_letters
from tui_reader.core.glossary import Entry, Glossary
from tui_reader.core.morphology import PROCLITIC_CHAINS, analyses, has_pronoun, key
from tui_reader.core.normalize import normalize, original_span
from tui_reader.core.storage import make_folder, write_ahead
from tui_reader.core.text import TEXT_SUFFIXES
from tui_reader.paths import data_dir

if TYPE_CHECKING:
    # Imported where a file is read: lxml takes 6 MB, which the reader opening a text does not
    # need (the concordance panel only queries the corpus).
    from lxml import etree

CORPUS_FILE = "corpus.sqlite"
BUSY_SECONDS = 30.0
"""How long to wait for another process writing to the corpus (an import commits per batch)."""
MAX_QUERY = 200
"""Characters in a concordance query: a phrase, not a paragraph."""
PAGE = 20
BATCH = 2000
"""Pairs written per statement while importing (and between progress reports)."""
MAX_LENGTH = (1 << 20) - 1
"""A segment longer than this many characters is ranked as this long."""
COUNT_CAP = 10_000
"""Matches counted for a page's "of N": past it the count says "10,000+"."""
SUFFIXES = {".tmx": "tmx", ".xliff": "xliff", ".xlf": "xliff", ".sdlxliff": "xliff"}
_TOKEN = re.compile(r"[^\W_]+\*?")
_WORD = re.compile(r"[^\W_]+")
_ARABIC = re.compile(r"[\u0621-\u064a]")


class CorpusError(ExchangeError):
    """A file that cannot be added, a name that is not in the corpus, a corpus that cannot be
    opened: one line, naming the file the user gave (never a path of the data folder)."""


# What is asked of a store -------------------------------------------------------------------


class Token(NamedTuple):
    text: str
    """Folded; lower case is the store's business."""
    prefix: bool = False


@dataclass(frozen=True)
class Match:
    """Pairs whose `side` ("ar" or "en") has, for each position, one of its tokens: next to
    each other in order (`phrase`), or anywhere (not `phrase`, to be checked by the caller),
    and, with `unless`, not what that match finds."""

    side: str
    positions: tuple[tuple[Token, ...], ...]
    phrase: bool = True
    unless: Match | None = None


@dataclass(frozen=True)
class Pair:
    key: int
    """The rank: shorter Arabic first (see the module's docstring)."""
    ar: str
    en: str
    source: str


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    """"tmx", "xliff" or "text" (a library text)."""
    pairs: int
    """Pairs the file brought (those already in the corpus from elsewhere included)."""
    added: str
    """When, as an ISO 8601 date and time (UTC)."""


@dataclass(frozen=True)
class Added:
    name: str
    read: int
    """Pairs read from the file (with an Arabic and an English side)."""
    new: int
    """Of those, the pairs the corpus did not have."""
    skipped: int
    """Units left out: one side empty or missing."""


Progress = Callable[[int, int], None]
"""Called as (done, total) while a file is added, in bytes of the file (or segments)."""


class CorpusStore(Protocol):
    """Where the pairs are kept. Every method is one transaction: `add` puts a whole file in
    or none of it."""

    def sources(self) -> list[Source]: ...

    def add(
        self,
        name: str,
        kind: str,
        pairs: PairReader,
        *,
        replace: bool = False,
        progress: Progress | None = None,
    ) -> Added: ...

    def remove(self, name: str) -> int:
        """Take a source out; returns how many pairs left the corpus with it (those another
        source also brought stay)."""
        ...

    def find(self, match: Match, after: int, limit: int) -> list[Pair]:
        """Up to `limit` pairs that `match` finds, with keys above `after`, in key order."""
        ...

    def count(self, match: Match, cap: int) -> int: ...

    def size(self) -> tuple[int, int]:
        """(pairs, bytes the store takes on disk)."""
        ...

    def close(self) -> None: ...


# Reading files ------------------------------------------------------------------------------


class PairReader:
    """The (Arabic, English) pairs of a file or a text, read as they are iterated (a TMX of a
    million units is never held whole), with how far it has got for a progress bar."""

    def __init__(
        self, name: str, pairs: Iterator[tuple[str, str]], total: int, done: Callable[[], int]
    ) -> None:
        self.name = name
        self._pairs = pairs
        self.total = total
        self.done = done
        self.skipped = 0

    def __iter__(self) -> Iterator[tuple[str, str]]:
        read = 0
        for ar, en in self._pairs:
            ar, en = ar.strip(), en.strip()
            if ar and en:
                read += 1
                yield ar, en
            else:
                self.skipped += 1
        if not read:
            # Raised inside the store's transaction, so nothing of the file stays.
            raise CorpusError(
                f"{shown(self.name)}: no unit with both Arabic (ar) and English (en) text: "
                "nothing added"
            )


def pairs_of_text(name: str, segments: Sequence[tuple[str, str]]) -> PairReader:
    position = [0]

    def walk() -> Iterator[tuple[str, str]]:
        for number, pair in enumerate(segments, 1):
            position[0] = number
            yield pair

    return PairReader(name, walk(), len(segments), lambda: position[0])


PATH_SHOWN = 1000
"""Characters of a file name as given that a message quotes: its end is what names the file."""


def read_file(path: Path, given: str | None = None) -> PairReader:
    """A TMX or XLIFF file's pairs, streamed. Raises CorpusError for what is not one; its
    messages name the file as `given` (as the user wrote it), else by its name."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise CorpusError(f"{shown(path.name)}: not a TMX or XLIFF file (.tmx, .xliff, .xlf)")
    given = path.name if given is None else given
    try:
        status = path.stat()
    except FileNotFoundError:
        raise CorpusError(f"{shown(str(path))}: no such file") from None
    if not stat.S_ISREG(status.st_mode):
        raise CorpusError(f"{shown(str(path))}: not a regular file")
    stream = path.open("rb")
    units = _tmx_units(stream) if kind == "tmx" else _xliff_units(stream)
    return PairReader(path.name, _closing(units, stream, given), status.st_size, stream.tell)


def _closing(
    units: Iterator[tuple[str, str]], stream: BinaryIO, given: str
) -> Iterator[tuple[str, str]]:
    from lxml import etree

    try:
        yield from units
    except etree.XMLSyntaxError as error:
        # An empty file fails before its first line: lxml says line 0.
        line = max(error.lineno or (error.position[0] if error.position else 0), 1)
        reason = shown(error.msg or "", 100)
        raise CorpusError(
            f"{shown(given, PATH_SHOWN)}:{line}: not well-formed XML ({reason})"
        ) from None
    finally:
        stream.close()


# Native codes of a segment (formatting tags of the source document), not its text.
_CODES = frozenset(("bpt", "ept", "ph", "it", "ut", "sub", "x", "bx", "ex", "ec", "sc", "pc"))


def _text(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and _local_name(child.tag) not in _CODES:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _local_name(tag: str) -> str:
    """A tag without its namespace ("{urn:...}seg" -> "seg"), as lxml's QName gives it."""
    return tag.rpartition("}")[2]


def _parse(stream: BinaryIO, events: tuple[str, ...], tags: Sequence[str]) -> etree.iterparse:
    from lxml import etree

    # No DTD, no external or network entities, libxml2's limits on depth and text size.
    return etree.iterparse(
        stream,
        events=events,
        tag=tags,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _free(element: etree._Element) -> None:
    """Drop a unit read, and those before it, so memory holds one unit at a time."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _language(value: str | None) -> str:
    return (value or "").split("-")[0].split("_")[0].lower()


def _tmx_units(stream: BinaryIO) -> Iterator[tuple[str, str]]:
    for _, unit in _parse(stream, ("end",), ("tu",)):
        sides: dict[str, str] = {}
        for variant in unit.iterchildren("tuv"):
            language = _language(variant.get(_XML_LANG) or variant.get("lang"))
            segment = variant.find("seg")
            if language in ("ar", "en") and segment is not None and language not in sides:
                sides[language] = _text(segment)
        yield sides.get("ar", ""), sides.get("en", "")
        _free(unit)


def _xliff_units(stream: BinaryIO) -> Iterator[tuple[str, str]]:
    source_language = target_language = ""
    tags = ("{*}xliff", "{*}file", "{*}trans-unit", "{*}segment")
    for event, element in _parse(stream, ("start", "end"), tags):
        name = _local_name(element.tag)
        if event == "start":
            # XLIFF 2 names the languages on the root, XLIFF 1.2 on each <file>.
            source_language = _language(
                element.get("srcLang") or element.get("source-language") or source_language
            )
            target_language = _language(
                element.get("trgLang") or element.get("target-language") or target_language
            )
            continue
        if name not in ("trans-unit", "segment"):
            continue
        source = element.find("{*}source")
        target = element.find("{*}target")
        sides = {
            source_language: _text(source) if source is not None else "",
            target_language: _text(target) if target is not None else "",
        }
        yield sides.get("ar", ""), sides.get("en", "")
        _free(element)


# Queries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str
    side: str = "auto"
    """"ar", "en", or "auto": Arabic when the query has an Arabic letter."""
    forms: bool = False
    """Also the query's Arabic words inflected and with clitics (the morphology's forms), or
    its English words with -s, -es, 's."""

    @property
    def language(self) -> str:
        if self.side != "auto":
            return self.side
        return "ar" if _ARABIC.search(normalize(self.text)) else "en"

    def tokens(self) -> list[Token]:
        """The query's words, folded; a word ending in * is a prefix. Raises CorpusError."""
        if len(self.text) > MAX_QUERY:
            raise CorpusError(f"the query is longer than {MAX_QUERY} characters")
        found = [
            Token(word.rstrip("*"), word.endswith("*"))
            for word in _TOKEN.findall(normalize(self.text).casefold())
        ]
        if not found:
            raise CorpusError("the query has no word to look for")
        return found

    def exact(self) -> Match:
        return Match(self.language, tuple((token,) for token in self.tokens()))

    def with_forms(self) -> Match | None:
        """The candidates for the forms of the query's words (checked by `form_spans`), other
        than the exact phrase; None when there are no forms to look for."""
        if not self.forms:
            return None
        tokens = self.tokens()
        if self.language == "ar":
            positions = tuple(_arabic_prefixes(token) for token in tokens)
        else:
            positions = tuple((Token(_english_stem(token.text), True),) for token in tokens)
        return Match(self.language, positions, phrase=False, unless=self.exact())


@lru_cache(maxsize=4096)
def _wanted(word: str) -> frozenset[str]:
    """The dictionary keys a query word may stand for (its final ي is the adjective's, not
    "my", as in search)."""
    return frozenset(key(a.stem) for a in analyses(word) if not has_pronoun(a.suffixes))


@lru_cache(maxsize=1 << 16)
def _keys(word: str) -> frozenset[str]:
    return frozenset(key(a.stem) for a in analyses(word))


_PROCLITICS = sorted({written for written, _ in PROCLITIC_CHAINS})


def _arabic_prefixes(token: Token) -> tuple[Token, ...]:
    """Every written start of the word's forms: each proclitic chain before each stem, the
    stem without a final ة (ات and the pronouns replace it)."""
    if token.prefix:
        return (token,)
    stems = {stem[:-1] if stem.endswith("ة") else stem for stem in _wanted(token.text)}
    return tuple(
        Token(head + stem, True) for stem in sorted(stems) for head in _PROCLITICS if len(stem) >= 2
    )


def _english_stem(word: str) -> str:
    return word[:-1] if len(word) > 2 and word.endswith("y") else word


def phrase_spans(tokens: Sequence[Token], text: str) -> list[tuple[int, int]]:
    """Where the tokens stand next to each other in `text` (the original), mapped back from
    the folded copy."""
    parts = [re.escape(t.text) + (r"[^\W_]*" if t.prefix else "") for t in tokens]
    pattern = re.compile(r"(?<![^\W_])" + r"[\W_]+".join(parts) + r"(?![^\W_])", re.IGNORECASE)
    return [original_span(text, *found.span()) for found in pattern.finditer(normalize(text))]


def form_spans(tokens: Sequence[Token], text: str, language: str) -> list[tuple[int, int]]:
    """Runs of words of `text` that are forms of the query's words, in order."""
    folded = normalize(text)
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
    if language == "ar":
        wanted = [None if t.prefix else _wanted(t.text) for t in tokens]

        def fits(word: str, k: int) -> bool:
            want = wanted[k]
            if want is None:
                return any(
                    stem.startswith(tokens[k].text)
                    for stem in (word, *(a.stem for a in analyses(word)))
                )
            return bool(_keys(word) & want)

    else:
        patterns = [
            re.compile(
                re.escape(_english_stem(t.text))
                + (r"[^\W_]*" if t.prefix else r"(?:y|ies|y's|s|es|'s|s')?"),
                re.IGNORECASE,
            )
            for t in tokens
        ]

        def fits(word: str, k: int) -> bool:
            return patterns[k].fullmatch(word) is not None

    spans = []
    for i in range(len(words) - len(tokens) + 1):
        if all(fits(words[i + k][2], k) for k in range(len(tokens))):
            spans.append(original_span(text, words[i][0], words[i + len(tokens) - 1][1]))
    return spans


@dataclass(frozen=True)
class Line:
    """A pair found, with the spans to highlight in each side's original text."""

    pair: Pair
    exact: bool
    ar_spans: tuple[tuple[int, int], ...]
    en_spans: tuple[tuple[int, int], ...]


class Cursor(NamedTuple):
    """Where a page ends: in the exact tier (0) or the forms tier (1), after a key."""

    tier: int
    key: int


@dataclass(frozen=True)
class Page:
    lines: list[Line]
    next: Cursor | None
    """Where the next page starts; None on the last page."""


START = Cursor(0, -1)


def concordance(
    store: CorpusStore,
    query: Query,
    *,
    after: Cursor = START,
    limit: int = PAGE,
    glossary: Glossary | None = None,
) -> Page:
    """A page of pairs that contain the query: the exact phrase first, then its forms, each
    shortest first. The English side's spans are the glossary's English for the terms of the
    query (when it knows them), or the query itself when it is English."""
    tokens = query.tokens()
    language = query.language
    entries = _entries(glossary, query.text) if language == "ar" else []
    lines: list[Line] = []

    def line(pair: Pair, exact: bool, spans: list[tuple[int, int]]) -> Line:
        if language == "ar":
            english = glossary.english_spans(entries, pair.en) if glossary and entries else []
            return Line(pair, exact, tuple(spans), tuple(english))
        return Line(pair, exact, (), tuple(spans))

    if after.tier == 0:
        found = store.find(query.exact(), after.key, limit + 1)
        for pair in found[:limit]:
            side = pair.ar if language == "ar" else pair.en
            lines.append(line(pair, True, phrase_spans(tokens, side)))
        if len(found) > limit:
            return Page(lines, Cursor(0, found[limit - 1].key))
        after = Cursor(1, -1)
    forms = query.with_forms()
    if forms is None:
        return Page(lines, None)
    # FTS finds the candidates; the morphology keeps the forms among them, so a page may take
    # several batches.
    last = after.key
    batch = max(limit, 64)
    while True:
        found = store.find(forms, last, batch)
        for pair in found:
            spans = form_spans(tokens, pair.ar if language == "ar" else pair.en, language)
            if spans:
                if len(lines) == limit:
                    return Page(lines, Cursor(1, last))
                lines.append(line(pair, False, spans))
            last = pair.key
        if len(found) < batch:
            return Page(lines, None)


def _entries(glossary: Glossary | None, text: str) -> list[Entry]:
    if glossary is None:
        return []
    found = glossary.lookup(text).entry
    if found is not None:
        return [found]
    return list({match.entry.id: match.entry for match in glossary.find(text)}.values())


def count(store: CorpusStore, query: Query) -> int:
    """Pairs with the exact phrase (up to `COUNT_CAP`, past which a page says "10,000+")."""
    return store.count(query.exact(), COUNT_CAP + 1)


@dataclass(frozen=True)
class Renderings:
    """How the corpus rendered a glossary term: each English form of the entry with the
    number of pairs (with the term in their Arabic) whose English has it."""

    entry: Entry
    pairs: int
    """Pairs with the term (any form) in their Arabic."""
    counts: list[tuple[str, int]] = field(default_factory=list)
    """(English form, pairs), most first; forms the corpus never used left out."""
    none: int = 0
    """Pairs whose English has none of the entry's forms."""

    def tally(self) -> str:
        """ "terrorist financing 412, financing of terrorism 388, other 12"."""
        parts = [f"{form} {number:,}" for form, number in self.counts]
        if self.none:
            parts.append(f"other {self.none:,}")
        return ", ".join(parts) if parts else "not in the corpus"

    def line(self) -> str:
        """The term and its tally: "تمويل الإرهاب: terrorist financing 412, ..."."""
        return f"{self.entry.ar}: {self.tally()}"


def renderings(store: CorpusStore, entry: Entry, glossary: Glossary) -> Renderings:
    """The entry's English forms counted in the English of every pair with its Arabic (as
    term, variant or form), found the way the reader marks a term's English."""
    forms = [form for form in entry.english_forms if form.strip()]
    # One pseudo-entry per form: the glossary's own English matching, form by form.
    singles = [
        replace(entry, id=f"{entry.id}\x00{number}", en=form, en_variants=())
        for number, form in enumerate(forms)
    ]
    counts = dict.fromkeys(forms, 0)
    seen: set[int] = set()
    none = 0
    for arabic in entry.arabic_forms:
        query = Query(arabic, "ar", forms=True)
        try:
            query.tokens()
        except CorpusError:
            continue
        after = START
        while True:
            page = concordance(store, query, after=after, limit=500)
            for line in page.lines:
                if line.pair.key in seen:
                    continue
                seen.add(line.pair.key)
                hit = False
                for form, single in zip(forms, singles, strict=True):
                    if glossary.english_spans([single], line.pair.en):
                        counts[form] += 1
                        hit = True
                none += not hit
            if page.next is None:
                break
            after = page.next
    ranked = sorted(((f, n) for f, n in counts.items() if n), key=lambda item: -item[1])
    return Renderings(entry, len(seen), ranked, none)


# SQLite -------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sources(
    id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, kind TEXT NOT NULL,
    pairs INTEGER NOT NULL, added TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pairs(
    id INTEGER PRIMARY KEY, source INTEGER NOT NULL, digest INTEGER NOT NULL,
    ar TEXT NOT NULL, en TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pairs_digest ON pairs(digest);
CREATE INDEX IF NOT EXISTS pairs_source ON pairs(source);
CREATE TABLE IF NOT EXISTS also(
    pair INTEGER NOT NULL, source INTEGER NOT NULL, PRIMARY KEY(pair, source)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS also_source ON also(source);
CREATE VIRTUAL TABLE IF NOT EXISTS folded USING fts5(
    ar, en, content='', columnsize=0, tokenize='unicode61 remove_diacritics 2');
"""
# `folded` holds no text of its own (content=''): the originals are in `pairs`, and the folded
# copy is made again from them to delete a pair from the index.
SCHEMA_VERSION = 2
"""2: a pair's digest is over its `_identity`; 1 had it over the code points as written."""


def _identity(ar: str, en: str) -> str:
    """What makes two pairs one: the same text in other code points is the same pair.
    Presentation forms are folded to base letters as the exports write them (`base_letters`),
    so a text exported and added back is not new, and NFC makes composed and decomposed
    letters one. Vowel marks stay: a vocalized sentence is another text. (Both sides come
    stripped of white space at their ends: `PairReader`.)"""
    text = f"{ar}\x00{en}"
    # A text in NFKC has no presentation form and is in NFC: most pairs, checked at C speed
    # (a pattern looking for presentation forms costs 2 µs a pair, 4 % of an import).
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFC", base_letters(text))


def _digest(identity: str) -> int:
    raw = hashlib.blake2b(identity.encode(), digest_size=8).digest()
    return int.from_bytes(raw, "big", signed=True)


def _pair_digest(ar: str, en: str) -> int:
    return _digest(_identity(ar, en))


def _fts(match: Match) -> str:
    """`match` in FTS5's query language."""

    def token(t: Token) -> str:
        quoted = '"' + t.text.replace('"', '""') + '"'
        return quoted + " *" if t.prefix else quoted

    if match.phrase:
        body = " + ".join(token(alternatives[0]) for alternatives in match.positions)
    else:
        body = " AND ".join(
            "(" + " OR ".join(token(t) for t in alternatives) + ")"
            for alternatives in match.positions
        )
    expression = f"{match.side} : ({body})"
    if match.unless is not None:
        expression = f"({expression}) NOT ({_fts(match.unless)})"
    return expression


class SqliteCorpus:
    """The corpus in one SQLite file in the data folder (FTS5 for the folded text)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / CORPUS_FILE
        if os.path.lexists(self.path) and not stat.S_ISREG(os.lstat(self.path).st_mode):
            raise CorpusError(
                f"{CORPUS_FILE} in the data folder is not a regular file: left as it is"
            )
        make_folder(self.path.parent)
        try:
            self._db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            write_ahead(self._db, BUSY_SECONDS)
            self._db.executescript(_SCHEMA)
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('version', ?), ('serial', 0)",
                (SCHEMA_VERSION,),
            )
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise self._error(error) from None

    def _migrate(self) -> None:
        """Bring a version 1 corpus to this version: every digest made again, and the pairs
        that are now one merged into the first stored (its form is the one shown), their
        sources kept as the merged pair's. One transaction: a kill leaves version 1 as it was,
        migrated again on the next open."""
        db = self._db
        (version,) = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if version == SCHEMA_VERSION:
            return
        if version != 1:
            raise CorpusError(
                f"the corpus ({CORPUS_FILE} in the data folder) is version "
                f"{shown(str(version))}, which this tui-reader does not read: left as it is"
            )
        db.create_function("pair_digest", 2, _pair_digest, deterministic=True)
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another window may have migrated it while this one waited for the lock.
            (version,) = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
            if version == 1:
                db.execute("UPDATE pairs SET digest = pair_digest(ar, en)")
                self._merge_duplicates()
                db.execute("UPDATE meta SET value = ? WHERE name = 'version'", (SCHEMA_VERSION,))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _merge_duplicates(self) -> None:
        db = self._db
        shared = db.execute(
            "SELECT digest FROM pairs GROUP BY digest HAVING count(*) > 1"
        ).fetchall()
        for (digest,) in shared:
            first: dict[str, int] = {}
            # In the order they were stored: the serial is the key's low 32 bits.
            for pair_id, source, ar, en in db.execute(
                "SELECT id, source, ar, en FROM pairs WHERE digest = ? ORDER BY id & 4294967295",
                (digest,),
            ).fetchall():
                kept = first.setdefault(_identity(ar, en), pair_id)
                if kept == pair_id:
                    continue
                # The duplicate's sources (its own and those it shared) share the kept pair,
                # as `add` links them: never the kept pair's own source.
                db.execute(
                    "INSERT OR IGNORE INTO also SELECT ?1, source FROM "
                    "(SELECT source FROM also WHERE pair = ?2 UNION SELECT ?3) "
                    "WHERE source != (SELECT source FROM pairs WHERE id = ?1)",
                    (kept, pair_id, source),
                )
                db.execute("DELETE FROM also WHERE pair = ?", (pair_id,))
                db.execute(
                    "INSERT INTO folded(folded, rowid, ar, en) VALUES ('delete', ?, ?, ?)",
                    (pair_id, normalize(ar), normalize(en)),
                )
                db.execute("DELETE FROM pairs WHERE id = ?", (pair_id,))

    def _error(self, error: sqlite3.Error) -> CorpusError:
        return CorpusError(f"the corpus ({CORPUS_FILE} in the data folder): {error}")

    def close(self) -> None:
        self._db.close()

    def sources(self) -> list[Source]:
        rows = self._db.execute("SELECT name, kind, pairs, added FROM sources ORDER BY name")
        return [Source(*row) for row in rows]

    def add(
        self,
        name: str,
        kind: str,
        pairs: PairReader,
        *,
        replace: bool = False,
        progress: Progress | None = None,
    ) -> Added:
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                if db.execute("SELECT 1 FROM sources WHERE name = ?", (name,)).fetchone():
                    if not replace:
                        raise CorpusError(
                            f"'{shown(name)}' is already in the corpus: remove it first, or "
                            "add it with --replace"
                        )
                    self._remove(name)
                added = self._add(name, kind, pairs, progress)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            raise self._error(error) from None
        return added

    def _add(self, name: str, kind: str, pairs: PairReader, progress: Progress | None) -> Added:
        db = self._db
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        source = db.execute(
            "INSERT INTO sources(name, kind, pairs, added) VALUES (?, ?, 0, ?)", (name, kind, now)
        ).lastrowid
        (serial,) = db.execute("SELECT value FROM meta WHERE name = 'serial'").fetchone()
        read = new = 0
        batch: list[tuple[str, str]] = []

        def flush() -> None:
            nonlocal serial, new
            identities = [_identity(ar, en) for ar, en in batch]
            digests = [_digest(identity) for identity in identities]
            known: dict[str, int] = {}
            for start in range(0, len(digests), 500):
                chunk = digests[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for pair_id, ar, en in db.execute(
                    f"SELECT id, ar, en FROM pairs WHERE digest IN ({marks})", chunk
                ):
                    known[_identity(ar, en)] = pair_id
            rows, index, links = [], [], []
            for (ar, en), identity, digest in zip(batch, identities, digests, strict=True):
                pair_id = known.get(identity)
                if pair_id is not None:
                    links.append((pair_id, source))
                    continue
                serial += 1
                pair_id = (min(len(ar), MAX_LENGTH) << 32) | serial
                known[identity] = pair_id
                rows.append((pair_id, source, digest, ar, en))
                index.append((pair_id, normalize(ar), normalize(en)))
            db.executemany("INSERT INTO pairs VALUES (?, ?, ?, ?, ?)", rows)
            db.executemany("INSERT INTO folded(rowid, ar, en) VALUES (?, ?, ?)", index)
            # A pair this source brings again, or that it shares with another: linked once.
            db.executemany(
                "INSERT OR IGNORE INTO also SELECT ?1, ?2 WHERE NOT EXISTS "
                "(SELECT 1 FROM pairs WHERE id = ?1 AND source = ?2)",
                links,
            )
            new += len(rows)
            batch.clear()

        for ar, en in pairs:
            batch.append((ar, en))
            read += 1
            if len(batch) == BATCH:
                flush()
                if progress is not None:
                    progress(pairs.done(), pairs.total)
        flush()
        db.execute("UPDATE meta SET value = ? WHERE name = 'serial'", (serial,))
        db.execute("UPDATE sources SET pairs = ? WHERE id = ?", (read, source))
        return Added(name, read, new, pairs.skipped)

    def remove(self, name: str) -> int:
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                gone = self._remove(name)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            raise self._error(error) from None
        return gone

    def _remove(self, name: str) -> int:
        db = self._db
        row = db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
        if row is None:
            known = ", ".join(shown(source.name) for source in self.sources()[:10]) or "none"
            raise CorpusError(f"'{shown(name)}' is not in the corpus (sources: {known})")
        (source,) = row
        db.execute("DELETE FROM also WHERE source = ?", (source,))
        # Pairs another source brought as well pass to it.
        db.execute(
            "UPDATE pairs SET source = (SELECT min(source) FROM also WHERE pair = pairs.id) "
            "WHERE source = ?1 AND EXISTS (SELECT 1 FROM also WHERE pair = pairs.id)",
            (source,),
        )
        db.execute(
            "DELETE FROM also WHERE EXISTS "
            "(SELECT 1 FROM pairs WHERE pairs.id = also.pair AND pairs.source = also.source)"
        )
        gone = 0
        rows = db.execute("SELECT id, ar, en FROM pairs WHERE source = ?", (source,)).fetchall()
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            db.executemany(
                "INSERT INTO folded(folded, rowid, ar, en) VALUES ('delete', ?, ?, ?)",
                [(pair_id, normalize(ar), normalize(en)) for pair_id, ar, en in chunk],
            )
            gone += len(chunk)
        db.execute("DELETE FROM pairs WHERE source = ?", (source,))
        db.execute("DELETE FROM sources WHERE id = ?", (source,))
        return gone

    def find(self, match: Match, after: int, limit: int) -> list[Pair]:
        try:
            rows = self._db.execute(
                "SELECT p.id, p.ar, p.en, s.name FROM "
                "(SELECT rowid FROM folded WHERE folded MATCH ? AND rowid > ? "
                "ORDER BY rowid LIMIT ?) AS f "
                "JOIN pairs AS p ON p.id = f.rowid JOIN sources AS s ON s.id = p.source "
                "ORDER BY p.id",
                (_fts(match), after, limit),
            ).fetchall()
        except sqlite3.DatabaseError as error:
            raise self._error(error) from None
        return [Pair(*row) for row in rows]

    def count(self, match: Match, cap: int) -> int:
        try:
            (found,) = self._db.execute(
                "SELECT count(*) FROM (SELECT rowid FROM folded WHERE folded MATCH ? LIMIT ?)",
                (_fts(match), cap),
            ).fetchone()
        except sqlite3.DatabaseError as error:
            raise self._error(error) from None
        return int(found)

    def size(self) -> tuple[int, int]:
        (pairs,) = self._db.execute("SELECT count(*) FROM pairs").fetchone()
        (pages,) = self._db.execute("PRAGMA page_count").fetchone()
        (page,) = self._db.execute("PRAGMA page_size").fetchone()
        return int(pairs), int(pages) * int(page)


def open_corpus(path: Path | None = None) -> CorpusStore:
    """The user's corpus (the SQLite store: the only backend so far)."""
    return SqliteCorpus(path)


def add_source(
    store: CorpusStore,
    reference: str,
    *,
    replace: bool = False,
    progress: Progress | None = None,
) -> Added:
    """Add a TMX or XLIFF file (by path), or a text of the library (by id or path to its
    file), to the corpus under its file name or id. Any other file is refused: read as a
    plain text, it would have no English."""
    from tui_reader.core import library

    path = Path(reference).expanduser()
    if path.suffix.lower() in SUFFIXES:
        name, kind, pairs = path.name, SUFFIXES[path.suffix.lower()], read_file(path, reference)
    elif (
        path.suffix.lower() not in TEXT_SUFFIXES
        and path.exists()
        and all(entry.id != reference for entry in library.entries())
    ):
        raise CorpusError(
            f"{shown(reference, PATH_SHOWN)}: corpus add takes a .tmx, .xliff or .xlf file, "
            "or a library text id"
        )
    else:
        text = library.open_text(reference)
        segments = [(segment.ar, segment.en) for segment in text]
        name, kind, pairs = text.id, "text", pairs_of_text(text.id, segments)
    return store.add(name, kind, pairs, replace=replace, progress=progress)


def snippet(text: str, spans: Sequence[tuple[int, int]], context: int = 30) -> tuple[str, str, str]:
    """(before, match, after) around the first span, cut at spaces where it can, on one line:
    a concordance line keeps the match in view however long its sentence."""
    if not spans:
        cut = text[: 2 * context]
        return "", "", (cut + "…" if len(text) > len(cut) else cut).replace("\n", " ")
    start, end = spans[0]
    first = max(0, start - context)
    before, match, after = text[first:start], text[start:end], text[end : end + context]
    if first > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if end + context < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before.replace("\n", " "), match.replace("\n", " "), after.replace("\n", " ")
