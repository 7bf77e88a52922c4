"""Hostile input to the core: ids that would name files elsewhere, duplicate keys, regular
expressions that would exhaust memory or time, config files built to be slow, and emoji
sequences inside Arabic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.core import cache, library
from tui_reader.core.importer import text_id_for
from tui_reader.core.library import load_text
from tui_reader.core.text import ID_PATTERN, TextError
from tui_reader.core.text_yaml import dump_text

BAD_IDS = [
    "../../../../../outside/ESCAPED",
    "/tmp/outside",
    "..",
    "nlid\n",
    "UPPER",
    "a b",
    "\x1b]0;owned\x07",
    "\x1b]52;c;aGVsbG8=\x07",
    "\u202eevil",
    "",
]


def _no_raw_controls(message: str) -> None:
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in message), repr(message)
    assert "\u202e" not in message


@pytest.mark.parametrize("bad", BAD_IDS)
def test_the_id_pattern_takes_nothing_but_ids(bad: str) -> None:
    assert ID_PATTERN.fullmatch(bad) is None
    # Other modules still call `match`: the pattern itself must hold at the end.
    assert ID_PATTERN.match(bad) is None


def _yaml(text_id: str, segment_id: str = "s1") -> str:
    return f"id: {json.dumps(text_id)}\nsegments:\n  - id: {json.dumps(segment_id)}\n    ar: نص\n"


@pytest.mark.parametrize("bad", [b for b in BAD_IDS if b.strip() == b and b])
def test_a_text_id_that_is_no_id_is_refused_with_its_place(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(_yaml(bad), encoding="utf-8")
    with pytest.raises(TextError, match=r"copy\.yaml:1:5: the text's id '.*' is not an id") as e:
        load_text(path)
    _no_raw_controls(str(e.value))


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_segment_id_that_is_no_id_is_refused_with_its_place(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(_yaml("fine", bad), encoding="utf-8")
    with pytest.raises(TextError, match=r"copy\.yaml:3:9: segment id '.*' is not an id") as e:
        load_text(path)
    _no_raw_controls(str(e.value))


def test_white_space_around_a_text_id_is_not_part_of_it(tmp_path: Path) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(_yaml("nlid\n"), encoding="utf-8")
    assert load_text(path).id == "nlid"


def test_an_escaping_id_on_the_command_line_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(_yaml("../../../../../outside/ESCAPED"), encoding="utf-8")
    # `render` opens a text as `read` does (library.open_text) without starting the reader.
    result = CliRunner().invoke(main, ["render", str(path)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "evil.yaml:1:5: the text's id '../../../../../outside/ESCAPED' is not an id" in (
        result.stderr
    )
    assert "Traceback" not in result.output


def test_a_cache_entry_with_a_bad_id_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CACHE_FROM_BYTES", 0)
    article = library.open_text(library.DEFAULT_TEXT_ID)
    path = tmp_path / "book.yaml"
    source = dump_text(article).encode("utf-8")
    path.write_bytes(source)
    for meta_id, segment_id in [
        ("../../outside", article.segments[0].id),
        (article.id, "../x"),
        (article.id, article.segments[1].id),
    ]:
        plain = {
            "meta": [meta_id, "t", "t", "", "", ""],
            "segments": [
                field
                for index, s in enumerate(article.segments)
                for field in (segment_id if index == 0 else s.id, s.ar, s.en, s.before)
            ],
        }
        cache.store("text", source, plain)
        assert load_text(path) == article


def test_a_plain_file_gets_an_id_whatever_its_name(tmp_path: Path) -> None:
    for name in ("Report 2020.txt", "\x1b]0;t\x07.txt", "..txt", "عربي.txt", "a\nb.txt"):
        path = tmp_path / name
        path.write_text("نص\n", encoding="utf-8")
        text = library.open_text(str(path))
        assert ID_PATTERN.fullmatch(text.id), text.id
    assert library.open_text(str(tmp_path / "Report 2020.txt")).id.startswith("report-2020-")


def test_an_id_given_on_the_command_line_is_checked_to_its_end(tmp_path: Path) -> None:
    with pytest.raises(TextError, match=r"--id 'nlid\\n'") as error:
        text_id_for(tmp_path / "a.txt", "nlid\n")
    _no_raw_controls(str(error.value))
    with pytest.raises(TextError) as error:
        text_id_for(tmp_path / "a.txt", "\x1b]52;c;aGk=\x07")
    _no_raw_controls(str(error.value))


def test_an_unknown_format_is_quoted_safely(tmp_path: Path) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text('format: "9\\e]0;x\\a"\nid: x\nsegments: []\n', encoding="utf-8")
    with pytest.raises(TextError, match="is not known") as error:
        load_text(path)
    _no_raw_controls(str(error.value))


# Duplicate keys -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "place", "key"),
    [
        ("id: x\nsegments:\n  - id: s1\n    ar: نص\n    ar: آخر\n", "5:5", "ar"),
        ("id: x\nid: y\nsegments:\n  - {id: s1, ar: نص}\n", "2:1", "id"),
        ("id: x\ntitle: {en: a, en: b}\nsegments:\n  - {id: s1, ar: نص}\n", "2:16", "en"),
        # An anchor sends the fast path to the safe loader, which must refuse it as well.
        ("id: x\nsource: &s a\nsegments:\n  - {id: s1, ar: نص, ar: *s}\n", "4:22", "ar"),
        # Keys that YAML reads as equal: 1 and 0x1 are both the integer one.
        ("id: x\nmeta: {1: a, 0x1: b}\nsegments:\n  - {id: s1, ar: نص}\n", "2:14", "1"),
    ],
)
def test_a_key_given_twice_is_refused_with_its_line(
    tmp_path: Path, content: str, place: str, key: str
) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TextError, match=rf"copy\.yaml:{place}: '{key}' given twice"):
        load_text(path)


@pytest.mark.parametrize(
    "source",
    [
        "a: 1\na: 2\n",
        "- {x: 1, y: 2, x: 3}\n",
        "a: {b: 1}\nc: &c 1\na: *c\n",
        "? [1]\n: 1\nb: 1\nb: 2\n",
    ],
)
def test_both_yaml_readers_refuse_a_key_given_twice(source: str) -> None:
    import yaml

    from tui_reader.core.text_yaml import YAML_LOADER, DuplicateKey, plain_yaml

    with pytest.raises(DuplicateKey) as fast:
        found = plain_yaml(source)
        # What the fast path leaves to the safe loader.
        yaml.load(source, Loader=YAML_LOADER)
        pytest.fail(f"read as {found!r}")
    with pytest.raises(DuplicateKey) as slow:
        yaml.load(source, Loader=YAML_LOADER)
    assert fast.value.problem_mark is not None and slow.value.problem_mark is not None
    assert fast.value.problem_mark.line == slow.value.problem_mark.line


def test_a_merge_key_may_still_be_overridden() -> None:
    import yaml

    from tui_reader.core.text_yaml import YAML_LOADER

    source = "base: &b {x: 1, y: 2}\nmine:\n  <<: *b\n  x: 3\n"
    assert yaml.load(source, Loader=YAML_LOADER)["mine"] == {"x": 3, "y": 2}


# Regular expressions ------------------------------------------------------------------------


def _never_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pattern that must be refused before `regex` compiles it: compiling it would take
    gigabytes, so a test that lets it through fails here instead of exhausting memory."""
    import regex

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled a pattern that should have been refused")

    monkeypatch.setattr(regex, "compile", refuse)


