"""The fast paths of issue 22 (speed on real books), each held to the path it stands in for.

1. `render` draws a paragraph through GNU FriBidi's C library when it is installed and the
   paragraph is one FriBidi draws as `layout` does: the lines must be exactly those of the
   pure Python pipeline (with the library forced off), which the other tests hold to
   FriBidi's reference. Without the library, the pure pipeline draws everything.
2. Importing a text keeps its parsed copy, so its first opening reads no YAML: the copy must
   be the text that parsing the file gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui_reader.core import cache, library
from tui_reader.core import text as text_module
from tui_reader.core.text import Segment, Text, load_text, save_text

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


# 2. Import leaves the parsed copy ready ------------------------------------------------------


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed the YAML although the text was saved with its copy")

    monkeypatch.setattr(text_module, "plain_yaml", refuse)
    monkeypatch.setattr(yaml, "load", refuse)
    monkeypatch.setattr(yaml, "compose", refuse)


def _book(copies: int) -> Text:
    """The article repeated into a text big enough for the cache (over 256 KB)."""
    segments = [
        Segment(f"s{len(ARTICLE) * copy + index + 1}", segment.ar, segment.en, segment.before)
        for copy in range(copies)
        for index, segment in enumerate(ARTICLE.segments)
    ]
    return Text("imported-book", ARTICLE.title_ar, "Book", tuple(segments), "file.txt")


def test_an_imported_text_opens_the_first_time_without_parsing_its_yaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = _book(40)
    path = library.add_text(book)
    assert path.stat().st_size >= cache.CACHE_FROM_BYTES
    _no_yaml(monkeypatch)
    opened = library.open_text(book.id)
    assert opened == book
    assert opened.path == path


def test_a_small_text_is_saved_without_a_copy(user_dirs: dict[str, Path]) -> None:
    library.add_text(_book(1))
    assert not list(user_dirs["cache"].glob("*.json"))


# Strings that YAML could read back differently than they were written, if anything could.
yaml_strings = st.text(
    alphabet=st.sampled_from(
        [*"ab ب:#-'\"\\{}[]&*!|>%@`,?", "\t", "\n", "\r", "\x85", "\u2028", "\ufeff", "\x00"]
    ),
    max_size=12,
)


@_settings(60)
@given(ar=yaml_strings, en=yaml_strings, before=yaml_strings, title=yaml_strings)
@example(ar="", en="", before="", title="")
@example(ar="yes", en="~", before="\r\n", title="null")
def test_the_saved_copy_is_the_text_that_parsing_the_file_gives(
    ar: str, en: str, before: str, title: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(cache, "CACHE_FROM_BYTES", 0)
    folder = tmp_path_factory.mktemp("saved")
    monkeypatch.setenv("TUI_READER_CACHE_DIR", str(folder / "cache"))
    try:
        first = Segment("s1", ar or "ب", en, "")
        text = Text("t", title, title, (first, Segment("s2", ar, en, before)), title, title)
        path = folder / "t.yaml"
        save_text(text, path)
        kept = load_text(path)
        entries = list((folder / "cache").glob("*.json"))
        assert entries
        for entry in entries:
            entry.unlink()
        assert kept == load_text(path)
    finally:
        monkeypatch.undo()
