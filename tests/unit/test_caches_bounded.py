"""Caches that grow with the words met stay bounded: a book opened in the reader meets tens of
thousands of distinct words, and every one kept cost memory for as long as it ran."""

from __future__ import annotations

from tui_reader.core import dictionary, morphology

LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _distinct_words(count: int) -> list[str]:
    return [
        LETTERS[n % 27] + LETTERS[n // 27 % 27] + LETTERS[n // 729 % 27] + "ات"
        for n in range(count)
    ]


def test_morphology_keeps_the_analyses_of_a_few_thousand_words() -> None:
    morphology.analyses.cache_clear()
    for word in _distinct_words(morphology.ANALYSES_KEPT + 500):
        morphology.analyses(word)
    assert morphology.analyses.cache_info().currsize <= morphology.ANALYSES_KEPT <= 4096


def test_the_dictionary_keeps_the_analyses_of_a_few_hundred_words() -> None:
    dictionary._analyse.cache_clear()
    for word in _distinct_words(dictionary.ANALYSES_KEPT + 100):
        dictionary.analyse(word)
    assert dictionary._analyse.cache_info().currsize <= dictionary.ANALYSES_KEPT <= 512
