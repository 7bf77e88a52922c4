"""The translator's drafts: your English of each segment, kept apart from the text.

A text's own English (the *reference*) is never changed: drafts live in the user's data folder,
one JSON file per text (`drafts/ID.json`), with the QA issues the translator chose to ignore
(for the draft and for the reference, by segment and issue key). Every save is atomic and
merges with what another window saved since this one read the file, under a lock, as notes do.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui_reader.core.errors import TuiReaderError
from tui_reader.core.storage import (
    MB,
    file_for_id,
    locked,
    parse_json,
    read_user_text,
    reread_for_merge,
    write_user_data,
)
from tui_reader.paths import data_dir

VERSION = 1
DRAFTS_BYTES = 64 * MB
"""The largest drafts file read: a book's English many times over."""
TARGETS = ("draft", "reference")
"""What the checks read: your draft, or the text's own English."""


_WORD = re.compile(r"\S+\s*|\s+")


class DraftsError(TuiReaderError):
    """A drafts file that cannot be read or written; the message says which and why."""


@dataclass(frozen=True)
class Draft:
    text: str
    modified: str = ""

    def record(self) -> dict[str, str]:
        return {"text": self.text, "modified": self.modified}


def drafts_dir() -> Path:
    return data_dir() / "drafts"


def drafts_path(text_id: str) -> Path:
    """Raises UnsafeId (a ValueError) for what is not a text id."""
    return file_for_id(drafts_dir(), text_id, ".json")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_Ignored = dict[str, dict[str, frozenset[str]]]
"""target -> segment id -> issue keys."""


def _parse(content: str, path: Path) -> tuple[dict[str, Draft], _Ignored, dict[str, list[str]]]:
    """Drafts, ignored issues and conflict copies of a drafts file (an empty one has none)."""
    ignored: _Ignored = {target: {} for target in TARGETS}
    if not content.strip():
        return {}, ignored, {}
    try:
        document = parse_json(content)
    except ValueError as error:
        raise DraftsError(f"{path}: not a drafts file ({error})") from None
    if not isinstance(document, dict) or document.get("version") != VERSION:
        raise DraftsError(f"{path}: not a drafts file of version {VERSION}")
    drafts: dict[str, Draft] = {}
    raw = document.get("drafts", {})
    if not isinstance(raw, dict):
        raise DraftsError(f"{path}: 'drafts' must be an object")
    for segment_id, value in raw.items():
        if (
            not isinstance(value, dict)
            or not isinstance(value.get("text"), str)
            or not isinstance(value.get("modified", ""), str)
        ):
            raise DraftsError(f"{path}: the draft of segment {segment_id!r} is damaged")
        drafts[segment_id] = Draft(value["text"], value.get("modified", ""))
    raw_ignored = document.get("ignored", {})
    if not isinstance(raw_ignored, dict):
        raise DraftsError(f"{path}: 'ignored' must be an object")
    for target, segments in raw_ignored.items():
        if target not in TARGETS:
            raise DraftsError(f"{path}: ignored issues of {target!r}, not draft or reference")
        if not isinstance(segments, dict) or not all(
            isinstance(keys, list) and all(isinstance(key, str) for key in keys)
            for keys in segments.values()
        ):
            raise DraftsError(f"{path}: the ignored issues of the {target} are damaged")
        ignored[target] = {segment: frozenset(keys) for segment, keys in segments.items() if keys}
    conflicts = document.get("conflicts", {})
    if not isinstance(conflicts, dict) or not all(
        isinstance(texts, list) and all(isinstance(text, str) for text in texts)
        for texts in conflicts.values()
    ):
        raise DraftsError(f"{path}: 'conflicts' must map segments to lists of text")
    return drafts, ignored, dict(conflicts)


def _dump(
    text_id: str, drafts: Mapping[str, Draft], ignored: _Ignored, conflicts: Mapping[str, list[str]]
) -> bytes:
    document: dict[str, Any] = {
        "version": VERSION,
        "text": text_id,
        "drafts": {segment: draft.record() for segment, draft in drafts.items()},
        "ignored": {
            target: {segment: sorted(keys) for segment, keys in ignored[target].items() if keys}
            for target in TARGETS
        },
    }
    if conflicts:
        document["conflicts"] = {segment: list(texts) for segment, texts in conflicts.items()}
    content = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return content.encode("utf-8")


