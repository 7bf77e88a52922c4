"""Studying glossary terms: judging typed answers, FSRS scheduling, and the study store
(versioned JSON, atomic, damaged files kept). The clock is injected and FSRS's fuzz is off, so
every date here is fixed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Rating, Scheduler, State

from tui_reader.core import library, study
from tui_reader.core.glossary import Entry, load_glossary, occurrences
from tui_reader.core.study import (
    CardKey,
    ReviewResult,
    SessionSummary,
    StudyStore,
    check_answer,
    due,
    due_count,
    marked_entry_ids,
    review,
    study_path,
    tag_entry_ids,
)
from tui_reader.paths import bundled_glossary_path

GLOSSARY = load_glossary(bundled_glossary_path())
FSRS = Scheduler(enable_fuzzing=False)
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
LEARNING = FSRS.learning_steps
IDS = ["terrorism", "extremism", "recruitment", "incitement", "financing", "crime"]


def _entry(entry_id: str) -> Entry:
    return GLOSSARY.by_id[entry_id]


def _review(store: StudyStore, key: CardKey, rating: Rating, now: datetime) -> ReviewResult:
    return review(store, key, rating, now, FSRS)


# Judging typed answers ----------------------------------------------------------------------

ENGLISH = [
    ("counter-terrorism", "counter-terrorism", True),
    ("counter-terrorism", "Counter Terrorism", True),
    ("counter-terrorism", "counterterrorism", True),
    ("counter-terrorism", "  The counter-terrorism. ", True),
    ("counter-terrorism", "COUNTERING TERRORISM", True),  # a variant
    ("counter-terrorism", "CT", True),  # an abbreviation among the variants
    ("counter-terrorism", "terrorism", False),
    ("counter-terrorism", "counter-terror", False),
    ("taliban", "the Taliban", True),
    ("taliban", "taliban!", True),
    ("al-qaida", "al qaida", True),
    ("al-qaida", "Al-Qaeda", False),  # not UN English: in the entry's avoid list
    ("al-qaida", "the al-Qaida", True),
    ("al-qaida", "Qaida", False),
    ("isil", "ISIL (Da'esh)", True),
    ("isil", "isil daesh", True),
    ("isil", "Da’esh", True),  # a typographic apostrophe
    ("isil", "ISIS", False),  # not UN English: in the entry's avoid list
    ("isil", "Islamic State", False),
    ("terrorist-act", "a terrorist act", True),
    ("terrorist-act", "an act of terrorism", True),
    ("terrorist-act", "terrorist attack", False),
    ("terrorism", "a", False),
]


@pytest.mark.parametrize(("entry_id", "answer", "correct"), ENGLISH)
def test_english_answers(entry_id: str, answer: str, correct: bool) -> None:
    judgement = check_answer(_entry(entry_id), "ar-en", answer)
    assert judgement.correct is correct
    assert judgement.suggested == (Rating.Good if correct else Rating.Again)
    assert judgement.expected == _entry(entry_id).en
    assert not judgement.self_graded


ARABIC = [
    ("terrorism", "إرهاب", True),
    ("terrorism", "ارهاب", True),  # no hamza
    ("terrorism", "إِرْهَاب", True),  # vowel marks
    ("terrorism", "الإرهاب", True),  # the article
    ("terrorism", "الارهاب", True),
    ("terrorism", "ﺇﺭﻫﺎﺏ", True),  # presentation forms
    ("terrorism", "إرهـــاب", True),  # tatweel
    ("terrorism", " إرهاب. ", True),
    ("terrorism", "إرهابي", False),
    ("terrorism", "تطرف", False),
    ("counter-terrorism", "مكافحة الإرهاب", True),
    ("counter-terrorism", "مُكَافَحَة الارهاب", True),
    ("counter-terrorism", "التصدي للإرهاب", True),  # a variant
    ("counter-terrorism", "مكافحة", False),
    ("counter-terrorism", "مكافحة التطرف", False),
    ("al-qaida", "القاعدة", True),
    ("al-qaida", "قاعدة", True),
    ("isil", "داعش", True),
    ("isil", "الدولة الاسلامية", True),
]


@pytest.mark.parametrize(("entry_id", "answer", "correct"), ARABIC)
def test_arabic_answers(entry_id: str, answer: str, correct: bool) -> None:
    judgement = check_answer(_entry(entry_id), "en-ar", answer)
    assert judgement.correct is correct
    assert judgement.suggested == (Rating.Good if correct else Rating.Again)
    assert judgement.expected == _entry(entry_id).ar


@pytest.mark.parametrize("answer", ["", "   ", "\n"])
def test_an_empty_answer_is_for_the_learner_to_grade(answer: str) -> None:
    judgement = check_answer(_entry("counter-terrorism"), "ar-en", answer)
    assert judgement.self_graded
    assert judgement.suggested is None
    assert not judgement.correct
    assert judgement.expected == "counter-terrorism"


def test_an_unknown_direction_is_refused() -> None:
    with pytest.raises(ValueError, match="direction"):
        check_answer(_entry("terrorism"), "ar-fr", "terrorism")
    with pytest.raises(ValueError, match="direction"):
        CardKey("terrorism", "ar-fr")


# Scheduling ---------------------------------------------------------------------------------


def test_new_cards_come_first_time_each_term_in_every_direction_within_the_limit() -> None:
    store = StudyStore.open()
    assert due(store, IDS[:3], now=T0) == [
        CardKey("terrorism", "ar-en"),
        CardKey("extremism", "ar-en"),
        CardKey("recruitment", "ar-en"),
        CardKey("terrorism", "en-ar"),
        CardKey("extremism", "en-ar"),
        CardKey("recruitment", "en-ar"),
    ]
    # Four new cards: two terms, each asked both ways, the two sides of a term apart.
    assert due(store, IDS, now=T0, limit=4) == [
        CardKey("terrorism", "ar-en"),
        CardKey("extremism", "ar-en"),
        CardKey("terrorism", "en-ar"),
        CardKey("extremism", "en-ar"),
    ]
    assert due(store, IDS, ["en-ar"], T0, limit=2) == [
        CardKey("terrorism", "en-ar"),
        CardKey("extremism", "en-ar"),
    ]
    assert due(store, IDS, now=T0, limit=0) == []


def test_after_good_a_card_is_not_due_until_its_interval_has_passed() -> None:
    store = StudyStore.open()
    key = CardKey("terrorism", "ar-en")
    first = _review(store, key, Rating.Good, T0)
    assert first.interval == LEARNING[1]
    assert first.due == T0 + LEARNING[1]
    assert key not in due(store, ["terrorism"], now=T0 + LEARNING[1] - timedelta(seconds=1))
    assert due(store, ["terrorism"], ["ar-en"], T0 + LEARNING[1]) == [key]

    second = _review(store, key, Rating.Good, first.due)
    assert store.cards[key].state == State.Review
    assert second.interval >= timedelta(days=1)
    assert due(store, ["terrorism"], ["ar-en"], second.due - timedelta(minutes=1)) == []
    assert due(store, ["terrorism"], ["ar-en"], second.due) == [key]


def test_again_makes_a_card_due_again_soon() -> None:
    store = StudyStore.open()
    key = CardKey("extremism", "en-ar")
    result = _review(store, key, Rating.Again, T0)
    assert result.interval == LEARNING[0]
    assert due(store, ["extremism"], ["en-ar"], T0 + LEARNING[0]) == [key]

    # A card already learnt and then forgotten comes back after the relearning step.
    result = _review(store, key, Rating.Easy, T0 + LEARNING[0])
    assert result.interval >= timedelta(days=1)
    forgotten = _review(store, key, Rating.Again, result.due)
    assert store.cards[key].state == State.Relearning
    assert forgotten.interval == FSRS.relearning_steps[0]
    assert due(store, ["extremism"], ["en-ar"], forgotten.due) == [key]


def _expected_from_disk(path: Path, keys: list[CardKey], now: datetime) -> list[CardKey]:
    """What should be due, read from the stored fsrs due dates alone: due ones oldest first
    (ties by entry id, then direction), then the cards never reviewed."""
    stored = json.loads(path.read_text(encoding="utf-8"))["cards"]
    dates = {
        key: datetime.fromisoformat(stored[str(key)]["due"]) for key in keys if str(key) in stored
    }
    overdue = sorted(
        (key for key, date in dates.items() if date <= now),
        key=lambda key: (dates[key], key.entry_id, key.direction),
    )
    never = [key for key in keys if key not in dates]
    never.sort(key=lambda key: study.DIRECTIONS.index(key.direction))
    return overdue + never


def test_the_next_days_due_cards_are_the_ones_fsrs_stored() -> None:
    store = StudyStore.open()
    plan = [Rating.Good, Rating.Again, Rating.Easy, Rating.Hard]
    first: dict[CardKey, Rating] = {}
    # Today's session: every new card once, then the short-step cards as they come back.
    for index, key in enumerate(due(store, IDS, now=T0)):
        first[key] = plan[index % len(plan)]
        _review(store, key, first[key], T0)
        store.save()
    later = T0 + timedelta(minutes=15)
    for key in due(store, IDS, now=later):
        _review(store, key, Rating.Good, later)
        store.save()
    later = T0 + timedelta(minutes=30)
    for key in due(store, IDS, now=later):
        if first[key] == Rating.Again:
            _review(store, key, Rating.Good, later)
            store.save()

    reopened = StudyStore.open()
    assert not reopened.damaged
    studied = [*IDS, "terrorist", "extremist"]  # two terms not met yet
    keys = [CardKey(entry_id, way) for entry_id in studied for way in study.DIRECTIONS]
    seen: list[list[CardKey]] = []
    for after in (timedelta(days=1), timedelta(days=1, hours=1), timedelta(days=2, hours=1)):
        now = T0 + after
        expected = _expected_from_disk(study_path(), keys, now)
        assert due(reopened, studied, now=now) == expected
        assert len(expected) > 4 and expected[-4:] == [
            CardKey("terrorist", "ar-en"),
            CardKey("extremist", "ar-en"),
            CardKey("terrorist", "en-ar"),
            CardKey("extremist", "en-ar"),
        ]
        assert due_count(reopened, studied, now) == len(expected) - 4
        seen.append(expected)
    # And what that comes to, so the check above is not trivially "everything" or "nothing":
    # cards still in their learning steps come back first, then those that graduated at
    # 30 minutes (one day), then at 15 minutes (two days); those rated Easy not for days.
    rated = {
        rating: {key for key, first_rating in first.items() if first_rating == rating}
        for rating in plan
    }
    assert set(seen[0][:-4]) == rated[Rating.Hard]
    assert set(seen[1][:-4]) == rated[Rating.Hard] | rated[Rating.Again]
    assert set(seen[2][:-4]) == rated[Rating.Hard] | rated[Rating.Again] | rated[Rating.Good]


def test_due_count_counts_cards_being_learnt_that_are_due() -> None:
    store = StudyStore.open()
    assert due_count(store, IDS, T0) == 0  # new cards are not counted
    _review(store, CardKey("terrorism", "ar-en"), Rating.Good, T0)
    _review(store, CardKey("terrorism", "en-ar"), Rating.Again, T0)
    _review(store, CardKey("extremism", "ar-en"), Rating.Easy, T0)
    assert due_count(store, IDS, T0) == 0
    assert due_count(store, IDS, T0 + LEARNING[0]) == 1
    assert due_count(store, IDS, T0 + LEARNING[1]) == 2
    assert due_count(store, ["extremism"], T0 + LEARNING[1]) == 0
    assert due_count(store, IDS, T0 + timedelta(days=365)) == 3
    assert due_count(store, ["crime"], T0 + timedelta(days=365)) == 0


def test_the_session_summary() -> None:
    store = StudyStore.open()
    a, b, c = (CardKey(entry_id, "ar-en") for entry_id in IDS[:3])
    results = [
        _review(store, a, Rating.Good, T0),
        _review(store, b, Rating.Again, T0),
        _review(store, c, Rating.Easy, T0),
        _review(store, b, Rating.Hard, T0 + timedelta(minutes=2)),
    ]
    summary = SessionSummary.of(results)
    assert (summary.reviewed, summary.correct, summary.wrong) == (4, 3, 1)
    assert summary.by_rating == {Rating.Again: 1, Rating.Hard: 1, Rating.Good: 1, Rating.Easy: 1}
    # b's last answer (Hard, at minute 2) sets its date, not its first (Again, at minute 0).
    assert summary.next_due == min(store.cards[a].due, store.cards[b].due, store.cards[c].due)
    assert summary.next_due == results[3].due
    empty = SessionSummary.of([])
    assert (empty.reviewed, empty.next_due) == (0, None)


def test_times_must_carry_a_zone_and_any_zone_is_taken_as_utc() -> None:
    store = StudyStore.open()
    key = CardKey("terrorism", "ar-en")
    with pytest.raises(ValueError, match="time zone"):
        due(store, IDS, now=datetime(2025, 3, 1, 9, 0))
    dushanbe = timezone(timedelta(hours=5))
    result = _review(store, key, Rating.Good, T0.astimezone(dushanbe))
    assert result.reviewed == T0
    assert result.due.tzinfo == UTC


def test_the_log_keeps_the_latest_reviews(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(study, "LOG_LIMIT", 3)
    store = StudyStore.open()
    for minute in range(5):
        _review(store, CardKey("crime", "ar-en"), Rating.Good, T0 + timedelta(minutes=minute))
    assert [record.log.review_datetime for record in store.log] == [
        T0 + timedelta(minutes=minute) for minute in (2, 3, 4)
    ]


# What to study ------------------------------------------------------------------------------


def test_marking_terms_for_study() -> None:
    store = StudyStore.open()
    assert store.toggle_mark("extremism") is True
    assert store.toggle_mark("terrorism") is True
    assert store.toggle_mark("gone-from-the-glossary") is True
    assert marked_entry_ids(GLOSSARY, store) == ["terrorism", "extremism"]  # glossary order
    assert store.toggle_mark("extremism") is False
    store.save()
    reopened = StudyStore.open()
    assert reopened.marked == {"terrorism", "gone-from-the-glossary"}
    assert marked_entry_ids(GLOSSARY, reopened) == ["terrorism"]
    assert due(reopened, marked_entry_ids(GLOSSARY, reopened), now=T0) == [
        CardKey("terrorism", "ar-en"),
        CardKey("terrorism", "en-ar"),
    ]


def test_entries_of_a_text_and_of_a_tag() -> None:
    article = library.open_text(library.DEFAULT_TEXT_ID)
    ids = list(occurrences(GLOSSARY.find(segment.ar) for segment in article))
    assert len(ids) == len(set(ids)) > 10
    first = GLOSSARY.find(article.segments[0].ar) or GLOSSARY.find(article.segments[1].ar)
    assert ids[0] == first[0].entry.id
    assert "counter-terrorism" in ids
    tagged = tag_entry_ids(GLOSSARY, "extremism")
    assert tagged and all("extremism" in GLOSSARY.by_id[entry_id].tags for entry_id in tagged)
    assert tag_entry_ids(GLOSSARY, "no such tag") == []


# The store ----------------------------------------------------------------------------------


def test_the_store_round_trips_through_its_file() -> None:
    store = StudyStore.open()
    _review(store, CardKey("terrorism", "ar-en"), Rating.Good, T0)
    _review(store, CardKey("terrorism", "en-ar"), Rating.Again, T0)
    _review(store, CardKey("terrorism", "en-ar"), Rating.Good, T0 + timedelta(minutes=1))
    store.toggle_mark("financing")
    assert store.save() is None

    raw = study_path().read_text(encoding="utf-8")
    document = json.loads(raw)
    assert raw == json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert document["version"] == 1
    assert sorted(document["cards"]) == ["terrorism|ar-en", "terrorism|en-ar"]
    assert document["marked"] == ["financing"]
    assert [(r["card"], r["rating"]) for r in document["log"]] == [
        ("terrorism|ar-en", 3),
        ("terrorism|en-ar", 1),
        ("terrorism|en-ar", 3),
    ]
    ids = {card["card_id"] for card in document["cards"].values()}
    assert len(ids) == 2  # unique although both were created at the same instant

    reopened = StudyStore.open()
    assert reopened.cards == store.cards
    assert reopened.marked == store.marked
    assert reopened.log == store.log
    assert reopened.document() == document


DAMAGED = [
    ("not json {", "not a study file"),
    ('{"version": 2, "cards": {}}', "version 1"),
    ("[]", "version 1"),
    ('{"version": 1, "cards": []}', "'cards' must be a mapping"),
    ('{"version": 1, "marked": "terrorism"}', "'marked'"),
    ('{"version": 1, "log": {}}', "'log' must be a list"),
    ('{"version": 1, "cards": {"terrorism": {}}}', "card 'terrorism'"),
    ('{"version": 1, "cards": {"terrorism|ar-fr": {}}}', "card 'terrorism|ar-fr'"),
    ('{"version": 1, "cards": {"terrorism|ar-en": {"card_id": 1}}}', "missing"),
    ('{"version": 1, "log": [{"card": "terrorism|ar-en"}]}', "review 1 of the log"),
]


def _stored_card(**changes: object) -> dict[str, object]:
    card: dict[str, object] = {
        "card_id": 1,
        "state": 2,
        "step": None,
        "stability": 3.0,
        "difficulty": 5.0,
        "due": "2025-03-03T09:00:00+00:00",
        "last_review": "2025-03-01T09:00:00+00:00",
    }
    card.update(changes)
    return card


@pytest.mark.parametrize(
    "card",
    [
        _stored_card(due="2025-03-03T09:00:00"),  # no time zone
        _stored_card(state=9),
        _stored_card(step=1),  # a step in the Review state
        _stored_card(state=3, step=None),  # relearning, at no step
        _stored_card(last_review=None),
        _stored_card(due=20250303),
    ],
)
def test_a_card_that_the_scheduler_could_not_use_makes_the_file_damaged(
    card: dict[str, object],
) -> None:
    path = study_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "cards": {"terrorism|ar-en": card}}), "utf-8")
    assert "card 'terrorism|ar-en' is damaged" in StudyStore.open().damaged


def test_a_sound_hand_written_card_is_read_in_utc() -> None:
    path = study_path()
    path.parent.mkdir(parents=True)
    card = _stored_card(due="2025-03-03T14:00:00+05:00")
    path.write_text(json.dumps({"version": 1, "cards": {"terrorism|ar-en": card}}), "utf-8")
    store = StudyStore.open()
    assert not store.damaged
    assert store.cards[CardKey("terrorism", "ar-en")].due == datetime(2025, 3, 3, 9, tzinfo=UTC)
    assert due_count(store, ["terrorism"], datetime(2025, 3, 3, 9, tzinfo=UTC)) == 1


@pytest.mark.parametrize(("content", "reason"), DAMAGED)
def test_a_damaged_file_is_kept_untouched_and_set_aside_on_save(content: str, reason: str) -> None:
    path = study_path()
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    store = StudyStore.open()
    assert store.damaged.startswith(str(path))
    assert reason in store.damaged
    assert store.cards == {} and store.marked == set() and store.log == []
    assert path.read_text(encoding="utf-8") == content  # opening wrote nothing

    _review(store, CardKey("terrorism", "ar-en"), Rating.Good, T0)
    set_aside = store.save()
    assert set_aside is not None
    assert set_aside.name.startswith("study.json.damaged-")
    assert set_aside.read_text(encoding="utf-8") == content
    assert store.damaged == ""
    assert list(StudyStore.open().cards) == [CardKey("terrorism", "ar-en")]
    assert store.save() is None  # set aside once only


def test_a_file_that_is_not_utf8_is_damaged() -> None:
    path = study_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"version": 1, "marked": ["\xff"]}')
    assert "cannot be read" in StudyStore.open().damaged


def test_an_unwritable_data_folder_raises_and_keeps_the_store_in_memory(
    user_dirs: dict[str, Path],
) -> None:
    store = StudyStore.open()
    key = CardKey("terrorism", "ar-en")
    _review(store, key, Rating.Good, T0)
    store.toggle_mark("terrorism")
    before = store.document()
    user_dirs["data"].write_text("a file where the data folder should be", encoding="utf-8")
    with pytest.raises(OSError):
        store.save()
    assert store.document() == before
    assert store.damaged == ""

    user_dirs["data"].unlink()
    store.save()  # the next save succeeds with everything kept
    assert StudyStore.open().document() == before


def test_a_definite_phrase_as_the_text_has_it_is_a_correct_answer() -> None:
    from tui_reader.core.glossary import load_glossary
    from tui_reader.core.study import check_answer
    from tui_reader.paths import bundled_glossary_path

    entry = load_glossary(bundled_glossary_path()).by_id["international-cooperation"]
    assert check_answer(entry, "en-ar", "التعاون الدولي").correct
    assert check_answer(entry, "en-ar", "تعاون دولي").correct
    assert not check_answer(entry, "en-ar", "التعاون الإقليمي").correct


# What a learner's keyboard does, forgiven and said (issue 20) -------------------------------


@pytest.mark.parametrize(
    ("expected", "answer", "forgiven"),
    [
        ("مكافحة", "مكافحه", ("ه for ة at the end",)),
        ("مستوى", "مستوي", ("ى for ي",)),
        ("مكافحة", "مكافخة", ("a typo in مكافحة",)),
        ("financing", "financng", ("a typo in financing",)),
        ("financing", "fiannicng", None),  # two typos
        ("crime", "crme", None),  # too short for a typo
        # Another number is said as that, not as a typo.
        ("participant", "participants", ("participants, the plural of participant",)),
        ("terrorist acts", "terrorist act", ("act, the singular of acts",)),
        ("crime", "crimes", ("crimes, the plural of crime",)),
        ("crime", "crime", ()),
        ("إرهاب", "ارهاب", ()),  # hamza forms were always folded, silently
    ],
)
def test_answers_forgive_the_keyboard_and_say_so(
    expected: str, answer: str, forgiven: tuple[str, ...] | None
) -> None:
    language = "en" if expected.isascii() else "ar"
    judgement = study.check_forms(expected, [expected], language, answer)
    if forgiven is None:
        assert not judgement.correct and judgement.suggested == Rating.Again
    else:
        assert judgement.correct and judgement.forgiven == forgiven


def test_the_next_interval_of_each_rating() -> None:
    store = StudyStore(Path("unused"))
    key = CardKey("terrorism", "ar-en")
    shown = study.previews(store, key, T0, FSRS)
    assert [study.interval_label(shown[r]) for r in Rating] == ["1m", "6m", "10m", "8d"]
    assert store.cards == {}  # nothing recorded
    _review(store, key, Rating.Good, T0)
    later = T0 + timedelta(minutes=10)
    _review(store, key, Rating.Good, later)
    shown = study.previews(store, key, later + timedelta(days=2), FSRS)
    assert shown[Rating.Again] < shown[Rating.Hard] < shown[Rating.Good] < shown[Rating.Easy]
    assert study.interval_label(timedelta(seconds=30)) == "<1m"
    assert study.interval_label(timedelta(hours=3)) == "3h"
    assert study.interval_label(timedelta(days=60)) == "2mo"
    assert study.interval_label(timedelta(days=548)) == "1.5y"


def test_the_earliest_due_card_is_over_the_whole_store() -> None:
    store = StudyStore(Path("unused"))
    _review(store, CardKey("terrorism", "ar-en"), Rating.Easy, T0)
    _review(store, CardKey("extremism", "ar-en"), Rating.Good, T0 - timedelta(days=30))
    answered = [_review(store, CardKey("crime", "ar-en"), Rating.Easy, T0)]
    session = SessionSummary.of(answered)
    true = study.earliest_due(store, ["terrorism", "extremism", "crime"])
    assert true == store.cards[CardKey("extremism", "ar-en")].due
    assert session.next_due is not None and true is not None and true < session.next_due
    assert study.earliest_due(store, ["financing"]) is None


def test_a_word_card_id_keeps_a_lemma_key_with_a_bar() -> None:
    lemma_key = "lex:|mAl_1%"
    entry_id = study.word_card_id(lemma_key)
    assert "|" not in entry_id
    assert str(CardKey.parse(str(CardKey(entry_id, "ar-en")))) == f"{entry_id}|ar-en"
    assert study.lemma_of_card(entry_id) == lemma_key
    assert study.lemma_of_card("terrorism") is None
