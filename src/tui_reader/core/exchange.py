"""Taking the glossary and the texts to other tools, and bringing terms back.

Translators work in CAT tools (OmegaT, memoQ, Trados, Phrase), in spreadsheets and in Anki, so
the glossary goes out as TBX-Basic (ISO 30042), CSV and an Anki package, a text goes out as a
TMX 1.4b translation memory and as XLIFF 1.2 with the reader's notes attached, and terms come
back in from TBX or CSV into the user's own glossary file, which is never the bundled one.

The XML formats are built with translate-toolkit's stores (which parse untrusted input with a
safe lxml parser and serialize the way the CAT tools expect) and the Anki package with genanki;
where a store has no API for an element the standard requires, that element is added with lxml,
and the place says so. Every file is built in memory first, then written atomically: a crash
never leaves half an export, and a failed import writes nothing.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import re
import sqlite3
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

import genanki  # type: ignore[import-untyped]
import yaml
from lxml import etree
from translate.misc.xml_helpers import get_safe_xml_parser
from translate.storage.tbx import tbxfile
from translate.storage.tmx import tmxfile
from translate.storage.xliff import xlifffile

from tui_reader.core.display import visible
from tui_reader.core.errors import ExchangeError
from tui_reader.core.glossary import (
    MAX_GLOSSARY_BYTES,
    POS,
    Entry,
    Glossary,
    GlossaryError,
    read_glossary,
    term_key,
)
from tui_reader.core.letters import TATWEEL, is_mark
from tui_reader.core.normalize import normalize
from tui_reader.core.notes import Placed
from tui_reader.core.storage import locked, write_atomic, write_bytes_atomic
from tui_reader.core.text import (
    ARABIC_LETTER,
    ID_PATTERN,
    Text,
    TextError,
    decode_utf8,
    read_limited,
)
from tui_reader.paths import bundled_glossary_path, user_glossary_path

MAX_IMPORT_BYTES = 16 * 1024 * 1024
"""Refuse bigger files: a glossary import this large is a mistake, not a termbase we use."""

CSV_COLUMNS = (
    "id",
    "ar",
    "vocalized",
    "en",
    "ar_variants",
    "en_variants",
    "pos",
    "definition",
    "note",
    "authority",
    "tags",
)
LIST_SEPARATOR = "; "
"""How the CSV joins a list in one cell (variants, tags)."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (OWASP, "CSV Injection")."""

ANKI_MODEL_ID = 1_736_210_487
"""Fixed, so that Anki recognises the note type on every re-import. Change it (any integer
between 2**30 and 2**31) if the fields below ever change: Anki keeps a note type's fields."""
ANKI_DECK_ID = 2_058_113_924
"""Fixed, so that a re-import lands in the same deck."""
ANKI_DECK_NAME = "tui-reader::Arabic–English counter-terrorism glossary"

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"

_SLUG_PART = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 64


def _tool_version() -> str:
    try:
        return metadata.version("tui-reader")
    except metadata.PackageNotFoundError:
        return "unknown"


# XML 1.0's Char production: everything else (C0 controls but tab and line breaks, surrogates,
# U+FFFE, U+FFFF) makes lxml raise, and translate-toolkit's setters drop it without a word.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
XML_REPLACEMENT = "\ufffd"
"""What a character XML cannot hold becomes in every XML export. U+FFFD, not the Control
Pictures the reader draws (U+240E for U+000E): a CAT tool takes a control picture for a real
symbol of the sentence and would carry it into translations, while U+FFFD means "a character
was lost here" to every tool, covers U+FFFE, U+FFFF and surrogates (which have no picture), and
never occurs in a text by intent."""
_MAX_PLACES = 10


@dataclass(frozen=True)
class XmlExport:
    """An XML file built in memory, and how many characters XML cannot hold were replaced
    with U+FFFD to build it, by place (a segment or entry id, "text id", "header")."""

    content: str
    replaced: dict[str, int] = field(default_factory=dict)

    def warning(self) -> str | None:
        """One line for people when something was replaced, e.g. "2 characters not allowed
        in XML were replaced with U+FFFD in s3, s7"; None when nothing was."""
        total = sum(self.replaced.values())
        if not total:
            return None
        places = [visible(place) for place in self.replaced]
        listed = ", ".join(places[:_MAX_PLACES])
        if len(places) > _MAX_PLACES:
            listed += f" and {len(places) - _MAX_PLACES} more"
        noun, verb = ("character", "was") if total == 1 else ("characters", "were")
        return f"{total} {noun} not allowed in XML {verb} replaced with U+FFFD in {listed}"


class _XmlCleaner:
    """The one way every XML export makes a string XML: what XML cannot hold becomes
    `XML_REPLACEMENT`, counted by place for `XmlExport.replaced`."""

    def __init__(self) -> None:
        self.replaced: dict[str, int] = {}

    def __call__(self, value: str, place: str) -> str:
        cleaned, count = _NOT_XML.subn(XML_REPLACEMENT, value)
        if count:
            self.replaced[place] = self.replaced.get(place, 0) + count
        return cleaned

    def done(self, content: str) -> XmlExport:
        return XmlExport(content, dict(self.replaced))


def _serialized(store: Any) -> str:
    """A translate-toolkit store as XML text (its own serializer, declaration included)."""
    etree.cleanup_namespaces(store.document.getroot())
    buffer = io.BytesIO()
    store.serialize(buffer)
    return buffer.getvalue().decode("utf-8")


# TBX ----------------------------------------------------------------------------------------

