"""Property tests (Hypothesis) for the display pipeline, folding and the glossary matcher.

Every test uses a fixed number of examples and `derandomize=True`, so a run in CI draws the
same examples as a run here; the whole file takes well under a minute.

1. `layout` on hostile text: never raises, lines fit, widths add up, no control character
   reaches the terminal, every logical character is drawn unless it may be left out.
2. `layout` agrees with GNU FriBidi, line by line, on text without control characters.
3. `normalize` is idempotent and is `fold(...).text`; `Folded.span` maps back faithfully.
4. `Glossary.find`: spans in order, at word boundaries, covering their term; an inserted term
   (with clitics and vowel marks) is found where it was put.

The bugs these properties found (letters missing from arabic-reshaper's joining data, a mark
after a tab moved by rule L1, terms with numbers never matched, terms matched across
punctuation) are fixed; each keeps its minimal input as an explicit @example, so it is tried on
every run whatever the examples drawn.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from conftest import TESTS_DIR
from fribidi_ref import assert_layout_matches
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from rich.cells import get_character_cell_size

from tui_reader.core.bidi import bidi_class
from tui_reader.core.display import bidi_paragraphs, layout, line_count
from tui_reader.core.glossary import Glossary, load_glossary
from tui_reader.core.morphology import analyses, key
from tui_reader.core.normalize import fold, normalize
from tui_reader.paths import bundled_glossary_path


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def _chars(first: int, last: int) -> list[str]:
    return [chr(code) for code in range(first, last + 1)]


# Alphabets ---------------------------------------------------------------------------------

ARABIC_LETTERS = _chars(0x0621, 0x064A)  # includes tatweel U+0640
HARAKAT = _chars(0x064B, 0x0652)  # tanween, short vowels, shadda U+0651, sukun
SHADDA, TATWEEL = "\u0651", "\u0640"
ARABIC_DIGITS = _chars(0x0660, 0x0669)
LATIN = _chars(ord("a"), ord("z")) + _chars(ord("A"), ord("Z"))
ASCII_DIGITS = _chars(ord("0"), ord("9"))
PUNCTUATION = [*".,;:!?-'\"/%$#&*+=@_~", "\u060c", "\u061b", "\u061f", "\u066a"]
BRACKETS = list("()[]{}«»")
SPACES = [" ", " ", " ", "  "]
JOINERS = ["\u200c", "\u200d"]
BIDI_CONTROLS = ["\u200e", "\u200f", "\u061c", *_chars(0x202A, 0x202E), *_chars(0x2066, 0x2069)]
C0 = _chars(0x00, 0x1F)
C1 = _chars(0x80, 0x9F)
ESCAPES = ["\x1b]0;x\x07", "\x1b[31m", "\x1b[2J", "\x1b[0m", "\x9b1;1H", "\x1b]8;;http://x\x1b\\"]
NEWLINES = ["\n", "\r\n", "\r", "\u2029", "\x85", "\x0b", "\x0c", "\u2028"]
EMOJI_CJK = [
    "😀",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "❤\ufe0f",
    "🇸🇦",
    "漢字",
    "中",
    "Ａ",
    "한",
    "\u3000",
]
# Real words, so that shaping, lam-alef and marks on joined letters are exercised often.
ARABIC_WORDS = ["لا", "لأن", "الله", "مُحَمَّدٌ", "الإرهاب", "ﻓﺮﻳﻖ", "ﻻ", "في", "ما", "بـ"]

# Presentation forms of one Arabic letter (U+0621-U+064A) in its positional forms, and the
# lam-alef ligatures: assigned since Unicode 1.1, so FriBidi 1.0.8 (Unicode 10) and Python's
# unicodedata (Unicode 14) agree on them. Other ligatures (ئا U+FBEA, الله U+FDF2...) fold to
# several letters that a narrow line may split, giving two lines the same one-character
# logical range: no comparison by logical range can place such a break, so they are left to
# test 1.
LETTER_FORMS = [
    char
    for char in _chars(0xFB50, 0xFDFF) + _chars(0xFE70, 0xFEFC)
    if (folded := unicodedata.normalize("NFKC", char)) != char
    and all("\u0621" <= part <= "\u064a" and part != TATWEEL for part in folded)
    and (len(folded) == 1 or (folded[0] == "\u0644" and folded[1] in "\u0622\u0623\u0625\u0627"))
]


def _pick(chars: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(chars)


arabic_letter = _pick(ARABIC_LETTERS)
presentation_form = st.integers(0xFB50, 0xFDFF).map(chr) | st.integers(0xFE70, 0xFEFC).map(chr)
noncharacter = st.integers(0xFDD0, 0xFDEF).map(chr)
lone_surrogate = st.integers(0xD800, 0xDFFF).map(chr)


def _text(pieces: st.SearchStrategy[str], max_pieces: int = 60) -> st.SearchStrategy[str]:
    return st.lists(pieces, max_size=max_pieces).map("".join)


# Arabic letters come up far more often than anything else, as in a real text.
arabic_pieces = (
    arabic_letter,
    arabic_letter,
    arabic_letter,
    _pick(ARABIC_WORDS),
    _pick(HARAKAT),
    st.just(SHADDA) | st.just(TATWEEL),
    _pick(ARABIC_DIGITS),
)
hostile_piece = st.one_of(
    *arabic_pieces,
    _pick(LATIN),
    _pick(ASCII_DIGITS),
    _pick(SPACES),
    _pick(PUNCTUATION),
    _pick(BRACKETS),
    presentation_form,
    noncharacter,
    _pick(C0) | st.just("\x7f") | _pick(C1),
    _pick(ESCAPES),
    _pick(BIDI_CONTROLS),
    _pick(JOINERS),
    lone_surrogate,
    _pick(EMOJI_CJK),
    _pick(NEWLINES),
    st.characters(),  # anything else at all, now and then
)
hostile_text = _text(hostile_piece)

# What FriBidi and the pipeline must agree on: the same without control characters (C0, C1),
# bidi controls, surrogates, noncharacters and presentation forms other than letters.


def _clean_text(letters: list[str], *more: str) -> st.SearchStrategy[str]:
    letter = _pick(letters)
    pieces = [
        letter,
        letter,
        letter,
        _pick(HARAKAT),
        st.just(SHADDA) | st.just(TATWEEL),
        _pick(["لا", "لأ", "لإ", "لآ", "الله", "ال"]),
        _pick(ARABIC_DIGITS),
        _pick(LATIN),
        _pick(ASCII_DIGITS),
        _pick(SPACES),
        _pick(PUNCTUATION),
        _pick(BRACKETS),
        _pick(LETTER_FORMS),
        _pick(JOINERS),
    ]
    if more:
        pieces.append(_pick(list(more)))
    return _text(st.one_of(*pieces))


clean_text = _clean_text(ARABIC_LETTERS)
# U+063B-U+063F (keheh and Farsi yeh variants, Unicode 5.1) are dual-joining letters that
# have no presentation forms (see the xfail below); the other letters, on their own.
NO_PRESENTATION_FORMS = _chars(0x063B, 0x063F)
COMMON_LETTERS = [char for char in ARABIC_LETTERS if char not in NO_PRESENTATION_FORMS]
clean_text_common_letters = _clean_text(COMMON_LETTERS)
# The two control characters a text may well hold: tab (drawn as a space) and line feed.
clean_text_with_tab_and_newline = _clean_text(COMMON_LETTERS, "\t", "\n", "\t")

widths = st.integers(1, 12) | st.integers(1, 200)


# 1. Layout on anything ---------------------------------------------------------------------


def _units(char: str) -> str:
    """What the pipeline lays out for one original character (presentation forms folded)."""
    code = ord(char)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE:
        return unicodedata.normalize("NFKC", char)
    return char


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF


def _may_be_left_out(unit: str) -> bool:
    """A unit the pipeline need not draw: white space (bidi class WS, or a tab, where a line
    breaks), or a hidden character (format, or boundary neutral such as the bidi controls).
    Other control characters, even of class BN, are drawn as visible pictures."""
    if unit == "\t":
        return True
    if _is_control(unit):
        return False
    return bidi_class(unit) in ("WS", "BN") or unicodedata.category(unit) == "Cf"


def _paragraph_breaks(text: str) -> set[int]:
    """Offsets of the characters that separate paragraphs (CR LF is one break)."""
    breaks: set[int] = set()
    bounds = list(bidi_paragraphs(text))
    for (offset, paragraph), (following, _) in itertools.pairwise(bounds):
        breaks.update(range(offset + len(paragraph), following))
    return breaks


@pytest.mark.parametrize(("rtl", "visual"), [(True, True), (False, True), (True, False)])
@_settings(300)
@given(text=hostile_text, width=widths)
def test_layout_is_safe_and_complete_on_any_text(
    text: str, width: int, rtl: bool, visual: bool
) -> None:
    lines = layout(text, width, rtl=rtl, visual=visual)
    assert lines, "even an empty text has a line"
    drawn: set[int] = set()
    for line in lines:
        assert line.width == sum(cluster.width for cluster in line.clusters)
        assert line.width <= width or (
            len(line.clusters) == 1 and line.clusters[0].width > width
        ), (width, [(c.text, c.width) for c in line.clusters])
        for cluster in line.clusters:
            assert 0 <= cluster.start < cluster.end <= len(text)
            assert cluster.width == sum(get_character_cell_size(c) for c in cluster.text)
            for char in cluster.text:
                assert unicodedata.category(char) not in ("Cc", "Cf", "Cs"), (
                    f"{char!r} reaches the terminal (from {text[cluster.start : cluster.end]!r})"
                )
            drawn.update(range(cluster.start, cluster.end))
    breaks = _paragraph_breaks(text)
    for index, char in enumerate(text):
        if index in drawn or index in breaks:
            continue
        assert all(_may_be_left_out(unit) for unit in _units(char)), (
            f"{char!r} at {index} is drawn nowhere"
        )
        # White space left out lies between lines, never inside one's logical range.
        if char == "\t" or (bidi_class(char) == "WS" and not _is_control(char)):
            assert not any(line.start <= index < line.end for line in lines if line.clusters)


# 2. Agreement with GNU FriBidi -------------------------------------------------------------


PAIRED_BRACKETS = frozenset("()[]{}")


def _fribidi_loses_a_bracket(text: str) -> bool:
    """A defect of FriBidi 1.0.8, not ours: a bracket right after a neutral (class ON) and its
    vowel marks is merged into the neutral's run by FriBidi's rule W1 and is no longer paired
    (rule N0). 'ء;ّ(ء)' left to right: per UAX #9 both brackets are R, level 1 (ours, and
    python-bidi's unicode-bidi); FriBidi puts ')' at level 0. Such texts are not compared."""
    classes = [unicodedata.bidirectional(char) for char in text]
    for index, kind in enumerate(classes):
        if kind != "ON":
            continue
        after, marks = index + 1, 0
        while after < len(text) and classes[after] in ("NSM", "BN"):
            marks += classes[after] == "NSM"
            after += 1
        if marks and after < len(text) and text[after] in PAIRED_BRACKETS:
            return True
    return False


