"""OmegaT: a text as a complete OmegaT project, Arabic to English, ready to open.

OmegaT's XLIFF filter cannot take our XLIFF from Arabic to English: it offers each unit's
<target> as the text to translate. So a translator gets the project OmegaT makes for itself:
the Arabic as a plain text source file, the reference English as a translation memory, the
glossary as a termbase.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tui_reader.core.formats.tbx import XCS_NAME, build_tbx, build_xcs
from tui_reader.core.formats.tmx import build_tmx
from tui_reader.core.formats.xmlsafe import XmlExport, base_letters
from tui_reader.core.glossary import Glossary
from tui_reader.core.text import Segment, Text

PROJECT_FILE = "omegat.project"

# Sentence segmentation off: OmegaT's text filter makes a paragraph of every block between
# empty lines, and with sentence_seg false a paragraph is one segment, so each of our
# segments is one of OmegaT's and the translation memory matches it exactly.
_PROJECT = """\
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <source_dir_excludes>
            <mask>**/.svn/**</mask>
            <mask>**/CVS/**</mask>
            <mask>**/.git/**</mask>
        </source_dir_excludes>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>ar</source_lang>
        <target_lang>en</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneArabicTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""
FOLDERS = ("source", "target", "tm", "glossary", "dictionary", "omegat")
"""The folders of an OmegaT project; OmegaT expects each to be there."""


@dataclass(frozen=True)
class Project:
    """An OmegaT project built in memory: files by their path in the project folder (with
    "/"), the folders it needs, how many segments its source has and how many of them the
    translation memory translates."""

    files: dict[str, str | XmlExport]
    segments: int
    translated: int
    folders: tuple[str, ...] = field(default=FOLDERS)

    def warning(self) -> str | None:
        warnings = [
            f"{path}: {built.warning()}"
            for path, built in self.files.items()
            if isinstance(built, XmlExport) and built.warning()
        ]
        return "; ".join(warnings) or None


def _line(value: str) -> str:
    """A segment as one line of the source file: base letters for presentation forms (as in
    every export a translation memory reads), its white space one space each."""
    return " ".join(base_letters(value).split())


def build_omegat_project(text: Text, glossary: Glossary) -> Project:
    """A text as an OmegaT project (OmegaT 3.6 and later): `omegat.project` (Arabic to
    English, sentence segmentation off), `source/ID.txt` (one segment per paragraph,
    paragraphs separated by an empty line), the reference English as
    `tm/ID-reference.tmx` (built from the same lines, so its units match OmegaT's segments
    exactly: 100% matches), and `glossary/` with the glossary as TBX (the user's terms
    included, as `glossary` holds them) beside its constraint specification. Segments that
    are empty once their white space is folded are left out."""
    segments = [
        Segment(segment.id, _line(segment.ar), _line(segment.en), "")
        for segment in text.segments
        if _line(segment.ar)
    ]
    lines = replace(text, segments=tuple(segments))
    memory = build_tmx(lines)
    source = "\n\n".join(segment.ar for segment in segments) + "\n"
    files: dict[str, str | XmlExport] = {
        PROJECT_FILE: _PROJECT,
        f"source/{text.id}.txt": source,
        f"tm/{text.id}-reference.tmx": memory,
        "glossary/tui-reader-glossary.tbx": build_tbx(glossary),
        f"glossary/{XCS_NAME}": build_xcs(),
    }
    return Project(files, len(segments), memory.units)
