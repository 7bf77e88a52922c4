"""The fast paths of issue 22 (speed on real books), each held to the path it stands in for.

1. `render` draws a paragraph through GNU FriBidi's C library when it is installed and the
   paragraph is one FriBidi draws as `layout` does: the lines must be exactly those of the
   pure Python pipeline (with the library forced off), which the other tests hold to
   FriBidi's reference. Without the library, the pure pipeline draws everything.
2. Importing a text keeps its parsed copy, so its first opening reads no YAML: the copy must
   be the text that parsing the file gives.
3. `layout` makes a line's text without its cell map (the clusters), which it makes only when
   asked: the two must agree, and the lines must be those made with their clusters at once.

The comparisons that need FriBidi's library are skipped without it, and fail in CI (the
`fribidi` fixture).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_properties import hostile_text, widths

from tui_reader.core import cache, display, fribidi, glossary, library
from tui_reader.core import text_yaml as text_module
from tui_reader.core.glossary_cache import load_with_user
from tui_reader.core.letters import BASE_LETTER_RANGES, MARK_RANGES, TATWEEL
from tui_reader.core.library import load_text, save_text
from tui_reader.core.text import Segment, Text
from tui_reader.paths import bundled_glossary_path, user_glossary_path

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


def test_an_import_leaves_the_glossary_ready_for_the_first_opening(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first opening reads the glossary too, the bundled one and the terms the user
    imported: after an import, from their parsed copies, as after any earlier opening."""
    mine = user_glossary_path()
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text(
        'version: "1"\nterms:\n  - id: mine\n    ar: تمويل\n    vocalized: تَمْوِيل\n'
        "    en: funding\n    ar_variants: []\n    en_variants: []\n    pos: noun\n"
        "    definition: Money.\n    related: []\n    tags: []\n",
        encoding="utf-8",
    )
    library.add_text(_book(1))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed a glossary although the import read it")

    monkeypatch.setattr(glossary, "read_glossary", refuse)
    found, problem = load_with_user(bundled_glossary_path(), mine)
    assert problem == ""
    assert "mine" in {entry.id for entry in found.entries}


def test_an_import_with_the_cache_folder_not_writable_still_imports(
    user_dirs: dict[str, Path],
) -> None:
    user_dirs["cache"].parent.mkdir(parents=True, exist_ok=True)
    user_dirs["cache"].write_text("a file where the cache folder should be")
    book = _book(40)
    library.add_text(book)
    assert library.open_text(book.id) == book


def test_a_small_text_is_saved_without_a_copy(user_dirs: dict[str, Path]) -> None:
    library.add_text(_book(1))
    assert not list(user_dirs["cache"].glob("text-*.json"))


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


# 1. FriBidi's library as a fast path for `render` ---------------------------------------------


