"""The texts a user can open: the bundled ones, the user's own, or any file named."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.core import cache
from tui_reader.core.storage import (
    UnsafeId,
    file_for_id,
    read_user_data,
    set_aside,
    write_bytes_atomic,
)
from tui_reader.core.text import (
    MAX_TEXT_FILE_BYTES,
    TEXT_SUFFIXES,
    Segment,
    Text,
    TextError,
    decode_utf8,
    from_record,
    id_from_name,
    read_limited,
    to_record,
)
from tui_reader.paths import bundled_texts_dir, user_texts_dir

if TYPE_CHECKING:
    # Imported where it is needed: `render` of a text never imports search.
    from tui_reader.core.search import TextIndex

DEFAULT_TEXT_ID = "dushanbe-2019"


def load_text(path: Path) -> Text:
    """A text file, read through the parsed copy kept in the cache folder (`core.cache`) when
    there is one for these very bytes, and kept there after a clean parse."""
    return text_from_bytes(read_limited(path), path)


def text_from_bytes(data: bytes, path: Path, key: cache.Key | None = None) -> Text:
    """The text a file's bytes hold (`path` names it), through the parsed copy as `load_text`
    reads it: for a reader that needs the very bytes it parsed (the search index keeps their
    digest). `key`: the bytes' cache key, when the caller has it."""
    key = key or cache.Key.of(data)
    cached = from_record(cache.load("text", key), path)
    if cached is not None:
        return cached
    # Here, not at the top: `render` of a plain file never imports PyYAML.
    from tui_reader.core.text_yaml import parse_text

    text, clean = parse_text(data, path)
    if clean:
        cache.store("text", key, to_record(text))
    return text


def load_for_search(path: Path) -> TextIndex:
    """The search index of a text file: the one kept in the cache folder for these very bytes
    (reading it back is several times faster than loading the text, and folding a book takes
    longer still), else the text loaded and folded now, and its index kept there."""
    from tui_reader.core.search import TextIndex

    data = read_limited(path)
    key = cache.Key.of(data)
    kept = cache.load_bytes("search", key)
    if kept is not None:
        index = TextIndex.load(kept, cache.folding())
        if index is not None:
            return index
    index = TextIndex.build(text_from_bytes(data, path, key))
    _keep_index(key, index)
    return index


def _keep_index(key: cache.Key, index: TextIndex) -> None:
    if key.kept:
        cache.store_bytes("search", key, index.dump(cache.folding()))
        # What earlier builds kept in its place: a folded copy, read with the text beside it.
        cache.forget("folded", key)


def save_text(text: Text, path: Path) -> None:
    from tui_reader.core.text_yaml import dump_text

    content = dump_text(text).encode("utf-8")
    write_bytes_atomic(path, content)
    # Its first opening (right after an import) then reads the parsed copy, not the YAML, and
    # its first search the index.
    key = cache.Key.of(content)
    cache.store("text", key, to_record(text))
    if key.kept:
        from tui_reader.core.search import TextIndex

        _keep_index(key, TextIndex.build(text))
    _keep_glossary()


def _keep_glossary() -> None:
    """Read the glossaries as an opening does, so that their parsed copies are kept: the
    first opening after a first import would otherwise parse them, a third of its time. A
    glossary with problems is left for the opening to report."""
    from tui_reader.core.glossary import GlossaryError
    from tui_reader.core.glossary_cache import load_with_user
    from tui_reader.paths import bundled_glossary_path, user_glossary_path

    with contextlib.suppress(GlossaryError):
        load_with_user(bundled_glossary_path(), user_glossary_path())


@dataclass(frozen=True)
class LibraryFile:
    id: str
    path: Path
    bundled: bool


