"""Turning a plain Arabic file (and its English, if any) into a text of aligned segments.

Each line is a paragraph; a paragraph is cut into sentences at . ؟ ? ! ؛ ; … followed by a
space or the line's end (the two semicolons alike: a resolution's clauses end with one in either
language), never inside a number (2.5, 16.17) or after an abbreviation (د. ، Dr. ,
U.N.). The segments keep what stood between them, so joined again they give back the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tui_reader.core.english import counted
from tui_reader.core.errors import shown
from tui_reader.core.letters import ARABIC_LETTER, MARK_RANGES, TATWEEL
from tui_reader.core.text import (
    ID_PATTERN,
    Segment,
    Text,
    TextError,
    TooBig,
    decode_utf8,
    id_from_name,
    read_limited,
)

MAX_IMPORT_BYTES = 20 * 1024 * 1024
# A sentence ends at one of these (and any closing quotes or brackets after it), before white
# space or the end of the line.
_END = re.compile(r"(?:\.{3}|…|[.؟?!؛;])[\"'”’»)\]]*(?=\s|$)")
_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "prof", "no", "nos", "art", "arts", "para", "paras", "vol", "pp",
    "p", "e.g", "i.e", "etc", "vs", "cf", "u.n", "u.s", "st", "jr", "sr", "co", "inc", "ltd",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "هـ", "ق.م",
}  # fmt: skip


_WORD_BEFORE = re.compile(rf"[\w.{TATWEEL}{MARK_RANGES}]+\Z")
_LOOK_BACK = 40
"""Characters before a full stop in which to look for an abbreviation: all of them are far
shorter, and a look over the whole paragraph at every full stop made importing one long
paragraph take time in the square of its length."""
_SPACES = re.compile(r"\s*")


def _next_text(paragraph: str, at: int) -> int:
    """The first offset from `at` that is not white space."""
    spaces = _SPACES.match(paragraph, at)
    return spaces.end() if spaces is not None else at


def _is_abbreviation(paragraph: str, dot: int) -> bool:
    window = max(0, dot - _LOOK_BACK)
    word = _WORD_BEFORE.search(paragraph, window, dot)
    if word is None:
        return False
    # Vowel marks are part of the word but not letters of it: تقريبًا is not a one-letter word.
    token = re.sub(f"[{TATWEEL}{MARK_RANGES}]", "", word.group()).lower().rstrip(".")
    # A single letter (an initial, Arabic د. for doctor, م. for the year) or a known one.
    return len(token) == 1 or token in _ABBREVIATIONS


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of one line, white space between them left out."""
    spans: list[tuple[int, int]] = []
    start = len(paragraph) - len(paragraph.lstrip())
    for found in _END.finditer(paragraph):
        if (
            found.group().startswith(".")
            and not found.group().startswith("...")
            and (_is_abbreviation(paragraph, found.start()))
        ):
            continue
        end = found.end()
        if paragraph[start:end].strip():
            spans.append((start, end))
        start = _next_text(paragraph, end)
    tail = paragraph[start:].rstrip()
    if tail:
        spans.append((start, start + len(tail)))
    return spans


@dataclass(frozen=True)
class Paragraph:
    """A line of the file with what stands before it (line breaks, blank lines)."""

    before: str
    text: str


def _paragraphs(count: int) -> str:
    return f"{count} paragraph{'' if count == 1 else 's'}"


def source_paragraphs(content: str) -> tuple[list[Paragraph], str]:
    """The file's non-blank lines, each with the text before it, and what follows the last."""
    found: list[Paragraph] = []
    pending = ""
    for line in re.split(r"(?<=\n)", content):
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        if body.strip():
            found.append(Paragraph(pending, body))
            pending = ending
        else:
            pending += line
    return found, pending


@dataclass
class Alignment:
    """How the English was matched to the Arabic, for the import report."""

    mode: str = "none"
    """"none" (no English), "sentence" or "paragraph" where sentence counts differed."""
    coarse: list[tuple[int, int, int]] = field(default_factory=list)
    """(paragraph number, Arabic sentences, English sentences) kept as one segment."""

    def lines(self) -> list[str]:
        return [
            f"paragraph {number}: {counted(arabic, 'Arabic sentence')}, {english} English; "
            "kept as one "
            "segment (split them in both files the same way to align them by sentence)"
            for number, arabic, english in self.coarse
        ]


