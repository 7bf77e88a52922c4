"""A panel docked beside the reading view, closed with escape."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message


class SidePanel(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close panel", id="panel.close"),
    ]

    class Closed(Message):
        """The panel hid itself; the screen gives the focus back to the text."""

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())
