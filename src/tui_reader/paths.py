"""Where things live: the bundled texts and glossary, the user's data and config folders.

User data never goes inside the installed package or the repository. Tests and people who keep
several profiles point `TUI_READER_DATA_DIR`, `TUI_READER_CONFIG_DIR` and
`TUI_READER_CACHE_DIR` elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "tui-reader"
DATA_ENV = "TUI_READER_DATA_DIR"
CONFIG_ENV = "TUI_READER_CONFIG_DIR"
CACHE_ENV = "TUI_READER_CACHE_DIR"

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir() -> Path:
    """The folder holding `texts/` and `glossary.yaml`: inside the installed wheel, or the
    repository's top level when running from a checkout (editable install)."""
    packaged = _PACKAGE / "data"
    if (packaged / "texts").is_dir():
        return packaged
    return _PACKAGE.parent.parent


def bundled_texts_dir() -> Path:
    return bundled_dir() / "texts"


def bundled_glossary_path() -> Path:
    return bundled_dir() / "glossary.yaml"


# platformdirs is imported only where no variable names the folder (the tests, the
# benchmarks): its import was a fortieth of the instructions of `render` of a book.


def data_dir() -> Path:
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME)


def config_dir() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME)


def cache_dir() -> Path:
    """Derived data that can be deleted at any time (see `core.cache`)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME)


def user_glossary_path() -> Path:
    """Where imported terms go: the user's own glossary in the data folder (the bundled
    glossary belongs to the installation and is never written)."""
    return data_dir() / "glossary.yaml"


def user_texts_dir() -> Path:
    return data_dir() / "texts"


def config_path() -> Path:
    return config_dir() / "config.toml"
