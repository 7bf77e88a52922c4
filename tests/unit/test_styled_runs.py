"""A styled line of the reading view is made from its runs (`VisualLine.runs`), not cluster by
cluster (issue 22, page-down on a book): held here to the definition, each cluster styled by
every span over any of its letters, on any text, with any spans."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rich.segment import Segment as RichSegment
from rich.style import Style
from test_properties import _settings, hostile_text, widths

from tui_reader.core import display
from tui_reader.core.display import VisualLine, layout
from tui_reader.ui.widgets import parallel
from tui_reader.ui.widgets.parallel import Span

STYLES = [Style(color="red"), Style(color="blue"), Style(underline=True), Style(bgcolor="green")]
BASE = Style(bgcolor="black")


@pytest.mark.parametrize(
    ("text", "rtl", "drawn"),
    [
        ("\u2308\u200d\u2309 \u0628", True, "\ufe8f \u2309\u2308"),
        ("\u0628 \u0661 \u2329\u200d\u232a", True, "\u232a\u2329 \u0661 \ufe8f"),
        ("\u2308\u200d\u2309 b", False, "\u2308\u2309 b"),
    ],
)
def test_an_emoji_sequence_of_mirrored_characters_is_mirrored_whole(
    text: str, rtl: bool, drawn: str
) -> None:
    """Rule L4 mirrors every character at an odd level: a line's clusters mirrored only the
    first part of each, while its text (and `render`) mirrored them all."""
    [line] = layout(text, 80, rtl=rtl)
    assert "".join(cluster.text for cluster in line.clusters) == drawn
    assert line.text == drawn
