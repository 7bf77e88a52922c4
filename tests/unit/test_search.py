"""Search: each normalization, phrases, regular expressions, forms, every kind of source, and
the exact span of each hit in the original text."""

from __future__ import annotations

import pytest
from conftest import TESTS_DIR
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.core import library
from tui_reader.core.glossary import load_glossary
from tui_reader.core.notes import Anchor, NoteStore, new_note
from tui_reader.core.search import (
    Query,
    QueryError,
    search,
    search_glossary,
    search_segments,
    search_text,
)
from tui_reader.core.text import Segment, Text

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)
MINI = load_glossary(TESTS_DIR / "data" / "mini-glossary.yaml")


def _found(text: Text, query: str, **options: object) -> list[str]:
    hits = search_text(text, Query(query, **options))  # type: ignore[arg-type]
    return [hit.source[hit.start : hit.end] for hit in hits]


def _text(*arabic: str, english: str = "") -> Text:
    segments = tuple(Segment(f"s{i}", ar, english) for i, ar in enumerate(arabic, start=1))
    return Text("t", "", "", segments)


@pytest.mark.parametrize(
    ("query", "written"),
    [
        ("الارهاب", "الإرهاب"),  # typed without hamza
        ("مُكَافَحَةُ", "مكافحة"),  # typed with vowel marks, text without
        ("علي", "على"),  # alef maqsura
        ("يهيئ", "يهيء"),  # hamza seat
        ("فريق العمل", "ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ"),  # the article's presentation forms
        ("البناءة", "البنّاءة"),  # shadda in the text
    ],
)
def test_each_normalization_finds_the_written_form(query: str, written: str) -> None:
    assert written in _found(ARTICLE, query)


def test_unvocalized_query_finds_vocalized_text_and_highlights_all_of_it() -> None:
    text = _text("قال: مُكَافَحَةُ الإِرْهَابِ واجبة")
    assert _found(text, "مكافحة الارهاب") == ["مُكَافَحَةُ الإِرْهَابِ"]


def test_tatweel_and_a_phrase_over_several_spaces() -> None:
    text = _text("إن مـكـافـحة   الإرهاب")
    assert _found(text, "مكافحة الإرهاب") == ["مـكـافـحة   الإرهاب"]


def test_phrase_across_words_in_the_article() -> None:
    source = (library.open_text(library.DEFAULT_TEXT_ID).original()).count("تمويل الإرهاب")
    assert _found(ARTICLE, "تمويل الإرهاب", kinds=("ar",)) == ["تمويل الإرهاب"] * source
    assert source == 3


def test_english_is_case_insensitive_and_whole_word_is_an_option() -> None:
    hits = _found(ARTICLE, "security council", kinds=("en",))
    assert hits and all(hit.lower() == "security council" for hit in hits)
    assert "State" in " ".join(_found(ARTICLE, "state", kinds=("en",)))
    assert any(h.lower() == "state" for h in _found(ARTICLE, "state", kinds=("en",)))
    partial = _found(ARTICLE, "stat", kinds=("en",))
    whole = _found(ARTICLE, "stat", kinds=("en",), whole_word=True)
    assert partial and whole == []


def test_regular_expressions_run_on_the_folded_text() -> None:
    hits = _found(ARTICLE, r"تمويل\s+\S+", regex=True, kinds=("ar",))
    assert "تمويل الإرهاب" in hits and "تمويله" not in hits
    assert _found(ARTICLE, r"20\d\d", regex=True, kinds=("ar",)) == ["2019", "2019"]


