"""Notes anchored to passages, and the store that keeps them.

A note's anchor holds the segment id, the offsets, the quoted passage and a little context on
each side, so that when the text is edited (words inserted before it, a segment split) the note
re-attaches to the same words; when they are gone it is shown as orphaned with its quote, never
dropped.

Notes live in the user's data folder, one file per text, as JSON Lines: a header line, then one
note per line in id order. Ids are random, so two people adding notes rarely touch the same
lines and git merges their files. Every save is atomic, and merges with what another window
saved since this one read the file, under a lock.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui_reader.core.errors import TuiReaderError
from tui_reader.core.storage import (
    NOTES_BYTES,
    file_for_id,
    locked,
    parse_json,
    read_user_text,
    reread_for_merge,
    write_user_data,
)
from tui_reader.core.text import Segment, Text
from tui_reader.paths import data_dir

VERSION = 1
CATEGORIES = ("query", "terminology", "source error", "style", "comment")
CONTEXT = 24
"""Characters of context kept on each side of a quote, to find it again."""
PANES = ("ar", "en")


class NotesError(TuiReaderError):
    """A notes file that cannot be read; the message says which and where."""


@dataclass(frozen=True)
class Anchor:
    segment_id: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    pane: str = "ar"
    """"ar" or "en": which side of the segment the offsets are in."""

    @classmethod
    def make(cls, segment: Segment, start: int, end: int, pane: str = "ar") -> Anchor:
        source = segment.ar if pane == "ar" else segment.en
        return cls(
            segment_id=segment.id,
            start=start,
            end=end,
            quote=source[start:end],
            prefix=source[max(0, start - CONTEXT) : start],
            suffix=source[end : end + CONTEXT],
            pane=pane,
        )

    def whole_segment(self, segment: Segment) -> bool:
        source = segment.ar if self.pane == "ar" else segment.en
        return self.start == 0 and self.end == len(source)


@dataclass(frozen=True)
class Note:
    id: str
    anchor: Anchor
    body: str
    category: str = "comment"
    tags: tuple[str, ...] = ()
    created: str = ""
    modified: str = ""

    def record(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Note:
        fields = data["anchor"]
        if not isinstance(fields, dict):
            raise ValueError("'anchor' must be an object")
        # Named here, escaped: Anchor(**fields) would put an unknown name in its message raw.
        unknown = sorted(set(fields) - {f.name for f in dataclass_fields(Anchor)})
        if unknown:
            raise ValueError(f"anchor has no field {unknown[0]!r}")
        for name in ("start", "end"):
            if not isinstance(fields.get(name), int) or isinstance(fields.get(name), bool):
                raise ValueError(f"anchor '{name}' must be a whole number")
        for name in ("segment_id", "quote", "prefix", "suffix", "pane"):
            if name in fields and not isinstance(fields[name], str):
                raise ValueError(f"anchor '{name}' must be text")
        anchor = Anchor(**fields)
        if anchor.pane not in PANES:
            raise ValueError(f"pane {anchor.pane!r} is not ar or en")
        category = data.get("category", "comment")
        if category not in CATEGORIES:
            raise ValueError(f"category {category!r} is not one of: {', '.join(CATEGORIES)}")
        tags = data.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise ValueError("'tags' must be a list of text")
        fields = {name: data.get(name, "") for name in ("id", "body", "created", "modified")}
        if not all(isinstance(value, str) for value in fields.values()) or not fields["id"]:
            raise ValueError("'id', 'body', 'created' and 'modified' must be text")
        return cls(anchor=anchor, category=category, tags=tuple(tags), **fields)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_note(
    anchor: Anchor, body: str, category: str = "comment", tags: Iterable[str] = ()
) -> Note:
    if category not in CATEGORIES:
        raise ValueError(f"category '{category}' is not one of: {', '.join(CATEGORIES)}")
    stamp = now()
    clean = tuple(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))
    return Note(secrets.token_hex(6), anchor, body, category, clean, stamp, stamp)


def edited(note: Note, body: str, category: str, tags: Iterable[str]) -> Note:
    clean = tuple(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))
    return replace(note, body=body, category=category, tags=clean, modified=now())


# Anchors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """A note where it stands in the text now; `segment_index` None means orphaned."""

    note: Note
    segment_index: int | None
    start: int
    end: int

    @property
    def orphaned(self) -> bool:
        return self.segment_index is None


def _context_score(source: str, start: int, end: int, anchor: Anchor) -> int:
    before = source[max(0, start - len(anchor.prefix)) : start]
    after = source[end : end + len(anchor.suffix)]
    score = 0
    for mine, theirs in ((before[::-1], anchor.prefix[::-1]), (after, anchor.suffix)):
        for a, b in zip(mine, theirs, strict=False):
            if a != b:
                break
            score += 1
    return score


def _occurrences(source: str, quote: str) -> Iterator[int]:
    position = source.find(quote)
    while position != -1:
        yield position
        position = source.find(quote, position + 1)


def place(note: Note, text: Text) -> Placed:
    """Where a note's passage stands in this version of the text."""
    anchor = note.anchor
    ids = [segment.id for segment in text]

    def source(index: int) -> str:
        segment = text.segments[index]
        return segment.ar if anchor.pane == "ar" else segment.en

    home = ids.index(anchor.segment_id) if anchor.segment_id in ids else None
    if home is not None and source(home)[anchor.start : anchor.end] == anchor.quote:
        return Placed(note, home, anchor.start, anchor.end)
    if not anchor.quote:
        return Placed(note, home, 0, 0) if home is not None else Placed(note, None, 0, 0)
    best: tuple[int, int, int, int] | None = None
    order = ([home] if home is not None else []) + [i for i in range(len(ids)) if i != home]
    for index in order:
        for start in _occurrences(source(index), anchor.quote):
            end = start + len(anchor.quote)
            score = _context_score(source(index), start, end, anchor)
            # Prefer the home segment, then the best context, then the nearest position.
            rank = (score + (1000 if index == home else 0), -abs(start - anchor.start))
            if best is None or rank > (best[0], best[1]):
                best = (rank[0], rank[1], index, start)
    if best is None:
        return Placed(note, None, 0, 0)
    _, _, index, start = best
    return Placed(note, index, start, start + len(anchor.quote))


