"""The Arabic display pipeline, line by line, against GNU FriBidi.

FriBidi resolves the levels over the whole paragraph and reorders the lines we wrapped it
into; our lines must be the same characters in the same order. The pipeline folds presentation
forms before shaping (a real text mixes them with base letters), so FriBidi gets the folded
paragraph too. These tests fail, not skip, when FriBidi is missing.
"""

from __future__ import annotations

import pytest
from fribidi_ref import assert_layout_matches

from tui_reader.core import library

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


def _check(text: str, width: int) -> None:
    assert_layout_matches(text, width)


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
