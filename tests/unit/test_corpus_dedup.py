"""The corpus keeps one pair for one text, however its letters are encoded: presentation forms
or base letters, composed or decomposed; and a corpus of the previous version is migrated to
that rule when it is opened."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import main
from tui_reader.core.corpus import (
    _SCHEMA,
    CORPUS_FILE,
    SCHEMA_VERSION,
    CorpusError,
    Query,
    SqliteCorpus,
    concordance,
    count,
    open_corpus,
    pairs_of_text,
)
from tui_reader.core.formats.xmlsafe import base_letters
from tui_reader.core.normalize import normalize
from tui_reader.paths import data_dir

FORMS = "توصيات ﻓﺮﻳﻖ ﺍﻟﻌﻤﻞ المعني بتمويل الإرهاب"
"""A sentence with two words in presentation forms, as the trial's article has them."""
BASE = base_letters(FORMS)
EN = "the recommendations of the task force on terrorist financing"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_trial_text_exported_as_tmx_and_added_back_brings_nothing_new(tmp_path: Path) -> None:
    assert _run("corpus", "add", "dushanbe-2019") == (0, "dushanbe-2019: 17 pairs added\n", "")
    exported = tmp_path / "dushanbe-2019.tmx"
    assert _run("export", "dushanbe-2019", "--format", "tmx", "-o", str(exported))[0] == 0
    assert "ﻓﺮﻳﻖ" not in exported.read_text(encoding="utf-8")  # the exporter's base letters
    code, out, _ = _run("corpus", "add", str(exported))
    assert code == 0
    assert out == "dushanbe-2019.tmx: 17 pairs added (0 new, 17 already in the corpus)\n"
    code, out, _ = _run("concordance", "تمويل الإرهاب", "--json")
    assert code == 0
    record = json.loads(out)
    assert record["exact"] == 2
    assert [pair["source"] for pair in record["pairs"]] == ["dushanbe-2019"] * 2
    # The form stored first is the one shown.
    assert any("ﻓﺮﻳﻖ" in pair["ar"] for pair in record["pairs"])
    # The pair is the text's and the file's: removing the text leaves it to the file.
    assert _run("corpus", "remove", "dushanbe-2019")[1].endswith(": 0 pairs left the corpus\n")
    assert json.loads(_run("concordance", "تمويل الإرهاب", "--json")[1])["exact"] == 2


def test_one_text_in_other_code_points_is_one_pair_but_vowel_marks_make_another() -> None:
    store = open_corpus()
    decomposed = unicodedata.normalize("NFD", "الإرهاب خطر")
    assert decomposed != "الإرهاب خطر"
    pairs = [
        (FORMS, EN),
        (BASE, EN),
        (unicodedata.normalize("NFD", BASE), EN),
        ("الإرهاب خطر", "Terrorism is a danger"),
        (decomposed, "Terrorism is a danger"),
        ("الإرهابُ خطرٌ", "Terrorism is a danger"),  # vocalized: another text
        ("الإرهاب خطر", "Terrorism is a danger."),  # other English: another pair
        # Only presentation forms are folded: a ligature of another script stays as written.
        ("الإرهاب خطر", "\ufb01nancing"),
        ("الإرهاب خطر", "financing"),
    ]
    assert store.add("a", "text", pairs_of_text("a", pairs)).new == 6
    assert store.add("b", "text", pairs_of_text("b", [(BASE + " ", " " + EN)])).new == 0
    lines = concordance(store, Query("فريق العمل")).lines
    assert [line.pair.ar for line in lines] == [FORMS]
    assert count(store, Query("فريق العمل")) == 1
    assert count(store, Query("خطر")) == 5


# The previous version (1): the same tables, the digest over the text as written -----------------


def _old_digest(ar: str, en: str) -> int:
    raw = hashlib.blake2b(f"{ar}\x00{en}".encode(), digest_size=8).digest()
    return int.from_bytes(raw, "big", signed=True)


