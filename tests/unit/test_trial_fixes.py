"""What a new-user trial found in the core and the command line."""

from __future__ import annotations

from tui_reader.core.english import counted, plural


def test_counted_nouns_take_the_regular_plural_but_for_one() -> None:
    assert [counted(n, "word") for n in (0, 1, 2)] == ["0 words", "1 word", "2 words"]
    assert [plural(w) for w in ("policy", "day", "match", "term")] == [
        "policies",
        "days",
        "matches",
        "terms",
    ]
