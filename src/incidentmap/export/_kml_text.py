"""What KML placemarks say: attribute tables and the escaped HTML of Google Earth's balloons.

Every value goes through :func:`html.escape` before it is put into HTML; only http(s) URLs
become links. The XML writer escapes the result again, so Earth, after unescaping the XML,
still sees escaped HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from incidentmap.export._scene import IncidentMark, Link, Ring, Scene
from incidentmap.model import (
    DISTANCE_QUALIFIERS,
    CasualtyClaim,
    Incident,
    ReportedDistance,
    Source,
)

_UNKNOWN = "unknown attacker"


def _e(value: object) -> str:
    """A value as inert HTML text."""
    return html.escape(str(value), quote=True)


def _km(m: float) -> str:
    return f"{m / 1000:.3g} km" if m >= 1000 else f"{m:.0f} m"


def _metres(mark: IncidentMark) -> str:
    return "" if mark.area is not None else f"{mark.radius_m:.0f}"


def _attacker(inc: Incident) -> str:
    return inc.attacker or _UNKNOWN


# -- attributes and descriptions ----------------------------------------------------------------
def _attributes(mark: IncidentMark, cites: _Citations) -> list[tuple[str, str]]:
    inc = mark.incident
    return [
        ("id", inc.id),
        ("date", inc.date.isoformat() if inc.date else ""),
        ("attacker", inc.attacker),
        ("target", inc.target),
        ("precision", inc.precision),
        ("uncertainty_m", _metres(mark)),
        ("casualties", "; ".join(cites.label(c) for c in inc.casualties)),
    ]


def _ring_attributes(ring: Ring) -> list[tuple[str, str]]:
    claim = ring.claim
    return [
        ("incident", ring.incident_id),
        ("force", claim.force),
        ("claim", claim.label),
        ("bound", ring.bound),
        ("radius_m", f"{ring.radius_m:.3f}"),
        ("reference", claim.reference),
        ("words", claim.text),
    ]


def _contested(inc: Incident) -> bool:
    # As in the HTML popup: one claim alone is never "contested".
    return len(inc.casualties) > 1 and inc.contested


def _document_description(scene: Scene) -> str:
    parts = [f"{len(scene.marks)} incidents."]
    if scene.dates:
        parts.append(f"From {scene.dates[0]} to {scene.dates[1]}.")
    parts.append(scene.attribution + ".")
    return "<p>" + _e(" ".join(parts)) + "</p>"


class _Citations:
    """Escaped HTML for each source and casualty figure, made once per document.

    Sources are cited many times, and most casualty figures repeat ("3 killed").
    """

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self._cite: dict[str, str] = {}
        self._item: dict[str, str] = {}
        for sid, source in sources.items():
            self._cite[sid] = f" ({_e(_source_name(source))})"
            self._item[sid] = _source_html(source)

    def cite(self, sid: str) -> str:
        """`` (Outlet: Title)`` after a claim, or nothing when the claim names no source."""
        if not sid:
            return ""
        return self._cite.get(sid) or f" ({_e(sid)})"

    def label(self, c: CasualtyClaim) -> str:
        """The figure and who claims it (``at least 62 killed (Russian military)``)."""
        text = c.figure
        return f"{text} ({c.claimed_by})" if c.claimed_by else text

    def item(self, sid: str) -> str:
        """One ``<li>`` of the list of sources."""
        return self._item.get(sid) or f"<li>{_e(sid)}</li>"


def _source_name(source: Source) -> str:
    named = ": ".join(p for p in (source.outlet, source.title) if p)
    return named or source.id


def _source_html(source: Source) -> str:
    text = _e(_source_name(source))
    if source.published is not None:
        text += f", {source.published.isoformat()}"
    # The model refuses other schemes already; checked again because this becomes a link.
    if source.url.lower().startswith(("http://", "https://")):
        url = _e(source.url)
        text += f' — <a href="{url}">{url}</a>'
    return f"<li>{text}</li>"


def _quote(text: str) -> str:
    return f" — “{_e(text)}”" if text else ""


def _description(mark: IncidentMark, cites: _Citations) -> str:
    """Readable HTML for one incident; every value escaped, only http(s) URLs linked."""
    inc = mark.incident
    head = inc.date.isoformat() if inc.date else "undated"
    if inc.type:
        head += f" · {inc.type}"
    target = inc.target or "target not given"
    parts = [
        f"<p><b>{_e(head)}</b></p>",
        f"<p>{_e(_attacker(inc))} → {_e(target)}</p>",
        _position_html(mark),
        _casualties_html(inc.casualties, _contested(inc), cites),
        _distances_html(inc.proximity, cites),
        _sources_html(inc.sources, cites),
    ]
    if inc.notes:
        notes = "<br>".join(_e(line) for line in inc.notes.splitlines())
        parts.append(f"<p><b>Notes:</b> {notes}</p>")
    return "\n".join(p for p in parts if p)


def _position_html(mark: IncidentMark) -> str:
    inc, place = mark.incident, mark.incident.place
    assert place is not None  # the scene keeps only placed incidents
    where = inc.place_name or place.name
    if place.name != where:
        where += f" (resolved as {place.name})"
    lines = [
        f"Place: {_e(where)}",
        f"Position: {mark.lat:.5f}, {mark.lon:.5f} (lat, lon)",
        f"Precision: {_e(inc.precision)}; {_e(mark.area_note)}",
    ]
    if place.source:
        lines.append(f"Place source: {_e(place.source)}")
    return "<p>" + "<br>".join(lines) + "</p>"


def _casualties_html(claims: Sequence[CasualtyClaim], contested: bool, cites: _Citations) -> str:
    if not claims:
        return ""
    head = "Casualty claims" + (" — contested: sources differ" if contested else "")
    items = []
    for c in claims:
        party = f" ({_e(c.party)})" if c.party else ""
        who = f", claimed by {_e(c.claimed_by)}" if c.claimed_by else ", claimant not given"
        items.append(
            f"<li>{_e(c.figure)}{party}{who}{_quote(c.text)}{cites.cite(c.source_id)}</li>"
        )
    return f"<p><b>{head}</b></p><ul>{''.join(items)}</ul>"


def _bound_text(claim: ReportedDistance) -> str:
    low, high = claim.bound_m
    how = DISTANCE_QUALIFIERS[claim.qualifier]
    if how == "upper":
        return f"at most {_km(high)}"
    if how == "lower":
        return f"at least {_km(low)}"
    if how == "approx":
        return f"between {_km(low)} and {_km(high)}"
    return _km(low) if low == high else f"{_km(low)}–{_km(high)}"


def _distances_html(claims: Sequence[ReportedDistance], cites: _Citations) -> str:
    if not claims:
        return ""
    items = []
    for d in claims:
        ref = f" from {_e(d.reference)}" if d.reference else ""
        items.append(
            f"<li>{_e(d.force or 'distance')} {_e(d.label)}{ref} [{_e(_bound_text(d))}]"
            f"{_quote(d.text)}{cites.cite(d.source_id)}</li>"
        )
    return f"<p><b>Reported distances</b></p><ul>{''.join(items)}</ul>"


def _sources_html(ids: Sequence[str], cites: _Citations) -> str:
    if not ids:
        return ""
    items = "".join(cites.item(sid) for sid in ids)
    return f"<p><b>Sources</b></p><ul>{items}</ul>"


def _ring_description(ring: Ring, cites: _Citations) -> str:
    claim = ring.claim
    lines = [
        f"<b>{_e(ring.label)}</b>",
        f"Incident: {_e(ring.incident_id)}",
        f"Ring radius: {_e(_km(ring.radius_m))} ({_e(ring.bound)} bound: {_e(_bound_text(claim))})",
    ]
    if claim.reference:
        lines.append(f"Measured from: {_e(claim.reference)}")
    if claim.text:
        lines.append(f"In the source's words: “{_e(claim.text)}”{cites.cite(claim.source_id)}")
    return "<p>" + "<br>".join(lines) + "</p>"


def _link_description(link: Link) -> str:
    return (
        f"<p><b>{_e(link.label)}</b><br>Incident: {_e(link.incident_id)}<br>"
        f"Geodesic length (WGS84): {link.length_m:.1f} m</p>"
    )
