"""The QA panel: the terminology issues of the text's draft (or reference), by segment; choose
one to go to it, or ignore it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui_reader.core.errors import terminal_safe
from tui_reader.core.qa import Issue
from tui_reader.ui.arabic import first_line, right_aligned
from tui_reader.ui.widgets.side_panel import SidePanel

LIST_WIDTH = 30


class ChecksPanel(SidePanel):
    """Posts `IssueChosen` (enter), `IgnoreRequested` (i) and `TargetSwitched` (r)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "ignore", "Ignore / restore", id="qa.ignore"),
        Binding("r", "switch_target", "Draft / reference", id="qa.target"),
        Binding("a", "show_ignored", "Show ignored", id="qa.show_ignored"),
    ]

    class IssueChosen(Message):
        def __init__(self, issue: Issue) -> None:
            self.issue = issue
            super().__init__()

    class IgnoreRequested(IssueChosen):
        """Ignore the issue (or, for one ignored already, take the ignoring back)."""

    class TargetSwitched(Message):
        """Check the other English: the draft or the reference."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.issues: list[Issue] = []
        self.ignored: list[Issue] = []
        self.target = "draft"
        self.why = ""
        """Why the target is not checked, when it is not (`qa.unchecked`)."""
        self.with_ignored = False
        """Whether the ignored issues are listed too (to take an ignoring back)."""

    def compose(self) -> ComposeResult:
        yield Label("", id="qa-title")
        yield OptionList(id="qa-list")

    def show(
        self, target: str, issues: list[Issue], ignored: list[Issue], *, why: str = ""
    ) -> None:
        """The open issues of `target`, and those ignored; or `why` it is not checked."""
        self.target, self.issues, self.ignored, self.why = target, issues, ignored, why
        self.refill()

    def _listed(self) -> list[tuple[Issue, bool]]:
        listed = [(issue, False) for issue in self.issues]
        if self.with_ignored:
            listed += [(issue, True) for issue in self.ignored]
        return listed

    def refill(self) -> None:
        if self.why:
            # r switches to the other English: worth saying only from the drafts.
            switch = "; r checks the text's own English" if self.target == "draft" else ""
            self.query_one("#qa-title", Label).update(Text(f"{self.why}{switch}", style="bold"))
            self.query_one("#qa-list", OptionList).clear_options()
            return
        title = Text(f"{len(self.issues)} open in the {self.target}", style="bold")
        if self.ignored:
            title.append(f" · {len(self.ignored)} ignored", style="dim")
        self.query_one("#qa-title", Label).update(title)
        options = self.query_one("#qa-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for number, (issue, ignored) in enumerate(self._listed()):
            options.add_option(self._option(number, issue, ignored))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)
        else:
            message = f"No issues in the {self.target}."
            options.add_option(Option(Text(message, style="italic"), disabled=True))

    def _option(self, number: int, issue: Issue, ignored: bool) -> Option:
        head = Text(f"{terminal_safe(issue.segment_id)} · {issue.kind}", style="bold")
        if ignored:
            head.append(" · ignored", style="dim italic")
        if issue.arabic:
            head.append("\n" + right_aligned(first_line(issue.arabic, LIST_WIDTH), LIST_WIDTH))
        detail = describe(issue)
        head.append(
            "\n" + (detail if len(detail) <= LIST_WIDTH else detail[: LIST_WIDTH - 1] + "…")
        )
        return Option(head, id=str(number))

    def _highlighted(self) -> tuple[Issue, bool] | None:
        options = self.query_one("#qa-list", OptionList)
        listed = self._listed()
        if options.highlighted is None or options.highlighted >= len(listed):
            return None
        return listed[options.highlighted]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = self._highlighted()
        if chosen is not None:
            self.post_message(self.IssueChosen(chosen[0]))

    def action_ignore(self) -> None:
        chosen = self._highlighted()
        if chosen is not None:
            self.post_message(self.IgnoreRequested(chosen[0]))

    def action_switch_target(self) -> None:
        self.post_message(self.TargetSwitched())

    def action_show_ignored(self) -> None:
        self.with_ignored = not self.with_ignored
        self.refill()


def describe(issue: Issue) -> str:
    """The issue in English alone, safe for the terminal (the Arabic is drawn apart)."""
    if issue.kind == "avoid":
        said = f"avoid “{issue.found}”, use {issue.expected[0]}"
    elif issue.kind == "number":
        said = f"{issue.expected[0]} is not in the English"
    elif issue.kind == "term":
        said = "expects " + " / ".join(issue.expected)
    else:
        said = issue.message
    return terminal_safe(said)
