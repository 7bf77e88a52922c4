"""Terminology QA: what a reviser checks in an English rendering of an Arabic segment before
anything else. Each check is cheap and mechanical, like Xbench's: it flags, the translator
judges (an issue can be ignored, and the ignoring is kept with the draft).

- **term**: a glossary term found in the Arabic expects its English (or a variant) in the target;
- **number**: every number written in the Arabic (Western or Arabic-Indic digits) is in the target;
- **untranslated**: the target is empty, or still has Arabic letters outside quotation marks;
- **avoid**: the target uses a rendering the glossary entry lists as one to avoid.

A draft is checked once one segment of the text is drafted; from then on every segment without
a draft is untranslated. Before that, it is not checked at all (`unchecked`): every segment
would be "untranslated", which is no news. Nor is the reference of a text without one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tui_reader.core.english import plural_pattern
from tui_reader.core.glossary import Glossary
from tui_reader.core.letters import LETTER_RANGES
from tui_reader.core.text import Segment, Text

if TYPE_CHECKING:
    # Types only: this module stays free of the stores (see ARCHITECTURE.md).
    from tui_reader.core.drafts import DraftStore

KINDS = ("term", "number", "untranslated", "avoid")

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# A number as written: digits with thousands separators or a decimal point inside it.
_NUMBER = re.compile(r"\d+(?:[.,٫٬]\d+)*")
# Quoted passages, where Arabic in an English target is a quotation, not a slip.
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|‘[^’]*’")
_ARABIC_RUN = re.compile(f"[{LETTER_RANGES}]+")
_SEPARATOR = re.compile(r"[\s\-\u2010\u2011]+")


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing a reviser would query in a segment's English."""

    segment_id: str
    kind: str
    message: str
    ar_span: tuple[int, int] | None = None
    """Where in the Arabic the issue comes from (the term, the number)."""
    en_span: tuple[int, int] | None = None
    """Where in the English it shows (a rendering to avoid)."""
    term: str = ""
    """The glossary entry's id, for term and avoid issues."""
    expected: tuple[str, ...] = ()
    arabic: str = ""
    """The Arabic the issue is about, as written (a term, a number)."""
    found: str = ""
    """What stands in the English (a rendering to avoid, Arabic left untranslated)."""

    @property
    def key(self) -> str:
        """What an 'ignore' keeps: the kind and what it is about (the term, the number, the
        rendering to avoid), not offsets, so that it holds while the English is revised."""
        if self.kind == "term":
            return f"term:{self.term}"
        if self.kind == "avoid":
            return f"avoid:{self.term}:{self.found.casefold()}"
        if self.kind == "number":
            return f"number:{self.expected[0]}"
        return self.kind

    def record(self) -> dict[str, object]:
        return {
            "segment": self.segment_id,
            "kind": self.kind,
            "message": self.message,
            "key": self.key,
            "term": self.term,
            "arabic": self.arabic,
            "expected": list(self.expected),
            "found": self.found,
            "ar_span": list(self.ar_span) if self.ar_span else None,
            "en_span": list(self.en_span) if self.en_span else None,
        }


def _numbers(text: str) -> list[tuple[str, tuple[int, int]]]:
    """The numbers of a text as plain Western digits (separators dropped), with their spans."""
    found = []
    for number in _NUMBER.finditer(text.translate(_DIGITS)):
        digits = number.group()
        # A single separator followed by three digits groups thousands; any other is a point.
        plain = re.sub(r"[,٬](?=\d{3}\b)", "", digits).replace("٫", ".")
        found.append((plain, number.span()))
    return found


def _form_pattern(form: str) -> str:
    """An English form as a pattern that ignores a plural ending on its last word, and
    hyphens or spaces between and inside its words (counter-terrorism, counter terrorism,
    counterterrorism); the pattern is compiled case-insensitive."""
    words = [word for word in _SEPARATOR.split(form.strip()) if word]
    if not words:
        return ""
    stem, ending = plural_pattern(words[-1])
    inside = r"[\-\u2010\u2011]?"
    between = r"[\s\-\u2010\u2011]*"
    spelled = [*words[:-1], stem]
    return between.join(inside.join(map(re.escape, word)) for word in spelled) + ending


