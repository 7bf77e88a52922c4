"""Texts in from other tools: TMX, XLIFF 1.2 and 2.0, Word .docx (issue 18). Bad files get
one line naming the problem, and nothing is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from tui_reader.cli import main
from tui_reader.core import library
from tui_reader.core.exchange import write_export
from tui_reader.core.formats.tmx import build_tmx
from tui_reader.core.formats.xliff import build_xliff
from tui_reader.core.formats.xmlsafe import base_letters
from tui_reader.core.notes import Anchor, NoteStore, new_note
from tui_reader.core.text import Segment, Text

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def library_ids() -> set[str]:
    return {summary.id for summary in library.summaries()}


def test_a_tmx_we_exported_comes_back_as_the_same_segments(tmp_path: Path) -> None:
    path = tmp_path / "dushanbe.tmx"
    write_export(build_tmx(ARTICLE), path)
    result = run("import", str(path), "--id", "back")
    assert result.exit_code == 0, result.output
    text = library.open_text("back")
    # Exports carry base letters for presentation forms (and so does what comes back).
    assert [(s.ar, s.en) for s in text.segments] == [
        (base_letters(s.ar), s.en) for s in ARTICLE.segments
    ]


def test_tmx_from_another_tool(tmp_path: Path) -> None:
    """English source, language codes in other forms, inline codes dropped (their text
    kept inside <hi>), notes on the unit and the variant as the text's notes."""
    path = tmp_path / "memoq.tmx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en-US" srclang="en-US" datatype="html"/><body>
<tu><note>From the 2019 report.</note>
 <tuv xml:lang="en-US"><seg>The <bpt i="1">&lt;b&gt;</bpt>committee<ept i="1">&lt;/b&gt;</ept>
 met.</seg></tuv>
 <tuv xml:lang="AR-SA"><note>Check the verb.</note>
 <seg>اجتمعت <hi>اللجنة</hi>.<ph>&lt;br/&gt;</ph></seg></tuv>
</tu>
<tu><tuv xml:lang="fr"><seg>Bonjour.</seg></tuv><tuv xml:lang="en"><seg>Hello.</seg></tuv></tu>
<tu><tuv lang="ara"><seg>قطر.</seg></tuv></tu>
</body></tmx>""",
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    text = library.open_text("memoq")
    assert [(s.ar, s.en) for s in text.segments] == [
        ("اجتمعت اللجنة.", "The committee met."),
        ("قطر.", ""),
    ]
    notes = sorted(note.body for note in NoteStore.open("memoq"))
    assert notes == ["Check the verb.", "From the 2019 report."]
    assert all(note.anchor.segment_id == "s1" for note in NoteStore.open("memoq"))


def test_our_xliff_with_notes_comes_back(tmp_path: Path) -> None:
    text = Text(
        "t",
        "عنوان",
        "Title",
        (Segment("s1", "جملة أولى.", "A first sentence."), Segment("s2", "جملة ثانية.", "", " ")),
    )
    store = NoteStore("t", tmp_path / "n.jsonl")
    store.put(new_note(Anchor.make(text.segments[0], 0, 4), "Which sentence?", "query"))
    path = tmp_path / "t.xlf"
    write_export(build_xliff(text, store.placed(text)), path)
    result = run("import", str(path), "--id", "t2")
    assert result.exit_code == 0, result.output
    back = library.open_text("t2")
    assert [(s.ar, s.en) for s in back.segments] == [(s.ar, s.en) for s in text.segments]
    (note,) = NoteStore.open("t2")
    assert "Which sentence?" in note.body and note.anchor.segment_id == "s1"


def test_xliff_2(tmp_path: Path) -> None:
    path = tmp_path / "two.xlf"
    path.write_text(
        """<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ar" trgLang="en-GB">
