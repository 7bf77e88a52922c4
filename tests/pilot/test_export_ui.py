"""Exports from the reader: built in a worker, written by the one writing place, and what the
XML export had to change shown as a warning (issue 14 item 3)."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from tui_reader.core import library
from tui_reader.core.text import Segment
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.reader import ReaderScreen


async def test_an_export_that_replaced_characters_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader wrote the TMX and said nothing of the characters replaced in it."""
    monkeypatch.chdir(tmp_path)
    article = library.open_text(library.DEFAULT_TEXT_ID)
    first = article.segments[0]
    hostile = Segment(first.id, first.ar + "\x0e", first.en + "\x1b]0;pwned\x07")
    text = replace(article, segments=(hostile, *article.segments[1:]))
    app = ReaderApp(text)
    umask = os.umask(0o022)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            screen.export_text("tmx")
            await app.workers.wait_for_complete()
            await pilot.pause()
            notes = [(n.message, n.severity) for n in app._notifications]
    finally:
        os.umask(umask)
    target = tmp_path / "dushanbe-2019.tmx"
    assert (f"Written to {target}", "information") in notes
    warning = "3 characters not allowed in XML were replaced with U+FFFD in s1"
    assert (warning, "warning") in notes
    assert "\ufffd" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


async def test_a_clean_export_does_not_warn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = ReaderApp(library.open_text(library.DEFAULT_TEXT_ID))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.export_glossary("csv")
        await app.workers.wait_for_complete()
        await pilot.pause()
        severities = [n.severity for n in app._notifications]
    assert "warning" not in severities and "error" not in severities
    # With a byte-order mark, as on the command line, so that Excel reads the Arabic.
    csv_text = (tmp_path / "tui-reader-glossary.csv").read_text(encoding="utf-8")
    assert csv_text.startswith("\ufeffid,")


async def test_the_readers_tmx_takes_your_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.core.drafts import DraftStore

    monkeypatch.chdir(tmp_path)
    text = library.open_text(library.DEFAULT_TEXT_ID)
    store = DraftStore.open(text.id)
    store.put("s1", "My own heading.")
    store.save()
    app = ReaderApp(text)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.export_text("tmx")
        await app.workers.wait_for_complete()
        await pilot.pause()
    tmx = (tmp_path / f"{text.id}.tmx").read_text(encoding="utf-8")
    assert "<seg>My own heading.</seg>" in tmx
    assert '<prop type="x-reference">' in tmx
