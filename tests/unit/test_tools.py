"""The exports as the tools that read them see them: translate-toolkit's converters, OmegaT
run in console mode, Anki's own library, and the published schemas (kept in tests/data/schemas
with their licences: see LICENCES.md there)."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from lxml import etree
from translate.convert import xliff2po
from translate.storage import po

from tui_reader.core import library
from tui_reader.core.exchange import write_export
from tui_reader.core.formats.tmx import build_tmx
from tui_reader.core.formats.xliff import build_xliff
from tui_reader.core.formats.xmlsafe import base_letters
from tui_reader.core.letters import is_presentation_form
from tui_reader.core.notes import Anchor, Note, NoteStore, export_web_annotation, new_note
from tui_reader.core.text import Segment, Text

SCHEMAS = Path(__file__).parent.parent / "data" / "schemas"
ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)
XLF = "{urn:oasis:names:tc:xliff:document:1.2}"
# The article writes "the working group" in presentation forms (as some PDFs do).
PRESENTATION = "ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ"


def parse(data: bytes) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.parse(io.BytesIO(data), parser)


def exported(built: Any, path: Path) -> bytes:
    write_export(built, path)
    return path.read_bytes()


def store_with_notes(text: Text, folder: Path) -> NoteStore:
    store = NoteStore(text.id, folder / "notes.jsonl")
    second = text.segments[1]
    store.put(new_note(Anchor.make(second, 0, 7), "Who is the subject?", "query", ["syntax"]))
    store.put(new_note(Anchor.make(second, 0, len(second.en), pane="en"), "Too long.", "style"))
    return store


# Notes as W3C Web Annotation -----------------------------------------------------------------

W3C_TIME = re.compile(r"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\Z")


def test_notes_json_keeps_the_musts_and_shoulds_of_the_web_annotation_model(
    tmp_path: Path,
) -> None:
    """The Web Annotation Data Model (W3C Recommendation, 2017): a collection and each page
    MUST have an id and a type, a page its items; times MUST be xsd:dateTime in UTC with "Z";
    a page SHOULD say which collection it is part of; an annotation MUST have @context (on the
    document), id, type and target. Recommended: a SpecificResource's type, the creator, the
    source's language."""
    store = store_with_notes(ARTICLE, tmp_path)
    document = export_web_annotation(ARTICLE, store)
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection" and document["id"]
    page = document["first"]
    assert page["type"] == "AnnotationPage"
    assert page["id"] and page["id"] != document["id"]
    assert page["partOf"]["id"] == document["id"]
    assert page["items"] and document["total"] == len(page["items"]) == 2
    for annotation in page["items"]:
        assert annotation["type"] == "Annotation" and annotation["id"]
        for name in ("created", "modified"):
            assert W3C_TIME.match(annotation[name]), annotation[name]
            assert datetime.fromisoformat(annotation[name]).utcoffset() == timedelta(0)
        assert annotation["creator"]["type"] in ("Person", "Organization", "Software")
        assert annotation["creator"]["name"]
        target = annotation["target"]
        assert target["type"] == "SpecificResource"
        assert target["source"]["id"].startswith("urn:tui-reader:text:")
        assert target["source"]["language"] in ("ar", "en")
        assert target["source"]["id"].endswith(":" + target["source"]["language"])
        assert target["selector"]


def test_a_note_time_that_is_not_utc_or_not_a_time(tmp_path: Path) -> None:
    store = store_with_notes(ARTICLE, tmp_path)
    first = next(iter(store))
    store.put(
        Note("abc123", first.anchor, "x", created="2026-01-02T03:04:05+02:00", modified="later")
    )
    document = export_web_annotation(ARTICLE, store)
    odd = next(item for item in document["first"]["items"] if item["id"].endswith(":abc123"))
    assert odd["created"] == "2026-01-02T01:04:05Z"
    assert "modified" not in odd


# XLIFF in translate-toolkit -------------------------------------------------------------------


def test_xliff2po_keeps_the_notes_and_takes_the_english_as_final(tmp_path: Path) -> None:
    """translate-toolkit's xliff2po (the converter Pootle and Weblate build on) keeps the notes
    and counts no unit fuzzy: the English is a finished reference."""
    store = store_with_notes(ARTICLE, tmp_path)
    data = exported(build_xliff(ARTICLE, store.placed(ARTICLE)), tmp_path / "a.xlf")
    output = io.BytesIO()
    xliff2po.convertxliff(io.BytesIO(data), output, None)
    converted = po.pofile.parsestring(output.getvalue())  # type: ignore[no-untyped-call]
    units = [unit for unit in converted.units if not unit.isheader()]
    assert len(units) == len(ARTICLE.segments)
    assert not any(unit.isfuzzy() for unit in units)
    assert all(unit.istranslated() for unit in units)
    notes = units[1].getnotes("translator")
    assert "Who is the subject?" in notes and "Too long." in notes


def test_xliff_units_without_english_are_new_and_not_approved(tmp_path: Path) -> None:
    text = Text(
        "t", "عنوان", "Title", (Segment("s1", "جملة.", "A sentence."), Segment("s2", "ثانية.", ""))
    )
    tree = parse(exported(build_xliff(text, []), tmp_path / "t.xlf"))
    first, second = tree.getroot().iter(f"{XLF}trans-unit")
    assert first.get("approved") == "yes"
    assert first.findall(f"{XLF}target")[0].get("state") == "final"
    assert second.get("approved") is None and second.find(f"{XLF}target") is None


# Presentation forms ---------------------------------------------------------------------------


def test_presentation_forms_go_out_as_base_letters_and_stay_in_the_text(tmp_path: Path) -> None:
    written = next(segment for segment in ARTICLE.segments if PRESENTATION in segment.ar)
    assert PRESENTATION in written.ar  # the reader keeps the text verbatim
    for name, built in (
        ("a.tmx", build_tmx(ARTICLE)),
        ("a.xlf", build_xliff(ARTICLE, [])),
    ):
        content = exported(built, tmp_path / name).decode("utf-8")
        assert "فريق العمل" in content
        assert not any(is_presentation_form(char) for char in content), name


def test_base_letters_folds_only_presentation_forms() -> None:
    assert base_letters("ﻻ ﷲ") == "لا الله"
    # Other compatibility characters are not presentation forms: NFKC would change them.
    assert base_letters("ﬁ ² ١٢ x\u00a0y") == "ﬁ ² ١٢ x\u00a0y"
    assert base_letters("\ufeff") == "\ufeff"


# TMX against the TMX 1.4b DTD -----------------------------------------------------------------


def test_tmx_is_valid_against_the_tmx_14b_dtd(tmp_path: Path) -> None:
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    tree = parse(exported(build_tmx(ARTICLE), tmp_path / "a.tmx"))
    assert dtd.validate(tree), str(dtd.error_log)
