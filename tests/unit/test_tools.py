"""The exports as the tools that read them see them: translate-toolkit's converters, OmegaT
run in console mode, Anki's own library, and the published schemas (kept in tests/data/schemas
with their licences: see LICENCES.md there)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree
from translate.convert import xliff2po
from translate.storage import po

from tui_reader.cli import main
from tui_reader.core import library
from tui_reader.core.errors import ExchangeError
from tui_reader.core.exchange import import_glossary, write_export, write_project
from tui_reader.core.formats.omegat import FOLDERS, build_omegat_project
from tui_reader.core.formats.tbx import XCS_NAME, build_tbx, build_xcs
from tui_reader.core.formats.tmx import build_tmx
from tui_reader.core.formats.xliff import build_xliff
from tui_reader.core.formats.xmlsafe import base_letters
from tui_reader.core.glossary import Entry, Glossary, load_glossary
from tui_reader.core.letters import is_presentation_form
from tui_reader.core.notes import Anchor, Note, NoteStore, export_web_annotation, new_note
from tui_reader.core.text import Segment, Text
from tui_reader.paths import bundled_glossary_path

SCHEMAS = Path(__file__).parent.parent / "data" / "schemas"
ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)
XLF = "{urn:oasis:names:tc:xliff:document:1.2}"
# The article writes "the working group" in presentation forms (as some PDFs do).
PRESENTATION = "ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ"


def glossary() -> Glossary:
    return load_glossary(bundled_glossary_path())


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


# OmegaT ----------------------------------------------------------------------------------------

OMEGAT_HINT = "OmegaT is missing: on Debian or Ubuntu, sudo apt-get install omegat"


@pytest.fixture
def omegat() -> str:
    """OmegaT's launcher. Missing in CI: the test fails. Missing elsewhere: it is skipped, with
    the reason shown in pytest's summary (like the `fribidi` fixture)."""
    found = shutil.which("omegat")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(OMEGAT_HINT, pytrace=False)
    pytest.skip(OMEGAT_HINT)


def test_omegat_project_files(tmp_path: Path) -> None:
    project = build_omegat_project(ARTICLE, glossary())
    folder = tmp_path / "project"
    write_project(project, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FOLDERS, "omegat.project"])
    settings = etree.parse(str(folder / "omegat.project")).getroot().find("project")
    assert settings is not None
    assert (settings.findtext("source_lang"), settings.findtext("target_lang")) == ("ar", "en")
    assert settings.findtext("sentence_seg") == "false"
    source = (folder / "source" / f"{ARTICLE.id}.txt").read_text(encoding="utf-8")
    paragraphs = source.rstrip("\n").split("\n\n")
    assert len(paragraphs) == project.segments == len(ARTICLE.segments)
    assert all("\n" not in line and line == line.strip() for line in paragraphs)
    assert not any(is_presentation_form(char) for char in source)
    memory = etree.parse(str(folder / "tm" / f"{ARTICLE.id}-reference.tmx"))
    arabic = [seg.text for seg in memory.iterfind("body/tu/tuv[1]/seg")]
    assert arabic == paragraphs
    assert (folder / "glossary" / "tui-reader-glossary.tbx").is_file()
    assert (folder / "glossary" / XCS_NAME).read_text(encoding="utf-8") == build_xcs()


def test_omegat_project_folder_must_be_new_empty_or_a_project(tmp_path: Path) -> None:
    project = build_omegat_project(ARTICLE, glossary())
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "thesis.docx").write_bytes(b"x")
    with pytest.raises(ExchangeError, match="not empty and holds no OmegaT project"):
        write_project(project, busy)
    assert sorted(p.name for p in busy.iterdir()) == ["thesis.docx"]
    again = tmp_path / "again"
    write_project(project, again)
    (again / "omegat" / "project_save.tmx").write_text("the translator's work")
    write_project(project, again)
    assert (again / "omegat" / "project_save.tmx").read_text() == "the translator's work"


