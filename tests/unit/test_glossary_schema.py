"""The glossary header's schema rules that a reader filters on, checked over every entry (issue
19, third review): the "Equivalent not confirmed" formula, "Plural kept" for plural lemmas, and
no `ar_variants` item that the morphology already derives."""

from __future__ import annotations

import re

from tui_reader.core.glossary import Entry, load_glossary
from tui_reader.paths import bundled_glossary_path

GLOSSARY = load_glossary(bundled_glossary_path())

NAMES = {"proper noun"}
"""Names are not lemmatized: their number, like their article, is the name's own."""

BROKEN_PLURALS = {
    "أصول",
    "أسباب",
    "ظروف",
    "مصادر",
    "أموال",
    "ضحايا",
    "سلائف",
    "أساليب",
    "أسلحة",
    "معايير",
    "وسائل",
    "أطراف",
    "أعمال",
    "حقوق",
}
SOUND_PLURAL_ENDINGS = ("ات", "ون", "ين")
SINGULARS_WITH_A_PLURAL_ENDING = {"تعاون"}
"""تعاون (cooperation): the ون is the root's, not a plural's."""


def _bare(word: str) -> str:
    return word[2:] if word.startswith("ال") else word


def _is_plural_lemma(entry: Entry) -> bool:
    first = _bare(entry.ar.split()[0])
    if first in SINGULARS_WITH_A_PLURAL_ENDING:
        return False
    return first in BROKEN_PLURALS or first.endswith(SOUND_PLURAL_ENDINGS)


def test_every_plural_lemma_says_plural_kept() -> None:
    plural = [e for e in GLOSSARY.entries if e.pos not in NAMES and _is_plural_lemma(e)]
    assert len(plural) >= 20
    assert [e.id for e in plural if "Plural kept" not in e.note] == []


def test_the_plural_rule_sees_the_lemmas_the_review_named() -> None:
    for entry_id in ["assets", "law-enforcement-authorities", "peaceful-means", "dnfbp"]:
        assert _is_plural_lemma(GLOSSARY.by_id[entry_id]), entry_id
    for entry_id in ["international-cooperation", "terrorism", "competent-authority"]:
        assert not _is_plural_lemma(GLOSSARY.by_id[entry_id]), entry_id


# "Equivalent not confirmed" ----------------------------------------------------------------

DOUBT = re.compile(r"not (?:fully )?confirmed|no fixed form was confirmed|could not be confirmed")
SCOPED_DOUBTS = re.compile(
    r"\(paragraph not confirmed\)"
    r"|wording not confirmed"
    r"|UN Arabic form not confirmed"
)
"""The doubts that concern something narrower than the headword's equivalent, each worded so."""


def _unscoped_doubt(text: str) -> bool:
    return bool(DOUBT.search(SCOPED_DOUBTS.sub("", text)))


def test_a_doubt_about_the_equivalent_uses_the_schema_formula() -> None:
    offending = [
        e.id
        for e in GLOSSARY.entries
        if _unscoped_doubt(e.note) and not re.search(r"(?:^|\. )Equivalent not confirmed", e.note)
    ]
    assert offending == []


def test_the_formula_is_written_one_way() -> None:
    for entry in GLOSSARY.entries:
        assert "equivalent not confirmed" not in entry.note.replace("Equivalent not", ""), entry.id
        assert not _unscoped_doubt(entry.authority), entry.id
        assert not _unscoped_doubt(entry.definition), entry.id


def test_the_entries_the_review_named_open_with_the_formula() -> None:
    for entry_id in [
        "beneficial-ownership",
        "non-profit-organization",
        "targeted-financial-sanctions",
        "biometric-data",
        "special-investigative-techniques",
        "use-of-internet-for-terrorist-purposes",
        "sanctions-list",
        "sanctions-committee",
        "isil-k",
        "egmont-group",
        "returning-foreign-terrorist-fighter",
        "eurasian-group",
    ]:
        assert GLOSSARY.by_id[entry_id].note.startswith("Equivalent not confirmed"), entry_id


# Variants the morphology derives -----------------------------------------------------------

INFLECTION = re.compile(r"(?:ون|ين|ان|ات|و|ي)$")
"""Not ة: دولة and its broken plural دول would fold alike."""


def _stem(word: str) -> str:
    """A word without the article (also after the proclitic ل: للفدية, لفدية) and the regular
    endings; a final ا after ي goes too, as the -ات plural of a loanword takes its place
    (تكنولوجيا, تكنولوجيات)."""
    word = _bare(word)
    if word.startswith("لل"):
        word = "ل" + word[2:]
    word = INFLECTION.sub("", word)
    return word[:-1] if word.endswith("يا") else word


def _folded(form: str) -> tuple[str, ...]:
    """A form without the article and the regular endings the header says are not listed."""
    return tuple(map(_stem, form.split()))


def _explained(entry: Entry, variant: str) -> bool:
    """A sentence of the note says the variant (or one of its words) is listed, and why."""
    return any(
        re.search(r"\blisted\b.*\bbecause\b", sentence)
        and any(word in sentence for word in variant.split())
        for sentence in entry.note.split(". ")
    )


def test_no_variant_is_a_regular_inflection_unless_the_note_says_why() -> None:
    offending = []
    for entry in GLOSSARY.entries:
        for index, variant in enumerate(entry.ar_variants):
            others = [entry.ar, *entry.ar_variants[:index], *entry.ar_variants[index + 1 :]]
            inflection = any(_folded(variant) == _folded(other) for other in others)
            if inflection and entry.pos not in NAMES and not _explained(entry, variant):
                offending.append((entry.id, variant))
    assert offending == []


def test_no_variant_starts_with_the_article_where_the_review_found_it_restored() -> None:
    for entry_id in [
        "illicit-drug-trafficking",
        "customer-due-diligence",
        "risk-based-approach",
        "kidnapping-for-ransom",
    ]:
        entry = GLOSSARY.by_id[entry_id]
        assert not [v for v in entry.ar_variants if v.startswith("ال")], entry_id
