"""The reading view: each segment's Arabic beside (or above) its English, scrolling as one."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment as RichSegment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_reader.core.display import VisualLine, layout
from tui_reader.core.glossary import Glossary, Match
from tui_reader.core.text import Segment, Text

SIDE_BY_SIDE_MIN_WIDTH = 100
"""From this many columns, "auto" puts the panes side by side."""
MIN_SIZE = Size(20, 5)
GUTTER = " │ "
TOO_SMALL = "Window too small: make it at least 20×5"
NO_ENGLISH = "(no English rendering yet)"
# A word for the cursor: letters and digits with their marks, tatweel and joiners.
_WORD = re.compile(r"(?:\w|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d])+")

Span = tuple[int, int, Style]


@dataclass(frozen=True)
class Highlights:
    """What is marked in a segment: glossary terms in the Arabic, their English equivalents."""

    terms: list[Match]
    english: list[tuple[int, int]]


@dataclass(frozen=True)
class Block:
    """A segment laid out at the view's current widths."""

    arabic: list[VisualLine]
    english: list[VisualLine]
    height: int
    english_missing: bool


class ParallelView(ScrollView, can_focus=True, inherit_bindings=False):
    """Segments of a text, Arabic on the right and English on the left (or stacked, Arabic
    first), with the current segment marked in both."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "next_segment", "Next", id="reader.next"),
        Binding("up,k", "previous_segment", "Previous", id="reader.previous"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("pageup,b", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("home", "first_segment", "First", show=False, id="reader.first"),
        Binding("end", "last_segment", "Last", show=False, id="reader.last"),
        Binding("left", "next_word", "Word", key_display="←→", id="reader.next_word"),
        Binding("right", "previous_word", "Previous word", show=False, id="reader.previous_word"),
        Binding("enter", "choose_word", "Look up", id="reader.lookup"),
        Binding("escape", "clear_word", "No word", show=False, id="reader.clear_word"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "parallel--current",
        "parallel--gutter",
        "parallel--empty",
        "parallel--term",
        "parallel--focus-term",
        "parallel--word",
    }

    DEFAULT_CSS = """
    ParallelView {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    current: reactive[int] = reactive(0)
    """Index of the current segment."""
    arrangement: reactive[str] = reactive("auto")
    """"auto", "side" or "stacked"."""
    visual: reactive[bool] = reactive(True)
    """False sends logical, unshaped text (for terminals that do bidi themselves)."""

    word: reactive[tuple[int, int] | None] = reactive(None)
    """The word cursor: a logical span of the current segment's Arabic, or None."""
    focus_span: reactive[tuple[int, int, int] | None] = reactive(None)
    """(segment, start, end) of a term occurrence being stepped through, drawn brighter."""

    class SegmentChanged(Message):
        """The current segment changed."""

        def __init__(self, index: int, segment: Segment) -> None:
            self.index = index
            self.segment = segment
            super().__init__()

    class WordChosen(Message):
        """Enter on a word: the screen looks it up."""

        def __init__(self, word: str, segment: Segment, start: int, end: int) -> None:
            self.word = word
            self.segment = segment
            self.start = start
            self.end = end
            super().__init__()

    def __init__(self, text: Text, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        self.glossary: Glossary | None = None
        self._highlights: dict[int, Highlights] = {}
        self._cache: dict[tuple[int, int, int, bool], Block] = {}
        self._starts: list[int] = [0]
        self._laid_out_for: tuple[int, bool, bool] | None = None

    # Geometry -----------------------------------------------------------------------------

    @property
    def side_by_side(self) -> bool:
        if self.arrangement == "auto":
            return self.size.width >= SIDE_BY_SIDE_MIN_WIDTH
        return self.arrangement == "side"

    def _widths(self, width: int) -> tuple[int, int]:
        """(English width, Arabic width) in cells, one cell of margin on each side."""
        inner = max(width - 2, 1)
        if not self.side_by_side:
            return inner, inner
        english = max((inner - len(GUTTER)) // 2, 1)
        return english, max(inner - len(GUTTER) - english, 1)

    def block(self, index: int) -> Block:
        english_width, arabic_width = self._widths(self.scrollable_content_region.width)
        key = (index, english_width, arabic_width, self.side_by_side)
        block = self._cache.get(key)
        if block is None:
            segment = self.text.segments[index]
            arabic = layout(segment.ar, arabic_width, rtl=True, visual=self.visual)
            missing = not segment.en.strip()
            english = layout(
                NO_ENGLISH if missing else segment.en, english_width, rtl=False, visual=self.visual
            )
            if self.side_by_side:
                height = max(len(arabic), len(english))
            else:
                height = len(arabic) + len(english)
            block = Block(arabic, english, height, missing)
            self._cache[key] = block
        return block

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        key = (width, self.side_by_side, self.visual)
        if key == self._laid_out_for:
            return
        self._laid_out_for = key
        self._cache = {k: v for k, v in self._cache.items() if k[1:3] == self._widths(width)}
        starts = [0]
        for index in range(len(self.text.segments)):
            starts.append(starts[-1] + self.block(index).height + 1)
        self._starts = starts
        self.virtual_size = Size(width, max(starts[-1] - 1, 0))
        self.refresh()

    def segment_region(self, index: int) -> Region:
        """Rows of a segment's block, in virtual coordinates."""
        self._relayout()
        top = self._starts[index]
        return Region(
            0, top, self.scrollable_content_region.width, self._starts[index + 1] - 1 - top
        )

    def segment_at(self, row: int) -> int:
        self._relayout()
        return max(min(bisect_right(self._starts, row) - 1, len(self.text.segments) - 1), 0)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self.call_after_refresh(self.scroll_to_current, False)

    def watch_arrangement(self) -> None:
        self._laid_out_for = None
        self._relayout()
        self.call_after_refresh(self.scroll_to_current, False)

    def watch_visual(self) -> None:
        self._cache.clear()
        self._laid_out_for = None
        self._relayout()

    # Navigation ---------------------------------------------------------------------------

    def watch_current(self, old: int, new: int) -> None:
        if old != new:
            self.word = None
        self.refresh()
        self.post_message(self.SegmentChanged(new, self.text.segments[new]))

    def watch_word(self) -> None:
        self.refresh()

    def watch_focus_span(self) -> None:
        self.refresh()

    def set_glossary(self, glossary: Glossary | None) -> None:
        self.glossary = glossary
        self._highlights.clear()
        self.refresh()

    def highlights(self, index: int) -> Highlights:
        """Terms of a segment, found once and kept."""
        found = self._highlights.get(index)
        if found is None:
            segment = self.text.segments[index]
            if self.glossary is None:
                found = Highlights([], [])
            else:
                terms = self.glossary.find(segment.ar)
                entries = list({match.entry.id: match.entry for match in terms}.values())
                found = Highlights(terms, self.glossary.english_spans(entries, segment.en))
            self._highlights[index] = found
        return found

    def words(self, index: int) -> list[tuple[int, int]]:
        return [match.span() for match in _WORD.finditer(self.text.segments[index].ar)]

    def _move_word(self, step: int) -> None:
        index = self.current
        words = self.words(index)
        if self.word in words:
            position = words.index(self.word) + step
        else:
            position = 0 if step > 0 else len(words) - 1
        while not 0 <= position < len(words):
            index += step
            if not 0 <= index < len(self.text.segments):
                return
            words = self.words(index)
            position = 0 if step > 0 else len(words) - 1
        self.current = index
        self.word = words[position]
        self.call_after_refresh(self.scroll_to_current, False)

    def action_next_word(self) -> None:
        """Left: the next word in reading order, which in Arabic stands to the left."""
        self._move_word(+1)

    def action_previous_word(self) -> None:
        self._move_word(-1)

    def action_clear_word(self) -> None:
        self.word = None

    def action_choose_word(self) -> None:
        if self.word is None:
            self._move_word(+1)
            return
        segment = self.text.segments[self.current]
        start, end = self.word
        self.post_message(self.WordChosen(segment.ar[start:end], segment, start, end))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_word":
            return self.word is not None
        return True

    def validate_current(self, value: int) -> int:
        return max(0, min(value, len(self.text.segments) - 1))

    def scroll_to_current(self, animate: bool = False) -> None:
        region = self.segment_region(self.current)
        self.scroll_to_region(region, animate=animate, top=region.height >= self.size.height)

    def go_to(self, index: int, *, top: bool = False) -> None:
        self.current = index
        if top:
            self.call_after_refresh(self._scroll_current_to_top)
        else:
            self.call_after_refresh(self.scroll_to_current, False)

    def _scroll_current_to_top(self) -> None:
        self.scroll_to(y=self.segment_region(self.current).y, animate=False)

    def action_next_segment(self) -> None:
        self.go_to(self.current + 1)

    def action_previous_segment(self) -> None:
        self.go_to(self.current - 1)

    def action_first_segment(self) -> None:
        self.go_to(0, top=True)

    def action_last_segment(self) -> None:
        self.go_to(len(self.text.segments) - 1)

    def action_page_down(self) -> None:
        if self.scroll_y >= self.max_scroll_y:
            self.go_to(len(self.text.segments) - 1)
            return
        target = min(self.scroll_y + self.scrollable_content_region.height, self.max_scroll_y)
        self.scroll_to(y=target, animate=False)
        self.current = self.segment_at(int(target))

    def action_page_up(self) -> None:
        if self.scroll_y <= 0:
            self.go_to(0, top=True)
            return
        target = max(self.scroll_y - self.scrollable_content_region.height, 0)
        self.scroll_to(y=target, animate=False)
        self.current = self.segment_at(int(target))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + int(self.scroll_y)
        index = self.segment_at(row)
        if row < self._starts[index + 1] - 1:
            self.current = index

    # Drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if width < MIN_SIZE.width or self.size.height < MIN_SIZE.height:
            text = TOO_SMALL[: max(width, 0)] if y == 0 else ""
            return Strip([RichSegment(text.ljust(width), base)], width)
        self._relayout()
        row = y + int(self.scroll_y)
        if row >= self._starts[-1] - 1:
            return Strip.blank(width, base)
        index = self.segment_at(row)
        local = row - self._starts[index]
        block = self.block(index)
        if local >= block.height:
            return Strip.blank(width, base)
        style = base
        if index == self.current:
            style = base + self.get_component_rich_style("parallel--current")
        english_width, arabic_width = self._widths(width)
        margin = RichSegment(" ", style)
        english_style = style
        if block.english_missing:
            english_style = style + self.get_component_rich_style("parallel--empty")
        arabic_spans, english_spans = self._spans(index)
        if self.side_by_side:
            gutter = self.get_component_rich_style("parallel--gutter")
            english = block.english[local] if local < len(block.english) else None
            arabic = block.arabic[local] if local < len(block.arabic) else None
            segments = [margin]
            segments += self._pane(english, english_width, english_style, english_spans, rtl=False)
            segments.append(RichSegment(GUTTER, base + gutter))
            segments += self._pane(arabic, arabic_width, style, arabic_spans, rtl=True)
            segments.append(margin)
        elif local < len(block.arabic):
            arabic = block.arabic[local]
            pane = self._pane(arabic, arabic_width, style, arabic_spans, rtl=True)
            segments = [margin, *pane, margin]
        else:
            line = block.english[local - len(block.arabic)]
            pane = self._pane(line, english_width, english_style, english_spans, rtl=False)
            segments = [margin, *pane, margin]
        return Strip(segments).adjust_cell_length(width, base)

    def _spans(self, index: int) -> tuple[list[Span], list[Span]]:
        """Styled logical spans of a segment's Arabic and English, later ones on top."""
        found = self.highlights(index)
        term = self.get_component_rich_style("parallel--term")
        arabic: list[Span] = [(match.start, match.end, term) for match in found.terms]
        english: list[Span] = [(start, end, term) for start, end in found.english]
        if self.focus_span is not None and self.focus_span[0] == index:
            _, start, end = self.focus_span
            arabic.append((start, end, self.get_component_rich_style("parallel--focus-term")))
        if self.word is not None and index == self.current:
            arabic.append((*self.word, self.get_component_rich_style("parallel--word")))
        return arabic, english

    def _pane(
        self, line: VisualLine | None, width: int, style: Style, spans: list[Span], *, rtl: bool
    ) -> list[RichSegment]:
        if line is None:
            return [RichSegment(" " * width, style)]
        pad = RichSegment(" " * max(width - line.width, 0), style)
        body = _styled(line, style, spans)
        return [pad, *body] if rtl and self.visual else [*body, pad]


def _styled(line: VisualLine, style: Style, spans: list[Span]) -> list[RichSegment]:
    """The line's clusters as segments, each styled by the spans that cover its letters."""
    relevant = [span for span in spans if span[0] < line.end and span[1] > line.start]
    if not relevant:
        return [RichSegment(line.text, style)]
    segments: list[RichSegment] = []
    for cluster in line.clusters:
        cluster_style = style
        for start, end, extra in relevant:
            if start < cluster.end and end > cluster.start:
                cluster_style = cluster_style + extra
        if segments and segments[-1].style == cluster_style:
            segments[-1] = RichSegment(segments[-1].text + cluster.text, cluster_style)
        else:
            segments.append(RichSegment(cluster.text, cluster_style))
    return segments
