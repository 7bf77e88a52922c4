"""Writing user data so that a crash or a kill never leaves half a file."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def write_bytes_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write through a temporary file in the same folder, fsync it, then rename over `path`:
    a reader sees the old file or the new one, never half of one. The file is private (0600)
    unless `mode` gives its permissions.

    A symbolic link is followed (the file it points to is replaced, the link kept), and what
    is not a file at all (/dev/null, a named pipe) is written to as it is: a rename would put
    a file in its place."""
    if path.exists() and not path.is_file():
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        # As named: /dev/stdout resolves to a /proc entry that cannot be opened by its name.
        with path.open("wb") as stream:
            stream.write(data)
        return
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            if mode is not None:
                os.chmod(temporary, mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    try:
        directory = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


def write_atomic(path: Path, content: str) -> None:
    """`write_bytes_atomic` for text: UTF-8, and "\n" line ends on every platform."""
    write_bytes_atomic(path, content.encode("utf-8"))


def write_json(path: Path, document: dict[str, Any]) -> None:
    """JSON that people can read and diff: Arabic as it is, keys in a stable order."""
    write_atomic(path, json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def parse_json(content: str) -> Any:
    """`json.loads`, with a document nested deeper than the parser can follow reported as a
    ValueError, like any other malformed JSON (a hostile file must not crash the reader)."""
    try:
        return json.loads(content)
    except RecursionError:
        raise ValueError("nested too deeply") from None


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Serialise the savers of one file across processes (a POSIX advisory lock on a file
    beside it; where there is none, the merge on save still keeps most of both)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:
            pass
        yield
    finally:
        os.close(lock)


def set_aside(path: Path, why: str) -> Path:
    """Rename a file out of the way, untouched, to `NAME.WHY-DATE` beside it (a damaged file,
    the notes of a deleted text), and return where it went."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    kept = path.with_name(f"{path.name}.{why}-{stamp}")
    os.replace(path, kept)
    return kept
