"""Self-test of tests/fribidi_ref.py: the ctypes harness must agree with the fribidi command.

Why: fribidi_ref is the reference our display pipeline is judged against, so its own
library calls are first checked against GNU FriBidi's command-line tool.  These tests
never skip: a missing FriBidi must be noticed, not silently pass.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from fribidi_ref import (
    canonical,
    visual_lines,
    visual_paragraph_cli,
)

from tui_reader.core.library import load_text

pytestmark = [pytest.mark.fribidi, pytest.mark.usefixtures("fribidi")]

FOLD_MIRRORS = str.maketrans("»)]", "«([")
ARTICLE = Path(__file__).resolve().parents[2] / "texts" / "dushanbe-2019.yaml"

SAMPLES = [
    "قرار رقم 2462 (2019م) حول",
    "«التعاون الدولي»",
    "ABC (def) ج",
    "مُحَمَّدٌ",
    "لا إله",
    "فريق العمل المالي (FATF) في 2019",
]


def _article_paragraphs() -> list[str]:
    original = load_text(ARTICLE).original()
    return [p for p in original.split("\n") if p.strip()]


def _letters(text: str) -> Counter[str]:
    return Counter(unicodedata.normalize("NFKC", text).translate(FOLD_MIRRORS))


def _assert_library_equals_cli(paragraph: str) -> None:
    library = visual_lines(paragraph, [(0, len(paragraph))])[0]
    cli = visual_paragraph_cli(paragraph)
    assert canonical(library) == canonical(cli)
    # Stronger than required: no representational difference at all was found.
    assert library == cli


@pytest.mark.parametrize("index", [0, 1])
def test_article_paragraph_matches_cli(index: int) -> None:
    paragraphs = _article_paragraphs()
    assert len(paragraphs) == 2
    _assert_library_equals_cli(paragraphs[index])


@pytest.mark.parametrize("paragraph", SAMPLES)
def test_sample_matches_cli(paragraph: str) -> None:
    _assert_library_equals_cli(paragraph)


def test_shaping_mirroring_and_nsm_are_applied() -> None:
    """Guards against a harness that silently skips a step (both sides would then agree)."""
    (lam_alef,) = visual_lines("لا إله", [(0, 6)])
    assert "\ufefb\ufeff" in lam_alef  # isolated lam-alef ligature + FriBidi's filler
    (word,) = visual_lines("مُحَمَّدٌ", [(0, 9)])
    assert word == "\ufeaa\u064c\ufee4\u064e\u0651\ufea4\u064e\ufee3\u064f"  # NSM after base
    (quoted,) = visual_lines("«التعاون الدولي»", [(0, 16)])
    assert quoted[0] == "«" and quoted[-1] == "»"  # guillemets mirrored at level 1


def test_split_lines_are_permutations_of_their_ranges() -> None:
    paragraph = _article_paragraphs()[1]
    cut = paragraph.index(" ", len(paragraph) // 2) + 1
    ranges = [(0, cut), (cut, len(paragraph))]
    lines = visual_lines(paragraph, ranges)
    (whole,) = visual_lines(paragraph, [(0, len(paragraph))])
    assert Counter(canonical(lines[0] + lines[1])) == Counter(canonical(whole))
    for line, (start, end) in zip(lines, ranges, strict=True):
        # Undo shaping with NFKC on both sides (the article itself holds some
        # presentation forms); count each mirrored pair as one character.
        assert _letters(canonical(line)) == _letters(paragraph[start:end])


def test_levels_come_from_the_whole_paragraph() -> None:
    """Line 1 ends with its trailing space reset to the base level (L1); line 2 keeps
    the LTR run resolved over the whole paragraph."""
    paragraph = "ج abc def"
    first, second = visual_lines(paragraph, [(0, 6), (6, 9)])
    assert canonical(first) == " abc ج"
    assert second == "def"


def test_ltr_base_direction() -> None:
    (line,) = visual_lines("abc ج د", [(0, 7)], rtl=False)
    assert canonical(line) == "abc د ج"


def test_canonical_folds_isolated_forms_and_filler_only() -> None:
    assert canonical("\ufe80\ufefb\ufeff\ufe8d") == "\u0621\ufefb\u0627"
    assert canonical("\ufe90\ufe91") == "\ufe90\ufe91"  # final/initial forms are kept