@pytest.fixture
def without_fribidi(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(fribidi.SWITCH, "off")
    fribidi._library.cache_clear()
    yield
    monkeypatch.delenv(fribidi.SWITCH)
    fribidi._library.cache_clear()


def _pure(function: object, *args: object) -> object:
    """`function(*args)` with the library forced off."""
    os.environ[fribidi.SWITCH] = "off"
    fribidi._library.cache_clear()
    try:
        return function(*args)  # type: ignore[operator]
    finally:
        del os.environ[fribidi.SWITCH]
        fribidi._library.cache_clear()


@pytest.mark.usefixtures("without_fribidi")
def test_the_library_can_be_forced_off() -> None:
    assert not fribidi.available()
    with pytest.raises(ValueError, match="not there"):
        fribidi.Paragraphs(["ب"], rtl=True)
    assert display._render_by_fribidi(["ب"], 80, rtl=True) == [None]
    assert "GNU FriBidi" not in fribidi.describe()
    assert f"{fribidi.SWITCH}=off" in fribidi.describe()


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
def test_the_article_is_rendered_through_the_library_and_as_without_it() -> None:
    paragraphs = [
        paragraph for segment in ARTICLE for _, paragraph in display.bidi_paragraphs(segment.ar)
    ]
    fast = display._render_by_fribidi(paragraphs, 60, True)
    assert sum(lines is not None for lines in fast) >= len(paragraphs) - 2
    for width in (12, 33, 60, 80, 119):
        for segment in ARTICLE:
            assert display.render_lines(segment.ar, width) == _pure(
                display.render_lines, segment.ar, width
            ), (width, segment.id)


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
def test_the_version_says_which_path_draws_the_arabic() -> None:
    from tui_reader.cli import main

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert "GNU FriBidi" in result.output
    assert fribidi.LIBRARY in result.output


def _both(texts: list[str], width: int, rtl: bool) -> tuple[list[list[str]], list[object]]:
    """`render_lines` of each text with the library, and without it."""
    fast = [display.render_lines(text, width, rtl=rtl) for text in texts]
    return fast, [_pure(display.render_lines, text, width, rtl) for text in texts]


# Every character a paragraph may hold on the fast path, in the places that change how it is
# drawn: alone, joined on either side, beside a lam, an alef, Latin, digits, brackets.
SAFE = [
    char
    for code in [
        *range(0x20, 0x7F),
        *range(0xA0, 0x100),
        *range(0x600, 0x700),
        *range(0x2000, 0x2070),
    ]
    if (char := chr(code))
    if display.fribidi_safe(char) or display.fribidi_safe("ب" + char)
]
CONTEXTS = ["{}", "ب{}", "{}ب", "ب{}ب", "ل{}", "{}ا", "ب{}{}ب", "a{}b", "1{}2", "ا{}ب", "({})"]
CONTEXTS += ["abc {} ج", "ب ({}) ج"]


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
@pytest.mark.parametrize("rtl", [True, False])
@pytest.mark.parametrize("width", [1, 3, 80])
def test_every_character_of_the_fast_path_is_drawn_as_without_the_library(
    rtl: bool, width: int
) -> None:
    assert len(SAFE) > 200
    texts = [context.format(char, char) for char in SAFE for context in CONTEXTS]
    fast, pure = _both(texts, width, rtl)
    for text, ours, theirs in zip(texts, fast, pure, strict=True):
        assert ours == theirs, (text, ours, theirs)


def _pick(chars: str | list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(list(chars))


LETTERS = [chr(code) for code in range(0x0621, 0x064B)]
MARKS = [chr(code) for code in [*range(0x064B, 0x0660), 0x0670, *range(0x0610, 0x061B)]]
safe_pieces = (
    _pick(LETTERS),
    _pick(LETTERS),
    _pick(LETTERS),
    _pick(["لا", "لأ", "لإ", "لآ", "الله", "ال", "في", "مُحَمَّدٌ"]),
    _pick(MARKS),
    _pick(" " * 6 + "  "),
    _pick("0123456789٠١٢٣٤٥٦٧٨٩%$.,-:،؛؟«»()[]{}!?'\"/+=&@#*_~…–—‘’“”٪٫٬"),
    _pick("abcxyzABCXYZ"),
    _pick(SAFE),
)
# Now and then, what the fast path leaves to the pure one.
others = [*"\t\u00a0\u200d\u200c\u200f\u202e\x1b\ufefbﷺ😀中\u06dd", "\r\n"]
safe_text = st.lists(st.one_of(*safe_pieces), max_size=80).map("".join)
book_text = st.lists(st.one_of(*safe_pieces, _pick(others)), max_size=80).map("".join)


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
@pytest.mark.parametrize("rtl", [True, False])
@_settings(400)
@given(text=book_text | safe_text, width=st.integers(1, 12) | st.integers(1, 120))
@example(text="ب ء ب", width=80)
@example(text="  ب  ب ", width=2)
@example(text="ب (ً)", width=80)
@example(text="ء;ّ(ء)", width=80)
def test_render_draws_any_text_as_without_the_library(text: str, width: int, rtl: bool) -> None:
    fast, pure = _both([text], width, rtl)
    assert fast == pure


# What the fast path may draw, as one pattern matched whole: `fribidi_safe` says the same with
# one search for what it refuses, several times faster on a book.
SAFE_PARAGRAPH = re.compile(
    f"(?:[{BASE_LETTER_RANGES}{TATWEEL}](?:(?!\u06dd)[{MARK_RANGES}])*"
    "|[ -~\u00ab\u00bb\u060c\u061b\u061f\u0660-\u066d\u2013\u2014\u2018-\u201d\u2026])*"
)


@_settings(500)
@given(text=book_text | safe_text | hostile_text)
@example(text="\u064e")
@example(text="ب \u064e")
@example(text="ب\u064e\u0651")
@example(text="(\u064e)")
@example(text="ب\u06dd")
@example(text="بـ\u064e")
def test_the_fast_path_takes_exactly_the_paragraphs_the_pattern_allows(text: str) -> None:
    assert display.fribidi_safe(text) == (SAFE_PARAGRAPH.fullmatch(text) is not None)


def _lines(texts: list[str], cuts: list[list[tuple[int, int]]], rtl: bool) -> list[list[str]]:
    """The lines of each text cut at its ranges, the texts laid end to end in one batch."""
    batch = fribidi.Paragraphs(texts, rtl)
    assert all(batch.resolved)
    ranges = [
        (first + start, first + end)
        for first, own in zip(batch.starts, cuts, strict=True)
        for start, end in own
    ]
    drawn = batch.lines(ranges)
    assert drawn is not None
    found = []
    for own in cuts:
        found.append(drawn[: len(own)])
        drawn = drawn[len(own) :]
    return found


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
@_settings(200)
@given(
    texts=st.lists(safe_text.filter(display.fribidi_safe), min_size=1, max_size=4),
    data=st.data(),
    rtl=st.booleans(),
)
@example(texts=["بل", "ان", "(ب", "ج)"], data=None, rtl=True)
def test_the_library_paths_lines_are_the_reference_calls_lines(
    texts: list[str], data: st.DataObject | None, rtl: bool
) -> None:
    """`fribidi.Paragraphs` lays paragraphs end to end in shared buffers and reorders every
    line in place: each paragraph's lines must be what the reference's separate calls give
    for it alone (no lam-alef, joining or bracket pair across two paragraphs)."""
    from fribidi_ref import visual_lines

    cuts = []
    for text in texts:
        points = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6))) if data else []
        cuts.append(list(zip([0, *points], [*points, len(text)], strict=True)))
    expected = [visual_lines(text, own, rtl=rtl) for text, own in zip(texts, cuts, strict=True)]
    assert _lines(texts, cuts, rtl) == expected


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
@pytest.mark.parametrize(
    ("text", "ranges"),
    [
        ("بَ تِ", [(0, 1), (1, 5)]),  # a line ends between a letter and its mark
        ("بَّ تِ", [(0, 2), (2, 6)]),  # between two marks of one letter
        ("لاَ بُ", [(0, 3), (3, 6)]),  # a mark on the alef of a lam-alef
        ("لا بُ", [(0, 1), (1, 5)]),  # between the lam and the alef
        ("بَ تِ", [(0, 3), (3, 5), (5, 5)]),  # an empty line at the end
        ("abc بَ ت", [(0, 4), (4, 8)]),  # a line at two levels beside one at one
    ],
)
def test_lines_cut_anywhere_are_the_lines_reordered_alone(
    text: str, ranges: list[tuple[int, int]]
) -> None:
    from fribidi_ref import visual_lines

    assert _lines([text], [ranges], True) == [visual_lines(text, ranges, rtl=True)]


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
@pytest.mark.parametrize("rtl", [True, False])
@_settings(150)
@given(
    texts=st.lists(book_text | safe_text, max_size=6),
    width=st.integers(1, 12) | st.integers(1, 120),
)
@example(texts=["بل", "ان"], width=80)
@example(texts=["ب\u000bل", "ا\u000bب"], width=3)
@example(texts=["ب ب", "ب ب", "ب ب"], width=1)
def test_texts_rendered_together_are_each_rendered_alone(
    texts: list[str], width: int, rtl: bool
) -> None:
    """`render_texts` hands every text's paragraphs to FriBidi in one batch (a paragraph met
    again drawn once): each text must come out as it does alone, and as without the library."""
    together = display.render_texts(texts, width, rtl)
    assert together == [display.render_lines(text, width, rtl) for text in texts]
    assert together == _pure(display.render_texts, texts, width, rtl)


