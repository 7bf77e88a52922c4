"""TBX: the glossary out as TBX-Basic (ISO 30042) for a CAT tool's termbase, and terms in from
the TBX files of other tools (TBX-Basic, full TBX, TBX v3)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from importlib import resources

from lxml import etree
from translate.misc.xml_helpers import get_safe_xml_parser
from translate.storage.tbx import tbxfile

from tui_reader.core.display import visible
from tui_reader.core.errors import ExchangeError
from tui_reader.core.formats.terms import Draft, clean, pos_key
from tui_reader.core.formats.xmlsafe import XML_LANG, XmlCleaner, XmlExport, serialized
from tui_reader.core.glossary import POS, Entry, Glossary

_SUBJECTS = "; "
"""How the tags are joined in the subject field (as the CSV joins lists)."""
XCS_NAME = "TBXBasic-ar-en.xcs"
"""The constraint specification the TBX names: TBX-Basic's, declaring Arabic and English (the
stock TBXBasicXCSV02.xcs does not declare Arabic). Shipped in this package; `build_xcs`."""
_VOCALIZED = "vocalized: "
"""How the vocalized form is noted on the Arabic term: TBX-Basic has no data category for
it, and a note on the term is where a CAT tool shows it."""


# TBX-Basic (LISA 2009, the dialect OmegaT, memoQ, Trados and Phrase all read): a martif
# document, core structure DTD and XCS named in the header. translate-toolkit's own skeleton is
# generic TBX (TBXcdv04.dtd), so the store is started from this one instead.
_TBX_SKELETON = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
<martifHeader>
<fileDesc>
<titleStmt><title>tui-reader glossary (Arabic-English)</title></titleStmt>
<sourceDesc><p>Exported by tui-reader</p></sourceDesc>
</fileDesc>
<encodingDesc><p type="XCSURI">TBXBasic-ar-en.xcs</p></encodingDesc>
</martifHeader>
<text><body></body></text>
</martif>"""

