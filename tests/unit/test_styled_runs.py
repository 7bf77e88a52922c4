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
from tui_reader.ui.widgets import painting
from tui_reader.ui.widgets.painting import Span

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


def _cluster_by_cluster(line: VisualLine, style: Style, spans: list[Span]) -> list[RichSegment]:
    """The definition: each cluster gets the styles of every span over any of its letters, in
    order; neighbours styled alike are one segment. A line no span touches is its text."""
    if not any(start < line.end and end > line.start for start, end, _ in spans):
        return [RichSegment(line.text, style)]
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


def _spans(text: str) -> st.SearchStrategy[list[Span]]:
    edge = st.integers(-2, len(text) + 2)
    span = st.tuples(edge, st.integers(0, 12), st.sampled_from(STYLES))
    return st.lists(span, max_size=16).map(
        lambda raw: [(start, start + length, extra) for start, length, extra in raw]
    )


@pytest.mark.parametrize(("rtl", "visual"), [(True, True), (False, True), (True, False)])
@_settings(300)
@given(data=st.data(), text=hostile_text, width=widths)
@example(data=None, text="\u0628\u064e\u0644\u0627 \u0641\u064a (FATF) \u0661\u0662", width=8)
@example(data=None, text="\u0628 \u064e\u0651\u0628", width=2)  # a line opening with marks
def test_a_styled_line_is_its_clusters_styled_one_by_one(
    data: st.DataObject | None, text: str, width: int, rtl: bool, visual: bool
) -> None:
    lines = layout(text, width, rtl=rtl, visual=visual)
    if data is None:
        # Every letter under its own span, and spans over words and across them.
        spans = [(i, i + 1, STYLES[i % 2]) for i in range(len(text))]
        spans += [(0, 3, STYLES[2]), (2, 9, STYLES[3])]
    else:
        spans = data.draw(_spans(text))
    # Styled first: the definition makes the line's clusters.
    styled = [painting._styled(line, BASE, spans) for line in lines]
    assert styled == [_cluster_by_cluster(line, BASE, spans) for line in lines]
    # And a line whose clusters were made first (as a click makes them) is styled alike.
    assert [painting._styled(line, BASE, spans) for line in lines] == styled


def test_a_line_at_its_paragraphs_level_is_styled_without_its_clusters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Page-down on a book styles every Arabic line of a new page (a span per word status):
    making each line's clusters to do it was a third of the key's time."""
    made = 0
    visual_line = display._visual_line

    def counting(*units: object) -> VisualLine:
        nonlocal made
        made += 1
        return visual_line(*units)  # type: ignore[arg-type]

    monkeypatch.setattr(display, "_visual_line", counting)
    arabic = "وَالإِرْهَابُ لا «الأمم المتحدة» في عام ﷲ الإرهاب، مُحَمَّدٌ ﻻ"
    english = "Counter-terrorism in the report (2019), said the «UN» again"
    for text, rtl in ((arabic, True), (english, False)):
        for line in layout(text, 12, rtl=rtl):
            spans = [(start, start + 4, STYLES[start % 2]) for start in range(0, len(text), 5)]
            painting._styled(line, BASE, spans)
    assert made == 0


PARAGRAPH = "مكافحة الإرهاب وتمويله في طاجيكستان، (FATF) والأمم المتحدة ١٢٣ "


@pytest.mark.parametrize("meanwhile", ["clusters", "text"])
def test_a_line_made_meanwhile_by_another_thread_still_gives_its_runs(
    monkeypatch: pytest.MonkeyPatch, meanwhile: str
) -> None:
    """The reading view draws the page below in a thread (`ParallelView._prepare_ahead`)
    while the loop may make the same line's text or clusters (a click, the word cursor): a
    line made meanwhile gives the runs, text and clusters it gives alone."""
    cuts = [3, 10, 20]
    alone = [(line.runs(cuts), line.text, line.clusters) for line in layout(PARAGRAPH, 30)]
    lines = layout(PARAGRAPH, 30)
    uniform = display._plainly_uniform
    current: list[VisualLine] = []

    def other_thread(*units: object) -> bool:
        # Between this thread's look at the line and its use of what it saw.
        getattr(current[0], meanwhile)
        return uniform(*units)  # type: ignore[arg-type]

    monkeypatch.setattr(display, "_plainly_uniform", other_thread)
    made = []
    for line in lines:
        current[:] = [line]
        made.append((line.runs(cuts), line.text, line.clusters))
    assert made == alone
