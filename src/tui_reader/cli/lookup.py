"""Finding words: a word's meaning, search in the texts, the corpus's concordance."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from rich.cells import cell_len

from tui_reader.cli.output import (
    _count,
    _draws_arabic,
    _echo,
    _field,
    _friendly,
    _inline,
    _json,
    _load_glossary,
    _many,
    _terminal_columns,
)
from tui_reader.cli.root import main
from tui_reader.core import library
from tui_reader.core.display import layout
from tui_reader.core.editing import from_screen_order
from tui_reader.core.errors import terminal_safe
from tui_reader.core.glossary import Glossary, entry_fields
from tui_reader.core.notes import NoteStore
from tui_reader.core.search import (
    KINDS,
    Hit,
    Query,
    QueryError,
    ordered,
    search,
    search_glossary,
    search_index,
)

if TYPE_CHECKING:
    from rich.text import Text as RichText

    from tui_reader.core.meaning import Meaning


@main.command()
@click.argument("words", metavar="WORD...", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_friendly
def lookup(words: tuple[str, ...], as_json: bool) -> None:
    """What WORD... means: the glossary entry (Arabic as it stands in a text, with prefixes,
    suffixes and vowel marks, or English), then the dictionary's analyses (or, for English,
    the lemmas glossed so). Several words need no quotes; a line copied from a terminal that
    drew Arabic in visual order is put back in reading order. Exit status 1 when nothing is
    found."""
    # Here: the meaning brings the dictionary's modules, which a search does not need.
    from tui_reader.core.meaning import meaning, stems_tried

    query = from_screen_order(" ".join(words)).strip()
    if not query:
        raise click.UsageError("give a word to look up (Arabic or English)")
    found = meaning(query, _load_glossary())
    if found.dictionary_error:
        _echo(f"tui-reader: dictionary unavailable: {found.dictionary_error}", err=True)
    if as_json:
        _echo(_json(_meaning_record(found)))
    else:
        _echo_meaning(found)
    if not found.anything:
        where = "glossary" if found.dictionary_error else "glossary or the dictionary"
        _echo(f"tui-reader: nothing found for '{terminal_safe(query)}' in the {where}", err=True)
        tried = stems_tried(query) if not found.english else []
        if tried:
            _echo(_field("stems tried", terminal_safe("، ".join(tried)), True), err=True)
        sys.exit(1)


def _meaning_record(found: Meaning) -> dict[str, object]:
    record: dict[str, object] = {
        "word": found.query,
        "language": "en" if found.english else "ar",
        "found": found.anything,
        "entries": [
            {**entry.record(), "transliteration": entry.transliteration} for entry in found.entries
        ],
    }
    if found.entries and not found.english:
        record["entry"] = record["entries"][0]  # type: ignore[index]
    if found.found is not None and found.found.analysis is not None:
        record["analysis"] = {
            "proclitics": list(found.found.analysis.proclitics),
            "stem": found.found.analysis.stem,
            "suffixes": list(found.found.analysis.suffixes),
        }
    record["dictionary"] = [
        {
            "word": word.word,
            "lemmas": [lemma.as_dict() for lemma in word.lemmas],
            "marks_ignored": word.marks_ignored,
        }
        for word in found.words
    ]
    if found.dictionary_error:
        record["dictionary_error"] = found.dictionary_error
    return record


def _echo_meaning(found: Meaning) -> None:
    from tui_reader.core.meaning import MARKS_IGNORED, parts

    if found.entries:
        entry = found.entries[0]
        analysis = found.found.analysis if found.found is not None else None
        for label, value, arabic in entry_fields(entry, analysis, found.query):
            _echo(_field(label, terminal_safe(value, lines=True), arabic))
    if len(found.entries) > 1:
        # An English word is in many entries' English: the best in full, the others named.
        _echo("")
        for entry in found.entries[1:]:
            line = f"{entry.en} = {entry.ar} ({entry.id})"
            _echo(_field("also", terminal_safe(line), False))
    for word in found.words:
        if not word.lemmas:
            continue
        _echo("")
        if found.english:
            _echo("dictionary:")
        else:
            # The label and the Arabic word each in their own direction: as one right-to-left
            # line the label would stand after the word.
            _echo(_field("dictionary", terminal_safe(word.word), True))
        if word.marks_ignored:
            _echo(MARKS_IGNORED)
        for lemma in word.lemmas:
            reading = lemma.first
            _echo("")
            rows = [
                ("lemma", reading.lemma, True),
                ("vocalized", reading.vocalized, True),
                ("part of speech", reading.pos, False),
                ("English", reading.gloss, False),
            ]
            if reading.prefixes or reading.suffixes:
                rows.append(("parts", parts(reading), True))
            for label, value, arabic in rows:
                _echo(_field(label, terminal_safe(value), arabic))


def _split_kinds(value: str) -> tuple[str, ...]:
    kinds = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise click.BadParameter(f"use some of: {', '.join(KINDS)}", param_hint="'--in'")
    return kinds


def _hit_text(hit: Hit) -> RichText:
    """A hit's snippet as the reader draws it, the match in reverse video."""
    from rich.text import Text as RichText

    before, match, after = hit.snippet()
    line = before + match + after
    width = max(_terminal_columns() - 30, 20)
    visual = layout(line, max(width, cell_len(line)), rtl=hit.rtl)[0]
    styled = RichText()
    for cluster in visual.clusters:
        inside = cluster.start < len(before) + len(match) and cluster.end > len(before)
        styled.append(cluster.text, style="bold reverse" if inside else "")
    return styled


