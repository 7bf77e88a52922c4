"""The bundled glossary over the bundled article: every place an entry's term stands (with
clitics, inflections, vowel marks or presentation forms) is found by the matcher.

The places are found independently, by a plain regular expression over the folded article, so
the matcher's morphology is checked against something simpler than itself."""

from __future__ import annotations

import re

import pytest

from tui_reader.core import library
from tui_reader.core.glossary import Glossary, load_glossary
from tui_reader.core.morphology import key
from tui_reader.core.normalize import fold, normalize
from tui_reader.paths import bundled_glossary_path

GLOSSARY = load_glossary(bundled_glossary_path())
ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)

PROCLITICS = "(?:[وف]?(?:[بك]?ال|لل|[بكل])?)"
SUFFIXES = "(?:ة|ات|ان|ين|ون|ه|ها|هم|هما|ي|نا|اته|اتها)?"


def _pattern(form: str) -> re.Pattern[str]:
    words = [re.escape(key(normalize(word))) for word in form.split()]
    first = PROCLITICS + words[0] + SUFFIXES
    rest = ["(?:ال)?" + word + SUFFIXES for word in words[1:]]
    return re.compile(r"(?<!\w)" + r"\s+".join([first, *rest]) + r"(?!\w)")


def _places() -> list[tuple[str, int, int, int]]:
    places = []
    for index, segment in enumerate(ARTICLE):
        folded = fold(segment.ar)
        for entry in GLOSSARY.entries:
            for form in entry.arabic_forms:
                for hit in _pattern(form).finditer(folded.text):
                    start, end = folded.span(*hit.span())
                    places.append((entry.id, index, start, end))
    return places


PLACES = _places()


def _stem_length(entry_id: str) -> int:
    entry = GLOSSARY.by_id[entry_id]
    return max(len(key(normalize(form.split()[0]))) for form in entry.arabic_forms)


def test_the_article_holds_many_glossary_terms() -> None:
    assert len(GLOSSARY) >= 60
    assert len({entry_id for entry_id, *_ in PLACES}) >= 60
    assert len(PLACES) >= 120


@pytest.mark.parametrize(("entry_id", "index", "start", "end"), PLACES)
def test_every_occurrence_is_found(entry_id: str, index: int, start: int, end: int) -> None:
    text = ARTICLE.segments[index].ar
    matches = GLOSSARY.find(text)
    covering = [m for m in matches if m.start <= start and m.end >= end]
    assert covering, f"{entry_id}: {text[start:end]!r} in {ARTICLE.segments[index].id}"
    # Where another entry wins, it covers more words, or reads more of the word as stem
    # (الإرهابي is إرهابي, terrorist, before it is إرهاب + ي).
    match = covering[0]
    if match.entry.id != entry_id:
        assert match.end - match.start > end - start or _stem_length(match.entry.id) > _stem_length(
            entry_id
        )


def test_matches_cover_their_terms_exactly() -> None:
    for segment in ARTICLE:
        for match in GLOSSARY.find(segment.ar):
            written = segment.ar[match.start : match.end]
            assert written == written.strip() and written
            assert not written[0].isspace() and written[-1] not in "،.»"


def test_a_glossary_of_this_size_finds_the_same_with_its_index() -> None:
    """The index is an optimisation: a glossary built one entry at a time agrees."""
    one_by_one = [Glossary([entry]) for entry in GLOSSARY.entries]
    for segment in ARTICLE.segments[:6]:
        everything = {(m.entry.id, m.start, m.end) for m in GLOSSARY.find(segment.ar)}
        for glossary in one_by_one:
            for m in glossary.find(segment.ar):
                assert any(start <= m.start and m.end <= end for _, start, end in everything), (
                    m.entry.id,
                    segment.ar[m.start : m.end],
                )


# The English beside the Arabic -------------------------------------------------------------


def _missing_english(segment_en: str, segment_ar: str) -> list[str]:
    """The entries found in the Arabic whose English (or a listed variant) the English lacks."""
    return [
        f"{match.entry.id} ({segment_ar[match.start : match.end]})"
        for match in GLOSSARY.find(segment_ar)
        if not GLOSSARY.english_spans([match.entry], segment_en)
    ]


OFFICIAL_TITLE = {("s2", "sources-of-financing")}
"""Where an official English name stands for the article's Arabic: s2 names the conference by
its English title, "... Countering Terrorism and Its Financing ...", where the Arabic says
«مكافحة الإرهاب ومصادر تمويله» (its sources of financing)."""


@pytest.mark.parametrize("index", range(len(ARTICLE.segments)))
def test_the_english_uses_the_glossary_for_every_term(index: int) -> None:
    segment = ARTICLE.segments[index]
    missing = [
        found
        for found in _missing_english(segment.en, segment.ar)
        if (segment.id, found.split()[0]) not in OFFICIAL_TITLE
    ]
    assert missing == [], segment.id


@pytest.mark.parametrize("index", range(len(ARTICLE.segments)))
def test_the_english_keeps_every_number(index: int) -> None:
    segment = ARTICLE.segments[index]
    english = re.findall(r"\d+", segment.en)
    for number in re.findall(r"\d+", segment.ar):
        assert number in english, (segment.id, number)


# Look-ups that found nothing before the glossary covered them ------------------------------


@pytest.mark.parametrize(
    ("written", "entry_id"),
    [
        ("الإدراج", "designation"),
        ("تجميدها", "freezing"),
        ("المعاملات المشبوهة", "suspicious-transaction"),
        ("العناية الواجبة", "due-diligence"),
        ("بوكو حرام", "boko-haram"),
        ("وبوكو حرام", "boko-haram"),
        ("للسلائف", "precursors"),
        ("والتسليم المراقب", "controlled-delivery"),
        ("شخص اعتباري", "legal-person"),
        ("حظر السفر", "travel-ban"),
        ("أمين المظالم", "ombudsperson"),
        ("الدول الأطراف", "state-party"),
        ("التحويلات البرقية", "wire-transfer"),
        ("البنوك الصورية", "shell-bank"),
        ("أخذ الرهائن", "hostage-taking"),
        ("ضحايا الإرهاب", "victims-of-terrorism"),
    ],
)
def test_a_word_as_written_finds_its_entry(written: str, entry_id: str | None) -> None:
    found = GLOSSARY.lookup(written).entry
    assert (found.id if found else None) == entry_id


def test_the_listing_entry_gives_the_un_english_first() -> None:
    entry = GLOSSARY.by_id["designation"]
    assert entry.en == "listing" and "designation" in entry.en_variants
    assert GLOSSARY.by_id["resolution"].avoid == ("decision",)
    assert "decision" not in GLOSSARY.by_id["resolution"].en_variants
