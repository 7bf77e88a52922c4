"""Drilling glossary terms with spaced repetition, and the store that keeps the learner's cards.

A card is one glossary entry asked one way: "ar-en" shows the Arabic and wants the English,
"en-ar" the reverse. A card exists only once the learner has answered it: until then it is
*new*, so the terms a learner studies (all of them, a text's, a tag's, or those marked in the
reader) cost nothing in the file until they are met. Scheduling is FSRS (the `fsrs` package,
its default parameters): after each answer it sets when the card is next due.

The cards live in one JSON file in the user's data folder, with the entries marked for study and
a capped log of recent reviews (kept for a later re-optimisation of the FSRS parameters). The
caller saves after every answer, so a kill loses at most the answer in flight; a save is atomic,
and a file that cannot be read is never overwritten but set aside on the next save. Two windows
studying at once both keep their reviews: a save merges with the file under a lock.

Every function that depends on the time takes `now` (timezone-aware) so that tests can move the
clock; only the outermost calls default it to the current time.

Why one module of this size: the card model, FSRS scheduling and its store change together;
the store is the last third and would move out with a second kind of progress file.
"""

from __future__ import annotations

import copy
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from fsrs import Card, Rating, ReviewLog, Scheduler, State
from fsrs.card import CardDict

from tui_reader.core.english import plural
from tui_reader.core.errors import TuiReaderError
from tui_reader.core.glossary import Entry, Glossary
from tui_reader.core.morphology import key
from tui_reader.core.normalize import normalize
from tui_reader.core.storage import (
    STUDY_BYTES,
    RefusedFile,
    locked,
    read_user_data,
    set_aside,
    write_json,
)
from tui_reader.paths import data_dir

VERSION = 1
DIRECTIONS = ("ar-en", "en-ar")
NEW_CARDS_PER_SESSION = 20
LOG_LIMIT = 2000
"""Reviews kept in the log: enough to re-optimise FSRS, small enough to rewrite every answer."""
SCHEDULER = Scheduler()
"""FSRS with its default parameters; fuzzing on, so cards learnt together drift apart."""

_WORD = re.compile(r"\w+")
_ENGLISH_ARTICLES = ("the", "a", "an")


class StudyError(TuiReaderError):
    """A study file that cannot be read; the message says which and why."""


def _utc(moment: datetime | None) -> datetime:
    """`moment` in UTC, or the current time when None (the default of the outermost calls).
    A naive time is refused: whether it is local or UTC cannot be told, and fsrs wants UTC."""
    if moment is None:
        return datetime.now(UTC)
    if moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone")
    return moment.astimezone(UTC)


@dataclass(frozen=True, order=True)
class CardKey:
    """One entry asked one way; written "<entry id>|<direction>" in the file."""

    entry_id: str
    direction: str

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction {self.direction!r} is not one of: {', '.join(DIRECTIONS)}")
        if not self.entry_id or "|" in self.entry_id:
            raise ValueError(f"{self.entry_id!r} is not an entry id")

    def __str__(self) -> str:
        return f"{self.entry_id}|{self.direction}"

    @classmethod
    def parse(cls, text: object) -> CardKey:
        if not isinstance(text, str) or "|" not in text:
            raise ValueError(f"{text!r} is not '<entry id>|<direction>'")
        entry_id, _, direction = text.rpartition("|")
        return cls(entry_id, direction)


@dataclass(frozen=True)
class ReviewRecord:
    """One answer in the log: fsrs's own review log, with the card it was for."""

    key: CardKey
    log: ReviewLog

    def record(self) -> dict[str, Any]:
        return {"card": str(self.key), **self.log.to_dict()}

    @classmethod
    def from_record(cls, data: object) -> ReviewRecord:
        if not isinstance(data, dict):
            raise ValueError("a review must be a mapping")
        card_id, duration = data["card_id"], data["review_duration"]
        if not isinstance(card_id, int) or not isinstance(duration, int | None):
            raise ValueError("'card_id' and 'review_duration' must be whole numbers")
        reviewed = _utc(datetime.fromisoformat(data["review_datetime"]))
        return cls(
            CardKey.parse(data["card"]),
            ReviewLog(card_id, Rating(data["rating"]), reviewed, duration),
        )


