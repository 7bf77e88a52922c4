"""What a new user trips on (issue 23), in the reader: the notes panel's keys and focus, the
note dialog at 80x24, remembered theme and layout, panels beside the text, help that explains,
the search mode in the status line, toasts out of the way."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, OptionList, Select, Static, TextArea
from textual.widgets._toast import Toast

from tui_reader.config import load_config
from tui_reader.core import library
from tui_reader.core.notes import Anchor, NoteStore, new_note
from tui_reader.core.text import Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.help import PLACES, SECTIONS, HelpScreen, bindings_by_id
from tui_reader.ui.screens.note import ConfirmScreen, NoteScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.notes_panel import NotesPanel
from tui_reader.ui.widgets.parallel import ParallelView


def _article() -> Text:
    return library.open_text(library.DEFAULT_TEXT_ID)


def _two_notes(text: Text) -> None:
    store = NoteStore.open(text.id)
    store.put(new_note(Anchor.make(text.segments[0], 0, 5), "first note", "comment"))
    store.put(new_note(Anchor.make(text.segments[2], 0, 5), "second note", "style"))
    store.save()


def _shown(app: ReaderApp, widget: Widget) -> bool:
    """Whether the whole of `widget` is on the screen and not cut off by its container."""
    region = widget.region
    screen = Region(0, 0, *app.size)
    visible = app.screen.find_widget(widget).visible_region if region else Region()
    return bool(region) and screen.contains_region(region) and visible == region


# 1. e and d in the notes panel -----------------------------------------------------------------


async def test_e_in_the_notes_panel_edits_the_highlighted_note_wherever_focus_is() -> None:
    text = _article()
    _two_notes(text)
    app = ReaderApp(text)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("down", "e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NoteScreen)
        assert screen.query_one("#note-body", TextArea).text == "second note"
        await pilot.press("escape")
        await pilot.pause()
        # From the category filter, the same key, the same note.
        app.screen.query_one("#notes-category", Select).focus()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one("#note-body", TextArea).text == "second note"


async def test_d_in_the_notes_panel_deletes_the_highlighted_note_after_asking() -> None:
    text = _article()
    _two_notes(text)
    app = ReaderApp(text)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("down", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert [note.body for note in NoteStore.open(text.id)] == ["first note"]


async def test_the_tag_filter_types_e_and_d_and_the_footer_does_not_offer_them() -> None:
    text = _article()
    _two_notes(text)
    app = ReaderApp(text)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        tag = app.screen.query_one("#notes-tag")
        tag.focus()
        await pilot.pause()
        offered = {binding.key for _, binding, *_ in app.screen.active_bindings.values()}
        assert "e" not in offered and "d" not in offered
        await pilot.press("e", "d")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen | ConfirmScreen)
        assert len(NoteStore.open(text.id)) == 2


# 2. the note dialog at 80x24 -------------------------------------------------------------------


async def test_the_note_dialog_on_a_long_segment_fits_80x24() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["j"] * 8, "n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NoteScreen)
        controls = [
            screen.query_one("#note-body"),
            screen.query_one("#note-category"),
            screen.query_one("#note-tags"),
            screen.query_one("#note-save", Button),
            screen.query_one("#note-cancel", Button),
        ]
        for control in controls:
            assert _shown(app, control), control.id
        # Tab from the body reaches each control in turn, each on the screen when reached.
        for control in controls[1:]:
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is control
            assert _shown(app, control), control.id


# 3. the notes panel's focus and Tab order ----------------------------------------------------


async def test_the_notes_panel_opens_on_the_list_and_tab_follows_the_layout() -> None:
    text = _article()
    _two_notes(text)
    app = ReaderApp(text)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        panel = app.screen.query_one(NotesPanel)
        assert app.focused is panel.query_one("#notes-list", OptionList)
        order = []
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            order.append(app.focused)
        # Top to bottom, left to right: the text, the category, the tag filter, the list.
        assert [widget.id if widget else None for widget in order] == [
            "parallel",
            "notes-category",
            "notes-tag",
            "notes-list",
        ]
        assert isinstance(order[0], ParallelView)


# 4. the theme and layout are remembered ------------------------------------------------------


async def test_the_theme_chosen_with_t_and_the_layout_of_l_are_there_at_the_next_start() -> None:
    app = ReaderApp(_article(), load_config())
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("t", "l")
        await pilot.pause()
        assert app.theme == "textual-light"
        assert not app.screen.query_one(ParallelView).side_by_side
    config = load_config()
    assert (config.theme, config.layout) == ("textual-light", "stacked")
    again = ReaderApp(_article(), config)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"
        assert not again.screen.query_one(ParallelView).side_by_side


async def test_a_remembered_theme_this_textual_lacks_falls_back_to_the_default(
    user_dirs: dict[str, Path],
) -> None:
    state = user_dirs["config"] / "state.json"
    state.parent.mkdir(parents=True)
    state.write_text('{"version": 1, "theme": "no-such-theme"}', encoding="utf-8")
    app = ReaderApp(_article(), load_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"


async def test_a_config_folder_that_cannot_be_written_keeps_the_choice_and_says_so_once(
    user_dirs: dict[str, Path],
) -> None:
    user_dirs["config"].write_text("a file where the folder should be", encoding="utf-8")
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t", "t", "t")
        await pilot.pause()
        assert app.theme == "textual-light"
        [warning] = [n for n in app._notifications if "cannot be remembered" in n.message]
        assert warning.message.startswith("Your choice of theme holds until you quit")


# 5. a panel at 120 columns sits beside the panes ---------------------------------------------


async def test_the_glossary_panel_at_120_columns_leaves_the_panes_side_by_side() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(ParallelView)
        assert view.side_by_side
        for key in ("g", "o", "slash"):
            await pilot.press(key)
            await pilot.pause()
            assert view.side_by_side, key
        await pilot.press("escape")
        await pilot.pause()
        assert view.side_by_side and view.arrangement == "auto"
        # Below 100 columns the view follows the width again once the panel is closed.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not view.side_by_side


async def test_l_with_a_panel_open_is_kept_when_it_closes() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(ParallelView)
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one(ParallelView).focus()
        await pilot.press("l")
        await pilot.pause()
        assert not view.side_by_side
        await pilot.press("g")
        await pilot.pause()
        assert not view.side_by_side and view.arrangement == "stacked"
        assert load_config().layout == "stacked"


async def test_a_panel_at_80_columns_keeps_the_panes_stacked() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.screen.query_one(ParallelView)
        await pilot.press("o")
        await pilot.pause()
        assert not view.side_by_side
        await pilot.press("escape")
        await pilot.pause()
        assert view.arrangement == "auto"


# 9. the search mode in the status line ---------------------------------------------------------


async def test_the_status_line_says_search_mode_until_escape() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"terrorism", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one(ParallelView)
        assert view.hits
        status = str(app.screen.query_one("#status-position").render())
        assert f"search: {len(view.hits)} hits · n/N · esc ends" in status
        await pilot.press("n")
        await pilot.pause()
        assert "search:" in str(app.screen.query_one("#status-position").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not view.hits
        assert "search" not in str(app.screen.query_one("#status-position").render())


# 11. toasts cover as little of the text as they can ---------------------------------------------


async def test_toasts_stand_at_the_bottom_left_away_from_the_arabic_and_go_soon() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.notify("Layout: stacked")
        await pilot.pause()
        await pilot.pause()
        [toast] = app.screen.query(Toast)
        assert toast.region.x < 5 and toast.region.right <= app.size.width // 2
        assert toast.region.bottom >= app.size.height - 2
        assert app._notifications and next(iter(app._notifications)).timeout == 3


# 8. a guide that explains ----------------------------------------------------------------------


def test_the_guide_explains_every_key_of_the_reader() -> None:
    listed = {binding_id for _, _, ids in SECTIONS for binding_id in ids}
    reader = bindings_by_id((ReaderApp, ReaderScreen, ParallelView))
    assert set(reader) <= listed
    # And names no binding that is not there.
    assert listed <= set(bindings_by_id((ReaderApp, *PLACES)))


async def test_f1_opens_the_guide_with_the_keys_the_bindings_have() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_keymap({"reader.note": "ctrl+n"})
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        guide = str(app.screen.query_one("#guide-text", Static).render())
        for heading in ("The word cursor and selection", "Search and its n/N mode", "Study"):
            assert f"\n{heading}\n" in guide
        assert "↓ j" in guide and "shift+←" in guide
        # The remapped key, not the one in the code.
        assert "^n               Note\n" in guide
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_the_keys_panel_at_120_columns_leaves_the_panes_side_by_side() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(ParallelView)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel") and view.side_by_side
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert view.side_by_side, "a side panel closed under the keys panel"
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")
        assert view.side_by_side and view.arrangement == "auto"
