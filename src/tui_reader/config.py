"""Settings from `config.toml` in the user's config folder, each overridable by environment;
and the choices made in the reader (the theme of `t`, the layout of `l`), remembered in
`state.json` beside it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from tui_reader.core.errors import TuiReaderError, shown
from tui_reader.core.storage import parse_json, read_user_data, write_json
from tui_reader.paths import config_dir, config_path

BIDI_MODES = ("app", "terminal")
THEMES = ("textual-dark", "textual-light")
LAYOUTS = ("auto", "side", "stacked")
MAX_CONFIG_BYTES = 64 * 1024
"""Three settings take a few lines: tomllib's time grows with the square of a file of nested
dotted tables, and 9 MB of them held the start-up for 30 s."""
MAX_STATE_BYTES = 4 * 1024
_THEME_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
"""A theme chosen in the palette may be any of Textual's (nord, gruvbox...): a name, checked
against the themes there are when the reader starts."""


class ConfigError(TuiReaderError):
    """A config file that cannot be used: the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    bidi: str = "app"
    """"app": the reader shapes and reorders Arabic itself; "terminal": it sends logical text
    to a terminal that does bidi (Konsole, mlterm)."""
    theme: str = "textual-dark"
    layout: str = "auto"
    """"auto" puts the panes side by side from 100 columns, stacked below that."""


_CHOICES = {"bidi": BIDI_MODES, "theme": THEMES, "layout": LAYOUTS}


def state_path() -> Path:
    return config_dir() / "state.json"


def remembered() -> dict[str, str]:
    """The theme and layout last chosen in the reader. The file is tui-reader's own and holds
    nothing that cannot be chosen again: a missing, damaged or strange one is no choice."""
    try:
        document = parse_json(read_user_data(state_path(), MAX_STATE_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("version") != 1:
        return {}
    choices: dict[str, str] = {}
    theme, layout = document.get("theme"), document.get("layout")
    if isinstance(theme, str) and _THEME_NAME.fullmatch(theme):
        choices["theme"] = theme
    if layout in LAYOUTS:
        choices["layout"] = layout
    return choices


def remember(key: str, value: str) -> None:
    """Keep a choice made in the reader for the next start. Raises OSError when the config
    folder cannot be written."""
    choices = remembered() | {key: value}
    write_json(state_path(), {"version": 1, **choices})


def load_config(path: Path | None = None) -> Config:
    """Read the config file if there is one; the theme and layout last chosen in the reader
    win over it, and `TUI_READER_<KEY>` variables over both."""
    path = path or config_path()
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    if path.is_file():
        import tomllib  # only when there is a file: most runs have none

        try:
            with path.open("rb") as file:
                content = file.read(MAX_CONFIG_BYTES + 1)
            if len(content) > MAX_CONFIG_BYTES:
                raise ConfigError(
                    f"{path}: over {MAX_CONFIG_BYTES // 1024} KB, too big to be a config file"
                )
            data = tomllib.loads(content.decode("utf-8"))
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: {error}") from None
        except RecursionError:
            raise ConfigError(f"{path}: nested too deeply to be a config file") from None
        except OSError as error:
            raise ConfigError(f"{path}: cannot be read ({error.strerror})") from None
        for key, value in data.items():
            if key not in _CHOICES:
                known = ", ".join(sorted(_CHOICES))
                raise ConfigError(f"{path}: unknown setting '{shown(key)}' (known: {known})")
            if not isinstance(value, str):
                raise ConfigError(f"{path}: '{key}' must be a string")
            values[key] = value
            sources[key] = f"{path}: '{key}'"
    overridden = set()
    for key in _CHOICES:
        variable = f"TUI_READER_{key.upper()}"
        override = os.environ.get(variable)
        if override:
            values[key] = override
            sources[key] = f"environment variable {variable}"
            overridden.add(key)
    for key, value in values.items():
        if value not in _CHOICES[key]:
            allowed = ", ".join(_CHOICES[key])
            raise ConfigError(f"{sources[key]} is '{shown(value)}', expected one of: {allowed}")
    # A remembered theme is checked for the shape of a name only (`remembered`): the app falls
    # back to the configured one when it has no theme of that name.
    for key, value in remembered().items():
        if key not in overridden:
            values[key] = value
    return Config(**values)
