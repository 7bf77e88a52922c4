"""The terminology glossary: entries, checking the file, and finding terms in a text.

`glossary.yaml` is read with PyYAML's safe composer (no object construction) into nodes that
keep their line and column, so every problem can be reported where it is.

Why one module of this size: checking the file and matching terms share the entry model and
the folded forms it indexes; the matching half is the one to move out when it grows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.core.english import contains, english_words, plural_pattern
from tui_reader.core.errors import TuiReaderError
from tui_reader.core.letters import HARAKAT_SIGN, TERM_WORD
from tui_reader.core.morphology import Analysis, analyses, key
from tui_reader.core.normalize import Folded, fold, normalize
from tui_reader.core.text import (
    ID_PATTERN,
    Segment,
    TextError,
    decode_utf8,
    read_limited,
)
from tui_reader.core.translit import transliterate

if TYPE_CHECKING:
    # PyYAML is imported where a file is read: a glossary read back from its parsed copy
    # (`core.glossary_cache`), and the commands that match terms, never import it.
    import yaml

MAX_GLOSSARY_BYTES = 4 * 1024 * 1024
POS = ("noun", "adjective", "verb", "noun phrase", "proper noun", "abbreviation")
_TEXT_FIELDS = ("id", "ar", "vocalized", "en", "pos", "definition", "note", "authority")
_LIST_FIELDS = ("ar_variants", "en_variants", "related", "tags")
# Optional: English renderings translators commonly reach for and should not.
_OPTIONAL_LIST_FIELDS = ("avoid",)
# Words the matcher sees: runs of Arabic letters and digits (resolution numbers are terms; a
# word glued to a digit is not the word alone).


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if not self.line:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class GlossaryError(TuiReaderError):
    """A glossary that cannot be used; `problems` lists every fault found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


@dataclass(frozen=True)
class Entry:
    id: str
    ar: str
    vocalized: str
    en: str
    pos: str
    definition: str
    note: str = ""
    authority: str = ""
    ar_variants: tuple[str, ...] = ()
    en_variants: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)

    def record(self) -> dict[str, object]:
        """The entry's fields in the order of glossary.yaml, lists as lists."""
        return {
            "id": self.id,
            "ar": self.ar,
            "vocalized": self.vocalized,
            "en": self.en,
            "ar_variants": list(self.ar_variants),
            "en_variants": list(self.en_variants),
            "pos": self.pos,
            "definition": self.definition,
            "note": self.note,
            "authority": self.authority,
            "related": list(self.related),
            "tags": list(self.tags),
        }

    @cached_property
    def transliteration(self) -> str:
        return transliterate(self.vocalized)

    @property
    def arabic_forms(self) -> tuple[str, ...]:
        return (self.ar, *self.ar_variants)

    @property
    def english_forms(self) -> tuple[str, ...]:
        return (self.en, *self.en_variants)


@dataclass(frozen=True)
class Match:
    """A term found in a text: its entry and its exact span in the original string."""

    entry: Entry
    start: int
    end: int
    analysis: Analysis
    """How the first word was read (what was stripped to find the term)."""


@dataclass(frozen=True)
class Lookup:
    """What a single word, as written, gives: the entry (if any) and how it was found."""

    word: str
    entry: Entry | None
    analysis: Analysis | None


def _vocalized(entry: Entry) -> bool:
    return HARAKAT_SIGN.search(entry.vocalized) is not None


