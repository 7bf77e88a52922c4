"""How a row of the reading view is painted (see `ParallelView`): from what it shows, in the
styles given, by functions that read nothing but their arguments, so that the rows of the page
below can be painted in a thread while the reader reads."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from typing import NamedTuple

from rich.segment import Segment as RichSegment
from rich.style import Style
from textual.strip import Strip
from textual.widget import PseudoClasses

from tui_reader.core.display import VisualLine
from tui_reader.core.glossary import Highlights
from tui_reader.core.rows import ARABIC_INSET, GUTTER, Block, Geometry

NOTE_MARK = "✎"
DRAFT_MARK = "✓"
"""In the right margin of a segment you have drafted."""

Span = tuple[int, int, Style]
Spans = tuple[list[Span], list[Span]]
"""A segment's Arabic spans and its English ones."""


class Paints(NamedTuple):
    """The component styles a row is drawn with (the terms' and other marks' are in its
    spans). Looked up on the loop: a row drawn in a thread (see `ParallelView._prepare_ahead`) takes
    them from here, as Textual's styles are not to be read from a thread. Not part of a
    row's key: a change of theme empties the cache of rows instead
    (`ParallelView.notify_style_update`)."""

    current: Style
    note_mark: Style
    draft_mark: Style
    empty: Style
    """An English pane with nothing to show."""
    gutter: Style


class Frame(NamedTuple):
    """What shapes every row of a frame alike, measured once a frame (see
    `ParallelView.render_lines`)."""

    geometry: Geometry
    style: Style
    """The view's own style, which Textual works out from its ancestors at every call."""
    pseudo_classes: PseudoClasses
    """The component styles differ with the focus (see the styles)."""


class SpanStyles(NamedTuple):
    """The component styles of what marks a segment's text (see `segment_spans`). Looked
    up on the loop and kept until the styles change: Textual works each out again after
    every refresh, and the spans of the page below are made in a thread."""

    term: Style
    statuses: tuple[Style, ...]
    """Of a new word, then of learning levels 1 to 4."""
    note: Style
    hit: Style
    hit_current: Style
    focus: Style
    word: Style


class Marking(NamedTuple):
    """What marks a segment's text, gathered on the loop; its spans are made from it (see
    `segment_spans`), in a thread for the page below."""

    segment_index: int
    highlights: Highlights
    colours: Mapping[int, list[tuple[int, int, int]]] | None
    """The words coloured by status (see `ParallelView.statuses`), or None when not shown."""
    notes: list[tuple[str, int, int]]
    """(pane, start, end) of each note's passage shown."""
    hits: list[tuple[int, str, int, int]]
    """(number, pane, start, end) of each search hit shown in the segment."""


class Row(NamedTuple):
    """What one row of a segment is drawn from, with its segment's block and spans (see
    `paint_row`)."""

    local: int
    """The row within the segment's block."""
    note: bool
    """The segment's first row, and the segment has notes."""
    draft: bool
    """The segment's first row, and you drafted the segment."""


class Marks(NamedTuple):
    """What marks a segment's text: part of the key of its cached spans and rows."""

    updates: int
    """Changes of the terms, notes and hits (see `ParallelView._marked`)."""
    current: bool
    selection: tuple[str, int, int] | None
    """(pane, start, end) of the selection, in the current segment."""
    focus: tuple[int, int] | None
    """The term occurrence being stepped through, in this segment."""
    hit: int | None
    """The search hit being shown, in this segment."""


def segment_spans(marking: Marking, styles: SpanStyles, marks: Marks) -> Spans:
    """Styled logical spans of a segment's Arabic and English, later ones on top. Of the view's
    state, reads only the status colours, which may be read from a thread."""
    found = marking.highlights
    spans: dict[str, list[Span]] = {
        "ar": [(match.start, match.end, styles.term) for match in found.terms],
        "en": [(start, end, styles.term) for start, end in found.english],
    }
    if marking.colours is not None:
        # Over the terms' colour, under their underline, the note shading and the rest.
        for start, end, status in marking.colours.get(marking.segment_index, ()):
            spans["ar"].append((start, end, styles.statuses[status]))
    for pane, start, end in marking.notes:
        spans[pane].append((start, end, styles.note))
    for number, pane, start, end in marking.hits:
        style = styles.hit_current if number == marks.hit else styles.hit
        spans[pane].append((start, end, style))
    if marks.focus is not None:
        spans["ar"].append((*marks.focus, styles.focus))
    if marks.selection is not None:
        pane, start, end = marks.selection
        spans[pane].append((start, end, styles.word))
    return spans["ar"], spans["en"]


