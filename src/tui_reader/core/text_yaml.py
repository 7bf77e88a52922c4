"""Text files: a text read from its YAML (see the README, "Text format") and written back.

Apart from `text` so that what never reads a YAML text (`render` of a plain file, the model
itself) does not import PyYAML, whose pure-Python reader compiles large regular expressions
as it is imported: a tenth of `render`'s start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tui_reader.core.errors import shown
from tui_reader.core.text import (
    FORMAT_VERSION,
    ID_PATTERN,
    Segment,
    Text,
    TextError,
    decode_utf8,
)


def _check_id(value: str, where: str, what: str) -> str:
    if ID_PATTERN.fullmatch(value) is None:
        raise TextError(
            f"{where}: {what} '{shown(value)}' is not an id: use lowercase letters, digits and "
            "hyphens (e.g. un-report-2020)"
        )
    return value


def _where(path: Path | str, node: Any = None) -> str:
    mark = getattr(node, "start_mark", None) or getattr(node, "problem_mark", None)
    if mark is None:
        return str(path)
    return f"{path}:{mark.line + 1}:{mark.column + 1}"


def parse_text(data: bytes, path: Path) -> tuple[Text, bool]:
    """The text a file's bytes hold (`path` names it in messages), and whether it was read
    cleanly enough to be worth keeping parsed (see `library.load_text`)."""
    source = decode_utf8(data, path)
    quick = _quick_load(source, path)
    if quick is not None:
        return quick, True
    # Something is wrong: read it again as nodes, which know their line and column.
    try:
        root = yaml.compose(source, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise TextError(f"{where}: YAML syntax error: {error.problem}") from None
    except yaml.YAMLError as error:
        raise TextError(f"{path}: YAML error: {error}") from None
    except RecursionError:
        raise TextError(f"{path}: the YAML is nested too deeply to be a text") from None
    if not isinstance(root, yaml.MappingNode):
        raise TextError(f"{_where(path, root)}: a text file must be a mapping with 'segments'")
    return _text_from_node(root, path), False


def _quick_load(source: str, path: Path) -> Text | None:
    """The text, read as plain data (a book loads several times faster than as nodes), or
    None when anything is amiss, for `parse_text` to say exactly where."""
    try:
        data = plain_yaml(source)
        if data is _UNSUPPORTED:
            data = yaml.load(source, Loader=YAML_LOADER)
    except DuplicateKey as error:
        # Nodes keep both keys without a word: this is the one place that sees them.
        raise TextError(
            f"{_where(path, error)}: '{shown(str(error.key))}' given twice in one mapping"
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError):
        return None

    def text(value: object) -> str | None:
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return None

    if not isinstance(data, dict) or data.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        return None
    text_id, items = text(data.get("id")), data.get("segments")
    if text_id is None or not isinstance(items, list) or not items:
        return None
    if ID_PATTERN.fullmatch(text_id.strip()) is None:
        return None
    title = data.get("title", {})
    if not isinstance(title, dict):
        return None
    titles = [text(title.get(key, "")) for key in ("ar", "en")]
    extras = [text(data.get(key, "")) for key in ("source", "after")]
    date = data.get("date", "")
    if None in titles or None in extras or not isinstance(date, str):
        return None
    segments: list[Segment] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict) or not set(item) <= {"id", "ar", "en", "before"}:
            return None
        values = {key: text(value) for key, value in item.items()}
        segment_id, arabic = values.get("id"), values.get("ar")
        if None in values.values() or segment_id is None or arabic is None:
            return None
        if segment_id in seen or ID_PATTERN.fullmatch(segment_id) is None:
            return None
        seen.add(segment_id)
        before = values.get("before", " " if segments else "")
        segments.append(Segment(segment_id, arabic, values.get("en", "") or "", before or ""))
    return Text(
        text_id.strip(),
        titles[0] or "",
        titles[1] or "",
        tuple(segments),
        source=extras[0] or "",
        date=date,
        after=extras[1] or "",
        path=path,
    )


_UNSUPPORTED = object()
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)


def plain_yaml(source: str) -> Any:
    """The YAML document as `yaml.load` with the safe loader gives it, built straight from
    libyaml's events: five times faster for a book, whose scalars are nearly all text that
    needs no resolving. `_UNSUPPORTED` for what it does not build (anchors, aliases, tags,
    merge keys, mappings as keys, several documents): the caller loads those the usual way.
    Raises yaml.YAMLError as `yaml.load` does."""
    loader = YAML_LOADER(source)
    resolvers = loader.yaml_implicit_resolvers
    root: Any = _UNSUPPORTED
    stack: list[list[Any]] = []
    """[container, key] of each open collection; key is _UNSUPPORTED while none is pending."""
    documents = 0
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None or event.tag is not None:
                    return _UNSUPPORTED
                value: Any = event.value
                if event.implicit[0] and (value[:1] in resolvers or None in resolvers):
                    tag = loader.resolve(yaml.ScalarNode, value, event.implicit)  # type: ignore[no-untyped-call]
                    if tag not in _PLAIN_TAGS:
                        return _UNSUPPORTED
                    if tag != _STR:
                        try:
                            value = loader.construct_object(yaml.ScalarNode(tag, value))
                        except (ValueError, OverflowError):
                            # A date that is no date, an integer too long to read: the
                            # node parse reports the place of whatever else is wrong.
                            return _UNSUPPORTED
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.anchor is not None or event.tag is not None:
                    return _UNSUPPORTED
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append([container, _UNSUPPORTED])
                continue
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                value = stack.pop()[0]
            elif isinstance(event, yaml.AliasEvent):
                return _UNSUPPORTED
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return _UNSUPPORTED
                continue
            else:
                continue
            if not stack:
                root = value
            elif isinstance(stack[-1][0], list):
                stack[-1][0].append(value)
            elif stack[-1][1] is _UNSUPPORTED:
                if isinstance(value, (dict, list)):
                    return _UNSUPPORTED
                if value in stack[-1][0]:
                    raise DuplicateKey(value, event.start_mark)
                stack[-1][1] = value
            else:
                stack[-1][0][stack[-1][1]] = value
                stack[-1][1] = _UNSUPPORTED
    finally:
        loader.dispose()
    return None if root is _UNSUPPORTED else root


def _scalar(node: yaml.Node, key: str, path: Path) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:timestamp",
    ):
        raise TextError(f"{_where(path, node)}: '{key}' must be text")
    return str(node.value)


def _mapping(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {str(key.value): value for key, value in node.value}


def _text_from_node(root: yaml.MappingNode, path: Path) -> Text:
    top = _mapping(root)
    version = top.get("format")
    if version is not None and _scalar(version, "format", path) != str(FORMAT_VERSION):
        raise TextError(
            f"{_where(path, version)}: format {shown(str(version.value))} is not known "
            f"(this tui-reader reads format {FORMAT_VERSION})"
        )
    for key in ("id", "segments"):
        if key not in top:
            raise TextError(f"{path}: missing '{key}'")
    text_id = _scalar(top["id"], "id", path).strip()
    if not text_id:
        raise TextError(f"{_where(path, top['id'])}: 'id' is empty")
    _check_id(text_id, _where(path, top["id"]), "the text's id")
    title_ar = title_en = ""
    if "title" in top:
        title = top["title"]
        if not isinstance(title, yaml.MappingNode):
            raise TextError(f"{_where(path, title)}: 'title' must have 'ar' and 'en'")
        parts = _mapping(title)
        title_ar = _scalar(parts["ar"], "title.ar", path) if "ar" in parts else ""
        title_en = _scalar(parts["en"], "title.en", path) if "en" in parts else ""
    node = top["segments"]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise TextError(f"{_where(path, node)}: 'segments' must be a list of segments")
    segments: list[Segment] = []
    seen: dict[str, yaml.Node] = {}
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            raise TextError(f"{_where(path, item)}: a segment must be a mapping with 'id' and 'ar'")
        fields = _mapping(item)
        for key in ("id", "ar"):
            if key not in fields:
                raise TextError(f"{_where(path, item)}: segment without '{key}'")
        segment_id = _check_id(
            _scalar(fields["id"], "id", path), _where(path, fields["id"]), "segment id"
        )
        if segment_id in seen:
            raise TextError(
                f"{_where(path, fields['id'])}: duplicate segment id '{segment_id}' "
                f"(first at line {seen[segment_id].start_mark.line + 1})"
            )
        seen[segment_id] = fields["id"]
        default_before = " " if segments else ""
        segments.append(
            Segment(
                id=segment_id,
                ar=_scalar(fields["ar"], "ar", path),
                en=_scalar(fields["en"], "en", path) if "en" in fields else "",
                before=(
                    _scalar(fields["before"], "before", path)
                    if "before" in fields
                    else default_before
                ),
            )
        )
    optional = {
        key: _scalar(top[key], key, path) if key in top else ""
        for key in ("source", "date", "after")
    }
    return Text(
        id=text_id,
        title_ar=title_ar,
        title_en=title_en,
        segments=tuple(segments),
        source=optional["source"],
        date=optional["date"],
        after=optional["after"],
        path=path,
    )


class DuplicateKey(yaml.constructor.ConstructorError):
    """A key given twice in one mapping, which YAML loaders otherwise take silently, keeping
    the last (two `ar:` in a segment lose one Arabic without a word)."""

    def __init__(self, key: object, mark: yaml.Mark | None) -> None:
        super().__init__(None, None, f"'{key}' given twice in one mapping", mark)
        self.key = key


# libyaml (in PyYAML's wheels) reads and writes book-sized texts many times faster than the
# pure-Python classes, which are the fallback.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, refusing a key given twice in one mapping (as `plain_yaml` does)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                # A merge key's entries may be overridden: YAML says so.
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=deep)
                try:
                    again = key in seen
                except TypeError:
                    continue  # an unhashable key: the safe loader says so itself
                if again:
                    raise DuplicateKey(key, key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


YAML_LOADER: type[yaml.SafeLoader] = _Loader


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if (value != value.strip(" ") or "\n" in value or value == "") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_text(text: Text) -> str:
    segments: list[dict[str, str]] = []
    for index, segment in enumerate(text.segments):
        record = {"id": segment.id}
        if segment.before != (" " if index else ""):
            record["before"] = segment.before
        record["ar"] = segment.ar
        record["en"] = segment.en
        segments.append(record)
    document: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "id": text.id,
        "title": {"ar": text.title_ar, "en": text.title_en},
        "source": text.source,
        "date": text.date,
    }
    if text.after:
        document["after"] = text.after
    document["segments"] = segments
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000)
