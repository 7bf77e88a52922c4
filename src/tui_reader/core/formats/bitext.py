"""Texts in from a CAT tool: a TMX translation memory or an XLIFF file (1.2 or 2.x) with Arabic
source and English target becomes a text of aligned segments, its notes the text's notes.

Files are parsed with translate-toolkit's safe parser (no entities, no network). Inline codes
are dropped: a TMX <bpt>, <ept>, <it>, <ph>, <ut> holds the original document's formatting
codes ("<b>"), and an XLIFF <x/>, <bx/>, <ph> stands for one; the text inside <hi> (TMX) and
<g>, <pc>, <mrk> (XLIFF) is kept, as it is part of the sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree
from translate.misc.xml_helpers import get_safe_xml_parser

from tui_reader.core.display import visible
from tui_reader.core.errors import ExchangeError
from tui_reader.core.formats.xmlsafe import XML_LANG
from tui_reader.core.letters import ARABIC_LETTER
from tui_reader.core.text import Segment, Text

_LANGUAGES = {"ar": "ar", "ara": "ar", "arb": "ar", "en": "en", "eng": "en"}
_CODES = {"bpt", "ept", "it", "ph", "ut", "x", "bx", "ex", "sc", "ec", "sub"}
"""Inline elements that hold or stand for formatting codes of the original document."""


@dataclass
class Bitext:
    """What a TMX or XLIFF file holds for us: (Arabic, English) pairs in file order, and the
    file's notes on them by pair index (None: on the whole file)."""

    pairs: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[int | None, str]] = field(default_factory=list)


def language(code: str | None) -> str:
    """ "ar", "en", or the code's primary subtag: "ar-SA", "AR", "ara" are all "ar"."""
    primary = (code or "").split("-")[0].split("_")[0].strip().lower()
    return _LANGUAGES.get(primary, primary)


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _plain(element: etree._Element) -> str:
    """An element's text with inline codes dropped and the text of the rest kept."""
    parts = [element.text or ""]
    for child in element:
        if _local(child) not in _CODES:
            parts.append(_plain(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child) == name)


def _parse(data: bytes, name: str) -> etree._Element:
    try:
        return etree.fromstring(data, parser=get_safe_xml_parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        raise ExchangeError(f"{name}:{line}: not well-formed XML ({visible(error.msg)})") from None


def read_tmx(data: bytes, file_name: str) -> Bitext:
    """The Arabic and English of each <tu> of a TMX file (any version), whatever its source
    language; units without Arabic are skipped. Raises ExchangeError, with the line, for
    XML that is not TMX and for a TMX with no Arabic at all."""
    name = visible(file_name)
    root = _parse(data, name)
    if _local(root) != "tmx":
        raise ExchangeError(f"{name}:{root.sourceline}: the root element is not <tmx>")
    found: set[str] = set()
    bitext = Bitext()
    for unit in root.iter("tu"):
        texts: dict[str, str] = {}
        for variant in _children(unit, "tuv"):
            code = language(variant.get(XML_LANG) or variant.get("lang"))
            found.add(code)
            seg = next(_children(variant, "seg"), None)
            if seg is not None and code not in texts:
                texts[code] = _plain(seg)
        if texts.get("ar"):
            bitext.pairs.append((texts["ar"], texts.get("en", "")))
            notes = [_plain(note) for note in _children(unit, "note")]
            for variant in _children(unit, "tuv"):
                notes += [_plain(note) for note in _children(variant, "note")]
            bitext.notes += [(len(bitext.pairs) - 1, note) for note in notes if note]
    if not bitext.pairs:
        languages = visible(", ".join(sorted(code for code in found if code))) or "none"
        raise ExchangeError(
            f'{name}: no translation unit has Arabic (xml:lang "ar"); languages found: {languages}'
        )
    return bitext


def read_xliff(data: bytes, file_name: str) -> Bitext:
    """The source and target of each unit of an XLIFF 1.2 or 2.x file whose source language
    is Arabic (the target taken only when the target language is English or not given), and
    its notes. Raises ExchangeError, with the line, for XML that is not XLIFF, a source
    language that is not Arabic, and a file with no unit."""
    name = visible(file_name)
    root = _parse(data, name)
    if _local(root) != "xliff":
        raise ExchangeError(f"{name}:{root.sourceline}: the root element is not <xliff>")
    two = (root.get("version") or "").startswith("2")
    bitext = Bitext()
    files = [root] if two else list(_children(root, "file"))
    for node in files:
        source = node.get("srcLang") if two else node.get("source-language")
        target = node.get("trgLang") if two else node.get("target-language")
        if language(source) != "ar":
            raise ExchangeError(
                f"{name}:{node.sourceline}: the source language is "
                f"'{visible(source or 'not given')}', not Arabic: tui-reader reads Arabic "
                "source with English target"
            )
        english = language(target) in ("en", "")
        if two:
            _xliff2(root, english, bitext)
        else:
            _xliff1(node, english, bitext)
    if not bitext.pairs:
        raise ExchangeError(f"{name}:{root.sourceline}: the file has no translation unit")
    return bitext


def _xliff1(file_node: etree._Element, english: bool, bitext: Bitext) -> None:
    for element in file_node.iter():
        parent = element.getparent()
        if _local(element) == "note" and parent is not None and _local(parent) == "header":
            text = _plain(element)
            if text:
                bitext.notes.append((None, text))
        if _local(element) != "trans-unit":
            continue
        source = next(_children(element, "seg-source"), None) or next(
            _children(element, "source"), None
        )
        target = next(_children(element, "target"), None)
        arabic = _plain(source) if source is not None else ""
        if not arabic:
            continue
        bitext.pairs.append((arabic, _plain(target) if english and target is not None else ""))
        for note in _children(element, "note"):
            if _plain(note):
                bitext.notes.append((len(bitext.pairs) - 1, _plain(note)))


def _xliff2(root: etree._Element, english: bool, bitext: Bitext) -> None:
    for element in root.iter():
        if _local(element) != "unit":
            continue
        first = len(bitext.pairs)
        for segment in element:
            if _local(segment) not in ("segment", "ignorable"):
                continue
            source = next(_children(segment, "source"), None)
            target = next(_children(segment, "target"), None)
            arabic = _plain(source) if source is not None else ""
            if arabic and _local(segment) == "segment":
                bitext.pairs.append(
                    (arabic, _plain(target) if english and target is not None else "")
                )
        if len(bitext.pairs) == first:
            continue
        for notes in _children(element, "notes"):
            bitext.notes += [(first, _plain(note)) for note in _children(notes, "note")]


def text_from_bitext(bitext: Bitext, text_id: str, title_en: str, source: str) -> Text:
    """The pairs as a text, one segment each, each its own paragraph."""
    segments = tuple(
        Segment(f"s{number}", arabic, english, "" if number == 1 else "\n")
        for number, (arabic, english) in enumerate(bitext.pairs, start=1)
    )
    if not any(ARABIC_LETTER.search(segment.ar) for segment in segments):
        raise ExchangeError(f"{visible(source)}: there is no Arabic in it")
    title_ar = segments[0].ar if len(segments[0].ar) <= 80 else segments[0].ar[:79] + "…"
    return Text(text_id, title_ar, title_en, segments, source=source, after="\n")
