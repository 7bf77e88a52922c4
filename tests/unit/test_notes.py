"""Notes: the store (atomic, merging, damaged files kept), anchors, and exports."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tui_reader.core import library
from tui_reader.core.notes import (
    Anchor,
    Note,
    NotesError,
    NoteStore,
    edited,
    export_markdown,
    export_web_annotation,
    new_note,
    notes_path,
    parse_notes,
    place,
)
from tui_reader.core.text import Segment, Text

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)
S2 = ARTICLE.segments[1]


def _note(body: str = "Check this term.") -> Note:
    return new_note(Anchor.make(S2, 0, 6), body)


def test_save_and_read_back_one_note_per_line_in_id_order() -> None:
    store = NoteStore.open(ARTICLE.id)
    first = new_note(Anchor.make(S2, 0, 7), "سؤال: ما المقصود؟\nsecond line", "query", ["ar", "q"])
    second = new_note(Anchor.make(S2, 8, 13), "style", "style")
    store.put(first)
    store.put(second)
    store.save()
    lines = notes_path(ARTICLE.id).read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"version": 1, "text": ARTICLE.id}
    assert [json.loads(line)["id"] for line in lines[1:]] == sorted([first.id, second.id])
    assert "سؤال" in lines[1] + lines[2]  # Arabic stays readable, not \\u escapes
    again = NoteStore.open(ARTICLE.id)
    assert again.notes == {first.id: first, second.id: second}


def test_two_windows_keep_each_others_notes() -> None:
    one = NoteStore.open(ARTICLE.id)
    two = NoteStore.open(ARTICLE.id)
    a, b = _note("from one"), _note("from two")
    one.put(a)
    one.save()
    two.put(b)
    two.save()
    assert set(two.notes) == {a.id, b.id}
    one.delete(a.id)
    one.save()
    assert set(NoteStore.open(ARTICLE.id).notes) == {b.id}


def test_both_windows_editing_one_note_keeps_both_versions() -> None:
    store = NoteStore.open(ARTICLE.id)
    note = _note("original")
    store.put(note)
    store.save()
    one, two = NoteStore.open(ARTICLE.id), NoteStore.open(ARTICLE.id)
    one.put(edited(note, "one's edit", "query", []))
    one.save()
    two.put(edited(note, "two's edit", "style", []))
    two.save()
    bodies = sorted(n.body for n in NoteStore.open(ARTICLE.id))
    assert bodies == ["one's edit", "two's edit"]
    [copy] = [n for n in NoteStore.open(ARTICLE.id) if "conflict" in n.tags]
    assert copy.body == "one's edit"


def test_a_damaged_file_is_reported_kept_aside_untouched_and_never_overwritten() -> None:
    path = notes_path(ARTICLE.id)
    path.parent.mkdir(parents=True)
    damaged = '{"version": 1, "text": "dushanbe-2019"}\n{"id": "x", "anchor": {oops\n'
    path.write_text(damaged, encoding="utf-8")
    store = NoteStore.open(ARTICLE.id)
    assert f"{path}:2: a damaged note" in store.damaged
    assert path.read_text(encoding="utf-8") == damaged  # reading changes nothing
    store.put(_note("new"))
    aside = store.save()
    assert aside is not None and aside.read_text(encoding="utf-8") == damaged
    assert [n.body for n in NoteStore.open(ARTICLE.id)] == ["new"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", ":1: not a notes file"),
        ('{"version": 7}\n', ":1: not a notes file of version 1"),
        ('{"version": 1}\n{"id": "a", "body": "x"}\n', ":2: a damaged note"),
        (
            '{"version": 1}\n{"id": "a", "body": 1, "anchor": {"segment_id": "s1", "start": 0,'
            ' "end": 1, "quote": "x"}}\n',
            ":2: a damaged note",
        ),
    ],
)
def test_parse_errors_name_the_line(content: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(NotesError, match=message):
        parse_notes(content, tmp_path / "n.jsonl")


def test_an_unwritable_data_folder_raises_and_keeps_the_notes_in_memory(
    user_dirs: dict[str, Path],
) -> None:
    user_dirs["data"].parent.mkdir(parents=True, exist_ok=True)
    user_dirs["data"].write_text("a file where the folder should be")
    store = NoteStore.open(ARTICLE.id)
    note = _note()
    store.put(note)
    with pytest.raises(OSError):
        store.save()
    assert store.notes == {note.id: note}


WRITER = """
import sys
from tui_reader.core import library
from tui_reader.core.notes import Anchor, NoteStore, new_note
text = library.open_text("dushanbe-2019")
segment = text.segments[1]
while True:
    store = NoteStore.open(text.id)
    store.put(new_note(Anchor.make(segment, 0, 7), "x" * 2000 + str(len(store))))
    store.save()
    print(len(store), flush=True)