def paint_row(
    block: Block, row: Row, spans: Spans, frame: Frame, paints: Paints, marks: Marks
) -> Strip:
    """A row as Textual takes it. Reads nothing but its arguments: the rows of the page
    below are drawn in a thread (see `ParallelView._prepare_ahead`)."""
    width, side, english_width, arabic_width, visual = frame.geometry
    base, local = frame.style, row.local
    if local >= block.height:
        return Strip.blank(width, base)
    style = base + paints.current if marks.current else base
    margin = RichSegment(" ", style)
    first_margin = RichSegment(NOTE_MARK, style + paints.note_mark) if row.note else margin
    last_margin = RichSegment(DRAFT_MARK, style + paints.draft_mark) if row.draft else margin
    inset = RichSegment(" " * ARABIC_INSET, style)
    english_style = style + paints.empty if block.english_missing else style
    arabic_spans, english_spans = spans
    if side:
        english = block.english[local] if local < len(block.english) else None
        arabic = block.arabic[local] if local < len(block.arabic) else None
        segments = [first_margin]
        segments += _pane(english, english_width, english_style, english_spans, False, visual)
        segments.append(RichSegment(GUTTER, base + paints.gutter))
        segments += _pane(arabic, arabic_width, style, arabic_spans, True, visual)
        segments += [inset, last_margin]
        fits = _fits(english, english_width) and _fits(arabic, arabic_width)
    elif local < len(block.arabic):
        arabic = block.arabic[local]
        pane = _pane(arabic, arabic_width, style, arabic_spans, True, visual)
        segments = [first_margin, *pane, inset, last_margin]
        fits = _fits(arabic, arabic_width)
    else:
        line = block.english[local - len(block.arabic)]
        pane = _pane(line, english_width, english_style, english_spans, False, visual)
        segments = [margin, *pane, margin]
        fits = _fits(line, english_width)
    if fits:
        # The geometry's width exactly (see `Geometry.of`): Rich need not measure the
        # letters again, here and in every Strip Textual derives from this one.
        return Strip(segments, width)
    return Strip(segments).adjust_cell_length(width, base)


def _pane(
    line: VisualLine | None, width: int, style: Style, spans: list[Span], rtl: bool, visual: bool
) -> list[RichSegment]:
    if line is None:
        return [RichSegment(" " * width, style)]
    pad = RichSegment(" " * max(width - line.width, 0), style)
    body = _styled(line, style, spans)
    return [pad, *body] if rtl and visual else [*body, pad]


def _fits(line: VisualLine | None, width: int) -> bool:
    """Whether a pane of `width` cells showing `line` is `width` cells as Rich measures it.
    A line's width is the cells of its characters one by one, as Rich counts them but for a
    variation selector, which widens the emoji before it (a joiner is never drawn)."""
    return line is None or (line.width <= width and "\ufe0f" not in line.text)


def _styled(line: VisualLine, style: Style, spans: list[Span]) -> list[RichSegment]:
    """The line's clusters as segments, each styled by the spans that cover its letters."""
    first, last = line.start, line.end
    relevant = [span for span in spans if span[0] < last and span[1] > first]
    if not relevant:
        return [RichSegment(line.text, style)]
    # With word statuses coloured, nearly every line has a span per word. The line is cut
    # at the spans' edges: between two cuts every letter is under the same spans, marked
    # once (a bit per span) for the stretch, so the line comes in runs of clusters alike,
    # from its units (see `VisualLine.runs`), and each set of spans is styled once.
    edges = {edge for start, end, _ in relevant for edge in (start, end)}
    cuts = sorted(edge for edge in edges if first < edge < last)
    cover = [0] * (len(cuts) + 1)
    for bit, (start, end, _) in enumerate(relevant):
        flag = 1 << bit
        a, b = bisect_right(cuts, start), bisect_right(cuts, end - 1) + 1
        cover[a:b] = [mask | flag for mask in cover[a:b]]
    styles: dict[int, Style] = {}
    # And by the spans' styles in order: the words of one status are styled once.
    composed: dict[tuple[Style, ...], Style] = {}
    segments: list[RichSegment] = []
    for text, start, end in line.runs(cuts):
        at = bisect_right(cuts, start)
        if at == len(cuts) or cuts[at] >= end:
            mask = cover[at]
        else:
            # One cluster across a cut: a span even of no letter inside it covers it.
            mask = 0
            for bit, (span_start, span_end, _) in enumerate(relevant):
                if span_start < end and span_end > start:
                    mask |= 1 << bit
        run_style = styles.get(mask)
        if run_style is None:
            extras = tuple(extra for bit, (_, _, extra) in enumerate(relevant) if mask >> bit & 1)
            run_style = composed.get(extras)
            if run_style is None:
                run_style = style
                for extra in extras:
                    run_style = run_style + extra
                composed[extras] = run_style
            styles[mask] = run_style
        if segments and segments[-1].style == run_style:
            segments[-1] = RichSegment(segments[-1].text + text, run_style)
        else:
            segments.append(RichSegment(text, run_style))
    return segments
