"""Work the reader does per key or at open stays in proportion to what is on screen, not to the
whole text (issue 22), and the fast ways draw exactly what the plain ones did. No timings:
calls are counted."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.segment import Segment as RichSegment
from rich.style import Style

from tui_reader.core import library
from tui_reader.core.display import VisualLine, layout
from tui_reader.ui.widgets import parallel
from tui_reader.ui.widgets.parallel import Span

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)
STYLES = [Style(color="red"), Style(color="blue"), Style(underline=True), Style(bgcolor="green")]
LINES = [
    *(line for segment in ARTICLE.segments[:6] for line in layout(segment.ar, 50)),
    # Harakat (clusters of several letters), Latin and digits inside Arabic, a lam-alef.
    *layout("وَالإِرْهَابُ (FATF) في ٢٠١٩ لا «الأمم المتحدة» abc 12", 30),
    *layout("Counter-terrorism in 2019, «مكافحة الإرهاب» and more", 30, rtl=False),
]


def _plain_styled(line: VisualLine, style: Style, spans: list[Span]) -> list[RichSegment]:
    """The definition: each cluster gets the styles of every span over any of its letters, in
    order; neighbours styled alike are one segment."""
    segments: list[RichSegment] = []
    for cluster in line.clusters:
        cluster_style = style
        for start, end, extra in spans:
            if start < cluster.end and end > cluster.start:
                cluster_style = cluster_style + extra
        if segments and segments[-1].style == cluster_style:
            segments[-1] = RichSegment(segments[-1].text + cluster.text, cluster_style)
        else:
            segments.append(RichSegment(cluster.text, cluster_style))
    return segments


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(LINES),
    st.lists(
        st.tuples(st.integers(-3, 120), st.integers(0, 40), st.sampled_from(STYLES)), max_size=12
    ),
)
def test_a_styled_line_is_what_each_cluster_styled_alone_gives(
    line: VisualLine, raw: list[tuple[int, int, Style]]
) -> None:
    spans = [(start, start + length, extra) for start, length, extra in raw]
    base = Style(bgcolor="black")
    relevant = [span for span in spans if span[0] < line.end and span[1] > line.start]
    expected = _plain_styled(line, base, spans) if relevant else [RichSegment(line.text, base)]
    assert parallel._styled(line, base, spans) == expected


def test_a_line_coloured_word_by_word_styles_each_set_of_spans_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With word statuses on, every line of a page has a span per word: the regression of
    issue 22 styled every letter against every span (a page-down 40% slower on a book)."""
    line = max(LINES[:-2], key=lambda line: line.end - line.start)
    rng = random.Random(7)
    spans: list[Span] = []
    for start in range(line.start, line.end - 4, 6):
        spans.append((start, start + 5, rng.choice(STYLES[:2])))
    added = 0
    add = Style.__add__

    def counting(self: Style, other: Style | None) -> Style:
        nonlocal added
        added += 1
        return add(self, other)

    monkeypatch.setattr(Style, "__add__", counting)
    parallel._styled(line, Style(bgcolor="black"), spans)
    # One addition per span colour met (red, blue), not one per letter.
    assert added <= 2
