"""The glossary read through its parsed copy in the cache folder: the second reading parses no
YAML and gives the very entries, and an edited file, a file with problems, other checking code
or a damaged copy are read and checked again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.core import glossary, glossary_cache
from tui_reader.core.glossary import GlossaryError
from tui_reader.paths import bundled_glossary_path

BUNDLED = bundled_glossary_path()

ONE_TERM = """\
version: "1"
terms:
  - id: mine
    ar: تمويل الإرهاب
    vocalized: تَمْوِيلُ الإِرْهَابِ
    en: financing of terrorism
    ar_variants: []
    en_variants: [terrorist financing]
    pos: noun phrase
    definition: Funds for terrorists.
    related: []
    tags: [mine]
    avoid: [terror funding]
"""


def _entries(user_dirs: dict[str, Path]) -> list[Path]:
    folder = user_dirs["cache"]
    return sorted(folder.glob("glossary-*.json")) if folder.is_dir() else []


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> object:
        raise AssertionError("parsed the YAML although its parsed copy was kept")

    monkeypatch.setattr(glossary, "read_glossary", refuse)


def _fields(entries: list[glossary.Entry]) -> list[tuple[object, ...]]:
    """Every field, the line too (an entry's equality leaves it out)."""
    return [(*entry.record().values(), entry.avoid, entry.line) for entry in entries]


def test_the_second_reading_parses_nothing_and_gives_the_same_entries(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = glossary.read_glossary(BUNDLED)
    first = glossary_cache.read_kept(BUNDLED)
    assert len(_entries(user_dirs)) == 1
    _no_parsing(monkeypatch)
    second = glossary_cache.read_kept(BUNDLED)
    assert second == first == parsed
    assert _fields(second[0]) == _fields(parsed[0])
    assert any(entry.avoid for entry in second[0])


def test_the_user_glossary_is_read_through_its_copy_too(
    tmp_path: Path, user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(ONE_TERM, encoding="utf-8")
    first, problem = glossary_cache.load_with_user(BUNDLED, user)
    assert problem == "" and "mine" in first.by_id
    assert len(_entries(user_dirs)) == 2
    _no_parsing(monkeypatch)
    second, _ = glossary_cache.load_with_user(BUNDLED, user)
    assert _fields(list(second.entries)) == _fields(list(first.entries))


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(ONE_TERM, encoding="utf-8")
    glossary_cache.read_kept(user)
    user.write_text(ONE_TERM.replace("financing of terrorism", "terrorist funding"), "utf-8")
    [entry], _ = glossary_cache.read_kept(user)
    assert entry.en == "terrorist funding"


def test_a_file_with_problems_is_not_kept_and_its_problems_come_every_time(
    tmp_path: Path, user_dirs: dict[str, Path]
) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(ONE_TERM.replace("pos: noun phrase", "pos: gerund"), encoding="utf-8")
    for _ in range(2):
        _, problems = glossary_cache.read_kept(user)
        assert "pos 'gerund'" in problems[0].message
    assert _entries(user_dirs) == []
    user.write_text("terms: [", encoding="utf-8")
    with pytest.raises(GlossaryError, match="YAML syntax error"):
        glossary_cache.read_kept(user)
    user.unlink()
    with pytest.raises(GlossaryError, match="no such file"):
        glossary_cache.read_kept(user)


def test_other_checking_code_is_a_miss(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary_cache.read_kept(BUNDLED)
    monkeypatch.setattr(glossary_cache, "_code", lambda: "checks of another version")
    calls: list[object] = []
    read = glossary.read_glossary

    def counted(*args: Path | str) -> object:
        calls.append(args)
        return read(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(glossary, "read_glossary", counted)
    glossary_cache.read_kept(BUNDLED)
    assert len(calls) == 1 and len(_entries(user_dirs)) == 2


def test_without_the_checking_code_to_read_nothing_is_kept(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(glossary_cache, "_code", lambda: None)
    assert glossary_cache.read_kept(BUNDLED) == glossary.read_glossary(BUNDLED)
    assert _entries(user_dirs) == []


DAMAGE = {
    "not JSON": lambda records: "[{",
    "not a list": lambda records: {"terms": records},
    "an entry not a mapping": lambda records: [*records[:-1], ["mine"]],
    "a field missing": lambda records: [
        {k: v for k, v in records[0].items() if k != "pos"},
        *records[1:],
    ],
    "a field more": lambda records: [{**records[0], "extra": ""}, *records[1:]],
    "text not text": lambda records: [{**records[0], "en": 3}, *records[1:]],
    "a list not a list": lambda records: [{**records[0], "tags": "mine"}, *records[1:]],
    "items not text": lambda records: [{**records[0], "tags": [1]}, *records[1:]],
    "a line not a number": lambda records: [{**records[0], "line": "7"}, *records[1:]],
    "a boolean for a line": lambda records: [{**records[0], "line": True}, *records[1:]],
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_copy_is_a_miss(user_dirs: dict[str, Path], damage: object) -> None:
    expected = glossary_cache.read_kept(BUNDLED)
    (entry,) = _entries(user_dirs)
    records = json.loads(entry.read_text(encoding="utf-8"))
    assert callable(damage)
    damaged = damage(records)
    entry.write_text(damaged if isinstance(damaged, str) else json.dumps(damaged), "utf-8")
    again = glossary_cache.read_kept(BUNDLED)
    assert again == expected and _fields(again[0]) == _fields(expected[0])
    # Read and kept again in its place.
    assert json.loads(entry.read_text(encoding="utf-8")) == records


def test_a_command_with_the_glossary_kept_imports_no_yaml(tmp_path: Path) -> None:
    """`tui-reader lookup` reads the glossary: the second time from its parsed copy, with
    PyYAML never imported."""
    program = (
        "import sys\n"
        "from tui_reader.cli.output import _load_glossary\n"
        "_load_glossary()\n"
        "print('yaml' in sys.modules)\n"
    )
    environment = {**os.environ, "TUI_READER_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", program], capture_output=True, text=True, env=environment
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs == [["True"], ["False"]]
