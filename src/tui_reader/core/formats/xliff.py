"""XLIFF: a text as XLIFF 1.2, with the reader's notes on its segments, for a CAT tool."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from lxml import etree
from translate.storage.xliff import xlifffile

from tui_reader.core.formats.xmlsafe import (
    XmlCleaner,
    XmlExport,
    base_letters,
    serialized,
    tool_version,
)
from tui_reader.core.text import Text

if TYPE_CHECKING:
    # Types only: this module stays free of the stores (see ARCHITECTURE.md).
    from tui_reader.core.notes import Placed

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
NOTE_FROM = "translator"
"""Who the notes are from: translate-toolkit (xliff2po, Pootle, Weblate) keeps the notes
`from="translator"` (and "developer") and drops any other; the notes are a translator's."""

_XLIFF_SKELETON = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="tui-reader" source-language="ar" target-language="en" datatype="plaintext"
 tool-id="tui-reader"><body/></file>
</xliff>"""


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


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


def build_xliff(
    text: Text, placed: Sequence[Placed], drafts: Mapping[str, str] | None = None
) -> XmlExport:
    """A text as XLIFF 1.2 (Arabic source, English target) with the reader's notes, so they
    travel into a CAT tool. Characters XML cannot hold are replaced and counted by segment id
    ("text id" for the file's original, "header" for orphaned notes); `units` is the number
    of trans-units.

    One trans-unit per segment, id = segment id, the Arabic written with base letters for
    presentation forms (`base_letters`). A segment with English has a <target state="final">
    in a unit marked approved="yes": the English is a finished reference translation, and
    tools count a unit without approval as fuzzy (translate-toolkit, Weblate) or unconfirmed
    (memoQ, Trados). One without has no <target> (the CAT tool shows it as untranslated).
    `placed` are the notes (`NoteStore.placed`): <note from="translator">, annotating the
    source or the target (the pane they were taken on), on the unit of the segment where
    their passage stands now; notes whose passage is gone go in the file <header>.

    With `drafts` (segment id -> the translator's draft), a drafted segment's target is the
    draft, `state="translated"` and not approved (the translator's work, not yet signed off),
    and the text's own English, where there is one, follows as an <alt-trans origin="reference">.
    """
    xliff = xlifffile.parsestring(_XLIFF_SKELETON)  # type: ignore[no-untyped-call]
    xliff.XMLindent = {**xliff.XMLindent, "leaves": {"note", "source", "target", "tool"}}
    clean = XmlCleaner()
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
        unit = xliff.addsourceunit(clean(base_letters(segment.ar), place), filename=original)
        unit.setid(clean(segment.id, place))
        draft = (drafts or {}).get(segment.id, "").strip()
        if draft:
            unit.settarget(clean(base_letters(draft), place), lang="en")
            # settarget marks a unit approved; a draft is not signed off.
            unit.markapproved(False)
            unit.xmlelement.find(_q("target")).set("state", "translated")
            if segment.en.strip():
                alternative = etree.SubElement(
                    unit.xmlelement, _q("alt-trans"), {"origin": "reference"}
                )
                reference = etree.SubElement(alternative, _q("target"), {_XML_LANG: "en"})
                reference.text = clean(base_letters(segment.en.strip()), place)
        elif segment.en.strip():
            unit.settarget(clean(base_letters(segment.en), place), lang="en")
            unit.markapproved(True)
            unit.xmlelement.find(_q("target")).set("state", "final")
        for item in sorted(by_segment.get(index, []), key=lambda p: (p.start, p.note.created)):
            unit.addnote(clean(_note_text(item, text), place), origin=NOTE_FROM)
            pane = item.note.anchor.pane
            annotates = "source" if pane == "ar" else "target" if segment.en.strip() else "general"
            unit.xmlelement.findall(_q("note"))[-1].set("annotates", annotates)
    # The file <header> (tool description, orphaned notes) must come before <body>; the
    # toolkit's getheadernode would append it after, so it is built here with lxml.
    header = etree.Element(_q("header"))
    etree.SubElement(
        header,
        _q("tool"),
        {"tool-id": "tui-reader", "tool-name": "tui-reader", "tool-version": tool_version()},
    )
    for item in orphans:
        note = etree.SubElement(header, _q("note"), {"from": NOTE_FROM})
        note.text = clean(_note_text(item, text), "header")
    file_node.insert(0, header)
    return clean.done(serialized(xliff), len(text.segments))