def _card(data: object) -> Card:
    """A stored card, checked so that a hand-edited file fails here, not in the scheduler."""
    if not isinstance(data, dict):
        raise ValueError("a card must be a mapping")
    card = Card.from_dict(cast(CardDict, data))
    if card.stability is None or card.difficulty is None or card.last_review is None:
        raise ValueError("a stored card must have been reviewed")
    if (card.state == State.Review) != (card.step is None) or not isinstance(card.step, int | None):
        raise ValueError("its learning step does not fit its state")
    card.due = _utc(card.due)
    card.last_review = _utc(card.last_review)
    return card


def _reason(error: Exception) -> str:
    return f"missing {error}" if isinstance(error, KeyError) else str(error)


def study_path() -> Path:
    return data_dir() / "study.json"


@dataclass
class StudyStore:
    """The learner's cards, the entries marked for study and the recent reviews."""

    path: Path
    cards: dict[CardKey, Card] = field(default_factory=dict)
    marked: set[str] = field(default_factory=set)
    log: list[ReviewRecord] = field(default_factory=list)
    damaged: str = ""
    """Why the file on disk could not be read; it is set aside, untouched, on the next save."""
    _marked_base: set[str] = field(default_factory=set, repr=False)
    """The marks as read or last saved: what this window changed is what differs from it."""

    def __post_init__(self) -> None:
        self._marked_base = set(self.marked)

    @classmethod
    def open(cls, path: Path | None = None) -> StudyStore:
        """The store on disk; an empty one when there is none yet or it cannot be read (then
        `damaged` says why: studying goes on, and the file is kept for the learner to see)."""
        path = path or study_path()
        try:
            content = read_user_data(path, STUDY_BYTES).decode("utf-8")
        except FileNotFoundError:
            return cls(path)
        except RefusedFile as error:
            return cls(path, damaged=str(error))
        except (OSError, UnicodeDecodeError) as error:
            return cls(path, damaged=f"{path}: cannot be read ({error})")
        try:
            return parse_study(content, path)
        except StudyError as error:
            return cls(path, damaged=str(error))

    def document(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "cards": {str(key): card.to_dict() for key, card in self.cards.items()},
            "marked": sorted(self.marked),
            "log": [record.record() for record in self.log],
        }

    def save(self) -> Path | None:
        """Write the store, merged with what another window saved since (each card keeps its
        most recent review; marks this window changed win). Returns where a damaged file was
        set aside, if it was. Raises OSError when the folder cannot be written; the store in
        memory is left as it was, so the caller can report it and the next save can try."""
        kept: Path | None = None
        with locked(self.path):
            if self.damaged and os.path.lexists(self.path):
                kept = set_aside(self.path, "damaged")
            elif os.path.lexists(self.path):
                disk = StudyStore.open(self.path)
                if disk.damaged:
                    # Damaged since this window read it: kept, never overwritten.
                    kept = set_aside(self.path, "damaged")
                else:
                    self._merge(disk)
            write_json(self.path, self.document())
        self.damaged = ""
        self._marked_base = set(self.marked)
        return kept

    def _merge(self, disk: StudyStore) -> None:
        for card_key, card in disk.cards.items():
            mine = self.cards.get(card_key)
            if mine is None or _reviewed(card) > _reviewed(mine):
                self.cards[card_key] = card
        added = self.marked - self._marked_base
        removed = self._marked_base - self.marked
        self.marked = (disk.marked | added) - removed
        seen = {(str(r.key), r.log.review_datetime) for r in self.log}
        extra = [r for r in disk.log if (str(r.key), r.log.review_datetime) not in seen]
        merged = sorted([*self.log, *extra], key=lambda r: r.log.review_datetime)
        self.log = merged[-LOG_LIMIT:]

    def toggle_mark(self, entry_id: str) -> bool:
        """Mark an entry for study, or unmark it; True when it is now marked."""
        if entry_id in self.marked:
            self.marked.discard(entry_id)
            return False
        self.marked.add(entry_id)
        return True


def _reviewed(card: Card) -> datetime:
    return card.last_review or datetime.min.replace(tzinfo=UTC)


