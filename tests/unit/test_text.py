"""Texts: the bundled article verbatim, the YAML format, and errors a person can act on."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import REPO_DIR

from tui_reader.core import library
from tui_reader.core.library import load_text
from tui_reader.core.text import TextError
from tui_reader.core.text_yaml import dump_text

SOURCE = REPO_DIR / "texts" / "sources" / "dushanbe-2019.ar.txt"
# The SHA-256 of the article as the project was given it (shared/source/dushanbe-2019.ar.txt
# beside the first checkout): the shipped copy must stay that file, typos and all.
GIVEN_SHA256 = "9bc7e6c459372ca2bd1fde85ede9399ac50c1a52b97e8b3d09eb473d3e801875"


def test_segments_give_back_the_source_byte_for_byte() -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    assert text.original().encode("utf-8") == SOURCE.read_bytes()


def test_the_shipped_source_is_the_one_we_were_given() -> None:
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == GIVEN_SHA256


def test_every_segment_has_its_english_rendering() -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    assert len(text) == 17
    assert text.title_ar and text.title_en
    for segment in text:
        assert segment.en.strip(), segment.id
        assert not any("\u0600" <= char <= "\u06ff" for char in segment.en), segment.id


def test_dump_and_load_round_trip(tmp_path: Path) -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    path = tmp_path / "copy.yaml"
    path.write_text(dump_text(text), encoding="utf-8")
    again = load_text(path)
    assert again == text
    assert again.original() == text.original()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id: x\nsegments: [\n", "copy.yaml:3:1: YAML syntax error"),
        ("- just\n- a list\n", "must be a mapping"),
        ("id: x\n", "missing 'segments'"),
        ("id: x\nsegments:\n  - id: a\n", "copy.yaml:3:5: segment without 'ar'"),
        ("id: x\nsegments:\n  - {id: a, ar: x}\n  - {id: a, ar: y}\n", "duplicate segment id 'a'"),
        ("id: x\nsegments:\n  - {id: a, ar: [1]}\n", "copy.yaml:3:17: 'ar' must be text"),
        ("format: 9\nid: x\nsegments: []\n", "format 9 is not known"),
    ],
)
def test_bad_text_files_name_the_place(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TextError, match=message.replace("[", r"\[")):
        load_text(path)


def test_not_utf8_names_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("سطر\n".encode() + b"caf\xe9\n")
    with pytest.raises(TextError, match=r"latin1.txt:2: not UTF-8 text \(byte 0xe9"):
        library.open_text(str(path))


def test_plain_file_opens_as_a_text_with_one_segment_per_line(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    content = "العنوان\n\nالفقرة الأولى.\nالفقرة الثانية.\n"
    path.write_text(content, encoding="utf-8")
    text = library.open_text(str(path))
    assert [segment.ar for segment in text] == ["العنوان", "الفقرة الأولى.", "الفقرة الثانية."]
    assert text.original() == content


@pytest.mark.parametrize("name", ["missing.yaml", "missing.txt"])
def test_missing_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(TextError, match="no such file"):
        library.open_text(str(tmp_path / name))


def test_directory_and_unknown_id(tmp_path: Path) -> None:
    with pytest.raises(TextError, match="is a directory"):
        library.open_text(str(tmp_path))
    with pytest.raises(TextError, match=r"no such text or file .*dushanbe-2019"):
        library.open_text("no-such-id")


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(TextError, match=r"image\.png: looks like a binary file"):
        library.open_text(str(path))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named_as_such(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "no-bom.txt"
    path.write_bytes("نص عربي\nسطر ثان\n".encode(encoding))
    with pytest.raises(TextError, match=r"no-bom\.txt: this looks like UTF-16 text \(without"):
        library.open_text(str(path))


def test_a_date_that_is_no_date_is_text_and_later_faults_keep_their_place(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("id: t\ndate: 2024-02-30\nsegments:\n  - {id: s1, ar: نص}\n", "utf-8")
    assert load_text(path).date == "2024-02-30"
    path.write_text("id: t\ndate: 2024-02-30\nsegments:\n  - {id: s1, ar: [نص}\n", "utf-8")
    with pytest.raises(TextError, match=r"t\.yaml:4:\d+: YAML syntax error"):
        load_text(path)


def test_utf16_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes("نص".encode("utf-16"))
    with pytest.raises(TextError, match=r"windows\.txt: this is UTF-16 text; save it as UTF-8"):
        library.open_text(str(path))


@pytest.mark.parametrize(
    "content",
    [
        "id: t\nsegments:\n  - {id: s1, ar: نص}\n",
        "format: 1\nid: 7\ntitle: {ar: عنوان, en: Title}\nsource: x\ndate: '2019'\nafter: \"\\n\"\n"
        'segments:\n  - {id: 1, ar: أول, en: One}\n  - {id: s2, before: "\\n\\n", ar: ثان}\n',
        "id: t\ndate: 2019-05-16\nsegments:\n  - {id: s1, ar: نص, extra: kept out}\n",
    ],
)
def test_the_quick_load_and_the_node_load_agree(tmp_path: Path, content: str) -> None:
    import yaml

    from tui_reader.core.text_yaml import YAML_LOADER, _quick_load, _text_from_node

    path = tmp_path / "t.yaml"
    path.write_text(content, encoding="utf-8")
    root = yaml.compose(content, Loader=YAML_LOADER)
    assert isinstance(root, yaml.MappingNode)
    slow = _text_from_node(root, path)
    quick = _quick_load(content, path)
    assert quick is None or quick == slow
    assert load_text(path) == slow
