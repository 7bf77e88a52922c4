"""What the XML exports share: characters XML cannot hold replaced and counted, the result
with its warning for people, and translate-toolkit stores serialized."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from tui_reader.core.display import visible
from tui_reader.core.letters import PRESENTATION_FORM_BLOCKS

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tool_version() -> str:
    # Here and in `serialized`, not at the top: importlib.metadata and lxml take 10 MB, and
    # the corpus (which the reader opens) needs neither.
    from importlib import metadata

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
    """An XML file built in memory, how many units it holds (terms, translation units), and
    how many characters XML cannot hold were replaced with U+FFFD to build it, by place (a
    segment or entry id, "text id", "header")."""

    content: str
    replaced: dict[str, int] = field(default_factory=dict)
    units: int = 0

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


class XmlCleaner:
    """The one way every XML export makes a string XML: what XML cannot hold becomes
    `XML_REPLACEMENT`, counted by place for `XmlExport.replaced`."""

    def __init__(self) -> None:
        self.replaced: dict[str, int] = {}

    def __call__(self, value: str, place: str) -> str:
        cleaned, count = _NOT_XML.subn(XML_REPLACEMENT, value)
        if count:
            self.replaced[place] = self.replaced.get(place, 0) + count
        return cleaned

    def done(self, content: str, units: int) -> XmlExport:
        return XmlExport(content, dict(self.replaced), units)


_PRESENTATION_FORM = re.compile(
    "[" + "".join(f"{chr(start)}-{chr(end)}" for start, end in PRESENTATION_FORM_BLOCKS) + "]+"
)


def base_letters(value: str) -> str:
    """`value` with its Arabic presentation-form letters (ﻓﺮﻳﻖ, as some PDFs and old word
    processors write) folded to the base letters they stand for (فريق), by NFKC, and nothing
    else changed. A translation memory matches code points: a sentence typed with base
    letters would never match one stored in presentation forms. Only those letters are
    folded: NFKC over the whole string would also change digits, ligatures and spaces of
    other scripts that a translation keeps as written."""
    return _PRESENTATION_FORM.sub(lambda found: unicodedata.normalize("NFKC", found[0]), value)


def serialized(store: Any) -> str:
    """A translate-toolkit store as XML text (its own serializer, declaration included)."""
    from lxml import etree

    etree.cleanup_namespaces(store.document.getroot())
    buffer = io.BytesIO()
    store.serialize(buffer)
    return buffer.getvalue().decode("utf-8")