# TBX-Basic (LISA 2009, the dialect OmegaT, memoQ, Trados and Phrase all read): a martif
# document, core structure DTD and XCS named in the header. translate-toolkit's own skeleton is
# generic TBX (TBXcdv04.dtd), so the store is started from this one instead.
_TBX_SKELETON = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
<martifHeader>
<fileDesc>
<titleStmt><title>tui-reader glossary (Arabic-English)</title></titleStmt>
<sourceDesc><p>Exported by tui-reader</p></sourceDesc>
</fileDesc>
<encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>
</martifHeader>
<text><body></body></text>
</martif>"""

# Our parts of speech on TBX-Basic's partOfSpeech picklist (noun, verb, adjective, adverb,
# properNoun, other). A noun phrase is a noun there; an abbreviation is a noun whose termType
# says abbreviation.
_TBX_POS = {
    "noun": "noun",
    "noun phrase": "noun",
    "adjective": "adjective",
    "verb": "verb",
    "proper noun": "properNoun",
    "abbreviation": "noun",
}
_PREFERRED = "preferredTerm-admn-sts"
_ADMITTED = "admittedTerm-admn-sts"
_UNUSABLE = {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated", "superseded"}
_TBX_INDENT = {
    "indent": "  ",
    "max_level": 10,
    "toplevel": False,
    "leaves": {"term", "termNote", "descrip", "admin", "note", "p", "title"},
}


def _sub(parent: etree._Element, tag: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    if text:
        element.text = text
    return element


def _element(tag: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.Element(tag, attributes)
    if text:
        element.text = text
    return element


def _xml_id(entry_id: str) -> str:
    """termEntry/@id is an XML ID, which may not start with a digit."""
    return entry_id if entry_id[:1].isalpha() else f"term-{entry_id}"


def export_glossary_tbx(glossary: Glossary, path: Path) -> None:
    """Write `build_tbx(glossary)` (its `replaced` is lost: call build_tbx to report it)."""
    write_atomic(path, build_tbx(glossary).content)


def build_tbx(glossary: Glossary) -> XmlExport:
    """The glossary as TBX-Basic, for a CAT tool's termbase.

    One termEntry per entry, with a langSet for Arabic and one for English; in each, a tig per
    term: the main term first, marked preferred, then the variants, marked admitted, each with
    its part of speech. The English langSet holds the definition (with the entry's authority as
    its source), the termEntry the translation note and the tags as subject field. The
    vocalized form has no TBX-Basic data category and is left out (the CSV and Anki exports
    carry it). Characters XML cannot hold are replaced and counted by entry id.
    """
    # translate-toolkit ships type hints, but not for parsestring.
    store = tbxfile.parsestring(  # type: ignore[no-untyped-call]
        _TBX_SKELETON, sourcelanguage="ar", targetlanguage="en"
    )
    store.XMLindent = _TBX_INDENT
    clean = _XmlCleaner()
    for entry in glossary.entries:
        safe = _xml_entry(entry, partial(clean, place=entry.id))
        # translate-toolkit builds termEntry, both langSets and their tig/term elements.
        unit = store.addsourceunit(safe.ar)
        unit.setid(_xml_id(safe.id))
        unit.set_source_terms(list(safe.arabic_forms))
        unit.set_target_terms(list(safe.english_forms))
        _add_tbx_basic_data(unit.xmlelement, safe)
    return clean.done(_serialized(store))


def _xml_entry(entry: Entry, clean: Callable[[str], str]) -> Entry:
    """The entry with every field the TBX carries made XML."""
    return replace(
        entry,
        id=clean(entry.id),
        ar=clean(entry.ar),
        en=clean(entry.en),
        ar_variants=tuple(map(clean, entry.ar_variants)),
        en_variants=tuple(map(clean, entry.en_variants)),
        definition=clean(entry.definition),
        note=clean(entry.note),
        authority=clean(entry.authority),
        tags=tuple(map(clean, entry.tags)),
    )


def _add_tbx_basic_data(term_entry: etree._Element, entry: Entry) -> None:
    """The TBX-Basic data categories translate-toolkit has no API for, added with lxml where
    the core structure puts them: termNote after the term in its tig, descripGrp before the
    tigs of a langSet, concept-level note and subjectField before the langSets (the toolkit's
    own addnote would append them after the langSets, which the DTD does not allow)."""
    langsets = term_entry.findall("langSet")
    concept: list[etree._Element] = []
    if entry.tags:
        concept.append(_element("descrip", LIST_SEPARATOR.join(entry.tags), type="subjectField"))
    if entry.note:
        concept.append(_element("note", entry.note))
    for element in concept:
        langsets[0].addprevious(element)
    for langset in langsets:
        arabic = langset.get(XML_LANG) == "ar"
        for index, tig in enumerate(langset.findall("tig")):
            _sub(tig, "termNote", _TBX_POS.get(entry.pos, "other"), type="partOfSpeech")
            if index == 0 and arabic and entry.pos == "abbreviation":
                _sub(tig, "termNote", "abbreviation", type="termType")
            status = _PREFERRED if index == 0 else _ADMITTED
            _sub(tig, "termNote", status, type="administrativeStatus")
        if not arabic and entry.definition:
            group = _element("descripGrp")
            _sub(group, "descrip", entry.definition, type="definition")
            if entry.authority:
                _sub(group, "admin", entry.authority, type="source")
            langset.findall("tig")[0].addprevious(group)


# CSV ----------------------------------------------------------------------------------------


def export_glossary_csv(glossary: Glossary, path: Path) -> None:
    """Write the glossary as CSV (RFC 4180: comma, double quotes, CRLF) with a header row of
    `CSV_COLUMNS`; lists are joined with "; ".

    The encoding is UTF-8 without a byte-order mark: the BOM is not part of UTF-8 CSV as most
    tools (LibreOffice, pandas, csvkit, CAT tools) read it, and it would end up in the first
    column's name. Excel users open the file with Data > From Text/CSV and choose UTF-8
    (double-clicking assumes the ANSI code page and garbles the Arabic). The import accepts
    files with a BOM, as Excel saves them.

    A list item containing ";" cannot be written (it would read back as two items):
    ExchangeError.

    A cell that a spreadsheet would run as a formula (one starting with = + - @, tab or CR) is
    written with a single quote before it, as OWASP advises; so is a cell that starts with a
    quote already, so that the import can take off exactly the quote the export put on. List
    items are quoted one by one: a spreadsheet that splits cells on ";" makes each a cell.

    translate-toolkit's csvfile is not used: its units keep only its eight localisation
    columns (location, source, target...), so the glossary's own columns would be lost.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in glossary.entries:
        for name in ("ar_variants", "en_variants", "tags"):
            for item in getattr(entry, name):
                if ";" in item:
                    raise ExchangeError(
                        f"entry '{visible(entry.id)}': {name} item '{visible(item)}' "
                        "contains ';', which the CSV uses to separate list items"
                    )
        writer.writerow(
            [
                _csv_cell(entry.id),
                _csv_cell(entry.ar),
                _csv_cell(entry.vocalized),
                _csv_cell(entry.en),
                _csv_list(entry.ar_variants),
                _csv_list(entry.en_variants),
                _csv_cell(entry.pos),
                _csv_cell(entry.definition),
                _csv_cell(entry.note),
                _csv_cell(entry.authority),
                _csv_list(entry.tags),
            ]
        )
    write_atomic(path, buffer.getvalue())