def parse_study(content: str, path: Path) -> StudyStore:
    """The store a study file holds. Raises StudyError at the first fault: a file that is
    partly wrong is not trusted in part, but set aside whole on the next save."""
    try:
        document = json.loads(content)
    except (ValueError, RecursionError) as error:
        raise StudyError(f"{path}: not a study file ({error})") from None
    if not isinstance(document, dict) or document.get("version") != VERSION:
        raise StudyError(f"{path}: not a study file of version {VERSION}")
    cards = document.get("cards", {})
    marked = document.get("marked", [])
    log = document.get("log", [])
    if not isinstance(cards, dict):
        raise StudyError(f"{path}: 'cards' must be a mapping")
    if not isinstance(marked, list) or not all(isinstance(item, str) for item in marked):
        raise StudyError(f"{path}: 'marked' must be a list of entry ids")
    if not isinstance(log, list):
        raise StudyError(f"{path}: 'log' must be a list")
    store = StudyStore(path, marked=set(marked))
    for name, data in cards.items():
        try:
            store.cards[CardKey.parse(name)] = _card(data)
        except (KeyError, TypeError, ValueError) as error:
            raise StudyError(f"{path}: card {name!r} is damaged ({_reason(error)})") from None
    for number, data in enumerate(log, start=1):
        try:
            store.log.append(ReviewRecord.from_record(data))
        except (KeyError, TypeError, ValueError) as error:
            raise StudyError(
                f"{path}: review {number} of the log is damaged ({_reason(error)})"
            ) from None
    return store


# What to study ------------------------------------------------------------------------------

WORD_CARD = "word:"
"""Before the lemma key in the entry id of a card of a word the learner is learning."""


def word_card_id(lemma_key: str) -> str:
    """The entry id of a word's cards. A lemma id may hold "|" (Buckwalter's alef madda),
    which separates the direction in the file: it is escaped."""
    return WORD_CARD + lemma_key.replace("%", "%25").replace("|", "%7C")


def lemma_of_card(entry_id: str) -> str | None:
    """The lemma key of a word card's entry id; None for a glossary entry's."""
    if not entry_id.startswith(WORD_CARD):
        return None
    return entry_id[len(WORD_CARD) :].replace("%7C", "|").replace("%25", "%")


def tag_entry_ids(glossary: Glossary, tag: str) -> list[str]:
    return [entry.id for entry in glossary.entries if tag in entry.tags]


def marked_entry_ids(glossary: Glossary, store: StudyStore) -> list[str]:
    """The marked entries in glossary order; marks on entries since removed are left out."""
    return [entry.id for entry in glossary.entries if entry.id in store.marked]


# Scheduling ---------------------------------------------------------------------------------


def due(
    store: StudyStore,
    entry_ids: Iterable[str],
    directions: Iterable[str] = DIRECTIONS,
    now: datetime | None = None,
    limit: int = NEW_CARDS_PER_SESSION,
) -> list[CardKey]:
    """The cards to ask now: those due, longest overdue first, then up to `limit` new ones.

    New cards are taken entry by entry (a new term comes in every direction asked) in the
    order of `entry_ids`, then grouped by direction, so the two sides of one term are not
    asked back to back: the second would be answered by the first."""
    now = _utc(now)
    ways = list(dict.fromkeys(directions))
    keys = [CardKey(entry_id, way) for entry_id in dict.fromkeys(entry_ids) for way in ways]
    reviews = sorted(
        (store.cards[key].due, key)
        for key in keys
        if key in store.cards and store.cards[key].due <= now
    )
    new = [key for key in keys if key not in store.cards][: max(limit, 0)]
    new.sort(key=lambda key: ways.index(key.direction))
    return [key for _, key in reviews] + new


def due_count(store: StudyStore, entry_ids: Iterable[str], now: datetime | None = None) -> int:
    """Cards of these entries, in any direction, already being learnt and due now. New cards
    are not counted: every text would otherwise show a badge before the learner ever studied."""
    now = _utc(now)
    wanted = set(entry_ids)
    return sum(1 for key, card in store.cards.items() if key.entry_id in wanted and card.due <= now)


@dataclass(frozen=True)
class ReviewResult:
    key: CardKey
    rating: Rating
    reviewed: datetime
    due: datetime
    """When the card is next due."""

    @property
    def interval(self) -> timedelta:
        return self.due - self.reviewed


def _new_card_id(store: StudyStore, now: datetime) -> int:
    """fsrs's convention (epoch milliseconds at creation), kept unique within the store: fsrs
    would read the wall clock and sleep a millisecond to the same end."""
    last = max((card.card_id for card in store.cards.values()), default=0)
    return max(int(now.timestamp() * 1000), last + 1)


def review(
    store: StudyStore,
    key: CardKey,
    rating: Rating,
    now: datetime | None = None,
    scheduler: Scheduler = SCHEDULER,
) -> ReviewResult:
    """Record an answer in the store (in memory: the caller saves, after every answer)."""
    now = _utc(now)
    card = store.cards.get(key)
    if card is None:
        card = Card(card_id=_new_card_id(store, now), due=now)
    card, log = scheduler.review_card(card, rating, now)
    store.cards[key] = card
    store.log.append(ReviewRecord(key, log))
    del store.log[:-LOG_LIMIT]
    return ReviewResult(key, rating, now, card.due)


