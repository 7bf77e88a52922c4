"""Exchange formats: every file written is valid by its format's rules and reads back equal;
malformed imports fail with the file and the place named, and write nothing; merging into the
user glossary adds, skips and reports as it should and never touches the bundled glossary.

The small DTDs below restate, for the elements we write, the structure each standard requires
(TBX-Basic core structure, TMX 1.4b, XLIFF 1.2); lxml validates the exports against them.
"""

from __future__ import annotations

import csv
import html
import io
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, cast

import pytest
from lxml import etree
from translate.storage.tbx import tbxfile
from translate.storage.tmx import tmxfile
from translate.storage.xliff import xlifffile

from tui_reader.core.errors import ExchangeError
from tui_reader.core.exchange import import_glossary, import_terms, write_export
from tui_reader.core.formats.anki import ANKI_DECK_ID, ANKI_MODEL_ID, anki_guid, build_anki
from tui_reader.core.formats.csvfile import CSV_COLUMNS, build_csv
from tui_reader.core.formats.merge import merge_glossary
from tui_reader.core.formats.tbx import build_tbx
from tui_reader.core.formats.terms import slug
from tui_reader.core.formats.tmx import build_tmx
from tui_reader.core.formats.xliff import build_xliff
from tui_reader.core.formats.xmlsafe import base_letters
from tui_reader.core.glossary import Glossary, load_glossary
from tui_reader.core.library import open_text
from tui_reader.core.normalize import normalize
from tui_reader.core.notes import Anchor, NoteStore, new_note
from tui_reader.core.text import Segment, Text
from tui_reader.paths import bundled_glossary_path, user_glossary_path

XML = "{http://www.w3.org/XML/1998/namespace}"
XLF = "{urn:oasis:names:tc:xliff:document:1.2}"

TBX_BASIC_DTD = """
<!ENTITY % aux "descrip | descripGrp | admin | note">
<!ELEMENT martif (martifHeader, text)>
<!ATTLIST martif type CDATA #REQUIRED xml:lang CDATA #REQUIRED>
<!ELEMENT martifHeader (fileDesc, encodingDesc?)>
<!ELEMENT fileDesc (titleStmt?, sourceDesc+)>
<!ELEMENT titleStmt (title)>
<!ELEMENT title (#PCDATA)>
<!ELEMENT sourceDesc (p+)>
<!ELEMENT encodingDesc (p+)>
<!ELEMENT p (#PCDATA)>
<!ATTLIST p type CDATA #IMPLIED>
<!ELEMENT text (body)>
<!ELEMENT body (termEntry+)>
<!ELEMENT termEntry ((%aux;)*, langSet+)>
<!ATTLIST termEntry id ID #IMPLIED>
<!ELEMENT langSet ((%aux;)*, tig+)>
<!ATTLIST langSet xml:lang CDATA #REQUIRED>
<!ELEMENT tig (term, termNote*, (%aux;)*)>
<!ELEMENT term (#PCDATA)>
<!ELEMENT termNote (#PCDATA)>
<!ATTLIST termNote type (partOfSpeech | termType | administrativeStatus) #REQUIRED>
<!ELEMENT descripGrp (descrip, admin*)>
<!ELEMENT descrip (#PCDATA)>
<!ATTLIST descrip type (definition | subjectField | context) #REQUIRED>
<!ELEMENT admin (#PCDATA)>
<!ATTLIST admin type (source | customerSubset | projectSubset) #REQUIRED>
<!ELEMENT note (#PCDATA)>
"""
TBX_PART_OF_SPEECH = {"noun", "verb", "adjective", "adverb", "properNoun", "other"}
TBX_STATUS = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"}

TMX_DTD = """
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header (note | prop)*>
<!ATTLIST header
  creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
  segtype (block | paragraph | sentence | phrase) #REQUIRED o-tmf CDATA #REQUIRED
  adminlang CDATA #REQUIRED srclang CDATA #REQUIRED datatype CDATA #REQUIRED>
<!ELEMENT body (tu*)>
<!ELEMENT tu ((note | prop)*, tuv+)>
<!ATTLIST tu tuid CDATA #IMPLIED srclang CDATA #IMPLIED>
<!ELEMENT tuv ((note | prop)*, seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED>
<!ELEMENT seg (#PCDATA)>
<!ELEMENT note (#PCDATA)>
<!ELEMENT prop (#PCDATA)>
<!ATTLIST prop type CDATA #REQUIRED>
"""

