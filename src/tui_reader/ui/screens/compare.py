"""Your draft of a segment against its reference, word by word, for study."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer, Label

from tui_reader.core.display import layout
from tui_reader.core.drafts import word_diff
from tui_reader.core.text import Segment
from tui_reader.ui.widgets.bidi_static import BidiStatic


class WordDiff(Widget):
    """The pieces of a word diff: the reference's words left out struck through, the draft's
    words put in underlined, each in its theme colour; laid out at the widget's width."""

    DEFAULT_CSS = """
    WordDiff {
        height: auto;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"word-diff--insert", "word-diff--delete"}

    def __init__(self, reference: str, draft: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pieces = word_diff(reference, draft)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.diff(width).plain.count("\n") + 1

    def render(self) -> Text:
        return self.diff(self.content_size.width)

    def diff(self, width: int) -> Text:
        styles = {
            "insert": self.get_component_rich_style("word-diff--insert", partial=True),
            "delete": self.get_component_rich_style("word-diff--delete", partial=True),
        }
        spans: list[tuple[int, int, Style]] = []
        position = 0
        for kind, words in self.pieces:
            if kind in styles:
                spans.append((position, position + len(words.rstrip()), styles[kind]))
            position += len(words)
        whole = "".join(words for _, words in self.pieces)
        # Laid out whole, through the display pipeline: Arabic quoted in the English reads
        # right, and controls from a draft file are drawn as symbols.
        shown = Text(no_wrap=True, overflow="crop")
        for number, line in enumerate(layout(whole, max(width, 1), rtl=False)):
            if number:
                shown.append("\n")
            run, run_style = "", None
            for cluster in line.clusters:
                style = next(
                    (style for start, end, style in spans if start <= cluster.start < end), None
                )
                if style != run_style:
                    shown.append(run, run_style)
                    run, run_style = "", style
                run += cluster.text
            shown.append(run, run_style)
        return shown


class CompareScreen(ModalScreen[None]):
    """The draft against the reference for the current segment."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,x", "dismiss", "Close", id="compare.close"),
    ]

    def __init__(self, segment: Segment, number: int, draft: str) -> None:
        super().__init__()
        self.segment = segment
        self.number = number
        self.draft = draft

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="compare"):
            yield Label(
                Text(f"Segment {self.number}: your draft against the reference", style="bold"),
                id="compare-title",
            )
            yield BidiStatic(self.segment.ar, id="compare-arabic")
            yield WordDiff(self.segment.en, self.draft, id="compare-diff")
            legend = Text("struck through: only in the reference · underlined: only in your draft")
            yield Label(legend, id="compare-legend")
        yield Footer()