"""


def test_killing_a_writer_at_any_moment_never_loses_or_corrupts_a_saved_note() -> None:
    env = {**os.environ}
    confirmed = 0
    rng = random.Random(2462)
    for _ in range(12):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER], stdout=subprocess.PIPE, text=True, env=env
        )
        assert writer.stdout is not None
        first = writer.stdout.readline()  # it is running and has saved at least once
        assert first.strip()
        time.sleep(rng.uniform(0.0, 0.15))
        writer.send_signal(signal.SIGKILL)
        printed = [first, *writer.stdout.read().splitlines()]
        writer.wait()
        confirmed = max(confirmed, *(int(line) for line in printed if line.strip()))
        store = NoteStore.open(ARTICLE.id)
        assert store.damaged == ""
        assert len(store) >= confirmed
    assert confirmed >= 12


# Anchors ------------------------------------------------------------------------------------


def _text(*segments: tuple[str, str]) -> Text:
    return Text("t", "", "", tuple(Segment(sid, ar) for sid, ar in segments))


def test_anchor_reattaches_after_words_are_inserted_before_it() -> None:
    old = _text(("s1", "قال الرئيس إن مكافحة الإرهاب أولوية"))
    note = new_note(Anchor.make(old.segments[0], 14, 20), "مكافحة")
    assert note.anchor.quote == "مكافحة"
    new = _text(("s1", "قال فخامة الرئيس اليوم إن مكافحة الإرهاب أولوية"))
    placed = place(note, new)
    assert placed.segment_index == 0
    assert new.segments[0].ar[placed.start : placed.end] == "مكافحة"


def test_anchor_follows_its_words_into_a_split_segment() -> None:
    old = _text(("s1", "الجملة الأولى. وفيها مكافحة الإرهاب."))
    note = new_note(Anchor.make(old.segments[0], 21, 27), "")
    new = _text(("s1", "الجملة الأولى."), ("s1b", "وفيها مكافحة الإرهاب."))
    placed = place(note, new)
    assert placed.segment_index == 1
    assert new.segments[1].ar[placed.start : placed.end] == "مكافحة"


def test_context_picks_the_right_one_of_two_equal_quotes() -> None:
    old = _text(("s1", "مكافحة الفساد ثم مكافحة الإرهاب"))
    note = new_note(Anchor.make(old.segments[0], 17, 23), "")
    new = _text(("s1", "نص جديد: مكافحة الفساد ثم مكافحة الإرهاب"))
    placed = place(note, new)
    assert new.segments[0].ar[placed.start : placed.end + 8] == "مكافحة الإرهاب"


def test_a_note_whose_passage_is_gone_is_orphaned_not_dropped() -> None:
    old = _text(("s1", "مكافحة الإرهاب"))
    note = new_note(Anchor.make(old.segments[0], 0, 6), "keep me")
    placed = place(note, _text(("s1", "نص آخر تماما")))
    assert placed.orphaned and placed.note.body == "keep me"


def test_english_pane_anchor() -> None:
    note = new_note(Anchor.make(S2, 4, 9, pane="en"), "date format")
    placed = place(note, ARTICLE)
    assert S2.en[placed.start : placed.end] == S2.en[4:9]


# Exports --------------------------------------------------------------------------------------


def _store_with_notes() -> NoteStore:
    store = NoteStore.open(ARTICLE.id)
    quote_start = S2.ar.index("المؤتمرالدولي")
    store.put(
        new_note(
            Anchor.make(S2, quote_start, quote_start + 13),
            "Missing space in the source: المؤتمر الدولي.",
            "source error",
            ["typo"],
        )
    )
    store.put(new_note(Anchor.make(S2, 0, len(S2.ar)), "Long sentence.", "style"))
    orphan = new_note(Anchor.make(S2, 0, 7), "gone")
    store.put(replace(orphan, anchor=replace(orphan.anchor, quote="لا يوجد", segment_id="zz")))
    return store


def test_markdown_export_has_passage_english_category_tags_and_body() -> None:
    markdown = export_markdown(ARTICLE, _store_with_notes())
    assert "## 1. style, segment s2" in markdown or "## 1. source error, segment s2" in markdown
    assert "> المؤتمرالدولي" in markdown
    assert f"> {S2.en}" in markdown
    assert "Tags: `typo`" in markdown
    assert "Missing space in the source" in markdown
    assert "orphaned: the passage is no longer in the text" in markdown
    assert markdown.index("orphaned") > markdown.index("Long sentence.")


def test_json_export_follows_the_web_annotation_model() -> None:
    document = export_web_annotation(ARTICLE, _store_with_notes())
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    assert document["total"] == 3
    items = document["first"]["items"]
    assert all(item["type"] == "Annotation" and item["id"].startswith("urn:") for item in items)
    typo = next(item for item in items if item["motivation"] == "editing")
    selectors = {selector["type"]: selector for selector in typo["target"]["selector"]}
    quote = selectors["TextQuoteSelector"]
    position = selectors["TextPositionSelector"]
    assert quote["exact"] == "المؤتمرالدولي" == S2.ar[position["start"] : position["end"]]
    assert typo["target"]["source"]["id"].endswith(":segment:s2:ar")
    purposes = {body["purpose"] for body in typo["body"]}
    assert purposes == {"editing", "classifying", "tagging"}
    orphan = next(item for item in items if "TextPositionSelector" not in str(item))
    assert orphan["target"]["selector"][0]["exact"] == "لا يوجد"
    json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize(
    "anchor",
    [
        '{"segment_id": "s1", "start": "0", "end": 3, "quote": "abc"}',
        '{"segment_id": "s1", "start": 0, "end": 3, "quote": 5}',
        '"not an object"',
    ],
)
def test_a_hand_edited_anchor_of_the_wrong_type_is_a_damaged_note(
    tmp_path: Path, anchor: str
) -> None:
    line = '{"id": "a", "body": "b", "anchor": ' + anchor + "}"
    with pytest.raises(NotesError, match=":2: a damaged note"):
        parse_notes('{"version": 1}\n' + line + "\n", tmp_path / "n.jsonl")