def earliest_due(store: StudyStore, entry_ids: Iterable[str]) -> datetime | None:
    """When the first of these entries' cards is due, among every card of the store (not
    only those answered in a session): what a summary's "next card due" means."""
    wanted = set(entry_ids)
    return min(
        (card.due for key, card in store.cards.items() if key.entry_id in wanted), default=None
    )


def previews(
    store: StudyStore, key: CardKey, now: datetime | None = None, scheduler: Scheduler = SCHEDULER
) -> dict[Rating, timedelta]:
    """The interval each rating would give the card now (nothing is recorded): what Anki
    shows on its buttons. Without fuzz, so the figures are the scheduler's own."""
    now = _utc(now)
    card = store.cards.get(key) or Card(card_id=1, due=now)
    plain = Scheduler(
        parameters=scheduler.parameters,
        desired_retention=scheduler.desired_retention,
        learning_steps=scheduler.learning_steps,
        relearning_steps=scheduler.relearning_steps,
        maximum_interval=scheduler.maximum_interval,
        enable_fuzzing=False,
    )
    found = {}
    for rating in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy):
        after, _ = plain.review_card(copy.deepcopy(card), rating, now)
        found[rating] = after.due - now
    return found


def interval_label(interval: timedelta) -> str:
    """An interval as Anki writes it on a button: <1m, 6m, 3h, 1d, 4d, 2mo, 1.5y."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30)}mo"
    return f"{days / 365:.1f}y"


@dataclass(frozen=True)
class SessionSummary:
    """What a session came to. An answer rated Again counts as wrong, any other as correct,
    whether it was typed and judged or graded by the learner."""

    reviewed: int
    correct: int
    wrong: int
    by_rating: dict[Rating, int]
    next_due: datetime | None
    """The earliest time a card answered in the session is due again."""

    @classmethod
    def of(cls, results: Iterable[ReviewResult]) -> SessionSummary:
        """From the session's results in the order they were given (a card answered twice is
        next due when its last answer says)."""
        by_rating = dict.fromkeys(Rating, 0)
        next_due: dict[CardKey, datetime] = {}
        for result in results:
            by_rating[result.rating] += 1
            next_due[result.key] = result.due
        reviewed = sum(by_rating.values())
        wrong = by_rating[Rating.Again]
        return cls(
            reviewed, reviewed - wrong, wrong, by_rating, min(next_due.values(), default=None)
        )


# Checking typed answers ---------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    correct: bool
    expected: str
    """The entry's main form in the language asked for, to show after the answer."""
    suggested: Rating | None
    """Good when correct, Again when not; None when nothing was typed: the learner rates."""
    forgiven: tuple[str, ...] = ()
    """What a learner's keyboard did that was let pass (ى for ي, a typo), to say so."""

    @property
    def self_graded(self) -> bool:
        return self.suggested is None


TYPO_MIN_LETTERS = 6
"""A word this long may have one typo (a letter missing, added, changed or two swapped)."""


