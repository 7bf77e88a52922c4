"""TMX: a text as a TMX 1.4b translation memory."""

from __future__ import annotations

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


def build_tmx(text: Text) -> XmlExport:
    """A text as a TMX 1.4b translation memory: one <tu> per translated segment, with an
    Arabic and an English <tuv>; tuid is "text id/segment id". Presentation-form letters are
    written as base letters (`base_letters`). Characters XML cannot hold are replaced and
    counted by segment id; `units` is the number of <tu> written.

    Segments without English are left out. The DTD would accept a <tu> with the Arabic alone
    (tuv+), but TMX 1.4b says a translation memory holds at least two <tuv> per unit, and a
    unit with an empty English <seg> would be offered by CAT tools as a match that translates
    the sentence as nothing. translate-toolkit's own converters (po2tmx) skip untranslated
    units the same way.
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
    translated = [segment for segment in text.segments if segment.en.strip()]
    for segment in translated:
        unit = store.addsourceunit(clean(base_letters(segment.ar), segment.id))
        unit.settarget(clean(base_letters(segment.en), segment.id), "en")
        unit.xmlelement.set("tuid", clean(f"{text.id}/{segment.id}", segment.id))
    return clean.done(serialized(store), len(translated))
