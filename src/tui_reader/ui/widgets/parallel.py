"""The reading view: each segment's Arabic beside (or above) its English, scrolling as one.

The view only draws. Which row shows which segment, and what is under a cell, is the row model
of `core.rows`; the terms come from `core.glossary` and the words from `core.text`. Drawn rows
are kept in an LRU cache keyed by everything that shaped them (as Textual's `DataTable` keys
its line cache), so a change of state needs no hand-made invalidation: it changes the key.

A row is painted by `painting`, from what the view gathers for it: functions of their
arguments alone, so that the rows of the page below are painted in a thread.

Still some 900 lines, not under 500: the word cursor and selection (keys and mouse), search-hit
stepping and paging, and drawing the page below ahead are the view's own interaction and
caches, not a model, and splitting them into mixins would only scatter one widget's reactives
and bindings over several files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import ClassVar, NamedTuple

from rich.cells import cached_cell_len
from rich.segment import Segment as RichSegment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import PseudoClasses
from textual.worker import get_current_worker

from tui_reader.core.glossary import Glossary, Highlights, find_highlights
from tui_reader.core.notes import Placed
from tui_reader.core.rows import (
    BLOCKS_KEPT,
    Block,
    Geometry,
    Pointed,
    Rows,
    lay_out_ahead,
    measure,
)
from tui_reader.core.text import Segment, Text
from tui_reader.core.text import words as word_spans
from tui_reader.ui.widgets.painting import (
    Frame,
    Marking,
    Marks,
    Paints,
    Row,
    Spans,
    SpanStyles,
    paint_row,
    segment_spans,
)

SIDE_BY_SIDE_MIN_WIDTH = 100
"""From this many columns, "auto" puts the panes side by side."""
MIN_SIZE = Size(20, 5)
"""The least the view itself needs; with the status line and the footer, a 22×8 window."""
TOO_SMALL = ("Too small:", "make it", "22×8 or more")
ENGLISH_MODES = ("reference", "draft", "both")
"""What the English pane shows: the text's own English, your draft, or both."""
DRAFT_PREFIX = "▸ "
"""Before your draft, under the reference, when the pane shows both."""
ROWS_KEPT = 512
"""Drawn rows kept: a dozen screens back and forth. Each is a Textual `Strip` with seven
caches of its own, all tracked by the garbage collector: 4,096 of them made the collections of
a page-down on a book walk 150,000 objects."""

_RowKey = tuple[int, int, Frame, Marks]
"""A drawn row's segment, its row in the segment, and everything else that shaped it."""


_SpansKey = tuple[int, Marks]


class _Plan(NamedTuple):
    """The rows of the page below, for a thread to lay out and draw, with the styles to draw
    them in. Made on the loop from the heights of the segments, before they are laid out."""

    version: int
    """Of the styles (see `ParallelView._styles_version`)."""
    rows: Rows
    geometry: Geometry
    paints: Paints
    styles: SpanStyles
    wanted: list[tuple[_RowKey, Row]]
    blocks: dict[int, Block]
    """The rows' segments laid out before."""
    unlaid: list[int]
    """The others."""
    spans: dict[_SpansKey, Spans]
    """The spans of the rows' segments made before."""
    markings: dict[_SpansKey, Marking]
    """What the spans of the others are to be made from."""


