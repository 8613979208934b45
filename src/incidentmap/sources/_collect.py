"""Reading every row of a file even after a bad one, so that one error lists all the problems."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from incidentmap.errors import InputError

__all__ = ["build_all"]

_T = TypeVar("_T")
_R = TypeVar("_R")
#: Problems listed after the first one; the rest are counted.
MORE_SHOWN = 20


def build_all(items: Iterable[_T], build: Callable[[_T], _R]) -> list[_R]:
    """``build`` every item; when some fail, raise one InputError that lists them all.

    The first problem leads (its file, line and field are the error's); the others follow, one
    per line. A problem raised by ``items`` itself (a row that is not valid CSV) stops reading.
    """
    out: list[_R] = []
    problems: list[InputError] = []
    for item in items:
        try:
            out.append(build(item))
        except InputError as err:
            problems.append(err)
    if not problems:
        return out
    first = problems[0]
    if len(problems) == 1:
        raise first
    rest = problems[1:]
    lines = [f"  {err}" for err in rest[:MORE_SHOWN]]
    if len(rest) > MORE_SHOWN:
        lines.append(f"  ... and {len(rest) - MORE_SHOWN} more")
    message = f"{first.message}\n{len(problems)} problems in all; the others:\n" + "\n".join(lines)
    raise InputError(message, path=first.path, line=first.line, field=first.field) from first
