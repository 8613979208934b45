"""The public Python functions: resolve a place name with the bundled gazetteer."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from incidentmap.gazetteer import Gazetteer, Near
from incidentmap.model import Candidate

__all__ = ["default_cache_dir", "load_gazetteer", "resolve"]


def default_cache_dir() -> Path:
    """Where the gazetteer index is cached: ``$XDG_CACHE_HOME/incidentmap`` or ``~/.cache``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "incidentmap"


@lru_cache(maxsize=4)
def load_gazetteer(
    data_dir: str | Path | None = None, cache_dir: str | Path | None = None
) -> Gazetteer:
    """The gazetteer for ``data_dir`` (bundled data by default), loaded once per process.

    ``cache_dir`` defaults to :func:`default_cache_dir`.
    """
    return Gazetteer.load(data_dir, cache_dir if cache_dir is not None else default_cache_dir())


def resolve(
    name: str,
    *,
    country: str | None = None,
    near: Near | None = None,
    kinds: Iterable[str] | None = None,
    limit: int = 5,
    gazetteer: Gazetteer | None = None,
) -> list[Candidate]:
    """Ranked candidates for a place name, from the offline gazetteer.

    Parameters
    ----------
    name
        A name in any romanisation ("Deir al-Zour", "Dayr az Zawr", "دير الزور") or a relative
        description ("the east bank of the Euphrates near Deir ez-Zor").
    country
        ISO 3166-1 alpha-2 code to favour.
    near
        Places already resolved, or ``(lat, lon)`` pairs, to favour candidates close to them.
    kinds
        Keep only these kinds of place (``{"river"}``, ``{"city", "town"}``...).
    limit
        Most candidates returned.
    gazetteer
        A gazetteer of your own (e.g. with an online fallback); the bundled one by default.

    Returns
    -------
    list of Candidate
        Best first; empty when nothing matches (see :meth:`Gazetteer.suggest`).

    Examples
    --------
    >>> best = resolve("Deir al-Zour")[0]  # doctest: +SKIP
    >>> best.name, best.country  # doctest: +SKIP
    ('Deir ez-Zor', 'SY')
    """
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    return gaz.resolve(name, country=country, near=near, kinds=kinds, limit=limit)
