"""What a word or phrase means: the glossary first, the dictionary after, either direction.

The reader's entry dialog and `tui-reader lookup` both ask here. An Arabic query gets the
glossary's term (the entry that covers it) and each word's dictionary analyses; an English one
gets the glossary entries whose English has it and the lemmas whose gloss has it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui_reader.core import dictionary
from tui_reader.core.dictionary import Analysis, DictionaryError, Lemma
from tui_reader.core.glossary import POS, Entry, Glossary, Lookup
from tui_reader.core.letters import ARABIC_LETTER, is_mark
from tui_reader.core.morphology import has_pronoun
from tui_reader.core.normalize import normalize

_EDGE_PUNCTUATION = "\"'()[]{}«»“”‘’.,;:!?،؛؟…-–—"
_CLITIC_TAGS = ("CONJ", "PREP", "DET", "FUT", "SUBJUNC", "EMPHATIC", "RESULT_CLAUSE")
_PRONOUN_TAGS = ("POSS_PRON", "PRON", "PVSUFF_DO", "IVSUFF_DO", "CVSUFF_DO")


@dataclass(frozen=True)
class WordLemmas:
    """A word of the query (or the whole English query) and its dictionary lemmas."""

    word: str
    lemmas: tuple[Lemma, ...]
    marks_ignored: bool = False
    """No reading agrees with the word's vowel marks: these are the readings of its letters."""


@dataclass(frozen=True)
class Meaning:
    query: str
    english: bool
    """The query was English: entries and lemmas were found through their English."""
    entries: tuple[Entry, ...]
    """Glossary entries, best first (at most one for an Arabic query)."""
    found: Lookup | None
    """For an Arabic query, how the glossary read it (what was stripped), if it has it."""
    words: tuple[WordLemmas, ...]
    dictionary_error: str = ""
    """Why the dictionary could not be asked, for the user; empty when it could."""

    @property
    def anything(self) -> bool:
        return bool(self.entries) or any(word.lemmas for word in self.words)


def is_english(query: str) -> bool:
    return ARABIC_LETTER.search(query) is None


def is_name(word: str, english: str) -> bool:
    """Whether a word is a name here: the dictionary reads it as a proper noun whose gloss
    stands capitalised in the English of its segment (قطر where the English has "Qatar")."""
    if not english:
        return False
    for analysis in dictionary.analyse(word):
        if not analysis.proper_noun:
            continue
        for sense in analysis.gloss.split(";"):
            sense = sense.strip()
            if sense[:1].isupper() and re.search(rf"\b{re.escape(sense)}\b", english):
                return True
    return False


def _letters(form: str) -> str:
    return normalize("".join(char for char in form if not is_mark(char)))


def agrees(analysis: Analysis, found: Lookup) -> bool:
    """Whether a dictionary analysis strips what the glossary stripped to find its term: the
    same proclitics, and a pronoun after the word in both or in neither."""
    if found.analysis is None:
        return False
    ours = "".join(
        morpheme.form for morpheme in analysis.prefixes if morpheme.tag.startswith(_CLITIC_TAGS)
    )
    theirs = "".join(found.analysis.proclitics)
    pronoun = any(morpheme.tag.startswith(_PRONOUN_TAGS) for morpheme in analysis.suffixes)
    same_head = _letters(ours).replace("لال", "لل") == theirs.replace("لال", "لل")
    return same_head and pronoun == has_pronoun(found.analysis.suffixes)


def _agreeing_first(lemmas: list[Lemma], found: Lookup | None) -> list[Lemma]:
    """The dictionary's readings with the one that agrees with the glossary's first, so both
    say the same about the word (stable otherwise: the dictionary's ranking stands)."""
    if found is None or found.entry is None or found.analysis is None:
        return lemmas
    regrouped = []
    for lemma in lemmas:
        ordered = sorted(lemma.analyses, key=lambda a: not agrees(a, found))
        regrouped.append(Lemma(lemma.lemma, lemma.lemma_id, tuple(ordered)))
    return sorted(regrouped, key=lambda lemma: not agrees(lemma.first, found))


MARKS_IGNORED = (
    "No reading has these vowel marks (a passive verb, or a form the dictionary lacks): "
    "the readings of the letters alone."
)
"""Said above the readings of a word whose marks ruled them all out."""


def stems_tried(query: str, limit: int = 6) -> list[str]:
    """How the glossary's morphology cut a word found nowhere, as written (`ال + مؤتمرالدولي`),
    least stripped first, so that a learner sees what was looked for (here: two words run
    together); none when it could cut nothing off."""
    from tui_reader.core.morphology import analyses

    word = query.strip()
    cuts = dict.fromkeys(analysis.describe(word) for analysis in analyses(normalize(word)))
    # The word alone, uncut, says nothing the "nothing found" line has not said.
    return list(cuts)[:limit] if len(cuts) > 1 else []


def _word(token: str) -> str:
    return token.strip(_EDGE_PUNCTUATION)


def meaning(
    query: str,
    glossary: Glossary | None,
    *,
    found: Lookup | None = None,
    english: str = "",
) -> Meaning:
    """The meaning of `query` (Arabic as written in a text, or English). `found` is the
    glossary's reading when the caller has it already (the reader's term under the cursor);
    `english` is the English of the query's segment, for telling names."""
    query = query.strip()
    error = ""
    if is_english(query):
        entries = tuple(glossary.english_lookup(query)) if glossary is not None else ()
        # The lexicon has no word frequencies: where its glosses tie ("financing" is رسملة
        # as much as تمويل), the word this field's terms use is the one wanted.
        preferred = glossary.has_word if glossary is not None else None
        try:
            glossed = dictionary.gloss_lookup(query, preferred=preferred)
        except DictionaryError as problem:
            glossed, error = [], str(problem)
        return Meaning(query, True, entries, None, (WordLemmas(query, tuple(glossed)),), error)
    if found is None and glossary is not None:
        found = glossary.lookup(query)
    entries = (found.entry,) if found is not None and found.entry is not None else ()
    words: list[WordLemmas] = []
    tokens = [word for word in map(_word, query.split()) if word]
    try:
        for token in tokens:
            lemmas, ignored = dictionary.lookup_as_written(token, is_name=is_name(token, english))
            if len(tokens) == 1:
                lemmas = _agreeing_first(lemmas, found)
            words.append(WordLemmas(token, tuple(lemmas), ignored))
    except DictionaryError as problem:
        words, error = [], str(problem)
    return Meaning(query, False, entries, found, tuple(words), error)


def glossary_pos(pos: str) -> str:
    """The dictionary's part of speech ("verb, perfect, 3rd person ...", "noun, broken
    plural") as one of the glossary's."""
    head = pos.split(",")[0].strip()
    return head if head in POS else "noun"


def parts(analysis: Analysis) -> str:
    """The word's parts, each clitic with its meaning: `وَ and + بِ by; with + ال the +
    إِرْهَاب`."""
    pieces = [f"{morpheme.form} ({morpheme.gloss})" for morpheme in analysis.prefixes]
    pieces.append(analysis.stem)
    pieces += [f"{morpheme.form} ({morpheme.gloss})" for morpheme in analysis.suffixes]
    return " + ".join(pieces)