# The store ----------------------------------------------------------------------------------


def notes_dir() -> Path:
    return data_dir() / "notes"


def notes_path(text_id: str) -> Path:
    """Raises UnsafeId (a ValueError) for what is not a text id."""
    return file_for_id(notes_dir(), text_id, ".jsonl")


def parse_notes(content: str, path: Path) -> dict[str, Note]:
    return _parse_notes(content, path)[0]


def _parse_notes(content: str, path: Path) -> tuple[dict[str, Note], list[int]]:
    """The notes, and the lines of those given a new id because an earlier line has theirs (a
    git merge that kept both sides). The new id is made from the line, so that every reading
    of the same file gives the same one."""
    notes: dict[str, Note] = {}
    renamed: list[int] = []
    lines = content.splitlines()
    if not lines:
        return notes, renamed
    try:
        header = parse_json(lines[0])
    except ValueError as error:
        raise NotesError(f"{path}:1: not a notes file ({error})") from None
    if not isinstance(header, dict) or header.get("version") != VERSION:
        raise NotesError(f"{path}:1: not a notes file of version {VERSION}")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            note = Note.from_record(parse_json(line))
        except (ValueError, TypeError, KeyError) as error:
            raise NotesError(f"{path}:{number}: a damaged note ({error})") from None
        if note.id in notes:
            if notes[note.id] == note:
                continue  # the same note twice: one copy loses nothing
            seed = line.encode("utf-8")
            while note.id in notes:
                seed = hashlib.sha256(seed).digest()
                note = replace(note, id=seed.hex()[:12])
            renamed.append(number)
        notes[note.id] = note
    return notes, renamed


def _conflict_copy(note: Note) -> Note:
    """Another window's version of a note this one changed too: kept beside it, flagged."""
    tags = tuple(dict.fromkeys((*note.tags, "conflict")))
    return replace(note, id=secrets.token_hex(6), tags=tags)


def dump_notes(text_id: str, notes: Iterable[Note]) -> str:
    header = json.dumps({"version": VERSION, "text": text_id}, ensure_ascii=False)
    lines = [header]
    for note in sorted(notes, key=lambda note: note.id):
        lines.append(json.dumps(note.record(), ensure_ascii=False, sort_keys=True))
    return "\n".join(lines) + "\n"


