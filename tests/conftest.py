"""Shared fixtures. Every test runs with its own empty data and config folders, so no test
reads or writes the real user's notes, positions, settings or cache. Code that runs while the
test modules are imported (module-level texts and glossaries) sees a sandbox of the session's
own, set up before any test module is collected."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent
sys.path.insert(0, str(TESTS_DIR))
USER_DIR_VARIABLES = ("TUI_READER_DATA_DIR", "TUI_READER_CONFIG_DIR", "TUI_READER_CACHE_DIR")
SESSION_SANDBOX = Path(tempfile.mkdtemp(prefix="tui-reader-tests-"))


def pytest_configure(config: pytest.Config) -> None:
    for variable in USER_DIR_VARIABLES:
        os.environ[variable] = str(SESSION_SANDBOX / variable.rsplit("_", 2)[1].lower())


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(SESSION_SANDBOX, ignore_errors=True)


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    data = tmp_path / "data"
    config = tmp_path / "config"
    cache = tmp_path / "cache"
    monkeypatch.setenv("TUI_READER_DATA_DIR", str(data))
    monkeypatch.setenv("TUI_READER_CONFIG_DIR", str(config))
    monkeypatch.setenv("TUI_READER_CACHE_DIR", str(cache))
    for name in ("TUI_READER_BIDI", "TUI_READER_THEME", "TUI_READER_LAYOUT"):
        monkeypatch.delenv(name, raising=False)
    yield {"data": data, "config": config, "cache": cache}


@pytest.fixture
def fribidi() -> None:
    """GNU FriBidi, the independent reference for the Arabic display. Missing in CI: the test
    fails. Missing elsewhere: it is skipped, with the reason shown in pytest's summary."""
    from fribidi_ref import INSTALL_HINT, available

    if available():
        return
    if os.environ.get("CI"):
        pytest.fail(INSTALL_HINT, pytrace=False)
    pytest.skip(INSTALL_HINT)