@main.command("search")
@click.argument("query")
@click.option("--in", "kinds", default=",".join(KINDS), show_default=True, help="Where to look.")
@click.option("--text", "text_ref", metavar="ID_OR_PATH", help="Only this text (default: all).")
@click.option("--regex", is_flag=True, help="QUERY is a regular expression (on folded text).")
@click.option("--forms", is_flag=True, help="Arabic words match their inflected forms too.")
@click.option("--whole-word", is_flag=True, help="Match whole words only.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_friendly
def search_command(
    query: str,
    kinds: str,
    text_ref: str | None,
    regex: bool,
    forms: bool,
    whole_word: bool,
    as_json: bool,
) -> None:
    """Find QUERY in the texts (Arabic and English), their notes and the glossary, whatever
    the vowel marks, hamza or alef forms. Exit status 1 when nothing is found, 2 for a bad
    query."""
    # A query copied from a terminal's screen (a line tui-reader drew, say) is in visual order.
    query = from_screen_order(query)
    try:
        request = Query(query, _split_kinds(kinds), regex, forms, whole_word)
        request.pattern()
    except (QueryError, click.BadParameter) as error:
        message = error.format_message() if isinstance(error, click.BadParameter) else str(error)
        _echo(f"tui-reader: {message}", err=True)
        sys.exit(2)
    glossary = _load_glossary() if "glossary" in request.kinds else None
    try:
        hits = _search_hits(request, text_ref, glossary)
    except QueryError as error:
        _echo(f"tui-reader: {error}", err=True)
        sys.exit(2)
    if as_json:
        records = [
            {
                "kind": hit.kind,
                "text": hit.text_id,
                "segment": hit.segment_id,
                "field": hit.field,
                "ref": hit.ref,
                "start": hit.start,
                "end": hit.end,
                "match": hit.source[hit.start : hit.end],
                "snippet": "".join(hit.snippet()),
            }
            for hit in hits
        ]
        _echo(_json({"query": query, "count": len(hits), "hits": records}))
    else:
        _echo_hits(hits)
        if hits:
            _echo(_count(len(hits), "hit"), err=True)
    if not hits:
        _echo(f"tui-reader: nothing found for '{query}'", err=True)
        sys.exit(1)


def _search_hits(query: Query, text_ref: str | None, glossary: Glossary | None) -> list[Hit]:
    """All texts through the library's index (no text file read), else the texts loaded."""
    notes = NoteStore.open if "notes" in query.kinds else None
    indexed = None
    if text_ref is None:
        # Here: a search of one text needs neither the library's index nor SQLite.
        from tui_reader.core.text_index import library_hits

        indexed = library_hits(query, notes)
    found = search_glossary(glossary, query) if glossary is not None else []
    if indexed is not None:
        return ordered(indexed + found)
    if text_ref is not None:
        # The text's index alone: a kept one is read back without the text.
        index = library.open_for_search(text_ref)
        store = NoteStore.open(index.text_id) if notes is not None else None
        hits = search_index(index, query, store)
    else:
        texts = library.load_all()
        stores = {text.id: NoteStore.open(text.id) for text in texts} if notes is not None else {}
        hits = search(query, texts, None, stores)
    return ordered(hits + found)


def _echo_hits(hits: list[Hit]) -> None:
    """One line per hit, in one write: an echo per hit costs more than the search on a book."""
    heads = []
    for hit in hits:
        where = [hit.ref] if hit.kind == "glossary" else [hit.text_id, hit.segment_id or ""]
        field = f"{hit.kind}:{hit.field}" if hit.field != hit.kind else hit.kind
        heads.append("\t".join(map(terminal_safe, [field, *where, f"{hit.start}-{hit.end}"])))
    if not _draws_arabic():
        lines = []
        for head, hit in zip(heads, hits, strict=True):
            before, match, after = hit.snippet()
            lines.append(f"{head}\t{terminal_safe(f'{before}[{match}]{after}')}\n")
        _echo("".join(lines), nl=False)
        return
    parts: list[str | RichText] = []
    for head, hit in zip(heads, hits, strict=True):
        parts += [head + "\t", _hit_text(hit), "\n"]
    _echo(parts, nl=False)


def _concordance_side(text: str, spans: tuple[tuple[int, int], ...], rtl: bool) -> RichText | str:
    """One side of a concordance line around its first match: on a terminal drawn as the
    reader draws it, the match in reverse video; elsewhere logical text, the match in []."""
    from tui_reader.core.corpus import snippet

    before, match, after = snippet(text, spans)
    if not _draws_arabic():
        return terminal_safe(f"{before}[{match}]{after}" if match else after)
    from rich.text import Text as RichText

    line = before + match + after
    styled = RichText()
    for cluster in layout(line, cell_len(line) + 1, rtl=rtl)[0].clusters:
        inside = cluster.start < len(before) + len(match) and cluster.end > len(before)
        styled.append(cluster.text, style="bold reverse" if inside else "")
    return styled


@main.command("concordance")
@click.argument("query")
@click.option("--in", "side", type=click.Choice(["ar", "en"]), help="Default: the query's.")
@click.option("--forms", is_flag=True, help="Also the forms of the words (clitics, endings).")
@click.option("--limit", type=click.IntRange(min=1, max=100_000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_friendly
def concordance_command(
    query: str, side: str | None, forms: bool, limit: int, as_json: bool
) -> None:
    """The corpus's pairs that contain QUERY (words; a word ending in * is a prefix): the
    exact phrase first, then its forms, shorter segments first. For a glossary term, how the
    corpus rendered it. Exit status 1 when nothing is found, 2 for a bad query."""
    from tui_reader.core.corpus import (
        CorpusError,
        Query,
        concordance,
        count,
        open_corpus,
        renderings,
    )

    request = Query(query, side or "auto", forms)
    try:
        request.tokens()
    except CorpusError as error:
        _echo(f"tui-reader: {error}", err=True)
        sys.exit(2)
    glossary = _load_glossary() if request.language == "ar" else None
    store = open_corpus()
    try:
        page = concordance(store, request, limit=limit, glossary=glossary)
        exact = count(store, request)
        entry = glossary.lookup(query).entry if glossary is not None else None
        rendered = renderings(store, entry, glossary) if entry and glossary else None
        empty = not page.lines and store.size()[0] == 0
    finally:
        store.close()
    if empty and not as_json:
        # Nothing to count or tally: the one thing to say is how to fill it.
        _echo(
            "tui-reader: your reference corpus is empty: add translation memories with "
            "tui-reader corpus add FILE.tmx (or .xliff)",
            err=True,
        )
        sys.exit(1)
    if as_json:
        record = {
            "query": query,
            "in": request.language,
            "forms": forms,
            "exact": exact,
            "renderings": None
            if rendered is None
            else {
                "entry": rendered.entry.id,
                "pairs": rendered.pairs,
                "counts": dict(rendered.counts),
                "other": rendered.none,
            },
            "pairs": [
                {
                    "source": line.pair.source,
                    "exact": line.exact,
                    "ar": line.pair.ar,
                    "en": line.pair.en,
                    "ar_spans": [list(span) for span in line.ar_spans],
                    "en_spans": [list(span) for span in line.en_spans],
                }
                for line in page.lines
            ],
        }
        _echo(_json(record))
    else:
        parts: list[str | RichText] = []
        for line in page.lines:
            head = f"{terminal_safe(line.pair.source)}\t{'exact' if line.exact else 'form'}\t"
            ar = _concordance_side(line.pair.ar, line.ar_spans, True)
            en = _concordance_side(line.pair.en, line.en_spans, False)
            parts += [head, ar, "\t", en, "\n"]
        _echo(parts, nl=False)
        more = " (more with --limit)" if page.next is not None else ""
        exact_count = f"{exact:,}" if exact <= 10_000 else "10,000+"
        _echo(f"{_many(len(page.lines), 'pair')} shown, {exact_count} exact{more}", err=True)
        if rendered is not None:
            # The term apart from its tally: on one line, the English would be reordered into
            # the Arabic's right-to-left paragraph.
            term = _inline(terminal_safe(rendered.entry.ar))
            _echo(f"{term}: {terminal_safe(rendered.tally())}", err=True)
    if not page.lines:
        _echo(f"tui-reader: nothing in the corpus for '{query}'", err=True)
        sys.exit(1)
