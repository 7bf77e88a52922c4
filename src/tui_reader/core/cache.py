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
from collections.abc import Iterable
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


def key(chunks: Iterable[bytes]) -> str:
    """The name of an entry derived from these bytes, hashed a chunk at a time: a caller
    with many strings need not join them first."""
    digest = hashlib.sha256(f"tui-reader cache v{CACHE_VERSION}\n".encode())
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()[:40]


def _path(kind: str, name: str, suffix: str) -> Path:
    return cache_dir() / f"{kind}-{name}{suffix}"


def load(kind: str, source: bytes) -> Any | None:
    """What `store` kept for these exact bytes, or None."""
    if len(source) < CACHE_FROM_BYTES:
        return None
    name = key([source])
    content = load_bytes(kind, name, ".json")
    if content is None:
        return None
    try:
        return parse_json(content.decode("utf-8"))
    except ValueError:
        with contextlib.suppress(OSError):
            _path(kind, name, ".json").unlink()
        return None


def store(kind: str, source: bytes, value: Any) -> None:
    """Keep `value` (plain JSON data) for these bytes, and forget the least recently used
    entries of the same kind beyond `CACHE_BYTES`."""
    if len(source) < CACHE_FROM_BYTES:
        return
    try:
        content = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        return
    store_bytes(kind, key([source]), content, ".json")


def load_bytes(kind: str, name: str, suffix: str = ".bin") -> bytes | None:
    """The bytes kept under `name` (a `key`), or None. The caller checks them: an entry can
    be damaged."""
    path = _path(kind, name, suffix)
    try:
        content = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return content


def store_bytes(kind: str, name: str, content: bytes, suffix: str = ".bin") -> None:
    """Keep `content` under `name` (a `key`), and forget the least recently used entries of
    the same kind beyond `CACHE_BYTES`."""
    try:
        path = _path(kind, name, suffix)
        write_bytes_atomic(path, content)
        others = [
            (entry.stat(), entry)
            for entry in cache_dir().glob(f"{kind}-*{suffix}")
            if entry != path
        ]
        others.sort(key=lambda item: item[0].st_mtime_ns, reverse=True)
        kept = len(content)
        for status, entry in others:
            kept += status.st_size
            if kept > CACHE_BYTES:
                entry.unlink(missing_ok=True)
    except OSError:
        pass


def forget(kind: str, source: bytes) -> None:
    """Drop what is kept for these bytes (a text deleted from the library leaves no copy)."""
    forget_bytes(kind, key([source]), ".json")


def forget_bytes(kind: str, name: str, suffix: str = ".bin") -> None:
    with contextlib.suppress(OSError):
        _path(kind, name, suffix).unlink(missing_ok=True)
