"""The reference corpus (TMX, XLIFF and library texts in SQLite FTS5) and the concordance."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_writer import writing_for_a_while

from tui_reader.cli import main
from tui_reader.core.corpus import (
    CORPUS_FILE,
    START,
    CorpusError,
    CorpusStore,
    Query,
    SqliteCorpus,
    add_source,
    concordance,
    count,
    open_corpus,
    read_file,
    renderings,
)
from tui_reader.core.glossary import load_glossary
from tui_reader.paths import bundled_glossary_path, data_dir

GLOSSARY = load_glossary(bundled_glossary_path())


def _tmx(path: Path, units: list[tuple[str, str]], *, tail: str = "</body></tmx>") -> Path:
    body = "".join(
        f'<tu><tuv xml:lang="ar-SA"><seg>{ar}</seg></tuv>'
        f'<tuv xml:lang="EN-US"><seg>{en}</seg></tuv></tu>\n'
        for ar, en in units
    )
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ar"/>'
        f"<body>\n{body}{tail}",
        encoding="utf-8",
    )
    return path


PAIRS = [
    ("تمويل الإرهاب جريمة", "Terrorist financing is a crime"),
    ("مكافحة تمويل الإرهاب واجب على الدول", "Countering the financing of terrorism is a duty"),
    ("وتمويل الإرهاب", "and terrorist financing"),
    ("لتمويل الإرهابيين", "for financing terrorists"),
    ("الإرهاب خطر", "Terrorism is a danger"),
]


@pytest.fixture
def store() -> CorpusStore:
    return open_corpus()


def _all(store: CorpusStore, query: Query, limit: int) -> list[tuple[str, bool]]:
    found, after = [], START
    while True:
        page = concordance(store, query, after=after, limit=limit)
        found += [(line.pair.ar, line.exact) for line in page.lines]
        if page.next is None:
            return found
        after = page.next


def test_a_tmx_is_added_with_its_inline_codes_left_out_and_listed(
    tmp_path: Path, store: CorpusStore
) -> None:
    path = tmp_path / "tm.tmx"
    path.write_text(
        '<?xml version="1.0"?><tmx version="1.1"><header/><body>'
        '<tu><tuv lang="AR"><seg>قرار <bpt i="1">&lt;b&gt;</bpt>مهم<ept i="1">&lt;/b&gt;</ept>'
        '</seg></tuv><tuv lang="en-GB"><seg>an <hi>important</hi> resolution</seg></tuv>'
        '<tuv lang="fr"><seg>une résolution</seg></tuv></tu>'
        '<tu><tuv xml:lang="ar"><seg>بلا ترجمة</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    added = add_source(store, str(path))
    assert (added.name, added.read, added.new, added.skipped) == ("tm.tmx", 1, 1, 1)
    [line] = concordance(store, Query("مهم")).lines
    assert (line.pair.ar, line.pair.en, line.pair.source) == (
        "قرار مهم",
        "an important resolution",
        "tm.tmx",
    )
    [source] = store.sources()
    assert (source.name, source.kind, source.pairs) == ("tm.tmx", "tmx", 1)


@pytest.mark.parametrize(
    "document",
    [
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
        'source-language="ar" target-language="en" datatype="plaintext" original="x"><body>'
        "<trans-unit id='1'><source>نص عربي</source><target>Arabic text</target></trans-unit>"
        "</body></file></xliff>",
        # English to Arabic, XLIFF 2: the sides are found by language.
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en-US" '
        'trgLang="ar"><file id="f"><unit id="u"><segment><source>Arabic text</source>'
        "<target>نص عربي</target></segment></unit></file></xliff>",
    ],
)
def test_xliff_files_give_their_pairs_whichever_way_they_go(
    tmp_path: Path, store: CorpusStore, document: str
) -> None:
    path = tmp_path / "job.xlf"
    path.write_text(document, encoding="utf-8")
    assert add_source(store, str(path)).read == 1
    [line] = concordance(store, Query("text")).lines
    assert (line.pair.ar, line.pair.en) == ("نص عربي", "Arabic text")


def test_duplicates_are_kept_once_and_a_shared_pair_outlives_one_of_its_sources(
    tmp_path: Path, store: CorpusStore
) -> None:
    first = _tmx(tmp_path / "a.tmx", [*PAIRS, PAIRS[0]])
    second = _tmx(tmp_path / "b.tmx", PAIRS[:2])
    assert (add_source(store, str(first)).new, add_source(store, str(second)).new) == (5, 0)
    assert store.size()[0] == 5
    assert store.remove("a.tmx") == 3
    assert store.size()[0] == 2
    assert {line.pair.source for line in concordance(store, Query("تمويل")).lines} == {"b.tmx"}
    assert store.remove("b.tmx") == 2
    assert concordance(store, Query("تمويل")).lines == []
    with pytest.raises(CorpusError, match=r"'b\.tmx' is not in the corpus"):
        store.remove("b.tmx")


def test_a_name_already_there_is_refused_unless_replaced(
    tmp_path: Path, store: CorpusStore
) -> None:
    path = _tmx(tmp_path / "a.tmx", PAIRS[:1])
    add_source(store, str(path))
    with pytest.raises(CorpusError, match="already in the corpus"):
        add_source(store, str(path))
    _tmx(path, PAIRS[4:])
    assert add_source(store, str(path), replace=True).new == 1
    assert [line.pair.ar for line in concordance(store, Query("الإرهاب")).lines] == ["الإرهاب خطر"]


def test_a_broken_file_leaves_the_corpus_as_it_was(tmp_path: Path, store: CorpusStore) -> None:
    add_source(store, str(_tmx(tmp_path / "good.tmx", PAIRS[:1])))
    broken = _tmx(tmp_path / "broken.tmx", PAIRS * 1000, tail="<tu><tuv>")
    with pytest.raises(CorpusError, match=r"broken\.tmx:\d+: not well-formed XML"):
        add_source(store, str(broken))
    assert [source.name for source in store.sources()] == ["good.tmx"]
    assert store.size()[0] == 1


def test_a_file_without_arabic_and_english_adds_nothing(tmp_path: Path, store: CorpusStore) -> None:
    path = tmp_path / "fr.tmx"
    path.write_text(
        '<tmx><body><tu><tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>', encoding="utf-8"
    )
    with pytest.raises(CorpusError, match="no unit with both Arabic"):
        add_source(store, str(path))
    assert store.sources() == []


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from tui_reader.core.corpus import add_source, open_corpus

    def progress(done, total):
        os.kill(os.getpid(), signal.SIGKILL)

    add_source(open_corpus(), sys.argv[1], progress=progress)
    """
)