# 3. Lines laid out without their cell map until it is asked for ------------------------------


@pytest.mark.parametrize(("rtl", "visual"), [(True, True), (False, True), (True, False)])
@_settings(300)
@given(text=hostile_text, width=widths)
def test_a_lines_text_is_the_text_of_its_clusters(
    text: str, width: int, rtl: bool, visual: bool
) -> None:
    """`layout` makes a line's text without its clusters, as `render` does; they must agree,
    and each line must be the one made with its clusters at once."""
    lines = display.layout(text, width, rtl=rtl, visual=visual)
    for line in lines:
        drawn = line.text
        assert drawn == "".join(cluster.text for cluster in line.clusters)
    eager = [
        display._visual_line(prepared, start, end)
        for offset, paragraph in display.bidi_paragraphs(text)
        if (prepared := display._prepare(paragraph, offset, rtl, visual))
        for start, end in display._line_breaks(prepared, max(width, 1))
    ]
    assert lines == eager


# 4. The command line imports what the command asked for ---------------------------------------


def test_every_command_is_in_the_modules_the_lazy_group_imports_for_it() -> None:
    import click

    from tui_reader.cli import main
    from tui_reader.cli.root import COMMANDS

    assert set(main.list_commands(click.Context(main))) == set(COMMANDS)
    for name, modules in COMMANDS.items():
        command = main.commands[name]
        found = [command, *getattr(command, "commands", {}).values()]
        homes = {c.callback.__module__.rsplit(".", 1)[-1] for c in found if c.callback}
        assert homes == set(modules), name


