"""A text's words and their likeliest lemmas kept in the cache folder (`kept_text_words`): a
book opened again reads them back without the lexicon, the learner's chosen readings still
apply, and a damaged, stale or foreign entry is a miss, never wrong colours."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui_reader.core import cache, dictionary, library, statuses
from tui_reader.core.library import add_text, delete_text
from tui_reader.core.statuses import (
    WORDS_CACHE,
    StatusStore,
    kept_text_words,
    readings,
    text_words,
)

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


@pytest.fixture(autouse=True)
def cache_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the words of texts of any size, so the bundled article stands in for a book."""
    monkeypatch.setattr(cache, "CACHE_FROM_BYTES", 0)


def _arabic() -> list[str]:
    return [segment.ar for segment in ARTICLE]


def _entries(user_dirs: dict[str, Path]) -> list[Path]:
    folder = user_dirs["cache"]
    return sorted(folder.glob(f"{WORDS_CACHE}-*.bin")) if folder.is_dir() else []


def _no_look_up(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("looked a word up although its lemma was kept")

    monkeypatch.setattr(dictionary, "lookup", refuse)
    monkeypatch.setattr(statuses, "_readings", {})


def _same(first: statuses.TextWords, second: statuses.TextWords) -> None:
    assert list(first) == list(second)
    assert first.keys == second.keys
    assert list(first.running) == list(second.running)


def test_a_text_opened_again_reads_its_words_back_without_looking_them_up(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = kept_text_words(_arabic(), {})
    assert first is not None
    _same(first, text_words(_arabic(), {}))
    assert len(_entries(user_dirs)) == 1
    _no_look_up(monkeypatch)
    again = kept_text_words(_arabic(), {})
    assert again is not None
    _same(again, first)


def test_the_learners_chosen_readings_apply_to_the_kept_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kept_text_words(_arabic(), {})
    store = StatusStore.open()
    other = readings("قطر")[1].key
    store.choose("قطر", other)
    found = kept_text_words(_arabic(), store.chosen)
    assert found is not None
    _same(found, text_words(_arabic(), store.chosen))
    assert (0, 3, other) in found[0]


@pytest.mark.parametrize(
    "damage",
    [
        lambda content: content[: len(content) // 2],
        lambda content: b"",
        lambda content: b"x y z\n" + content,
        lambda content: b"1 3 2\n\xff" + content[-20:],
        # Sizes that add up, one of them negative.
        lambda content: b"-4 3 2\n" + b"\0" * 16,
    ],
)
def test_a_damaged_entry_is_a_miss(user_dirs: dict[str, Path], damage: object) -> None:
    first = kept_text_words(_arabic(), {})
    assert first is not None
    (entry,) = _entries(user_dirs)
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    again = kept_text_words(_arabic(), {})
    assert again is not None
    _same(again, first)


def test_lemma_numbers_past_the_keys_are_a_miss(user_dirs: dict[str, Path]) -> None:
    first = kept_text_words(_arabic(), {})
    assert first is not None
    (entry,) = _entries(user_dirs)
    content = entry.read_bytes()
    head, _, rest = content.partition(b"\n")
    keys_size = int(head.split()[0])
    # One lemma key fewer, the spans unchanged: the last lemma number points past the keys.
    keys = rest[:keys_size].rsplit(b"\n", 1)[0]
    sizes = head.split()
    damaged = b" ".join([str(len(keys)).encode(), *sizes[1:]]) + b"\n" + keys + rest[keys_size:]
    entry.write_bytes(damaged)
    again = kept_text_words(_arabic(), {})
    assert again is not None
    _same(again, first)


def test_another_lexicon_or_other_arabic_is_a_miss(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    kept_text_words(_arabic(), {})
    monkeypatch.setattr(dictionary, "stamp", lambda: "another lexicon")
    kept_text_words(_arabic(), {})
    assert len(_entries(user_dirs)) == 2
    # The same characters cut into other segments are another text.
    joined = ["".join(_arabic()[:2]), *_arabic()[2:]]
    kept_text_words(joined, {})
    assert len(_entries(user_dirs)) == 3


def test_a_cancelled_look_up_gives_nothing_and_keeps_nothing(
    user_dirs: dict[str, Path],
) -> None:
    assert kept_text_words(_arabic(), {}, lambda: True) is None
    assert _entries(user_dirs) == []


def test_small_texts_are_looked_up_and_not_kept(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CACHE_FROM_BYTES", 1024 * 1024)
    assert kept_text_words(_arabic(), {}) is not None
    assert _entries(user_dirs) == []


def test_a_deleted_text_leaves_no_kept_words(user_dirs: dict[str, Path]) -> None:
    add_text(replace(ARTICLE, id="mine"))
    kept_text_words(_arabic(), {})
    assert len(_entries(user_dirs)) == 1
    delete_text("mine")
    assert _entries(user_dirs) == []
