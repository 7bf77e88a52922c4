"""Reading and writing user data: a crash or a kill never leaves half a file, and a file that
someone else put there (a link, a device, a named pipe, a file too big to be ours) is neither
read into memory nor written through."""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui_reader.core.errors import TuiReaderError

if TYPE_CHECKING:
    import sqlite3

MB = 1024 * 1024
NOTES_BYTES = 64 * MB
"""The largest notes file read: some hundred thousand notes on one text."""
STUDY_BYTES = 64 * MB
"""The largest study file read: the cards of every term of a large glossary, and the log."""
POSITIONS_BYTES = 4 * MB
"""The largest positions file read: a place in each of tens of thousands of texts."""


class UnsafeId(TuiReaderError, ValueError):
    """An id that cannot name a file of the user's data: it would lead out of its folder, or
    is not an id at all. The message shows the id escaped, and no path."""


class RefusedFile(OSError):
    """A user-data file that is not read or written as it stands: a link, a folder, a device or
    a named pipe, a file over its size bound, or a file where a folder should be. Its message
    is one line, the file and what it is."""

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def file_for_id(folder: Path, text_id: str, suffix: str) -> Path:
    """The file `folder/ID SUFFIX`, for an id taken from a file (a text's, a note's): refused
    unless it is an id, so that none can name a file elsewhere (`../../x`, `/tmp/x`)."""
    # Imported here: text.py imports this module to save texts.
    from tui_reader.core.text import ID_PATTERN

    if not ID_PATTERN.fullmatch(text_id):
        raise UnsafeId(f"{text_id!r} is not a text id: nothing is read or kept under it")
    path = folder / f"{text_id}{suffix}"
    if Path(os.path.normpath(path)).parent != Path(os.path.normpath(folder)):
        raise UnsafeId(f"{text_id!r} would name a file outside its folder")
    return path


def _blocker(folder: Path) -> Path | None:
    """The file standing where `folder`, or a folder above it, should be."""
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate) and not candidate.is_dir():
            return candidate
    return None


def _not_a_folder(folder: Path) -> RefusedFile:
    where = _blocker(folder) or folder
    return RefusedFile(errno.ENOTDIR, "a file where a folder should be", str(where))