def _csv_cell(value: str) -> str:
    return "'" + value if value.startswith((*_FORMULA_START, "'")) else value


def _csv_list(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(map(_csv_cell, items))


def _csv_value(cell: str) -> str:
    """A cell (or list item) as it was before `_csv_cell`: the quote before a formula or
    before another quote comes off, any other stays (it is the user's)."""
    return (
        cell[1:] if cell.startswith("'") and cell[1:].startswith((*_FORMULA_START, "'")) else cell
    )


# Anki ---------------------------------------------------------------------------------------

_ANKI_FIELDS = (
    "Arabic",
    "Vocalized",
    "Transliteration",
    "English",
    "ArabicVariants",
    "EnglishVariants",
    "PartOfSpeech",
    "Definition",
    "Note",
    "Authority",
    "Id",
)
_AR = '<div class="ar" dir="rtl" lang="ar">{{%s}}</div>'
_BACK_DETAILS = (
    '<div class="translit">{{Transliteration}}</div>'
    '<div class="pos">{{PartOfSpeech}}</div>'
    '{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}'
    '{{#Note}}<div class="note">{{Note}}</div>{{/Note}}'
)
_ANKI_TEMPLATES = [
    {
        "name": "Arabic → English",
        "qfmt": _AR % "Arabic",
        "afmt": (
            '{{FrontSide}}<hr id="answer"><div class="en">{{English}}</div>'
            '{{#EnglishVariants}}<div class="variants">{{EnglishVariants}}</div>'
            "{{/EnglishVariants}}" + _AR % "Vocalized" + _BACK_DETAILS
        ),
    },
    {
        "name": "English → Arabic",
        "qfmt": '<div class="en">{{English}}</div>',
        "afmt": (
            '{{FrontSide}}<hr id="answer">'
            + _AR % "Vocalized"
            + _AR % "Arabic"
            + '{{#ArabicVariants}}<div class="ar variants" dir="rtl" lang="ar">'
            "{{ArabicVariants}}</div>{{/ArabicVariants}}" + _BACK_DETAILS
        ),
    },
]
_ANKI_CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: center; }
.ar { font-family: "Noto Naskh Arabic", "Amiri", "Scheherazade New", serif; font-size: 34px; }
.en { font-size: 26px; }
.variants, .translit, .pos { color: #777; font-size: 18px; }
.definition, .note { text-align: left; font-size: 16px; margin-top: 0.8em; }
"""


def _anki_html(value: str) -> str:
    """Anki fields are HTML: escape the text, keep its line breaks."""
    return html.escape(value).replace("\n", "<br>")


def _anki_tag(tag: str) -> str:
    return re.sub(r"\s+", "_", tag.strip())


def anki_guid(entry_id: str) -> str:
    """A note's GUID, from the entry id only: re-importing an export updates the notes
    already in the collection (and keeps their review history) instead of adding copies."""
    return str(genanki.guid_for("tui-reader-glossary", entry_id))


def export_glossary_anki(glossary: Glossary, path: Path) -> None:
    """Write the glossary as an Anki package (.apkg): one note per entry, two cards each
    (Arabic -> English, English -> Arabic), with the vocalized form, transliteration, part of
    speech, definition and note on the back.

    The Arabic is stored in logical order, as in the glossary: Anki lays out right-to-left
    text itself (the cards mark it dir="rtl"). Deck and note type ids are fixed, note GUIDs
    come from the entry ids and the notes carry the export time, so re-importing a newer export
    updates the notes in place.
    """
    model = genanki.Model(
        ANKI_MODEL_ID,
        "tui-reader glossary term (Arabic ↔ English)",
        fields=[{"name": name} for name in _ANKI_FIELDS],
        templates=_ANKI_TEMPLATES,
        css=_ANKI_CSS,
    )
    deck = genanki.Deck(
        ANKI_DECK_ID,
        ANKI_DECK_NAME,
        description="Exported by tui-reader from its Arabic–English glossary.",
    )
    for entry in glossary.entries:
        values = (
            entry.ar,
            entry.vocalized,
            entry.transliteration,
            entry.en,
            "، ".join(entry.ar_variants),
            ", ".join(entry.en_variants),
            entry.pos,
            entry.definition,
            entry.note,
            entry.authority,
            entry.id,
        )
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[_anki_html(value) for value in values],
                guid=anki_guid(entry.id),
                tags=["tui-reader", *(_anki_tag(tag) for tag in entry.tags if tag.strip())],
            )
        )
    write_bytes_atomic(path, _apkg_bytes(genanki.Package(deck), time.time()))


def _apkg_bytes(package: Any, timestamp: float) -> bytes:
    """The .apkg as bytes. genanki's Package.write_to_file writes in place (not atomically)
    and leaves its temporary SQLite file in the system temp folder, so its collection is
    written here with Package.write_to_db into a folder that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="tui-reader-anki-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
        return buffer.getvalue()


# TMX ----------------------------------------------------------------------------------------

_TMX_SKELETON = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header/><body/></tmx>"""
_TMX_INDENT = {"indent": "  ", "max_level": 6, "toplevel": False, "leaves": {"seg", "note"}}


def export_tmx(text: Text, path: Path) -> None:
    """Write `build_tmx(text)` (its `replaced` is lost: call build_tmx to report it)."""
    write_atomic(path, build_tmx(text).content)


def build_tmx(text: Text) -> XmlExport:
    """A text as a TMX 1.4b translation memory: one <tu> per translated segment, with an
    Arabic and an English <tuv>; tuid is "text id/segment id". Characters XML cannot hold are
    replaced and counted by segment id.

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
        ("creationtoolversion", _tool_version()),
        ("segtype", "sentence"),
        ("o-tmf", "tui-reader"),
        ("adminlang", "en"),
        ("srclang", "ar"),
        ("datatype", "plaintext"),
    ):
        header.set(name, value)
    clean = _XmlCleaner()
    for segment in text.segments:
        if not segment.en.strip():
            continue
        unit = store.addsourceunit(clean(segment.ar, segment.id))
        unit.settarget(clean(segment.en, segment.id), "en")
        unit.xmlelement.set("tuid", clean(f"{text.id}/{segment.id}", segment.id))
    return clean.done(_serialized(store))


