"""Terminology QA: terms, numbers, untranslated Arabic, renderings to avoid, ignoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_reader.core import library
from tui_reader.core.drafts import DraftStore
from tui_reader.core.glossary import Glossary, load_glossary, read_glossary
from tui_reader.core.qa import check, check_segment, check_text, has_form
from tui_reader.paths import bundled_glossary_path

GLOSSARY_YAML = """\
version: 1
terms:
  - id: terrorist-financing
    ar: تمويل الإرهاب
    vocalized: تَمْوِيلُ الْإِرْهَابِ
    en: terrorist financing
    en_variants: [financing of terrorism]
    ar_variants: []
    pos: noun phrase
    definition: Funding terrorism.
    related: []
    tags: []
    avoid: [terror funding]
  - id: counter-terrorism
    ar: مكافحة الإرهاب
    vocalized: مُكَافَحَةُ الْإِرْهَابِ
    en: counter-terrorism
    ar_variants: []
    en_variants: []
    pos: noun phrase
    definition: Countering terrorism.
    related: []
    tags: []
  - id: agency
    ar: وكالة
    vocalized: وَكَالَة
    en: agency
    ar_variants: []
    en_variants: []
    pos: noun
    definition: A body.
    related: []
    tags: []
"""


@pytest.fixture
def glossary(tmp_path: Path) -> Glossary:
    path = tmp_path / "glossary.yaml"
    path.write_text(GLOSSARY_YAML, encoding="utf-8")
    return load_glossary(path)


def _kinds(arabic: str, english: str, glossary: Glossary) -> list[tuple[str, str]]:
    return [(issue.kind, issue.key) for issue in check_segment("s1", arabic, english, glossary)]


def test_avoid_is_read_from_the_glossary_and_optional(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(GLOSSARY_YAML, encoding="utf-8")
    entries, problems = read_glossary(path)
    assert problems == []
    assert entries[0].avoid == ("terror funding",)
    assert entries[1].avoid == ()
    path.write_text(GLOSSARY_YAML.replace("avoid: [terror funding]", "avoid: 3"), encoding="utf-8")
    _, problems = read_glossary(path)
    assert ["'avoid' must be a list" in problem.message for problem in problems] == [True]


def test_a_term_missing_from_the_english_is_an_issue(glossary: Glossary) -> None:
    [issue] = check_segment("s1", "مكافحة تمويل الإرهاب", "Fighting terror money.", glossary)
    assert (issue.kind, issue.term, issue.arabic) == (
        "term",
        "terrorist-financing",
        "تمويل الإرهاب",
    )
    assert issue.expected == ("terrorist financing", "financing of terrorism")
    assert issue.ar_span == (7, 20)


@pytest.mark.parametrize(
    "english",
    [
        "On Terrorist Financing.",
        "on the financing of terrorism",
        "terrorist-financing cases",
        "terrorist financings",
    ],
)
def test_a_term_is_found_whatever_its_case_plural_or_hyphens(
    glossary: Glossary, english: str
) -> None:
    assert _kinds("تمويل الإرهاب", english, glossary) == []


@pytest.mark.parametrize(
    ("forms", "english"),
    [
        (("counter-terrorism",), "counterterrorism"),
        (("counter-terrorism",), "Counter terrorism"),
        (("counterterrorism",), "counter-terrorism"),
        (("agency",), "two agencies"),
        (("FIU",), "the FIUs"),
    ],
)
def test_hyphens_spaces_and_plurals_are_all_one(forms: tuple[str, ...], english: str) -> None:
    assert has_form(forms, english)


def test_a_form_inside_another_word_is_not_found() -> None:
    assert not has_form(("agency",), "subagency")
    assert not has_form(("TF",), "staff")


@pytest.mark.parametrize(
    ("arabic", "english", "missing"),
    [
        ("القرار 2462", "Resolution 2642", "2462"),
        ("عام ١٤٤٠ هـ", "the year 1404 AH", "1440"),
        ("يومي 16-17 مايو", "on 16 May", "17"),
        ("عام 2019م", "in 2091", "2019"),
        ("بلغ 2,462 دولار", "2462 dollars and 3", None),
        ("بلغ ٢٫٥ مليون", "2.5 million", None),
    ],
)
def test_every_number_of_the_arabic_is_in_the_english(
    glossary: Glossary, arabic: str, english: str, missing: str | None
) -> None:
    issues = [issue for issue in check_segment("s1", arabic, english, glossary)]
    assert [issue.expected[0] for issue in issues if issue.kind == "number"] == (
        [missing] if missing else []
    )


def test_a_number_written_twice_is_one_issue(glossary: Glossary) -> None:
    assert _kinds("50 دولة و50 منظمة", "fifty", glossary) == [("number", "number:50")]


def test_an_empty_english_is_untranslated(glossary: Glossary) -> None:
    assert _kinds("تمويل الإرهاب 2019", "  ", glossary) == [("untranslated", "untranslated")]


def test_arabic_outside_quotes_is_untranslated_inside_quotes_it_is_a_quotation(
    glossary: Glossary,
) -> None:
    [issue] = check_segment("s1", "قطر", "Qatar is قطر", glossary)
    assert (issue.kind, issue.found, issue.en_span) == ("untranslated", "قطر", (9, 12))
    for quoted in ("Qatar, «قطر»", "Qatar (“قطر”)", 'Qatar "قطر"', "Qatar ‘قطر’"):
        assert check_segment("s1", "قطر", quoted, glossary) == []


def test_a_rendering_to_avoid_is_flagged_where_it_stands(glossary: Glossary) -> None:
    english = "Terrorist financing, or terror-funding as some say."
    [issue] = check_segment("s1", "تمويل الإرهاب", english, glossary)
    assert issue.kind == "avoid"
    assert english[slice(*issue.en_span or (0, 0))] == "terror-funding"
    assert issue.key == "avoid:terrorist-financing:terror-funding"


def test_the_users_own_terms_are_checked(tmp_path: Path) -> None:
    from tui_reader.core.glossary_cache import load_with_user

    user = tmp_path / "mine.yaml"
    user.write_text(GLOSSARY_YAML, encoding="utf-8")
    glossary, problem = load_with_user(bundled_glossary_path(), user)
    assert problem == ""
    issues = check_segment("s1", "وكالة", "an office", glossary)
    assert [issue.term for issue in issues] == ["agency"]


def test_ignored_issues_are_left_out_by_key(glossary: Glossary) -> None:
    pairs = [("s1", "تمويل الإرهاب عام 2019", "money"), ("s2", "تمويل الإرهاب", "money")]
    keys = [(issue.segment_id, issue.key) for issue in check(pairs, glossary)]
    assert keys == [
        ("s1", "term:terrorist-financing"),
        ("s1", "number:2019"),
        ("s2", "term:terrorist-financing"),
    ]
    ignored = {"s1": frozenset({"term:terrorist-financing"})}
    keys = [(issue.segment_id, issue.key) for issue in check(pairs, glossary, ignored)]
    assert keys == [("s1", "number:2019"), ("s2", "term:terrorist-financing")]


def test_a_text_is_checked_against_the_draft_or_the_reference(glossary: Glossary) -> None:
    text = library.open_text(library.DEFAULT_TEXT_ID)
    store = DraftStore.open(text.id)
    drafted = text.segments[1]
    store.put(drafted.id, drafted.en)
    draft_issues = check_text(text, glossary, store, "draft")
    untranslated = [issue.segment_id for issue in draft_issues if issue.kind == "untranslated"]
    assert drafted.id not in untranslated
    assert len(untranslated) == len(text) - 1
    reference = check_text(text, glossary, store, "reference")
    assert not [issue for issue in reference if issue.kind == "untranslated"]
    assert [issue.key for issue in reference if issue.segment_id == drafted.id] == [
        issue.key for issue in draft_issues if issue.segment_id == drafted.id
    ]


def _qa(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from tui_reader.cli import main

    result = CliRunner().invoke(main, ["qa", *args])
    return result.exit_code, result.stdout, result.stderr


def _imported(tmp_path: Path) -> str:
    source = tmp_path / "report.txt"
    source.write_text("تمويل الإرهاب في عام 2019.\nقطر ١٤٤٠.\n", encoding="utf-8")
    from click.testing import CliRunner

    from tui_reader.cli import main

    result = CliRunner().invoke(main, ["import", str(source)])
    assert result.exit_code == 0, result.stderr
    return "report"


def test_qa_lists_each_issue_on_a_line_and_exits_1(tmp_path: Path) -> None:
    text_id = _imported(tmp_path)
    store = DraftStore.open(text_id)
    store.put("s1", "Terror money in 2019.")
    store.save()
    code, out, err = _qa(text_id)
    assert code == 1
    assert out.splitlines() == [
        "s1\tterm\tتمويل الإرهاب\tfinancing of terrorism / terrorist financing / "
        "terrorism financing / TF",
        "s2\tuntranslated\t-\t-",
    ]
    assert err == "report: 2 issues in the draft\n"
    code, out, _ = _qa(text_id, "--json")
    assert code == 1
    assert [issue["kind"] for issue in json.loads(out)] == ["term", "untranslated"]


def test_qa_is_clean_when_every_issue_is_fixed_or_ignored(tmp_path: Path) -> None:
    text_id = _imported(tmp_path)
    store = DraftStore.open(text_id)
    store.put("s1", "Terrorist financing in 2019.")
    store.put("s2", "Qatar, 1440.")
    store.save()
    code, out, err = _qa(text_id)
    assert (code, out) == (0, "")
    assert err == "report: no issues in the draft\n"
    store.put("s2", "Qatar.")
    store.ignore("draft", "s2", "number:1440")
    store.save()
    assert _qa(text_id)[0] == 0


def test_qa_of_the_reference_and_its_ignores() -> None:
    from tui_reader.core.text import Segment, Text

    # A reference with two slips: a number dropped, a glossary term not rendered.
    text = Text(
        "slips",
        "عنوان",
        "Title",
        (
            Segment("s1", "اعتمد القرار 2462 في 2019.", "The resolution was adopted in 2019."),
            Segment("s2", "تمويل الإرهاب جريمة.", "Paying terrorists is a crime."),
        ),
    )
    library.add_text(text)
    code, out, _ = _qa(text.id, "--target", "reference")
    assert code == 1
    first = out.splitlines()[0].split("\t")
    store = DraftStore.open(text.id)
    glossary = load_glossary(bundled_glossary_path())
    issues = check_text(text, glossary, store, "reference")
    assert {issue.kind for issue in issues} >= {"number", "term"}
    issue = issues[0]
    assert first[:2] == [issue.segment_id, issue.kind]
    store.ignore("reference", issue.segment_id, issue.key)
    store.save()
    _, again, _ = _qa(text.id, "--target", "reference")
    assert len(again.splitlines()) == len(out.splitlines()) - 1


def test_qa_says_in_one_line_what_is_wrong(tmp_path: Path) -> None:
    code, out, err = _qa("no-such-text")
    assert code == 1 and out == "" and len(err.splitlines()) == 1
    from tui_reader.core.drafts import drafts_path

    path = drafts_path(library.DEFAULT_TEXT_ID)
    path.parent.mkdir(parents=True)
    hostile = {"version": 1, "drafts": {"s1\x1b]0;owned\x07\u202e": 3}}
    path.write_text(json.dumps(hostile), encoding="utf-8")
    code, out, err = _qa(library.DEFAULT_TEXT_ID)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and "damaged" in err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err


def test_qa_output_is_terminal_safe(tmp_path: Path) -> None:
    text_id = _imported(tmp_path)
    store = DraftStore.open(text_id)
    store.put("s1", "Terrorist financing in 2019.")
    store.put("s2", "Qatar \x1b]52;c;aGk=\x07 قطر\u202e")
    store.save()
    code, out, _ = _qa(text_id, "--json")
    assert code == 1 and "\x1b" not in out and "\u202e" not in out
    [untranslated] = [issue for issue in json.loads(out) if issue["kind"] == "untranslated"]
    assert untranslated["found"] == "قطر"


def test_a_rendering_to_avoid_inside_an_accepted_one_is_not_flagged() -> None:
    from tui_reader.core.glossary import load_glossary
    from tui_reader.core.qa import check_segment
    from tui_reader.paths import bundled_glossary_path

    glossary = load_glossary(bundled_glossary_path())
    arabic = "عناصر تنظيم الدولة الإسلامية"
    fine = check_segment("s1", arabic, "members of the so-called Islamic State", glossary)
    assert not [issue for issue in fine if issue.kind == "avoid"]
    wrong = check_segment("s1", arabic, "members of the Islamic State", glossary)
    assert [issue.found for issue in wrong if issue.kind == "avoid"] == ["Islamic State"]


def test_the_bundled_article_is_clean_against_its_reference() -> None:
    from click.testing import CliRunner

    from tui_reader.cli import main

    result = CliRunner().invoke(main, ["qa", "dushanbe-2019", "--target", "reference"])
    assert result.exit_code == 0, result.output


def test_qa_of_drafts_before_any_draft_says_so_in_one_line() -> None:
    code, out, err = _qa(library.DEFAULT_TEXT_ID)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "no drafts yet" in err and "--target reference" in err


def test_qa_names_the_rendering_to_avoid_it_found() -> None:
    from tui_reader.core.text import Segment, Text

    text = Text("avoiding", "عنوان", "Title", (Segment("s1", "غسل الأموال جريمة.", "x"),))
    library.add_text(text)
    store = DraftStore.open(text.id)
    store.put("s1", "Money washing is a crime.")
    store.save()
    code, out, _ = _qa(text.id)
    assert code == 1
    [line] = [line for line in out.splitlines() if "\tavoid\t" in line]
    assert "found “Money washing”" in line


def test_qa_of_a_text_without_english_before_any_draft_says_so(tmp_path: Path) -> None:
    """Every segment 'untranslated' is no news, with or without a reference; and a text
    without one has no reference to point to."""
    text_id = _imported(tmp_path)
    code, out, err = _qa(text_id)
    assert code == 1 and out == ""
    assert err == f"tui-reader: {text_id}: no drafts yet (write them with w in the reader)\n"
    code, out, err = _qa(text_id, "--target", "reference")
    assert code == 1 and out == ""
    assert "has no English of its own" in err