XLIFF_DTD = """
<!ELEMENT xliff (file+)>
<!ATTLIST xliff version CDATA #FIXED "1.2"
  xmlns CDATA #FIXED "urn:oasis:names:tc:xliff:document:1.2">
<!ELEMENT file (header?, body)>
<!ATTLIST file original CDATA #REQUIRED source-language CDATA #REQUIRED
  target-language CDATA #IMPLIED datatype CDATA #REQUIRED tool-id CDATA #IMPLIED>
<!ELEMENT header (tool | note)*>
<!ELEMENT tool EMPTY>
<!ATTLIST tool tool-id CDATA #REQUIRED tool-name CDATA #REQUIRED tool-version CDATA #IMPLIED>
<!ELEMENT body (trans-unit*)>
<!ELEMENT trans-unit (source, target?, note*)>
<!ATTLIST trans-unit id CDATA #REQUIRED xml:space (default | preserve) #IMPLIED
  approved (yes | no) #IMPLIED>
<!ELEMENT source (#PCDATA)>
<!ELEMENT target (#PCDATA)>
<!ATTLIST target state (new | needs-translation | needs-review-translation | translated |
  signed-off | final) #IMPLIED>
<!ELEMENT note (#PCDATA)>
<!ATTLIST note from CDATA #IMPLIED annotates (source | target | general) #IMPLIED
  priority CDATA #IMPLIED>
"""


@cache
def bundled() -> Glossary:
    return load_glossary(bundled_glossary_path())


@pytest.fixture
def glossary() -> Glossary:
    return bundled()


@pytest.fixture
def text() -> Text:
    return open_text("dushanbe-2019")


def parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))


def assert_valid(tree: etree._ElementTree, dtd: str) -> None:
    schema = etree.DTD(io.StringIO(dtd))
    # lxml-stubs declare an empty _ErrorLog; a validator's log is a _ListErrorLog at run time.
    assert schema.validate(tree), cast(Any, schema.error_log).filter_from_errors()


def only_file(folder: Path) -> list[str]:
    """What the folder holds: an atomic write leaves no temporary file behind."""
    return sorted(path.name for path in folder.iterdir())


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# TBX ----------------------------------------------------------------------------------------


def test_tbx_is_tbx_basic(glossary: Glossary, tmp_path: Path) -> None:
    path = tmp_path / "out" / "glossary.tbx"
    write_export(build_tbx(glossary), path)
    assert only_file(path.parent) == ["glossary.tbx"]
    tree = parse(path)
    assert_valid(tree, TBX_BASIC_DTD)
    root = tree.getroot()
    assert root.tag == "martif"
    assert root.get("type") == "TBX-Basic"
    assert root.get(f"{XML}lang") == "en"
    # lxml-stubs leave out DocInfo.system_url, which lxml has (the DOCTYPE's system id).
    assert cast(Any, tree.docinfo).system_url == "TBXBasiccoreStructV02.dtd"
    # Not the stock TBXBasicXCSV02.xcs, which does not declare Arabic (issue 18).
    xcs = root.find("martifHeader/encodingDesc/p")
    assert xcs is not None and xcs.text == "TBXBasic-ar-en.xcs"
    entries = root.findall("text/body/termEntry")
    assert len(entries) == len(glossary)
    for element, entry in zip(entries, glossary.entries, strict=True):
        assert element.get("id") == entry.id
        langsets = {langset.get(f"{XML}lang"): langset for langset in element.findall("langSet")}
        assert set(langsets) == {"ar", "en"}
        for language, forms, avoid in (
            ("ar", entry.arabic_forms, ()),
            ("en", entry.english_forms, entry.avoid),
        ):
            tigs = langsets[language].findall("tig")
            assert [tig.findtext("term") for tig in tigs] == [*forms, *avoid]
            for index, tig in enumerate(tigs):
                assert tig[0].tag == "term"
                notes = {note.get("type"): note.text for note in tig.findall("termNote")}
                assert notes["partOfSpeech"] in TBX_PART_OF_SPEECH
                assert notes["administrativeStatus"] == (
                    "preferredTerm-admn-sts"
                    if index == 0
                    else "admittedTerm-admn-sts"
                    if index < len(forms)
                    else "deprecatedTerm-admn-sts"
                )
        definition = langsets["en"].find("descripGrp/descrip[@type='definition']")
        assert definition is not None and definition.text == entry.definition
        assert langsets["en"].findtext("descripGrp/admin[@type='source']") == entry.authority
        assert element.findtext("note", "") == entry.note
        proper = entry.pos == "proper noun"
        pos = langsets["ar"].findtext("tig/termNote[@type='partOfSpeech']")
        assert (pos == "properNoun") == proper


def test_tbx_reads_in_translate_toolkit(glossary: Glossary, tmp_path: Path) -> None:
    """translate-toolkit's TBX reader (the one Weblate and Pootle use) finds every term."""
    path = tmp_path / "glossary.tbx"
    write_export(build_tbx(glossary), path)
    store = tbxfile.parsestring(  # type: ignore[no-untyped-call]
        path.read_bytes(), sourcelanguage="ar", targetlanguage="en"
    )
    assert len(store.units) == len(glossary)
    for unit, entry in zip(store.units, glossary.entries, strict=True):
        assert [term.text for term in unit.get_source_terms()] == list(entry.arabic_forms)
        assert [term.text for term in unit.get_target_terms()] == [
            *entry.english_forms,
            *entry.avoid,
        ]