def test_render_does_not_import_the_glossary_the_formats_or_the_corpus() -> None:
    """They were a third of what `render` of a book took, and it needs none of them."""
    script = (
        "import sys\n"
        "from tui_reader.cli import main\n"
        "main.main(['render', '-', '--width', '20'], standalone_mode=False)\n"
        "from tui_reader.core import display, letters\n"
        "compiled = [name for name in letters._EXPRESSIONS if name in vars(letters)]\n"
        "compiled += ['emoji'] * display._emoji_sequences.cache_info().currsize\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
        "print('compiled:', *compiled, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], input="سلام عليكم", capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "ﻢﻜﻴﻠﻋ" in done.stdout
    modules, compiled = done.stderr.splitlines()
    # Regular expressions it needs not are compiled when first used: at import, they cost it
    # more than its line breaking.
    assert compiled == "compiled:"
    loaded = set(modules.split())
    for module in ("glossary", "morphology", "corpus", "exchange", "notes", "search"):
        assert f"tui_reader.core.{module}" not in loaded, module
    assert "tui_reader.cli.lookup" not in loaded
    # PyYAML's reader compiles large expressions as it is imported (a tenth of a book's
    # render); SQLite and TOML are for the index, the corpus and a config file.
    # arabic-reshaper's import reads its configuration: FriBidi shapes, not its table.
    for module in ("yaml", "sqlite3", "tomllib", "arabic_reshaper", "rich"):
        assert module not in loaded, module
    # Where variables name the user's folders (as here), platformdirs is not needed to find
    # them; tempfile is for writing, shutil for a terminal's width, json for a saved file.
    for module in ("platformdirs", "tempfile", "shutil", "json"):
        assert module not in loaded, module


def test_a_search_of_one_text_imports_neither_the_dictionary_nor_sqlite(tmp_path: Path) -> None:
    """The dictionary's modules are the meaning's (lookup), SQLite the library index's (a
    search of all texts): a tenth of what a search of one book took before it searched."""
    script = (
        "import sys\n"
        "from tui_reader.cli import main\n"
        "main.main(['search', 'الإرهاب', '--text', sys.argv[1]], standalone_mode=False)\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    path = tmp_path / "book.yaml"
    library.save_text(_book(2), path)
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "الإرهاب" in done.stdout
    loaded = set(done.stderr.split())
    # And `regex`, the engine of the user's regular expressions only.
    for module in ("tui_reader.core.meaning", "tui_reader.core.dictionary", "sqlite3", "regex"):
        assert module not in loaded, module


def test_the_expressions_of_letters_are_compiled_when_first_asked_for() -> None:
    from tui_reader.core import letters

    for name, source in letters._EXPRESSIONS.items():
        pattern = getattr(letters, name)
        assert isinstance(pattern, re.Pattern)
        assert pattern.pattern == source
        assert vars(letters)[name] is pattern
    with pytest.raises(AttributeError, match="NO_SUCH_PATTERN"):
        letters.NO_SUCH_PATTERN  # noqa: B018


def test_the_fribidi_paths_isolated_letters_are_arabic_reshapers() -> None:
    from arabic_reshaper.letters import ISOLATED, LETTERS_ARABIC

    from tui_reader.core.shaping import NONE, joining_type

    expected = [
        (letter, forms[ISOLATED])
        for letter, forms in LETTERS_ARABIC.items()
        if forms[ISOLATED] and joining_type(letter) == NONE and display.fribidi_safe(letter)
    ]
    cleanup = display._fribidi_cleanup()
    assert expected and sorted(cleanup[1:]) == sorted(expected)


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
@pytest.mark.parametrize("batch", [1, 50, 300])
def test_a_text_longer_than_a_batch_is_drawn_in_several(
    monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """FriBidi is handed at most `FRIBIDI_BATCH` characters at once (a longer paragraph
    alone): the lines are those drawn in one batch, and without the library."""
    texts = [segment.ar for segment in ARTICLE]
    whole = display.render_texts(texts, 40)
    assert whole == _pure(display.render_texts, texts, 40)
    monkeypatch.setattr(display, "FRIBIDI_BATCH", batch)
    batches: list[list[str]] = []
    draw = display._fribidi_lines

    def counted(paragraphs: list[str], width: int, rtl: bool) -> list[list[str] | None]:
        batches.append(paragraphs)
        return draw(paragraphs, width, rtl)

    monkeypatch.setattr(display, "_fribidi_lines", counted)
    assert display.render_texts(texts, 40) == whole
    assert len(batches) > 1
    for paragraphs in batches:
        assert len(paragraphs) == 1 or sum(map(len, paragraphs)) <= batch


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
def test_the_characters_fribidi_gives_no_cell_are_those_rich_gives_none() -> None:
    """The fast path breaks lines counting the characters that FriBidi's joining properties
    say take no cell (its marks, and the lam of a lam-alef ligature): they must be those to
    which Rich, and so `layout`, gives no cell."""
    from rich.cells import get_character_cell_size

    for char in SAFE:
        zero = fribidi.Paragraphs(["ب" + char], rtl=True).zero_width
        assert zero == bytes([0, get_character_cell_size(char) == 0]), hex(ord(char))
        for text in (char + "ب", "ل" + char + "ب", "ل" + char + "ل" + char + "ب"):
            if not display.fribidi_safe(text):
                continue
            zero = fribidi.Paragraphs([text], rtl=True).zero_width
            cells = sum(line.width for line in display.layout(text, 80))
            assert len(text) - zero.count(1) == cells, (text, zero)


def test_the_safe_marks_are_the_marks_but_the_end_of_ayah() -> None:
    every = re.compile(f"[{MARK_RANGES}]")
    safe = re.compile(f"[{display._SAFE_MARK_RANGES}]")
    differ = [c for c in range(0x110000) if bool(every.match(chr(c))) != bool(safe.match(chr(c)))]
    assert differ == [0x06DD]