@pytest.mark.parametrize(
    ("query", "options", "message"),
    [
        ("(unclosed", {"regex": True}, "not a valid regular expression: missing \\) at position 9"),
        ("\u064e\u064f", {}, "the query is empty"),
        ("x" * 2000, {}, "longer than 1000 characters"),
    ],
)
def test_bad_queries_say_why(query: str, options: dict[str, bool], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        Query(query, **options).pattern()  # type: ignore[arg-type]


def test_a_runaway_regular_expression_gives_up_with_a_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(a|aa)+$ backtracks without end on a long run of a's not followed by the end: with
    `re` this held the GIL, and the reader, for minutes."""
    import time

    from tui_reader.core import search as search_module

    monkeypatch.setattr(search_module, "REGEX_SECONDS", 0.2)
    text = _text("a" * 40 + "b")
    start = time.perf_counter()
    with pytest.raises(QueryError, match=r"took more than 0.2 s; make it simpler"):
        search_text(text, Query("(a|aa)+$", regex=True))
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("query", ["الارهاب", "منظمة", "دولي", "إرهابي", "تمويل الإرهاب"])
def test_forms_find_everything_the_query_finds_as_it_is(query: str) -> None:
    """--forms adds forms: every place the plain query finds lies inside a forms hit."""
    plain = search_text(ARTICLE, Query(query, kinds=("ar",)))
    forms = search_text(ARTICLE, Query(query, kinds=("ar",), forms=True))
    assert plain
    covered = {(hit.segment_index, hit.start, hit.end) for hit in forms}
    for hit in plain:
        assert any(
            index == hit.segment_index and start <= hit.start and hit.end <= end
            for index, start, end in covered
        ), hit.snippet()


def test_a_final_ya_is_the_adjectives_not_a_possessive() -> None:
    """إرهابي (terrorist) is not إرهاب (terrorism) + "my", and the article never takes a
    possessive: الإرهابي is "the terrorist"."""
    found = _found(_text("الإرهاب والإرهابي الإرهابية الإرهابيين"), "إرهابي", forms=True)
    assert found == ["والإرهابي", "الإرهابية", "الإرهابيين"]
    assert _found(_text("الدول والدولية دولي"), "دولي", forms=True) == ["والدولية", "دولي"]
    # A word that merely begins with ال keeps its suffixed forms (after hamza folding, ألفاظ
    # and التزام both do).
    text = _text("أكد التزامه بالقرار وألفاظها")
    assert _found(text, "التزام", forms=True, whole_word=True) == ["التزامه"]
    assert _found(text, "ألفاظ", forms=True, whole_word=True) == ["وألفاظها"]


def test_forms_match_inflected_and_cliticized_words() -> None:
    assert _found(ARTICLE, "منظمة", kinds=("ar",)).count("منظمة") >= 3
    assert "المنظمات" not in " ".join(_found(_text("المنظمات الدولية"), "منظمة"))
    assert _found(_text("المنظمات الدولية"), "منظمة", forms=True) == ["المنظمات"]
    assert _found(_text("ولتمويل الإرهاب"), "تمويل إرهاب", forms=True) == ["ولتمويل الإرهاب"]


def test_glossary_hits_name_the_entry_and_field() -> None:
    hits = search_glossary(MINI, Query("FATF"))
    assert [(hit.ref, hit.field) for hit in hits] == [
        ("terrorist-financing", "authority"),
        ("fatf", "en_variants"),
        ("fatf", "authority"),
    ]
    arabic = search_glossary(MINI, Query("بالتدابير"))
    assert [(hit.ref, hit.field) for hit in arabic] == [("fatf", "ar"), ("fatf", "vocalized")]
    vocalized = arabic[1]
    assert vocalized.source[vocalized.start : vocalized.end] == "بِالتَّدَابِير"


def test_notes_hits_in_body_tags_and_quote() -> None:
    store = NoteStore.open(ARTICLE.id)
    segment = ARTICLE.segments[1]
    store.put(new_note(Anchor.make(segment, 0, 7), "Check the verb", "query", ["grammar"]))
    hits = search_text(ARTICLE, Query("grammar", kinds=("notes",)), store)
    assert [(hit.field, hit.segment_index) for hit in hits] == [("tags", 1)]
    assert [h.field for h in search_text(ARTICLE, Query("استضافت", kinds=("notes",)), store)] == [
        "quote"
    ]


def test_search_across_texts_groups_by_kind() -> None:
    other = _text("مكافحة الفساد", english="fighting corruption")
    hits = search(Query("مكافحة"), [ARTICLE, other], MINI)
    kinds = [hit.kind for hit in hits]
    assert kinds == sorted(kinds, key=["ar", "en", "glossary", "notes"].index)
    assert {hit.text_id for hit in hits if hit.kind == "ar"} == {"dushanbe-2019", "t"}
    assert any(hit.kind == "glossary" and hit.ref == "countering" for hit in hits)


def test_snippets_are_one_line_with_the_match_in_the_middle() -> None:
    [hit] = search_text(_text("أول\nثاني مكافحة ثالث"), Query("مكافحة"))
    assert hit.snippet() == ("أول ثاني ", "مكافحة", " ثالث")


def test_long_snippets_are_cut_at_a_word_or_a_line_break() -> None:
    source = "بداية طويلة جدا جدا جدا\nأول ثاني مكافحة ثالث\tرابع خامس سادس سابع ثامن تاسع"
    [hit] = search_text(_text(source), Query("مكافحة"))
    before, match, after = hit.snippet(context=20)
    assert match == "مكافحة"
    assert before == "…جدا جدا أول ثاني "
    assert after == " ثالث رابع خامس…"
    assert not any(char in part for part in (before, after) for char in "\n\r\t")


def test_a_phrase_does_not_run_from_one_segment_into_the_next() -> None:
    text = _text("في نهاية الجملة مكافحة", "الإرهاب في البداية")
    assert _found(text, "مكافحة الإرهاب") == []


def test_searching_through_a_text_index_gives_the_same_hits() -> None:
    from tui_reader.core.search import TextIndex

    index = TextIndex.build(ARTICLE)
    for query in ("الارهاب", "تمويل الإرهاب", "security council", r"20\d\d"):
        request = Query(query, regex=query.startswith("20"))
        assert search_text(ARTICLE, request, index=index) == search_text(ARTICLE, request)


def test_forms_with_a_latin_query_search_as_written() -> None:
    hits = search_glossary(MINI, Query("terrorism", forms=True))
    assert hits and hits == search_glossary(MINI, Query("terrorism"))


def test_forms_never_pair_words_across_two_segments() -> None:
    text = _text("في النهاية مكافحة", "الإرهاب في البداية")
    assert _found(text, "مكافحة الإرهاب", forms=True) == []


_PIECES = ["ب", "الإرهاب", "ﻓﺮﻳﻖ", "َ", "ـ", "a", "A", " ", "\n", "\x00", "ﻻ", ""]


@settings(max_examples=200, deadline=None)
@given(
    strings=st.lists(
        st.lists(st.sampled_from(_PIECES), max_size=6).map("".join), min_size=1, max_size=6
    ),
    query=st.sampled_from(
        [
            Query("ب"),
            Query("الارهاب"),
            Query("a b"),
            Query("فريق"),
            Query("لا"),
            Query(".", regex=True),
            Query("[^ب]", regex=True),
            Query(r"\W+", regex=True),
            Query("x?", regex=True),
            Query("ب", whole_word=True),
        ]
    ),
)
def test_hits_in_strings_searched_together_are_those_of_each_alone(
    strings: list[str], query: Query
) -> None:
    together = search_segments(query, "ar", "t", [(i, f"s{i}", s) for i, s in enumerate(strings)])
    alone = [
        hit
        for i, string in enumerate(strings)
        for hit in search_segments(query, "ar", "t", [(i, f"s{i}", string)])
    ]
    assert together == alone
