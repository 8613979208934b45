"""YAML (and JSON) text to plain data, with the line of every value kept for error messages."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from incidentmap.errors import InputError
from incidentmap.text import decode_utf8

#: UTF-8 text of a file's bytes (the one decoder every reader uses).
decode = decode_utf8

__all__ = ["BOOL_HINT", "Document", "Loc", "decode", "field_name", "load_document"]

#: A value's place in the document: keys and list indexes from the top.
Loc = tuple[str | int, ...]

try:  # libyaml's parser is faster and gives the same marks; fall back to the pure-Python one
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# YAML 1.1 reads "1e5" (no dot) as text; JSON and YAML 1.2 read it as a number.
_EXPONENT_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+$")
BOOL_HINT = " (YAML reads unquoted yes/no/on/off/true/false as a boolean: quote it)"
# Guards against alias bombs ("billion laughs"): aliases may repeat values, but not blow a
# document up to more than this many values and this many times its written size.
_MAX_EXPANDED = 20_000
_MAX_EXPANSION = 10


@dataclass(slots=True)
class Document:
    """Plain data read from a file, and the 1-based line where each value is written."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest enclosing value when it is absent."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(loc[:end])
            if line is not None:
                return line
        return 1


def field_name(loc: Loc) -> str:
    """Dotted name of a location: ``incidents[2].casualties[0].count``.

    >>> field_name(("incidents", 2, "casualties", 0, "count"))
    'incidents[2].casualties[0].count'
    >>> field_name(())
    '(top level)'
    """
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top level)"


def load_document(text: str, path: str) -> Document:
    """Parse one YAML or JSON document into plain data with line numbers.

    Dates stay as the text written (``2016-13-40`` is reported later as a bad date instead of
    failing here), duplicate keys are errors, and merge keys (``<<: *anchor``) are expanded.

    Raises
    ------
    InputError
        On a syntax error (with its line), an empty file, a duplicate key or an unknown tag.
    """
    try:
        node = _Loader(_json_safe(text)).get_single_node()
    except yaml.MarkedYAMLError as err:
        raise _syntax_error(err, path) from err
    except yaml.YAMLError as err:  # pragma: no cover - every parser error carries a mark
        raise InputError(f"not valid YAML: {err}", path=path) from err
    doc = Document(data=None)
    if node is not None:
        doc.data = _Converter(path, doc.lines).value(node, ())
    if doc.data is None:  # no document, or one that holds nothing ("---" alone)
        raise InputError(
            "the file is empty: expected a mapping with an 'incidents:' list", path=path, line=1
        )
    return doc


def _json_safe(text: str) -> str:
    # JSON may be indented with tabs, which YAML forbids. Valid JSON has no raw tab inside a
    # string, so turning every tab into a space changes nothing but the whitespace, and keeps
    # every line where it was.
    if "\t" in text and text.lstrip()[:1] in ("{", "["):
        try:
            json.loads(text)
        except ValueError:
            return text
        return text.replace("\t", " ")
    return text


def _syntax_error(err: yaml.MarkedYAMLError, path: str) -> InputError:
    mark = err.problem_mark or err.context_mark
    what = ": ".join(str(p) for p in (err.context, err.problem) if p)
    if mark is None:  # pragma: no cover - PyYAML's parser errors all carry a mark
        return InputError(f"not valid YAML: {what}", path=path)
    return InputError(
        f"not valid YAML (column {mark.column + 1}): {what}", path=path, line=mark.line + 1
    )


class _Converter:
    """Walk a composed YAML node tree into dicts, lists and scalars, recording lines."""

    def __init__(self, path: str, lines: dict[Loc, int]) -> None:
        self.path = path
        self.lines = lines
        self.constructor = yaml.SafeLoader("")
        self.active: set[int] = set()
        self.written: set[Loc] = set()
        self.count = 0
        self.distinct: set[int] = set()

    def value(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        self.distinct.add(id(node))
        if self.count > _MAX_EXPANDED and self.count > _MAX_EXPANSION * len(self.distinct):
            raise InputError(
                f"aliases expand the document to more than {_MAX_EXPANSION} times its "
                f"{len(self.distinct):,} written values; write the values out instead",
                path=self.path,
                line=node.start_mark.line + 1,
                field=field_name(loc),
            )
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, loc)
        if id(node) in self.active:
            raise InputError(
                "a YAML alias refers to a value that contains it",
                path=self.path,
                line=node.start_mark.line + 1,
                field=field_name(loc),
            )
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.value(item, (*loc, i)) for i, item in enumerate(node.value)]
            return self.mapping(node, loc)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: yaml.Node, loc: Loc) -> dict[str, Any]:
        assert isinstance(node, yaml.MappingNode)
        written = sum(1 for key, _ in node.value if key.tag != _MERGE_TAG)
        try:
            self.constructor.flatten_mapping(node)  # merged pairs first, then the written ones
        except yaml.MarkedYAMLError as err:
            raise _syntax_error(err, self.path) from err
        merged = len(node.value) - written
        out: dict[str, Any] = {}
        for n, (key_node, value_node) in enumerate(node.value):
            key = self.key(key_node, loc)
            here = (*loc, key)
            if key in out:
                if n >= merged and here in self.written:
                    raise InputError(
                        f"key {key!r} is given twice in one mapping (first on line "
                        f"{self.lines[here]}); keep one",
                        path=self.path,
                        line=key_node.start_mark.line + 1,
                        field=field_name(here),
                    )
                # A written key overrides a merged one: forget the merged value's lines.
                for old in [p for p in self.lines if p[: len(here)] == here]:
                    del self.lines[old]
            if n >= merged:
                self.written.add(here)
            # The key's line names the field, also when its value starts on the next line.
            self.lines[here] = key_node.start_mark.line + 1
            out[key] = self.value(value_node, here)
        return out

    def key(self, node: yaml.Node, loc: Loc) -> str:
        key = self.scalar(node, loc) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            hint = BOOL_HINT if isinstance(key, bool) else ""
            raise InputError(
                f"keys must be names such as 'place'; found {key!r}{hint}",
                path=self.path,
                line=node.start_mark.line + 1,
                field=field_name(loc),
            )
        return key

    def scalar(self, node: yaml.Node, loc: Loc) -> Any:
        if node.tag == _TIMESTAMP_TAG:
            return node.value  # validated as a date later, with a clear message
        if (
            node.tag == _STR_TAG
            and not getattr(node, "style", None)  # plain: None (PyYAML) or "" (libyaml)
            and _EXPONENT_NUMBER.match(node.value)
        ):
            return float(node.value)
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as err:
            raise InputError(
                f"cannot read this value: {err.problem}",
                path=self.path,
                line=node.start_mark.line + 1,
                field=field_name(loc),
            ) from err
