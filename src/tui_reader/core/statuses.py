"""What the learner knows: a status for every Arabic word, kept by lemma.

A word is *new* until the learner marks it: learning 1 to 4, known, or ignored (names,
numbers, foreign words). The status belongs to the word's lemma, so والإرهابيين, الإرهابي and
إرهابيا share one: the dictionary's lemma when it knows the word (the reading the learner
chose last, else its likeliest), otherwise the folded word without its article.

The statuses live in one JSON file in the user's data folder (`statuses.json`), with the
reading chosen for each word that has several and, per lemma, the sentence it was met in (for
drills in context and the Anki deck). Saves are atomic and merge with what another window
saved since, under a lock: the lemmas this window changed win, the others come from disk.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import threading
from array import array
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any, overload

from tui_reader.core import cache
from tui_reader.core.letters import ARABIC_LETTER
from tui_reader.core.morphology import ARTICLE, MIN_STEM, PROCLITIC_CHAINS
from tui_reader.core.normalize import normalize
from tui_reader.core.storage import (
    MB,
    RefusedFile,
    locked,
    parse_json,
    read_user_data,
    read_user_text,
    set_aside,
    write_user_data,
)
from tui_reader.core.text import Text, words
from tui_reader.paths import data_dir

VERSION = 1
STATUSES_BYTES = 64 * MB
"""The largest statuses file read: every lemma of the lexicon many times over."""
IMPORT_BYTES = 16 * MB
"""The largest CSV of statuses imported."""

NEW = 0
LEARNING = (1, 2, 3, 4)
KNOWN = 5
IGNORED = 6
NAMES = {NEW: "new", 1: "1", 2: "2", 3: "3", 4: "4", KNOWN: "known", IGNORED: "ignored"}
"""A status as the CSV writes it (and the reader says it: "learning 2")."""
_BY_NAME = {name: status for status, name in NAMES.items()}
CSV_COLUMNS = ("lemma_key", "status", "lemma", "text", "sentence")

_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


class StatusesError(Exception):
    """A statuses file (or a CSV of statuses) that cannot be read; the message says which,
    where and why."""


def describe(status: int) -> str:
    if status in LEARNING:
        return f"learning {status}"
    return NAMES[status]


@dataclass(frozen=True)
class Context:
    """Where the learner met a lemma: the sentence (a segment's Arabic, logical) and the
    word's span in it, with the text it came from."""

    text_id: str
    title: str
    sentence: str
    start: int
    end: int

    @property
    def word(self) -> str:
        return self.sentence[self.start : self.end]

    def record(self) -> dict[str, Any]:
        return {
            "text": self.text_id,
            "title": self.title,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_record(cls, data: object) -> Context:
        if not isinstance(data, dict):
            raise ValueError("a context must be a mapping")
        text_id, title, sentence = data.get("text"), data.get("title", ""), data.get("sentence")
        start, end = data.get("start"), data.get("end")
        if not all(isinstance(value, str) for value in (text_id, title, sentence)):
            raise ValueError("'text', 'title' and 'sentence' must be text")
        if not isinstance(start, int) or not isinstance(end, int):
            raise ValueError("'start' and 'end' must be whole numbers")
        assert isinstance(text_id, str) and isinstance(title, str) and isinstance(sentence, str)
        if not 0 <= start <= end <= len(sentence):
            raise ValueError("the word's span is outside its sentence")
        return cls(text_id, title, sentence, start, end)


@dataclass(frozen=True)
class WordStatus:
    status: int
    lemma: str
    """The lemma as the learner sees it: vocalized from the dictionary, else the folded word."""
    modified: str = ""
    context: Context | None = None

    def record(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status, "lemma": self.lemma}
        if self.modified:
            data["modified"] = self.modified
        if self.context is not None:
            data["context"] = self.context.record()
        return data

    @classmethod
    def from_record(cls, data: object) -> WordStatus:
        if not isinstance(data, dict):
            raise ValueError("a status must be a mapping")
        status, lemma, modified = data.get("status"), data.get("lemma", ""), data.get("modified")
        if isinstance(status, bool) or status not in NAMES:
            raise ValueError(f"status {status!r} is not one of 0 to {IGNORED}")
        if not isinstance(lemma, str) or not isinstance(modified, str | None):
            raise ValueError("'lemma' and 'modified' must be text")
        context = data.get("context")
        return cls(
            status,
            lemma,
            modified or "",
            None if context is None else Context.from_record(context),
        )


# Which lemma a word is ------------------------------------------------------------------------


def is_word(word: str) -> bool:
    """Whether a word of a text has a status at all: only Arabic words do (digits and Latin
    are not counted)."""
    return ARABIC_LETTER.search(word) is not None


def _stem(folded: str) -> str:
    """The folded word without the article (and what stands before it: وال، بال، لل): the
    lemma when the dictionary has none. Nothing else is stripped: a guess that strips more
    (و of وفد) would join words that are not one."""
    for head, chain in reversed(PROCLITIC_CHAINS):
        article = chain and chain[-1] == ARTICLE
        if article and folded.startswith(head) and len(folded) - len(head) >= MIN_STEM:
            return folded[len(head) :]
    return folded


@dataclass(frozen=True)
class Reading:
    key: str
    """"lex:" and the dictionary's lemma id, or "stem:" and the folded stem."""
    lemma: str
    gloss: str = ""
    analysis: str = ""
    """The word's parts and part of speech (`وَ + ال + إِرْهَابِيّ + ين · noun`)."""


READINGS_KEPT = 1024
"""Words whose readings are kept: those the learner looks at. A text's words are resolved
once into a `TextWords`, which keeps their lemma keys and not their readings."""
_readings: dict[str, tuple[Reading, ...]] = {}
_readings_lock = threading.Lock()


def readings(word: str) -> tuple[Reading, ...]:
    """Every lemma a word can be, likeliest first: the dictionary's, or else its folded stem
    (also when the lexicon cannot be read). The last `READINGS_KEPT` words are kept."""
    found = _readings.get(word)
    if found is not None:
        return found
    from tui_reader.core import dictionary

    try:
        lemmas, _ = dictionary.lookup_as_written(word)
    except dictionary.DictionaryError:
        lemmas = []
    if lemmas:
        found = tuple(
            Reading(f"lex:{lemma.lemma_id}", lemma.lemma, lemma.first.gloss, _analysis(lemma))
            for lemma in lemmas
        )
    else:
        stem = _stem(normalize(word))
        found = (Reading(f"stem:{stem}", stem),)
    with _readings_lock:
        while len(_readings) >= READINGS_KEPT:
            _readings.pop(next(iter(_readings)))
        _readings[word] = found
    return found


def _analysis(lemma: Any) -> str:
    first = lemma.first
    parts = [*(m.form for m in first.prefixes), first.stem, *(m.form for m in first.suffixes)]
    return " + ".join(part for part in parts if part) + f" · {first.pos}"


def reading_of(word: str, chosen: Mapping[str, str]) -> Reading:
    """The reading a word has for this learner: the one chosen for it last, else the
    likeliest."""
    found = readings(word)
    wanted = chosen.get(normalize(word))
    for reading in found:
        if reading.key == wanted:
            return reading
    return found[0]


WordKey = tuple[int, int, str]
"""(start, end, lemma key) of a word of a segment's Arabic."""


def segment_keys(arabic: str, chosen: Mapping[str, str]) -> list[WordKey]:
    """The Arabic words of a segment with their lemma keys."""
    found = []
    for start, end in words(arabic):
        word = arabic[start:end]
        if is_word(word):
            found.append((start, end, reading_of(word, chosen).key))
    return found


# Counting -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """A text's words by status: distinct lemmas new, learning and known (ignored apart), and
    running words (every occurrence)."""

    new: int = 0
    learning: int = 0
    known: int = 0
    ignored: int = 0
    running: int = 0
    running_known: int = 0
    running_ignored: int = 0

    @property
    def percent_known(self) -> int:
        """Known running words among those not ignored."""
        counted = self.running - self.running_ignored
        return round(100 * self.running_known / counted) if counted else 0

    def record(self) -> dict[str, int]:
        return {
            "new": self.new,
            "learning": self.learning,
            "known": self.known,
            "ignored": self.ignored,
            "running_words": self.running,
            "percent_known": self.percent_known,
        }

    def line(self) -> str:
        return (
            f"new {self.new} · learning {self.learning} · known {self.known}"
            f" · known {self.percent_known}%"
        )


def count(segments: Iterable[Sequence[WordKey]], store: StatusStore) -> Counts:
    lemmas: dict[str, int] = {}
    running = running_known = running_ignored = 0
    for keys in segments:
        for _start, _end, lemma_key in keys:
            status = store.status(lemma_key)
            lemmas[lemma_key] = status
            running += 1
            running_known += status == KNOWN
            running_ignored += status == IGNORED
    by_status = list(lemmas.values())
    return Counts(
        new=by_status.count(NEW),
        learning=sum(1 for status in by_status if status in LEARNING),
        known=by_status.count(KNOWN),
        ignored=by_status.count(IGNORED),
        running=running,
        running_known=running_known,
        running_ignored=running_ignored,
    )


def text_counts(text: Text, store: StatusStore) -> Counts:
    found = kept_text_words([segment.ar for segment in text], store.chosen)
    assert found is not None
    return found.counts(store)


# A text's words --------------------------------------------------------------------------------

SEGMENTS_KEPT = 256
"""Segments whose words `TextWords` keeps as tuples once asked for: a few screens."""


class TextWords(Sequence[list[WordKey]]):
    """Every Arabic word of a text with its lemma key, segment by segment, compactly: a
    book's 80,000 running words as (start, end, lemma number) in one array, each lemma key
    once, and the running words of each lemma, so that the counts are sums over lemmas and
    one lemma is counted again alone. As tuples (`segment_keys`) the same words took eight
    times the memory. `words[i]` is segment i's words as `segment_keys` gives them."""

    def __init__(self, keys: list[str], spans: array[int], bounds: array[int]) -> None:
        self.keys = keys
        """The lemma key of each lemma number."""
        self._spans = spans
        """Start, end and lemma number of each running word, in the text's order."""
        self._bounds = bounds
        """Segment i's words are `_spans[3 * bounds[i] : 3 * bounds[i + 1]]`."""
        running = [0] * len(keys)
        for number in spans[2::3]:
            running[number] += 1
        self.running = array("I", running)
        """Running words of each lemma number."""
        self._built: dict[int, list[WordKey]] = {}
        self._lock = threading.Lock()
        """Segments are asked for on the loop and in the thread that draws the page below:
        the oldest one let go by both at once would be let go twice."""

    def __len__(self) -> int:
        return len(self._bounds) - 1

    @overload
    def __getitem__(self, index: int) -> list[WordKey]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[WordKey]]: ...

    def __getitem__(self, index: int | slice) -> list[WordKey] | list[list[WordKey]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        found = self._built.get(index)
        if found is None:
            spans, keys = self._spans, self.keys
            first, last = 3 * self._bounds[index], 3 * self._bounds[index + 1]
            found = [
                (spans[at], spans[at + 1], keys[spans[at + 2]]) for at in range(first, last, 3)
            ]
            with self._lock:
                while len(self._built) >= SEGMENTS_KEPT:
                    self._built.pop(next(iter(self._built)))
                self._built[index] = found
        return found

    def counts(self, store: StatusStore) -> Counts:
        """The text's counts, lemma by lemma. Only the lemmas with a status are looked at
        one by one (the rest are new): a book has some 15,000 lemmas, and a learner who opens
        it, few of them known yet, waited for each before the first paint."""
        lemmas = [0] * len(NAMES)
        running = [0] * len(NAMES)
        entries = store.entries
        if len(entries) < len(self.keys):
            occurrences_of = dict(zip(self.keys, self.running, strict=True))
            found = ((occurrences_of.get(key), entry) for key, entry in entries.items())
        else:
            pairs = zip(self.running, map(entries.get, self.keys), strict=True)
            found = ((occurrences, entry) for occurrences, entry in pairs if entry is not None)
        for occurrences, entry in found:
            if occurrences:
                lemmas[entry.status] += 1
                running[entry.status] += occurrences
        lemmas[NEW] += len(self.running) - self.running.count(0) - sum(lemmas)
        running[NEW] += sum(self.running) - sum(running)
        return Counts(
            new=lemmas[NEW],
            learning=sum(lemmas[status] for status in LEARNING),
            known=lemmas[KNOWN],
            ignored=lemmas[IGNORED],
            running=sum(running),
            running_known=running[KNOWN],
            running_ignored=running[IGNORED],
        )

    def recounted(self, counts: Counts, lemma_key: str, before: int, after: int) -> Counts:
        """`counts` after one lemma's status went from `before` to `after`: that lemma alone
        is counted again."""
        # A scan at C speed, a fraction of a millisecond for a book, once a key press: a dict
        # of the lemma numbers would keep 0.8 MB for it.
        occurrences = self.running[self.keys.index(lemma_key)] if lemma_key in self.keys else 0
        if not occurrences or before == after:
            return counts

        def moved(statuses: Iterable[int]) -> int:
            return (after in statuses) - (before in statuses)

        return replace(
            counts,
            new=counts.new + moved((NEW,)),
            learning=counts.learning + moved(LEARNING),
            known=counts.known + moved((KNOWN,)),
            ignored=counts.ignored + moved((IGNORED,)),
            running_known=counts.running_known + occurrences * moved((KNOWN,)),
            running_ignored=counts.running_ignored + occurrences * moved((IGNORED,)),
        )


def text_words(
    arabic: Iterable[str],
    chosen: Mapping[str, str],
    *,
    previous: TextWords | None = None,
    folded: Container[str] = (),
) -> TextWords:
    """The words of each segment's Arabic with their lemma keys. With `previous` (the same
    text's words) and `folded` (words, folded, whose chosen reading changed), only the words
    that fold to one of them are looked up again; the others keep their keys."""
    keys: list[str] = []
    ids: dict[str, int] = {}
    spans, bounds = array("I"), array("I", [0])
    # Each distinct word is looked up once per text; the dictionary keeps only a few.
    seen: dict[str, int] = {}
    running = 0
    for segment in arabic:
        for start, end in words(segment):
            word = segment[start:end]
            number = seen.get(word)
            if number is None:
                if not is_word(word):
                    continue
                if previous is not None and normalize(word) not in folded:
                    lemma_key = previous.keys[previous._spans[3 * running + 2]]
                else:
                    lemma_key = reading_of(word, chosen).key
                number = ids.get(lemma_key)
                if number is None:
                    number = ids[lemma_key] = len(keys)
                    keys.append(lemma_key)
                seen[word] = number
            spans.extend((start, end, number))
            running += 1
        bounds.append(running)
    return TextWords(keys, spans, bounds)


WORDS_CACHE = "words"
"""The cache entries of texts' words with their likeliest lemmas (see `kept_text_words`)."""


def _words_key(arabic: Sequence[str]) -> cache.Key:
    """The cache entry of a text's words and their likeliest lemmas: named by its Arabic and
    by the lexicon and code that look them up."""
    from tui_reader.core import dictionary

    this = Path(__file__).stat()
    made = f"words 1 {sys.byteorder} {this.st_size}:{this.st_mtime_ns} {dictionary.stamp()}"

    def chunks() -> Iterator[bytes]:
        yield made.encode()
        for segment in arabic:
            encoded = segment.encode("utf-8", "surrogatepass")
            yield b"\n%d\n" % len(encoded)
            yield encoded

    return cache.Key.of_chunks(chunks())


def _dump_words(found: TextWords) -> bytes | None:
    keys = "\n".join(found.keys).encode("utf-8")
    if len(found.keys) != keys.count(b"\n") + 1:
        return None
    head = f"{len(keys)} {len(found._spans)} {len(found._bounds)}\n".encode()
    return head + keys + found._spans.tobytes() + found._bounds.tobytes()


def _load_words(content: bytes | None, segments: int) -> TextWords | None:
    """The words `_dump_words` kept, or None if the entry does not hold a whole, consistent
    copy: a damaged entry is a miss, never wrong colours."""
    if content is None:
        return None
    # Read through a view: slices of the entry would copy a megabyte each.
    view = memoryview(content)
    end = content.find(b"\n")
    try:
        sizes = [int(size) for size in content[:end].split()] if end > 0 else []
    except ValueError:
        return None
    item = array("I").itemsize
    if (
        len(sizes) != 3
        or min(sizes) < 0
        or len(content) - end - 1 != sizes[0] + item * (sizes[1] + sizes[2])
    ):
        return None
    keys_size, span_count, bound_count = sizes
    spans_at = end + 1 + keys_size
    bounds_at = spans_at + item * span_count
    spans, bounds = array("I"), array("I")
    spans.frombytes(view[spans_at:bounds_at])
    bounds.frombytes(view[bounds_at:])
    try:
        keys = str(view[end + 1 : spans_at], "utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    numbers = spans[2::3]
    if (
        span_count % 3
        or bound_count != segments + 1
        or bounds[0] != 0
        or bounds[-1] != span_count // 3
        or any(first > last for first, last in pairwise(bounds))
        or (numbers and max(numbers) >= len(keys))
    ):
        return None
    return TextWords(keys, spans, bounds)


def kept_text_words(
    arabic: Sequence[str],
    chosen: Mapping[str, str],
    cancelled: Callable[[], bool] = lambda: False,
) -> TextWords | None:
    """`text_words(arabic, chosen)`, without the look-ups when they were made before. The
    words with their likeliest lemmas are kept in the cache folder, so a book opened again
    reads them back (no lexicon read, no look-up); only the words whose reading the learner
    chose are looked up. None if `cancelled` said so before the end."""

    def segments() -> Iterator[str]:
        for index, segment in enumerate(arabic):
            if index % 64 == 0 and cancelled():
                return
            yield segment

    key = _words_key(arabic)
    found = _load_words(cache.load_bytes(WORDS_CACHE, key), len(arabic))
    if found is None:
        found = text_words(segments(), {})
        if cancelled():
            return None
        content = _dump_words(found) if key.kept else None
        if content is not None:
            cache.store_bytes(WORDS_CACHE, key, content)
    if chosen:
        found = text_words(segments(), chosen, previous=found, folded=chosen.keys())
        if cancelled():
            return None
    return found


def forget_text_words(arabic: Sequence[str]) -> None:
    """Drop the kept words of a text (deleted from the library: no trace of it is left)."""
    cache.forget(WORDS_CACHE, _words_key(arabic), ".bin")


# The store ------------------------------------------------------------------------------------


def statuses_path() -> Path:
    return data_dir() / "statuses.json"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _parse(content: str, path: Path) -> tuple[dict[str, WordStatus], dict[str, str]]:
    if not content.strip():
        return {}, {}
    try:
        document = parse_json(content)
    except ValueError as error:
        raise StatusesError(f"{path}: not a statuses file ({error})") from None
    if not isinstance(document, dict) or document.get("version") != VERSION:
        raise StatusesError(f"{path}: not a statuses file of version {VERSION}")
    raw, chosen = document.get("words", {}), document.get("chosen", {})
    if not isinstance(raw, dict):
        raise StatusesError(f"{path}: 'words' must be a mapping")
    if not isinstance(chosen, dict) or not all(isinstance(value, str) for value in chosen.values()):
        raise StatusesError(f"{path}: 'chosen' must map words to lemma keys")
    found = {}
    for lemma_key, data in raw.items():
        try:
            found[lemma_key] = WordStatus.from_record(data)
        except (TypeError, ValueError) as error:
            raise StatusesError(
                f"{path}: the status of {lemma_key!r} is damaged ({error})"
            ) from None
    return found, dict(chosen)


def _dump(entries: Mapping[str, WordStatus], chosen: Mapping[str, str]) -> bytes:
    document = {
        "version": VERSION,
        "words": {key: entries[key].record() for key in sorted(entries)},
        "chosen": dict(sorted(chosen.items())),
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass
class StatusStore:
    path: Path
    entries: dict[str, WordStatus] = field(default_factory=dict)
    chosen: dict[str, str] = field(default_factory=dict)
    """Folded word -> the lemma key of the reading the learner chose for it."""
    damaged: str = ""
    """Why the file on disk could not be read; it is set aside, untouched, on the next save."""
    _changed: set[str] = field(default_factory=set, repr=False)
    _changed_choices: set[str] = field(default_factory=set, repr=False)

    @classmethod
    def open(cls, path: Path | None = None) -> StatusStore:
        store = cls(path or statuses_path())
        content, store.damaged = read_user_text(store.path, STATUSES_BYTES)
        if content is None:
            return store
        try:
            store.entries, store.chosen = _parse(content, store.path)
        except StatusesError as error:
            store.damaged = str(error)
        return store

    def status(self, lemma_key: str) -> int:
        found = self.entries.get(lemma_key)
        return NEW if found is None else found.status

    def get(self, lemma_key: str) -> WordStatus | None:
        return self.entries.get(lemma_key)

    def set(
        self, lemma_key: str, status: int, lemma: str = "", context: Context | None = None
    ) -> None:
        """Give a lemma a status; the context it was met in is kept (the first one, unless
        a new one is given)."""
        if status not in NAMES:
            raise ValueError(f"{status!r} is not a status")
        old = self.entries.get(lemma_key)
        if old is not None:
            lemma = lemma or old.lemma
            context = context or old.context
        self.entries[lemma_key] = WordStatus(
            status, lemma or _shown_key(lemma_key), _now(), context
        )
        self._changed.add(lemma_key)

    def choose(self, word: str, lemma_key: str) -> None:
        """The reading a word takes from now on (a word with several lemmas)."""
        self.chosen[normalize(word)] = lemma_key
        self._changed_choices.add(normalize(word))

    def with_status(self, *statuses: int) -> list[tuple[str, WordStatus]]:
        return [(key, entry) for key, entry in self.entries.items() if entry.status in statuses]

    def save(self) -> Path | None:
        """Write this window's changes over what is on disk now. Returns where a damaged file
        was set aside, if it was. Raises OSError when the folder cannot be written."""
        kept: Path | None = None
        with locked(self.path):
            if self.damaged and os.path.lexists(self.path):
                kept = set_aside(self.path, "damaged")
            self.damaged = ""
            try:
                content = read_user_data(self.path, STATUSES_BYTES).decode("utf-8")
                disk, chosen = _parse(content, self.path)
            except FileNotFoundError:
                disk, chosen = {}, {}
            except (RefusedFile, UnicodeDecodeError, StatusesError):
                # Became unreadable since this window read it: kept, never overwritten.
                kept = set_aside(self.path, "damaged")
                disk, chosen = {}, {}
            for key in self._changed:
                disk[key] = self.entries[key]
            for word in self._changed_choices:
                chosen[word] = self.chosen[word]
            write_user_data(self.path, _dump(disk, chosen))
        self.entries, self.chosen = disk, chosen
        self._changed.clear()
        self._changed_choices.clear()
        return kept


def _shown_key(lemma_key: str) -> str:
    return lemma_key.partition(":")[2] or lemma_key


# After a drill --------------------------------------------------------------------------------

KNOWN_AFTER_DAYS = 21
"""A drilled word whose next review is this many days away or more is known."""


def follow_review(
    store: StatusStore, lemma_key: str, interval_days: float, *, lapsed: bool
) -> int | None:
    """A word's status after one of its cards was answered: known once a card graduates to
    an interval of `KNOWN_AFTER_DAYS` or more, back to learning 1 on a lapse (Again on a card
    that had been learnt). Returns the new status when it changed."""
    current = store.status(lemma_key)
    if lapsed and current != 1:
        wanted = 1
    elif not lapsed and interval_days >= KNOWN_AFTER_DAYS and current in LEARNING:
        wanted = KNOWN
    else:
        return None
    store.set(lemma_key, wanted)
    return wanted


# CSV ------------------------------------------------------------------------------------------


def _cell(value: str) -> str:
    return "'" + value if value.startswith((*_CSV_FORMULA, "'")) else value


def _uncell(value: str) -> str:
    return (
        value[1:] if value.startswith("'") and value[1:].startswith((*_CSV_FORMULA, "'")) else value
    )


def export_csv(store: StatusStore) -> str:
    """Every lemma that has a status, one a row, with a header (`CSV_COLUMNS`). Cells that a
    spreadsheet would run as a formula get a quote before them, which the import takes off."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for key in sorted(store.entries):
        entry = store.entries[key]
        context = entry.context
        writer.writerow(
            _cell(value)
            for value in (
                key,
                NAMES[entry.status],
                entry.lemma,
                context.text_id if context else "",
                context.sentence if context else "",
            )
        )
    return buffer.getvalue()


def import_csv(data: bytes, file_name: str, store: StatusStore) -> int:
    """Statuses from a CSV that `export_csv` wrote (or a spreadsheet kept): the rows are
    read whole first, so a fault anywhere changes nothing. Returns how many were set."""
    if len(data) > IMPORT_BYTES:
        raise StatusesError(f"{file_name}: larger than {IMPORT_BYTES // MB} MB")
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StatusesError(f"{file_name}: not UTF-8 (byte {error.start + 1})") from None
    rows = list(csv.reader(io.StringIO(content)))
    if not rows:
        raise StatusesError(f"{file_name}: empty")
    header = [name.strip().lower() for name in rows[0]]
    if "lemma_key" not in header or "status" not in header:
        raise StatusesError(f"{file_name}:1: the header needs 'lemma_key' and 'status' columns")
    key_at, status_at = header.index("lemma_key"), header.index("status")
    lemma_at = header.index("lemma") if "lemma" in header else None
    wanted: list[tuple[str, int, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(key_at, status_at):
            raise StatusesError(f"{file_name}:{number}: too few columns")
        key, name = _uncell(row[key_at].strip()), row[status_at].strip().lower()
        if not key.startswith(("lex:", "stem:")) or len(key) > 200 or not key.isprintable():
            raise StatusesError(f"{file_name}:{number}: {key[:60]!r} is not a lemma key")
        if name not in _BY_NAME:
            raise StatusesError(
                f"{file_name}:{number}: status {name[:20]!r} is not one of {', '.join(_BY_NAME)}"
            )
        lemma = _uncell(row[lemma_at]) if lemma_at is not None and lemma_at < len(row) else ""
        wanted.append((key, _BY_NAME[name], lemma))
    for key, status, lemma in wanted:
        store.set(key, status, lemma)
    return len(wanted)


def new_words(
    status_of: Callable[[str], int],
    text_id: str,
    title: str,
    segments: Iterable[tuple[str, Iterable[WordKey]]],
) -> list[tuple[str, str, Context]]:
    """The new lemmas met in `segments` (each a segment's Arabic and its words' keys), each
    once, with its lemma in Arabic and where it was first met: what `K` makes known. Looks the
    words up (the lexicon may have to be read): for a thread."""
    found: dict[str, tuple[str, str, Context]] = {}
    for sentence, keys in segments:
        for start, end, lemma_key in keys:
            if lemma_key in found or status_of(lemma_key) != NEW:
                continue
            word = sentence[start:end]
            reading = next((r for r in readings(word) if r.key == lemma_key), None)
            context = Context(text_id, title, sentence, start, end)
            found[lemma_key] = (lemma_key, reading.lemma if reading else "", context)
    return list(found.values())


def mark_known(store: StatusStore, words: Iterable[tuple[str, str, Context]]) -> int:
    """Each of `words` (from `new_words`) still new made known (Lute's "mark the rest as
    known"), kept with its lemma and sentence as a status set by hand is; how many."""
    done = 0
    for lemma_key, lemma, context in words:
        if store.status(lemma_key) == NEW:
            store.set(lemma_key, KNOWN, lemma, context)
            done += 1
    return done
