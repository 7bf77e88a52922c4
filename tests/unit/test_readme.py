"""The README tells the truth: its test command is the one CI runs, its key table is the
bindings' own."""

from __future__ import annotations

import json
import re

from conftest import REPO_DIR
from textual.binding import Binding

from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.parallel import ParallelView

README = (REPO_DIR / "README.md").read_text(encoding="utf-8")
# Textual's names for keys that the README shows as they are typed.
TYPED = {
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
}


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README)


def test_readme_opens_with_an_install_and_open_command_and_a_test_command() -> None:
    install, test = _commands()[:2]
    assert install.endswith("&& .venv/bin/tui-reader")
    assert "pytest" in test
    assert README.index(install) < 1200


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test = _commands()[1]
    ci = (REPO_DIR / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci


def test_every_key_binding_is_in_the_readme_with_its_keys() -> None:
    table = {
        row[2].strip("` "): row[0]
        for row in (line.split("|")[1:4] for line in README.splitlines() if "`" in line)
        if len(row) == 3
    }
    bindings = [
        binding
        for owner in (ReaderApp, ReaderScreen, ParallelView)
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and binding.id
    ]
    assert len(bindings) >= 10
    for binding in bindings:
        assert binding.id in table, binding.id
        for key in (TYPED.get(name, name) for name in binding.key.split(",")):
            assert f"`{key}`" in table[binding.id], (binding.id, key)


def test_the_notes_example_is_a_note_of_the_bundled_article() -> None:
    from tui_reader.core import library
    from tui_reader.core.notes import Anchor, Note, place

    [example] = re.findall(r"```json\n(.+?)\n```", README)
    note = Note.from_record(json.loads(example))
    text = library.open_text(library.DEFAULT_TEXT_ID)
    segment = text.segments[text.index_of(note.anchor.segment_id)]
    assert note.anchor == Anchor.make(segment, note.anchor.start, note.anchor.end)
    assert not place(note, text).orphaned


def test_every_test_named_in_the_faults_table_exists() -> None:
    section = README[README.index("## Faults and hostile input") :]
    section = section[: section.index("\n## ")]
    named = set(re.findall(r"`((?:unit|pilot)/test_\w+\.py)`", section))
    assert len(named) >= 10
    for name in named:
        assert (REPO_DIR / "tests" / name).is_file(), name


def test_the_example_glossary_entry_is_the_glossary_s_own() -> None:
    import yaml

    block = re.search(r"```yaml\n(  - id: .+?)```", README, re.DOTALL)
    assert block is not None
    shown = yaml.safe_load(block.group(1))[0]
    data = yaml.safe_load((REPO_DIR / "glossary.yaml").read_text(encoding="utf-8"))
    [entry] = [term for term in data["terms"] if term["id"] == shown["id"]]
    for field in ("ar", "vocalized", "en", "ar_variants", "en_variants", "pos", "tags"):
        assert shown[field] == entry[field], field
    for field in ("definition", "note", "authority"):
        assert entry[field].startswith(shown[field].removesuffix("...").rstrip()), field


def test_the_example_text_is_the_bundled_article_s_own() -> None:
    import yaml

    block = re.search(r"```yaml\n(format: 1\n.+?)```", README, re.DOTALL)
    assert block is not None
    shown = yaml.safe_load(block.group(1))
    data = yaml.safe_load((REPO_DIR / "texts" / "dushanbe-2019.yaml").read_text(encoding="utf-8"))
    for field in ("format", "id", "title", "source"):
        assert shown[field] == data[field], field
    assert shown["segments"][0] == {key: data["segments"][0][key] for key in shown["segments"][0]}
    for key in ("ar", "en"):
        start = shown["segments"][1][key].removesuffix("...").rstrip()
        assert data["segments"][1][key].startswith(start), key
