"""ALA-LC romanization (tui_reader.core.translit) and the bundled glossary.yaml it is run on."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tui_reader.core.translit import transliterate

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary.yaml"
SOURCE_TEXT = Path(__file__).resolve().parents[2] / "texts" / "dushanbe-2019.yaml"

HARAKAT = re.compile("[\u064b-\u0652\u0670]")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
ROMANIZED = re.compile(r"[a-zA-Z0-9 ()\-ʼʻʹāīūáḥṣḍṭẓ]+")
"""Latin letters with the ALA-LC diacritics, ʼ ʻ ʹ, spaces and hyphens; digits and brackets for
resolution numbers such as 2462 (2019)."""

FIELDS: dict[str, type] = {
    "id": str,
    "ar": str,
    "vocalized": str,
    "en": str,
    "ar_variants": list,
    "en_variants": list,
    "pos": str,
    "definition": str,
    "note": str,
    "authority": str,
    "related": list,
    "tags": list,
}
OPTIONAL = ("avoid",)
"""Fields an entry may leave out: `avoid`, the English not to use."""
POS = {"noun", "adjective", "verb", "noun phrase", "proper noun", "abbreviation"}
TAGS = {
    "terrorism",
    "extremism",
    "financing",
    "organized crime",
    "institutions",
    "legal instruments",
    "security",
    "diplomacy",
    "law enforcement",
}
ARTICLE_KEPT = {"international-peace-and-security", "obligation"}
"""Entries whose `ar` starts with ال without being proper names: the fixed UN formula
السلام والأمن الدوليين, and التزام, whose ال is not the article."""


# ------------------------------------------------------------------ transliterate()

REQUIRED = [
    ("إِرْهَاب", "irhāb"),
    ("الْإِرْهَابُ", "al-irhāb"),
    ("مُكَافَحَة", "mukāfaḥah"),
    ("تَمْوِيل", "tamwīl"),
    ("مَجْلِسُ الْأَمْنِ", "majlis al-amn"),
]

FROM_THE_GLOSSARY = [
    ("مُكَافَحَةُ الْإِرْهَابِ", "mukāfaḥat al-irhāb"),
    ("تَمْوِيلُ الْإِرْهَابِ", "tamwīl al-irhāb"),
    ("غَسْلُ الْأَمْوَالِ", "ghasl al-amwāl"),
    ("إِرْهَابِيّ", "irhābī"),
    ("تَطَرُّف", "taṭarruf"),
    ("مُتَطَرِّف", "mutaṭarrif"),
    ("جَرِيمَةٌ مُنَظَّمَةٌ", "jarīmah munaẓẓamah"),
    ("اِتِّجَارٌ بِالْبَشَرِ", "ittijār bi-al-bashar"),
    ("اِتِّجَارٌ غَيْرُ مَشْرُوعٍ بِالْمُخَدِّرَاتِ", "ittijār ghayr mashrūʻ bi-al-mukhaddirāt"),
    ("تَهْرِيبُ الْقِطَعِ الْأَثَرِيَّةِ", "tahrīb al-qiṭaʻ al-atharīyah"),
    ("شَبَكَةٌ إِرْهَابِيَّةٌ", "shabakah irhābīyah"),
    ("عَابِرٌ لِلْحُدُودِ", "ʻābir lil-ḥudūd"),
    ("سُلُطَاتُ إِنْفَاذِ الْقَانُونِ", "suluṭāt infādh al-qānūn"),
    ("الْجَمْعِيَّةُ الْعَامَّةُ", "al-jamʻīyah al-ʻāmmah"),
    ("الْأُمَمُ الْمُتَّحِدَةُ", "al-umam al-muttaḥidah"),
    ("الِاتِّحَادُ الْأُورُوبِّيُّ", "al-ittiḥād al-ūrūbbī"),
    (
        "مُنَظَّمَةُ الْأَمْنِ وَالتَّعَاوُنِ فِي أُورُوبَّا",
        "munaẓẓamat al-amn wa-al-taʻāwun fī ūrūbbā",
    ),
    (
        "فِرْقَةُ الْعَمَلِ الْمَعْنِيَّةُ بِالْإِجْرَاءَاتِ الْمَالِيَّةِ",
        "firqat al-ʻamal al-maʻnīyah bi-al-ijrāʼāt al-mālīyah",
    ),
    ("قَرَارُ مَجْلِسِ الْأَمْنِ 2462 (2019)", "qarār majlis al-amn 2462 (2019)"),
    (
        "اِسْتِرَاتِيجِيَّةُ الْأُمَمِ الْمُتَّحِدَةِ الْعَالَمِيَّةُ لِمُكَافَحَةِ الْإِرْهَابِ",
        "istirātījīyat al-umam al-muttaḥidah al-ʻālamīyah li-mukāfaḥat al-irhāb",
    ),
    ("مُقَاتِلٌ إِرْهَابِيٌّ أَجْنَبِيٌّ", "muqātil irhābī ajnabī"),
    ("إِدْرَاجٌ فِي الْقَائِمَةِ", "idrāj fī al-qāʼimah"),
    ("تَجْمِيدُ الْأُصُولِ", "tajmīd al-uṣūl"),
    ("جَزَاءَات", "jazāʼāt"),
    ("تَقْرِيرٌ عَنْ مُعَامَلَةٍ مَشْبُوهَةٍ", "taqrīr ʻan muʻāmalah mashbūhah"),
    ("وَحْدَةُ الِاسْتِخْبَارَاتِ الْمَالِيَّةِ", "waḥdat al-istikhbārāt al-mālīyah"),
    ("حَوَالَة", "ḥawālah"),
    ("السَّلَامِ وَالْأَمْنِ الدَّوْلِيَّيْنِ", "al-salām wa-al-amn al-dawlīyayn"),
    ("اِسْتِقْرَار", "istiqrār"),
    ("إِعْلَانُ دُوشَنْبِه", "iʻlān dūshanbih"),
    ("بَيَانٌ خِتَامِيٌّ", "bayān khitāmī"),
    ("مَبْعُوثٌ خَاصٌّ", "mabʻūth khāṣṣ"),
    ("وَسَاطَة", "wasāṭah"),
    ("تَسْوِيَةُ الْمُنَازَعَاتِ", "taswiyat al-munāzaʻāt"),
    ("وَفْد", "wafd"),
    ("مُؤْتَمَرٌ رَفِيعُ الْمُسْتَوَى", "muʼtamar rafīʻ al-mustawá"),
    ("مَعَايِيرُ مُزْدَوِجَةٌ", "maʻāyīr muzdawijah"),
    (
        "تِكْنُولُوجِيَا الْمَعْلُومَاتِ وَالِاتِّصَالَاتِ",
        "tiknūlūjiyā al-maʻlūmāt wa-al-ittiṣālāt",
    ),
    ("أَسْبَابٌ جَذْرِيَّةٌ", "asbāb jadhrīyah"),
    ("عَمَلِيَّةُ السَّلَامِ", "ʻamalīyat al-salām"),
    ("اِخْتِطَافٌ طَلَبًا لِفِدْيَةٍ", "ikhtiṭāf ṭalaban li-fidyah"),
    ("مَلَاذٌ آمِنٌ", "malādh āmin"),
    (
        "الْمُدِيرِيَّةُ التَّنْفِيذِيَّةُ لِلَجْنَةِ مُكَافَحَةِ الْإِرْهَابِ",
        "al-mudīrīyah al-tanfīdhīyah li-lajnat mukāfaḥat al-irhāb",
    ),
    ("الْمُنَظَّمَةُ الدَّوْلِيَّةُ لِلشُّرْطَةِ الْجِنَائِيَّةِ", "al-munaẓẓamah al-dawlīyah lil-shurṭah al-jināʼīyah"),
    ("رَفْعُ الِاسْمِ مِنَ الْقَائِمَةِ", "rafʻ al-ism min al-qāʼimah"),
    ("اِلْتِزَام", "iltizām"),
    ("تَعَهُّد", "taʻahhud"),
]

RULES = [
    # sun letters are not assimilated, and their shadda after the article is not doubled
    ("الشَّمْسُ", "al-shams"),
    # shadda doubles, digraphs whole
    ("مُنَظَّمَة", "munaẓẓamah"),
    ("تَشَّر", "tashshar"),
    # hamza: not written at the start of a word, ʼ elsewhere; آ
    ("مُؤْتَمَر", "muʼtamar"),
    ("رَئِيس", "raʼīs"),
    ("مَسْؤُولِيَّة", "masʼūlīyah"),
    ("آثَار", "āthār"),
    ("مَآل", "maʼāl"),
    ("أُمَم", "umam"),
    # alif maqsura, dagger alif
    ("عَلَى", "ʻalá"),
    ("هٰذَا", "hādhā"),
    # diphthongs and ALA-LC īy / ūw
    ("غَيْر", "ghayr"),
    ("يَوْم", "yawm"),
    ("قُوَّة", "qūwah"),
    ("عَدُوٌّ", "ʻadūw"),
    ("إِرْهَابِيَّةٌ", "irhābīyah"),
    ("إِرْهَابِيٍّ", "irhābī"),
    # tā' marbūṭah: pause, construct (article or case vowel), noun-adjective, tanwin fath
    ("مُكَافَحَةُ غَسْلِ الْأَمْوَالِ", "mukāfaḥat ghasl al-amwāl"),
    ("الْجَرِيمَةُ الْمُنَظَّمَةُ", "al-jarīmah al-munaẓẓamah"),
    ("فَجْأَةً", "fajʼatan"),
    # case endings dropped, tanwin fath kept as -an, particles keep their vowel
    ("أَمْنٌ", "amn"),
    ("أَيْضًا", "ayḍan"),
    ("جَدِيداً", "jadīdan"),
    ("هُوَ", "huwa"),
    ("أَنَّ", "anna"),
    # proclitics
    ("وَالْأَمْنِ", "wa-al-amn"),
    ("بِالْمُخَدِّرَاتِ", "bi-al-mukhaddirāt"),
    ("لِلْحُدُودِ", "lil-ḥudūd"),
    ("لِلَّجْنَةِ", "lil-lajnah"),
    ("لِلِاسْتِثْمَارِ", "lil-istithmār"),
    ("وَبِالْأَمْنِ", "wa-bi-al-amn"),
    ("وَأَفْغَانِسْتَان", "wa-afghānistān"),
    ("وَاسْتِقْرَار", "wa-istiqrār"),
    ("لِمُكَافَحَةِ", "li-mukāfaḥah"),
    ("وَمُكَافَحَةُ", "wa-mukāfaḥah"),
    # proclitics before a word with a noun's shape of its own (ALA-LC hyphenates them)
    ("وَتَمْوِيلِ", "wa-tamwīl"),
    ("لِفِدْيَةٍ", "li-fidyah"),
    ("لِقَمْعِ", "li-qamʻ"),
    ("وَشَمَالِ", "wa-shamāl"),
    ("لِمِنْطَقَةِ", "li-minṭaqah"),
    ("فَقَمْعٌ", "fa-qamʻ"),
    ("كَشَمَالٍ", "ka-shamāl"),
    ("بِتَمْوِيلٍ", "bi-tamwīl"),
    ("وَمِهَنٌ", "wa-mihan"),
    # ... but not before a word's own first letter, nor where the long vowel is an ending's
    ("وَحْدَةُ", "waḥdah"),
    ("وَطَنِيَّةٍ", "waṭanīyah"),
    ("وَسَاطَة", "wasāṭah"),
    ("وَسَائِلُ", "wasāʼil"),
    ("وَزِيرُ", "wazīr"),
    ("بِنَاءُ", "bināʼ"),
    ("فَخَامَة", "fakhāmah"),
    ("وَاجِبَةٌ", "wājibah"),
    ("كَلِمَات", "kalimāt"),
    ("وَلَدَان", "waladān"),
    ("وَصِيَّة", "waṣīyah"),
    ("وَلَد", "walad"),
    ("كَتَبَا", "katabā"),
    ("وَرَقَة", "waraqah"),
    ("كَتَبَتْ", "katabat"),
    ("وَفِي", "wa-fī"),
    ("وَهُوَ", "wa-huwa"),
    ("وَطَن", "waṭan"),
    ("بِنْت", "bint"),
    # hamzat al-wasl after the article; a vocalized alif-lam that is not the article
    ("الِاسْتِقْرَارُ", "al-istiqrār"),
    ("الِالْتِزَامُ", "al-iltizām"),
    # words looked up whole
    ("الله", "Allāh"),
    ("والله", "wa-Allāh"),
    ("الَّتِي", "allatī"),
    # the prime between letters that would read as a digraph
    ("أَدْهَم", "adʹham"),
    # silent alif after final waw
    ("كَتَبُوا", "katabū"),
]


@pytest.mark.parametrize(("arabic", "expected"), REQUIRED + FROM_THE_GLOSSARY + RULES)
def test_transliterate(arabic: str, expected: str) -> None:
    assert transliterate(arabic) == expected


def test_presentation_forms_are_folded() -> None:
    assert transliterate("ﻓَﺮِﻳﻖ") == "farīq"
    assert transliterate("ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ") == transliterate("فريق العمل")
    assert transliterate("ﻻ") == transliterate("لا")


def test_tatweel_and_unknown_characters() -> None:
    assert transliterate("بـ «الدولة»") == transliterate("ب «الدولة»")
    assert transliterate("Dushanbe, 2019 — «سَلَام»!") == "Dushanbe, 2019 — «salām»!"
    assert transliterate("") == ""


def test_arabic_digits_and_punctuation() -> None:
    assert transliterate("٢٠١٩") == "2019"
    assert transliterate("۲۰۱۹") == "2019"
    assert transliterate("أَمْن، سَلَام؟") == "amn, salām?"


@given(st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF) | st.just(" ")))
def test_never_fails_and_leaves_no_known_letter(text: str) -> None:
    out = transliterate(text)
    assert not set(out) & set("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيٱپچژڤگکی")
    assert not HARAKAT.search(out)


def test_unvocalized_text_gives_consonants_and_long_vowels() -> None:
    out = transliterate("مكافحة الإرهاب")
    assert not ARABIC.search(out)
    assert out.startswith("mkāfḥ")
    assert "al-" in out


def test_the_whole_article_romanizes_without_arabic_left() -> None:
    text = yaml.safe_load(SOURCE_TEXT.read_text(encoding="utf-8"))
    for segment in text["segments"]:
        out = transliterate(segment["ar"])
        assert not ARABIC.search(out), (segment["id"], out)


# ------------------------------------------------------------------ glossary.yaml


def _strip(text: str) -> str:
    return HARAKAT.sub("", text)


@pytest.fixture(scope="module")
def glossary() -> dict[str, Any]:
    data = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def terms(glossary: dict[str, Any]) -> list[dict[str, Any]]:
    terms = glossary["terms"]
    assert isinstance(terms, list)
    return terms


def test_glossary_header(glossary: dict[str, Any]) -> None:
    assert glossary["version"] == 1
    assert set(glossary) == {"version", "terms"}
    assert GLOSSARY.read_text(encoding="utf-8").startswith("#")


def test_at_least_70_entries(terms: list[dict[str, Any]]) -> None:
    assert len(terms) >= 70


def test_every_field_present_with_its_type(terms: list[dict[str, Any]]) -> None:
    for term in terms:
        assert set(term) - set(OPTIONAL) == set(FIELDS), term.get("id")
        for name in set(term) & set(OPTIONAL):
            assert isinstance(term[name], list) and term[name], (term["id"], name)
            assert all(isinstance(item, str) and item for item in term[name]), (term["id"], name)
        for name, kind in FIELDS.items():
            assert isinstance(term[name], kind), (term["id"], name)
            if kind is list:
                assert all(isinstance(item, str) and item for item in term[name]), (
                    term["id"],
                    name,
                )
        for name in ("id", "ar", "vocalized", "en", "definition", "authority"):
            assert term[name].strip(), (term["id"], name)
            assert term[name] == term[name].strip(), (term["id"], name)


def test_ids_are_unique_lowercase_ascii(terms: list[dict[str, Any]]) -> None:
    ids = [term["id"] for term in terms]
    assert len(ids) == len(set(ids))
    for term_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", term_id), term_id


def test_pos_and_tags_from_the_lists(terms: list[dict[str, Any]]) -> None:
    for term in terms:
        assert term["pos"] in POS, term["id"]
        assert term["tags"], term["id"]
        assert set(term["tags"]) <= TAGS, term["id"]
        assert len(term["tags"]) == len(set(term["tags"])), term["id"]


def test_related_ids_exist(terms: list[dict[str, Any]]) -> None:
    ids = {term["id"] for term in terms}
    for term in terms:
        assert term["id"] not in term["related"], term["id"]
        assert len(term["related"]) == len(set(term["related"])), term["id"]
        for related in term["related"]:
            assert related in ids, (term["id"], related)


def test_arabic_is_unvocalized_and_unique(terms: list[dict[str, Any]]) -> None:
    seen: dict[str, str] = {}
    for term in terms:
        for arabic in [term["ar"], *term["ar_variants"]]:
            assert not HARAKAT.search(arabic), (term["id"], arabic)
            assert unicodedata.normalize("NFKC", arabic) == arabic, (term["id"], arabic)
            assert ARABIC.search(arabic), (term["id"], arabic)
        key = _strip(term["ar"])
        assert key not in seen, (term["id"], seen.get(key))
        seen[key] = term["id"]
        assert term["ar"] not in term["ar_variants"], term["id"]
        assert len(term["ar_variants"]) == len(set(term["ar_variants"])), term["id"]


def test_variants_do_not_name_another_entry(terms: list[dict[str, Any]]) -> None:
    headwords = {term["ar"]: term["id"] for term in terms}
    for term in terms:
        for variant in term["ar_variants"]:
            assert headwords.get(variant, term["id"]) == term["id"], (term["id"], variant)


def test_lemma_drops_the_article(terms: list[dict[str, Any]]) -> None:
    for term in terms:
        if term["ar"].startswith("ال"):
            assert term["pos"] == "proper noun" or term["id"] in ARTICLE_KEPT, term["id"]


def test_vocalized_has_the_letters_of_ar(terms: list[dict[str, Any]]) -> None:
    for term in terms:
        assert _strip(term["vocalized"]) == term["ar"], term["id"]


def test_vocalized_is_fully_vocalized(terms: list[dict[str, Any]]) -> None:
    """Every Arabic word carries vowel signs on at least half of its letters."""
    for term in terms:
        for word in term["vocalized"].split():
            letters = [c for c in word if ARABIC.match(c) and not HARAKAT.match(c)]
            if not letters:
                continue
            marked = sum(
                1
                for index, char in enumerate(word)
                if char in letters and index + 1 < len(word) and HARAKAT.match(word[index + 1])
            )
            assert marked * 2 >= len(letters), (term["id"], word)


def test_every_vocalized_form_romanizes(terms: list[dict[str, Any]]) -> None:
    for term in terms:
        out = transliterate(term["vocalized"])
        assert out, term["id"]
        assert not ARABIC.search(out), (term["id"], out)
        assert ROMANIZED.fullmatch(out), (term["id"], out)
        assert "--" not in out and not out.endswith("-"), (term["id"], out)


def test_no_transliteration_stored(terms: list[dict[str, Any]]) -> None:
    for term in terms:
        assert "translit" not in term


PROCLITIC_WORDS = frozenset(
    [
        "بالأسلحة",
        "بالأشخاص",
        "بالإجراءات",
        "بالسجلات",
        "بالمخدرات",
        "لفدية",
        "لتنسيق",
        "لقمع",
        "للجنة",
        "للحدود",
        "للشرطة",
        "للمخاطر",
        "لمكافحة",
        "لمنطقة",
        "وأسلحة",
        "والأمن",
        "والاتصالات",
        "والتعاون",
        "والجريمة",
        "والشام",
        "والمؤثرات",
        "وتمويل",
        "وتنظيم",
        "ورصد",
        "وشمال",
        "ومهن",
    ]
)
"""Words of the glossary's vocalized forms whose first letter (و ف ك with fatha, ب ل with
kasra) is a proclitic: ALA-LC joins it with a hyphen (wa-tamwīl, li-qamʻ, bi-al-)."""

OWN_LETTER_WORDS = frozenset(
    [
        "بناء",
        "بيومترية",
        "فخامة",
        "فريق",
        "فساد",
        "واجبة",
        "وحدة",
        "وزير",
        "وسائل",
        "وساطة",
        "وطني",
        "وطنية",
        "وفد",
    ]
)
"""Words whose first letter, written like a proclitic, is their own (waḥdah, wafd, bināʼ)."""

CLITIC = re.compile(r"(?:wa|fa|ka|bi|li|lil)-")


def _proclitic_shaped(word: str) -> bool:
    return len(word) > 1 and (
        (word[0] in "وفك" and word[1] == "\u064e") or (word[0] in "بل" and word[1] == "\u0650")
    )


def test_every_entry_hyphenates_its_proclitics_and_only_them(
    terms: list[dict[str, Any]],
) -> None:
    """Over every entry: each word that starts like a proclitic is known to be one or not
    (a new entry adds its words to one of the lists), and is romanized accordingly."""
    for term in terms:
        words = term["vocalized"].split()
        romanized = transliterate(term["vocalized"]).split()
        assert len(words) == len(romanized), term["id"]
        for word, roman in zip(words, romanized, strict=True):
            if not _proclitic_shaped(word):
                continue
            letters = _strip(word)
            assert letters in PROCLITIC_WORDS | OWN_LETTER_WORDS, (term["id"], word, roman)
            hyphenated = CLITIC.match(roman) is not None
            assert hyphenated == (letters in PROCLITIC_WORDS), (term["id"], word, roman)
