"""`glossary check`: every kind of fault is reported with its file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TESTS_DIR

from tui_reader.core.glossary import GlossaryError, check_glossary, load_glossary

ENTRY = """\
  - id: {id}
    ar: {ar}
    vocalized: {vocalized}
    en: terrorism
    ar_variants: []
    en_variants: []
    pos: noun
    definition: A definition.
    note: ""
    authority: UN terminology
    related: [{related}]
    tags: [terrorism]
"""


def _entry(
    id: str = "terrorism", ar: str = "إرهاب", vocalized: str = "إِرْهَاب", related: str = ""
) -> str:
    return ENTRY.format(id=id, ar=ar, vocalized=vocalized, related=related)


def _check(tmp_path: Path, content: str) -> list[str]:
    path = tmp_path / "g.yaml"
    path.write_text(content, encoding="utf-8")
    return [str(problem).replace(str(tmp_path) + "/", "") for problem in check_glossary(path)[1]]


def test_the_test_glossary_is_clean() -> None:
    assert check_glossary(TESTS_DIR / "data" / "mini-glossary.yaml")[1] == []


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    [problem] = _check(tmp_path, "terms:\n  - id: [unclosed\n")
    # libyaml and the pure-Python parser word it differently; the place is the same.
    assert problem.startswith("g.yaml:3:1: YAML syntax error: ")
    assert "',' or ']'" in problem


def test_missing_and_wrong_typed_fields(tmp_path: Path) -> None:
    content = "terms:\n" + _entry().replace("    pos: noun\n", "").replace(
        "tags: [terrorism]", "tags: terrorism"
    )
    assert _check(tmp_path, content) == [
        "g.yaml:2:5: entry 'terrorism': missing field 'pos'",
        "g.yaml:12:11: 'tags' must be a list",
    ]


def test_duplicate_id(tmp_path: Path) -> None:
    content = "terms:\n" + _entry() + _entry(ar="إرهابي", vocalized="إِرْهَابِيّ")
    assert _check(tmp_path, content) == ["g.yaml:14:5: duplicate id 'terrorism' (first at line 2)"]


def test_same_arabic_once_normalized(tmp_path: Path) -> None:
    content = "terms:\n" + _entry() + _entry(id="terror", ar="ارهاب", vocalized="ارهاب")
    assert _check(tmp_path, content) == [
        "g.yaml:14:5: entry 'terror': same Arabic term as 'terrorism' (line 2) once normalized"
    ]


def test_related_id_that_does_not_exist(tmp_path: Path) -> None:
    assert _check(tmp_path, "terms:\n" + _entry(related="nowhere")) == [
        "g.yaml:2:5: entry 'terrorism': related id 'nowhere' does not exist"
    ]


def test_unknown_field_bad_pos_and_vocalized_of_another_word(tmp_path: Path) -> None:
    content = (
        "terms:\n"
        + _entry(vocalized="تَمْوِيل").replace("pos: noun", "pos: thing")
        + "    colour: red\n"
    )
    assert _check(tmp_path, content) == [
        "g.yaml:4:16: entry 'terrorism': 'vocalized' is not a vocalized 'ar'",
        "g.yaml:8:10: entry 'terrorism': pos 'thing' is not one of: noun, adjective, verb, "
        "noun phrase, proper noun, abbreviation",
        "g.yaml:14:5: unknown field 'colour'",
    ]


def test_not_a_glossary_at_all(tmp_path: Path) -> None:
    assert _check(tmp_path, "- a\n- b\n") == [
        "g.yaml:1:1: a glossary must be a mapping with 'terms'"
    ]
    assert _check(tmp_path, "") == ["g.yaml:1:1: a glossary must be a mapping with 'terms'"]


def test_no_object_construction(tmp_path: Path) -> None:
    content = "terms:\n" + _entry().replace(
        "definition: A definition.", "definition: !!python/object/apply:os.system ['true']"
    )
    problems = _check(tmp_path, content)
    assert problems == ["g.yaml:9:17: 'definition' must be text"]


def test_alias_bomb_and_deep_nesting_are_refused(tmp_path: Path) -> None:
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):
        bomb.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    problems = _check(tmp_path, "\n".join(bomb) + "\nterms: *a11\n")
    assert problems and all("must be a mapping" in p for p in problems[:1])
    deep = "terms: " + "[" * 100_000 + "]" * 100_000 + "\n"
    [problem] = _check(tmp_path, deep)
    assert problem in (
        "g.yaml: the YAML is nested too deeply",
        "g.yaml:1:1007: YAML syntax error: exceeded maximum nesting depth",
    )


def test_not_utf8_and_too_big(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes(b"terms: \xff\n")
    assert [p.message for p in check_glossary(path)[1]] == [
        "not UTF-8 text (byte 0xff at offset 7)"
    ]
    path.write_bytes(b"#" * (5 * 1024 * 1024))
    [problem] = check_glossary(path)[1]
    assert "over the limit of 4,194,304 bytes" in problem.message


def test_load_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("terms:\n" + _entry(related="x") + _entry(), encoding="utf-8")
    with pytest.raises(GlossaryError) as raised:
        load_glossary(path)
    assert len(raised.value.problems) == 2
    assert "(and 1 more)" in str(raised.value)


def test_avoid_is_an_optional_list_of_english(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "terms:\n" + _entry() + "    avoid: [terror, war on terror]\n", encoding="utf-8"
    )
    [entry], problems = check_glossary(path)
    assert problems == [] and entry.avoid == ("terror", "war on terror")
    path.write_text("terms:\n" + _entry(), encoding="utf-8")
    [entry], problems = check_glossary(path)
    assert problems == [] and entry.avoid == ()


def test_avoid_of_the_wrong_type_or_contradicting_the_english(tmp_path: Path) -> None:
    assert _check(tmp_path, "terms:\n" + _entry() + "    avoid: terror\n") == [
        "g.yaml:14:12: 'avoid' must be a list"
    ]
    assert _check(tmp_path, "terms:\n" + _entry() + "    avoid: [[terror]]\n") == [
        "g.yaml:14:13: items of 'avoid' must be text"
    ]
    assert _check(tmp_path, "terms:\n" + _entry() + "    avoid: [terror, Terrorism]\n") == [
        "g.yaml:14:12: entry 'terrorism': 'Terrorism' is both to use and to avoid"
    ]