def build_text(
    arabic: str,
    english: str | None,
    text_id: str,
    title_en: str,
    source: str,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Text, Alignment]:
    """Segments of an Arabic document, aligned with the English where it is given. Raises
    TextError when the paragraphs of the two files do not correspond."""
    arabic = arabic.removeprefix("\ufeff")
    ar_paragraphs, after = source_paragraphs(arabic)
    if not ar_paragraphs:
        raise TextError(f"{source}: the file is empty")
    en_paragraphs = source_paragraphs(english)[0] if english is not None else None
    alignment = Alignment(mode="sentence" if en_paragraphs is not None else "none")
    if en_paragraphs is not None and len(en_paragraphs) != len(ar_paragraphs):
        hint = ""
        pairs = zip(ar_paragraphs, en_paragraphs, strict=False)
        for number, (ar_paragraph, en_paragraph) in enumerate(pairs, 1):
            ar_count = len(sentence_spans(ar_paragraph.text))
            en_count = len(sentence_spans(en_paragraph.text))
            if ar_count != en_count:
                hint = (
                    f"; the first paragraph whose sentences differ is {number} "
                    f"({ar_count} Arabic, {en_count} English)"
                )
                break
        raise TextError(
            f"{source}: the Arabic has {_paragraphs(len(ar_paragraphs))} (non-empty lines) and "
            f"the English {len(en_paragraphs)}: they must correspond one to one{hint}"
        )
    segments: list[Segment] = []
    for number, paragraph in enumerate(ar_paragraphs, start=1):
        if progress is not None:
            progress(number, len(ar_paragraphs))
        spans = sentence_spans(paragraph.text)
        english_parts = [""] * len(spans)
        if en_paragraphs is not None:
            en_text = en_paragraphs[number - 1].text
            en_spans = sentence_spans(en_text)
            if len(en_spans) == len(spans):
                english_parts = [en_text[a:b] for a, b in en_spans]
            else:
                alignment.coarse.append((number, len(spans), len(en_spans)))
                alignment.mode = "paragraph"
                spans = [(spans[0][0], spans[-1][1])]
                english_parts = [en_text.strip()]
        position = 0
        for (start, end), en in zip(spans, english_parts, strict=True):
            before = paragraph.text[position:start]
            if position == 0:
                before = paragraph.before + before
            segments.append(Segment(f"s{len(segments) + 1}", paragraph.text[start:end], en, before))
            position = end
        trailing = paragraph.text[position:]
        if trailing:
            # White space at the line's end belongs before the next segment (or at the end).
            if number < len(ar_paragraphs):
                ar_paragraphs[number] = Paragraph(
                    trailing + ar_paragraphs[number].before, ar_paragraphs[number].text
                )
            else:
                after = trailing + after
    title_ar = segments[0].ar.strip()
    if len(title_ar) > 80:
        title_ar = title_ar[:79] + "…"
    text = Text(text_id, title_ar, title_en, tuple(segments), source=source, after=after)
    if text.original() != arabic:
        raise TextError(f"{source}: could not be cut into segments without changing it")
    return text, alignment


def read_document(path: Path, *, needs_arabic: bool) -> str:
    """A plain UTF-8 file (Markdown is read as text), refused with one clear line if it is
    missing, a folder, too big, binary, not UTF-8, empty, or (for the Arabic) has no Arabic."""
    try:
        data = read_limited(path, MAX_IMPORT_BYTES)
    except TooBig as error:
        raise TooBig(
            f"{error}: split it into files under {MAX_IMPORT_BYTES // (1024 * 1024)} MB to "
            "import it (tui-reader read opens it as it is)"
        ) from None
    content = decode_utf8(data, path)
    if not content.strip():
        raise TextError(f"{path}: the file is empty")
    if needs_arabic and not ARABIC_LETTER.search(content):
        raise TextError(f"{path}: there is no Arabic in it (is this the English file?)")
    return content


def text_id_for(path: Path, wanted: str | None) -> str:
    """The id given, or one made from the file name; ids are lowercase ascii with hyphens."""
    if wanted is not None:
        if ID_PATTERN.fullmatch(wanted) is None:
            raise TextError(
                f"--id '{shown(wanted)}': use lowercase letters, digits and hyphens "
                "(e.g. un-report-2020)"
            )
        return wanted
    slug = id_from_name(path.stem)
    if not slug:
        raise TextError(f"{path}: cannot make an id from the file name: give one with --id")
    return slug
