"""Importing a user's own text: sentences, paragraphs, alignment, the library, bad input."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.cli import main
from tui_reader.core import library
from tui_reader.core.drafts import DraftStore, drafts_path
from tui_reader.core.importer import build_text, sentence_spans
from tui_reader.core.notes import Anchor, NoteStore, new_note, notes_path
from tui_reader.core.text import TextError


def _sentences(line: str) -> list[str]:
    return [line[a:b] for a, b in sentence_spans(line)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "جملة أولى. جملة ثانية؟ ثالثة! رابعة؛ خامسة… سادسة",
            ["جملة أولى.", "جملة ثانية؟", "ثالثة!", "رابعة؛", "خامسة…", "سادسة"],
        ),
        ("ارتفع بنسبة 2.5 في المائة. ثم انخفض.", ["ارتفع بنسبة 2.5 في المائة.", "ثم انخفض."]),
        ("قال د. أحمد إن م. علي حضر. وانتهى.", ["قال د. أحمد إن م. علي حضر.", "وانتهى."]),
        (
            "The U.N. met. Dr. Smith spoke at 16.30 today.",
            ["The U.N. met.", "Dr. Smith spoke at 16.30 today."],
        ),
        ("قال: «انتهى الأمر.» ثم غادر.", ["قال: «انتهى الأمر.»", "ثم غادر."]),
        ("Wait... what? Yes.", ["Wait...", "what?", "Yes."]),
        ("  مسافات قبلها.  وبعدها.  ", ["مسافات قبلها.", "وبعدها."]),
    ],
)
def test_sentences_end_at_the_right_places(line: str, expected: list[str]) -> None:
    assert _sentences(line) == expected


def test_segments_give_back_the_file_byte_for_byte() -> None:
    content = "\ufeffالعنوان\r\n\r\nفقرة أولى. وجملة ثانية.  \n\n\n  فقرة ثانية؟\nسطر أخير"
    text, _ = build_text(content, None, "t", "T", "t.txt")
    assert text.original() == content.removeprefix("\ufeff")
    assert [s.ar for s in text] == [
        "العنوان", "فقرة أولى.", "وجملة ثانية.", "فقرة ثانية؟", "سطر أخير",
    ]  # fmt: skip


def test_the_bundled_article_imports_back_to_its_segments() -> None:
    source = library.open_text(library.DEFAULT_TEXT_ID)
    text, _ = build_text(source.original(), None, "again", "", "article")
    assert [s.ar for s in text] == [s.ar for s in source]


def test_english_aligned_by_sentence_and_by_paragraph_where_counts_differ() -> None:
    arabic = "العنوان\nأولى. ثانية.\nثالثة. رابعة.\n"
    english = "Title\nFirst. Second.\nThird, fourth.\n"
    text, alignment = build_text(arabic, english, "t", "T", "a.txt")
    assert [(s.ar, s.en) for s in text] == [
        ("العنوان", "Title"),
        ("أولى.", "First."),
        ("ثانية.", "Second."),
        ("ثالثة. رابعة.", "Third, fourth."),
    ]
    assert alignment.mode == "paragraph"
    assert alignment.lines() == [
        "paragraph 3: 2 Arabic sentences, 1 English; kept as one segment (split them in both "
        "files the same way to align them by sentence)"
    ]


def test_paragraph_counts_that_differ_are_refused_with_where() -> None:
    with pytest.raises(
        TextError,
        match=r"the Arabic has 3 paragraphs .* and the English 2: .*"
        r"first paragraph whose sentences differ is 2 \(2 Arabic, 1 English\)",
    ):
        build_text("عنوان\nأولى. ثانية.\nثالثة.\n", "Title\nFirst.\n", "t", "T", "a.txt")


def _import(
    tmp_path: Path, arabic: bytes | str, *args: str, english: str | None = None
) -> tuple[int, str]:
    path = tmp_path / "article.txt"
    if isinstance(arabic, str):
        path.write_text(arabic, encoding="utf-8")
    else:
        path.write_bytes(arabic)
    extra = list(args)
    if english is not None:
        (tmp_path / "en.txt").write_text(english, encoding="utf-8")
        extra += ["--en", str(tmp_path / "en.txt")]
    result = CliRunner().invoke(main, ["import", str(path), *extra])
    return result.exit_code, result.stdout + result.stderr


def test_import_stores_the_text_in_the_library(tmp_path: Path, user_dirs: dict[str, Path]) -> None:
    code, out = _import(
        tmp_path, "العنوان\nجملة. أخرى.\n", "--title", "Mine", english="T\nOne. Two.\n"
    )
    assert code == 0 and "article: 3 segments, English aligned by sentence" in out
    stored = user_dirs["data"] / "texts" / "article.yaml"
    text = library.open_text("article")
    assert text.path == stored and text.title_en == "Mine"
    assert [s.en for s in text] == ["T", "One.", "Two."]
    assert [s.id for s in library.entries()] == ["dushanbe-2019", "article"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"Only English here.\n", "there is no Arabic in it"),
        ("نص".encode() + b"\xff\xfe", "not UTF-8 text (byte 0xff at offset 4)"),
        (b"\x00\x01\x02binary", "looks like a binary file"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    tmp_path: Path, user_dirs: dict[str, Path], content: bytes, message: str
) -> None:
    code, out = _import(tmp_path, content)
    assert code == 1 and message in out and out.count("\n") == 1
    assert not (user_dirs["data"] / "texts").exists()


def test_missing_file_directory_and_size_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = CliRunner().invoke(main, ["import", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "no such file" in result.stderr
    result = CliRunner().invoke(main, ["import", str(tmp_path)])
    assert result.exit_code == 1 and "is a directory" in result.stderr
    monkeypatch.setattr("tui_reader.core.importer.MAX_IMPORT_BYTES", 10)
    code, out = _import(tmp_path, "نص عربي أطول من عشرة بايتات")
    assert code == 1 and "over the limit of 10 bytes: split it into files under" in out


def test_id_clashes_are_refused_unless_replace(tmp_path: Path) -> None:
    assert _import(tmp_path, "نص أول.")[0] == 0
    code, out = _import(tmp_path, "نص ثان.")
    assert code == 1 and "there is already a text 'article'" in out
    assert _import(tmp_path, "نص ثان.", "--replace")[0] == 0
    assert library.open_text("article").segments[0].ar == "نص ثان."
    code, out = _import(tmp_path, "نص.", "--id", "dushanbe-2019")
    assert code == 1 and "a bundled text's id" in out
    code, out = _import(tmp_path, "نص.", "--id", "Bad Id")
    assert code == 1 and "use lowercase letters" in out


def test_english_that_does_not_align_writes_nothing(
    tmp_path: Path, user_dirs: dict[str, Path]
) -> None:
    code, out = _import(tmp_path, "أ.\nب.\n", english="A.\n")
    assert code == 1 and "must correspond one to one" in out
    assert not (user_dirs["data"] / "texts").exists()


def test_deleting_a_text_keeps_its_notes_and_drafts_aside(tmp_path: Path) -> None:
    _import(tmp_path, "نص للحذف.")
    text = library.open_text("article")
    store = NoteStore.open(text.id)
    store.put(new_note(Anchor.make(text.segments[0], 0, 2), "keep"))
    store.save()
    drafts = DraftStore.open(text.id)
    drafts.put(text.segments[0].id, "A text to delete.")
    drafts.save()
    notes_kept, drafts_kept = library.delete_text("article")
    assert notes_kept.name.startswith("article.jsonl.deleted-")
    assert "keep" in notes_kept.read_text(encoding="utf-8")
    assert drafts_kept.name.startswith("article.json.deleted-")
    assert "A text to delete." in drafts_kept.read_text(encoding="utf-8")
    assert not notes_path("article").exists() and not drafts_path("article").exists()
    assert [e.id for e in library.entries()] == ["dushanbe-2019"]
    with pytest.raises(TextError, match="a bundled text cannot be deleted"):
        library.delete_text("dushanbe-2019")
    # A new text under the same id starts with neither.
    _import(tmp_path, "نص آخر.")
    again = library.open_text("article")
    assert len(NoteStore.open(again.id)) == 0
    assert DraftStore.open(again.id).get(again.segments[0].id) == ""


def test_texts_lists_the_library(tmp_path: Path) -> None:
    _import(tmp_path, "العنوان\nجملة.\n")
    result = CliRunner().invoke(main, ["texts", "--json"])
    records = {record["id"]: record for record in __import__("json").loads(result.stdout)}
    assert records["article"]["segments"] == 2 and records["article"]["progress"] == 0
    assert records["dushanbe-2019"]["bundled"] is True


def _old_sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """The first implementation, which looked back over the whole paragraph at each full
    stop: the reference for the bounded look-back."""
    import re

    from tui_reader.core.importer import _ABBREVIATIONS, _END

    def abbreviation(dot: int) -> bool:
        word = re.search(r"[\w.\u0640\u064b-\u065f\u0670]+$", paragraph[:dot])
        if word is None:
            return False
        token = re.sub(r"[\u0640\u064b-\u065f\u0670]", "", word.group()).lower().rstrip(".")
        return len(token) == 1 or token in _ABBREVIATIONS

    spans: list[tuple[int, int]] = []
    start = len(paragraph) - len(paragraph.lstrip())
    for found in _END.finditer(paragraph):
        text = found.group()
        if text.startswith(".") and not text.startswith("...") and abbreviation(found.start()):
            continue
        end = found.end()
        if paragraph[start:end].strip():
            spans.append((start, end))
        rest = paragraph[end:]
        start = end + len(rest) - len(rest.lstrip())
    tail = paragraph[start:].rstrip()
    if tail:
        spans.append((start, start + len(tail)))
    return spans


@given(
    st.lists(
        st.sampled_from(
            [
                "د.",
                "Dr.",
                "U.N.",
                "e.g.",
                "م.",
                "ق.م.",
                "كلمة",
                "تقريبًا.",
                "2.5",
                "word.",
                "...",
                "؟",
                "!",
                " ",
                "  ",
                "\t",
                "\u00a0",
                "a" * 45 + ".",
                "ب" * 39 + ".",
                "x.y.z.",
                "».",
            ]
        ),
        max_size=40,
    ).map("".join)
)
@settings(max_examples=300, derandomize=True, deadline=None)
def test_sentences_are_cut_as_by_the_whole_paragraph_look_back(paragraph: str) -> None:
    assert sentence_spans(paragraph) == _old_sentence_spans(paragraph)


def test_the_english_title_defaults_to_the_given_id(tmp_path: Path) -> None:
    code, _ = _import(tmp_path, "نص عربي.", "--id", "chapter-two")
    assert code == 0
    assert library.open_text("chapter-two").title_en == "chapter-two"
    code, _ = _import(tmp_path, "نص عربي آخر.", "--id", "other", "--title", "Other")
    assert library.open_text("other").title_en == "Other"


def test_a_text_file_is_imported_as_a_text_not_as_plain_lines(tmp_path: Path) -> None:
    from tui_reader.core.text_yaml import dump_text

    article = library.open_text(library.DEFAULT_TEXT_ID)
    path = tmp_path / "mine.yaml"
    path.write_text(dump_text(replace(article, id="mine")), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("mine: 17 segments, with its English, saved to ")
    assert library.open_text("mine").segments == article.segments


def test_a_text_file_with_a_bad_id_is_refused_on_import(tmp_path: Path) -> None:
    from tui_reader.core.text_yaml import dump_text

    article = library.open_text(library.DEFAULT_TEXT_ID)
    path = tmp_path / "bad.yaml"
    content = dump_text(replace(article, id="bad")).replace("id: bad", 'id: "../../evil id"', 1)
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(path)])
    assert result.exit_code == 1
    assert "is not an id" in result.stderr and result.stderr.count("\n") == 1
    assert [entry.id for entry in library.entries()] == ["dushanbe-2019"]