@dataclass
class NoteStore:
    """The notes of one text: what was read, what this window changed, and saving by merge."""

    text_id: str
    path: Path
    notes: dict[str, Note] = field(default_factory=dict)
    _base: dict[str, Note] = field(default_factory=dict)
    damaged: str = ""
    """Why the file on disk could not be read; it is set aside, untouched, on the next save."""
    repaired: str = ""
    """What was put right in reading the file (notes sharing an id were each given their own),
    for the reader and the command line to say; the file changes on the next save."""

    @classmethod
    def open(cls, text_id: str, path: Path | None = None) -> NoteStore:
        """Raises UnsafeId (a ValueError) for what is not a text id."""
        store = cls(text_id, path or notes_path(text_id))
        content, store.damaged = read_user_text(store.path, NOTES_BYTES)
        if content is None:
            return store
        try:
            store.notes, renamed = _parse_notes(content, store.path)
        except NotesError as error:
            store.damaged = str(error)
            return store
        if renamed:
            lines = ", ".join(map(str, renamed))
            store.repaired = (
                f"{store.path}: {len(renamed)} note{'s' if len(renamed) > 1 else ''} had the id "
                f"of an earlier one (line {lines}): each is kept, with an id of its own"
            )
        store._base = dict(store.notes)
        return store

    def __iter__(self) -> Iterator[Note]:
        return iter(sorted(self.notes.values(), key=lambda note: note.created))

    def __len__(self) -> int:
        return len(self.notes)

    def put(self, note: Note) -> None:
        self.notes[note.id] = note

    def delete(self, note_id: str) -> None:
        self.notes.pop(note_id, None)

    def save(self) -> Path | None:
        """Write this window's changes over what is on disk now. Returns where a damaged file
        was set aside, if it was. Raises OSError when the folder cannot be written."""
        with locked(self.path):
            content, kept = reread_for_merge(self.path, NOTES_BYTES, bool(self.damaged))
            self.damaged = ""
            try:
                disk = parse_notes(content.decode("utf-8"), self.path)
            except UnicodeDecodeError as error:
                raise NotesError(f"{self.path}: not UTF-8 text ({error.reason})") from None
            merged = dict(disk)
            for note_id, note in self.notes.items():
                base = self._base.get(note_id)
                if note == base:
                    continue
                theirs = disk.get(note_id)
                if base is not None and theirs is not None and theirs != base:
                    # Both windows changed this note: keep theirs as a copy, flagged.
                    copy = _conflict_copy(theirs)
                    merged[copy.id] = copy
                merged[note_id] = note
            for note_id in self._base.keys() - self.notes.keys():
                theirs = merged.pop(note_id, None)
                if theirs is not None and theirs != self._base[note_id]:
                    # Deleted here, changed in another window since: their edit is kept.
                    copy = _conflict_copy(theirs)
                    merged[copy.id] = copy
            data = dump_notes(self.text_id, merged.values()).encode("utf-8")
            write_user_data(self.path, data)
        self.notes = dict(merged)
        self._base = dict(merged)
        self.repaired = ""
        return kept

    def placed(self, text: Text) -> list[Placed]:
        return [place(note, text) for note in self]


# Taking notes out -------------------------------------------------------------------------

# W3C Web Annotation motivations for our categories.
MOTIVATIONS = {
    "query": "questioning",
    "terminology": "commenting",
    "source error": "editing",
    "style": "assessing",
    "comment": "commenting",
}


def segment_uri(text: Text, segment_id: str, pane: str) -> str:
    return f"urn:tui-reader:text:{text.id}:segment:{segment_id}:{pane}"


