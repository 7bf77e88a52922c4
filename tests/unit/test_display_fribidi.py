"""The Arabic display pipeline, line by line, against GNU FriBidi.

FriBidi resolves the levels over the whole paragraph and reorders the lines we wrapped it
into; our lines must be the same characters in the same order. The pipeline folds presentation
forms before shaping (a real text mixes them with base letters), so FriBidi gets the folded
paragraph too. These tests fail, not skip, when FriBidi is missing.
"""

from __future__ import annotations

import unicodedata

import pytest
from fribidi_ref import canonical, visual_lines

from tui_reader.core import library
from tui_reader.core.display import VisualLine, layout, paragraphs

pytestmark = [pytest.mark.fribidi, pytest.mark.usefixtures("fribidi")]

WIDTHS = (12, 20, 33, 47, 60, 80, 119)

HARD_CASES = [
    "قرار مجلس الأمن رقم 2462 (2019م) حول",
    "تحت عنوان «التعاون الدولي والإقليمي» والذي",
    "ارتفع بنسبة 50% في عام 2019 مقابل $100 و123-456",
    "فريق العمل المالي (FATF) في باريس (فرنسا)",
    "يقول: ABC (def) ج ثم [نص (داخلي)] و{أقواس}",
    "مُحَمَّدٌ رَسُولُ اللَّهِ وَالَّذِينَ مَعَهُ",
    "لا إله إلا الله، لأن لإن لآن",
    "ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ فﺮيق ﻻ ﷲ",
    "كلمة\u200cمفصولة وب\u200dب لا",
    "العدد ١٢٣ و٤٥٦،٧٨٩ والرقم 1.5 و2,000",
    "Latin first then عربي then more Latin words here",
    "a (b) ج",
    "ب\u200fabc\u200e ج",
    "النص\tبعد علامة الجدولة",
    "  مسافات في البداية",
    "كلمةطويلةجداجداجداجداتتجاوزعرضالسطربكثيرولاتنكسرإلاهنا",
]


def _fold(paragraph: str) -> tuple[str, list[int]]:
    """Presentation forms folded as the pipeline folds them, with, for each original offset,
    where it starts in the folded string (plus one past the end)."""
    starts: list[int] = []
    folded: list[str] = []
    size = 0
    for char in paragraph:
        starts.append(size)
        code = ord(char)
        piece = (
            unicodedata.normalize("NFKC", char)
            if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE
            else char
        )
        folded.append(piece)
        size += len(piece)
    starts.append(size)
    return "".join(folded), starts


def _drawn(text: str) -> str:
    """What reaches the screen of a FriBidi line: no format characters (joiners, marks), and
    a tab drawn as one space."""
    drawn = "".join(char for char in canonical(text) if unicodedata.category(char) != "Cf")
    return drawn.replace("\t", " ")


def _check(text: str, width: int) -> None:
    lines = layout(text, width)
    by_paragraph: dict[int, list[VisualLine]] = {}
    bounds = list(paragraphs(text))
    for line in lines:
        owner = max(offset for offset, _ in bounds if offset <= line.start)
        by_paragraph.setdefault(owner, []).append(line)
    for offset, paragraph in bounds:
        ours = by_paragraph.get(offset, [])
        folded, starts = _fold(paragraph)
        ranges = [(starts[line.start - offset], starts[line.end - offset]) for line in ours]
        reference = visual_lines(folded, ranges)
        for line, expected in zip(ours, reference, strict=True):
            assert canonical(line.text) == _drawn(expected), (
                f"width {width}, logical {line.start}-{line.end}: {text[line.start : line.end]!r}"
            )


@pytest.mark.parametrize("width", WIDTHS)
def test_bundled_article_matches_fribidi_line_by_line(width: int) -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    for segment in text:
        _check(segment.ar, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_whole_article_as_two_paragraphs_matches_fribidi(width: int) -> None:
    _check(library.open_text(library.DEFAULT_TEXT_ID).original(), width)


@pytest.mark.parametrize("case", HARD_CASES)
@pytest.mark.parametrize("width", (10, 25, 200))
def test_hard_cases_match_fribidi(case: str, width: int) -> None:
    _check(case, width)
