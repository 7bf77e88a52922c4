"""What a new user trips on (issue 23), in the core: sentences of a resolution, the Markdown
export of a note on the English, the punctuation of glossary snippets, remembered choices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_reader.config import Config, load_config, remember, remembered, state_path
from tui_reader.core import library
from tui_reader.core.glossary import load_glossary
from tui_reader.core.importer import build_text, sentence_spans
from tui_reader.core.notes import Anchor, NoteStore, export_markdown, new_note
from tui_reader.core.search import Query, search_glossary
from tui_reader.paths import bundled_glossary_path

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)

# An operative paragraph as the Security Council writes it (resolution 1373, 1 (a)-(b)), in
# both languages: each clause ends with a semicolon, Arabic ؛ and English ;.
RESOLUTION_AR = (
    "1 - يقرر أن على جميع الدول: (أ) منع ووقف تمويل الأعمال الإرهابية؛ "
    "(ب) تجريم قيام رعايا هذه الدول عمدا بتوفير الأموال أو جمعها؛"
)
RESOLUTION_EN = (
    "1. Decides that all States shall: (a) Prevent and suppress the financing of terrorist "
    "acts; (b) Criminalize the wilful provision or collection, by any means, of funds;"
)


def test_arabic_and_english_semicolons_both_end_a_sentence() -> None:
    arabic = [RESOLUTION_AR[a:b] for a, b in sentence_spans(RESOLUTION_AR)]
    english = [RESOLUTION_EN[a:b] for a, b in sentence_spans(RESOLUTION_EN)]
    assert len(arabic) == len(english) == 2
    assert arabic[0].endswith("الإرهابية؛") and english[0].endswith("terrorist acts;")


def test_a_resolution_paragraph_aligns_clause_by_clause() -> None:
    text, alignment = build_text(
        f"القرار 1373\n{RESOLUTION_AR}\n", f"Resolution 1373\n{RESOLUTION_EN}\n", "r", "R", "r.txt"
    )
    assert alignment.lines() == []
    assert [segment.en.split()[-1] for segment in text] == ["1373", "acts;", "funds;"]
    assert text.segments[2].ar.startswith("(ب)")


def test_markdown_export_gives_the_arabic_of_a_note_on_the_english() -> None:
    segment = ARTICLE.segments[1]
    store = NoteStore.open(ARTICLE.id)
    store.put(new_note(Anchor.make(segment, 0, 5, pane="en"), "Date style.", "style"))
    markdown = export_markdown(ARTICLE, store)
    assert "English passage:\n\n> On 16\n" in markdown
    assert f"Arabic of the segment:\n\n> {segment.ar}\n" in markdown
    # The English is the passage: not given a second time as the segment's English.
    assert "English of the segment" not in markdown


def test_glossary_snippets_join_english_lists_with_a_latin_comma() -> None:
    glossary = load_glossary(bundled_glossary_path())
    hits = search_glossary(glossary, Query("terrorism financing"))
    variants = next(hit for hit in hits if hit.field == "en_variants")
    assert "terrorist financing, terrorism financing" in variants.source
    tags = next(hit for hit in search_glossary(glossary, Query("terrorism")) if hit.field == "tags")
    assert "، " not in tags.source
    arabic = [hit for hit in search_glossary(glossary, Query("داعش")) if hit.field == "ar_variants"]
    assert all("، " in hit.source or "," not in hit.source for hit in arabic)


def test_choices_are_remembered_and_the_environment_still_wins(
    user_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    (user_dirs["config"]).mkdir(parents=True)
    (user_dirs["config"] / "config.toml").write_text('theme = "textual-dark"\n', encoding="utf-8")
    remember("theme", "nord")
    remember("layout", "side")
    assert (load_config().theme, load_config().layout) == ("nord", "side")
    saved = json.loads(state_path().read_text(encoding="utf-8"))
    assert saved == {"version": 1, "theme": "nord", "layout": "side"}
    monkeypatch.setenv("TUI_READER_THEME", "textual-light")
    assert load_config().theme == "textual-light"


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe",
        b'{"version": 2, "theme": "nord"}',
        b'{"version": 1, "theme": "\\u001b]0;x\\u0007", "layout": "diagonal"}',
        b"[" * 5000,
    ],
)
def test_a_damaged_state_file_is_no_choice(user_dirs: dict[str, Path], content: bytes) -> None:
    user_dirs["config"].mkdir(parents=True)
    state_path().write_bytes(content)
    assert remembered() == {}
    assert load_config() == Config()
    remember("layout", "stacked")
    assert remembered() == {"layout": "stacked"}