def test_omegat_translates_the_exported_project(omegat: str, tmp_path: Path) -> None:
    """OmegaT itself (console mode) opens the project and, with the reference TMX among the
    translation memories it applies on loading (tm/auto), writes the English for every
    segment: its segments are exactly the TMX's."""
    folder = tmp_path / "project"
    write_project(build_omegat_project(ARTICLE, glossary()), folder)
    (folder / "tm" / "auto").mkdir()
    reference = folder / "tm" / f"{ARTICLE.id}-reference.tmx"
    shutil.copy(reference, folder / "tm" / "auto" / reference.name)
    result = subprocess.run(
        [omegat, "--mode=console-translate", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    target = (folder / "target" / f"{ARTICLE.id}.txt").read_text(encoding="utf-8")
    expected = [" ".join(segment.en.split()) for segment in ARTICLE.segments]
    assert target.rstrip("\n").split("\n\n") == expected


def test_export_omegat_on_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["export", ARTICLE.id, "--format", "omegat", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p" / "omegat.project").is_file()
    assert "17 segments to translate" in result.stderr
    refused = runner.invoke(main, ["export", ARTICLE.id, "--format", "omegat", "-o", "-"])
    assert refused.exit_code == 1
    assert "is a folder" in refused.stderr


# CSV and TBX round trips --------------------------------------------------------------------------


def test_csv_export_has_a_bom_by_default_and_not_with_no_bom(tmp_path: Path) -> None:
    runner = CliRunner()
    for flags, bom in (([], True), (["--no-bom"], False)):
        out = tmp_path / f"g{len(flags)}.csv"
        result = runner.invoke(main, ["glossary", "export", "--format", "csv", "-o", str(out)])
        if flags:
            result = runner.invoke(
                main, ["glossary", "export", "--format", "csv", *flags, "-o", str(out)]
            )
        assert result.exit_code == 0, result.output
        data = out.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") is bom
        assert len(import_glossary(out)) == len(glossary())


def test_csv_import_keeps_its_own_columns_and_reads_other_tools_headers(tmp_path: Path) -> None:
    own = tmp_path / "own.csv"
    own.write_text(
        "id,ar,vocalized,en,pos,authority,tags,avoid\n"
        "maritime-piracy,قرصنة بحرية,قَرْصَنَة بَحْرِيَّة,maritime piracy,noun phrase,"
        "UNCLOS art. 101,sea; crime,sea robbery\n",
        encoding="utf-8",
    )
    (entry,) = import_glossary(own)
    assert entry.id == "maritime-piracy"
    assert entry.vocalized == "قَرْصَنَة بَحْرِيَّة"
    assert entry.authority == "UNCLOS art. 101"
    assert entry.tags == ("sea", "crime", "imported")
    assert entry.avoid == ("sea robbery",)
    for name, content in (
        ("memoq.csv", "Arabic;English\nقرصنة;piracy\n"),
        ("codes.csv", "ar-SA;en-US\nقرصنة;piracy\n"),
        ("tabs.csv", "ara\teng\nقرصنة\tpiracy\n"),
        ("names.csv", "English,Arabic,Part of speech\npiracy,قرصنة,noun\n"),
    ):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        (entry,) = import_glossary(path)
        assert (entry.ar, entry.en) == ("قرصنة", "piracy"), name


def test_tbx_round_trip_keeps_vocalized_pos_notes_and_avoid(tmp_path: Path) -> None:
    glossary = Glossary(
        [
            Entry(
                id="1373-committee",
                ar="لجنة مكافحة الإرهاب",
                vocalized="لَجْنَة مُكَافَحَة الْإِرْهَاب",
                en="Counter-Terrorism Committee",
                pos="proper noun",
                definition="The committee of resolution 1373.",
                note="Capitalized.",
                authority="S/RES/1373 (2001)",
                tags=("UN", "bodies"),
                avoid=("anti-terror committee",),
            ),
            Entry("terror", "إرهاب", "إِرْهَاب", "terrorism", "noun", "Violence."),
            Entry("tf", "تمويل الإرهاب", "تمويل الإرهاب", "terrorist financing", "noun phrase", ""),
        ]
    )
    path = tmp_path / "g.tbx"
    write_export(build_tbx(glossary), path)
    back = import_glossary(path)
    for got, entry in zip(back, glossary.entries, strict=True):
        assert (got.id, got.vocalized, got.pos) == (entry.id, entry.vocalized, entry.pos)
        assert (got.note, got.authority, got.avoid) == (
            entry.note,
            entry.authority or "imported from g.tbx",
            entry.avoid,
        )
        assert got.tags == (*entry.tags, "imported")


def test_tbx_import_takes_any_common_language_code(tmp_path: Path) -> None:
    path = tmp_path / "codes.tbx"
    path.write_text(
        """<?xml version="1.0"?>
<martif type="TBX"><text><body>
<termEntry><langSet xml:lang="ara"><tig><term>قرصنة</term></tig></langSet>
<langSet xml:lang="eng"><tig><term>piracy</term></tig></langSet></termEntry>
<termEntry><langSet xml:lang="ar-SA"><tig><term>إرهاب</term>
<termNote type="partOfSpeech">noun</termNote><note>Not رهاب.</note></tig></langSet>
<langSet xml:lang="en_US"><tig><term>terrorism</term></tig></langSet></termEntry>
</body></text></martif>""",
        encoding="utf-8",
    )
    first, second = import_glossary(path)
    assert (first.ar, first.en) == ("قرصنة", "piracy")
    assert (second.ar, second.en, second.pos, second.note) == (
        "إرهاب",
        "terrorism",
        "noun",
        "Not رهاب.",
    )


def test_tbx_names_a_constraint_file_that_declares_arabic_and_english(tmp_path: Path) -> None:
    tree = parse(exported(build_tbx(glossary()), tmp_path / "g.tbx"))
    assert tree.getroot().findtext("martifHeader/encodingDesc/p[@type='XCSURI']") == XCS_NAME
    xcs = etree.fromstring(build_xcs().encode("utf-8"))
    assert {code.text for code in xcs.iterfind("languages/langInfo/langCode")} == {"ar", "en"}
    pos = xcs.find("datCatSet/termNoteSpec[@name='partOfSpeech']/contents")
    assert pos is not None and set((pos.text or "").split()) >= {"noun", "properNoun"}
    result = CliRunner().invoke(
        main, ["glossary", "export", "--format", "tbx", "-o", str(tmp_path / "out.tbx")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / XCS_NAME).read_text(encoding="utf-8") == build_xcs()


# Anki ------------------------------------------------------------------------------------------


def test_anki_opens_the_package_and_a_newer_export_updates_it_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anki's own library (the `anki` package, as the desktop app uses it) imports the .apkg:
    one note per entry with our fields, two cards each; importing a newer export with a
    changed definition updates that note in place instead of adding copies."""
    from anki.collection import Collection, ImportAnkiPackageRequest
    from anki.import_export_pb2 import (
        ImportAnkiPackageOptions,
        ImportAnkiPackageUpdateCondition,
    )

    from tui_reader.core.formats import anki as anki_format

    terms = glossary()
    first = tmp_path / "first.apkg"
    write_export(anki_format.build_anki(terms), first)
    changed = replace(terms.entries[0], definition="Changed in the glossary.")
    newer = tmp_path / "newer.apkg"
    later = time.time() + 120
    monkeypatch.setattr("tui_reader.core.formats.anki.time.time", lambda: later)
    write_export(anki_format.build_anki(Glossary([changed, *terms.entries[1:]])), newer)
    options = ImportAnkiPackageOptions(
        update_notes=ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        with_scheduling=False,
    )
    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        log = collection.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(first), options=options)
        ).log
        assert len(log.new) == len(terms)
        assert collection.note_count() == len(terms)
        assert collection.card_count() == 2 * len(terms)
        note = collection.get_note(collection.find_notes(f'"Id:{changed.id}"')[0])
        assert note.keys()[:4] == ["Arabic", "Vocalized", "Transliteration", "English"]
        assert (note["Arabic"], note["English"]) == (changed.ar, changed.en)
        log = collection.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(newer), options=options)
        ).log
        assert len(log.new) == 0 and len(log.updated) >= 1
        assert collection.note_count() == len(terms)
        note = collection.get_note(note.id)
        assert note["Definition"] == "Changed in the glossary."
    finally:
        collection.close()


# Exports carry the translator's drafts ----------------------------------------------------------

DRAFTED = Text(
    "d",
    "عنوان",
    "Title",
    (
        Segment("s1", "مكافحة الإرهاب.", "Countering terrorism."),
        Segment("s2", "تمويل الإرهاب.", ""),
        Segment("s3", "جريمة منظمة.", "Organized crime."),
    ),
)
DRAFTS = {"s1": "The fight against terrorism.", "s2": "Financing of terrorism."}


def test_tmx_takes_the_draft_with_the_reference_beside_it_and_stays_valid(
    tmp_path: Path,
) -> None:
    built = build_tmx(DRAFTED, DRAFTS)
    assert built.units == 3
    tree = parse(exported(built, tmp_path / "d.tmx"))
    assert etree.DTD(str(SCHEMAS / "tmx14.dtd")).validate(tree)
    units = {tu.get("tuid"): tu for tu in tree.getroot().iter("tu")}
    english = {tuid: tu.findall("tuv")[1].findtext("seg") for tuid, tu in units.items()}
    assert english == {
        "d/s1": "The fight against terrorism.",
        "d/s2": "Financing of terrorism.",
        "d/s3": "Organized crime.",
    }
    assert units["d/s1"].findtext("prop[@type='x-reference']") == "Countering terrorism."
    assert units["d/s2"].find("prop") is None and units["d/s3"].find("prop") is None


def test_xliff_marks_a_draft_translated_and_keeps_the_reference_as_an_alternative(
    tmp_path: Path,
) -> None:
    tree = parse(exported(build_xliff(DRAFTED, [], DRAFTS), tmp_path / "d.xlf"))
    units = {unit.get("id"): unit for unit in tree.getroot().iter(f"{XLF}trans-unit")}
    first = units["s1"]
    target = first.find(f"{XLF}target")
    assert target is not None
    assert target.text == "The fight against terrorism."
    assert target.get("state") == "translated"
    assert first.get("approved") != "yes"
    alternative = first.find(f"{XLF}alt-trans")
    assert alternative is not None and alternative.get("origin") == "reference"
    assert alternative.findtext(f"{XLF}target") == "Countering terrorism."
    assert units["s2"].find(f"{XLF}alt-trans") is None
    reference = units["s3"].find(f"{XLF}target")
    assert reference is not None and reference.get("state") == "final"
    assert units["s3"].get("approved") == "yes"
    # translate-toolkit reads the draft as the translation, not the reference.
    output = io.BytesIO()
    xliff2po.convertxliff(io.BytesIO(tmp_path.joinpath("d.xlf").read_bytes()), output, None)
    converted = po.pofile.parsestring(output.getvalue())  # type: ignore[no-untyped-call]
    targets = [unit.target for unit in converted.units if not unit.isheader()]
    assert targets[:2] == ["The fight against terrorism.", "Financing of terrorism."]


# The schemas OmegaT itself reads with (inside its jar, Debian's omegat package) ----------------


@pytest.fixture
def omegat_schemas(omegat: str, tmp_path: Path) -> Path:
    """The XML schemas inside the installed OmegaT: what that tool validates TBX and TMX
    against. The jar is found beside the launcher's package (Debian: /usr/share/omegat)."""
    import zipfile

    jars = [Path("/usr/share/omegat/OmegaT.jar"), Path(omegat).resolve().parent / "OmegaT.jar"]
    jar = next((path for path in jars if path.is_file()), None)
    if jar is None:
        pytest.fail("OmegaT is installed but its OmegaT.jar was not found", pytrace=False)
    with zipfile.ZipFile(jar) as archive:
        for name in ("schemas/tbx.xsd", "schemas/tmx14.xsd", "schemas/xml.xsd"):
            (tmp_path / Path(name).name).write_bytes(archive.read(name))
    return tmp_path


@pytest.mark.parametrize("kind", ["tbx", "tmx"])
def test_exports_are_valid_against_omegats_own_schemas(omegat_schemas: Path, kind: str) -> None:
    if kind == "tbx":
        content, xsd = build_tbx(load_glossary(bundled_glossary_path())).content, "tbx.xsd"
    else:
        content, xsd = build_tmx(ARTICLE, {"s1": "A draft."}).content, "tmx14.xsd"
    data = content.encode("utf-8") if isinstance(content, str) else content
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    schema = etree.XMLSchema(etree.parse(str(omegat_schemas / xsd)))
    assert schema.validate(etree.fromstring(data, parser)), str(schema.error_log)


def test_export_on_the_command_line_takes_your_drafts() -> None:
    from tui_reader.core.drafts import DraftStore

    store = DraftStore.open(ARTICLE.id)
    store.put("s1", "My own heading.")
    store.save()
    result = CliRunner().invoke(main, ["export", ARTICLE.id, "--format", "xliff", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert "1 draft of yours taken as the English" in result.stderr
    tree = etree.fromstring(result.stdout_bytes)
    first = next(tree.iter(f"{XLF}trans-unit"))
    target = first.find(f"{XLF}target")
    assert target is not None and target.text == "My own heading."
    assert first.findtext(f"{XLF}alt-trans/{XLF}target") == ARTICLE.segments[0].en
