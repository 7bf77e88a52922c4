"""Anki: the glossary as a package (.apkg) of notes with cards both ways."""

from __future__ import annotations

import html
import io
import itertools
import re
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import genanki  # type: ignore[import-untyped]

from tui_reader.core.glossary import Glossary

ANKI_MODEL_ID = 1_736_210_487
"""Fixed, so that Anki recognises the note type on every re-import. Change it (any integer
between 2**30 and 2**31) if the fields below ever change: Anki keeps a note type's fields."""
ANKI_DECK_ID = 2_058_113_924
"""Fixed, so that a re-import lands in the same deck."""
ANKI_DECK_NAME = "tui-reader::Arabic–English counter-terrorism glossary"

_ANKI_FIELDS = (
    "Arabic",
    "Vocalized",
    "Transliteration",
    "English",
    "ArabicVariants",
    "EnglishVariants",
    "PartOfSpeech",
    "Definition",
    "Note",
    "Authority",
    "Id",
)
_AR = '<div class="ar" dir="rtl" lang="ar">{{%s}}</div>'
_BACK_DETAILS = (
    '<div class="translit">{{Transliteration}}</div>'
    '<div class="pos">{{PartOfSpeech}}</div>'
    '{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}'
    '{{#Note}}<div class="note">{{Note}}</div>{{/Note}}'
)
_ANKI_TEMPLATES = [
    {
        "name": "Arabic → English",
        "qfmt": _AR % "Arabic",
        "afmt": (
            '{{FrontSide}}<hr id="answer"><div class="en">{{English}}</div>'
            '{{#EnglishVariants}}<div class="variants">{{EnglishVariants}}</div>'
            "{{/EnglishVariants}}" + _AR % "Vocalized" + _BACK_DETAILS
        ),
    },
    {
        "name": "English → Arabic",
        "qfmt": '<div class="en">{{English}}</div>',
        "afmt": (
            '{{FrontSide}}<hr id="answer">'
            + _AR % "Vocalized"
            + _AR % "Arabic"
            + '{{#ArabicVariants}}<div class="ar variants" dir="rtl" lang="ar">'
            "{{ArabicVariants}}</div>{{/ArabicVariants}}" + _BACK_DETAILS
        ),
    },
]
_ANKI_CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: center; }
.ar { font-family: "Noto Naskh Arabic", "Amiri", "Scheherazade New", serif; font-size: 34px; }
.en { font-size: 26px; }
.variants, .translit, .pos { color: #777; font-size: 18px; }
.definition, .note { text-align: left; font-size: 16px; margin-top: 0.8em; }
"""


def _anki_html(value: str) -> str:
    """Anki fields are HTML: escape the text, keep its line breaks."""
    return html.escape(value).replace("\n", "<br>")


def _anki_tag(tag: str) -> str:
    return re.sub(r"\s+", "_", tag.strip())


def anki_guid(entry_id: str) -> str:
    """A note's GUID, from the entry id only: re-importing an export updates the notes
    already in the collection (and keeps their review history) instead of adding copies."""
    return str(genanki.guid_for("tui-reader-glossary", entry_id))


def build_anki(glossary: Glossary) -> bytes:
    """The glossary as an Anki package (.apkg): one note per entry, two cards each
    (Arabic -> English, English -> Arabic), with the vocalized form, transliteration, part of
    speech, definition and note on the back.

    The Arabic is stored in logical order, as in the glossary: Anki lays out right-to-left
    text itself (the cards mark it dir="rtl"). Deck and note type ids are fixed, note GUIDs
    come from the entry ids and the notes carry the export time, so re-importing a newer export
    updates the notes in place.
    """
    model = genanki.Model(
        ANKI_MODEL_ID,
        "tui-reader glossary term (Arabic ↔ English)",
        fields=[{"name": name} for name in _ANKI_FIELDS],
        templates=_ANKI_TEMPLATES,
        css=_ANKI_CSS,
    )
    deck = genanki.Deck(
        ANKI_DECK_ID,
        ANKI_DECK_NAME,
        description="Exported by tui-reader from its Arabic–English glossary.",
    )
    for entry in glossary.entries:
        values = (
            entry.ar,
            entry.vocalized,
            entry.transliteration,
            entry.en,
            "، ".join(entry.ar_variants),
            ", ".join(entry.en_variants),
            entry.pos,
            entry.definition,
            entry.note,
            entry.authority,
            entry.id,
        )
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[_anki_html(value) for value in values],
                guid=anki_guid(entry.id),
                tags=["tui-reader", *(_anki_tag(tag) for tag in entry.tags if tag.strip())],
            )
        )
    return _apkg_bytes(genanki.Package(deck), time.time())


def _apkg_bytes(package: Any, timestamp: float) -> bytes:
    """The .apkg as bytes. genanki's Package.write_to_file writes in place (not atomically)
    and leaves its temporary SQLite file in the system temp folder, so its collection is
    written here with Package.write_to_db into a folder that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="tui-reader-anki-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
        return buffer.getvalue()
