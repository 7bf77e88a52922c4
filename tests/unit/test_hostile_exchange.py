"""Exchange formats against hostile input (issue 13): characters XML cannot hold, spreadsheet
formulas in CSV cells, escape sequences in imported files and file names, ids that are not
ids, and an import too big for a glossary file. Each test failed before its fix.

The modules are used through `module.NAME`, not imported names, so that each test fails on
its own (rather than the whole file) against the code before the fix.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from test_exchange import TBX_BASIC_DTD, TMX_DTD, XLF, XLIFF_DTD, assert_valid, parse

from tui_reader.core import exchange
from tui_reader.core.errors import ExchangeError
from tui_reader.core.formats import csvfile, merge, tbx, tmx, xliff
from tui_reader.core.glossary import Glossary, load_glossary
from tui_reader.core.notes import Anchor, NoteStore, new_note
from tui_reader.core.text import Segment, Text
from tui_reader.paths import bundled_glossary_path, user_glossary_path

FFFD = "\ufffd"


@cache
def bundled() -> Glossary:
    return load_glossary(bundled_glossary_path())


def write(path: Path, content: str) -> Path:
    path.write_bytes(content.encode("utf-8"))
    return path


def two_segments(first: Segment) -> Text:
    return Text("t", "عنوان", "Title", (first, Segment("s2", "جملة ثانية.", "A second.")))


# XML: characters XML cannot hold ------------------------------------------------------------


def test_xliff_with_a_control_character_and_a_note_on_its_segment(tmp_path: Path) -> None:
    """Import accepts U+000E in a text; XLIFF export with a note on that segment raised
    lxml's ValueError (the note quotes the passage, and the note is set with lxml)."""
    text = two_segments(Segment("s1", "جملة\x0e أولى.", "A first sentence."))
    store = NoteStore(text.id, tmp_path / "notes.jsonl")
    store.put(new_note(Anchor.make(text.segments[0], 0, 5), "Why\x0e here?", "query"))
    path = tmp_path / "t.xlf"
    exchange.write_export(xliff.build_xliff(text, store.placed(text)), path)
    tree = parse(path)
    assert_valid(tree, XLIFF_DTD)
    unit = tree.getroot().find(f"{XLF}file/{XLF}body/{XLF}trans-unit")
    assert unit is not None
    assert unit.findtext(f"{XLF}source") == f"جملة{FFFD} أولى."
    note = unit.findtext(f"{XLF}note")
    assert note is not None
    assert f"«جملة{FFFD}»" in note and f"Why{FFFD} here?" in note


def test_tbx_export_after_importing_a_control_character_in_a_definition(
    tmp_path: Path,
) -> None:
    """A CSV definition with U+0001 goes into the user glossary (YAML escapes it); every TBX
    export of the glossary then raised ValueError."""
    source = write(tmp_path / "a.csv", "ar,en,definition\nقرصنة بحرية,maritime piracy,a\x01b\n")
    merge.merge_glossary(
        exchange.import_glossary(source),
        bundled(),
        user_glossary_path(),
        bundled_path=bundled_glossary_path(),
    )
    merged = Glossary([*bundled().entries, *load_glossary(user_glossary_path()).entries])
    path = tmp_path / "g.tbx"
    exchange.write_export(tbx.build_tbx(merged), path)
    tree = parse(path)
    assert_valid(tree, TBX_BASIC_DTD)
    definitions = [
        entry.findtext("langSet/descripGrp/descrip")
        for entry in tree.getroot().iter("termEntry")
        if entry.get("id") == "maritime-piracy"
    ]
    assert definitions == [f"a{FFFD}b"]


def test_tmx_with_a_control_character_in_an_id(tmp_path: Path) -> None:
    text = two_segments(Segment("s\x0e1", "جملة أولى.", "A first sentence."))
    path = tmp_path / "t.tmx"
    exchange.write_export(tmx.build_tmx(text), path)
    tree = parse(path)
    assert_valid(tree, TMX_DTD)
    assert [unit.get("tuid") for unit in tree.getroot().iter("tu")] == [f"t/s{FFFD}1", "t/s2"]