def test_a_kill_during_an_import_leaves_the_corpus_as_it_was(
    tmp_path: Path, store: CorpusStore
) -> None:
    add_source(store, str(_tmx(tmp_path / "before.tmx", PAIRS)))
    big = _tmx(tmp_path / "big.tmx", [(f"جملة رقم {n}", f"sentence {n}") for n in range(10_000)])
    result = subprocess.run([sys.executable, "-c", KILLER, str(big)], env=os.environ.copy())
    assert result.returncode == -signal.SIGKILL
    again = open_corpus()
    assert [source.name for source in again.sources()] == ["before.tmx"]
    assert again.size()[0] == len(PAIRS)
    assert concordance(again, Query("جملة")).lines == []
    assert add_source(again, str(big)).new == 10_000


def test_entities_are_not_expanded_and_no_file_is_read_through_them(
    tmp_path: Path, store: CorpusStore
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    path = tmp_path / "evil.tmx"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<tmx><body><tu><tuv xml:lang="ar"><seg>نص &x;&b;</seg></tuv>'
        '<tuv xml:lang="en"><seg>text &x;&b;</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    add_source(store, str(path))
    [line] = concordance(store, Query("text")).lines
    assert "SECRET" not in line.pair.en and "aaaa" not in line.pair.en


def test_the_exact_phrase_comes_first_then_forms_each_shortest_first(
    tmp_path: Path, store: CorpusStore
) -> None:
    add_source(store, str(_tmx(tmp_path / "a.tmx", PAIRS)))
    exact = [ar for ar, _ in _all(store, Query("تمويل الإرهاب"), 2)]
    assert exact == ["تمويل الإرهاب جريمة", "مكافحة تمويل الإرهاب واجب على الدول"]
    with_forms = _all(store, Query("تمويل الإرهاب", forms=True), 2)
    assert with_forms == [
        ("تمويل الإرهاب جريمة", True),
        ("مكافحة تمويل الإرهاب واجب على الدول", True),
        ("وتمويل الإرهاب", False),
    ]
    # الإرهابيين (terrorists) shares the start of الإرهاب but is not one of its forms.
    # Pages of any size give the same pairs, each once.
    for limit in (1, 3, 10):
        assert _all(store, Query("تمويل الإرهاب", forms=True), limit) == with_forms
    assert count(store, Query("تمويل الإرهاب")) == 2


def test_matches_are_highlighted_in_the_original_and_the_glossary_english_beside(
    tmp_path: Path, store: CorpusStore
) -> None:
    add_source(
        store, str(_tmx(tmp_path / "a.tmx", [("وتَمْوِيلُ الإرهاب", "and terrorist financing")]))
    )
    [line] = concordance(store, Query("تمويل الارهاب", forms=True), glossary=GLOSSARY).lines
    ar, en = line.pair.ar, line.pair.en
    assert [ar[a:b] for a, b in line.ar_spans] == ["وتَمْوِيلُ الإرهاب"]
    assert [en[a:b] for a, b in line.en_spans] == ["terrorist financing"]


def test_english_queries_prefixes_and_forms(tmp_path: Path, store: CorpusStore) -> None:
    add_source(store, str(_tmx(tmp_path / "a.tmx", PAIRS)))
    assert len(concordance(store, Query("terrorist financing")).lines) == 2
    assert len(concordance(store, Query("financ*")).lines) == 4
    found = concordance(store, Query("terrorist", forms=True)).lines
    assert [line.pair.en[slice(*line.en_spans[0])] for line in found] == [
        "terrorist",
        "Terrorist",
        "terrorists",
    ]


@pytest.mark.parametrize("text", ['" OR NEAR(', "x" * 201, "َ", "*"])
def test_a_query_is_words_never_fts_syntax_and_a_bad_one_says_why(
    store: CorpusStore, text: str
) -> None:
    try:
        assert concordance(store, Query(text)).lines == []
    except CorpusError as error:
        assert "query" in str(error)


def test_renderings_count_the_english_forms_of_a_term(tmp_path: Path, store: CorpusStore) -> None:
    other = ("نمنع تمويل الإرهاب", "we prevent the funding of terror")
    add_source(store, str(_tmx(tmp_path / "a.tmx", [*PAIRS, other])))
    found = renderings(store, GLOSSARY.by_id["terrorist-financing"], GLOSSARY)
    # لتمويل الإرهابيين (of terrorists) is not a form of the term: not counted.
    assert found.pairs == 4
    assert found.counts == [("terrorist financing", 2), ("financing of terrorism", 1)]
    assert found.none == 1
    assert found.line() == (
        "تمويل الإرهاب: terrorist financing 2, financing of terrorism 1, other 1"
    )


def test_a_corpus_file_that_is_a_link_is_refused(tmp_path: Path) -> None:
    folder = data_dir()
    folder.mkdir(parents=True)
    (folder / CORPUS_FILE).symlink_to(tmp_path / "elsewhere.sqlite")
    with pytest.raises(CorpusError, match="not a regular file") as caught:
        SqliteCorpus()
    assert str(tmp_path) not in str(caught.value)
    assert not (tmp_path / "elsewhere.sqlite").exists()


def test_a_damaged_corpus_file_is_one_line_without_its_path() -> None:
    folder = data_dir()
    folder.mkdir(parents=True)
    (folder / CORPUS_FILE).write_bytes(b"not a database" * 100)
    with pytest.raises(CorpusError, match=r"the corpus \(corpus.sqlite in the data folder\)") as e:
        SqliteCorpus()
    assert str(folder) not in str(e.value)


def test_a_file_that_is_not_tmx_or_xliff_or_is_missing(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file"):
        read_file(tmp_path / "missing.tmx")
    with pytest.raises(CorpusError, match="not a TMX or XLIFF"):
        read_file(tmp_path / "notes.docx")


# The command line -----------------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_adds_lists_queries_and_removes(tmp_path: Path) -> None:
    path = _tmx(tmp_path / "un.tmx", PAIRS)
    code, out, _ = _run("corpus", "add", str(path))
    assert code == 0 and out == "un.tmx: 5 pairs added\n"
    assert _run("corpus", "add", "dushanbe-2019")[0] == 0
    code, out, err = _run("corpus", "list")
    assert [line.split("\t")[:3] for line in out.splitlines()] == [
        ["dushanbe-2019", "text", "17 pairs"],
        ["un.tmx", "tmx", "5 pairs"],
    ]
    assert "2 sources, 22 distinct pairs" in err
    code, out, err = _run("concordance", "تمويل الإرهاب", "--limit", "1")
    assert code == 0
    assert out == "un.tmx\texact\t[تمويل الإرهاب] جريمة\t[Terrorist financing] is a crime\n"
    assert "(more with --limit)" in err
    assert "تمويل الإرهاب: terrorist financing" in err
    code, out, _ = _run("concordance", "financing", "--in", "en", "--json", "--limit", "2")
    record = json.loads(out)
    assert record["exact"] == 9 and len(record["pairs"]) == 2
    first = record["pairs"][0]
    assert [first["en"][a:b].lower() for a, b in first["en_spans"]] == ["financing"]
    code, _, err = _run("concordance", "قرصنة")
    assert code == 1 and "nothing in the corpus for 'قرصنة'" in err
    assert _run("corpus", "remove", "un.tmx")[1] == "un.tmx removed: 5 pairs left the corpus\n"
    assert _run("concordance", "جريمة")[0] == 1
    assert _run("corpus", "remove", "dushanbe-2019")[0] == 0
    code, out, err = _run("concordance", "تمويل الإرهاب")
    assert code == 1 and out == ""
    assert err == (
        "tui-reader: your reference corpus is empty: add translation memories with "
        "tui-reader corpus add FILE.tmx (or .xliff)\n"
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["concordance", ""], 2, "the query has no word"),
        (
            ["corpus", "remove", "x\x1b]0;owned\x07"],
            1,
            "'x\\x1b]0;owned\\x07' is not in the corpus",
        ),
        (["corpus", "add", "missing.tmx"], 1, "missing.tmx: no such file"),
        (["corpus", "add", "no-such-text"], 1, "no-such-text: no such text or file"),
    ],
)
def test_cli_bad_input_is_one_line(args: list[str], code: int, message: str) -> None:
    got, _, err = _run(*args)
    assert got == code
    [line] = err.strip().splitlines()
    assert line.startswith(f"tui-reader: {message}")
    assert "\x1b" not in err and "Traceback" not in err


def test_cli_a_hostile_file_name_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    path = _tmx(tmp_path / "x\x1b[31m\u202e.tmx", PAIRS[:1])
    code, out, _ = _run("corpus", "add", str(path))
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    code, out, _ = _run("corpus", "list")
    assert "\x1b" not in out and "\u202e" not in out


def test_a_new_corpus_being_written_by_another_process_is_waited_for() -> None:
    # Two windows opening a new corpus together: turning the file to WAL while the other
    # writes answers "locked" at once, without the busy timeout.
    with writing_for_a_while(data_dir() / CORPUS_FILE):
        corpus = SqliteCorpus()
    try:
        assert corpus._db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert corpus.sources() == []
    finally:
        corpus.close()
