"""The reading screen is split by feature (STYLE.md: not one module holding every handler), and
the split keeps what Textual sees: one list of keys, every action and handler on the screen."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

import tui_reader.ui.screens
from tui_reader.ui.screens.reader import ReaderScreen

MOST_LINES = 500


def test_no_screen_module_is_over_five_hundred_lines() -> None:
    screens = Path(tui_reader.ui.screens.__file__).parent
    modules = sorted(screens.rglob("*.py"))
    for module in modules:
        lines = len(module.read_text(encoding="utf-8").splitlines())
        assert lines <= MOST_LINES, f"{module.relative_to(screens)} has {lines} lines"
    assert any(module.parent.name == "reader" for module in modules)


def test_every_reader_key_has_its_action_on_the_screen() -> None:
    actions = [
        binding.action.split("(")[0]
        for binding in ReaderScreen.BINDINGS
        if isinstance(binding, Binding)
    ]
    assert len(actions) > 20
    for action in actions:
        assert callable(getattr(ReaderScreen, f"action_{action}", None)), action


def test_the_features_add_no_keys_and_no_css_type_of_their_own() -> None:
    """The features are plain mixins: Textual merges BINDINGS and takes CSS type names only
    from DOMNode classes, so the screen's keys stay in one list, its selectors unchanged."""
    package = ReaderScreen.__module__.rpartition(".")[0]
    mixins = [cls for cls in ReaderScreen.__mro__[1:] if cls.__module__.startswith(f"{package}.")]
    assert len(mixins) >= 5
    for mixin in mixins:
        assert not issubclass(mixin, DOMNode), mixin
        assert "BINDINGS" not in vars(mixin), mixin
    assert "ReaderScreen" in ReaderScreen._css_type_names
    assert not any(mixin.__name__ in ReaderScreen._css_type_names for mixin in mixins)