@lru_cache(maxsize=4096)
def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives = sorted(filter(None, map(_form_pattern, forms)), key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def has_form(forms: tuple[str, ...], english: str) -> bool:
    """Whether one of these English forms stands in `english` (see `_form_pattern`)."""
    pattern = _forms_pattern(forms)
    return pattern is not None and pattern.search(english) is not None


def check_segment(segment_id: str, arabic: str, english: str, glossary: Glossary) -> list[Issue]:
    """Every issue of one segment's English `english` against its Arabic."""
    if not english.strip():
        return [Issue(segment_id, "untranslated", "no English yet")]
    issues: list[Issue] = []
    outside_quotes = _QUOTED.sub(lambda quoted: " " * len(quoted.group()), english)
    left = _ARABIC_RUN.search(outside_quotes)
    if left:
        issues.append(
            Issue(
                segment_id,
                "untranslated",
                "Arabic left in the English outside quotation marks",
                en_span=left.span(),
                found=left.group(),
            )
        )
    seen: set[str] = set()
    for match in glossary.find(arabic):
        entry = match.entry
        if entry.id in seen:
            continue
        seen.add(entry.id)
        written = arabic[match.start : match.end]
        if not has_form(entry.english_forms, english):
            issues.append(
                Issue(
                    segment_id,
                    "term",
                    f"{written} expects “{entry.en}”",
                    ar_span=(match.start, match.end),
                    term=entry.id,
                    expected=entry.english_forms,
                    arabic=written,
                )
            )
        accepted = _forms_pattern(entry.english_forms)
        # A rendering to avoid inside an accepted one ("Islamic State" in "so-called Islamic
        # State") is the accepted one.
        kept = [found.span() for found in accepted.finditer(english)] if accepted else []
        for avoided in entry.avoid:
            pattern = _forms_pattern((avoided,))
            for found in pattern.finditer(english) if pattern else ():
                if any(start <= found.start() and found.end() <= end for start, end in kept):
                    continue
                issues.append(
                    Issue(
                        segment_id,
                        "avoid",
                        f"“{found.group()}” is to be avoided for {written} (use “{entry.en}”)",
                        ar_span=(match.start, match.end),
                        en_span=found.span(),
                        term=entry.id,
                        expected=entry.english_forms,
                        arabic=written,
                        found=found.group(),
                    )
                )
    target = {plain for plain, _ in _numbers(english)}
    reported: set[str] = set()
    for plain, span in _numbers(arabic):
        if plain not in target and plain not in reported:
            reported.add(plain)
            issues.append(
                Issue(
                    segment_id,
                    "number",
                    f"{plain} is not in the English",
                    ar_span=span,
                    expected=(plain,),
                    arabic=arabic[span[0] : span[1]],
                )
            )
    return issues


def check(
    pairs: Iterable[tuple[str, str, str]],
    glossary: Glossary,
    ignored: dict[str, frozenset[str]] | None = None,
) -> list[Issue]:
    """The issues of (segment id, Arabic, English) pairs in order, less the ignored ones
    (segment id -> issue keys)."""
    ignored = ignored or {}
    return [
        issue
        for segment_id, arabic, english in pairs
        for issue in check_segment(segment_id, arabic, english, glossary)
        if issue.key not in ignored.get(segment_id, frozenset())
    ]


def english_of(segment: Segment, store: DraftStore, target: str) -> str:
    """The English the checks read for a segment: your draft, or the text's own."""
    return store.get(segment.id) if target == "draft" else segment.en


NO_DRAFTS = "no drafts yet (write them with w in the reader)"
NO_REFERENCE = "the text has no English of its own (your drafts are its English)"


def unchecked(text: Text, store: DraftStore, target: str) -> str | None:
    """Why `text`'s `target` is not checked (the command line and the checks panel both say
    it), or None when it is: see the module's note on undrafted segments."""
    if target == "draft" and not store.drafted(segment.id for segment in text):
        return NO_DRAFTS
    if target == "reference" and not any(segment.en.strip() for segment in text):
        return NO_REFERENCE
    return None


def check_text(text: Text, glossary: Glossary, store: DraftStore, target: str) -> list[Issue]:
    """Every open issue of a text's draft or reference (`target`), less those the translator
    ignored for that target."""
    pairs = ((segment.id, segment.ar, english_of(segment, store, target)) for segment in text)
    return check(pairs, glossary, store.ignored_keys(target))