def test_xliff_with_a_control_character_in_ids(tmp_path: Path) -> None:
    text = replace(two_segments(Segment("s\x1b1", "جملة أولى.", "A first.")), id="t\x07", path=None)
    built = xliff.build_xliff(text, [])
    root = etree.fromstring(built.content.encode("utf-8"))
    file_node = root.find(f"{XLF}file")
    assert file_node is not None and file_node.get("original") == f"t{FFFD}"
    ids = [unit.get("id") for unit in root.iter(f"{XLF}trans-unit")]
    assert ids == [f"s{FFFD}1", "s2"]
    assert built.replaced == {"text id": 1, "s\x1b1": 1}


# XML: what was replaced is reported ---------------------------------------------------------


def test_tmx_reports_noncharacters_and_controls_it_replaces(tmp_path: Path) -> None:
    """U+FFFE, U+FFFF and controls were dropped without a word by translate-toolkit."""
    text = two_segments(Segment("s1", "جملة\x0e أولى.", "A first\ufffe sentence\uffff."))
    text = replace(text, segments=(*text.segments, Segment("s3", "ثالثة\x00", "Third.")))
    built = tmx.build_tmx(text)
    segs = [seg.text for seg in etree.fromstring(built.content.encode()).iter("seg")]
    assert segs[:2] == [f"جملة{FFFD} أولى.", f"A first{FFFD} sentence{FFFD}."]
    assert segs[4] == f"ثالثة{FFFD}"
    assert built.replaced == {"s1": 3, "s3": 1}
    assert built.warning() == "4 characters not allowed in XML were replaced with U+FFFD in s1, s3"
    path = tmp_path / "t.tmx"
    exchange.write_export(tmx.build_tmx(text), path)
    assert path.read_text(encoding="utf-8") == built.content


def test_xliff_reports_replacements_by_segment_and_header(tmp_path: Path) -> None:
    text = two_segments(Segment("s1", "جملة أولى.", "A first sentence."))
    store = NoteStore(text.id, tmp_path / "notes.jsonl")
    store.put(new_note(Anchor("s9", 0, 3, "غائ\x0b"), "gone", "query"))
    store.put(new_note(Anchor.make(text.segments[1], 0, 4), "on\x0c s2", "query"))
    built = xliff.build_xliff(text, store.placed(text))
    assert built.replaced == {"s2": 1, "header": 1}
    assert built.warning() == (
        "2 characters not allowed in XML were replaced with U+FFFD in s2, header"
    )


def test_tbx_reports_replacements_by_entry_id() -> None:
    entry = replace(bundled().entries[0], note="x\x02", en_variants=("y\uffff",))
    built = tbx.build_tbx(Glossary([entry, bundled().entries[1]]))
    assert built.replaced == {entry.id: 2}
    assert built.warning() == (
        f"2 characters not allowed in XML were replaced with U+FFFD in {entry.id}"
    )


def test_nothing_replaced_no_warning() -> None:
    text = two_segments(Segment("s1", "جملة أولى.", "A first sentence."))
    built = tmx.build_tmx(text)
    assert built.replaced == {} and built.warning() is None


def test_one_replacement_is_said_in_the_singular() -> None:
    built = tmx.build_tmx(two_segments(Segment("s1", "جملة\x0e أولى.", "A first.")))
    assert built.warning() == "1 character not allowed in XML was replaced with U+FFFD in s1"


def test_the_warning_is_one_safe_line_however_many_places() -> None:
    segments = tuple(Segment(f"s{n}\x1b[2J", f"جملة\x01 {n}", f"S {n}.") for n in range(14))
    built = tmx.build_tmx(Text("t", "عنوان", "Title", segments))
    warning = built.warning()
    assert warning is not None
    assert warning.startswith("28 characters not allowed in XML were replaced with U+FFFD in s0")
    assert warning.endswith("s9␛[2J and 4 more")
    assert "\x1b" not in warning and "\n" not in warning


# CSV: formulas ------------------------------------------------------------------------------

