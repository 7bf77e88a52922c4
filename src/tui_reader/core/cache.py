"""Derived data kept between runs, so that work done once is not done at every start.

A book-sized text takes a second to parse as YAML and a few hundredths to read back as JSON.
Each entry is named by a hash of the exact bytes it was derived from (and of this module's
format), so an edited file is simply a miss: there is nothing to invalidate. The cache is an
optimization only: a damaged, unreadable or unwritable entry is a miss, never an error, and
the folder can be deleted at any time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from tui_reader.core.storage import parse_json, write_bytes_atomic
from tui_reader.paths import cache_dir

CACHE_VERSION = 2
"""Part of every entry's name: raise it when what an entry holds changes shape."""
CACHE_FROM_BYTES = 256 * 1024
"""Smaller sources parse in milliseconds: caching them would only fill the folder."""
CACHE_BYTES = 256 * 1024 * 1024
"""Per kind, the most recently used entries kept, up to this size in all. A limit by count
would have a library of more large texts than it allows miss on every text, every time."""


def _path(kind: str, source: bytes) -> Path:
    digest = hashlib.sha256(f"tui-reader cache v{CACHE_VERSION}\n".encode() + source)
    return cache_dir() / f"{kind}-{digest.hexdigest()[:40]}.json"


def load(kind: str, source: bytes) -> Any | None:
    """What `store` kept for these exact bytes, or None."""
    if len(source) < CACHE_FROM_BYTES:
        return None
    path = _path(kind, source)
    try:
        content = path.read_bytes()
    except OSError:
        return None
    try:
        value = parse_json(content.decode("utf-8"))
    except ValueError:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return value


def store(kind: str, source: bytes, value: Any) -> None:
    """Keep `value` (plain JSON data) for these bytes, and forget the least recently used
    entries of the same kind beyond `CACHE_BYTES`."""
    if len(source) < CACHE_FROM_BYTES:
        return
    try:
        content = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        path = _path(kind, source)
        write_bytes_atomic(path, content)
        others = [
            (entry.stat(), entry) for entry in cache_dir().glob(f"{kind}-*.json") if entry != path
        ]
        others.sort(key=lambda item: item[0].st_mtime_ns, reverse=True)
        kept = len(content)
        for status, entry in others:
            kept += status.st_size
            if kept > CACHE_BYTES:
                entry.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        pass


def forget(kind: str, source: bytes) -> None:
    """Drop what is kept for these bytes (a text deleted from the library leaves no copy)."""
    with contextlib.suppress(OSError):
        _path(kind, source).unlink(missing_ok=True)