def _english_words(text: str) -> list[str]:
    """English as compared: case and punctuation left out, and a leading article."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) > 1 and words[0] in _ENGLISH_ARTICLES:
        words = words[1:]
    return words


def _english_key(text: str) -> str:
    """English as compared: case, punctuation, hyphens and spaces, and a leading article
    left out ("The counter terrorism." meets "counter-terrorism")."""
    return "".join(_english_words(text))


_KEEP_MAQSURA = str.maketrans({"\u0649": "\u06d2"})
"""ى kept apart from ي while folding (as a letter folding leaves alone), to tell whether an
answer was let pass for writing one for the other."""
_FINAL_HEH = re.compile("\u0647\\b")


def _arabic_words(text: str, *, maqsura: bool = True, final_ta: bool = False) -> list[str]:
    """Arabic as compared: folded (vowel marks, hamza and alef forms, presentation forms,
    tatweel), the article of every word left out: the glossary writes a lemma without it
    (إرهاب, تعاون دولي) and learners often give the words as the text has them (الإرهاب,
    التعاون الدولي), or the reverse. `maqsura` folds ى into ي; `final_ta` a final ه into ة."""
    folded = normalize(text if maqsura else text.translate(_KEEP_MAQSURA))
    if final_ta:
        folded = _FINAL_HEH.sub("\u0629", folded)
    return [key(word) for word in _WORD.findall(folded)]


def _arabic_key(text: str) -> str:
    return "".join(_arabic_words(text))


def _one_typo(given: str, wanted: str) -> bool:
    """At most one letter missing, added, changed, or two neighbours swapped."""
    if given == wanted:
        return True
    if abs(len(given) - len(wanted)) > 1:
        return False
    if len(given) == len(wanted):
        differ = [i for i, (a, b) in enumerate(zip(given, wanted, strict=True)) if a != b]
        if len(differ) == 1:
            return True
        first = differ[0]
        return (
            differ == [first, first + 1]
            and given[first] == wanted[first + 1]
            and (given[first + 1] == wanted[first])
        )
    short, long = sorted((given, wanted), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _number_differs(given: list[str], wanted: list[str]) -> list[tuple[str, str, str]] | None:
    """The words of `wanted` that `given` has in the other number ("participants" for
    "participant"), each as (the word given, "plural" or "singular", the word wanted), or None
    when the two differ otherwise. Said as what it is, not as a typo: a learner meets a
    term's singular in a plural."""
    if len(given) != len(wanted):
        return None
    differs = []
    for mine, right in zip(given, wanted, strict=True):
        if mine == right:
            continue
        if mine == plural(right):
            differs.append((mine, "plural", right))
        elif right == plural(mine):
            differs.append((mine, "singular", right))
        else:
            return None
    return differs


def _typos(given: list[str], wanted: list[str]) -> list[str] | None:
    """The words of `wanted` that `given` has with one typo each (only words of
    `TYPO_MIN_LETTERS` or more may have one), or None when the two are not that close."""
    if len(given) != len(wanted):
        return None
    typos = []
    for mine, right in zip(given, wanted, strict=True):
        if mine == right:
            continue
        if len(right) < TYPO_MIN_LETTERS or not _one_typo(mine, right):
            return None
        typos.append(right)
    return typos


def check_forms(expected: str, forms: Iterable[str], language: str, answer: str) -> Judgement:
    """Judge a typed answer against the accepted forms in `language` ("ar" or "en"),
    forgiving what a learner's keyboard does, and saying what was forgiven."""
    if not answer.strip():
        return Judgement(False, expected, None)
    forms = [form for form in forms if form.strip()]
    if language == "en":
        given = _english_words(answer)
        if not given:
            return Judgement(False, expected, Rating.Again)
        if any("".join(given) == _english_key(form) for form in forms):
            return Judgement(True, expected, Rating.Good)
        wanted_forms = [_english_words(form) for form in forms]
    else:
        given = _arabic_words(answer)
        if not "".join(given):
            return Judgement(False, expected, Rating.Again)
        strict = "".join(_arabic_words(answer, maqsura=False))
        for form in forms:
            if strict == "".join(_arabic_words(form, maqsura=False)):
                return Judgement(True, expected, Rating.Good)
        for form in forms:
            if "".join(given) == _arabic_key(form):
                return Judgement(True, expected, Rating.Good, ("ى for ي",))
        given = _arabic_words(answer, final_ta=True)
        for form in forms:
            if "".join(given) == "".join(_arabic_words(form, final_ta=True)):
                return Judgement(True, expected, Rating.Good, ("ه for ة at the end",))
        wanted_forms = [_arabic_words(form, final_ta=True) for form in forms]
    if language == "en":
        for wanted in wanted_forms:
            numbers = _number_differs(given, wanted)
            if numbers:
                said = tuple(f"{mine}, the {kind} of {right}" for mine, kind, right in numbers)
                return Judgement(True, expected, Rating.Good, said)
    for wanted in wanted_forms:
        typos = _typos(given, wanted)
        if typos:
            said = tuple(f"a typo in {word}" for word in typos)
            return Judgement(True, expected, Rating.Good, said)
    return Judgement(False, expected, Rating.Again)


def check_answer(entry: Entry, direction: str, answer: str) -> Judgement:
    """Judge a typed answer against the entry's forms in the language asked for."""
    if direction == "ar-en":
        return check_forms(entry.en, entry.english_forms, "en", answer)
    if direction == "en-ar":
        return check_forms(entry.ar, entry.arabic_forms, "ar", answer)
    raise ValueError(f"direction '{direction}' is not one of: {', '.join(DIRECTIONS)}")