def _compare_with_fribidi(text: str, width: int, rtl: bool) -> None:
    assume(not _fribidi_loses_a_bracket(text))
    assert_layout_matches(text, width, rtl)


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
@pytest.mark.parametrize("rtl", [True, False])
@_settings(250)
@given(text=clean_text, width=widths)
@example(text="ػب", width=80)  # found by Hypothesis: U+063B before beh
def test_layout_agrees_with_fribidi_line_by_line(text: str, width: int, rtl: bool) -> None:
    _compare_with_fribidi(text, width, rtl)


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
@pytest.mark.parametrize("rtl", [True, False])
@_settings(250)
@given(text=clean_text_common_letters, width=widths)
def test_layout_agrees_with_fribidi_on_letters_with_presentation_forms(
    text: str, width: int, rtl: bool
) -> None:
    """The property above, without U+063B-U+063F: everything else must keep agreeing while
    the xfail stands."""
    _compare_with_fribidi(text, width, rtl)


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
@pytest.mark.parametrize("rtl", [True, False])
@_settings(200)
@given(text=clean_text_with_tab_and_newline, width=widths)
@example(text="a\t\u064bb", width=80)  # found by Hypothesis (RTL); LTR: "ء\t\u064bء"
@example(text="\u0621\t\u064b\u0621", width=80)
def test_layout_agrees_with_fribidi_with_tabs_and_line_feeds(
    text: str, width: int, rtl: bool
) -> None:
    _compare_with_fribidi(text, width, rtl)