FORMULAS = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx")


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_export_neutralises_a_formula(value: str, tmp_path: Path) -> None:
    entry = replace(bundled().entries[0], definition=value, note=value)
    path = tmp_path / "g.csv"
    exchange.write_export(csvfile.build_csv(Glossary([entry])), path)
    row = next(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    assert row["definition"] == "'" + value
    assert row["note"] == "'" + value


def test_csv_export_neutralises_a_formula_in_a_list_item(tmp_path: Path) -> None:
    """A spreadsheet set to split on ';' would make each list item a cell of its own."""
    entry = replace(bundled().entries[0], en_variants=("=1+1", "plain", "-x"), tags=("@t",))
    path = tmp_path / "g.csv"
    exchange.write_export(csvfile.build_csv(Glossary([entry])), path)
    row = next(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    assert row["en_variants"] == "'=1+1; plain; '-x"
    assert row["tags"] == "'@t"


def test_csv_round_trip_with_formulas_and_quotes_is_lossless(tmp_path: Path) -> None:
    """The import takes the quote off again, and only the one the export put on: a value
    that itself starts with a quote keeps it."""
    first = bundled().entries[0]
    entry = replace(
        first,
        en="-minus",
        en_variants=("+plus", "'quoted", "@at", "''=two"),
        ar_variants=("=" + first.ar,),
        definition="=1+1",
        note="'=already quoted",
    )
    path = tmp_path / "g.csv"
    exchange.write_export(csvfile.build_csv(Glossary([entry])), path)
    (got,) = exchange.import_glossary(path)
    assert (got.en, got.definition, got.note) == ("-minus", "=1+1", "'=already quoted")
    assert got.en_variants == ("+plus", "'quoted", "@at", "''=two")
    assert got.ar_variants == ("=" + first.ar,)


def test_csv_import_takes_the_quote_off_a_hand_made_escape(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "ar,en,definition\nقرصنة بحرية,'=maritime piracy,'hello\n")
    (got,) = exchange.import_glossary(path)
    assert (got.en, got.definition) == ("=maritime piracy", "'hello")


# Merge: the glossary file's size bound ------------------------------------------------------


def test_an_import_too_big_for_a_glossary_is_refused_before_the_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 20,000-row CSV ran 17 s (writing the YAML) and then said "the merged glossary would
    not load": the 4 MB bound of a glossary file is now checked first, and said plainly."""

    def dump(*args: object) -> str:
        raise AssertionError("the entries were written out before the bound was checked")

    monkeypatch.setattr(merge, "_dump_items", dump)
    definition = "A long definition. " * 110
    rows = "".join(f"قرصنة {n},piracy {n},{definition}\n" for n in range(2000))
    source = write(tmp_path / "big.csv", "ar,en,definition\n" + rows)
    user = user_glossary_path()
    with pytest.raises(ExchangeError) as raised:
        merge.merge_glossary(
            exchange.import_glossary(source), bundled(), user, bundled_path=bundled_glossary_path()
        )
    message = str(raised.value)
    assert message.startswith(f"{user}: 2,000 new terms would make it at least ")
    assert "bytes, over the 4 MB a glossary file may have; nothing was written" in message
    assert not user.exists()


def test_an_import_whose_yaml_is_too_big_says_so(tmp_path: Path) -> None:
    """Under the bound as values, over it as YAML (a control character takes 4 bytes there):
    the size is checked on the YAML too, and said plainly."""
    rows = "".join(f"قرصنة {n},piracy {n},{chr(1) * 110_000}\n" for n in range(10))
    source = write(tmp_path / "escaped.csv", "ar,en,definition\n" + rows)
    user = user_glossary_path()
    with pytest.raises(ExchangeError, match=r"10 new terms would make it [\d,]+ bytes, over the"):
        merge.merge_glossary(
            exchange.import_glossary(source), bundled(), user, bundled_path=bundled_glossary_path()
        )
    assert not user.exists()


# Ids from outside ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry_id", ["piracy\n", "Piracy", "pi racy", "piracy-", "x\x1b[31m"])
def test_merge_checks_ids_against_the_id_pattern(entry_id: str, tmp_path: Path) -> None:
    """`$` matches before a final line break, so "piracy\\n" passed a `match`; the glossary
    loader then strips it, and the id written is not the id given."""
    (entry,) = exchange.import_glossary(write(tmp_path / "a.csv", "ar,en\nقرصنة بحرية,piracy\n"))
    user = user_glossary_path()
    with pytest.raises(ExchangeError) as raised:
        merge.merge_glossary(
            [replace(entry, id=entry_id)], bundled(), user, bundled_path=bundled_glossary_path()
        )
    message = str(raised.value)
    assert message.startswith(f"imported entry {entry_id!r}: the id is not lowercase letters")
    assert not user.exists()


# Foreign strings in messages ----------------------------------------------------------------

ESCAPE = "\x1b]0;pwned\x07\x1b[2J"
SHOWN = "␛]0;pwned␇␛[2J"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("pos.csv", f"ar,en,pos\nقرصنة,piracy,{ESCAPE}\n", f"part of speech '{SHOWN}'"),
        ("swapped.csv", f"ar,en\npiracy{ESCAPE},قرصنة\n", f"the Arabic term 'piracy{SHOWN}'"),
        ("twice.csv", f"ar,en,x{ESCAPE},x{ESCAPE}\n", f"column 'x{SHOWN.lower()}' appears twice"),
        (
            "vocalized.csv",
            f"ar,en,vocalized\nقرصنة,piracy,قُرْصَنَة{ESCAPE}\n",
            f"'vocalized' (قُرْصَنَة{SHOWN}) is not",
        ),
        (
            # XML refuses C0 controls, not C1 (CSI is U+009B) or bidi overrides.
            "lang.tbx",
            '<martif><text><body><termEntry id="e\u202ex">'
            '<langSet xml:lang="fr\x9b2J"><tig><term>x</term></tig></langSet>'
            "</termEntry></body></text></martif>",
            '<termEntry id="ex"> has no Arabic langSet (xml:lang="ar"; languages found: '
            "fr\ufffd2j)",
        ),
    ],
)
def test_file_content_in_a_message_is_shown_not_sent(
    name: str, content: str, expected: str, tmp_path: Path
) -> None:
    with pytest.raises(ExchangeError) as raised:
        exchange.import_glossary(write(tmp_path / name, content))
    message = str(raised.value)
    assert expected in message
    assert not set(message) & set("\x1b\x07\u202e\x9b")