# Our parts of speech on TBX-Basic's partOfSpeech picklist (noun, verb, adjective, adverb,
# properNoun, other). A noun phrase is a noun there; an abbreviation is a noun whose termType
# says abbreviation.
_TBX_POS = {
    "noun": "noun",
    "noun phrase": "noun",
    "adjective": "adjective",
    "verb": "verb",
    "proper noun": "properNoun",
    "abbreviation": "noun",
}
_PREFERRED = "preferredTerm-admn-sts"
_ADMITTED = "admittedTerm-admn-sts"
_OURS = "Exported by tui-reader"
_DEPRECATED = "deprecatedTerm-admn-sts"
_UNUSABLE = {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated", "superseded"}
_LANGUAGES = {"ar": "ar", "ara": "ar", "arb": "ar", "arabic": "ar", "en": "en", "eng": "en"}
_LANGUAGES["english"] = "en"
"""Language codes as files write them (ISO 639-1, 639-2/3, names), by the primary subtag."""
_TBX_INDENT = {
    "indent": "  ",
    "max_level": 10,
    "toplevel": False,
    "leaves": {"term", "termNote", "descrip", "admin", "note", "p", "title"},
}


def _sub(parent: etree._Element, tag: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    if text:
        element.text = text
    return element


def _element(tag: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.Element(tag, attributes)
    if text:
        element.text = text
    return element


def _xml_id(entry_id: str) -> str:
    """termEntry/@id is an XML ID, which may not start with a digit."""
    return entry_id if entry_id[:1].isalpha() else f"term-{entry_id}"


def build_xcs() -> str:
    """The XCS file the TBX names (`XCS_NAME`), to go beside it."""
    return resources.files(__package__).joinpath(XCS_NAME).read_text(encoding="utf-8")


def build_tbx(glossary: Glossary) -> XmlExport:
    """The glossary as TBX-Basic, for a CAT tool's termbase.

    One termEntry per entry (its id the entry's), with a langSet for Arabic and one for
    English; in each, a tig per term: the main term first, marked preferred, then the
    variants, marked admitted, each with its part of speech (a noun phrase is a noun whose
    main term's termType is "phrase"), then the English to avoid, marked deprecated. The
    English langSet holds the definition (with the entry's authority as its source), the
    termEntry the translation note and the tags as subject field. The vocalized form, which
    has no TBX-Basic data category, is a note on the Arabic main term ("vocalized: ...").
    The header names `XCS_NAME`. Characters XML cannot hold are replaced and counted by entry
    id.
    """
    # translate-toolkit ships type hints, but not for parsestring.
    store = tbxfile.parsestring(  # type: ignore[no-untyped-call]
        _TBX_SKELETON, sourcelanguage="ar", targetlanguage="en"
    )
    store.XMLindent = _TBX_INDENT
    cleaner = XmlCleaner()
    for entry in glossary.entries:
        safe = _xml_entry(entry, partial(cleaner, place=entry.id))
        # translate-toolkit builds termEntry, both langSets and their tig/term elements.
        unit = store.addsourceunit(safe.ar)
        unit.setid(_xml_id(safe.id))
        unit.set_source_terms(list(safe.arabic_forms))
        unit.set_target_terms([*safe.english_forms, *safe.avoid])
        _add_tbx_basic_data(unit.xmlelement, safe)
    return cleaner.done(serialized(store), len(glossary.entries))


def _xml_entry(entry: Entry, xml: Callable[[str], str]) -> Entry:
    """The entry with every field the TBX carries made XML."""
    return replace(
        entry,
        id=xml(entry.id),
        ar=xml(entry.ar),
        en=xml(entry.en),
        ar_variants=tuple(map(xml, entry.ar_variants)),
        en_variants=tuple(map(xml, entry.en_variants)),
        definition=xml(entry.definition),
        note=xml(entry.note),
        authority=xml(entry.authority),
        tags=tuple(map(xml, entry.tags)),
        avoid=tuple(map(xml, entry.avoid)),
        vocalized=xml(entry.vocalized),
    )


def _add_tbx_basic_data(term_entry: etree._Element, entry: Entry) -> None:
    """The TBX-Basic data categories translate-toolkit has no API for, added with lxml where
    the core structure puts them: termNote after the term in its tig, descripGrp before the
    tigs of a langSet, concept-level note and subjectField before the langSets (the toolkit's
    own addnote would append them after the langSets, which the DTD does not allow)."""
    langsets = term_entry.findall("langSet")
    concept: list[etree._Element] = []
    if entry.tags:
        concept.append(_element("descrip", _SUBJECTS.join(entry.tags), type="subjectField"))
    if entry.note:
        concept.append(_element("note", entry.note))
    for element in concept:
        langsets[0].addprevious(element)
    for langset in langsets:
        arabic = langset.get(XML_LANG) == "ar"
        usable = len(entry.arabic_forms if arabic else entry.english_forms)
        for index, tig in enumerate(langset.findall("tig")):
            _sub(tig, "termNote", _TBX_POS.get(entry.pos, "other"), type="partOfSpeech")
            if index == 0 and arabic and entry.pos == "abbreviation":
                _sub(tig, "termNote", "abbreviation", type="termType")
            if index == 0 and entry.pos == "noun phrase":
                _sub(tig, "termNote", "phrase", type="termType")
            status = _PREFERRED if index == 0 else _ADMITTED if index < usable else _DEPRECATED
            _sub(tig, "termNote", status, type="administrativeStatus")
            if index == 0 and arabic and entry.vocalized != entry.ar:
                _sub(tig, "note", _VOCALIZED + entry.vocalized)
        if not arabic and entry.definition:
            group = _element("descripGrp")
            _sub(group, "descrip", entry.definition, type="definition")
            if entry.authority:
                _sub(group, "admin", entry.authority, type="source")
            langset.findall("tig")[0].addprevious(group)


# Reading ------------------------------------------------------------------------------------


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: etree._Element, *names: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child) in names)


def _descendants(element: etree._Element, *names: str) -> Iterator[etree._Element]:
    return (node for node in element.iter() if node is not element and _local(node) in names)


def _text_of(element: etree._Element) -> str:
    return "".join(str(part) for part in element.itertext()).strip()


def _language(langset: etree._Element) -> str:
    """The language, by its primary subtag in any common form: "ar", "ar-SA", "AR", "ara",
    "ar_SA" are all Arabic ("ar"); a code of another language is returned as it is."""
    primary = (langset.get(XML_LANG) or "").split("-")[0].split("_")[0].strip().lower()
    return _LANGUAGES.get(primary, primary)


def _term_notes(group: etree._Element, kind: str) -> list[str]:
    return [
        _text_of(note)
        for note in _descendants(group, "termNote")
        if (note.get("type") or "") == kind
    ]


@dataclass
class _Terms:
    main: str
    main_group: etree._Element | None
    variants: list[str]
    unusable: list[str]


def _terms(langsets: list[etree._Element]) -> _Terms:
    """The main term (marked preferred, or else the first usable), the variants (the rest,
    except deprecated or superseded terms) and those deprecated or superseded terms of one
    language of a termEntry."""
    found: list[tuple[str, etree._Element, str]] = []
    for langset in langsets:
        # tig (TBX-Basic), ntig/termGrp (full TBX), termSec (TBX v3).
        for group in _children(langset, "tig", "ntig", "termSec"):
            term = next(_descendants(group, "term"), None)
            if term is None:
                continue
            status = next(iter(_term_notes(group, "administrativeStatus")), "").lower()
            found.append((clean(_text_of(term)), group, status))
    usable = [item for item in found if item[0] and item[2] not in _UNUSABLE]
    unusable = [item[0] for item in found if item[0] and item[2] in _UNUSABLE]
    if not usable:
        return _Terms("", None, [], unusable)
    main = next((item for item in usable if item[2].startswith("preferred")), usable[0])
    return _Terms(main[0], main[1], [item[0] for item in usable if item is not main], unusable)


def _tbx_pos(arabic: _Terms, english: _Terms) -> str:
    """Our part of speech from the main terms' TBX termNotes (Arabic first: it is the Arabic
    term the glossary describes): a noun whose termType is "phrase" is a noun phrase. A value
    we have no equivalent for (adverb, other) gives the default."""
    for terms in (arabic, english):
        if terms.main_group is None:
            continue
        types = {value.lower() for value in _term_notes(terms.main_group, "termType")}
        if types & {"abbreviation", "acronym", "initialism", "shortform"}:
            return "abbreviation"
        for value in _term_notes(terms.main_group, "partOfSpeech"):
            key = pos_key(value)
            if key == "noun" and "phrase" in types:
                return "noun phrase"
            if key in POS:
                return key
    return ""


def _describe(element: etree._Element) -> str:
    name = visible(_local(element))
    identifier = element.get("id")
    return f'<{name} id="{visible(identifier)}">' if identifier else f"<{name}>"


def read_tbx(data: bytes, file_name: str) -> list[Draft]:
    """The terms of a TBX file's bytes; `file_name` names it in messages. Raises ExchangeError
    with the line for XML that is not well-formed or is not TBX."""
    name = visible(file_name)
    # translate-toolkit's safe parser (no entities, no network). tbxfile itself is not used to
    # read: it finds terms only in tig (not ntig or TBX v3 termSec), only under the exact
    # language codes asked for (not "en-GB" for "en"), and it keeps no line numbers to report.
    try:
        root = etree.fromstring(data, parser=get_safe_xml_parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        raise ExchangeError(f"{name}:{line}: not well-formed XML ({visible(error.msg)})") from None
    if _local(root) not in ("martif", "tbx"):
        raise ExchangeError(
            f"{name}:{root.sourceline}: the root element is <{_local(root)}>, not TBX's "
            "<martif> (or <tbx>)"
        )
    body = next(_descendants(root, "body"), None)
    if body is None:
        raise ExchangeError(f"{name}:{root.sourceline}: <{_local(root)}> has no <text><body>")
    entries = list(_children(body, "termEntry", "conceptEntry"))
    if not entries:
        raise ExchangeError(
            f"{name}:{body.sourceline}: <body> has no <termEntry>: there are no terms"
        )
    # Other tools' termEntry ids are their database keys ("c1", "_42"); ours are entry ids.
    ours = any(_text_of(node) == _OURS for node in _descendants(root, "sourceDesc"))
    drafts: list[Draft] = []
    missing: list[str] = []
    for entry in entries:
        draft, lacks = _tbx_draft(entry, name, keep_id=ours)
        drafts.append(draft)
        missing += [lacks] if lacks else []
    # An entry in one language is left out (and listed by the import); a file where no entry
    # has both is more likely in other languages or codes, which its first entry says.
    if missing and not any(draft.ar and draft.en for draft in drafts):
        raise ExchangeError(missing[0])
    return drafts


def _tbx_draft(term_entry: etree._Element, name: str, *, keep_id: bool) -> tuple[Draft, str | None]:
    """The entry's term, and why a language is missing from it (None when both are there)."""
    where = f"{name}:{term_entry.sourceline}"
    languages: dict[str, list[etree._Element]] = {}
    for langset in _children(term_entry, "langSet", "langSec"):
        language = _language(langset)
        if not language:
            raise ExchangeError(
                f"{name}:{langset.sourceline}: <{_local(langset)}> without xml:lang in "
                f"{_describe(term_entry)}"
            )
        languages.setdefault(language, []).append(langset)
    lacks = None
    for language, called in (("ar", "Arabic"), ("en", "English")):
        if language not in languages:
            found = visible(", ".join(sorted(languages))) or "none"
            lacks = lacks or (
                f"{where}: {_describe(term_entry)} has no {called} langSet "
                f'(xml:lang="{language}"; languages found: {found})'
            )
            languages[language] = []
    arabic = _terms(languages["ar"])
    english = _terms(languages["en"])
    definitions = [
        _text_of(node)
        for scope in (*languages["en"], term_entry)
        for node in _descendants(scope, "descrip")
        if node.get("type") == "definition"
    ]
    notes = [_text_of(node) for node in _children(term_entry, "note")]
    for langset in (*languages["ar"], *languages["en"]):
        notes += [_text_of(node) for node in _children(langset, "note")]
    vocalized = ""
    for group in (arabic.main_group, english.main_group):
        for node in _descendants(group, "note") if group is not None else ():
            text = _text_of(node)
            if group is arabic.main_group and text.startswith(_VOCALIZED.strip()):
                vocalized = clean(text.removeprefix(_VOCALIZED.strip()))
            else:
                notes.append(text)
    sources = [
        _text_of(node)
        for scope in (*languages["en"], *languages["ar"], term_entry)
        for node in _descendants(scope, "admin")
        if node.get("type") == "source"
    ]
    subjects = [
        _text_of(node)
        for node in _descendants(term_entry, "descrip")
        if node.get("type") == "subjectField"
    ]
    identifier = (term_entry.get("id") or "") if keep_id else ""
    if identifier.startswith("term-") and identifier[5:6].isdigit():
        identifier = identifier[5:]
    draft = Draft(
        where=where,
        ar=arabic.main,
        en=english.main,
        ar_variants=arabic.variants,
        en_variants=english.variants,
        pos=_tbx_pos(arabic, english),
        vocalized=vocalized,
        definition=next((text for text in definitions if text), ""),
        note="\n".join(dict.fromkeys(text for text in notes if text)),
        id=identifier,
        authority=next((text for text in sources if text), ""),
        tags=[clean(tag) for text in subjects for tag in text.split(";") if tag.strip()],
        avoid=english.unusable,
    )
    return draft, lacks