def entries() -> list[LibraryFile]:
    """Every text on the shelf, bundled first; a user text with a bundled text's id is hidden."""
    found: dict[str, LibraryFile] = {}
    for folder, bundled in ((bundled_texts_dir(), True), (user_texts_dir(), False)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in TEXT_SUFFIXES and path.stem not in found:
                found[path.stem] = LibraryFile(path.stem, path, bundled)
    return list(found.values())


def load_all() -> list[Text]:
    """Every text on the shelf that can be read; a broken one is left out here (opening it
    says what is wrong)."""
    texts = []
    for entry in entries():
        try:
            texts.append(load_text(entry.path))
        except TextError:
            continue
    return texts


def text_from_plain(content: str, text_id: str, path: Path | None = None) -> Text:
    """A plain text as a text of its own, one segment per line, with no English yet."""
    if "\r" in content:
        pieces = re.split(r"(\r\n|\n|\r)", content)
        lines, newlines = pieces[0::2], pieces[1::2]
    else:
        # Split at C speed: the expression above scans a book letter by letter.
        lines = content.split("\n")
        newlines = ["\n"] * (len(lines) - 1)
    segments: list[Segment] = []
    before = ""
    for line, newline in zip_longest(lines, newlines, fillvalue=""):
        if line.strip():
            segments.append(Segment(id=f"s{len(segments) + 1}", ar=line, before=before))
            before = newline
        else:
            before += line + newline
    if not segments:
        raise TextError(f"{path or text_id}: the text is empty")
    return Text(
        id=text_id,
        title_ar=segments[0].ar.strip()[:80],
        title_en=path.name if path else text_id,
        segments=tuple(segments),
        after=before,
        path=path,
    )


def open_text(reference: str) -> Text:
    """A text by id, or by path to a text file (.yaml) or a plain UTF-8 file."""
    found = _find(reference)
    return load_text(found) if isinstance(found, Path) else found


def open_for_search(reference: str) -> TextIndex:
    """The search index of the text `open_text` opens (see `load_for_search`)."""
    from tui_reader.core.search import TextIndex

    found = _find(reference)
    if isinstance(found, Path):
        return load_for_search(found)
    return TextIndex.of(found)


def _find(reference: str) -> Path | Text:
    """The text file a reference names, or the text of the plain file it names."""
    path = Path(reference).expanduser()
    looks_like_a_path = path.suffix in TEXT_SUFFIXES or "/" in reference or "\\" in reference
    if not looks_like_a_path:
        # An id: the library first, so a file of that name here does not stand in for it.
        for entry in entries():
            if entry.id == reference:
                return entry.path
    if looks_like_a_path or path.exists():
        if path.suffix in TEXT_SUFFIXES:
            return path
        content = decode_utf8(read_limited(path), path)
        # Positions and notes are kept by text id: two files called notes.txt must not share,
        # and the id names the notes file, so it is made of what an id may hold.
        digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
        return text_from_plain(content, f"{id_from_name(path.stem) or 'text'}-{digest}", path)
    known = ", ".join(entry.id for entry in entries()) or "none"
    raise TextError(f"{reference}: no such text or file (texts: {known})")


@dataclass(frozen=True)
class Summary:
    """A line of the library: what the text is, how far the reader got, how many notes."""

    id: str
    title_ar: str
    title_en: str
    segments: int
    bundled: bool
    position: int | None
    """Index of the remembered segment; None when never opened."""
    notes: int
    path: Path

    @property
    def progress(self) -> int:
        """Percent read, by segment."""
        if self.position is None or not self.segments:
            return 0
        return round(100 * (self.position + 1) / self.segments)


def summaries() -> list[Summary]:
    """Every readable text of the library, bundled first."""
    from tui_reader.core.notes import NoteStore
    from tui_reader.core.positions import load_positions

    positions = load_positions()
    found = []
    for entry in entries():
        try:
            text = load_text(entry.path)
        except TextError:
            continue
        try:
            notes = len(NoteStore.open(text.id))
        except UnsafeId:
            continue  # a text whose id could name a file elsewhere is left out, as broken
        segment_id = positions.get(text.id)
        position: int | None = None
        if segment_id is not None:
            try:
                position = text.index_of(segment_id)
            except KeyError:
                position = 0
        found.append(
            Summary(
                entry.id,
                text.title_ar,
                text.title_en,
                len(text),
                entry.bundled,
                position,
                notes,
                entry.path,
            )
        )
    return found


def add_text(text: Text, *, replace: bool = False) -> Path:
    """Store an imported text in the user's library. Refuses an id that a bundled text has,
    and one a user text has unless `replace`."""
    for entry in entries():
        if entry.id != text.id:
            continue
        if entry.bundled:
            raise TextError(f"'{text.id}' is a bundled text's id: choose another with --id")
        if not replace:
            raise TextError(
                f"there is already a text '{text.id}' ({entry.path}): choose another --id, "
                "or --replace it"
            )
    try:
        path = file_for_id(user_texts_dir(), text.id, ".yaml")
    except UnsafeId as error:
        raise TextError(str(error)) from None
    save_text(text, path)
    from tui_reader.core.text_index import index_saved

    # Indexed now, so that the first search of every text does not parse it.
    index_saved(path, text)
    return path


def delete_text(text_id: str) -> list[Path]:
    """Remove a user text from the library. Its notes and drafts are not lost: their files
    are renamed aside (returned), to be found again or restored by renaming them back, and a
    text imported later under the same id starts without them."""
    from tui_reader.core.drafts import drafts_path
    from tui_reader.core.notes import notes_path

    entry = next((e for e in entries() if e.id == text_id), None)
    if entry is None:
        raise TextError(f"{text_id}: no such text")
    if entry.bundled:
        raise TextError(f"{text_id}: a bundled text cannot be deleted")
    kept: list[Path] = []
    for path_of in (notes_path, drafts_path):
        try:
            path = path_of(text_id)
        except UnsafeId:
            continue  # a file named so was never a text's id: nothing was kept under it
        if os.path.lexists(path):
            kept.append(set_aside(path, "deleted"))
    # Bounded, and never from a pipe or through a link: the cache is only an optimization.
    with contextlib.suppress(OSError):
        data = read_user_data(entry.path, MAX_TEXT_FILE_BYTES)
        key = cache.Key.of(data)
        # Read before its parsed copy goes: its words are kept under its Arabic.
        with contextlib.suppress(TextError):
            from tui_reader.core.statuses import forget_text_words

            forget_text_words([segment.ar for segment in text_from_bytes(data, entry.path, key)])
        cache.forget("text", key)
        cache.forget("search", key, ".bin")
    entry.path.unlink()
    from tui_reader.core.text_index import forget_deleted

    forget_deleted(entry.path)
    return kept