def test_a_file_name_with_escapes_is_shown_not_sent(tmp_path: Path) -> None:
    folder = tmp_path / f"in{ESCAPE}"
    folder.mkdir()
    for path, content in ((folder / "bad.csv", "ar\n"), (folder / "bad.tbx", "<x")):
        with pytest.raises(ExchangeError) as raised:
            exchange.import_glossary(write(path, content))
        assert f"in{SHOWN}/bad." in str(raised.value) and "\x1b" not in str(raised.value)
    with pytest.raises(ExchangeError) as raised:
        exchange.import_glossary(folder / "missing.csv")
    assert f"in{SHOWN}/missing.csv: no such file" in str(raised.value)
    good = write(tmp_path / f"a{ESCAPE}.csv", "ar,en\nقرصنة بحرية,maritime piracy\n")
    (entry,) = exchange.import_glossary(good)
    assert entry.authority == f"imported from a{SHOWN}.csv"


def test_the_merge_report_shows_escapes_not_sends_them(tmp_path: Path) -> None:
    source = write(
        tmp_path / "a.csv",
        f"ar,en\nقرصنة بحرية,maritime{ESCAPE}\nإرهاب,terrorism{ESCAPE}\n",
    )
    report = merge.merge_glossary(
        exchange.import_glossary(source),
        bundled(),
        user_glossary_path(),
        bundled_path=bundled_glossary_path(),
    )
    lines = "\n".join(report.lines())
    assert f"maritime{SHOWN}" in lines and f"terrorism{SHOWN}" in lines
    assert "\x1b" not in lines and "\x07" not in lines
