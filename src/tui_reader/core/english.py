"""English words folded for matching: a glossary's English and a lexicon's glosses meet a
word as a reader types it or as a text has it (case, plural, apostrophes).

`Da'esh` and `Da’esh` are one word, `terrorists` and `terrorist` too; a hyphen or a space
separates words, so `Al-Qaida` is the phrase al + qaida, whichever way it is written.
"""

from __future__ import annotations

import re

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def singular(word: str) -> str:
    """A casefolded word without its plural or possessive ending (a guess that treats
    both sides of a comparison alike, not a dictionary form)."""
    word = word.removesuffix("'s").removesuffix("'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_words(text: str) -> tuple[str, ...]:
    """The words of an English text, casefolded, apostrophes made one, plurals taken off."""
    folded = text.translate(_APOSTROPHES).casefold()
    return tuple(singular(found.group()) for found in _WORD.finditer(folded))


def contains(words: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    """Whether `wanted` stands in `words` as a run of whole words."""
    size = len(wanted)
    if not size:
        return False
    return any(words[i : i + size] == wanted for i in range(len(words) - size + 1))


def plural(word: str) -> str:
    """A lowercase noun's regular plural, by the rule `plural_pattern` matches
    (`policy` -> `policies`, `term` -> `terms`)."""
    if len(word) > 2 and word[-1] == "y" and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def counted(number: int, word: str) -> str:
    """`1 word`, `2 words`, `0 words`."""
    return f"{number} {word if number == 1 else plural(word)}"


def plural_pattern(word: str) -> tuple[str, str]:
    """A word's stem (plain text, for the caller to escape) and, as a regular expression,
    the plural or possessive ending it may take in running text (`policy` -> `polic` and
    `y|ies|y's`): the highlighting of terms and the terminology checks share this rule."""
    if word.isupper() or not word.isalpha():
        return word, r"(?:'?s)?"
    if len(word) > 2 and word[-1] == "y" and word[-2] not in "aeiou":
        return word[:-1], r"(?:y|ies|y's)"
    return word, r"(?:s|es|'s|s')?"
