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
import os
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from tui_reader.core.storage import parse_json, write_bytes_atomic
from tui_reader.paths import cache_dir

CACHE_VERSION = 2
"""Part of every entry's name: raise it when what an entry holds changes shape."""
CACHE_FROM_BYTES = 256 * 1024
"""Smaller sources parse in milliseconds: caching them would only fill the folder."""
CACHE_BYTES = 256 * 1024 * 1024
"""Per kind, the most recently used entries kept, up to this size in all. A limit by count
would have a library of more large texts than it allows miss on every text, every time."""


class Key(NamedTuple):
    """The bytes entries are derived from, hashed once for every kind kept for them (a book
    takes a hundredth of a second to hash)."""

    size: int
    digest: str
    small: bool = False
    """Kept whatever its size: for a source that is slow to read for what it holds (a
    glossary's checks), not for its length."""

    @classmethod
    def of(cls, source: bytes) -> Key:
        return cls.of_chunks([source])

    @classmethod
    def of_chunks(cls, chunks: Iterable[bytes]) -> Key:
        """The key of the bytes these chunks make, hashed a chunk at a time: a caller with
        many strings need not join them first."""
        digest = hashlib.sha256(f"tui-reader cache v{CACHE_VERSION}\n".encode())
        size = 0
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
        return cls(size, digest.hexdigest()[:40])

    @property
    def kept(self) -> bool:
        """Whether entries are kept for these bytes at all (see `CACHE_FROM_BYTES`)."""
        return self.small or self.size >= CACHE_FROM_BYTES


@lru_cache(maxsize=1)
def folding() -> str:
    """A fingerprint of the folding for search, which the folded copies of texts depend on:
    Unicode's version, and the code that folds and makes caseless (its source; where there is
    none to read, what it makes of every character of the Basic Multilingual Plane, a slower
    probe). A copy folded otherwise would find other things: it is made again."""
    from tui_reader.core import letters, search
    from tui_reader.core import normalize as folded

    digest = hashlib.sha256(f"{unicodedata.unidata_version}\n".encode())
    try:
        for module in (letters, folded, search):
            digest.update(Path(module.__file__ or "").read_bytes())
    except OSError:
        plane = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
        digest.update(folded.normalize(plane).encode("utf-8"))
        digest.update(search.caseless(plane).encode("utf-8"))
    return digest.hexdigest()


def _path(kind: str, key: Key, suffix: str) -> Path:
    return cache_dir() / f"{kind}-{key.digest}{suffix}"


def load(kind: str, source: bytes | Key) -> Any | None:
    """What `store` kept for these exact bytes, or None."""
    key = source if isinstance(source, Key) else Key.of(source)
    content = load_bytes(kind, key, ".json")
    if content is None:
        return None
    try:
        return parse_json(content.decode("utf-8"))
    except ValueError:
        forget(kind, key)
        return None


def store(kind: str, source: bytes | Key, value: Any) -> None:
    """Keep `value` (plain JSON data) for these bytes, and forget the least recently used
    entries of the same kind beyond `CACHE_BYTES`."""
    key = source if isinstance(source, Key) else Key.of(source)
    if not key.kept:
        return
    import json

    try:
        content = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        return
    store_bytes(kind, key, content, ".json")


def load_bytes(kind: str, key: Key, suffix: str = ".bin") -> bytes | None:
    """The bytes `store_bytes` kept under `key`, or None. The caller checks them: an entry
    can be damaged."""
    if not key.kept:
        return None
    path = _path(kind, key, suffix)
    try:
        content = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return content


def store_bytes(kind: str, key: Key, content: bytes, suffix: str = ".bin") -> None:
    """Keep `content` under `key`, and forget the least recently used entries of the same
    kind beyond `CACHE_BYTES`."""
    if not key.kept:
        return
    try:
        path = _path(kind, key, suffix)
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


def forget(kind: str, source: bytes | Key, suffix: str = ".json") -> None:
    """Drop what is kept for these bytes (a text deleted from the library leaves no copy)."""
    key = source if isinstance(source, Key) else Key.of(source)
    with contextlib.suppress(OSError):
        _path(kind, key, suffix).unlink(missing_ok=True)
