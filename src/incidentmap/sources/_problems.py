"""Problems found in an incident file, turned into InputErrors naming file, line and field."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pydantic

from incidentmap.errors import InputError, ValidationError
from incidentmap.sources._schema import OWN_ERRORS, UNION_TAGS, echo
from incidentmap.sources._yaml import Document, Loc, field_name

__all__ = ["Problems"]

_MORE_SHOWN = 5

# Pydantic's wording for the kinds of value, in the words of someone writing YAML.
_EXPECTED = {
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (one '- ' item per line, or [a, b])",
    "model_type": "a mapping of keys to values (key: value)",
    "dict_type": "a mapping of keys to values (key: value)",
    "model_attributes_type": "a mapping of keys to values (key: value)",
    "string_type": "text",
}


@dataclass(frozen=True, slots=True)
class Problems:
    """Makes InputErrors for one file: knows its name and where each value is written."""

    path: str
    document: Document

    def error(self, loc: Loc, message: str) -> InputError:
        """An InputError for the value at ``loc``."""
        return InputError(
            message, path=self.path, line=self.document.line_of(loc), field=field_name(loc)
        )

    def model_error(
        self, loc: Loc, err: ValidationError, keys: Mapping[str, str] | None = None
    ) -> InputError:
        """An InputError for a model object that refused the values read at ``loc``.

        ``keys`` maps the model's field names to the file's keys where they differ.
        """
        where = loc
        if err.field:
            key = (keys or {}).get(err.field, err.field)
            if (*loc, key) in self.document.lines:
                where = (*loc, key)
        return self.error(where, str(err))

    def from_pydantic(self, err: pydantic.ValidationError) -> InputError:
        """One InputError for every problem pydantic found, the first (by line) leading."""
        found = sorted(
            ((self._loc(e), self._describe(e)) for e in err.errors()),
            key=lambda p: (self.document.line_of(p[0]), field_name(p[0])),
        )
        loc, message = found[0]
        rest = found[1:]
        if rest:
            lines = [
                f"  line {self.document.line_of(other)}, field {field_name(other)!r}: {text}"
                for other, text in rest[:_MORE_SHOWN]
            ]
            if len(rest) > _MORE_SHOWN:
                lines.append(f"  ... and {len(rest) - _MORE_SHOWN} more")
            message += f"\n{len(rest)} more problem(s) in this file:\n" + "\n".join(lines)
        return self.error(loc, message)

    @staticmethod
    def _loc(error: Mapping[str, Any]) -> Loc:
        loc = tuple(p for p in error["loc"] if p not in UNION_TAGS)
        if error["type"] == "unknown_key":
            loc = (*loc, error["ctx"]["key"])
        return loc

    @staticmethod
    def _describe(error: Mapping[str, Any]) -> str:
        kind = error["type"]
        value = error.get("input")
        ctx = error.get("ctx") or {}
        if kind in OWN_ERRORS:
            return str(error["msg"])  # our validators' messages already echo the value
        if kind == "missing":
            return f"missing required key {error['loc'][-1]!r}"
        if kind == "literal_error":
            return _choice_message(re.findall(r"'([^']*)'", ctx.get("expected", "")), value)
        if kind == "greater_than_equal":
            return f"expected a number >= {ctx['ge']:g}; found {echo(value)}"
        if kind == "less_than_equal":
            return f"expected a number <= {ctx['le']:g}; found {echo(value)}"
        if kind in _EXPECTED:
            return f"expected {_EXPECTED[kind]}; found {echo(value)}"
        return f"{error['msg']}; found {echo(value)}"


def _choice_message(choices: Iterable[str], value: Any) -> str:
    accepted = list(choices)
    close = difflib.get_close_matches(str(value), accepted, n=1) if isinstance(value, str) else []
    hint = f"; did you mean {close[0]!r}?" if close else ""
    listed = ", ".join(repr(c) for c in accepted)
    return f"expected one of {listed}; found {echo(value)}{hint}"