def entry_fields(
    entry: Entry, analysis: Analysis | None = None, word: str | None = None
) -> list[tuple[str, str, bool]]:
    """(label, value, is Arabic) rows describing an entry for a learner, empty ones left out;
    with `analysis`, how the word in the text was taken apart to find it."""
    rows = [
        ("term", entry.ar, True),
        ("vocalized", entry.vocalized, True),
        # Without vowel marks there is nothing to derive a transliteration from.
        ("transliteration", entry.transliteration if _vocalized(entry) else "", False),
        ("English", entry.en, False),
        ("found as", analysis.describe(word) if analysis and analysis.stripped else "", True),
        ("part of speech", entry.pos, False),
        ("definition", entry.definition, False),
        ("note", entry.note, False),
        ("authority", entry.authority, False),
        ("Arabic variants", "، ".join(entry.ar_variants), True),
        ("English variants", ", ".join(entry.en_variants), False),
        ("avoid", ", ".join(entry.avoid), False),
        ("related", ", ".join(entry.related), False),
        ("tags", ", ".join(entry.tags), False),
    ]
    return [row for row in rows if row[1]]


# Loading and checking ----------------------------------------------------------------------


def _problem(path: Path | str, node: yaml.Node | None, message: str) -> Problem:
    mark = node.start_mark if node is not None else None
    return Problem(str(path), mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, message)


