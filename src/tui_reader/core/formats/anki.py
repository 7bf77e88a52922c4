"""Anki: the glossary, or the words being learnt, as a package (.apkg) of notes with cards
both ways, each with the sentence it was met in when there is one."""

from __future__ import annotations

import html
import io
import itertools
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki  # type: ignore[import-untyped]

from tui_reader.core.glossary import Glossary
from tui_reader.core.statuses import LEARNING, Context, StatusStore, readings
from tui_reader.core.text import Text

ANKI_MODEL_ID = 1_461_318_202
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
    "Sentence",
    "Analysis",
    "Source",
)
_AR = '<div class="ar" dir="rtl" lang="ar">{{%s}}</div>'
_SENTENCE = (
    '{{#Sentence}}<div class="ar sentence" dir="rtl" lang="ar">{{Sentence}}</div>{{/Sentence}}'
)
_BACK_DETAILS = (
    '<div class="translit">{{Transliteration}}</div>'
    '<div class="pos">{{PartOfSpeech}}</div>'
    '{{#Analysis}}<div class="analysis" dir="auto">{{Analysis}}</div>{{/Analysis}}'
    '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'
    '{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}'
    '{{#Note}}<div class="note">{{Note}}</div>{{/Note}}'
)
_ANKI_TEMPLATES = [
    {
        "name": "Arabic → English",
        "qfmt": _AR % "Arabic" + _SENTENCE,
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
            + _SENTENCE
            + '{{#ArabicVariants}}<div class="ar variants" dir="rtl" lang="ar">'
            "{{ArabicVariants}}</div>{{/ArabicVariants}}" + _BACK_DETAILS
        ),
    },
]
_ANKI_CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: center; }
.ar { font-family: "Noto Naskh Arabic", "Amiri", "Scheherazade New", serif; font-size: 34px; }
.en { font-size: 26px; }
.variants, .translit, .pos, .analysis, .source { color: #777; font-size: 18px; }
.sentence { font-size: 24px; margin-top: 0.6em; }
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


ANKI_WORDS_DECK_ID = 1_870_554_261
ANKI_WORDS_DECK_NAME = "tui-reader::Arabic words I am learning"


def anki_word_guid(lemma_key: str) -> str:
    """A word note's GUID, from its lemma only, so that a re-export updates it."""
    return str(genanki.guid_for("tui-reader-word", lemma_key))


@dataclass(frozen=True)
class WordNote:
    """A word being learnt, as an Anki note: its lemma, meaning and analysis, and the
    sentence it was met in."""

    lemma_key: str
    lemma: str
    gloss: str
    analysis: str
    context: Context | None


def _sentence_html(context: Context | None) -> str:
    """The sentence in logical order (Anki shapes and orders it in the card's dir="rtl"
    element), the word in bold."""
    if context is None:
        return ""
    sentence = context.sentence
    before, word, after = (
        sentence[: context.start],
        sentence[context.start : context.end],
        sentence[context.end :],
    )
    return f"{_anki_html(before)}<b>{_anki_html(word)}</b>{_anki_html(after)}"


def _source(context: Context | None) -> str:
    return _anki_html(context.title or context.text_id) if context is not None else ""


def _model() -> Any:
    return genanki.Model(
        ANKI_MODEL_ID,
        "tui-reader glossary term (Arabic ↔ English)",
        fields=[{"name": name} for name in _ANKI_FIELDS],
        templates=_ANKI_TEMPLATES,
        css=_ANKI_CSS,
    )


def build_anki(
    glossary: Glossary,
    *,
    only: Iterable[str] | None = None,
    contexts: Mapping[str, tuple[Context, str]] | None = None,
) -> bytes:
    """The glossary as an Anki package (.apkg): one note per entry, two cards each
    (Arabic -> English, English -> Arabic), with the vocalized form, transliteration, part of
    speech, definition and note on the back. `only` keeps the entries of those ids;
    `contexts` gives an entry the sentence it was met in and how its word was read.

    The Arabic is stored in logical order, as in the glossary: Anki lays out right-to-left
    text itself (the cards mark it dir="rtl"). Deck and note type ids are fixed, note GUIDs
    come from the entry ids and the notes carry the export time, so re-importing a newer export
    updates the notes in place.
    """
    model = _model()
    deck = genanki.Deck(
        ANKI_DECK_ID,
        ANKI_DECK_NAME,
        description="Exported by tui-reader from its Arabic–English glossary.",
    )
    wanted = None if only is None else set(only)
    contexts = contexts or {}
    for entry in glossary.entries:
        if wanted is not None and entry.id not in wanted:
            continue
        context, analysis = contexts.get(entry.id, (None, ""))
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
                fields=[_anki_html(value) for value in values]
                + [_sentence_html(context), _anki_html(analysis), _source(context)],
                guid=anki_guid(entry.id),
                tags=["tui-reader", *(_anki_tag(tag) for tag in entry.tags if tag.strip())],
            )
        )
    return _apkg_bytes(genanki.Package(deck), time.time())


def build_words_anki(words: Iterable[WordNote]) -> bytes:
    """The words being learnt as an Anki package, in a deck of their own, with the glossary's
    note type: the lemma, its meaning, the sentence it was met in, the analysis of the word
    as it stood there, and the title of the text."""
    model = _model()
    deck = genanki.Deck(
        ANKI_WORDS_DECK_ID,
        ANKI_WORDS_DECK_NAME,
        description="Exported by tui-reader: the words you are learning, in their sentences.",
    )
    for word in words:
        values = (word.lemma, word.lemma, "", word.gloss, "", "", "", "", "", "", word.lemma_key)
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[_anki_html(value) for value in values]
                + [_sentence_html(word.context), _anki_html(word.analysis), _source(word.context)],
                guid=anki_word_guid(word.lemma_key),
                tags=["tui-reader", "learning"],
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


def learning_notes(store: StatusStore) -> list[WordNote]:
    """The words the learner is learning (levels 1 to 4), with the meaning and analysis of
    the reading each was met in."""
    notes = []
    for lemma_key, stored in sorted(store.with_status(*LEARNING)):
        context = stored.context
        found = readings(context.word if context is not None else stored.lemma)
        reading = next((r for r in found if r.key == lemma_key), None)
        gloss, analysis = (reading.gloss, reading.analysis) if reading else ("", "")
        notes.append(WordNote(lemma_key, stored.lemma, gloss, analysis, context))
    return notes


def term_contexts(
    glossary: Glossary, texts: Iterable[Text], wanted: Iterable[str]
) -> dict[str, tuple[Context, str]]:
    """The first sentence of `texts` each wanted entry occurs in, and how its first word was
    read there; the texts are read only until every entry is found."""
    missing = set(wanted)
    found: dict[str, tuple[Context, str]] = {}
    for text in texts:
        for segment in text:
            if not missing:
                return found
            for match in glossary.find(segment.ar):
                entry_id = match.entry.id
                if entry_id in missing:
                    missing.discard(entry_id)
                    word = segment.ar[match.start : match.end]
                    context = Context(text.id, text.title_en, segment.ar, match.start, match.end)
                    found[entry_id] = (context, match.analysis.describe(word))
    return found
