"""The reading screen: `screen` holds the screen (its keys, panes, position and side panels),
and each feature's actions and message handlers live in a mixin of their own beside it."""

from tui_reader.ui.screens.reader.screen import POSITION_SAVE_DELAY, ReaderScreen

__all__ = ["POSITION_SAVE_DELAY", "ReaderScreen"]