def make_folder(folder: Path) -> None:
    """Create `folder` and those above it, or say which file stands in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise _not_a_folder(folder) from None


def read_user_data(path: Path, limit: int) -> bytes:
    """The bytes of a user-data file, if it is a regular file of at most `limit` bytes.

    Raises FileNotFoundError when there is none (nor its folder: a file where the folder should
    be holds no data file either, and saving says so), RefusedFile for a link, a folder, a
    device or named pipe (opened without waiting for a writer, never read) or a file over
    `limit`, and OSError when it cannot be read."""
    if path.is_symlink():
        raise _link(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except NotADirectoryError:
        raise FileNotFoundError(errno.ENOENT, "no such file", str(path)) from None
    except OSError:
        if path.is_symlink():  # made a link since the look above: O_NOFOLLOW refused it
            raise _link(path) from None
        raise
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(handle)
        if stat.S_ISDIR(status.st_mode):
            raise RefusedFile(errno.EISDIR, "a folder, not a file", str(path))
        if not stat.S_ISREG(status.st_mode):
            raise RefusedFile(
                errno.EINVAL, "not a regular file (a device, a named pipe or a socket)", str(path)
            )
        if status.st_size > limit:
            raise _too_big(path, limit)
        # The size can grow while it is read, or be 0 for a file that has bytes (/proc).
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise _too_big(path, limit)
    return data


def read_user_text(path: Path, limit: int) -> tuple[str | None, str]:
    """A user-data file's text; (None, "") when there is none yet; (None, why) when it cannot
    be read, for the store to report and to set the file aside on its next save."""
    try:
        return read_user_data(path, limit).decode("utf-8"), ""
    except FileNotFoundError:
        return None, ""
    except RefusedFile as error:
        return None, str(error)
    except (OSError, UnicodeDecodeError) as error:
        return None, f"{path}: cannot be read ({error})"


def reread_for_merge(path: Path, limit: int, damaged: bool) -> tuple[bytes, Path | None]:
    """What is on disk now, for a save to merge with (call it under the file's lock): a file
    known to be damaged is set aside first, and one that became a link, a pipe or too big
    since it was read is set aside too, kept and not read. Returns the bytes (b"" for none)
    and where a file was set aside, if one was."""
    kept = set_aside(path, "damaged") if damaged and os.path.lexists(path) else None
    try:
        return read_user_data(path, limit), kept
    except FileNotFoundError:
        return b"", kept
    except RefusedFile:
        return b"", set_aside(path, "damaged")


def _link(path: Path) -> RefusedFile:
    return RefusedFile(
        errno.ELOOP, "a symbolic link: data files are never read or written through one", str(path)
    )


def _too_big(path: Path, limit: int) -> RefusedFile:
    return RefusedFile(
        errno.EFBIG, f"larger than {limit // MB} MB, the bound for this file", str(path)
    )


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
    handle, temporary = _temporary_beside(path)
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
    _sync_folder(path.parent)


def write_user_data(path: Path, data: bytes) -> None:
    """`write_bytes_atomic` for the user's own data (notes, study, positions): the file is
    replaced by its new version, and what is not a regular file there (a link, a device, a
    named pipe, put there by someone else) is refused, never written through or to."""
    make_folder(path.parent)
    handle, temporary = _temporary_beside(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            pass
        else:
            if stat.S_ISLNK(mode):
                raise _link(path)
            if not stat.S_ISREG(mode):
                raise RefusedFile(errno.EINVAL, "not a regular file: left as it is", str(path))
        # A rename replaces the name, never what a link there points to, even one made since.
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _temporary_beside(path: Path) -> tuple[int, str]:
    """A new private file in `path`'s folder, to be renamed over it. tempfile is imported
    here, by the commands that write: with the shutil and random it brings, its import was
    a seventieth of the instructions of `render` of a book, which writes nothing."""
    import tempfile

    return tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)


def _sync_folder(folder: Path) -> None:
    try:
        directory = os.open(folder, os.O_RDONLY)
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
    """JSON that people can read and diff: Arabic as it is, keys in a stable order. The user's
    data file at `path` is written as `write_user_data` does."""
    import json

    content = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_user_data(path, content.encode("utf-8"))


def parse_json(content: str) -> Any:
    """`json.loads`, with a document nested deeper than the parser can follow reported as a
    ValueError, like any other malformed JSON (a hostile file must not crash the reader)."""
    # json is imported when there is a document: `render` of a plain file reads none.
    import json

    try:
        return json.loads(content)
    except RecursionError:
        raise ValueError("nested too deeply") from None


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Serialise the savers of one file across processes (a POSIX advisory lock on a file
    beside it; where there is none, the merge on save still keeps most of both)."""
    make_folder(path.parent)
    # Not through a link (it could create a file elsewhere), and a named pipe does not block.
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    lock = os.open(path.with_name(path.name + ".lock"), flags, 0o600)
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
    the notes of a deleted text), and return where it went. A link is moved, not what it
    points to. A name already taken (a file set aside in the same second) is never replaced:
    `-2`, `-3`... is added."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    number = 0
    while True:
        number += 1
        kept = path.with_name(f"{path.name}.{why}-{stamp}" + (f"-{number}" if number > 1 else ""))
        try:
            # A hard link is made only where the name is free; a rename would replace a file.
            os.link(path, kept, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:
            # No hard links here (a folder, some file systems): a rename to a name seen free.
            if os.path.lexists(kept):
                continue
            os.rename(path, kept)
            return kept
        os.unlink(path)
        return kept


def write_ahead(db: sqlite3.Connection, seconds: float) -> None:
    """Put a database in WAL mode (readers then go on while another process writes). Turning
    a new file to WAL answers "locked" at once, without the connection's busy timeout, while
    another process writes to it (two processes opening a new file together): it is tried
    again for up to `seconds`."""
    import sqlite3  # here: only the index and the corpus use SQLite

    deadline = time.monotonic() + seconds
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if not busy(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def busy(error: sqlite3.Error) -> bool:
    """Another process held the database longer than the timeout: not a damaged file."""
    import sqlite3

    return getattr(error, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
