"""A text's words kept compactly (`TextWords`): the same keys and counts as the tuples of
`segment_keys` and `count`, one lemma recounted alone, and the readings kept bounded."""

from __future__ import annotations

import pytest

from tui_reader.core import library, statuses
from tui_reader.core.normalize import normalize
from tui_reader.core.statuses import (
    IGNORED,
    KNOWN,
    NEW,
    READINGS_KEPT,
    StatusStore,
    count,
    readings,
    segment_keys,
    text_words,
)

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


def _arabic() -> list[str]:
    return [segment.ar for segment in ARTICLE]


def test_the_words_are_those_of_segment_keys() -> None:
    found = text_words(_arabic(), {})
    expected = [segment_keys(arabic, {}) for arabic in _arabic()]
    assert len(found) == len(expected)
    assert [found[index] for index in range(len(found))] == expected
    assert found[-1] == expected[-1] and found[2:5] == expected[2:5]
    with pytest.raises(IndexError):
        found[len(found)]


def test_the_counts_are_those_of_count_and_one_lemma_is_recounted_alone() -> None:
    store = StatusStore.open()
    found = text_words(_arabic(), {})
    expected = [segment_keys(arabic, {}) for arabic in _arabic()]
    first, second, third = (key for _, _, key in expected[0][:3])
    store.set(first, 2)
    store.set(second, KNOWN)
    store.set(third, IGNORED)
    counts = found.counts(store)
    assert counts == count(expected, store)
    for lemma_key, status in ((second, 3), (first, KNOWN), (third, NEW), ("lex:none", KNOWN)):
        before = store.status(lemma_key)
        store.set(lemma_key, status)
        counts = found.recounted(counts, lemma_key, before, status)
        assert counts == count(expected, store)


def test_a_chosen_reading_looks_up_only_its_words_again(monkeypatch: pytest.MonkeyPatch) -> None:
    store = StatusStore.open()
    before = text_words(_arabic(), store.chosen)
    other = readings("قطر")[1].key
    store.choose("قطر", other)
    looked_up: list[str] = []
    reading_of = statuses.reading_of

    def counting(word: str, chosen: dict[str, str]) -> statuses.Reading:
        looked_up.append(word)
        return reading_of(word, chosen)

    monkeypatch.setattr(statuses, "reading_of", counting)
    again = text_words(_arabic(), store.chosen, previous=before, folded=normalize("قطر"))
    assert looked_up and {normalize(word) for word in looked_up} == {normalize("قطر")}
    monkeypatch.setattr(statuses, "reading_of", reading_of)
    assert list(again) == list(text_words(_arabic(), store.chosen))
    assert (0, 3, other) in again[0]


def test_the_readings_kept_are_bounded() -> None:
    words = [f"كتب{'ا' * (n % 7)}{'ب' * (n // 7)}" for n in range(READINGS_KEPT + 50)]
    for word in words:
        readings(word)
    assert len(statuses._readings) <= READINGS_KEPT
    assert words[-1] in statuses._readings
