"""Where the reader was in each text, kept across runs in the user's data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_reader.core.storage import (
    POSITIONS_BYTES,
    RefusedFile,
    locked,
    parse_json,
    read_user_data,
    set_aside,
    write_json,
)
from tui_reader.paths import data_dir

VERSION = 1


def positions_path() -> Path:
    return data_dir() / "positions.json"


def _document(path: Path) -> Any:
    """The file's JSON; OSError or ValueError when there is none or it cannot be read."""
    return parse_json(read_user_data(path, POSITIONS_BYTES).decode("utf-8"))


def _positions(document: Any) -> dict[str, str]:
    if not isinstance(document, dict) or document.get("version") != VERSION:
        return {}
    positions = document.get("positions")
    if not isinstance(positions, dict):
        return {}
    return {
        str(text_id): segment_id
        for text_id, segment_id in positions.items()
        if isinstance(segment_id, str)
    }


def load_positions(path: Path | None = None) -> dict[str, str]:
    """Text id -> segment id. A missing or damaged file means no remembered positions: losing
    a bookmark must never stop the reader from opening."""
    try:
        return _positions(_document(path or positions_path()))
    except (OSError, ValueError):
        return {}


def last_read(path: Path | None = None) -> str | None:
    """The id of the text read most recently, if any."""
    try:
        document = _document(path or positions_path())
    except (OSError, ValueError):
        return None
    last = document.get("last") if isinstance(document, dict) else None
    return last if isinstance(last, str) else None


def save_position(text_id: str, segment_id: str, path: Path | None = None) -> None:
    """Record the position, keeping what other windows and instances saved for other texts
    (read and written under a lock, so that no two saves cross). Raises OSError when the data
    folder cannot be written."""
    path = path or positions_path()
    with locked(path):
        try:
            positions = _positions(_document(path))
        except RefusedFile:
            # A link, a pipe, a huge file: not ours to overwrite or write through.
            set_aside(path, "damaged")
            positions = {}
        except (OSError, ValueError):
            positions = {}
        positions[text_id] = segment_id
        write_json(path, {"version": VERSION, "positions": positions, "last": text_id})
