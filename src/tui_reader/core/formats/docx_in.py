"""Word files in: the text of a .docx, one paragraph a line, for the plain-text importer.

Through python-docx. What is read: the body's paragraphs in order, their runs (right-to-left
runs are stored in logical order, as the text is read), hyperlinks' text. What is not: field
codes (only a field's shown result is text), hidden text, deleted revisions, and the footnotes
and endnotes, which are counted so that the import can say they were left out.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.parser import oxml_parser
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from tui_reader.core.display import visible
from tui_reader.core.errors import ExchangeError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of an OLE compound file: a password-protected .docx (Word encrypts the package
into one) or an old binary .doc."""
_DAMAGED = (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError)
"""What python-docx raises on a file that is not a .docx package or is a damaged one."""


@dataclass(frozen=True)
class WordText:
    """A Word file's text, one paragraph a line, and the notes left out."""

    text: str
    footnotes: int = 0


def _visible_text(run: Run) -> str:
    return "" if run.font.hidden else run.text


def _paragraph_text(paragraph: Paragraph) -> str:
    parts = []
    for item in paragraph.iter_inner_content():
        runs = item.runs if isinstance(item, Hyperlink) else [item]
        parts += [_visible_text(run) for run in runs]
    return " ".join("".join(parts).split())


def _notes(document: object, part_name: str, tag: str) -> int:
    package = getattr(getattr(document, "part", None), "package", None)
    for part in package.iter_parts() if package is not None else ():
        if str(part.partname) == part_name:
            root = etree.fromstring(part.blob, oxml_parser)
            # Ids -1 and 0 (with a w:type) are Word's separator lines, not notes.
            return sum(1 for note in root.iter(_W + tag) if note.get(_W + "type") is None)
    return 0


def read_docx(data: bytes, file_name: str) -> WordText:
    """The text of a .docx file's bytes (`file_name` names it in messages). Raises
    ExchangeError for a password-protected or old-format Word file and for one that is not a
    .docx or is damaged."""
    name = visible(file_name)
    if data.startswith(_OLE):
        raise ExchangeError(
            f"{name}: a password-protected Word file or an old .doc: save it in Word as .docx "
            "without a password"
        )
    try:
        document = Document(io.BytesIO(data))
    except _DAMAGED:
        raise ExchangeError(f"{name}: not a Word .docx file, or a damaged one") from None
    lines = [_paragraph_text(paragraph) for paragraph in document.paragraphs]
    footnotes = _notes(document, "/word/footnotes.xml", "footnote") + _notes(
        document, "/word/endnotes.xml", "endnote"
    )
    return WordText("\n".join(lines) + "\n", footnotes)