def _compose(path: Path, source: str | None) -> yaml.Node | None:
    import yaml

    from tui_reader.core.text_yaml import YAML_LOADER

    if source is None:
        try:
            source = decode_utf8(read_limited(path, MAX_GLOSSARY_BYTES), path)
        except TextError as error:
            problem = Problem(str(path), 0, 0, str(error).split(": ", 1)[-1])
            raise GlossaryError([problem]) from None
    try:
        return yaml.compose(source, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        problem = Problem(
            str(path),
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
            f"YAML syntax error: {error.problem}",
        )
        raise GlossaryError([problem]) from None
    except RecursionError:
        raise GlossaryError([Problem(str(path), 0, 0, "the YAML is nested too deeply")]) from None
    except yaml.YAMLError as error:
        raise GlossaryError([Problem(str(path), 0, 0, f"YAML error: {error}")]) from None


def _pairs(node: yaml.MappingNode) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    for key_node, value in node.value:
        yield str(key_node.value), key_node, value


def _read_entry(path: Path, node: yaml.Node, problems: list[Problem]) -> Entry | None:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        problems.append(_problem(path, node, "an entry must be a mapping of fields"))
        return None
    values: dict[str, object] = {}
    seen: dict[str, yaml.Node] = {}
    for name, key_node, value in _pairs(node):
        if name in seen:
            problems.append(_problem(path, key_node, f"field '{name}' given twice"))
            continue
        seen[name] = value
        if name in _TEXT_FIELDS:
            if not isinstance(value, yaml.ScalarNode) or value.tag != "tag:yaml.org,2002:str":
                problems.append(_problem(path, value, f"'{name}' must be text"))
                continue
            values[name] = str(value.value).strip()
        elif name in _LIST_FIELDS or name in _OPTIONAL_LIST_FIELDS:
            if not isinstance(value, yaml.SequenceNode):
                problems.append(_problem(path, value, f"'{name}' must be a list"))
                continue
            items = []
            for item in value.value:
                if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str":
                    problems.append(_problem(path, item, f"items of '{name}' must be text"))
                    continue
                items.append(str(item.value).strip())
            values[name] = tuple(items)
        else:
            problems.append(_problem(path, key_node, f"unknown field '{name}'"))
    entry_id = values.get("id")
    label = f"entry '{entry_id}'" if isinstance(entry_id, str) else "entry"
    missing = [
        name
        for name in (*_TEXT_FIELDS, *_LIST_FIELDS)
        if name not in seen and name not in ("note", "authority", "avoid")
    ]
    for name in missing:
        problems.append(_problem(path, node, f"{label}: missing field '{name}'"))
    for name in ("id", "ar", "en", "vocalized"):
        if values.get(name) == "":
            problems.append(_problem(path, seen[name], f"{label}: '{name}' is empty"))
    if isinstance(entry_id, str) and entry_id and not ID_PATTERN.match(entry_id):
        problems.append(
            _problem(path, seen["id"], f"id '{entry_id}': use lowercase letters, digits, hyphens")
        )
    pos = values.get("pos")
    if isinstance(pos, str) and pos not in POS:
        problems.append(
            _problem(path, seen["pos"], f"{label}: pos '{pos}' is not one of: {', '.join(POS)}")
        )
    ar, vocalized = values.get("ar"), values.get("vocalized")
    vocalized_matches = (
        not isinstance(ar, str)
        or not isinstance(vocalized, str)
        or not ar
        or not vocalized
        or normalize(vocalized) == normalize(ar)
    )
    if not vocalized_matches:
        problems.append(
            _problem(path, seen["vocalized"], f"{label}: 'vocalized' is not a vocalized 'ar'")
        )
    avoid, variants = values.get("avoid"), values.get("en_variants")
    if isinstance(avoid, tuple):
        english = [values.get("en"), *(variants if isinstance(variants, tuple) else ())]
        used = {form.casefold() for form in english if isinstance(form, str)}
        for wrong in avoid:
            if wrong.casefold() in used:
                problems.append(
                    _problem(path, seen["avoid"], f"{label}: '{wrong}' is both to use and to avoid")
                )
    if missing or any(
        name not in values
        for name in seen
        if name in (*_TEXT_FIELDS, *_LIST_FIELDS, *_OPTIONAL_LIST_FIELDS)
    ):
        return None
    return Entry(line=node.start_mark.line + 1, **values)  # type: ignore[arg-type]


def read_glossary(path: Path, source: str | None = None) -> tuple[list[Entry], list[Problem]]:
    """The entries that could be read, and every problem found, in file order. With `source`,
    that is the file's content (not yet written), and `path` only names it in problems."""
    import yaml

    root = _compose(path, source)
    problems: list[Problem] = []
    if not isinstance(root, yaml.MappingNode):
        raise GlossaryError([_problem(path, root, "a glossary must be a mapping with 'terms'")])
    top = {name: value for name, _, value in _pairs(root)}
    if top.get("version") is not None and getattr(top["version"], "value", None) != "1":
        problems.append(_problem(path, top["version"], "unknown glossary version (expected 1)"))
    terms = top.get("terms")
    if not isinstance(terms, yaml.SequenceNode):
        raise GlossaryError([_problem(path, terms or root, "'terms' must be a list of entries")])
    entries: list[Entry] = []
    ids: dict[str, Entry] = {}
    arabic: dict[str, Entry] = {}
    for node in terms.value:
        entry = _read_entry(path, node, problems)
        if entry is None:
            continue
        if entry.id in ids:
            problems.append(
                _problem(
                    path, node, f"duplicate id '{entry.id}' (first at line {ids[entry.id].line})"
                )
            )
            continue
        folded = normalize(entry.ar)
        if folded in arabic:
            first = arabic[folded]
            problems.append(
                _problem(
                    path,
                    node,
                    f"entry '{entry.id}': same Arabic term as '{first.id}' "
                    f"(line {first.line}) once normalized",
                )
            )
        ids[entry.id] = entry
        arabic.setdefault(folded, entry)
        entries.append(entry)
    for entry in entries:
        for related in entry.related:
            if related not in ids:
                problems.append(
                    Problem(
                        str(path),
                        entry.line,
                        5,
                        f"entry '{entry.id}': related id '{related}' does not exist",
                    )
                )
    problems.sort(key=lambda problem: (problem.line, problem.column))
    return entries, problems


def check_glossary(path: Path) -> tuple[list[Entry], list[Problem]]:
    """The readable entries and every problem in a glossary file (none when it is clean)."""
    try:
        return read_glossary(path)
    except GlossaryError as error:
        return [], error.problems


def load_glossary(path: Path) -> Glossary:
    entries, problems = read_glossary(path)
    if problems:
        raise GlossaryError(problems)
    return Glossary(entries)


# Matching -----------------------------------------------------------------------------------


def term_key(arabic: str) -> str:
    """An Arabic term for telling duplicates: folded (marks, hamza, alef forms), each word
    without its article, so that the same term with or without it is one."""
    return " ".join(key(word) for word in TERM_WORD.findall(normalize(arabic)))


def _words(folded: str) -> list[tuple[int, int]]:
    return [(found.start(), found.end()) for found in TERM_WORD.finditer(folded)]


def _english_pattern(phrase: str) -> str:
    parts = []
    for word in re.split(r"[\s\-]+", phrase.strip()):
        if not word:
            continue
        stem, ending = plural_pattern(word)
        parts.append(re.escape(stem) + ending)
    return r"[\s\-]+".join(parts)


class Glossary:
    """Entries with their indexes for matching and lookup."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.by_id = {entry.id: entry for entry in self.entries}
        # key of a term's first word -> (the keys of all its words, entry), longest term first
        self._index: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        for entry in self.entries:
            for form in entry.arabic_forms:
                words = tuple(key(word) for word in TERM_WORD.findall(normalize(form)))
                if words:
                    self._index.setdefault(words[0], []).append((words, entry))
        for candidates in self._index.values():
            candidates.sort(key=lambda item: -len(item[0]))
        self._english: dict[str, re.Pattern[str]] = {}
        self._term_words = frozenset(
            word for candidates in self._index.values() for words, _ in candidates for word in words
        )

    def has_word(self, arabic: str) -> bool:
        """Whether a word (any vowels, with or without the article) is a word of a term."""
        return key(normalize(arabic)) in self._term_words

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str) -> list[Match]:
        """Terms in a text, longest first where they overlap, with their original spans."""
        folded = fold(text)
        words = _words(folded.text)
        matches: list[Match] = []
        i = 0
        while i < len(words):
            found = self._match_at(folded, words, i)
            if found is None:
                i += 1
                continue
            match, length = found
            matches.append(match)
            i += length
        return matches

    def _match_at(
        self, folded: Folded, words: list[tuple[int, int]], i: int
    ) -> tuple[Match, int] | None:
        start, end = words[i]
        best: tuple[int, int, Analysis, Entry] | None = None
        for analysis in analyses(folded.text[start:end]):
            for term, entry in self._index.get(key(analysis.stem), ()):
                if best is not None and len(term) <= best[0]:
                    break
                if i + len(term) > len(words):
                    continue
                if all(
                    self._adjacent(folded.text, words[i + k - 1], words[i + k])
                    and self._follows(folded.text[slice(*words[i + k])], term[k])
                    for k in range(1, len(term))
                ):
                    best = (len(term), analysis.stripped, analysis, entry)
                    break
        if best is None:
            return None
        length, _, analysis, entry = best
        first, last = folded.span(start, words[i + length - 1][1])
        original = folded.original
        # "… 2462 (2019": the term's closing bracket belongs to it.
        unclosed = original.count("(", first, last) > original.count(")", first, last)
        if unclosed and original[last : last + 1] == ")":
            last += 1
        return Match(entry, first, last, analysis), length

    @staticmethod
    def _adjacent(text: str, before: tuple[int, int], after: tuple[int, int]) -> bool:
        """The words of a term stand apart by white space only, or by the brackets a term
        such as resolution 2462 (2019) has: not by a full stop, a comma or other text."""
        gap = text[before[1] : after[0]]
        return gap.strip(" \t()") == "" and "\n" not in gap

    @staticmethod
    def _follows(word: str, wanted: str) -> bool:
        """A later word of a multi-word term: it may take the article and inflections only."""
        return (
            any(a.only_article and key(a.stem) == wanted for a in analyses(word))
            or key(word) == wanted
        )

    def lookup(self, word: str) -> Lookup:
        """The entry for a word as it stands in a text (clitics, marks and all), or for a
        phrase of several words (the term that covers all of it)."""
        if len(word.split()) > 1:
            phrase = word.strip()
            for match in self.find(phrase):
                if match.start == 0 and match.end >= len(phrase.rstrip(".،؛:!؟?")):
                    return Lookup(word, match.entry, match.analysis)
        folded = normalize(word).strip()
        for analysis in analyses(folded) if folded else ():
            for term, entry in self._index.get(key(analysis.stem), ()):
                if len(term) == 1:
                    return Lookup(word, entry, analysis)
        return Lookup(word, None, None)

    def english_lookup(self, english: str) -> list[Entry]:
        """The entries whose English or English variants have `english` as whole words (a
        word or a phrase; case, plurals and the kind of apostrophe aside): those with a form
        that is exactly it first, then those with the shortest form that has it."""
        wanted = english_words(english)
        ranked: list[tuple[tuple[int, int], int, Entry]] = []
        for order, entry in enumerate(self.entries):
            ranks = [
                (int(words != wanted), len(words))
                for words in map(english_words, entry.english_forms)
                if contains(words, wanted)
            ]
            if ranks:
                ranked.append((min(ranks), order, entry))
        return [entry for _rank, _order, entry in sorted(ranked, key=lambda item: item[:2])]

    def same_term(self, arabic: str) -> Entry | None:
        """The entry that has this Arabic term already, as one of its forms, once folded and
        with or without the article on each word (العناية الواجبة is عناية واجبة)."""
        wanted = term_key(arabic)
        return next(
            (
                entry
                for entry in self.entries
                if any(term_key(form) == wanted for form in entry.arabic_forms)
            ),
            None,
        )

    def english_spans(self, entries: Iterable[Entry], english: str) -> list[tuple[int, int]]:
        """Where the English equivalents of these entries stand in an English text."""
        spans: list[tuple[int, int]] = []
        for entry in entries:
            pattern = self._english.get(entry.id)
            if pattern is None:
                alternatives = sorted(
                    (_english_pattern(form) for form in entry.english_forms if form.strip()),
                    key=len,
                    reverse=True,
                )
                pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)
                self._english[entry.id] = pattern
            spans.extend(found.span() for found in pattern.finditer(english))
        kept: list[tuple[int, int]] = []
        for start, end in sorted(set(spans), key=lambda span: (span[0], -span[1])):
            if not kept or start >= kept[-1][1]:
                kept.append((start, end))
        return kept

    def filter(self, query: str) -> list[Entry]:
        """Entries whose Arabic (folded) or English contains the query."""
        arabic = normalize(query).strip()
        english = query.strip().casefold()
        if not arabic and not english:
            return list(self.entries)
        return [
            entry
            for entry in self.entries
            if (arabic and any(arabic in normalize(form) for form in entry.arabic_forms))
            or (english and any(english in form.casefold() for form in entry.english_forms))
        ]


def occurrences(per_segment: Iterable[Sequence[Match]]) -> dict[str, list[tuple[int, int, int]]]:
    """Entry id -> (segment index, start, end) of each place its term stands, from each
    segment's matches (as `Glossary.find` gives them, left to right): the entries come in the
    order their terms first appear."""
    found: dict[str, list[tuple[int, int, int]]] = {}
    for index, matches in enumerate(per_segment):
        for match in matches:
            found.setdefault(match.entry.id, []).append((index, match.start, match.end))
    return found


@dataclass(frozen=True)
class Highlights:
    """What is marked in a segment: glossary terms in the Arabic, their English equivalents."""

    terms: list[Match]
    english: list[tuple[int, int]]


def find_highlights(segment: Segment, glossary: Glossary | None) -> Highlights:
    """The terms of a segment and their English. Reads only its arguments, so the reader's
    index worker can find them for every segment in a thread."""
    if glossary is None:
        return Highlights([], [])
    terms = glossary.find(segment.ar)
    entries = list({match.entry.id: match.entry for match in terms}.values())
    return Highlights(terms, glossary.english_spans(entries, segment.en))