# XLIFF --------------------------------------------------------------------------------------

_XLIFF_SKELETON = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="tui-reader" source-language="ar" target-language="en" datatype="plaintext"
 tool-id="tui-reader"><body/></file>
</xliff>"""


def _q(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


def _note_text(placed: Placed, text: Text) -> str:
    """A reader's note as plain text for a CAT tool: category and tags, the passage it is
    about, then the note itself."""
    note = placed.note
    heading = f"[{note.category}]"
    if note.tags:
        heading += " tags: " + ", ".join(note.tags)
    if placed.segment_index is None:
        heading += f" (orphaned: the passage is no longer in segment {note.anchor.segment_id})"
        passage = note.anchor.quote
    else:
        segment = text.segments[placed.segment_index]
        source = segment.ar if note.anchor.pane == "ar" else segment.en
        passage = source[placed.start : placed.end]
    lines = [heading]
    if passage:
        lines.append(f"«{passage}»")
    lines.append(note.body.strip())
    return "\n".join(line for line in lines if line)


def export_xliff(text: Text, placed: Sequence[Placed], path: Path) -> None:
    """Write `build_xliff(text, placed)` (its `replaced` is lost: call build_xliff to report
    it)."""
    write_atomic(path, build_xliff(text, placed).content)


def build_xliff(text: Text, placed: Sequence[Placed]) -> XmlExport:
    """A text as XLIFF 1.2 (Arabic source, English target) with the reader's notes, so they
    travel into a CAT tool. Characters XML cannot hold are replaced and counted by segment id
    ("text id" for the file's original, "header" for orphaned notes).

    One trans-unit per segment, id = segment id. A segment with English has a <target
    state="translated">; one without has no <target> (the CAT tool shows it as untranslated).
    `placed` are the notes (`NoteStore.placed`): <note from="tui-reader">, annotating the
    source or the target (the pane they were taken on), on the unit of the segment where
    their passage stands now; notes whose passage is gone go in the file <header>.
    """
    xliff = xlifffile.parsestring(_XLIFF_SKELETON)  # type: ignore[no-untyped-call]
    xliff.XMLindent = {**xliff.XMLindent, "leaves": {"note", "source", "target", "tool"}}
    clean = _XmlCleaner()
    file_node = xliff.document.getroot().find(_q("file"))
    original = clean(text.id, "text id")
    file_node.set("original", original)
    by_segment: dict[int, list[Placed]] = {}
    orphans: list[Placed] = []
    for item in placed:
        if item.segment_index is None:
            orphans.append(item)
        else:
            by_segment.setdefault(item.segment_index, []).append(item)
    for index, segment in enumerate(text.segments):
        place = segment.id
        unit = xliff.addsourceunit(clean(segment.ar, place), filename=original)
        unit.setid(clean(segment.id, place))
        if segment.en.strip():
            unit.settarget(clean(segment.en, place), lang="en")
            # The toolkit also marks the unit approved="yes" (signed off), which CAT tools
            # import as confirmed or final; the English here is a translation to work on.
            unit.xmlelement.attrib.pop("approved", None)
        for item in sorted(by_segment.get(index, []), key=lambda p: (p.start, p.note.created)):
            unit.addnote(clean(_note_text(item, text), place), origin="tui-reader")
            pane = item.note.anchor.pane
            annotates = "source" if pane == "ar" else "target" if segment.en.strip() else "general"
            unit.xmlelement.findall(_q("note"))[-1].set("annotates", annotates)
    # The file <header> (tool description, orphaned notes) must come before <body>; the
    # toolkit's getheadernode would append it after, so it is built here with lxml.
    header = etree.Element(_q("header"))
    etree.SubElement(
        header,
        _q("tool"),
        {"tool-id": "tui-reader", "tool-name": "tui-reader", "tool-version": _tool_version()},
    )
    for item in orphans:
        note = etree.SubElement(header, _q("note"), {"from": "tui-reader"})
        note.text = clean(_note_text(item, text), "header")
    file_node.insert(0, header)
    return clean.done(_serialized(xliff))


# Import -------------------------------------------------------------------------------------


@dataclass
class _Draft:
    """A term read from a file, before it gets an id."""

    where: str
    ar: str
    en: str
    ar_variants: list[str] = field(default_factory=list)
    en_variants: list[str] = field(default_factory=list)
    pos: str = ""
    vocalized: str = ""
    definition: str = ""
    note: str = ""


def _clean(value: str) -> str:
    return " ".join(value.split())


def _unvocalized(arabic: str) -> str:
    """The letters alone: the glossary's `ar` is unvocalized, its `vocalized` keeps marks."""
    return "".join(char for char in arabic if char != TATWEEL and not is_mark(char))


def _distinct(values: Iterable[str], exclude: str) -> list[str]:
    seen = {exclude}
    kept = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            kept.append(value)
    return kept


def _pos_key(value: str) -> str:
    """'properNoun', 'Proper noun', 'proper_noun' -> 'proper noun'."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", value.strip())
    return " ".join(re.split(r"[\s_\-]+", spaced.lower())).strip()


def _default_pos(arabic: str) -> str:
    """Without a part of speech in the file: a multi-word Arabic term is a noun phrase, as in
    the bundled glossary."""
    return "noun phrase" if len(arabic.split()) > 1 else "noun"


def slug(english: str) -> str:
    """An entry id from English: ASCII lowercase words joined by hyphens ("term" if none)."""
    ascii_text = unicodedata.normalize("NFKD", english).encode("ascii", "ignore").decode()
    value = _SLUG_PART.sub("-", ascii_text.lower()).strip("-")
    if len(value) > _MAX_SLUG:
        value = value[:_MAX_SLUG].rsplit("-", 1)[0] or value[:_MAX_SLUG]
    return value or "term"


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def _entries(drafts: Iterable[_Draft], path: Path) -> list[Entry]:
    taken: set[str] = set()
    entries = []
    for draft in drafts:
        ar = _unvocalized(draft.ar)
        entries.append(
            Entry(
                id=_unique(slug(draft.en), taken),
                ar=ar,
                vocalized=draft.vocalized or draft.ar,
                en=draft.en,
                pos=draft.pos or _default_pos(ar),
                definition=draft.definition,
                note=draft.note,
                authority=f"imported from {visible(path.name)}",
                ar_variants=tuple(_distinct((_unvocalized(v) for v in draft.ar_variants), ar)),
                en_variants=tuple(_distinct(draft.en_variants, draft.en)),
                related=(),
                tags=("imported",),
            )
        )
    return entries


def _check_arabic(draft: _Draft) -> None:
    if not ARABIC_LETTER.search(draft.ar):
        raise ExchangeError(
            f"{draft.where}: the Arabic term '{visible(draft.ar)}' has no Arabic letters "
            "(are the languages swapped?)"
        )


def import_glossary(path: Path) -> list[Entry]:
    """Terms from a TBX or CSV file (by suffix), as entries for the user glossary.

    Each gets an id made from its English (made unique within the file), its Arabic without
    vowel marks as `ar` and as given as `vocalized`, the part of speech from the file or
    "noun" / "noun phrase" (multi-word Arabic), the file's definition and note, authority
    "imported from NAME", tag "imported". Terms missing their Arabic or English are left out.
    Raises ExchangeError, naming the file and the place, for anything malformed: a
    half-understood file is not imported at all.
    """
    suffix = path.suffix.lower()
    if suffix not in (".tbx", ".csv"):
        raise ExchangeError(
            f"{visible(str(path))}: cannot import '{visible(path.suffix)}' files (use .tbx or .csv)"
        )
    try:
        data = read_limited(path, MAX_IMPORT_BYTES)
    except TextError as error:
        raise ExchangeError(visible(str(error))) from None
    drafts = _read_tbx(data, path) if suffix == ".tbx" else _read_csv(data, path)
    kept = [draft for draft in drafts if draft.ar and draft.en]
    for draft in kept:
        _check_arabic(draft)
    return _entries(kept, path)


# CSV import


def _split_list(cell: str) -> list[str]:
    return [_csv_value(_clean(item)) for item in cell.split(";") if item.strip()]


def _read_csv(data: bytes, path: Path) -> list[_Draft]:
    try:
        content = decode_utf8(data, path)
    except TextError as error:
        raise ExchangeError(visible(str(error))) from None
    name = visible(str(path))
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    drafts: list[_Draft] = []
    header: list[str] | None = None
    columns: dict[str, int] = {}
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ExchangeError(f"{name}:{line}: not valid CSV ({visible(str(error))})") from None
        start, line = line, reader.line_num + 1
        if header is None:
            header = [column.strip().lower() for column in row]
            for index, column in enumerate(header):
                if column in columns:
                    raise ExchangeError(f"{name}:{start}: column '{visible(column)}' appears twice")
                if column:
                    columns[column] = index
            missing = [column for column in ("ar", "en") if column not in columns]
            if missing:
                raise ExchangeError(
                    f"{name}:{start}: the header row has no "
                    + " or ".join(f"'{column}'" for column in missing)
                    + f" column (columns: {', '.join(CSV_COLUMNS)}; 'ar' and 'en' are needed)"
                )
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ExchangeError(
                f"{name}:{start}: {len(row)} field{'s' if len(row) != 1 else ''}, but the "
                f"header has {len(header)}"
            )
        drafts.append(_csv_draft(row, columns, f"{name}:{start}"))
    if header is None:
        raise ExchangeError(f"{name}:1: the file is empty (a header row is needed)")
    return drafts


def _csv_draft(row: list[str], columns: dict[str, int], where: str) -> _Draft:
    def raw(name: str) -> str:
        return row[columns[name]].strip() if name in columns else ""

    def cell(name: str) -> str:
        return _csv_value(raw(name))

    draft = _Draft(
        where=where,
        ar=_clean(cell("ar")),
        en=_clean(cell("en")),
        ar_variants=_split_list(raw("ar_variants")),
        en_variants=_split_list(raw("en_variants")),
        definition=cell("definition"),
        note=cell("note"),
    )
    pos = cell("pos")
    if pos:
        draft.pos = _pos_key(pos)
        if draft.pos not in POS:
            raise ExchangeError(
                f"{where}: part of speech '{visible(pos)}' is not one of: {', '.join(POS)}"
            )
    vocalized = _clean(cell("vocalized"))
    if vocalized and draft.ar:
        if normalize(vocalized) != normalize(draft.ar):
            raise ExchangeError(
                f"{where}: 'vocalized' ({visible(vocalized)}) is not the Arabic term "
                f"({visible(draft.ar)}) "
                "with vowel marks"
            )
        draft.vocalized = vocalized
    return draft


# TBX import


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: etree._Element, *names: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child) in names)


def _descendants(element: etree._Element, *names: str) -> Iterator[etree._Element]:
    return (node for node in element.iter() if node is not element and _local(node) in names)


def _text_of(element: etree._Element) -> str:
    return "".join(str(part) for part in element.itertext()).strip()


def _language(langset: etree._Element) -> str:
    """The primary language subtag: "ar-SA" and "AR" are both Arabic."""
    return (langset.get(XML_LANG) or "").split("-")[0].split("_")[0].strip().lower()


def _term_notes(group: etree._Element, kind: str) -> list[str]:
    return [
        _text_of(note)
        for note in _descendants(group, "termNote")
        if (note.get("type") or "") == kind
    ]


@dataclass
class _Terms:
    main: str
    main_group: etree._Element | None
    variants: list[str]


def _terms(langsets: list[etree._Element]) -> _Terms:
    """The main term (marked preferred, or else the first usable) and the variants (the rest,
    except deprecated or superseded terms) of one language of a termEntry."""
    found: list[tuple[str, etree._Element, str]] = []
    for langset in langsets:
        # tig (TBX-Basic), ntig/termGrp (full TBX), termSec (TBX v3).
        for group in _children(langset, "tig", "ntig", "termSec"):
            term = next(_descendants(group, "term"), None)
            if term is None:
                continue
            status = next(iter(_term_notes(group, "administrativeStatus")), "").lower()
            found.append((_clean(_text_of(term)), group, status))
    usable = [item for item in found if item[0] and item[2] not in _UNUSABLE]
    if not usable:
        return _Terms("", None, [])
    main = next((item for item in usable if item[2].startswith("preferred")), usable[0])
    return _Terms(main[0], main[1], [item[0] for item in usable if item is not main])


def _tbx_pos(arabic: _Terms, english: _Terms) -> str:
    """Our part of speech from the main terms' TBX termNotes (Arabic first: it is the Arabic
    term the glossary describes). A value we have no equivalent for (adverb, other) gives the
    default."""
    for terms in (arabic, english):
        if terms.main_group is None:
            continue
        types = {value.lower() for value in _term_notes(terms.main_group, "termType")}
        if types & {"abbreviation", "acronym", "initialism", "shortform"}:
            return "abbreviation"
        for value in _term_notes(terms.main_group, "partOfSpeech"):
            key = _pos_key(value)
            if key == "noun":
                return _default_pos(arabic.main)
            if key in POS:
                return key
    return ""


def _describe(element: etree._Element) -> str:
    name = visible(_local(element))
    identifier = element.get("id")
    return f'<{name} id="{visible(identifier)}">' if identifier else f"<{name}>"


def _read_tbx(data: bytes, path: Path) -> list[_Draft]:
    name = visible(str(path))
    # translate-toolkit's safe parser (no entities, no network). tbxfile itself is not used to
    # read: it finds terms only in tig (not ntig or TBX v3 termSec), only under the exact
    # language codes asked for (not "en-GB" for "en"), and it keeps no line numbers to report.
    try:
        root = etree.fromstring(data, parser=get_safe_xml_parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        raise ExchangeError(f"{name}:{line}: not well-formed XML ({visible(error.msg)})") from None
    if _local(root) not in ("martif", "tbx"):
        raise ExchangeError(
            f"{name}:{root.sourceline}: the root element is <{_local(root)}>, not TBX's "
            "<martif> (or <tbx>)"
        )
    body = next(_descendants(root, "body"), None)
    if body is None:
        raise ExchangeError(f"{name}:{root.sourceline}: <{_local(root)}> has no <text><body>")
    entries = list(_children(body, "termEntry", "conceptEntry"))
    if not entries:
        raise ExchangeError(
            f"{name}:{body.sourceline}: <body> has no <termEntry>: there are no terms"
        )
    return [_tbx_draft(entry, name) for entry in entries]


def _tbx_draft(term_entry: etree._Element, name: str) -> _Draft:
    where = f"{name}:{term_entry.sourceline}"
    languages: dict[str, list[etree._Element]] = {}
    for langset in _children(term_entry, "langSet", "langSec"):
        language = _language(langset)
        if not language:
            raise ExchangeError(
                f"{name}:{langset.sourceline}: <{_local(langset)}> without xml:lang in "
                f"{_describe(term_entry)}"
            )
        languages.setdefault(language, []).append(langset)
    for language, called in (("ar", "Arabic"), ("en", "English")):
        if language not in languages:
            found = visible(", ".join(sorted(languages))) or "none"
            raise ExchangeError(
                f"{where}: {_describe(term_entry)} has no {called} langSet "
                f'(xml:lang="{language}"; languages found: {found})'
            )
    arabic = _terms(languages["ar"])
    english = _terms(languages["en"])
    definitions = [
        _text_of(node)
        for scope in (*languages["en"], term_entry)
        for node in _descendants(scope, "descrip")
        if node.get("type") == "definition"
    ]
    notes = [_text_of(node) for node in _children(term_entry, "note")] + [
        _text_of(node) for langset in languages["en"] for node in _children(langset, "note")
    ]
    return _Draft(
        where=where,
        ar=arabic.main,
        en=english.main,
        ar_variants=arabic.variants,
        en_variants=english.variants,
        pos=_tbx_pos(arabic, english),
        definition=next((text for text in definitions if text), ""),
        note="\n".join(text for text in notes if text),
    )


# Merge --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duplicate:
    """An imported term the glossary already has (same Arabic, same English)."""

    term: str
    en: str
    existing_id: str


@dataclass(frozen=True)
class Conflict:
    """An imported term whose Arabic the glossary has with another English: not added, for
    the user to decide."""

    term: str
    existing_en: str
    imported_en: str
    existing_id: str
    in_bundled: bool


@dataclass
class MergeReport:
    """What a merge did to the user glossary at `path`."""

    path: Path
    added: list[Entry] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rewritten: bool = False
    """The user file was written out whole (its comments are not kept), not appended to."""

    def lines(self) -> list[str]:
        """The report for people, one line each."""
        out: list[str] = []
        count = len(self.added)
        if count:
            out.append(f"Added {count} term{'s' if count != 1 else ''} to {self.path}:")
            out += [
                f"  {visible(entry.ar)} = {visible(entry.en)} ({entry.id})" for entry in self.added
            ]
        else:
            out.append(f"No new terms; {self.path} was not changed.")
        if self.duplicates:
            out.append(f"Skipped {len(self.duplicates)} already in the glossary:")
            out += [
                f"  {visible(item.term)} = {visible(item.en)} ({item.existing_id})"
                for item in self.duplicates
            ]
        if self.conflicts:
            out.append(
                f"Not added, {len(self.conflicts)} conflict"
                f"{'s' if len(self.conflicts) != 1 else ''} (same Arabic, other English):"
            )
            for item in self.conflicts:
                where = "bundled glossary" if item.in_bundled else "your glossary"
                out.append(
                    f"  {visible(item.term)}: the {where} has '{visible(item.existing_en)}' "
                    f"({item.existing_id}), the import has '{visible(item.imported_en)}'"
                )
        if self.rewritten:
            out.append(f"{self.path} was rewritten whole: comments in it were not kept.")
        return out


class _Dumper(yaml.SafeDumper):
    """Lists (tuples) in flow style, as in glossary.yaml; the terms list stays in block."""


def _flow_tuple(dumper: yaml.SafeDumper, value: tuple[str, ...]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(tuple, _flow_tuple)

_USER_HEADER = """\
# Your own glossary terms (tui-reader). Same schema as the bundled glossary.yaml:
# `tui-reader glossary check FILE` checks it.
version: 1
terms:
"""


def _dump_items(entries: Sequence[Entry], indent: int) -> str:
    items = []
    for entry in entries:
        dumped = yaml.dump(
            [entry.record()], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6
        )
        items.append("".join(" " * indent + line for line in dumped.splitlines(keepends=True)))
    return "\n".join(items)


def _appended(existing: str, entries: Sequence[Entry]) -> str | None:
    """The user file with the entries appended to its `terms` list, keeping the user's
    comments and layout; None when `terms` is not a block list ending the file."""
    root = yaml.compose(existing, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode) or not root.value:
        return None
    key, terms = root.value[-1]
    if key.value != "terms" or not isinstance(terms, yaml.SequenceNode):
        return None
    if terms.flow_style or not terms.value:
        return None
    head = existing if existing.endswith("\n") else existing + "\n"
    return head + "\n" + _dump_items(entries, terms.start_mark.column)


def _whole(entries: Sequence[Entry]) -> str:
    return _USER_HEADER + "\n" + _dump_items(entries, 2) if entries else _USER_HEADER


def _loads_cleanly(content: str) -> bool:
    with tempfile.TemporaryDirectory(prefix="tui-reader-merge-") as folder:
        candidate = Path(folder) / "glossary.yaml"
        candidate.write_text(content, encoding="utf-8")
        try:
            _, problems = read_glossary(candidate)
        except GlossaryError:
            return False
        return not problems


def _read_user(user_path: Path) -> tuple[list[Entry], str | None]:
    if not user_path.exists():
        return [], None
    try:
        entries, problems = read_glossary(user_path)
    except GlossaryError as error:
        problems = error.problems
        entries = []
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ExchangeError(
            f"{visible(str(problems[0]))}{more}: fix your glossary before importing into it; "
            "nothing was written"
        )
    return entries, user_path.read_text(encoding="utf-8")


def _least_bytes(entries: Iterable[Entry], keys: bool) -> int:
    """Fewer bytes than the entries take in YAML: their values (YAML escapes or quotes, it
    never shortens) and, with `keys`, the field names every dumped entry has."""
    total = 0
    for entry in entries:
        for name, value in entry.record().items():
            items = value if isinstance(value, list) else [value]
            total += sum(len(str(item).encode()) for item in items)
            total += len(name) if keys else 0
    return total


def _fits(content: str) -> bool:
    return len(content.encode()) <= MAX_GLOSSARY_BYTES


def _too_big(user_path: Path, count: int, size: int, exact: bool) -> ExchangeError:
    megabytes = MAX_GLOSSARY_BYTES // (1024 * 1024)
    return ExchangeError(
        f"{user_path}: {count:,} new term{'s' if count != 1 else ''} would make it "
        f"{'' if exact else 'at least '}{size:,} bytes, over the {megabytes} MB a glossary file "
        "may have; nothing was written (import fewer terms at a time)"
    )


def _quoted_id(entry_id: str) -> str:
    """An id for a message: as it is when it is one, else quoted like Python (escapes and
    all), so that a space or a line break at its end shows."""
    return f"'{entry_id}'" if ID_PATTERN.fullmatch(entry_id) else visible(repr(entry_id))


def _check_imported(entry: Entry) -> None:
    """Entries handed in by a caller must fit the schema, or the user file would not load."""
    problems = []
    for name in ("id", "ar", "vocalized", "en"):
        if not getattr(entry, name).strip():
            problems.append(f"'{name}' is empty")
    if entry.id and not ID_PATTERN.fullmatch(entry.id):
        problems.append("the id is not lowercase letters and digits with hyphens between")
    if entry.pos not in POS:
        problems.append(f"pos '{visible(entry.pos)}' is not one of: {', '.join(POS)}")
    if entry.ar and entry.vocalized and normalize(entry.ar) != normalize(entry.vocalized):
        problems.append("'vocalized' is not a vocalized 'ar'")
    if entry.related:
        problems.append("imported entries cannot have related ids")
    if problems:
        raise ExchangeError(f"imported entry {_quoted_id(entry.id)}: {'; '.join(problems)}")


def merge_glossary(imported: list[Entry], bundled: Glossary, user_path: Path) -> MergeReport:
    """Merge imported entries into the user glossary at `user_path` (created if missing),
    never into the bundled one.

    An imported term whose Arabic (normalized) is a form of an entry already there, bundled or
    user, is skipped as a duplicate when the English is the same (case-insensitive; one of
    the entry's English forms), and reported as a conflict, not added, when it differs. Other
    terms are added, with an id made unique against both glossaries. The user file is appended
    to when it can be (its comments kept), checked to load cleanly, and written atomically;
    when nothing is new it is not written at all. Raises ExchangeError, writing nothing, if the
    user file has problems or an entry does not fit the schema.
    """
    bundled_file = bundled_glossary_path()
    if user_path.resolve() == bundled_file.resolve():
        raise ExchangeError(
            f"{user_path}: this is the bundled glossary; imported terms go to your own "
            f"glossary ({user_glossary_path()})"
        )
    for entry in imported:
        _check_imported(entry)
    # Two imports at once (two windows, or the palette and the command line) would each
    # read the file before the other wrote it, and the last write would drop the other's
    # terms.
    with locked(user_path):
        return _merge(imported, bundled, user_path)


def _merge(imported: list[Entry], bundled: Glossary, user_path: Path) -> MergeReport:
    user_entries, existing = _read_user(user_path)
    user_ids = {entry.id for entry in user_entries}
    index: dict[str, list[tuple[Entry, bool]]] = {}

    def remember(entry: Entry, in_bundled: bool) -> None:
        for form in entry.arabic_forms:
            index.setdefault(term_key(form), []).append((entry, in_bundled))

    for entry in bundled.entries:
        remember(entry, True)
    for entry in user_entries:
        remember(entry, False)
    taken = {entry.id for entry in bundled.entries} | user_ids
    report = MergeReport(user_path)
    for entry in imported:
        # The same term with or without the article, or as another's spelling variant.
        known = next((index[k] for k in map(term_key, entry.arabic_forms) if k in index), [])
        english = entry.en.strip().casefold()
        same = next(
            (
                (other, in_bundled)
                for other, in_bundled in known
                if english in {form.strip().casefold() for form in other.english_forms}
            ),
            None,
        )
        if same is not None:
            report.duplicates.append(Duplicate(entry.ar, entry.en, same[0].id))
        elif known:
            other, in_bundled = known[0]
            report.conflicts.append(Conflict(entry.ar, other.en, entry.en, other.id, in_bundled))
        else:
            base = entry.id if entry.id not in taken else re.sub(r"-\d+\Z", "", entry.id)
            added = replace(entry, id=_unique(base, taken))
            report.added.append(added)
            remember(added, False)
    if not report.added:
        return report
    # Writing out thousands of terms takes seconds: a merge that cannot fit is refused first.
    least = _least_bytes(user_entries, keys=False) + _least_bytes(report.added, keys=True)
    if least > MAX_GLOSSARY_BYTES:
        raise _too_big(user_path, len(report.added), least, exact=False)
    content = _appended(existing, report.added) if existing is not None else None
    if content is None or not _fits(content) or not _loads_cleanly(content):
        content = _whole([*user_entries, *report.added])
        report.rewritten = existing is not None
        if not _fits(content):
            raise _too_big(user_path, len(report.added), len(content.encode()), exact=True)
        if not _loads_cleanly(content):
            raise ExchangeError(
                f"{user_path}: the merged glossary would not load; nothing was written"
            )
    write_atomic(user_path, content)
    return report


GLOSSARY_FORMATS: dict[str, tuple[str, Callable[[Glossary, Path], None]]] = {
    "tbx": ("tbx", export_glossary_tbx),
    "csv": ("csv", export_glossary_csv),
    "anki": ("apkg", export_glossary_anki),
}
"""Glossary export formats: (file suffix, writer)."""


def import_terms(path: Path) -> MergeReport:
    """Read a TBX or CSV file and merge its terms into the user's own glossary."""
    bundled = read_glossary(bundled_glossary_path())
    if bundled[1]:
        raise GlossaryError(bundled[1])
    return merge_glossary(import_glossary(path), Glossary(bundled[0]), user_glossary_path())