<file id="f"><unit id="u1"><notes><note>A unit note.</note></notes>
<segment><source>قطر <pc id="1">أولًا</pc><ph id="2"/>.</source>
<target>Qatar first.</target></segment>
<segment><source>ثم البقية.</source></segment></unit></file></xliff>""",
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    text = library.open_text("two")
    assert [(s.ar, s.en) for s in text.segments] == [
        ("قطر أولًا.", "Qatar first."),
        ("ثم البقية.", ""),
    ]
    assert [note.body for note in NoteStore.open("two")] == ["A unit note."]


BAD_BITEXT = [
    pytest.param(
        "english.tmx",
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>x</seg></tuv>'
        '<tuv xml:lang="fr"><seg>y</seg></tuv></tu></body></tmx>',
        ("english.tmx", "no translation unit has Arabic", "en, fr"),
        id="TMX without Arabic",
    ),
    pytest.param(
        "en-ar.xlf",
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="a" source-language="en-US" target-language="ar" datatype="plaintext">'
        "<body><trans-unit id='1'><source>x</source></trans-unit></body></file></xliff>",
        ("en-ar.xlf:2:", "source language is 'en-US', not Arabic"),
        id="XLIFF with English source",
    ),
    pytest.param(
        "broken.tmx",
        '<?xml version="1.0"?>\n<tmx>\n<body>\n</tmx>',
        ("broken.tmx:4:", "not well-formed XML"),
        id="not XML",
    ),
    pytest.param(
        "other.xliff",
        '<?xml version="1.0"?>\n<martif/>',
        ("other.xliff:2:", "not <xliff>"),
        id="not XLIFF",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_BITEXT)
def test_bad_bitext_is_one_line_and_writes_nothing(
    name: str, content: str, expected: tuple[str, ...], tmp_path: Path
) -> None:
    before = library_ids()
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    for part in expected:
        assert part in line
    assert library_ids() == before


# Word -------------------------------------------------------------------------------------------


def word_file(path: Path, paragraphs: list[str], *, footnote: bool = False) -> Path:
    """A .docx with right-to-left runs, a hidden run and a field (its code and its result)
    in the first paragraph; with `footnote`, a footnotes part holding one note."""
    document = docx.Document()
    for number, text in enumerate(paragraphs):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.font.rtl = True
        if number == 0:
            paragraph.add_run(" مخفي").font.hidden = True
            field = paragraph.add_run()
            for kind, value in (("begin", None), ("instr", " PAGE "), ("separate", None)):
                if kind == "instr":
                    code = OxmlElement("w:instrText")
                    code.text = value
                    field._r.append(code)
                else:
                    char = OxmlElement("w:fldChar")
                    char.set(qn("w:fldCharType"), kind)
                    field._r.append(char)
            paragraph.add_run(" ١")
            end = OxmlElement("w:fldChar")
            end.set(qn("w:fldCharType"), "end")
            paragraph.add_run()._r.append(end)
            paragraph.add_run(".")
    document.save(str(path))
    if footnote:
        _add_footnotes(path)
    return path


def _add_footnotes(path: Path) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>حاشية</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/footnotes.xml"] = notes.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/word/footnotes.xml" ContentType="{kind}"/></Types>'.encode(),
    )
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdF" Type="{relation}" Target="footnotes.xml"/>'
        "</Relationships>".encode(),
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_word_files_in_arabic_and_english(tmp_path: Path) -> None:
    arabic = word_file(
        tmp_path / "report.docx",
        ["استضافت دوشنبه المؤتمر", "وشاركت قطر فيه. ثم عادت."],
        footnote=True,
    )
    english = word_file(
        tmp_path / "report-en.docx",
        ["Dushanbe hosted the conference", "Qatar took part. Then it went home."],
    )
    result = run("import", str(arabic), "--en", str(english))
    assert result.exit_code == 0, result.output
    assert "1 footnote left out" in result.stderr
    text = library.open_text("report")
    assert [(s.ar, s.en) for s in text.segments] == [
        ("استضافت دوشنبه المؤتمر ١.", "Dushanbe hosted the conference ١."),
        ("وشاركت قطر فيه.", "Qatar took part."),
        ("ثم عادت.", "Then it went home."),
    ]
    assert "PAGE" not in text.original() and "مخفي" not in text.original()


def test_bad_word_files_are_one_line_and_write_nothing(tmp_path: Path) -> None:
    before = library_ids()
    encrypted = tmp_path / "secret.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    damaged = tmp_path / "damaged.docx"
    good = io.BytesIO()
    docx.Document().save(good)
    damaged.write_bytes(good.getvalue()[:300])
    english = word_file(tmp_path / "english.docx", ["Only English here."])
    for path, message in (
        (encrypted, "password-protected"),
        (damaged, "not a Word .docx file, or a damaged one"),
        (english, "there is no Arabic in it"),
    ):
        result = run("import", str(path))
        assert result.exit_code == 1, path
        (line,) = result.stderr.splitlines()
        assert path.name in line and message in line
    assert library_ids() == before