def test_tbx_round_trip(glossary: Glossary, tmp_path: Path) -> None:
    path = tmp_path / "glossary.tbx"
    write_export(build_tbx(glossary), path)
    imported = import_glossary(path)
    assert len(imported) == len(glossary)
    for got, entry in zip(imported, glossary.entries, strict=True):
        assert (got.ar, got.en) == (entry.ar, entry.en)
        assert got.ar_variants == entry.ar_variants
        assert got.en_variants == entry.en_variants
        assert got.pos == entry.pos
        assert got.definition == entry.definition
        assert got.note == entry.note
        # Issue 18: every field with a home in TBX comes back, not a copy of the plain term.
        assert got.vocalized == entry.vocalized
        assert got.id == entry.id
        assert got.authority == (entry.authority or "imported from glossary.tbx")
        assert got.tags == (*entry.tags, "imported")
        assert got.avoid == entry.avoid
        assert got.related == ()
    assert len({entry.id for entry in imported}) == len(imported)


def test_tbx_import_reads_other_tools_files(tmp_path: Path) -> None:
    """ntig, regional language codes, a preferred term that is not first, a deprecated term,
    a concept-level definition, properNoun."""
    path = write(
        tmp_path / "other.tbx",
        """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en-GB"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc>
</fileDesc></martifHeader><text><body>
<termEntry id="c1">
  <descrip type="definition">An intergovernmental body.</descrip>
  <langSet xml:lang="ar-SA">
    <ntig><termGrp><term>فاتف</term></termGrp></ntig>
    <ntig><termGrp><term>مجموعة العمل المالي</term>
      <termNote type="partOfSpeech">properNoun</termNote>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig>
  </langSet>
  <langSet xml:lang="en-GB">
    <tig><term>Financial Action Task Force</term></tig>
    <tig><term>FATF-GAFI</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    <tig><term>FATF</term></tig>
  </langSet>
  <langSet xml:lang="fr"><tig><term>Groupe d'action financière</term></tig></langSet>
</termEntry>
<termEntry>
  <langSet xml:lang="ar"><tig><term>قرصنة بحرية</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>maritime piracy</term></tig></langSet>
</termEntry>
</body></text></martif>""",
    )
    first, second = import_glossary(path)
    assert first.ar == "مجموعة العمل المالي"
    assert first.ar_variants == ("فاتف",)
    assert first.en == "Financial Action Task Force"
    assert first.en_variants == ("FATF",)
    assert first.pos == "proper noun"
    assert first.definition == "An intergovernmental body."
    assert first.id == "financial-action-task-force"
    assert (second.pos, second.id) == ("noun phrase", "maritime-piracy")


MALFORMED_TBX = [
    pytest.param(
        "not-xml.tbx",
        '<?xml version="1.0"?>\n<martif type="TBX">\n<text><body>\n</martif>\n',
        ("not-xml.tbx:4:", "not well-formed XML"),
        id="not XML",
    ),
    pytest.param(
        "no-entries.tbx",
        '<?xml version="1.0"?>\n<martif type="TBX">\n<martifHeader/>\n<text>\n<body>\n'
        "</body>\n</text>\n</martif>\n",
        ("no-entries.tbx:5:", "no <termEntry>"),
        id="no termEntry",
    ),
    pytest.param(
        "one-language.tbx",
        '<?xml version="1.0"?>\n<martif type="TBX"><text><body>\n'
        '<termEntry id="t1">\n<langSet xml:lang="ar"><tig><term>إرهاب</term></tig></langSet>\n'
        "</termEntry>\n</body></text></martif>\n",
        ("one-language.tbx:3:", '<termEntry id="t1">', "no English langSet"),
        id="termEntry missing a language",
    ),
    pytest.param(
        "no-lang.tbx",
        '<?xml version="1.0"?>\n<martif type="TBX"><text><body>\n<termEntry>\n'
        "<langSet><tig><term>x</term></tig></langSet>\n</termEntry>\n</body></text></martif>\n",
        ("no-lang.tbx:4:", "without xml:lang"),
        id="langSet without xml:lang",
    ),
    pytest.param(
        "wrong-root.tbx",
        '<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>\n',
        ("wrong-root.tbx:2:", "<tmx>", "not TBX"),
        id="not TBX",
    ),
    pytest.param(
        "swapped.tbx",
        '<?xml version="1.0"?>\n<martif type="TBX"><text><body>\n<termEntry>\n'
        '<langSet xml:lang="ar"><tig><term>terrorism</term></tig></langSet>\n'
        '<langSet xml:lang="en"><tig><term>إرهاب</term></tig></langSet>\n'
        "</termEntry>\n</body></text></martif>\n",
        ("swapped.tbx:3:", "no Arabic letters"),
        id="languages swapped",
    ),
]

