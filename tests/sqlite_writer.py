"""Another process writing to a new SQLite file, for the tests of opening one meanwhile."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def writing_for_a_while(path: Path, seconds: float = 0.3) -> Iterator[None]:
    """`path` made a database and held in a write transaction (not yet in WAL mode) that ends
    `seconds` after the block starts: turning it to WAL meanwhile answers "locked" at once,
    without SQLite's busy timeout."""
    path.parent.mkdir(parents=True, exist_ok=True)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE early(x)")
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(seconds, lambda: other.execute("ROLLBACK"))
    release.start()
    try:
        yield
    finally:
        release.join()
        other.close()