def _version_1(path: Path, sources: dict[str, list[tuple[str, str]]], extra: int = 0) -> None:
    """A corpus as version 1 wrote it: a pair kept once per exact text, a pair a later source
    brings again linked to it in `also`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(_SCHEMA)
    db.execute("BEGIN")
    serial = 0
    known: dict[tuple[str, str], int] = {}
    many = [(f"جملة رقم {n}", f"sentence {n}") for n in range(extra)]
    for number, (name, pairs) in enumerate(sources.items(), 1):
        db.execute(
            "INSERT INTO sources VALUES (?, ?, 'tmx', ?, '2024-01-01T00:00:00Z')",
            (number, name, len(pairs)),
        )
        for ar, en in [*pairs, *(many if number == 1 else [])]:
            if (ar, en) in known:
                db.execute(
                    "INSERT OR IGNORE INTO also SELECT ?1, ?2 WHERE NOT EXISTS "
                    "(SELECT 1 FROM pairs WHERE id = ?1 AND source = ?2)",
                    (known[(ar, en)], number),
                )
                continue
            serial += 1
            pair_id = (len(ar) << 32) | serial
            known[(ar, en)] = pair_id
            db.execute(
                "INSERT INTO pairs VALUES (?, ?, ?, ?, ?)",
                (pair_id, number, _old_digest(ar, en), ar, en),
            )
            db.execute(
                "INSERT INTO folded(rowid, ar, en) VALUES (?, ?, ?)",
                (pair_id, normalize(ar), normalize(en)),
            )
    db.execute("INSERT INTO meta VALUES ('version', 1), ('serial', ?)", (serial,))
    db.execute("COMMIT")
    db.close()


OLD = {
    "text": [(FORMS, EN), (BASE, EN), ("الإرهاب خطر", "Terrorism is a danger")],
    "text.tmx": [(BASE, EN), ("الإرهاب خطر", "Terrorism is a danger")],
    "other.tmx": [(BASE, EN), ("الإرهابُ خطرٌ", "Terrorism is a danger")],
}


def _version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        (value,) = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
    return int(value)


def test_a_version_1_corpus_is_migrated_its_duplicates_merged_and_their_sources_kept() -> None:
    path = data_dir() / CORPUS_FILE
    _version_1(path, OLD)
    store = SqliteCorpus(path)
    assert _version(path) == SCHEMA_VERSION == 2
    assert store.size()[0] == 3
    [line] = concordance(store, Query("فريق العمل")).lines
    assert (line.pair.ar, line.pair.source) == (FORMS, "text")
    assert count(store, Query("فريق العمل")) == 1
    assert count(store, Query("خطر")) == 2
    assert [(source.name, source.pairs) for source in store.sources()] == [
        ("other.tmx", 2),
        ("text", 3),
        ("text.tmx", 2),
    ]
    # The merged pair is "text"'s, shared with the two files, as `add` would have linked it.
    with sqlite3.connect(path) as db:
        links = db.execute(
            "SELECT s.name FROM also JOIN sources AS s ON s.id = also.source "
            "JOIN pairs AS p ON p.id = also.pair WHERE p.ar = ? ORDER BY s.name",
            (FORMS,),
        ).fetchall()
    assert links == [("other.tmx",), ("text.tmx",)]
    # Each source still holds the pair: it leaves with the last of them.
    assert store.remove("text") == 0
    assert store.remove("text.tmx") == 1  # the unvocalized danger, which "text" shared
    assert [line.pair.source for line in concordance(store, Query("فريق العمل")).lines] == [
        "other.tmx"
    ]
    assert store.remove("other.tmx") == 2
    assert store.size()[0] == 0
    assert count(store, Query("فريق العمل")) == 0
    store.close()
    # A migrated corpus opens as it is; a pair added again is still not new.
    again = SqliteCorpus(path)
    assert again.add("x", "text", pairs_of_text("x", [(FORMS, EN), (BASE, EN)])).new == 1


def test_a_corpus_of_a_newer_version_is_refused_as_it_is() -> None:
    path = data_dir() / CORPUS_FILE
    _version_1(path, OLD)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 99 WHERE name = 'version'")
    with pytest.raises(CorpusError, match=r"^the corpus \(corpus\.sqlite in the data folder\)"):
        SqliteCorpus(path)
    assert _version(path) == 99


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from tui_reader.core import corpus

    calls = [0]
    digest = corpus._pair_digest

    def killed(ar, en):
        # Half way through making the digests again, inside the migration's transaction.
        calls[0] += 1
        if calls[0] == 10_000:
            os.kill(os.getpid(), signal.SIGKILL)
        return digest(ar, en)

    corpus._pair_digest = killed
    corpus.SqliteCorpus(Path(sys.argv[1]))
    """
)


def test_a_kill_during_the_migration_leaves_a_corpus_that_opens_as_before_or_migrated() -> None:
    path = data_dir() / CORPUS_FILE
    _version_1(path, OLD, extra=20_000)
    result = subprocess.run([sys.executable, "-c", KILLER, str(path)], env=os.environ.copy())
    assert result.returncode == -signal.SIGKILL
    # Undone: the file is still version 1, with all its pairs.
    assert _version(path) == 1
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM pairs").fetchone() == (20_004,)
    store = SqliteCorpus(path)
    assert _version(path) == 2
    assert store.size()[0] == 20_003
    assert count(store, Query("فريق العمل")) == 1
    assert count(store, Query("جملة رقم 19999")) == 1


def test_the_migration_keeps_the_form_stored_first_even_when_it_is_longer() -> None:
    path = data_dir() / CORPUS_FILE
    decomposed = unicodedata.normalize("NFD", "الإرهاب خطر")
    _version_1(path, {"a": [(decomposed, EN)], "b": [("الإرهاب خطر", EN)]})
    [line] = concordance(SqliteCorpus(path), Query("خطر")).lines
    assert (line.pair.ar, line.pair.source) == (decomposed, "a")
