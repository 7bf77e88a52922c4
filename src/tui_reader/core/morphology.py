"""Clitics and affixes, so that a word as it stands in a text finds its dictionary form.

Works on folded text (see `normalize`). A word is split into proclitics, a stem and suffixes in
every way Arabic grammar allows; the analyses come least-stripped first, because the more a
guess strips, the likelier it is wrong (`كما` is not ك + ما, `وفد` is not و + فد). A stripped
stem keeps at least three letters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tui_reader.core.normalize import fold

ARTICLE = "ال"
MIN_STEM = 3

# Proclitic chains in the order they stack: conjunction, then preposition or future sin, then
# the article; ل + ال is written لل.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ك", "ل")


def _surface(chain: tuple[str, ...]) -> str:
    written = "".join(chain)
    return written.replace("لال", "لل") if chain[-2:] == ("ل", ARTICLE) else written


def _proclitic_chains() -> list[tuple[str, tuple[str, ...]]]:
    """(how it is written, its parts), shortest first."""
    chains: set[tuple[str, ...]] = {()}
    for conjunction in ((), *((c,) for c in _CONJUNCTIONS)):
        for middle in ((), *((p,) for p in _PREPOSITIONS), ("س",)):
            chain = conjunction + middle
            chains.add(chain)
            if middle != ("س",):
                chains.add((*chain, ARTICLE))
    written = [(_surface(chain) if chain else "", chain) for chain in chains]
    return sorted(written, key=lambda item: (len(item[0]), item[1]))


PROCLITIC_CHAINS = _proclitic_chains()

# Suffixes, with the stems they leave: `restore` gives the dictionary forms to try for a stem.
_PRONOUNS = ("ه", "ها", "هم", "هن", "هما", "ك", "كم", "كن", "كما", "نا", "ني", "ي")
_NUMBER = ("ة", "ات", "ان", "ين", "ون", "تان", "تين")


def _restore(stem: str, suffix: tuple[str, ...]) -> list[str]:
    """Dictionary forms of a stem, given what was stripped after it."""
    forms = [stem]
    last = suffix[0] if suffix else ""
    if last in ("ات", "تان", "تين"):
        forms.append(stem + "ة")
    if last in _PRONOUNS and stem.endswith("ت") and not stem.endswith("ات"):
        forms.append(stem[:-1] + "ة")
    return forms


def _suffix_chains() -> list[tuple[str, ...]]:
    chains: list[tuple[str, ...]] = [()]
    chains += [(s,) for s in _NUMBER]
    chains += [(p,) for p in _PRONOUNS]
    chains += [("ات", p) for p in _PRONOUNS if p != "ي"]
    return sorted(chains, key=lambda chain: (len("".join(chain)), chain))


SUFFIX_CHAINS = _suffix_chains()


@dataclass(frozen=True, slots=True)
class Analysis:
    """One way to read a (folded) word: what goes before the stem, the stem, what after."""

    stem: str
    proclitics: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()

    @property
    def stripped(self) -> int:
        written = _surface(self.proclitics) if self.proclitics else ""
        return len(written) + len("".join(self.suffixes))

    @property
    def only_article(self) -> bool:
        return self.proclitics in ((), (ARTICLE,))

    def describe(self, word: str | None = None) -> str:
        """What was stripped, for a learner: `ولل + إرهابي + ين`. Given the word as written,
        the parts are cut from it, vowel marks and all; otherwise they are the folded forms."""
        head = _surface(self.proclitics) if self.proclitics else ""
        tail = "".join(self.suffixes)
        middle = self.stem
        if word is not None and len(word.split()) > 1:
            # A phrase: the analysis is of its first word; the rest stands as written.
            first, rest = word.strip().split(maxsplit=1)
            return f"{self.describe(first)} {rest}"
        if word is not None:
            folded = fold(word.strip())
            origins = folded.origins
            if len(origins) >= len(head) + len(tail) + 1:
                stem_start = origins[len(head)]
                stem_end = origins[len(origins) - len(tail)] if tail else len(folded.original)
                head = folded.original[:stem_start]
                middle = folded.original[stem_start:stem_end]
                tail = folded.original[stem_end:]
        return " + ".join(part for part in (head, middle, tail) if part)


def has_pronoun(suffixes: tuple[str, ...]) -> bool:
    """Whether the suffixes include a possessive or object pronoun (not just a number or
    gender ending)."""
    return any(suffix in _PRONOUNS for suffix in suffixes)


def key(word: str) -> str:
    """A word without its article, for comparing: الإرهاب and إرهاب meet."""
    if word.startswith(ARTICLE) and len(word) - len(ARTICLE) >= MIN_STEM:
        return word[len(ARTICLE) :]
    if word.startswith("لل") and len(word) - 2 >= MIN_STEM:
        return word[2:]
    return word


ANALYSES_KEPT = 2048
"""Words whose analyses are kept. A book's words follow Zipf's law: the commonest 2,048 are
over half of its running words, and a miss costs a few microseconds, while keeping every
word of a 1 MB book took 11 MB."""


@lru_cache(maxsize=ANALYSES_KEPT)
def analyses(word: str) -> tuple[Analysis, ...]:
    """Every reading of a folded word, least stripped first (the word itself is first)."""
    found: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Analysis] = {}
    for head, proclitics in PROCLITIC_CHAINS:
        if not word.startswith(head):
            continue
        rest = word[len(head) :]
        if proclitics and proclitics[-1] == "ل" and rest.startswith("ل"):
            # لل is ل + the article, not a preposition before a word in ل.
            continue
        for suffixes in SUFFIX_CHAINS:
            tail = "".join(suffixes)
            if tail and not rest.endswith(tail):
                continue
            stem = rest[: len(rest) - len(tail)] if tail else rest
            if (proclitics or suffixes) and len(stem) < MIN_STEM:
                continue
            if not stem:
                continue
            if has_pronoun(suffixes) and ARTICLE in proclitics:
                # The article and a possessive never go together: الإرهابي is "the
                # terrorist", not "the my-terrorism". (A stem that merely begins with ال
                # keeps its reading: التزامه is التزام + ه.)
                continue
            for form in _restore(stem, suffixes):
                analysis = Analysis(form, proclitics, suffixes)
                found.setdefault((form, proclitics, suffixes), analysis)
    # An article left on the stem is stripped all the same when comparing (see `key`): count
    # it, and between equals prefer the reading that names it as a proclitic.
    return tuple(
        sorted(
            found.values(),
            key=lambda a: (a.stripped + len(a.stem) - len(key(a.stem)), -len(a.proclitics)),
        )
    )