MALFORMED_CSV = [
    pytest.param(
        "no-en.csv",
        "id,ar,vocalized,pos\nterrorism,إرهاب,إِرْهَاب,noun\n",
        ("no-en.csv:1:", "'en' column"),
        id="missing header column",
    ),
    pytest.param(
        "short-row.csv",
        ",".join(CSV_COLUMNS) + "\n"
        "terrorism,إرهاب,إِرْهَاب,terrorism,,,noun,Def.,,,terrorism,\n"
        "terrorist,إرهابي,,terrorist\n",
        ("short-row.csv:3:", "4 fields", "header has 12"),
        id="row with too few fields",
    ),
    pytest.param(
        "latin1.csv",
        b"ar,en\n" + "إرهاب,terrorism\n".encode() + b"\xe9t\xe9,summer\n",
        ("latin1.csv:3:", "not UTF-8"),
        id="not UTF-8",
    ),
    pytest.param(
        "bad-pos.csv",
        "ar,en,pos\nإرهاب,terrorism,noun\nإرهابي,terrorist,n.\n",
        ("bad-pos.csv:3:", "part of speech 'n.'"),
        id="unknown part of speech",
    ),
    pytest.param(
        "bad-vocalized.csv",
        "ar,vocalized,en\nإرهاب,إِرْهَابِيّ,terrorism\n",
        ("bad-vocalized.csv:2:", "'vocalized'"),
        id="vocalized is another word",
    ),
    pytest.param(
        "quote.csv",
        'ar,en\nإرهاب,"terrorism\n',
        ("quote.csv:2:", "not valid CSV"),
        id="unterminated quote",
    ),
    pytest.param("empty.csv", "", ("empty.csv:1:", "empty"), id="empty file"),
]


@pytest.mark.parametrize(("name", "content", "expected"), MALFORMED_TBX + MALFORMED_CSV)
def test_malformed_import_names_the_place_and_merge_writes_nothing(
    name: str, content: str | bytes, expected: tuple[str, ...], tmp_path: Path
) -> None:
    user = user_glossary_path()
    merge_glossary(
        import_glossary(write(tmp_path / "good.csv", "ar,en\nقرصنة بحرية,maritime piracy\n")),
        bundled(),
        user,
        bundled_path=bundled_glossary_path(),
    )
    before = user.read_bytes()
    path = write(tmp_path / name, content)
    with pytest.raises(ExchangeError) as raised:
        merge_glossary(import_glossary(path), bundled(), user, bundled_path=bundled_glossary_path())
    message = str(raised.value)
    assert str(tmp_path) in message
    for part in expected:
        assert part in message
    assert "Traceback" not in message
    assert user.read_bytes() == before


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match=r"glossary\.xlsx: cannot import '\.xlsx'"):
        import_glossary(write(tmp_path / "glossary.xlsx", "ar,en\n"))


def test_missing_file_is_an_exchange_error(tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match="no such file"):
        import_glossary(tmp_path / "absent.tbx")


# CSV ----------------------------------------------------------------------------------------


def test_csv_has_header_no_bom_and_one_row_per_entry(glossary: Glossary, tmp_path: Path) -> None:
    path = tmp_path / "new" / "glossary.csv"
    write_export(build_csv(glossary), path)
    assert only_file(path.parent) == ["glossary.csv"]
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(glossary)
    for row, entry in zip(rows, glossary.entries, strict=True):
        assert row["id"] == entry.id
        assert row["ar"] == entry.ar
        assert row["vocalized"] == entry.vocalized
        assert row["en_variants"] == "; ".join(entry.en_variants)
        assert row["tags"] == "; ".join(entry.tags)
        assert row["definition"] == entry.definition


