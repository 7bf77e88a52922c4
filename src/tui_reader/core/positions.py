"""Where the reader was in each text, kept across runs in the user's data folder."""

from __future__ import annotations

from pathlib import Path

from tui_reader.core.storage import parse_json, write_json
from tui_reader.paths import data_dir

VERSION = 1


def positions_path() -> Path:
    return data_dir() / "positions.json"


def load_positions(path: Path | None = None) -> dict[str, str]:
    """Text id -> segment id. A missing or damaged file means no remembered positions: losing
    a bookmark must never stop the reader from opening."""
    path = path or positions_path()
    try:
        document = parse_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
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


def last_read(path: Path | None = None) -> str | None:
    """The id of the text read most recently, if any."""
    path = path or positions_path()
    try:
        document = parse_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    last = document.get("last") if isinstance(document, dict) else None
    return last if isinstance(last, str) else None


def save_position(text_id: str, segment_id: str, path: Path | None = None) -> None:
    """Record the position, keeping what other windows saved for other texts. Raises OSError
    when the data folder cannot be written."""
    path = path or positions_path()
    positions = load_positions(path)
    positions[text_id] = segment_id
    write_json(path, {"version": VERSION, "positions": positions, "last": text_id})
