"""Messages that screens send up to the app: what they want done, not how ("attributes down,
messages up"). Small dataclasses that carry domain values, never widgets."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenText(Message):
    """Read another text of the library, at a segment (its start when None)."""

    text_id: str
    segment_index: int | None = None
    hits: tuple[tuple[int, str, int, int], ...] = ()
    """Search hits in that text to highlight and step through with n/N, as (segment index,
    pane, start, end); the first is the one jumped to."""
