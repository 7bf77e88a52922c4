"""Arabic typed into an input or an editor reads right: shaped, in visual order, the cursor
where a person expects it, the value logical."""

from __future__ import annotations

import re

from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tui_reader.core.display import layout
from tui_reader.ui.widgets.bidi_editor import BidiTextArea
from tui_reader.ui.widgets.bidi_input import BidiInput

# Arabic letters that have joined forms: on screen in app mode, only their presentation forms.
JOINING = re.compile("[\u0626\u0628-\u063a\u0641-\u064a]")


class Form(App[None]):
    def __init__(self, visual: bool = True, value: str = "", body: str = "") -> None:
        super().__init__()
        self.visual = visual
        self.value = value
        self.body = body
        self.changed: list[str] = []
        self.submitted: list[str] = []

    def compose(self) -> ComposeResult:
        yield BidiInput(self.value, placeholder="search", visual=self.visual, id="field")
        yield BidiTextArea(self.body, visual=self.visual, id="body")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.changed.append(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submitted.append(event.value)


def _field(app: App[None]) -> BidiInput:
    return app.query_one("#field", BidiInput)


def _row(widget: BidiInput | BidiTextArea, y: int = 0) -> str:
    return widget.render_line(y).text


def _styled(widget: BidiInput | BidiTextArea, style: Style, y: int = 0) -> str:
    """The text of a row's segments drawn with the background of `style`."""
    return "".join(
        segment.text
        for segment in widget.render_line(y)
        if segment.style is not None and segment.style.bgcolor == style.bgcolor
    )


async def test_typed_arabic_is_shaped_right_aligned_and_the_value_logical() -> None:
    app = Form()
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.press(*"مرحبا")
        field = _field(app)
        assert field.value == "مرحبا"
        assert app.changed[-1] == "مرحبا"
        row = _row(field)
        assert row.rstrip().endswith("ﺎﺒﺣﺮﻣ")
        assert JOINING.search(row) is None
        await pilot.press("enter")
        assert app.submitted == ["مرحبا"]


async def test_the_block_cursor_follows_the_arabic_being_typed() -> None:
    app = Form()
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.press(*"من")
        field = _field(app)
        cursor = field.get_component_rich_style("input--cursor")
        row = _row(field).rstrip()
        # The cursor is on the free cell left of the last letter typed (drawn leftmost).
        assert field._cursor_offset == len(row) - 3
        assert _styled(field, cursor) == " "
        await pilot.press("right")
        assert field.cursor_position == 1
        assert _styled(field, cursor) == "ﻦ"


async def test_arrows_move_on_screen_across_latin_and_digits() -> None:
    app = Form(value="عام 2019 و FATF")
    async with app.run_test(size=(40, 8)) as pilot:
        field = _field(app)
        field.focus()
        await pilot.press("end")
        cells = [field._cursor_offset]
        for _ in range(len(field.value) + 2):
            await pilot.press("right")
            cells.append(field._cursor_offset)
        assert cells == sorted(cells)
        assert field.cursor_position == 0
        await pilot.press("home")
        assert field.cursor_position == 0
        await pilot.press("end")
        assert field.cursor_position == len(field.value)


async def test_backspace_deletes_in_reading_order_a_mark_alone() -> None:
    app = Form()
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.press(*"كتب")
        field = _field(app)
        # Pilot does not type a combining mark as a key: insert it as a keyboard would.
        field.insert_text_at_cursor("\u064e")
        assert field.value == "كتبَ"
        await pilot.press("backspace")
        assert field.value == "كتب"
        await pilot.press("backspace")
        assert field.value == "كت"
        assert JOINING.search(_row(field)) is None


async def test_delete_takes_a_letter_with_its_marks() -> None:
    app = Form(value="مُحَمَّد")
    async with app.run_test(size=(40, 8)) as pilot:
        field = _field(app)
        field.focus()
        await pilot.press("home", "delete")
        assert field.value == "حَمَّد"


async def test_shift_arrows_select_the_cells_of_the_selected_letters() -> None:
    app = Form(value="مرحبا abc")
    async with app.run_test(size=(40, 8)) as pilot:
        field = _field(app)
        field.focus()
        await pilot.press("home", "shift+left", "shift+left")
        assert field.selection == (0, 2)
        assert field.selected_text == "مر"
        selected = field.get_component_rich_style("input--selection")
        drawn = _styled(field, selected)
        assert sorted(drawn) == sorted("ﺮﻣ")


async def test_a_click_puts_the_cursor_on_the_letter_clicked() -> None:
    app = Form(value="مرحبا")
    async with app.run_test(size=(40, 8)) as pilot:
        field = _field(app)
        x = field.content_region.x - field.region.x
        right_end = x + field.scrollable_content_region.width - 1
        await pilot.click(field, offset=(right_end, 1))
        assert field.cursor_position == 0
        await pilot.click(field, offset=(right_end - 2, 1))
        assert field.cursor_position == 2


async def test_pasted_screen_text_is_taken_in_reading_order() -> None:
    app = Form()
    async with app.run_test(size=(40, 8)) as pilot:
        field = _field(app)
        field.focus()
        field.post_message(events.Paste("ﻞﻤﻌﻟﺍ ﻖﻳﺮﻓ"))
        await pilot.pause()
        assert field.value == "فريق العمل"
        field.value = ""
        field.post_message(events.Paste("ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ"))
        await pilot.pause()
        assert field.value == "ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ"


async def test_terminal_bidi_sends_logical_text() -> None:
    app = Form(visual=False, value="مرحبا abc", body="نص")
    async with app.run_test(size=(40, 8)):
        assert _row(_field(app)).startswith("مرحبا abc")
        assert _row(app.query_one(BidiTextArea)).startswith("نص")


async def test_swapping_in_needs_no_other_change() -> None:
    app = Form(value="x", body="y")
    async with app.run_test(size=(40, 8)):
        assert app.query_one("#field", Input).value == "x"
        assert app.query_one("#body", TextArea).text == "y"


async def _type_note(pilot: Pilot[None], text: str) -> BidiTextArea:
    editor = pilot.app.query_one(BidiTextArea)
    editor.focus()
    await pilot.press(*text)
    return editor


async def test_editor_wraps_arabic_as_the_reader_does() -> None:
    app = Form()
    async with app.run_test(size=(20, 12)) as pilot:
        editor = await _type_note(pilot, "كلمة أخرى ثالثة رابعة")
        assert editor.text == "كلمة أخرى ثالثة رابعة"
        width = editor.wrap_width
        expected = [line.text for line in layout(editor.text, width)]
        rows = [_row(editor, y).strip() for y in range(len(expected))]
        assert rows == expected
        assert JOINING.search("".join(rows)) is None


async def test_editor_arrows_backspace_and_rows() -> None:
    app = Form()
    async with app.run_test(size=(20, 12)) as pilot:
        editor = await _type_note(pilot, "مرحبا")
        await pilot.press("enter", *"hello")
        assert editor.text == "مرحبا\nhello"
        assert _row(editor, 1).startswith("hello")
        assert _row(editor, 0).rstrip().endswith("ﺎﺒﺣﺮﻣ")
        await pilot.press("up")
        assert editor.cursor_location[0] == 0
        await pilot.press("home")
        assert editor.cursor_location == (0, 0)
        await pilot.press("left")
        assert editor.cursor_location == (0, 1)
        await pilot.press("backspace")
        assert editor.text == "رحبا\nhello"


async def test_editor_selection_highlights_the_selected_letters() -> None:
    app = Form(body="مرحبا")
    async with app.run_test(size=(20, 12)) as pilot:
        editor = app.query_one(BidiTextArea)
        editor.focus()
        await pilot.press("home", "shift+left", "shift+left")
        assert editor.selected_text == "مر"
        theme = editor._theme
        assert theme is not None and theme.selection_style is not None
        assert sorted(_styled(editor, theme.selection_style)) == sorted("ﺮﻣ")


async def test_editor_paste_of_screen_text() -> None:
    app = Form()
    async with app.run_test(size=(20, 12)) as pilot:
        editor = app.query_one(BidiTextArea)
        editor.focus()
        editor.post_message(events.Paste("ﻞﻤﻌﻟﺍ ﻖﻳﺮﻓ"))
        await pilot.pause()
        assert editor.text == "فريق العمل"