@pytest.mark.parametrize(
    "pattern",
    [
        "(?:(?:(?:a{100}){100}){100}){100}",
        "x{4294967294}",
        "(?:(?:ق{1000}){1000})",
        "(?P<g>(?:[ab]{,500}|c){500})",
        "a{60000}b{60000}",
        "((a{1000}){1000}",  # unclosed: still reckoned, not compiled
    ],
)
def test_counted_repeats_that_unroll_too_far_are_refused_before_compiling(
    monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    from tui_reader.core.search import Query, QueryError

    _never_compile(monkeypatch)
    with pytest.raises(QueryError, match="counted repeats ask for over 100,000 copies"):
        Query(pattern, regex=True).pattern()


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d{4}-\d{2}",
        r"(?:\w+\s){0,5}",
        "a{1000}",
        r"\p{Arabic}{3}",
        r"\N{ARABIC LETTER QAF}{2}",
        "[{]{5}",
        r"\{99999999\}",
        "(?#{99999999})ق",
        "(?:a{10}){10}",
    ],
)
def test_ordinary_counted_repeats_still_compile(pattern: str) -> None:
    from tui_reader.core.search import Query

    Query(pattern, regex=True).pattern()


def test_the_command_line_refuses_a_compile_bomb_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _never_compile(monkeypatch)
    result = CliRunner().invoke(main, ["search", "--regex", "(?:(?:(?:a{100}){100}){100}){100}"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "counted repeats" in result.stderr


def test_a_simple_pattern_over_a_long_text_finishes(monkeypatch: pytest.MonkeyPatch) -> None:
    """`regex`'s time limit is for all the matches of one call: a pattern that finds a great
    many matches used it up and was called a runaway."""
    from tui_reader.core import search as search_module
    from tui_reader.core.search import Query, search_text
    from tui_reader.core.text import Segment, Text

    monkeypatch.setattr(search_module, "REGEX_SECONDS", 0.02)
    line = "ق " * 200_000
    text = Text("t", "", "", (Segment("s1", line), Segment("s2", "ق"), Segment("s3", line)))
    hits = search_text(text, Query("ق", kinds=("ar",), regex=True))
    assert len(hits) == 400_001
    assert [hit.segment_id for hit in hits[199_999:200_002]] == ["s1", "s2", "s3"]


def test_a_runaway_after_many_matches_is_still_a_runaway(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui_reader.core import search as search_module
    from tui_reader.core.search import Query, QueryError, search_text
    from tui_reader.core.text import Segment, Text

    monkeypatch.setattr(search_module, "REGEX_SECONDS", 0.2)
    text = Text("t", "", "", (Segment("s1", "a " * 50_000), Segment("s2", "a" * 40 + "b")))
    with pytest.raises(QueryError, match=r"took more than 0\.2 s; make it simpler"):
        search_text(text, Query("(a|aa)+$", kinds=("ar",), regex=True))


def test_anchors_hold_at_each_segment() -> None:
    from tui_reader.core.search import Query, search_text
    from tui_reader.core.text import Segment, Text

    text = Text("t", "", "", (Segment("s1", "قال هنا"), Segment("s2", "قال هناك")))
    hits = search_text(text, Query("^قال", kinds=("ar",), regex=True))
    assert [hit.segment_id for hit in hits] == ["s1", "s2"]


@pytest.mark.parametrize("as_regex", [True, False])
def test_a_query_found_almost_everywhere_is_refused_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, as_regex: bool
) -> None:
    from tui_reader.core import search as search_module
    from tui_reader.core.search import Query, QueryError, search_text
    from tui_reader.core.text import Segment, Text

    monkeypatch.setattr(search_module, "MAX_HITS", 1000)
    text = Text("t", "", "", (Segment("s1", "ق" * 600), Segment("s2", "ق" * 600)))
    with pytest.raises(QueryError, match="found in more than 1,000 places; make it narrower"):
        search_text(text, Query("ق", kinds=("ar",), regex=as_regex))
    assert len(search_text(text, Query("قق", kinds=("ar",), regex=as_regex))) == 600


# The config file ----------------------------------------------------------------------------


def _write_config(user_dirs: dict[str, Path], content: str) -> Path:
    user_dirs["config"].mkdir(parents=True, exist_ok=True)
    path = user_dirs["config"] / "config.toml"
    path.write_text(content, encoding="utf-8")
    return path


def test_a_config_of_nested_dotted_tables_is_refused_at_once(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tomllib

    from tui_reader import config as config_module

    # 9 MB of these took tomllib 30 s; the parser must not even be asked.
    _write_config(user_dirs, "".join("[" + ".".join(["a"] * i) + "]\n" for i in range(1, 400)))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed a config file over the size bound")

    monkeypatch.setattr(tomllib, "loads", refuse)
    result = CliRunner().invoke(main, ["render", "-"], input=b"x")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "config.toml: over 64 KB, too big to be a config file" in result.stderr
    assert config_module.MAX_CONFIG_BYTES == 64 * 1024


def test_a_config_within_the_bound_still_loads(user_dirs: dict[str, Path]) -> None:
    from tui_reader.config import MAX_CONFIG_BYTES, load_config

    comment = "# " + "x" * 76 + "\n"
    padding = comment * ((MAX_CONFIG_BYTES - 100) // len(comment))
    path = _write_config(user_dirs, padding + 'layout = "side"\n')
    assert path.stat().st_size <= MAX_CONFIG_BYTES
    assert load_config().layout == "side"


@pytest.mark.parametrize(
    "content", ['"\\u001b]0;owned\\u0007" = "x"\n', 'layout = "\\u001b]52;c;aGk=\\u0007"\n']
)
def test_config_messages_quote_keys_and_values_safely(
    user_dirs: dict[str, Path], content: str
) -> None:
    from tui_reader.config import ConfigError, load_config

    _write_config(user_dirs, content)
    with pytest.raises(ConfigError, match=r"\\x1b\]") as error:
        load_config()
    _no_raw_controls(str(error.value))


# Emoji sequences in Arabic ------------------------------------------------------------------

FAMILY = "👨\u200d👩\u200d👧"
RAINBOW_FLAG = "🏳\ufe0f\u200d🌈"


@pytest.mark.parametrize(
    ("sequence", "drawn"),
    [(FAMILY, "👨👩👧"), (RAINBOW_FLAG, "🏳\ufe0f🌈"), ("👍\U0001f3fd", "👍\U0001f3fd")],
)
@pytest.mark.parametrize("width", [40, 8, 1])
def test_an_emoji_sequence_in_arabic_is_one_cluster_in_its_own_order(
    sequence: str, drawn: str, width: int
) -> None:
    from rich.cells import get_character_cell_size

    from tui_reader.core.display import layout, render_lines

    text = f"عائلة {sequence} سعيدة"
    lines = layout(text, width)
    clusters = [c for line in lines for c in line.clusters if c.start == text.index(sequence)]
    assert len(clusters) == 1
    [cluster] = clusters
    # The joiners are left out (a terminal that does not join would draw them), the parts
    # stay in order, the cluster covers the whole sequence and is as wide as it is drawn.
    assert cluster.text == drawn
    assert cluster.end == text.index(sequence) + len(sequence)
    assert cluster.width == sum(map(get_character_cell_size, drawn))
    assert any(drawn in line for line in render_lines(text, width))


@pytest.mark.fribidi
@pytest.mark.usefixtures("fribidi")
def test_emoji_sequences_differ_from_fribidi_only_in_keeping_their_order() -> None:
    """FriBidi reverses a right-to-left line character by character, an emoji sequence too
    (a family comes out children first): that one difference is deliberate."""
    from fribidi_ref import canonical, drawn, visual_lines

    from tui_reader.core.display import layout

    for sequence, ours, reversed_by_fribidi in (
        (FAMILY, "👨👩👧", "👧👩👨"),
        (RAINBOW_FLAG, "🏳\ufe0f🌈", "🌈🏳\ufe0f"),
    ):
        text = f"عائلة {sequence} سعيدة"
        [line] = layout(text, 80)
        [reference] = visual_lines(text, [(0, len(text))])
        theirs = drawn(reference)
        assert reversed_by_fribidi in theirs
        assert canonical(line.text) == theirs.replace(reversed_by_fribidi, ours)
