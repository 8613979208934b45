"""Compass words ("north-east", "NNE", "west south-west") and the bearings they stand for."""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import product
from types import MappingProxyType

from incidentmap.errors import ValidationError

__all__ = ["COMPASS_DEG", "compass_to_deg"]

_CARDINALS = {"n": "north", "e": "east", "s": "south", "w": "west"}

#: The 16 winds in order from north, clockwise, 22.5° apart.
_WINDS = (
    "n", "nne", "ne", "ene", "e", "ese", "se", "sse",
    "s", "ssw", "sw", "wsw", "w", "wnw", "nw", "nnw",
)  # fmt: skip


def _spellings(abbrev: str) -> list[str]:
    """Every usual spelling of one wind: 'nne' -> 'north-northeast', 'north north-east', ..."""
    words = [_CARDINALS[c] for c in abbrev]
    if len(words) == 1:
        return [abbrev, words[0]]
    if len(words) == 2:
        return [abbrev, *(sep.join(words) for sep in ("", "-", " "))]
    first, *rest = words
    inter = ["".join(rest), "-".join(rest), " ".join(rest)]
    return [abbrev, *(f"{first}{sep}{i}" for sep, i in product(("-", " ", ""), inter))]


def _build() -> Mapping[str, float]:
    table = {
        spelling: i * 22.5 for i, abbrev in enumerate(_WINDS) for spelling in _spellings(abbrev)
    }
    return MappingProxyType(table)


#: The 16-wind rose in every usual spelling ("n", "north", "ne", "north-east", "northeast",
#: "north east", "nne", "north-northeast", "north north-east", ...) -> degrees clockwise from
#: true north. Keys are lower case; :func:`compass_to_deg` also folds case, dots and dashes.
COMPASS_DEG: Mapping[str, float] = _build()

_ACCEPTED = ", ".join(_WINDS) + " or the words, e.g. 'north', 'north-east', 'north-northeast'"


_ENDINGS = ("erly", "ern", "wards", "ward")


def _fold(word: str) -> str:
    folded = word.strip().lower().replace(".", "")
    folded = re.sub(r"[\u2010-\u2015\u2212_]", "-", folded)  # typographic dashes
    folded = re.sub(r"\s*-\s*", "-", folded)
    folded = re.sub(r"\s+", " ", folded)
    for ending in _ENDINGS:
        if folded.endswith(ending) and folded[: -len(ending)] in COMPASS_DEG:
            return folded[: -len(ending)]
    return folded


def compass_to_deg(word: str) -> float:
    """Bearing, in degrees clockwise from true north, of a compass word.

    Case, dots (``"N.E."``), typographic dashes and the endings "-ern", "-erly", "-ward(s)"
    (``"north-eastern"``, ``"westward"``) are folded before the lookup in :data:`COMPASS_DEG`.

    Parameters
    ----------
    word
        One of the 16 winds, abbreviated (``"NNE"``) or spelled out (``"north north-east"``).

    Returns
    -------
    float
        The bearing in [0, 360).

    Raises
    ------
    ValidationError
        If ``word`` is not a compass word; the message lists the accepted ones.

    Examples
    --------
    >>> compass_to_deg("north-east")
    45.0
    >>> compass_to_deg("WSW")
    247.5
    >>> compass_to_deg("South-Eastern")
    135.0
    >>> compass_to_deg("upriver")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    incidentmap.errors.ValidationError: unknown compass direction 'upriver'; accepted: n, nne, ...
    """
    if not isinstance(word, str):
        raise ValidationError(
            f"a compass direction must be a word, got {word!r}", field="direction", value=word
        )
    folded = _fold(word)
    try:
        return COMPASS_DEG[folded]
    except KeyError:
        raise ValidationError(
            f"unknown compass direction {word!r}; accepted: {_ACCEPTED}",
            field="direction",
            value=word,
        ) from None
