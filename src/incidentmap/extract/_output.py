"""Extraction results as plain data: one JSON line per article, or an incident file (YAML)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from incidentmap.extract._incidents import Extraction
from incidentmap.model import CasualtyClaim, Incident, IncidentSet, ReportedDistance, Source

__all__ = ["incident_file", "jsonl_record", "to_jsonl", "to_yaml"]


def _round(x: float) -> float:
    return round(x, 6)


def _casualty(c: CasualtyClaim) -> dict[str, Any]:
    return {
        "outcome": c.outcome,
        "count": c.count,
        "count_max": c.count_max,
        "count_text": c.count_text,
        "hedge": c.hedge,
        "party": c.party,
        "claimed_by": c.claimed_by,
        "text": c.text,
        "start": c.start,
        "end": c.end,
    }


def _distance(d: ReportedDistance) -> dict[str, Any]:
    lo, hi = d.bound_m
    return {
        "force": d.force,
        "reference": d.reference,
        "value": d.value,
        "value_max": d.value_max,
        "unit": d.unit,
        "qualifier": d.qualifier,
        "approximate": d.approximate,
        "bound_m": [round(lo, 3), round(hi, 3) if math.isfinite(hi) else None],
        "text": d.text,
        "start": d.start,
        "end": d.end,
    }


def _incident(inc: Incident, merged_into: str | None) -> dict[str, Any]:
    place = inc.place
    out: dict[str, Any] = {
        "id": inc.id,
        "date": inc.date.isoformat() if inc.date else None,
        "type": inc.type,
        "attacker": inc.attacker,
        "target": inc.target,
        "place": inc.place_name or (place.name if place else ""),
        "place_name": place.name if place else "",
        "place_kind": place.kind if place else "",
        "lat": _round(place.lat) if place else None,
        "lon": _round(place.lon) if place else None,
        "precision": inc.precision,
        "uncertainty_m": inc.uncertainty_m,
        "casualties": [_casualty(c) for c in inc.casualties],
        "proximity": [_distance(d) for d in inc.proximity],
        "sources": list(inc.sources),
    }
    if merged_into is not None:
        out["merged_into"] = merged_into
    return out


def jsonl_record(ex: Extraction, merged_into: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The JSON object of one article (see ``docs/extract.md`` for the fields)."""
    merged_into = merged_into or {}
    return {
        "id": ex.id,
        "title": ex.article.title,
        "published": ex.article.published.isoformat() if ex.article.published else None,
        "toponyms": [
            {
                "start": t.start,
                "end": t.end,
                "surface": t.surface,
                "name": t.name,
                "lat": _round(t.place.lat) if t.place else None,
                "lon": _round(t.place.lon) if t.place else None,
                "kind": t.kind,
                "country": t.place.country if t.place else "",
                "id": t.place.id if t.place else "",
                "score": round(t.score, 4),
            }
            for t in ex.toponyms
        ],
        "incidents": [_incident(i, merged_into.get(i.id)) for i in ex.incidents],
        "warnings": list(ex.warnings),
    }


def to_jsonl(
    extractions: Sequence[Extraction], merged_into: Mapping[str, str] | None = None
) -> str:
    """One line per article, keys in a fixed order: the same input gives the same bytes."""
    return "".join(
        json.dumps(jsonl_record(ex, merged_into), ensure_ascii=False) + "\n" for ex in extractions
    )


# -- incident file --------------------------------------------------------------------------
def _source(s: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id}
    for key, value in (("title", s.title), ("outlet", s.outlet), ("url", s.url), ("path", s.path)):
        if value:
            out[key] = value
    if s.published:
        out["date"] = s.published.isoformat()
    return out


def _claim(c: CasualtyClaim) -> dict[str, Any]:
    out: dict[str, Any] = {"outcome": c.outcome}
    for key in ("count", "count_max"):
        if getattr(c, key) is not None:
            out[key] = getattr(c, key)
    for key in ("count_text", "hedge", "party", "claimed_by"):
        if getattr(c, key):
            out[key] = getattr(c, key)
    if c.source_id:
        out["source"] = c.source_id
    if c.text:
        out["text"] = c.text
    return out


def _reported(d: ReportedDistance) -> dict[str, Any]:
    out: dict[str, Any] = {
        "force": d.force or "unnamed force",
        "value": d.value,
        "unit": d.unit,
        "qualifier": d.qualifier,
    }
    if d.value_max is not None:
        out["value_max"] = d.value_max
    if d.approximate:
        out["approximate"] = True
    if d.reference:
        out["reference"] = d.reference
    if d.text:
        out["text"] = d.text
    if d.source_id:
        out["source"] = d.source_id
    return out


def _draft(inc: Incident) -> dict[str, Any]:
    place = inc.place
    out: dict[str, Any] = {"id": inc.id}
    if inc.date:
        out["date"] = inc.date.isoformat()
    for key in ("type", "attacker", "target"):
        if getattr(inc, key):
            out[key] = getattr(inc, key)
    if place is not None:
        out["place"] = inc.place_name or place.name
        out["lat"] = _round(place.lat)
        out["lon"] = _round(place.lon)
        if place.country:
            out["country"] = place.country
    out["precision"] = inc.precision
    if inc.uncertainty_m:
        out["uncertainty_km"] = round(inc.uncertainty_m / 1000.0, 3)
    if inc.casualties:
        out["casualties"] = [_claim(c) for c in inc.casualties]
    if inc.proximity:
        out["proximity"] = [_reported(d) for d in inc.proximity]
    out["sources"] = list(inc.sources)
    if inc.notes:
        out["notes"] = inc.notes
    return out


def incident_file(incidents: IncidentSet, *, title: str = "") -> dict[str, Any]:
    """The incident-file document (``docs/incident-file.md``) of merged incident drafts."""
    doc: dict[str, Any] = {}
    if title:
        doc["title"] = title
    doc["description"] = (
        "Incident drafts extracted by incidentmap: review places, dates and roles before use."
    )
    doc["sources"] = [_source(s) for s in sorted(incidents.sources.values(), key=lambda s: s.id)]
    doc["incidents"] = [_draft(i) for i in incidents.incidents]
    return doc


def to_yaml(incidents: IncidentSet, *, title: str = "") -> str:
    """An incident file that ``incidentmap map`` and ``validate`` read back."""
    header = "# Incident drafts extracted from articles by incidentmap; review before publishing.\n"
    return header + yaml.safe_dump(
        incident_file(incidents, title=title),
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