@dataclass
class DraftStore:
    """The drafts of one text: what was read, what this window changed, and saving by merge.

    For the exports: `DraftStore.open(text_id).get(segment_id)` is the draft of a segment
    ("" when there is none)."""

    text_id: str
    path: Path
    drafts: dict[str, Draft] = field(default_factory=dict)
    ignored: _Ignored = field(default_factory=lambda: {target: {} for target in TARGETS})
    conflicts: dict[str, list[str]] = field(default_factory=dict)
    """Another window's draft of a segment this one changed too: kept, never lost."""
    damaged: str = ""
    """Why the file on disk could not be read; it is set aside, untouched, on the next save."""
    _base: dict[str, Draft] = field(default_factory=dict)
    _base_ignored: _Ignored = field(default_factory=lambda: {target: {} for target in TARGETS})

    @classmethod
    def open(cls, text_id: str, path: Path | None = None) -> DraftStore:
        """Raises UnsafeId (a ValueError) for what is not a text id."""
        store = cls(text_id, path or drafts_path(text_id))
        content, store.damaged = read_user_text(store.path, DRAFTS_BYTES)
        if content is None:
            return store
        try:
            store.drafts, store.ignored, store.conflicts = _parse(content, store.path)
        except DraftsError as error:
            store.damaged = str(error)
            return store
        store._base = dict(store.drafts)
        store._base_ignored = {target: dict(store.ignored[target]) for target in TARGETS}
        return store

    def __len__(self) -> int:
        return len(self.drafts)

    def __iter__(self) -> Iterator[str]:
        return iter(self.drafts)

    def get(self, segment_id: str) -> str:
        """The draft of a segment, "" when there is none."""
        draft = self.drafts.get(segment_id)
        return draft.text if draft is not None else ""

    def texts(self) -> dict[str, str]:
        """Segment id -> draft, for the exports."""
        return {segment_id: draft.text for segment_id, draft in self.drafts.items()}

    def put(self, segment_id: str, text: str) -> None:
        """Set a segment's draft; an empty (or blank) one removes it."""
        if not text.strip():
            self.drafts.pop(segment_id, None)
        elif self.get(segment_id) != text:
            self.drafts[segment_id] = Draft(text, _now())

    def drafted(self, segment_ids: Iterable[str]) -> int:
        """How many of these segments have a draft."""
        return sum(1 for segment_id in segment_ids if segment_id in self.drafts)

    def ignored_keys(self, target: str) -> dict[str, frozenset[str]]:
        """Segment id -> keys of the issues ignored for `target` ("draft" or "reference")."""
        return self.ignored[target]

    def ignore(self, target: str, segment_id: str, key: str, *, on: bool = True) -> None:
        keys = set(self.ignored[target].get(segment_id, frozenset()))
        if on:
            keys.add(key)
        else:
            keys.discard(key)
        if keys:
            self.ignored[target][segment_id] = frozenset(keys)
        else:
            self.ignored[target].pop(segment_id, None)

    def save(self) -> Path | None:
        """Write this window's changes over what is on disk now. Returns where a damaged file
        was set aside, if it was. Raises OSError when the folder cannot be written, and
        DraftsError when the file became unreadable since it was opened."""
        with locked(self.path):
            content, kept = reread_for_merge(self.path, DRAFTS_BYTES, bool(self.damaged))
            self.damaged = ""
            try:
                disk, disk_ignored, conflicts = _parse(content.decode("utf-8"), self.path)
            except UnicodeDecodeError as error:
                raise DraftsError(f"{self.path}: not UTF-8 text ({error.reason})") from None
            merged = dict(disk)
            for segment_id in self.drafts.keys() | self._base.keys():
                mine, base = self.drafts.get(segment_id), self._base.get(segment_id)
                if mine == base:
                    continue
                theirs = disk.get(segment_id)
                if (
                    theirs != base
                    and theirs is not None
                    and theirs.text != getattr(mine, "text", "")
                ):
                    # Both windows changed this draft: this one's wins, theirs is kept.
                    copies = conflicts.setdefault(segment_id, [])
                    if theirs.text not in copies:
                        copies.append(theirs.text)
                if mine is None:
                    merged.pop(segment_id, None)
                else:
                    merged[segment_id] = mine
            for target in TARGETS:
                mine_keys, base_keys = self.ignored[target], self._base_ignored[target]
                result = dict(disk_ignored[target])
                for segment_id in mine_keys.keys() | base_keys.keys():
                    added = mine_keys.get(segment_id, frozenset()) - base_keys.get(
                        segment_id, frozenset()
                    )
                    removed = base_keys.get(segment_id, frozenset()) - mine_keys.get(
                        segment_id, frozenset()
                    )
                    keys = (result.get(segment_id, frozenset()) | added) - removed
                    if keys:
                        result[segment_id] = keys
                    else:
                        result.pop(segment_id, None)
                disk_ignored[target] = result
            write_user_data(self.path, _dump(self.text_id, merged, disk_ignored, conflicts))
        self.drafts, self._base = dict(merged), dict(merged)
        self.ignored = disk_ignored
        self._base_ignored = {target: dict(disk_ignored[target]) for target in TARGETS}
        self.conflicts = conflicts
        return kept


def word_diff(reference: str, draft: str) -> list[tuple[str, str]]:
    """The draft against the reference, word by word, for study: ("equal" | "delete" |
    "insert", words) pieces in order, the reference's words deleted and the draft's inserted.
    Each word keeps the space after it, and a piece that ends its text gets one before the
    next piece, so the pieces joined read as words."""
    before, after = _WORD.findall(reference), _WORD.findall(draft)
    # Compared without the spaces after them: a word at the end of a line is the same word.
    matcher = difflib.SequenceMatcher(
        None, [word.strip() for word in before], [word.strip() for word in after], autojunk=False
    )
    pieces: list[tuple[str, str]] = []
    for operation, start, end, other_start, other_end in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(("equal", "".join(after[other_start:other_end])))
            continue
        if start < end:
            pieces.append(("delete", "".join(before[start:end])))
        if other_start < other_end:
            pieces.append(("insert", "".join(after[other_start:other_end])))
    # A piece that ends its text without a space ("terrorism." deleted before "fight.") must
    # not run into the next one on screen.
    return [
        (kind, words if number == len(pieces) - 1 or words[-1:].isspace() else words + " ")
        for number, (kind, words) in enumerate(pieces)
    ]
