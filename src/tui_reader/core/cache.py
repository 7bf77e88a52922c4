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
CACHE_FROM_BYTES = 256 * 1024
"""Smaller sources parse in milliseconds: caching them would only fill the folder."""
ENTRIES_KEPT = 16
"""Per kind, the most recently used entries kept."""


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
    entries of the same kind beyond `ENTRIES_KEPT`."""
    if len(source) < CACHE_FROM_BYTES:
        return
    try:
        content = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        path = _path(kind, source)
        write_bytes_atomic(path, content.encode("utf-8"))
        others = [entry for entry in cache_dir().glob(f"{kind}-*.json") if entry != path]
        others.sort(key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
        for entry in others[ENTRIES_KEPT - 1 :]:
            entry.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        pass
