"""TMX: a text as a TMX 1.4b translation memory."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree
from translate.storage.tmx import tmxfile

from tui_reader.core.formats.xmlsafe import (
    XmlCleaner,
    XmlExport,
    base_letters,
    serialized,
    tool_version,
)
from tui_reader.core.text import Text

_TMX_SKELETON = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header/><body/></tmx>"""
_TMX_INDENT = {"indent": "  ", "max_level": 6, "toplevel": False, "leaves": {"seg", "note"}}


def build_tmx(text: Text, drafts: Mapping[str, str] | None = None) -> XmlExport:
    """A text as a TMX 1.4b translation memory: one <tu> per translated segment, with an
    Arabic and an English <tuv>; tuid is "text id/segment id". Presentation-form letters are
    written as base letters (`base_letters`). Characters XML cannot hold are replaced and
    counted by segment id; `units` is the number of <tu> written.

    Segments without English are left out. The DTD would accept a <tu> with the Arabic alone
    (tuv+), but TMX 1.4b says a translation memory holds at least two <tuv> per unit, and a
    unit with an empty English <seg> would be offered by CAT tools as a match that translates
    the sentence as nothing. translate-toolkit's own converters (po2tmx) skip untranslated
    units the same way.

    With `drafts` (segment id -> the translator's draft), a drafted segment's English is the
    draft, and the text's own English, where it differs, goes with it in a
    `<prop type="x-reference">`: the memory holds the translator's work, the reference beside.
    """
    store = tmxfile.parsestring(  # type: ignore[no-untyped-call]
        _TMX_SKELETON, sourcelanguage="ar", targetlanguage="en"
    )
    store.XMLindent = _TMX_INDENT
    header = store.document.getroot().find("header")
    # The header attributes the DTD requires, with our values (the toolkit's addheader would
    # say "Translate Toolkit" and datatype "PlainText").
    for name, value in (
        ("creationtool", "tui-reader"),
        ("creationtoolversion", tool_version()),
        ("segtype", "sentence"),
        ("o-tmf", "tui-reader"),
        ("adminlang", "en"),
        ("srclang", "ar"),
        ("datatype", "plaintext"),
    ):
        header.set(name, value)
    clean = XmlCleaner()
    drafts = drafts or {}
    written = 0
    for segment in text.segments:
        draft = drafts.get(segment.id, "").strip()
        english = draft or segment.en.strip()
        if not english:
            continue
        written += 1
        unit = store.addsourceunit(clean(base_letters(segment.ar), segment.id))
        unit.settarget(clean(base_letters(english), segment.id), "en")
        element = unit.xmlelement
        element.set("tuid", clean(f"{text.id}/{segment.id}", segment.id))
        if draft and segment.en.strip() and segment.en.strip() != draft:
            # The DTD puts a unit's <prop>s before its <tuv>s.
            prop = etree.Element("prop", {"type": "x-reference"})
            prop.text = clean(base_letters(segment.en.strip()), segment.id)
            element.insert(0, prop)
    return clean.done(serialized(store), written)