def w3c_time(stamp: str) -> str:
    """A note's time as the Web Annotation model requires it: xsd:dateTime in UTC with a
    final "Z" (notes keep Python's "+00:00"); "" when the note has none or it is not a time."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


CREATOR = {"type": "Software", "name": "tui-reader"}
"""Who made the annotations: notes keep no author, and the one agent known to have recorded
every one of them is the program."""


def export_web_annotation(text: Text, store: NoteStore) -> dict[str, Any]:
    """An AnnotationCollection (W3C Web Annotation Data Model) with one AnnotationPage: each
    note is an Annotation whose target is a SpecificResource of its segment's Arabic or
    English (the source says which language), with a TextQuoteSelector and a
    TextPositionSelector (offsets in code points into that segment, as placed now)."""
    collection_id = f"urn:tui-reader:notes:{text.id}"
    items = []
    for placed in store.placed(text):
        note = placed.note
        anchor = note.anchor
        segment_id = (
            text.segments[placed.segment_index].id
            if placed.segment_index is not None
            else anchor.segment_id
        )
        selectors: list[dict[str, Any]] = [
            {
                "type": "TextQuoteSelector",
                "exact": anchor.quote,
                "prefix": anchor.prefix,
                "suffix": anchor.suffix,
            }
        ]
        if not placed.orphaned:
            selectors.append(
                {"type": "TextPositionSelector", "start": placed.start, "end": placed.end}
            )
        bodies: list[dict[str, Any]] = [
            {
                "type": "TextualBody",
                "value": note.body,
                "format": "text/plain",
                "purpose": MOTIVATIONS[note.category],
            },
            {"type": "TextualBody", "value": note.category, "purpose": "classifying"},
        ]
        bodies += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in note.tags]
        annotation: dict[str, Any] = {
            "id": f"urn:tui-reader:note:{note.id}",
            "type": "Annotation",
            "motivation": MOTIVATIONS[note.category],
            "creator": CREATOR,
        }
        for name, stamp in (("created", note.created), ("modified", note.modified)):
            if w3c_time(stamp):
                annotation[name] = w3c_time(stamp)
        annotation["body"] = bodies
        annotation["target"] = {
            "type": "SpecificResource",
            "source": {
                "id": segment_uri(text, segment_id, anchor.pane),
                "type": "Text",
                "format": "text/plain",
                "language": anchor.pane,
            },
            "selector": selectors,
        }
        items.append(annotation)
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Notes on {text.title_en or text.id}",
        "total": len(items),
        "first": {
            "id": f"{collection_id}:page:0",
            "type": "AnnotationPage",
            "partOf": {"id": collection_id, "total": len(items)},
            "startIndex": 0,
            "items": items,
        },
    }


def _quote_block(value: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in value.splitlines() or [""])


def export_markdown(text: Text, store: NoteStore) -> str:
    """Notes for people: each with its passage, the other language of its segment, category,
    tags and body, in text order; orphaned notes (passage gone) at the end with their quote."""
    placed = store.placed(text)
    located = sorted(
        (p for p in placed if not p.orphaned), key=lambda p: (p.segment_index, p.start)
    )
    orphans = [p for p in placed if p.orphaned]
    out = [f"# Notes on {text.title_en or text.id}", ""]
    if text.title_ar:
        out += [f"{text.title_ar}", ""]
    out += [f"Text `{text.id}`, {len(placed)} note{'s' if len(placed) != 1 else ''}.", ""]
    for number, item in enumerate([*located, *orphans], start=1):
        note = item.note
        if item.segment_index is None:
            heading = (
                f"## {number}. {note.category} (orphaned: the passage is no longer in the text)"
            )
            passage, other = note.anchor.quote, ""
        else:
            segment = text.segments[item.segment_index]
            heading = f"## {number}. {note.category}, segment {segment.id}"
            source = segment.ar if note.anchor.pane == "ar" else segment.en
            passage = source[item.start : item.end]
            other = segment.en if note.anchor.pane == "ar" else segment.ar
        out += [heading, ""]
        label = "Arabic passage" if note.anchor.pane == "ar" else "English passage"
        out += [f"{label}:", "", _quote_block(passage), ""]
        # Both languages for every note: the segment's other side, whichever pane it is on.
        if other:
            language = "English" if note.anchor.pane == "ar" else "Arabic"
            out += [f"{language} of the segment:", "", _quote_block(other), ""]
        if note.tags:
            out += ["Tags: " + ", ".join(f"`{tag}`" for tag in note.tags), ""]
        out += [note.body.rstrip(), "", f"<small>{note.id} · {note.modified}</small>", ""]
    return "\n".join(out).rstrip() + "\n"


def export_notes(text: Text, store: NoteStore, form: str) -> str:
    """The notes as Markdown ("md") or as Web Annotation JSON ("json")."""
    if form == "md":
        return export_markdown(text, store)
    document = export_web_annotation(text, store)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