class ParallelView(ScrollView, can_focus=True, inherit_bindings=False):
    """Segments of a text, Arabic on the right and English on the left (or stacked, Arabic
    first), with the current segment marked in both, a word cursor and a selection."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "next_segment", "Next", id="reader.next"),
        Binding("up,k", "previous_segment", "Previous", show=False, id="reader.previous"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("pageup,b", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("home", "first_segment", "First", show=False, id="reader.first"),
        Binding("end", "last_segment", "Last", show=False, id="reader.last"),
        # "Word", short: the footer at 80 columns must keep "? Help".
        Binding("left", "word(-1)", "Word", key_display="←→", id="reader.word_left"),
        Binding("right", "word(1)", "Word cursor right", show=False, id="reader.word_right"),
        Binding(
            "shift+left", "select(-1)", "Extend selection left", show=False, id="reader.select_left"
        ),
        Binding(
            "shift+right",
            "select(1)",
            "Extend selection right",
            show=False,
            id="reader.select_right",
        ),
        Binding("p", "switch_pane", "Pane", show=False, id="reader.switch_pane"),
        Binding("enter", "choose_word", "Look up", id="reader.lookup"),
        Binding("escape", "clear_word", "Clear", show=False, id="reader.clear_word"),
        Binding("n", "step_hit(1)", "Next hit", id="reader.next_hit"),
        Binding("N", "step_hit(-1)", "Previous hit", id="reader.previous_hit"),
    ]

    # "current" and "note" set a background (blended with the widget's, so they are read whole);
    # the others only colour or decorate text and are read partially, so they keep whatever
    # background is under them.
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "parallel--current",
        "parallel--gutter",
        "parallel--empty",
        "parallel--term",
        "parallel--focus-term",
        "parallel--word",
        "parallel--note",
        "parallel--note-mark",
        "parallel--draft-mark",
        "parallel--hit",
        "parallel--hit-current",
        "parallel--status-new",
        "parallel--status-1",
        "parallel--status-2",
        "parallel--status-3",
        "parallel--status-4",
    }

    # The scrollbar's place is kept even before a text is long enough to need one: its
    # appearing must not change the width and so make the whole text be measured again.
    DEFAULT_CSS = """
    ParallelView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
    }
    """

    current: reactive[int] = reactive(0)
    """Index of the current segment."""
    arrangement: reactive[str] = reactive("auto")
    """"auto", "side" or "stacked"."""
    visual: reactive[bool] = reactive(True)
    """False sends logical, unshaped text (for terminals that do bidi themselves)."""
    pane: reactive[str] = reactive("ar")
    """The pane of the word cursor and the selection: "ar" or "en"."""
    word: reactive[tuple[int, int] | None] = reactive(None)
    """The word cursor: a logical span of the current segment's text in `pane`, or None."""
    anchor_word: reactive[tuple[int, int] | None] = reactive(None)
    """Where a selection started (shift+arrows or a mouse drag); it runs to `word`."""
    focus_span: reactive[tuple[int, int, int] | None] = reactive(None)
    """(segment, start, end) of a term occurrence being stepped through, drawn brighter."""
    hit_index: reactive[int] = reactive(-1)
    """The search hit being shown, in `hits`; n and N step through them (search mode)."""

    class WordChosen(Message):
        """Enter on a word: the screen looks it up."""

        def __init__(self, word: str, segment: Segment, pane: str) -> None:
            self.word = word
            self.segment = segment
            self.pane = pane
            super().__init__()

    def __init__(self, text: Text, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reference = text
        """The text as loaded: its English is the reference, never changed here."""
        self.text = text
        """The text as shown: the reference's Arabic with the English of `english_mode`."""
        self.english_mode = "reference"
        self.drafts: dict[str, str] = {}
        """Your draft of each segment (by id) that has one."""
        self.rows = Rows(text.segments)
        """Which row shows which segment, and what is under a cell."""
        self.glossary: Glossary | None = None
        self._highlights: dict[int, Highlights] = {}
        self._notes: dict[int, list[Placed]] = {}
        self._updates = 0
        """Counts changes of the terms, notes and hits (see `Marks`)."""
        self._dragging = False
        self._top_wanted = False
        self._frame: Frame | None = None
        """The frame being drawn (see `render_lines`)."""
        self._spans_cache: LRUCache[_SpansKey, Spans] = LRUCache(BLOCKS_KEPT)
        self._row_cache: LRUCache[_RowKey, Strip] = LRUCache(ROWS_KEPT)
        self._styles_version = 0
        """Counts the changes of theme, which the rows drawn in a thread must not miss."""
        self._paints_kept: dict[PseudoClasses, Paints] = {}
        self._span_styles_kept: SpanStyles | None = None
        self.hits: list[tuple[int, str, int, int]] = []
        """Search hits in this text: (segment index, pane, start, end), in text order."""
        self.statuses: Mapping[int, list[tuple[int, int, int]]] = {}
        """Words of each segment's Arabic coloured by status: (start, end, status)."""
        self.status_colours = True

    # Geometry ---------------------------------------------------------------------------

    def _geometry(self) -> Geometry:
        if self._frame is not None:
            return self._frame.geometry
        if self.arrangement == "auto":
            side = self.size.width >= SIDE_BY_SIDE_MIN_WIDTH
        else:
            side = self.arrangement == "side"
        return Geometry.of(self.scrollable_content_region.width, side=side, visual=self.visual)

    def _frame_now(self) -> Frame:
        if self._frame is not None:
            return self._frame
        return Frame(self._geometry(), self.rich_style, self.get_pseudo_class_state())

    def _paints(self, frame: Frame) -> Paints:
        # Kept until the styles change: Textual works them out again after every refresh,
        # a tenth of a millisecond each.
        paints = self._paints_kept.get(frame.pseudo_classes)
        if paints is None:
            paints = self._paints_kept[frame.pseudo_classes] = Paints(
                self.get_component_rich_style("parallel--current"),
                self.get_component_rich_style("parallel--note-mark", partial=True),
                self.get_component_rich_style("parallel--draft-mark", partial=True),
                self.get_component_rich_style("parallel--empty", partial=True),
                self.get_component_rich_style("parallel--gutter", partial=True),
            )
        return paints

    def _span_styles(self) -> SpanStyles:
        styles = self._span_styles_kept
        if styles is None:

            def style(name: str) -> Style:
                return self.get_component_rich_style(f"parallel--{name}", partial=True)

            statuses = tuple(style(f"status-{name}") for name in ("new", "1", "2", "3", "4"))
            styles = self._span_styles_kept = SpanStyles(
                style("term"),
                statuses,
                self.get_component_rich_style("parallel--note"),
                style("hit"),
                style("hit-current"),
                style("focus-term"),
                style("word"),
            )
        return styles

    @property
    def side_by_side(self) -> bool:
        return self._geometry().side

    def render_lines(self, crop: Region) -> list[Strip]:
        # A frame draws every row with the same geometry and style: measure them once, not
        # for each row (Textual works out a widget's region and style afresh at every call).
        self._frame = None
        self._frame = self._frame_now()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def block(self, index: int) -> Block:
        block = self.rows.block(index)
        if block.height != self.rows.heights[index]:
            # Not in the middle of drawing: the rows move once this frame is done.
            self.call_after_refresh(self._correct_height, index, block.height)
        return block

    def _relayout(self) -> None:
        """Rows for every segment at the current geometry. A long text gets estimates at
        first (see `Rows.lay_out`) and the rest measured in a thread, so that it opens at
        once."""
        geometry = self._geometry()
        if geometry == self.rows.geometry or geometry.width <= 0:
            return
        screen = self.scrollable_content_region.height
        if self.rows.lay_out(geometry, around=self.current, screen=screen):
            # After the first paint: the thread holds the GIL while it measures.
            self.call_after_refresh(self._measure, geometry)
        self._rows_changed()

    def _rows_changed(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.rows.total)
        self.refresh()

    @work(thread=True, exclusive=True, group="heights")
    def _measure(self, geometry: Geometry) -> None:
        worker = get_current_worker()
        heights = []
        for index, segment in enumerate(self.text.segments):
            # A resize or a closed app cancels this; stop rather than hold the GIL for nothing.
            if index % 64 == 0 and worker.is_cancelled:
                return
            heights.append(measure(segment, geometry))
        if not worker.is_cancelled:
            self.app.call_from_thread(self._measured, geometry, heights)

    def _measured(self, geometry: Geometry, heights: list[int]) -> None:
        """Exact rows arrived: swap them in without moving what the reader sees."""
        if geometry != self.rows.geometry:
            return
        top = self.rows.replace(heights, int(self.scroll_y))
        self._rows_changed()
        self.scroll_to(y=top, animate=False)

    def _correct_height(self, index: int, height: int) -> None:
        """An estimated segment came into view before the thread measured it."""
        if self.rows.heights[index] == height:
            return
        heights = list(self.rows.heights)
        heights[index] = height
        top = self.rows.replace(heights, int(self.scroll_y))
        self._rows_changed()
        if top != int(self.scroll_y):
            self.scroll_to(y=top, animate=False)

    def segment_region(self, index: int) -> Region:
        """Rows of a segment's block, in virtual coordinates."""
        self._relayout()
        top, height = self.rows.span(index)
        return Region(0, top, self.scrollable_content_region.width, height)

    def segment_at(self, row: int) -> int:
        self._relayout()
        return self.rows.segment_at(row)

    def pointed(self, x: int, row: int) -> Pointed | None:
        """The segment, pane and logical offset at content cell (x, row) of the whole view."""
        self._relayout()
        return self.rows.pointed(x, row)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Cached spans and rows hold the styles of the theme they were drawn in.
        self._styles_version += 1
        self._paints_kept.clear()
        self._span_styles_kept = None
        self._spans_cache.clear()
        self._row_cache.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        if self._top_wanted:
            self.call_after_refresh(self._scroll_current_to_top)
        else:
            self.call_after_refresh(self.scroll_to_current, False)

    def watch_arrangement(self) -> None:
        self._relayout()
        self.call_after_refresh(self.scroll_to_current, False)

    def watch_visual(self) -> None:
        self._relayout()

    # What is marked -----------------------------------------------------------------------

    def set_glossary(self, glossary: Glossary | None) -> None:
        self.glossary = glossary
        self._highlights.clear()
        self._marked()

    def set_notes(self, placed: list[Placed]) -> None:
        notes: dict[int, list[Placed]] = {}
        for item in placed:
            if item.segment_index is not None:
                notes.setdefault(item.segment_index, []).append(item)
        self._notes = notes
        self._marked()

    def _marked(self) -> None:
        """The terms, notes or hits changed: every segment's marks are new."""
        self._updates += 1
        self.refresh()

    def set_statuses(self, statuses: Mapping[int, list[tuple[int, int, int]]]) -> None:
        """The words to colour by status, by segment; known and ignored words are left out."""
        self.statuses = statuses
        self._marked()

    def show_status_colours(self, on: bool) -> None:
        self.status_colours = on
        self._marked()

    def notes_at(self, index: int) -> list[Placed]:
        return self._notes.get(index, [])

    def highlights(self, index: int) -> Highlights:
        """Terms of a segment, found once and kept (or given by `set_highlights`)."""
        found = self._highlights.get(index)
        if found is None:
            found = find_highlights(self.text.segments[index], self.glossary)
            self._highlights[index] = found
        return found

    def set_highlights(self, glossary: Glossary, found: list[Highlights]) -> None:
        """Every segment's terms, found by the reader's worker: a page that comes into view
        no longer pays for matching. The same as `highlights` would find, so nothing is
        redrawn."""
        if glossary is self.glossary and len(found) == len(self.text.segments):
            # Found in the reference: a segment showing a draft finds its own when drawn.
            shown, reference = self.text.segments, self.reference.segments
            self._highlights = {
                index: marked
                for index, marked in enumerate(found)
                if shown[index].en == reference[index].en
            }

    # The English pane: reference, draft or both ---------------------------------------------

    def show_english(self, mode: str, drafts: dict[str, str]) -> None:
        """Show the reference, your drafts or both in the English pane. A segment without
        reference shows its draft whatever the mode: then the draft is the English."""
        self.english_mode, self.drafts = mode, dict(drafts)
        segments = []
        for segment in self.reference.segments:
            draft = self.drafts.get(segment.id, "")
            if mode == "draft" or not segment.en.strip():
                english = draft
            elif mode == "both" and draft:
                english = f"{segment.en}\n{DRAFT_PREFIX}{draft}"
            else:
                english = segment.en
            segments.append(segment if english == segment.en else replace(segment, en=english))
        self.text = replace(self.reference, segments=tuple(segments))
        self.rows = Rows(self.text.segments)
        self._highlights.clear()
        self._marked()
        self._relayout()
        self.call_after_refresh(self.scroll_to_current, False)

    def shows_reference(self, index: int) -> bool:
        """Whether segment `index` shows its reference as it stands (offsets into the
        reference's English, a note's or a search hit's, hold)."""
        return self.text.segments[index].en == self.reference.segments[index].en

    # The word cursor and the selection ----------------------------------------------------

    def source(self, index: int, pane: str | None = None) -> str:
        segment = self.text.segments[index]
        return segment.ar if (pane or self.pane) == "ar" else segment.en

    def words(self, index: int, pane: str | None = None) -> list[tuple[int, int]]:
        return word_spans(self.source(index, pane))

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span of the current segment in `pane` (a single word at least)."""
        if self.word is None:
            return None
        if self.anchor_word is None:
            return self.word
        return min(self.word[0], self.anchor_word[0]), max(self.word[1], self.anchor_word[1])

    def watch_current(self, old: int, new: int) -> None:
        if old != new:
            self.word = None
            self.anchor_word = None

    def watch_pane(self) -> None:
        self.word = None
        self.anchor_word = None

    def _step(self, step: int, *, within: bool) -> bool:
        """Move the word cursor `step` words in reading order; `within` keeps it in the
        current segment. Returns whether it moved."""
        index = self.current
        words = self.words(index)
        if self.word in words:
            position = words.index(self.word) + step
        else:
            position = 0 if step > 0 else len(words) - 1
        while not 0 <= position < len(words):
            if within:
                return False
            index += step
            if not 0 <= index < len(self.text.segments):
                return False
            words = self.words(index)
            position = 0 if step > 0 else len(words) - 1
        self.current = index
        self.word = words[position]
        self.call_after_refresh(self.scroll_to_current, False)
        return True

    def _reading_step(self, direction: int) -> int:
        """Arrow direction (-1 left, +1 right) as a step in reading order: in Arabic, left is
        the next word."""
        return -direction if self.pane == "ar" else direction

    def action_word(self, direction: int) -> None:
        self.anchor_word = None
        self._step(self._reading_step(direction), within=False)

    def action_select(self, direction: int) -> None:
        if self.word is None:
            self._step(self._reading_step(direction), within=False)
            return
        anchor = self.anchor_word or self.word
        if self._step(self._reading_step(direction), within=True):
            self.anchor_word = anchor

    def action_switch_pane(self) -> None:
        self.pane = "en" if self.pane == "ar" else "ar"
        self.notify(
            f"Word cursor in the {'Arabic' if self.pane == 'ar' else 'English'} pane", timeout=2
        )

    def action_clear_word(self) -> None:
        """Escape: clears the word cursor, or else ends search mode."""
        if self.word is not None:
            self.word = None
            self.anchor_word = None
        elif self.hits:
            self.set_hits([])
            self.notify("Search cleared: n adds a note again.", timeout=3)

    def set_hits(self, hits: list[tuple[int, str, int, int]], shown: int = -1) -> None:
        self.hits = sorted(hits)
        self.hit_index = shown
        self._marked()
        self.refresh_bindings()

    def show_hit(self, index: int) -> None:
        segment, pane, _, _ = self.hits[index]
        self.hit_index = index
        self.go_to(segment)
        self.pane = pane
        self.word = None

    def action_step_hit(self, step: int) -> None:
        if self.hits:
            self.show_hit((self.hit_index + step) % len(self.hits))
            self.notify(f"hit {self.hit_index + 1} of {len(self.hits)}", timeout=2)

    def action_choose_word(self) -> None:
        if self.word is None:
            self._step(1, within=False)
            return
        segment = self.text.segments[self.current]
        start, end = self.word
        self.post_message(self.WordChosen(self.source(self.current)[start:end], segment, self.pane))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_word":
            return self.word is not None or bool(self.hits)
        if action == "step_hit":
            return bool(self.hits)
        return True

    def _word_at(self, index: int, pane: str, offset: int) -> tuple[int, int] | None:
        for start, end in self.words(index, pane):
            if start <= offset < end:
                return start, end
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = event.get_content_offset(self)
        if offset is None or event.button != 1:
            return
        found = self.pointed(offset.x, offset.y + int(self.scroll_y))
        if found is None:
            return
        self.current = found.index
        self.pane = found.pane
        word = (
            None if found.offset is None else self._word_at(found.index, found.pane, found.offset)
        )
        self.word = word
        self.anchor_word = None
        if word is not None:
            self._dragging = True
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        offset = event.get_content_offset_capture(self)
        found = self.pointed(offset.x, offset.y + int(self.scroll_y))
        if found is None or found.offset is None:
            return
        if found.index != self.current or found.pane != self.pane:
            return
        word = self._word_at(found.index, found.pane, found.offset)
        if word is not None and word != self.word:
            if self.anchor_word is None:
                self.anchor_word = self.word
            self.word = word

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    # Navigation ---------------------------------------------------------------------------

    def validate_current(self, value: int) -> int:
        return max(0, min(value, len(self.text.segments) - 1))

    def scroll_to_current(self, animate: bool = False) -> None:
        region = self.segment_region(self.current)
        self.scroll_to_region(region, animate=animate, top=region.height >= self.size.height)

    def go_to(self, index: int, *, top: bool = False) -> None:
        self.current = index
        self._top_wanted = top
        if self.rows.geometry is not None:
            # Laid out already: scroll in the same tick, so the key costs one repaint.
            if top:
                self._scroll_current_to_top()
            else:
                self.scroll_to_current(False)
        elif top:
            self.call_after_refresh(self._scroll_current_to_top)
        else:
            self.call_after_refresh(self.scroll_to_current, False)

    def _scroll_current_to_top(self) -> None:
        """Put the current segment at the top, once the view has a size to do it in."""
        if self.scrollable_content_region.width <= 0:
            return
        self._top_wanted = False
        self.scroll_to(y=self.segment_region(self.current).y, animate=False)

    def action_next_segment(self) -> None:
        self.go_to(self.current + 1)

    def action_previous_segment(self) -> None:
        self.go_to(self.current - 1)

    def action_first_segment(self) -> None:
        self.go_to(0, top=True)

    def action_last_segment(self) -> None:
        """The last segment, and the end of the text on screen (the last segment's top would
        hide the rest of a long one)."""
        self._relayout()
        self.current = len(self.text.segments) - 1
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_page_down(self) -> None:
        """The segment that runs past the bottom of the screen (or the next one) goes to the
        top, so no line is skipped; a segment taller than the screen is paged through."""
        self._relayout()
        below = self._page_below()
        if below is None:
            self.current = len(self.text.segments) - 1
            self.scroll_to(y=self.max_scroll_y, animate=False)
            return
        index, top = below
        # Once this page is drawn, the next one is laid out and drawn while the reader reads.
        self.call_after_refresh(self._lay_out_ahead)
        if top != self.rows.starts[index]:
            self.scroll_to(y=top, animate=False)
            self.current = index
            return
        self.go_to(index, top=True)

    def _page_below(self) -> tuple[int, int] | None:
        """The segment a page-down makes current and the row it puts at the top (the rest of
        a segment taller than the screen, or the top of the one that runs past the bottom, or
        of the next); None at the end of the text."""
        top = int(self.scroll_y)
        bottom = top + self.scrollable_content_region.height
        if self.scroll_y >= self.max_scroll_y or bottom >= self.rows.starts[-1] - 1:
            return None
        index = self.segment_at(bottom)
        if bottom >= self.rows.starts[index + 1] - 1:
            index = min(index + 1, len(self.text.segments) - 1)
        if index == self.segment_at(top) and self.rows.starts[index] <= top:
            return index, bottom
        return index, self.rows.starts[index]

    def _lay_out_ahead(self) -> None:
        """Lay out and draw, in a thread, the page below the one shown (what the next
        page-down draws), so that the key finds its rows drawn, as on a page it showed
        before, instead of shaping and ordering some six new paragraphs and drawing forty
        rows. The thread takes the GIL while the reader reads; a page-down pressed before it
        is done starts another, which cancels it (`exclusive`). A page met before, all drawn
        still, needs no thread."""
        plan = self._plan_ahead()
        if plan is not None:
            self._prepare_ahead(plan)

    def _plan_ahead(self) -> _Plan | None:
        """Which rows the next page-down shows (with the segment it makes current marked
        so) that are not drawn yet, and what each is drawn from. A guess that turns out
        wrong (the marks changed meanwhile) only misses the cache."""
        rows, geometry = self.rows, self.rows.geometry
        below = self._page_below() if geometry is not None else None
        if below is None or geometry is None:
            return None
        current, top = below
        frame = self._frame_now()
        wanted = []
        blocks: dict[int, Block] = {}
        unlaid: list[int] = []
        spans: dict[_SpansKey, Spans] = {}
        markings: dict[_SpansKey, Marking] = {}
        for y in range(top, min(top + self.scrollable_content_region.height, rows.total)):
            found = rows.locate(y)
            if found is None:
                break
            index, local = found
            marks = self._marks(index, current)
            key = (index, local, frame, marks)
            # `get`, not `in`: a row found becomes the newest kept. Left among the oldest (from
            # a first reading), each row drawn meanwhile would let one go, and the key would
            # draw them all again, each letting the next go.
            if self._row_cache.get(key) is not None:
                continue
            wanted.append((key, self._row_source(index, local)))
            if index not in blocks and index not in unlaid:
                block = rows.kept(index)
                if block is None:
                    unlaid.append(index)
                else:
                    blocks[index] = block
            if (index, marks) not in spans and (index, marks) not in markings:
                made = self._spans_cache.get((index, marks))
                if made is None:
                    markings[index, marks] = self._marking(index)
                else:
                    spans[index, marks] = made
        if not wanted:
            return None
        return _Plan(
            self._styles_version,
            rows,
            geometry,
            self._paints(frame),
            self._span_styles(),
            wanted,
            blocks,
            unlaid,
            spans,
            markings,
        )

    # Described, not shown by Textual's `repr` of the plan: its rows and blocks took two
    # milliseconds of the loop to write out, a page-down's worth.
    @work(thread=True, exclusive=True, group="ahead", description="the page below")
    def _prepare_ahead(self, plan: _Plan) -> None:
        worker = get_current_worker()
        blocks = dict(plan.blocks)
        laid_out = []
        for index in plan.unlaid:
            if worker.is_cancelled:
                return
            block = blocks[index] = lay_out_ahead(plan.rows.segments[index], plan.geometry)
            laid_out.append((index, block))
        spans = dict(plan.spans)
        drawn = []
        for key, row in plan.wanted:
            if worker.is_cancelled:
                return
            index, _, frame, marks = key
            made = spans.get((index, marks))
            if made is None:
                marking = plan.markings[index, marks]
                made = spans[index, marks] = segment_spans(marking, plan.styles, marks)
            strip = paint_row(blocks[index], row, made, frame, plan.paints, marks)
            # Measured here as Textual will measure them on the key: the compositor cuts
            # each row where the scrollbar begins, counting its segments' cells with Rich
            # (kept by text), and a book's new Arabic costs it a millisecond a page.
            for segment in strip:
                cached_cell_len(segment.text)
            drawn.append((key, strip))
        if not worker.is_cancelled:
            new = {key: spans[key] for key in plan.markings}
            self.app.call_from_thread(self._drawn_ahead, plan, laid_out, drawn, new)

    def _drawn_ahead(
        self,
        plan: _Plan,
        laid_out: list[tuple[int, Block]],
        drawn: list[tuple[_RowKey, Strip]],
        spans: dict[_SpansKey, Spans],
    ) -> None:
        if plan.rows is not self.rows:
            return  # another English shown meanwhile
        plan.rows.keep(plan.geometry, laid_out)
        if plan.geometry == self.rows.geometry:
            # A book just opened has estimated heights until its segments are measured. A
            # row drawn is the same wherever its segment comes to stand.
            for index, block in laid_out:
                self._correct_height(index, block.height)
        if plan.version != self._styles_version:
            return  # drawn in the styles of a theme since left
        for key, strip in drawn:
            self._row_cache[key] = strip
        for spans_key, made in spans.items():
            self._spans_cache[spans_key] = made

    def action_page_up(self) -> None:
        """Up by a screen. The page starts at a segment's top where one falls in its first
        rows, never above the screen's height: starting higher would skip the rows between
        the new page's bottom and the old page's top."""
        self._relayout()
        top = int(self.scroll_y)
        if top <= 0:
            self.go_to(0, top=True)
            return
        target = max(top - self.scrollable_content_region.height, 0)
        index = self.segment_at(target)
        if self.rows.starts[index] < target and self.rows.starts[index + 1] < top:
            # The segment at the new page's top began above it: start at the next one.
            index += 1
            target = self.rows.starts[index]
        self.scroll_to(y=target, animate=False)
        self.current = index

    # Drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        frame = self._frame_now()
        width, base = frame.geometry.width, frame.style
        if width < MIN_SIZE.width or self.size.height < MIN_SIZE.height:
            text = TOO_SMALL[y][:width] if y < len(TOO_SMALL) else ""
            return Strip([RichSegment(text.ljust(width), base)], width)
        self._relayout()
        found = self.rows.locate(y + int(self.scroll_y))
        if found is None:
            return Strip.blank(width, base)
        index, local = found
        return self._row(index, local, frame, self._marks(index))

    def _row(self, index: int, local: int, frame: Frame, marks: Marks) -> Strip:
        """A row as drawn before in this state, or drawn now and kept."""
        key: _RowKey = (index, local, frame, marks)
        strip = self._row_cache.get(key)
        if strip is None:
            strip = self._row_cache[key] = self._draw_row(index, local, frame, marks)
        return strip

    def _marks(self, index: int, current_index: int | None = None) -> Marks:
        current = index == (self.current if current_index is None else current_index)
        selection = self.selection if current else None
        focus = self.focus_span
        hit = self.hit_index if 0 <= self.hit_index < len(self.hits) else None
        return Marks(
            self._updates,
            current,
            None if selection is None else (self.pane, *selection),
            focus[1:] if focus is not None and focus[0] == index else None,
            hit if hit is not None and self.hits[hit][0] == index else None,
        )

    def _draw_row(self, index: int, local: int, frame: Frame, marks: Marks) -> Strip:
        spans = self._spans(index, marks)
        row = self._row_source(index, local)
        return paint_row(self.block(index), row, spans, frame, self._paints(frame), marks)

    def _row_source(self, index: int, local: int) -> Row:
        first = local == 0
        return Row(
            local,
            first and bool(self.notes_at(index)),
            first and self.text.segments[index].id in self.drafts,
        )

    def _spans(self, index: int, marks: Marks) -> Spans:
        key = (index, marks)
        spans = self._spans_cache.get(key)
        if spans is None:
            spans = self._spans_cache[key] = self._make_spans(index, marks)
        return spans

    def _make_spans(self, index: int, marks: Marks) -> Spans:
        return segment_spans(self._marking(index), self._span_styles(), marks)

    def _marking(self, index: int) -> Marking:
        segment = self.text.segments[index]
        reference = self.shows_reference(index)
        notes = []
        for placed in self.notes_at(index):
            anchor = placed.note.anchor
            if anchor.whole_segment(self.reference.segments[index]):
                notes += [("ar", 0, len(segment.ar)), ("en", 0, len(segment.en))]
            elif anchor.pane == "ar" or reference:
                notes.append((anchor.pane, placed.start, placed.end))
        hits = [
            (number, pane, start, end)
            for number, (segment_index, pane, start, end) in enumerate(self.hits)
            if segment_index == index and (pane == "ar" or reference)
        ]
        return Marking(
            index,
            self.highlights(index),
            self.statuses if self.status_colours else None,
            notes,
            hits,
        )
