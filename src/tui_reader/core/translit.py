"""ALA-LC romanization of vocalized Arabic: what learners see next to a glossary term.

The scheme is the ALA-LC Arabic romanization table (Library of Congress), applied to the text as
written: the romanization is derived from the vowel signs present, so a fully vocalized form
(harakat, shadda, sukun) gives a full romanization and an unvocalized one only its consonants and
long vowels. Input is first folded with NFKC, so presentation forms (ﻓﺮﻳﻖ) and the lam-alif
ligature read like ordinary letters; tatweel is ignored.

Letters:
    consonants  b t th j ḥ kh d dh r z s sh ṣ ḍ ṭ ẓ ʻ gh f q k l m n h w y, hamza ʼ
                (also پ p, چ ch, ژ zh, ڤ v, گ g)
    vowels      a i u; long ā ī ū (ا ي و after their short vowel, and dagger alif ٰ);
                alif maqṣūrah ى is á; diphthongs aw, ay
    ALA-LC      ـِيّ is īy (ʻarabīyah) and ī at the end of a word (irhābī); ـُوّ is ūw (qūwah)
    prime ʹ     separates two letters that would otherwise read as a digraph (adʹham)
    Persian yeh ی and keheh ک are read as ي and ك.

Rules and simplifications, all as in ALA-LC unless said otherwise:

* Hamza is ʼ, but is not written at the beginning of a word (إرهاب irhāb, مؤتمر muʼtamar);
  initial آ is ā and medial آ is ʼā.
* The article is always "al-", joined by a hyphen, and sun letters are not assimilated:
  الشمس al-shams, not ash-shams. A word-initial bare alif followed by lam is read as the article
  unless the alif carries kasra or damma (اِلْتِزَام iltizām). After the article, the hamzat
  al-waṣl of the next word gives its vowel only: الاستقرار al-istiqrār.
* Shadda doubles the consonant (digraphs are doubled whole: shsh); on the sun letter after the
  article it only marks the assimilation and is ignored.
* Tāʼ marbūṭah is "h" in pause (mukāfaḥah) and "t" in construct (mukāfaḥat al-irhāb). A word is
  taken to be in construct when it has no article, another Arabic word follows it, and either that
  word starts with the article or the tāʼ marbūṭah carries a case vowel (fatha, damma or kasra,
  not tanwīn). With tanwīn fath it is "tan" (fajʼatan).
* Case endings are dropped, as ALA-LC does for non-Quranic text: a short vowel on the last letter
  of a word, and tanwīn ٌ ٍ, are not written (الْإِرْهَابُ al-irhāb). Tanwīn fath (ـًا, ـاً) is
  kept as "an", as in ALA-LC adverbs (ṭalaban, ayḍan). A few particles and pronouns keep their
  final vowel (huwa, hiya, anna, inna, thumma, maʻa, naḥnu...).
* The proclitics وَ فَ بِ لِ كَ are joined by a hyphen (wa-, fa-, bi-, li-, ka-) where they can
  be told apart from a word's own first letter: before the article (wa-al-amn, bi-al-mukhaddirāt;
  li- with the article is lil-: lil-ḥudūd), before a hamza-initial word (wa-afghānistān) or a
  hamzat al-waṣl (wa-istiqrār), wa- and fa- before a particle or pronoun (wa-fī, wa-huwa) or a
  second proclitic (wa-bi-al-amn), wa-, bi- and li- before a word starting with mu-
  (li-mukāfaḥat al-irhāb), and li- before lam (li-lajnat). Elsewhere the letter is read as a
  proclitic where the rest of the word has a noun's shape that a word's own first letter
  rarely stands before: three letters or more opening with a syllable closed by sukun
  (وَتَمْوِيل wa-tamwīl, لِفِدْيَة li-fidyah, لِقَمْع li-qamʻ, لِمِنْطَقَة li-minṭaqah), or a
  short vowel and its long vowel, then a letter, not made by an ending (وَشَمَال wa-shamāl, but
  كَلِمَات kalimāt, كَتَبُوا katabū), or three consonants with short vowels and no ة
  (وَمِهَن wa-mihan, but وَرَقَة waraqah). Otherwise the letter is the word's own (وَطَن
  waṭan, بِنْت bint, وَسَاطَة wasāṭah, بِنَاء bināʼ). Without a dictionary this can err: a
  verb with a subject suffix (كَتَبْتُ) has the first shape and would be read ka-tabt.
* Not done: capitals for proper names (everything is lower case, except Allāh), the ALA-LC
  special spellings of names (ʻAmr, ibn / b.), and the final "-in" of defective nouns (qāḍin).
  A handful of words with irregular spelling are looked up whole (الله Allāh, الذي alladhī,
  هذا hādhā, ذلك dhālika...).
* Arabic-Indic digits become 0-9 and Arabic punctuation (، ؛ ؟ ٪) its Latin counterpart. Other
  Arabic combining marks (Quranic annotation signs) are dropped. Every other character the module
  does not know passes through unchanged.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tui_reader.core.letters import (
    DAGGER_ALIF,
    DAMMA,
    DAMMATAN,
    FATHA,
    FATHATAN,
    KASRA,
    KASRATAN,
    SHADDA,
    SUKUN,
    TATWEEL,
    is_arabic_mark,
)

__all__ = ["transliterate"]


_SHORT_VOWELS = {FATHA: "a", DAMMA: "u", KASRA: "i"}
_KNOWN_MARKS = frozenset(
    {FATHA, DAMMA, KASRA, FATHATAN, DAMMATAN, KASRATAN, SHADDA, SUKUN, DAGGER_ALIF}
)

_CONSONANTS: dict[str, str] = {
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "ḥ",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "ṣ",
    "ض": "ḍ",
    "ط": "ṭ",
    "ظ": "ẓ",
    "ع": "ʻ",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "w",
    "ي": "y",
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "ڤ": "v",
    "گ": "g",
}
_HAMZA_SEATS = {"ء": "", "أ": "a", "إ": "i", "ؤ": "u", "ئ": "i"}
"""Letters written with hamza, and the vowel read at the start of a word when none is marked."""
_ALIFS = frozenset("اٱ")
_ALIF_MADDA = "آ"
_ALIF_MAQSURA = "ى"
_TA_MARBUTA = "ة"
_WAW = "و"
_YEH = "ي"
_LAM = "ل"
_MEEM = "م"

_LETTERS = frozenset(
    set(_CONSONANTS) | set(_HAMZA_SEATS) | _ALIFS | {_ALIF_MADDA, _ALIF_MAQSURA, _TA_MARBUTA}
)
_FOLD = {"ی": _YEH, "ک": "ك"}
"""Persian forms of yeh and kaf, read as the Arabic letters."""

_PROCLITICS = {"و": FATHA, "ف": FATHA, "ك": FATHA, "ب": KASRA, "ل": KASRA}
"""Single-letter proclitics and the vowel they are written with."""

_PRIME_BEFORE_H = frozenset("tkdsgz")
"""Letters that would join a following h into a digraph (th, kh, dh, sh, gh, zh)."""

_DIGITS = {chr(0x0660 + d): str(d) for d in range(10)} | {
    chr(0x06F0 + d): str(d) for d in range(10)
}
_PUNCTUATION = {"،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ","}

_WHOLE_WORDS: dict[str, str] = {
    "الله": "Allāh",
    "لله": "lillāh",
    "بالله": "billāh",
    "الذي": "alladhī",
    "التي": "allatī",
    "الذين": "alladhīna",
    "اللذان": "alladhān",
    "اللتان": "allatān",
    "اللذين": "alladhayn",
    "اللتين": "allatayn",
    "اللاتي": "allātī",
    "اللواتي": "allawātī",
    "اللائي": "allāʼī",
    "هذا": "hādhā",
    "هذه": "hādhihi",
    "هذان": "hādhān",
    "هذين": "hādhayn",
    "هؤلاء": "hāʼulāʼ",
    "ذلك": "dhālika",
    "تلك": "tilka",
    "أولئك": "ulāʼika",
    "لكن": "lākin",
}
"""Words whose spelling does not show their pronunciation, keyed by their letters."""

_KEEPS_FINAL_VOWEL = frozenset(
    {"هو", "هي", "أن", "إن", "ثم", "مع", "كأن", "لعل", "ليت", "حيث", "منذ", "نحن", "أنت"}
)
"""Particles and pronouns whose final short vowel is part of the word, not a case ending."""

_PARTICLES = frozenset({"في", "من", "عن", "على", "إلى", "ما", "لا", "لم", "لن", "قد", "لقد"})
"""Particles after which wa- and fa- are always the conjunction (وَفِي wa-fī)."""


@dataclass(frozen=True)
class _Unit:
    """A letter and the marks written on it."""

    base: str
    marks: frozenset[str]

    @property
    def vowel(self) -> str | None:
        for mark in (FATHA, DAMMA, KASRA):
            if mark in self.marks:
                return mark
        return None

    @property
    def has_shadda(self) -> bool:
        return SHADDA in self.marks

    @property
    def bare_long(self) -> bool:
        """No vowel, shadda or tanwin of its own (sukun allowed): a long-vowel letter."""
        return not self.marks - {SUKUN}


def _tokens(text: str) -> list[tuple[bool, str]]:
    """Split into (is_arabic_word, text) runs."""
    tokens: list[tuple[bool, str]] = []
    current: list[str] = []
    in_word = False
    for char in text:
        is_word_char = char in _LETTERS or (in_word and is_arabic_mark(char))
        if is_word_char != in_word and current:
            tokens.append((in_word, "".join(current)))
            current = []
        in_word = is_word_char
        current.append(char)
    if current:
        tokens.append((in_word, "".join(current)))
    return tokens


def _units(word: str) -> list[_Unit]:
    units: list[_Unit] = []
    for char in word:
        if is_arabic_mark(char):
            if units and char in _KNOWN_MARKS:
                last = units[-1]
                units[-1] = _Unit(last.base, last.marks | {char})
        else:
            units.append(_Unit(char, frozenset()))
    return units


def _article_at(units: list[_Unit], index: int) -> bool:
    """A bare alif (no kasra or damma) and lam, with at least one letter after them."""
    if len(units) - index < 3:
        return False
    alif, lam = units[index], units[index + 1]
    return alif.base in _ALIFS and not alif.marks & {KASRA, DAMMA} and lam.base == _LAM


def _proclitic(units: list[_Unit], index: int) -> tuple[str, int, bool] | None:
    """A proclitic at `index`: (its romanization, where the rest of the word starts, whether
    the article has been read with it, as in lil-)."""
    if len(units) - index < 3:
        return None
    first, second, third = units[index], units[index + 1], units[index + 2]
    vowel = _PROCLITICS.get(first.base)
    if vowel is None or first.marks != frozenset({vowel}):
        return None
    sound = _CONSONANTS[first.base] + _SHORT_VOWELS[vowel]
    if first.base == _LAM and second.base == _LAM:
        if second.has_shadda:
            return "lil-", index + 1, True  # li + al- before lam: لِلَّجْنَة lil-lajnah
        if second.vowel is None or (second.vowel == KASRA and third.base in _ALIFS):
            return "lil-", index + 2, True  # li + al- without its alif: لِلْحُدُود lil-ḥudūd
        return "li-", index + 1, False  # li + a word starting with lam: لِلَجْنَة li-lajnah
    rest = "".join(unit.base for unit in units[index + 1 :])
    if (
        _article_at(units, index + 1)
        or (second.base in "أإ" and second.vowel is not None)
        or second.base == _ALIF_MADDA
        or (first.base in "بلو" and second.base == _MEEM and second.vowel == DAMMA)
        or (first.base in "وف" and _conjunction_before(units, index + 1, rest))
        or (
            second.base in _ALIFS
            and not second.marks - {KASRA, DAMMA}
            and (SUKUN in third.marks or third.has_shadda)
        )
        or _noun_shape(units, index + 1)
    ):
        return sound + "-", index + 1, False
    return None


_LONG_AFTER = {FATHA: _ALIFS, KASRA: frozenset({_YEH}), DAMMA: frozenset({_WAW})}
"""The letters that lengthen each short vowel."""


def _noun_shape(units: list[_Unit], index: int) -> bool:
    """Whether the word from `index` has a shape that a proclitic's letter seldom begins as
    the word's own: CvC- with sukun and a third letter (tamwīl, fidyah, qamʻ), CvCv̄C whose
    long vowel is not an ending's (ات ان ين ون, the verb's وا: shamāl, not the limāt of
    كَلِمَات or the tabū of كَتَبُوا), or CvCvC exactly (mihan, not the raqah of وَرَقَة)."""
    if len(units) - index < 3:
        return False
    first, second, third = units[index], units[index + 1], units[index + 2]
    if first.base not in _CONSONANTS or first.vowel is None or first.has_shadda:
        return False
    if second.marks == frozenset({SUKUN}):
        return second.base in _CONSONANTS or second.base in _HAMZA_SEATS
    vowel = second.vowel
    if second.base not in _CONSONANTS or vowel is None or second.has_shadda:
        return False
    after = len(units) - (index + 3)
    if after == 0:
        # three short syllables, as in مِهَن: not a feminine in ة, not a verb's closed تْ
        return third.base in _CONSONANTS and SUKUN not in third.marks and not third.has_shadda
    ending = after == 1 and units[-1].base in "تنا"
    return third.bare_long and third.base in _LONG_AFTER[vowel] and not ending


def _conjunction_before(units: list[_Unit], index: int, rest: str) -> bool:
    """Whether wa-/fa- stands before the rest of the word: a particle, a pronoun, a word looked
    up whole, or another proclitic (وَبِالْ wa-bi-al-)."""
    if rest in _KEEPS_FINAL_VOWEL or rest in _WHOLE_WORDS:
        return True
    if rest in _PARTICLES and not any(unit.has_shadda for unit in units[index:]):
        return True
    return units[index].base in "بلك" and _proclitic(units, index) is not None


def _whole_word(skeleton: str) -> str | None:
    if skeleton in _WHOLE_WORDS:
        return _WHOLE_WORDS[skeleton]
    if len(skeleton) > 1 and skeleton[0] in "وف" and skeleton[1:] in _WHOLE_WORDS:
        return _CONSONANTS[skeleton[0]] + "a-" + _WHOLE_WORDS[skeleton[1:]]
    return None


def _romanize_word(word: str, next_word: str | None) -> str:
    units = _units(word)
    skeleton = "".join(unit.base for unit in units)
    whole = _whole_word(skeleton)
    if whole is not None:
        return whole

    out: list[str] = []
    index = 0
    article = False
    for _ in range(2):
        found = _proclitic(units, index)
        if found is None:
            break
        text, index, article = found
        out.append(text)
        rest = "".join(unit.base for unit in units[index:])
        whole = _whole_word(rest)
        if whole is not None and not article:
            out.append(whole)
            return "".join(out)
        if article:
            break
    if not article and _article_at(units, index):
        out.append("al-")
        index += 2
        article = True

    ignore_shadda_at = -1
    if article and index < len(units):
        lam = units[index - 1] if units[index - 1].base == _LAM else None
        head = units[index]
        if head.base in _ALIFS and index + 1 < len(units):
            # hamzat al-wasl after the article: only its vowel is heard
            vowel = head.vowel or (lam.vowel if lam is not None else None) or KASRA
            out.append(_SHORT_VOWELS[vowel])
            index += 1
        else:
            ignore_shadda_at = index

    construct = False
    if next_word is not None and not article:
        next_units = _units(next_word)
        next_skeleton = "".join(unit.base for unit in next_units)
        next_has_article = _article_at(next_units, 0) or next_skeleton == "الله"
        construct = next_has_article or units[-1].vowel is not None

    keep_final = skeleton in _KEEPS_FINAL_VOWEL or (
        len(skeleton) > 1 and skeleton[0] in "وف" and skeleton[1:] in _KEEPS_FINAL_VOWEL
    )
    out.append(
        _romanize_stem(units, index, ignore_shadda_at, construct=construct, keep_final=keep_final)
    )
    return "".join(out)


def _romanize_stem(
    units: list[_Unit], start: int, ignore_shadda_at: int, *, construct: bool, keep_final: bool
) -> str:
    out: list[str] = []
    last = len(units) - 1
    single_next = False  # ALA-LC īy / ūw: the geminate after a long vowel is written once
    bare_consonant = ""  # the previous consonant, when no vowel followed it (for the prime)
    index = start
    while index <= last:
        unit = units[index]
        base = unit.base
        initial = index == start
        following = units[index + 1] if index < last else None

        if base in _ALIFS:
            bare_consonant = ""
            if initial:
                vowel = unit.vowel or KASRA
                out.append(_SHORT_VOWELS[vowel])
            elif FATHATAN in unit.marks:
                out.append("an")
            elif index == last and units[index - 1].base == _WAW and units[index - 1].bare_long:
                pass  # the silent alif after final waw (كتبوا katabū)
            else:
                out.append("ā")
            index += 1
            continue
        if base == _ALIF_MADDA:
            bare_consonant = ""
            out.append("ā" if initial else "ʼā")
            index += 1
            continue
        if base == _ALIF_MAQSURA and not (unit.marks - {DAGGER_ALIF, FATHATAN}):
            bare_consonant = ""
            out.append("an" if FATHATAN in unit.marks else "á")
            index += 1
            continue
        if base == _TA_MARBUTA:
            bare_consonant = ""
            if FATHATAN in unit.marks:
                out.append("tan")
            elif index < last or construct:
                out.append("t")
            else:
                out.append("h")
            index += 1
            continue

        # a consonant (hamza included)
        if base in _HAMZA_SEATS:
            consonant = "" if initial else "ʼ"
        else:
            consonant = _CONSONANTS[base] if base != _ALIF_MAQSURA else "y"
        geminate = unit.has_shadda and index != ignore_shadda_at
        vowel_mark = unit.vowel
        final = index == last
        drops_final = final and not keep_final and last > 0
        if single_next:
            single_next = False
            if drops_final and FATHATAN not in unit.marks and base == _YEH:
                consonant = ""  # final ـِيّ is ī
        elif geminate:
            consonant *= 2
        if consonant.startswith("h") and bare_consonant and bare_consonant[-1] in _PRIME_BEFORE_H:
            consonant = "ʹ" + consonant
        out.append(consonant)

        vowel = ""
        skip = 0
        if vowel_mark == FATHA:
            if DAGGER_ALIF in unit.marks:
                vowel = "ā"
            elif following is not None and following.base in _ALIFS and following.bare_long:
                vowel, skip = "ā", 1
            elif following is not None and following.base == _ALIF_MAQSURA:
                vowel, skip = "á", 1
            else:
                vowel = "a"
        elif vowel_mark == KASRA:
            vowel, skip, single_next = _long_or_short(following, _YEH, "i", "ī")
        elif vowel_mark == DAMMA:
            vowel, skip, single_next = _long_or_short(following, _WAW, "u", "ū")
        elif DAGGER_ALIF in unit.marks:
            vowel = "ā"
        elif FATHATAN in unit.marks:
            vowel = "an"
            if following is not None and following.base in _ALIFS | {_ALIF_MAQSURA}:
                skip = 1
        elif (
            not unit.marks
            and following is not None
            and following.bare_long
            and (following.base in (_WAW, _YEH) and following.marks == frozenset())
        ):
            # unvocalized text: a bare waw or yeh after a bare consonant is a long vowel
            vowel, skip = ("ū" if following.base == _WAW else "ī"), 1
        if initial and not consonant and not vowel:
            vowel = _HAMZA_SEATS.get(base, "")
        if drops_final and vowel in ("a", "i", "u"):
            vowel = ""
        out.append(vowel)
        bare_consonant = consonant if not vowel else ""
        index += 1 + skip
    return "".join(out)


def _long_or_short(
    following: _Unit | None, letter: str, short: str, long: str
) -> tuple[str, int, bool]:
    """The vowel after kasra (with yeh) or damma (with waw): (text, letters consumed,
    whether the next letter is a geminate written once)."""
    if following is None or following.base != letter:
        return short, 0, False
    if following.has_shadda:
        return long, 0, True
    if following.bare_long:
        return long, 1, False
    return short, 0, False


def transliterate(vocalized: str) -> str:
    """The ALA-LC romanization of `vocalized` (Arabic, ideally with full vowel signs)."""
    text = unicodedata.normalize("NFKC", vocalized).replace(TATWEEL, "")
    text = "".join(_FOLD.get(char, char) for char in text)
    tokens = _tokens(text)
    out: list[str] = []
    for position, (is_word, chunk) in enumerate(tokens):
        if not is_word:
            out.append(
                "".join(
                    _DIGITS.get(c, _PUNCTUATION.get(c, c)) for c in chunk if not is_arabic_mark(c)
                )
            )
            continue
        next_word: str | None = None
        if (
            position + 2 < len(tokens)
            and tokens[position + 1][1].isspace()
            and tokens[position + 2][0]
        ):
            next_word = tokens[position + 2][1]
        out.append(_romanize_word(chunk, next_word))
    return "".join(out)
