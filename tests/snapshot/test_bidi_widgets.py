"""An Arabic input and an Arabic note editor, drawn as the reader draws Arabic."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult

from tui_reader.ui.widgets.bidi_editor import BidiTextArea
from tui_reader.ui.widgets.bidi_input import BidiInput


class _Form(App[None]):
    def compose(self) -> ComposeResult:
        yield BidiInput("تمويل الإرهاب (FATF) 2019", id="field")
        yield BidiTextArea(
            "قرار مجلس الأمن رقم 2462 (2019م) حول مكافحة تمويل الإرهاب\nA note in English.",
            id="body",
        )

    def on_mount(self) -> None:
        self.query_one("#body", BidiTextArea).focus()


def test_arabic_input_and_editor_at_50x12(snap_compare: Any) -> None:
    assert snap_compare(_Form(), terminal_size=(50, 12), press=["right", "right"])
