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


def test_a_repeated_paragraph_is_checked_and_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraph by paragraph (`render_lines`) or all together (`render_texts`): a text that
    repeats a paragraph (the article over and over) pays for it once."""
    from tui_reader.core import display, fribidi

    paragraph = library.open_text(library.DEFAULT_TEXT_ID).segments[1].ar
    display._fribidi_paragraph.cache_clear()
    batches: list[int] = []
    checked: list[str] = []
    made, ready = fribidi.Paragraphs, display._fribidi_ready

    def making(paragraphs: list[str], rtl: bool) -> object:
        batches.append(len(paragraphs))
        return made(paragraphs, rtl)

    def checking(text: str) -> str | None:
        checked.append(text)
        return ready(text)

    monkeypatch.setattr(fribidi, "Paragraphs", making)
    monkeypatch.setattr(display, "_fribidi_ready", checking)
    alone = display.render_lines(paragraph, 50)
    assert display.render_lines(paragraph, 50) == alone
    assert batches == [1] and len(checked) == 1
    batches.clear()
    checked.clear()
    together = display.render_texts([paragraph, "قطر", paragraph, paragraph], 50)
    assert together[0] == together[2] == together[3] == alone
    assert batches == [2] and len(checked) == 2