# 3. Folding ----------------------------------------------------------------------------------

fold_text = _text(
    st.one_of(
        arabic_letter,
        arabic_letter,
        _pick(HARAKAT),
        st.just(TATWEEL),
        _pick(["\u0670", "\u06d6", "\u06e1", "\u0671", "\u06a9", "\u06cc", "\u0654"]),
        presentation_form,
        _pick(JOINERS + BIDI_CONTROLS),
        _pick(SPACES + LATIN + PUNCTUATION),
        lone_surrogate,
        st.characters(),
    )
)


@_settings(300)
@given(text=fold_text)
def test_normalize_is_idempotent_and_is_the_folded_text(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert fold(text).text == once


@_settings(300)
@given(data=st.data(), text=fold_text)
def test_fold_spans_cover_their_original_characters(data: st.DataObject, text: str) -> None:
    folded = fold(text)
    size = len(folded.text)
    assert len(folded.origins) == size
    assert list(folded.origins) == sorted(folded.origins)
    start = data.draw(st.integers(0, size), label="start")
    end = data.draw(st.integers(start, size), label="end")
    first, last = folded.span(start, end)
    assert 0 <= first <= last <= len(text)
    if start == end:
        assert first == last
        return
    for index in range(start, end):
        assert first <= folded.origins[index] < last
    assert first == folded.origins[start]
    # The span reads back as (at least) those folded characters, and only takes in, after
    # them, characters that fold to nothing (vowel marks, tatweel, joiners).
    assert folded.text[start:end] in normalize(text[first:last])
    assert normalize(text[folded.origins[end - 1] + 1 : last]) == ""
    assert last == len(text) or normalize(text[last])


# 4. Glossary matching --------------------------------------------------------------------------

BUNDLED = load_glossary(bundled_glossary_path())
MINI = load_glossary(TESTS_DIR / "data" / "mini-glossary.yaml")
GLOSSARIES = {"bundled": BUNDLED, "mini": MINI}
WORD_LETTER = frozenset(
    chr(code)
    for first, last in ((0x0621, 0x063A), (0x0641, 0x064A), (0x0660, 0x0669), (0x066E, 0x06D3))
    for code in range(first, last + 1)
)


ARABIC_WORD = re.compile("[" + "".join(sorted(WORD_LETTER)) + "]+")
# The matcher's own words: Arabic letters and digits (resolution numbers are terms).
TERM_WORD = re.compile("[" + "".join(sorted(WORD_LETTER)) + "0-9]+")


def _is_arabic_word(word: str) -> bool:
    return ARABIC_WORD.fullmatch(word) is not None


def _forms(glossary: Glossary, arabic_only: bool = True) -> list[tuple[str, str]]:
    """(entry id, Arabic form) of every form whose words are (or are not) all Arabic."""
    return [
        (entry.id, form)
        for entry in glossary.entries
        for form in entry.arabic_forms
        if all(_is_arabic_word(normalize(word)) for word in form.split()) == arabic_only
    ]


def _term_keys(glossary: Glossary) -> frozenset[str]:
    return frozenset(
        key(normalize(word))
        for entry in glossary.entries
        for form in entry.arabic_forms
        for word in form.split()
    )


TERM_KEYS = {name: _term_keys(glossary) for name, glossary in GLOSSARIES.items()}
FORMS = {name: _forms(glossary) for name, glossary in GLOSSARIES.items()}


def _marked(word: str) -> st.SearchStrategy[str]:
    """A word with vowel marks (and now and then a tatweel) after some of its letters."""
    return st.lists(
        st.sampled_from(["", "", "", *HARAKAT, SHADDA + "\u064e", TATWEEL]),
        min_size=len(word),
        max_size=len(word),
    ).map(
        lambda marks: "".join(
            char + (mark if char in WORD_LETTER else "")
            for char, mark in zip(word, marks, strict=True)
        )
    )


# Letters of one word for the matcher (not tatweel, nor U+063B-U+063F, which split words).
word_letter = _pick([char for char in ARABIC_LETTERS if char in WORD_LETTER])
arabic_word = st.lists(word_letter, min_size=1, max_size=8).map("".join)
separator = st.sampled_from([" ", " ", " ", "  ", "، ", ". ", "\n", " (", ") ", " «", "» ", "\t"])
CLITICS = ["", "", "و", "ب", "ل", "ال", "لل", "وال", "بال", "ولل"]


def _marked_phrase(phrase: str) -> st.SearchStrategy[str]:
    return st.tuples(*(_marked(word) for word in phrase.split())).map(" ".join)


def _matcher_text(name: str) -> st.SearchStrategy[str]:
    """Separators, filler and the glossary's terms (whole, or word by word, with clitics and
    marks) run together: texts where terms are found, half-found and almost found."""
    forms = sorted({form for _, form in FORMS[name]})
    words = sorted({word for form in forms for word in form.split()})
    term_word = st.tuples(_pick(CLITICS), _pick(words)).map("".join).flatmap(_marked)
    term = st.tuples(_pick(CLITICS), _pick(forms)).map("".join).flatmap(_marked_phrase)
    return _text(
        st.one_of(
            term,
            term,
            term_word,
            term_word,
            arabic_word.flatmap(_marked),
            _pick(CLITICS),
            separator,
            separator,
            separator,
            _pick(HARAKAT),
            _pick(LATIN + ASCII_DIGITS + ARABIC_DIGITS + PUNCTUATION + BRACKETS),
            presentation_form,
            _pick(LETTER_FORMS),
            _pick(JOINERS + BIDI_CONTROLS),
        ),
        max_pieces=30,
    )


MATCHER_TEXT = {name: _matcher_text(name) for name in GLOSSARIES}


def _words_in_order(haystack: str, needles: list[str]) -> bool:
    at = 0
    for needle in needles:
        found = haystack.find(needle, at)
        if found < 0:
            return False
        at = found + len(needle)
    return True


def _covers_its_term(glossary: Glossary, match_text: str, entry_id: str) -> bool:
    """Some form of the entry has its words, in order, inside the folded span: each word's
    key (article stripped), less a final ta marbuta (المنظمات is منظمة, مكافحته too)."""
    folded = normalize(match_text)
    for form in glossary.by_id[entry_id].arabic_forms:
        keys = [key(normalize(word)) for word in form.split()]
        stems = [k[:-1] if k.endswith("ة") and len(k) > 1 else k for k in keys]
        if _words_in_order(folded, stems):
            return True
    return False


def _check_matches(glossary: Glossary, text: str) -> list[tuple[int, int]]:
    spans = []
    previous_end = 0
    for match in glossary.find(text):
        assert 0 <= match.start < match.end <= len(text)
        assert match.start >= previous_end, "matches overlap or are out of order"
        previous_end = match.end
        written = text[match.start : match.end]
        before, inside = normalize(text[: match.start]), normalize(written)
        after = normalize(text[match.end :])
        assert inside and inside[0] in WORD_LETTER, f"{written!r} does not begin with a word"
        assert not before or before[-1] not in WORD_LETTER, f"{written!r} begins mid-word"
        # A term written with brackets ends with its closing bracket: 2462 (2019).
        last = inside.rstrip(")")[-1]
        assert (last in WORD_LETTER or last.isdigit()) and (
            not after or after[0] not in WORD_LETTER
        ), f"{written!r} ends mid-word"
        assert _covers_its_term(glossary, written, match.entry.id), (match.entry.id, written)
        spans.append((match.start, match.end))
    return spans


@pytest.mark.parametrize("name", sorted(GLOSSARIES))
@_settings(250)
@given(data=st.data())
def test_matches_are_ordered_word_aligned_and_cover_their_term(
    name: str, data: st.DataObject
) -> None:
    text = data.draw(MATCHER_TEXT[name], label="text")
    _check_matches(GLOSSARIES[name], text)


def _filler_word(name: str) -> st.SearchStrategy[str]:
    """Arabic words that no reading (clitics stripped) makes a word of any term."""
    keys = TERM_KEYS[name]

    def unrelated(word: str) -> bool:
        folded = normalize(word)
        return key(folded) not in keys and all(key(a.stem) not in keys for a in analyses(folded))

    return arabic_word.filter(unrelated).flatmap(_marked)


def _with_clitics(first: str, conjunction: str, preposition: str, article: bool) -> str:
    """The first word of a term as a text may write it: و, then ب or ل, then the article
    (ل + ال is written لل)."""
    has_article = normalize(first).startswith("ال")
    if article and not has_article:
        first = "ال" + first
        has_article = True
    if preposition == "ل" and has_article:
        return conjunction + "ل" + first[1:]
    return conjunction + preposition + first


@st.composite
def inserted_term(
    draw: st.DrawFn, name: str, arabic_only: bool = True
) -> tuple[str, int, int, str]:
    """(text, start, end, entry id): a term of the glossary, maybe with clitics and vowel
    marks, put between filler words of random Arabic that belong to no term."""
    forms = FORMS[name] if arabic_only else _forms(GLOSSARIES[name], arabic_only=False)
    entry_id, form = draw(st.sampled_from(forms), label="form")
    first, *rest = form.split()
    core = normalize(first)
    stem = core[2:] if core.startswith("ال") else core
    # Clitics need a stem of three letters left (كما is not ك + ما), and ل before a word in
    # ل would be read as لل, the article.
    if len(stem) >= 3:
        conjunction = draw(st.sampled_from(["", "و"]), label="conjunction")
        prepositions = ["", "ب"] if core.startswith("ل") else ["", "ب", "ل"]
        preposition = draw(st.sampled_from(prepositions), label="preposition")
        article = draw(st.booleans(), label="article") and not stem.startswith("ل")
        first = _with_clitics(first, conjunction, preposition, article)
    words = [draw(_marked(word)) for word in (first, *rest)]
    term = " ".join(words)
    filler = _filler_word(name)
    before = draw(st.lists(filler, max_size=4), label="before")
    after = draw(st.lists(filler, max_size=4), label="after")
    head = "".join(word + draw(separator) for word in before)
    tail = "".join(draw(separator) + word for word in after)
    return head + term + tail, len(head), len(head) + len(term), entry_id


def _assert_found(glossary: Glossary, sample: tuple[str, int, int, str]) -> None:
    text, start, end, entry_id = sample
    spans = _check_matches(glossary, text)
    assert any(first <= start and end <= last for first, last in spans), (
        f"{entry_id}: {text[start:end]!r} not found in {text!r}: "
        f"{[(m.entry.id, text[m.start : m.end]) for m in glossary.find(text)]}"
    )


@_settings(300)
@given(sample=inserted_term("bundled"))
def test_an_inserted_bundled_term_is_found_where_it_was_put(
    sample: tuple[str, int, int, str],
) -> None:
    _assert_found(BUNDLED, sample)


@_settings(200)
@given(sample=inserted_term("mini"))
def test_an_inserted_mini_glossary_term_is_found_where_it_was_put(
    sample: tuple[str, int, int, str],
) -> None:
    _assert_found(MINI, sample)


@_settings(100)
@given(sample=inserted_term("bundled", arabic_only=False))
@example(sample=("قرار مجلس الأمن 2462 (2019)", 0, 27, "security-council-resolution-2462"))
def test_an_inserted_bundled_term_with_numbers_is_found_where_it_was_put(
    sample: tuple[str, int, int, str],
) -> None:
    _assert_found(BUNDLED, sample)


@_settings(200)
@given(text=MATCHER_TEXT["bundled"])
@example(text="تمويل. الإرهاب")
@example(text="تمويل (FATF) الإرهاب")
def test_the_words_of_a_match_are_separated_by_white_space_only(text: str) -> None:
    """White space, or the brackets of a term written with them (resolution 2462 (2019))."""
    for match in BUNDLED.find(text):
        folded = normalize(text[match.start : match.end])
        gaps = TERM_WORD.split(folded)[1:-1]
        assert all(gap.strip(" \t()") == "" and "\n" not in gap for gap in gaps), (
            match.entry.id,
            folded,
        )


@pytest.mark.parametrize("rtl", [True, False])
@_settings(300)
@given(text=hostile_text, width=widths)
@example(text="كلمةطويلةجداجداجدا قصيرة", width=5)
@example(text="لا ﻻ ﷲ\tب\u00a0ب", width=3)
# Presentation forms that stand for words with spaces between them, or a space and a mark.
@example(text="ب ﷺ ب", width=18)
@example(text="ببب ﹰب", width=4)
def test_the_fast_line_count_is_the_number_of_lines_layout_gives(
    text: str, width: int, rtl: bool
) -> None:
    """The reader sizes its scroll area with `line_count`; it must agree with `layout`."""
    assert line_count(text, width) == len(layout(text, width, rtl=rtl))


@_settings(300)
@given(text=hostile_text, data=st.data())
def test_the_fast_span_mapping_is_the_mapped_one(text: str, data: st.DataObject) -> None:
    """Search maps hits back with `original_span`, which skips the offset map when it can."""
    from tui_reader.core.normalize import original_span

    folded = fold(text)
    start = data.draw(st.integers(0, len(folded.text)))
    end = data.draw(st.integers(start, len(folded.text)))
    assert original_span(text, start, end) == folded.span(start, end)


@pytest.mark.parametrize("rtl", [True, False])
@_settings(300)
@given(text=hostile_text, width=widths)
def test_render_lines_prints_what_layout_draws(text: str, width: int, rtl: bool) -> None:
    """`render` takes a faster path without the cell map; it must print the same lines."""
    from tui_reader.core.display import render_lines

    expected = []
    for line in layout(text, width, rtl=rtl):
        pad = max(width, 1) - line.width if rtl else 0
        expected.append(" " * max(pad, 0) + line.text)
    assert render_lines(text, width, rtl=rtl) == expected


@pytest.mark.parametrize("rtl", [True, False])
@_settings(300)
@given(text=hostile_text, width=widths)
def test_a_line_at_one_level_is_laid_out_as_by_the_full_rules(
    text: str, width: int, rtl: bool
) -> None:
    """Most lines are all at the paragraph's level and take a shorter path: its clusters,
    spans and widths must be exactly those of rules L1 and L2."""
    from tui_reader.core.display import (
        _line_breaks,
        _prepare,
        _reordered_line,
        _uniform_line,
        bidi_paragraphs,
    )

    for offset, paragraph in bidi_paragraphs(text):
        prepared = _prepare(paragraph, offset, rtl, True)
        for start, end in _line_breaks(prepared, max(width, 1)):
            levels = prepared.levels[start:end]
            if levels.count(prepared.base_level) == len(levels):
                assert _uniform_line(prepared, start, end) == _reordered_line(prepared, start, end)


# Right-to-left prose with no left-to-right letter: what `render` draws word by word.
HEBREW = _chars(0x05D0, 0x05EA)
rtl_prose_piece = st.one_of(
    *arabic_pieces,
    _pick(ASCII_DIGITS),
    _pick([*SPACES, "\t"]),
    _pick(PUNCTUATION),
    _pick(BRACKETS),
    _pick(LETTER_FORMS),
    _pick(JOINERS),
    _pick(["\u200f", "\u061c", *_chars(0x202A, 0x202E)]),
    _pick(HEBREW),
    _pick(C0),
)


@_settings(400)
@given(text=_text(rtl_prose_piece), width=widths)
# Numbers whose separators join them or not as an Arabic letter comes before (rule W2), and
# a mark that opens a word, after a space.
@example(text="ب 16-17", width=20)
@example(text="16-17 ب", width=20)
@example(text="ב 16-17 ب 16-17", width=20)
@example(text="ب\u200f 16-17", width=20)
@example(text="ب ٣-٤ 5-6", width=4)
@example(text="ب \u064eب", width=20)
@example(text="ب ﷺ", width=18)
@example(text="ببب ﹰب", width=4)
def test_render_word_by_word_draws_what_layout_draws(text: str, width: int) -> None:
    """`render` draws a right-to-left paragraph with no left-to-right letter word by word;
    it must print exactly the lines of the full pipeline."""
    from tui_reader.core.display import render_lines

    expected = [
        " " * max(max(width, 1) - line.width, 0) + line.text for line in layout(text, width)
    ]
    assert render_lines(text, width) == expected


def test_the_article_renders_word_by_word() -> None:
    """The property above is about the path the bundled article takes (most of its
    paragraphs: the others have a Latin letter or a word wider than the line)."""
    from tui_reader.core.display import _render_by_words, bidi_paragraphs
    from tui_reader.core.library import DEFAULT_TEXT_ID, open_text

    article = open_text(DEFAULT_TEXT_ID)
    found = [
        _render_by_words(paragraph, 60)
        for segment in article
        for _, paragraph in bidi_paragraphs(segment.ar)
    ]
    assert sum(lines is not None for lines in found) >= len(found) - 2


# Texts are read from libyaml's events ------------------------------------------------------

yaml_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.text(alphabet=ARABIC_LETTERS + HARAKAT + PUNCTUATION + [" ", "\t", "\n"])
    | st.sampled_from(["on", "No", "~", "", "2019-05-16", "0x1F", "1_000", ".inf", "<<", "=", "-"])
)
yaml_documents = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(yaml_scalars, inner, max_size=5),
    max_leaves=25,
)


@_settings(300)
@given(
    data=yaml_documents,
    flow=st.sampled_from([None, True, False]),
    width=st.sampled_from([20, 80, 100_000]),
    unicode=st.booleans(),
)
def test_texts_are_read_as_yaml_load_reads_them(
    data: object, flow: bool | None, width: int, unicode: bool
) -> None:
    """`plain_yaml` builds the document from libyaml's events: it must give what the safe
    loader gives, or step aside."""
    import yaml

    from tui_reader.core.text_yaml import _UNSUPPORTED, YAML_LOADER, plain_yaml

    source = yaml.dump(
        data, Dumper=yaml.SafeDumper, default_flow_style=flow, width=width, allow_unicode=unicode
    )
    expected = yaml.load(source, Loader=YAML_LOADER)
    found = plain_yaml(source)
    assert found is _UNSUPPORTED or found == expected