def test_csv_round_trip(glossary: Glossary, tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    write_export(build_csv(glossary), path)
    imported = import_glossary(path)
    assert len(imported) == len(glossary)
    for got, entry in zip(imported, glossary.entries, strict=True):
        assert (got.ar, got.vocalized, got.en) == (entry.ar, entry.vocalized, entry.en)
        assert got.ar_variants == entry.ar_variants
        assert got.en_variants == entry.en_variants
        assert (got.pos, got.definition, got.note) == (entry.pos, entry.definition, entry.note)
        # Issue 18: the CSV's own id, authority, tags and avoid columns are kept.
        assert got.id == entry.id
        assert got.authority == (entry.authority or "imported from glossary.csv")
        assert got.tags == (*entry.tags, "imported")
        assert got.avoid == entry.avoid


def test_csv_import_rules(tmp_path: Path) -> None:
    """Ids are slugs of the English made unique; rows without Arabic or English are left out;
    the part of speech defaults by word count; a vocalized term gives an unvocalized `ar`;
    Excel's BOM and extra columns are accepted."""
    path = write(
        tmp_path / "terms.csv",
        "\ufeffAR,EN,comment\n"
        "غَسْل الأموال,Money laundering,x\n"
        "غسيل الأموال,money-laundering,\n"
        ",no Arabic,\n"
        "إرهاب,,\n"
        "\n"
        "قرصنة,Piraterie (sea),\n",
    )
    entries = import_glossary(path)
    assert [entry.id for entry in entries] == [
        "money-laundering",
        "money-laundering-2",
        "piraterie-sea",
    ]
    first = entries[0]
    assert (first.ar, first.vocalized) == ("غسل الأموال", "غَسْل الأموال")
    assert [entry.pos for entry in entries] == ["noun phrase", "noun phrase", "noun"]


def test_slug() -> None:
    assert slug("Da'esh (ISIL)") == "da-esh-isil"
    assert slug("Café société") == "cafe-societe"
    assert slug("؟") == "term"
    assert len(slug("word " * 40)) <= 64


# Anki ---------------------------------------------------------------------------------------


def read_apkg(path: Path, folder: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(path) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        assert json.loads(archive.read("media")) == {}
        database = folder / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(database)


def test_anki_package(glossary: Glossary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    path = tmp_path / "anki" / "glossary.apkg"
    write_export(build_anki(glossary), path)
    assert only_file(path.parent) == ["glossary.apkg"]
    assert only_file(system_temp) == []
    (tmp_path / "read").mkdir()
    connection = read_apkg(path, tmp_path / "read")
    try:
        notes = connection.execute("SELECT id, guid, mid, flds FROM notes").fetchall()
        cards = connection.execute("SELECT nid, ord, did FROM cards").fetchall()
        models, decks = connection.execute("SELECT models, decks FROM col").fetchone()
    finally:
        connection.close()
    assert len(notes) == len(glossary)
    assert len(cards) == 2 * len(glossary)
    assert {guid for _, guid, _, _ in notes} == {anki_guid(entry.id) for entry in glossary.entries}
    assert {mid for _, _, mid, _ in notes} == {ANKI_MODEL_ID}
    assert {did for _, _, did in cards} == {ANKI_DECK_ID}
    by_note: dict[int, set[int]] = {}
    for nid, ord_, _ in cards:
        by_note.setdefault(nid, set()).add(ord_)
    assert all(ords == {0, 1} for ords in by_note.values())
    model = json.loads(models)[str(ANKI_MODEL_ID)]
    assert [template["name"] for template in model["tmpls"]] == [
        "Arabic → English",
        "English → Arabic",
    ]
    assert str(ANKI_DECK_ID) in json.loads(decks)
    by_guid = {guid: fields.split("\x1f") for _, guid, _, fields in notes}
    for entry in glossary.entries:
        fields = by_guid[anki_guid(entry.id)]
        # Logical order, as in the glossary: no reshaping or reordering for display.
        assert fields[0] == html.escape(entry.ar)
        assert fields[1] == html.escape(entry.vocalized)
        assert fields[3] == html.escape(entry.en)
        assert fields[7] == html.escape(entry.definition).replace("\n", "<br>")


def test_anki_reexport_keeps_guids(glossary: Glossary, tmp_path: Path) -> None:
    """Same GUIDs every time: Anki updates the notes instead of adding copies."""
    guids = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        write_export(build_anki(glossary), tmp_path / name / "g.apkg")
        connection = read_apkg(tmp_path / name / "g.apkg", tmp_path / name)
        try:
            guids.append(sorted(row[0] for row in connection.execute("SELECT guid FROM notes")))
        finally:
            connection.close()
    assert guids[0] == guids[1]


# TMX ----------------------------------------------------------------------------------------


def test_tmx_is_valid_and_has_every_segment(text: Text, tmp_path: Path) -> None:
    path = tmp_path / "tm" / "text.tmx"
    write_export(build_tmx(text), path)
    assert only_file(path.parent) == ["text.tmx"]
    tree = parse(path)
    assert_valid(tree, TMX_DTD)
    root = tree.getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert header.get("srclang") == "ar"
    assert header.get("adminlang") == "en"
    assert header.get("datatype") == "plaintext"
    assert header.get("segtype") == "sentence"
    assert header.get("creationtool") == "tui-reader"
    assert header.get("creationtoolversion")
    units = root.findall("body/tu")
    assert len(units) == len(text.segments)
    for unit, segment in zip(units, text.segments, strict=True):
        assert unit.get("tuid") == f"{text.id}/{segment.id}"
        variants = unit.findall("tuv")
        assert [tuv.get(f"{XML}lang") for tuv in variants] == ["ar", "en"]
        assert [tuv.findtext("seg") for tuv in variants] == [base_letters(segment.ar), segment.en]
    store = tmxfile.parsestring(path.read_bytes())  # type: ignore[no-untyped-call]
    assert [(unit.source, unit.target) for unit in store.units] == [
        (base_letters(segment.ar), segment.en) for segment in text.segments
    ]


def test_tmx_leaves_out_untranslated_segments(tmp_path: Path) -> None:
    text = Text(
        "t",
        "عنوان",
        "Title",
        (Segment("s1", "جملة أولى.", "A first sentence."), Segment("s2", "جملة ثانية.", "")),
    )
    write_export(build_tmx(text), tmp_path / "t.tmx")
    units = parse(tmp_path / "t.tmx").getroot().findall("body/tu")
    assert [unit.get("tuid") for unit in units] == ["t/s1"]


# XLIFF --------------------------------------------------------------------------------------


def test_xliff_units_and_notes(text: Text, tmp_path: Path) -> None:
    store = NoteStore(text.id, tmp_path / "notes.jsonl")
    second, fourth = text.segments[1], text.segments[3]
    word = second.ar.split()[0]
    on_arabic = new_note(
        Anchor.make(second, 0, len(word)), "Check the verb.", "terminology", ["verbs", "UN"]
    )
    english_word = fourth.en.split()[1]
    start = fourth.en.index(english_word)
    on_english = new_note(
        Anchor.make(fourth, start, start + len(english_word), pane="en"), "Style?", "style"
    )
    orphan = new_note(Anchor("s99", 0, 5, "غائبة"), "Where did it go?", "query")
    for note in (on_arabic, on_english, orphan):
        store.put(note)
    path = tmp_path / "x" / "text.xlf"
    write_export(build_xliff(text, store.placed(text)), path)
    assert only_file(path.parent) == ["text.xlf"]
    tree = parse(path)
    assert_valid(tree, XLIFF_DTD)
    root = tree.getroot()
    assert root.tag == f"{XLF}xliff" and root.get("version") == "1.2"
    (file_node,) = root.findall(f"{XLF}file")
    assert file_node.get("original") == text.id
    assert file_node.get("source-language") == "ar"
    assert file_node.get("target-language") == "en"
    assert file_node.get("datatype") == "plaintext"
    units = file_node.findall(f"{XLF}body/{XLF}trans-unit")
    assert [unit.get("id") for unit in units] == [segment.id for segment in text.segments]
    for unit, segment in zip(units, text.segments, strict=True):
        assert unit.findtext(f"{XLF}source") == base_letters(segment.ar)
        target = unit.find(f"{XLF}target")
        assert target is not None and target.text == segment.en
        assert target.get("state") == "final"
        assert unit.get("approved") == "yes"
    notes = {unit.get("id"): unit.findall(f"{XLF}note") for unit in units}
    assert {key for key, found in notes.items() if found} == {second.id, fourth.id}
    (arabic_note,) = notes[second.id]
    assert arabic_note.get("from") == "translator"
    assert arabic_note.get("annotates") == "source"
    assert arabic_note.text is not None
    assert "[terminology]" in arabic_note.text
    assert "tags: verbs, UN" in arabic_note.text
    assert f"«{word}»" in arabic_note.text
    assert "Check the verb." in arabic_note.text
    (english_note,) = notes[fourth.id]
    assert english_note.get("annotates") == "target"
    assert english_note.text is not None
    assert f"«{english_word}»" in english_note.text and "[style]" in english_note.text
    header_notes = file_node.findall(f"{XLF}header/{XLF}note")
    assert len(header_notes) == 1
    assert header_notes[0].text is not None
    assert "orphaned" in header_notes[0].text and "«غائبة»" in header_notes[0].text
    parsed = xlifffile.parsestring(path.read_bytes())  # type: ignore[no-untyped-call]
    assert [unit.source for unit in parsed.units] == [
        base_letters(segment.ar) for segment in text.segments
    ]
    assert [unit.target for unit in parsed.units] == [segment.en for segment in text.segments]


def test_xliff_without_notes_and_untranslated_segment(tmp_path: Path) -> None:
    text = Text(
        "t",
        "عنوان",
        "Title",
        (Segment("s1", "جملة أولى.", "A first sentence."), Segment("s2", "جملة ثانية.", "")),
    )
    write_export(build_xliff(text, []), tmp_path / "t.xlf")
    tree = parse(tmp_path / "t.xlf")
    assert_valid(tree, XLIFF_DTD)
    units = tree.getroot().findall(f"{XLF}file/{XLF}body/{XLF}trans-unit")
    assert [unit.find(f"{XLF}target") is not None for unit in units] == [True, False]
    assert tree.getroot().findall(f".//{XLF}note") == []


# Merge --------------------------------------------------------------------------------------


def test_merge_adds_skips_and_reports_conflicts(tmp_path: Path) -> None:
    bundled_bytes = bundled_glossary_path().read_bytes()
    forms = {normalize(form) for entry in bundled().entries for form in entry.arabic_forms}
    assert normalize("قرصنة بحرية") not in forms and normalize("ترحيل") not in forms
    source = write(
        tmp_path / "import.csv",
        "ar,en,definition\n"
        "قرصنة بحرية,maritime piracy,Robbery at sea.\n"  # new
        "إِرْهَاب,Terrorism,\n"  # same term, same English: duplicate
        "تطرف,fanaticism,\n"  # same term, other English: conflict
        "ترحيل,extradition,\n"  # new term whose slug is a bundled id
        "قرصنة بحرية,sea piracy,\n",  # conflicts with the term added above
    )
    user = user_glossary_path()
    report = merge_glossary(
        import_glossary(source), bundled(), user, bundled_path=bundled_glossary_path()
    )
    assert [(entry.id, entry.en) for entry in report.added] == [
        ("maritime-piracy", "maritime piracy"),
        ("extradition-2", "extradition"),
    ]
    assert [(item.term, item.existing_id) for item in report.duplicates] == [("إرهاب", "terrorism")]
    assert [
        (item.term, item.existing_en, item.imported_en, item.existing_id, item.in_bundled)
        for item in report.conflicts
    ] == [
        ("تطرف", "extremism", "fanaticism", "extremism", True),
        ("قرصنة بحرية", "maritime piracy", "sea piracy", "maritime-piracy", False),
    ]
    lines = "\n".join(report.lines())
    assert "Added 2 terms" in lines and "fanaticism" in lines and "extremism" in lines
    assert "  تطرف: the bundled glossary has 'extremism'" in lines
    assert "  قرصنة بحرية: your glossary has 'maritime piracy'" in lines
    assert bundled_glossary_path().read_bytes() == bundled_bytes
    loaded = load_glossary(user)
    assert [entry.id for entry in loaded.entries] == ["maritime-piracy", "extradition-2"]
    assert loaded.by_id["maritime-piracy"].definition == "Robbery at sea."
    assert loaded.by_id["maritime-piracy"].authority == "imported from import.csv"


def test_a_report_names_the_first_twenty_terms_left_out_and_counts_the_rest() -> None:
    from tui_reader.core.formats.merge import MergeReport

    left_out = [f"big.csv:{line}: no English" for line in range(2, 27)]
    lines = MergeReport(user_glossary_path(), left_out=left_out).lines()
    assert "Left out 25 terms without both Arabic and English:" in lines
    assert "  big.csv:21: no English" in lines and "  big.csv:22: no English" not in lines
    assert lines[-1] == "  … and 5 more"


def test_an_import_says_which_terms_it_left_out_and_why(tmp_path: Path) -> None:
    """A CAT tool's glossary often holds terms in one language only: the complete ones are
    imported, the others named with their place in the file, never dropped unsaid."""
    csv_file = write(
        tmp_path / "half.csv",
        "ar,en\nقرصنة بحرية,maritime piracy\nتهريب,\n,smuggling\n",
    )
    report = import_terms(csv_file, bundled_glossary_path(), user_glossary_path())
    assert [entry.en for entry in report.added] == ["maritime piracy"]
    # Named as the user gave the file, as the errors of an import name it.
    assert report.left_out == [f"{csv_file}:3: no English", f"{csv_file}:4: no Arabic"]
    assert report.lines()[-3:] == [
        "Left out 2 terms without both Arabic and English:",
        f"  {csv_file}:3: no English",
        f"  {csv_file}:4: no Arabic",
    ]
    tbx = write(
        tmp_path / "half.tbx",
        """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="c1">
  <langSet xml:lang="ar"><tig><term>اختطاف</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>hijack</term>
    <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
</termEntry>
<termEntry id="c2">
  <langSet xml:lang="ar"><tig><term>قرصنة بحرية</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>maritime piracy</term></tig></langSet>
</termEntry>
<termEntry id="c3">
  <langSet xml:lang="ar"><tig><term>سطو مسلح</term></tig></langSet>
</termEntry>
</body></text></martif>""",
    )
    report = import_terms(tbx, bundled_glossary_path(), user_glossary_path())
    assert not report.added and len(report.duplicates) == 1
    first, second = report.left_out
    assert first.startswith(f"{tbx}:3") and first.endswith(": no English")
    # An entry without an English langSet at all is left out the same way.
    assert second == f"{tbx}:12: no English"


def test_two_imports_at_once_keep_both_terms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each import waits, after reading the user file, for the other to read it too: without
    the lock both read the file as it was, and the last to write drops the other's term."""
    import contextlib
    import threading

    from tui_reader.core.formats import merge

    read_user = merge.read_user_glossary
    both_read = threading.Barrier(2)

    def slow_read(path: Path) -> object:
        found = read_user(path)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait(timeout=0.5)
        return found

    monkeypatch.setattr(merge, "read_user_glossary", slow_read)
    user = user_glossary_path()
    sources = [
        write(tmp_path / "a.csv", "ar,en\nقرصنة بحرية,maritime piracy\n"),
        write(tmp_path / "b.csv", "ar,en\nاختطاف الطائرات,aircraft hijacking\n"),
    ]
    threads = [
        threading.Thread(
            target=merge_glossary,
            args=(import_glossary(source), bundled(), user),
            kwargs={"bundled_path": bundled_glossary_path()},
        )
        for source in sources
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = {entry.id for entry in load_glossary(user).entries}
    assert ids == {"maritime-piracy", "aircraft-hijacking"}


def test_merge_appends_and_keeps_the_users_comments(tmp_path: Path) -> None:
    user = user_glossary_path()
    merge_glossary(
        import_glossary(write(tmp_path / "a.csv", "ar,en\nقرصنة بحرية,maritime piracy\n")),
        bundled(),
        user,
        bundled_path=bundled_glossary_path(),
    )
    user.write_text(user.read_text(encoding="utf-8") + "  # my own comment\n", encoding="utf-8")
    report = merge_glossary(
        import_glossary(write(tmp_path / "b.csv", "ar,en\nاختطاف الطائرات,aircraft hijacking\n")),
        bundled(),
        user,
        bundled_path=bundled_glossary_path(),
    )
    assert not report.rewritten
    content = user.read_text(encoding="utf-8")
    assert "# my own comment" in content
    assert [entry.id for entry in load_glossary(user).entries] == [
        "maritime-piracy",
        "aircraft-hijacking",
    ]
    again = merge_glossary(
        import_glossary(write(tmp_path / "c.csv", "ar,en\nاختطاف الطائرات,Aircraft hijacking\n")),
        bundled(),
        user,
        bundled_path=bundled_glossary_path(),
    )
    assert again.added == [] and len(again.duplicates) == 1
    assert user.read_text(encoding="utf-8") == content


def test_merge_rewrites_a_flow_style_user_file(tmp_path: Path) -> None:
    user = user_glossary_path()
    user.parent.mkdir(parents=True)
    write(user, "version: 1\nterms: []\n")
    report = merge_glossary(
        import_glossary(write(tmp_path / "a.csv", "ar,en\nقرصنة بحرية,maritime piracy\n")),
        bundled(),
        user,
        bundled_path=bundled_glossary_path(),
    )
    assert report.rewritten
    assert [entry.id for entry in load_glossary(user).entries] == ["maritime-piracy"]


def test_merge_with_nothing_new_writes_nothing(glossary: Glossary, tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    write_export(build_csv(glossary), path)
    report = merge_glossary(
        import_glossary(path), glossary, user_glossary_path(), bundled_path=bundled_glossary_path()
    )
    assert report.added == [] and len(report.duplicates) == len(glossary)
    assert not user_glossary_path().exists()
    assert "not changed" in report.lines()[0]


def test_merge_never_writes_the_bundled_glossary(tmp_path: Path) -> None:
    before = bundled_glossary_path().read_bytes()
    entries = import_glossary(write(tmp_path / "a.csv", "ar,en\nقرصنة بحرية,maritime piracy\n"))
    with pytest.raises(ExchangeError, match="bundled glossary"):
        merge_glossary(
            entries, bundled(), bundled_glossary_path(), bundled_path=bundled_glossary_path()
        )
    assert bundled_glossary_path().read_bytes() == before


def test_merge_refuses_a_broken_user_glossary(tmp_path: Path) -> None:
    user = user_glossary_path()
    user.parent.mkdir(parents=True)
    write(user, "version: 1\nterms:\n  - id: Bad Id\n    ar: x\n")
    before = user.read_bytes()
    entries = import_glossary(write(tmp_path / "a.csv", "ar,en\nقرصنة بحرية,maritime piracy\n"))
    with pytest.raises(ExchangeError, match=r"glossary\.yaml:3:.*nothing was written"):
        merge_glossary(entries, bundled(), user, bundled_path=bundled_glossary_path())
    assert user.read_bytes() == before


def test_csv_refuses_a_list_item_with_the_separator(glossary: Glossary, tmp_path: Path) -> None:
    entry = replace(glossary.entries[0], en_variants=("a; b",))
    with pytest.raises(ExchangeError, match="contains ';'"):
        write_export(build_csv(Glossary([entry])), tmp_path / "out" / "g.csv")
    assert not (tmp_path / "out").exists()
