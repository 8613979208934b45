"""Bytes of a file as UTF-8 text, with an error that names the file, line and byte."""

from __future__ import annotations

from pathlib import Path

from incidentmap.errors import InputError

__all__ = ["decode_utf8"]


def decode_utf8(raw: bytes, path: str | Path) -> str:
    """UTF-8 text of ``raw`` (a leading byte-order mark is dropped).

    >>> decode_utf8("\\ufeffDayr az Zawr".encode(), "x.txt")
    'Dayr az Zawr'

    Raises
    ------
    InputError
        When the bytes are not UTF-8, naming the line and byte offset of the first bad byte.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        bad = raw[err.start : err.start + 4]
        raise InputError(
            f"the file is not UTF-8 text: byte {bad[:1]!r} at byte offset {err.start} "
            f"(found {bad!r}); expected UTF-8 text, save it as UTF-8",
            path=path,
            line=line,
        ) from err
