"""Word statuses: the lemma a word is, counting a text, the store (atomic, merged, damaged
files kept aside), the CSV round trip and a word's status following its drills."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui_reader.core import library, statuses
from tui_reader.core.statuses import (
    IGNORED,
    KNOWN,
    NAMES,
    NEW,
    Context,
    StatusesError,
    StatusStore,
    count,
    export_csv,
    follow_review,
    import_csv,
    mark_known,
    new_words,
    reading_of,
    readings,
    segment_keys,
    text_counts,
    text_words,
)

ARTICLE = library.open_text(library.DEFAULT_TEXT_ID)


def test_forms_of_one_lemma_share_its_key() -> None:
    keys = {reading_of(word, {}).key for word in ("والإرهابيين", "الإرهابي", "إرهابيا")}
    assert len(keys) == 1
    assert keys.pop().startswith("lex:")


def test_a_word_the_dictionary_lacks_falls_back_to_its_folded_stem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui_reader.core import dictionary

    def unavailable(word: str, *, is_name: bool = False) -> list[object]:
        raise dictionary.DictionaryError("no lexicon")

    monkeypatch.setattr(dictionary, "lookup", unavailable)
    monkeypatch.setattr(statuses, "_readings", {})
    assert reading_of("والإرهاب", {}).key == "stem:ارهاب"
    assert reading_of("الإرهاب", {}).key == "stem:ارهاب"
    # Only the article is taken off: و of وفد stays.
    assert reading_of("وفد", {}).key == "stem:وفد"


def test_the_reading_chosen_last_wins() -> None:
    found = readings("قطر")
    assert len(found) > 1
    store = StatusStore.open()
    assert reading_of("قطر", store.chosen) == found[0]
    store.choose("قطر", found[1].key)
    assert reading_of("قطر", store.chosen) == found[1]
    store.save()
    assert reading_of("قطر", StatusStore.open().chosen) == found[1]


def test_digits_and_latin_have_no_status() -> None:
    keys = segment_keys("في 2019 مع FATF", {})
    assert [(start, end) for start, end, _ in keys] == [(0, 2), (8, 10)]


def test_counts_of_a_text() -> None:
    store = StatusStore.open()
    fresh = text_counts(ARTICLE, store)
    assert fresh.known == fresh.learning == 0 and fresh.new > 100
    assert fresh.percent_known == 0
    keys = [segment_keys(segment.ar, store.chosen) for segment in ARTICLE]
    first = keys[0][0][2]  # قطر
    store.set(first, 2)
    segments = [(segment.ar, words) for segment, words in zip(ARTICLE, keys[:3], strict=False)]
    found = new_words(store.status, ARTICLE.id, ARTICLE.title_en, segments)
    assert len({key for key, _, _ in found}) == len(found)  # each lemma once
    marked = mark_known(store, found)
    assert store.status(first) == 2  # only new words become known
    # Each kept as a status set by hand is: its lemma in Arabic, the sentence it was met in.
    ar = ARTICLE.segments[1].ar
    terrorism = next(key for start, end, key in keys[1] if ar[start:end] == "الإرهاب")
    entry = store.entries[terrorism]
    assert entry.status == KNOWN and entry.lemma == "إِرْهَاب"
    assert entry.context is not None and entry.context.sentence == ARTICLE.segments[1].ar
    assert entry.context.word == "الإرهاب" and entry.context.text_id == ARTICLE.id
    counts = count(keys, store)
    assert counts.learning == 1
    assert counts.known == marked
    assert counts.new == fresh.new - marked - 1
    assert 0 < counts.percent_known < 100
    assert counts.line() == (
        f"new {counts.new} · learning 1 · known {marked} · known {counts.percent_known}%"
    )


def test_ignored_words_leave_the_percentage() -> None:
    store = StatusStore.open()
    keys = [segment_keys("قطر قطر الإرهاب", {})]
    store.set(keys[0][0][2], IGNORED)
    store.set(keys[0][2][2], KNOWN)
    counts = count(keys, store)
    assert (counts.ignored, counts.known, counts.percent_known) == (1, 1, 100)


def test_statuses_survive_and_merge_across_windows(user_dirs: dict[str, Path]) -> None:
    one, two = StatusStore.open(), StatusStore.open()
    one.set("lex:a", KNOWN, "a")
    one.save()
    two.set("lex:b", 3, "b")
    two.save()
    again = StatusStore.open()
    assert (again.status("lex:a"), again.status("lex:b"), again.status("lex:c")) == (KNOWN, 3, NEW)
    path = user_dirs["data"] / "statuses.json"
    assert json.loads(path.read_text("utf-8"))["version"] == 1
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_a_damaged_file_is_reported_and_set_aside(user_dirs: dict[str, Path]) -> None:
    path = user_dirs["data"] / "statuses.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "words": {"lex:a": {"status": 17}}}', "utf-8")
    store = StatusStore.open()
    assert "'lex:a' is damaged" in store.damaged
    assert path.read_text("utf-8").startswith('{"version"')  # untouched until a save
    store.set("lex:b", KNOWN)
    kept = store.save()
    assert kept is not None and kept.name.startswith("statuses.json.damaged-")
    assert StatusStore.open().status("lex:b") == KNOWN


def test_a_link_is_never_read_through(user_dirs: dict[str, Path], tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text('{"version": 1, "words": {}}', "utf-8")
    path = user_dirs["data"] / "statuses.json"
    path.parent.mkdir(parents=True)
    path.symlink_to(elsewhere)
    store = StatusStore.open()
    assert "symbolic link" in store.damaged
    store.set("lex:a", KNOWN)
    store.save()
    assert elsewhere.read_text("utf-8") == '{"version": 1, "words": {}}'
    assert not path.is_symlink()


def test_csv_round_trip_and_formula_cells() -> None:
    store = StatusStore.open()
    context = Context("dushanbe-2019", "Qatar", "قطر في مقدمة", 0, 3)
    store.set("lex:qaTor_1", 2, "قَطْر", context)
    store.set("stem:=cmd", IGNORED, "=cmd")
    exported = export_csv(store)
    assert exported.splitlines()[0] == "lemma_key,status,lemma,text,sentence"
    assert "'=cmd" in exported
    other = StatusStore.open(store.path.with_name("other.json"))
    assert import_csv(exported.encode("utf-8"), "s.csv", other) == 2
    assert other.status("lex:qaTor_1") == 2
    assert other.get("stem:=cmd") is not None and other.status("stem:=cmd") == IGNORED


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "s.csv: empty"),
        (b"word,level\n", "s.csv:1: the header needs"),
        (b"lemma_key,status\nlex:a,7\n", "s.csv:2: status '7' is not one of"),
        (b"lemma_key,status\n\x1b[31m,known\n", "s.csv:2: '\\x1b[31m' is not a lemma key"),
        (b"lemma_key,status\n\xff,known\n", "s.csv: not UTF-8 (byte 18)"),
    ],
)
def test_a_bad_csv_changes_nothing(content: bytes, message: str) -> None:
    store = StatusStore.open()
    with pytest.raises(StatusesError) as raised:
        import_csv(content, "s.csv", store)
    assert str(raised.value).startswith(message)
    assert store.entries == {}


def test_a_bad_row_after_good_ones_changes_nothing() -> None:
    store = StatusStore.open()
    with pytest.raises(StatusesError):
        import_csv(b"lemma_key,status\nlex:a,known\nlex:b,maybe\n", "s.csv", store)
    assert store.entries == {}


def test_a_status_follows_the_drills() -> None:
    store = StatusStore.open()
    store.set("lex:a", 2)
    assert follow_review(store, "lex:a", 3, lapsed=False) is None
    assert follow_review(store, "lex:a", 30, lapsed=False) == KNOWN
    assert follow_review(store, "lex:a", 0.001, lapsed=True) == 1
    assert store.status("lex:a") == 1


# The command line -------------------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from tui_reader.cli import main

    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_texts_json_carries_the_counts() -> None:
    store = StatusStore.open()
    expected = text_counts(ARTICLE, store)
    code, out, _ = _run("texts", "--json")
    assert code == 0
    record = next(r for r in json.loads(out) if r["id"] == ARTICLE.id)
    assert record["words"] == expected.record()
    assert record["words"]["new"] > 100 and record["words"]["percent_known"] == 0
    store.set(reading_of("قطر", {}).key, KNOWN)
    store.save()
    code, out, _ = _run("texts", "--json")
    record = next(r for r in json.loads(out) if r["id"] == ARTICLE.id)
    assert record["words"]["known"] == 1
    code, out, _ = _run("texts")
    assert f"known 1 · known {record['words']['percent_known']}%" in out


def test_statuses_export_and_import_on_the_command_line(tmp_path: Path) -> None:
    store = StatusStore.open()
    store.set("lex:qaTor_1", 3, "قَطْر")
    store.save()
    target = tmp_path / "out.csv"
    code, _, err = _run("statuses", "export", "-o", str(target))
    assert code == 0 and "1 status written to" in err
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode()) and "قَطْر".encode() in data
    store.set("lex:qaTor_1", KNOWN)
    store.save()
    code, _, err = _run("statuses", "import", str(target))
    assert code == 0 and "1 status imported" in err
    assert StatusStore.open().status("lex:qaTor_1") == 3


def test_a_bad_import_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "\x1b]0;title\x07.csv"
    bad.write_bytes(b"lemma_key,status\nlex:a,known\nlex:b,sometimes\n")
    code, out, err = _run("statuses", "import", str(bad))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "\x1b" not in err and "\x07" not in err
    assert ":3: status 'sometimes' is not one of" in err
    assert StatusStore.open().entries == {}
    code, _, err = _run("statuses", "import", str(tmp_path / "missing.csv"))
    assert code == 1 and "no such file" in err


# Anki: the words being learnt and the marked terms, in their sentences -----------------------


def _notes_of(apkg: Path, folder: Path) -> dict[str, list[str]]:
    import sqlite3
    import zipfile

    with zipfile.ZipFile(apkg) as archive:
        (folder / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(folder / "collection.anki2")
    try:
        rows = connection.execute("SELECT guid, flds FROM notes").fetchall()
    finally:
        connection.close()
    return {guid: fields.split("\x1f") for guid, fields in rows}


def test_anki_only_learning_carries_sentence_analysis_and_title(tmp_path: Path) -> None:
    from tui_reader.core.formats.anki import anki_word_guid

    segment = ARTICLE.segments[0]
    store = StatusStore.open()
    reading = reading_of("الداعمين", {})
    start = segment.ar.index("الداعمين")
    context = Context(ARTICLE.id, ARTICLE.title_en, segment.ar, start, start + 8)
    store.set(reading.key, 2, reading.lemma, context)
    store.set(reading_of("قطر", {}).key, KNOWN)  # known: not in the deck
    store.save()
    outputs = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        target = tmp_path / run / "learning.apkg"
        code, _, err = _run(
            "glossary", "export", "--format", "anki", "--only", "learning", "-o", str(target)
        )
        assert code == 0 and "1 word written" in err
        outputs.append(_notes_of(target, tmp_path / run))
    assert list(outputs[0]) == list(outputs[1]) == [anki_word_guid(reading.key)]
    fields = outputs[0][anki_word_guid(reading.key)]
    sentence, analysis, source = fields[-3:]
    # Logical text with the word in bold, for Anki to shape in its dir="rtl" element.
    assert sentence == "قطر في مقدمة <b>الداعمين</b> والمشاركين"
    assert analysis == reading.analysis and "+" in analysis
    assert source == ARTICLE.title_en
    assert fields[3] == reading.gloss and fields[0] == reading.lemma


def test_anki_only_marked_terms_with_their_sentence(tmp_path: Path) -> None:
    from tui_reader.core.formats.anki import anki_guid
    from tui_reader.core.study import StudyStore

    study = StudyStore.open()
    study.toggle_mark("counter-terrorism")
    study.save()
    target = tmp_path / "marked.apkg"
    code, _, err = _run(
        "glossary", "export", "--format", "anki", "--only", "marked", "-o", str(target)
    )
    assert code == 0 and "1 marked term written" in err
    notes = _notes_of(target, tmp_path)
    assert list(notes) == [anki_guid("counter-terrorism")]
    sentence, analysis, source = notes[anki_guid("counter-terrorism")][-3:]
    assert "<b>" in sentence and "مكافحة" in sentence.split("<b>")[1]
    assert analysis and source == ARTICLE.title_en
    code, _, err = _run("glossary", "export", "--format", "csv", "--only", "marked")
    assert code == 2 and "--only is for --format anki" in err


def test_texts_with_a_damaged_statuses_file_counts_words_new_and_says_why(
    user_dirs: dict[str, Path],
) -> None:
    path = user_dirs["data"] / "statuses.json"
    path.parent.mkdir(parents=True)
    path.write_text("[" * 100_000, "utf-8")
    code, out, err = _run("texts", "--json")
    assert code == 0
    assert "statuses.json: not a statuses file (nested too deeply)" in err
    assert err.count("\n") == 1
    record = next(r for r in json.loads(out) if r["id"] == ARTICLE.id)
    assert record["words"]["known"] == 0 and record["words"]["new"] > 100
    assert path.read_text("utf-8") == "[" * 100_000  # untouched


@pytest.mark.parametrize("statuses_set", [0, 3, 40, 5000])
def test_a_texts_counts_are_the_sum_of_its_lemmas_whatever_the_stores_size(
    statuses_set: int,
) -> None:
    """The counts walk the store when it is the smaller side and the text's lemmas when it
    is not: both give the sum, lemma by lemma, of what the plain definition gives (a lemma
    with a status of new, and statuses of lemmas not in the text, included)."""
    import random

    words = text_words([segment.ar for segment in ARTICLE], {})
    assert words is not None
    store = StatusStore.open()
    rng = random.Random(statuses_set)
    lemmas = [key for key, running in zip(words.keys, words.running, strict=True) if running]
    others = [f"stem:other{number}" for number in range(statuses_set)]
    for key in rng.sample(lemmas, min(statuses_set, len(lemmas))) + others:
        store.set(key, rng.choice([NEW, 1, 2, 3, 4, KNOWN, IGNORED]), key)
    expected = {name: 0 for name in ("new", "learning", "known", "ignored", "running")}
    running_known = running_ignored = 0
    for key, running in zip(words.keys, words.running, strict=True):
        if not running:
            continue
        status = store.status(key)
        name = "learning" if status in (1, 2, 3, 4) else NAMES[status]
        expected[name] += 1
        expected["running"] += running
        running_known += running if status == KNOWN else 0
        running_ignored += running if status == IGNORED else 0
    counts = words.counts(store)
    assert (counts.new, counts.learning, counts.known, counts.ignored, counts.running) == (
        expected["new"],
        expected["learning"],
        expected["known"],
        expected["ignored"],
        expected["running"],
    )
    assert (counts.running_known, counts.running_ignored) == (running_known, running_ignored)
