"""The incident file's schema: pydantic models of every key, and the published JSON Schema.

The models check shape and types only (which keys, which kinds of value). Everything that needs
the rest of the file or the gazetteer (source ids, places, distance phrases) is checked while the
incident set is built, so each problem is reported once, with the line it is on.

Regenerate the committed JSON Schema with::

    python -m incidentmap.sources schema/incident-file.schema.json
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from incidentmap.sources._yaml import BOOL_HINT

__all__ = [
    "OWN_ERRORS",
    "SCHEMA_ID",
    "UNION_TAGS",
    "CasualtyEntry",
    "ForceEntry",
    "IncidentEntry",
    "IncidentFile",
    "ProximityEntry",
    "SourceDefinition",
    "SourceEntry",
    "echo",
    "incident_file_schema",
    "incident_file_schema_text",
]

#: ``$id`` of the published schema (its path in the repository).
SCHEMA_ID = "schema/incident-file.schema.json"

#: Kinds of error raised by this module's validators: their messages already echo the value.
OWN_ERRORS = frozenset(
    {"text_type", "text_empty", "date_format", "country_code", "url_scheme", "unknown_key"}
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)


def echo(value: Any) -> str:
    """``repr`` of a value found in a file, cut to a length that fits in a message."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _fail(kind: str, message: str, value: Any) -> PydanticCustomError:
    # Without a context, pydantic keeps the message as written (braces and all).
    text = f"{message}; found {echo(value)}"
    if isinstance(value, bool):
        text += BOOL_HINT
    return PydanticCustomError(kind, text)


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        hint = "" if isinstance(value, bool) else " (quote it if it is meant as text)"
        raise _fail("text_type", "expected text" + hint, value)
    return value


def _name(value: Any) -> Any:
    if not _text(value).strip():
        raise _fail("text_empty", "expected non-empty text", value)
    return value.strip()


def _date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail(
        "date_format", "expected a calendar date written YYYY-MM-DD (e.g. 2016-09-17)", value
    )


def _country(value: Any) -> Any:
    if not isinstance(value, str) or not _COUNTRY.match(value.strip()):
        raise _fail(
            "country_code", "expected a two-letter ISO 3166-1 country code such as 'SY'", value
        )
    return value.strip().upper()


def _url(value: Any) -> Any:
    _text(value)
    if value.strip() and not _URL.match(value.strip()):
        # javascript:, data: and relative links must never become links on a map.
        raise _fail("url_scheme", "expected a web address starting with http:// or https://", value)
    return value.strip()


Text = Annotated[str, BeforeValidator(_text)]
Name = Annotated[str, BeforeValidator(_name), WithJsonSchema({"type": "string", "minLength": 1})]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Country = Annotated[
    str, BeforeValidator(_country), WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$"})
]
Url = Annotated[
    str,
    BeforeValidator(_url),
    WithJsonSchema({"type": "string", "pattern": "^([Hh][Tt][Tt][Pp][Ss]?://\\S+)?$"}),
]
Count = Annotated[int, Field(strict=True, ge=0)]
Amount = Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)]
Lat = Annotated[float, Field(strict=True, ge=-90, le=90, allow_inf_nan=False)]
Lon = Annotated[float, Field(strict=True, ge=-180, le=180, allow_inf_nan=False)]
Flag = Annotated[bool, Field(strict=True)]

# The model's vocabularies, spelled out so that they appear in the JSON Schema; a test keeps
# them equal to incidentmap.model's.
Outcome = Literal["captured", "casualties", "displaced", "killed", "missing", "wounded"]
Precision = Literal["exact", "near", "region"]
Unit = Literal["ft", "km", "m", "mi", "nmi", "yd"]
Qualifier = Literal["about", "at least", "at most", "exact", "less than", "more than", "within"]


class _Entry(BaseModel):
    """A mapping whose keys are all known: a misspelt key is an error, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            accepted = [f.alias or name for name, f in cls.model_fields.items()]
            for key in data:
                if key not in accepted:
                    close = difflib.get_close_matches(str(key), accepted, n=1, cutoff=0.6)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    message = f"unknown key {key!r}{hint} (accepted keys: {', '.join(accepted)})"
                    # pydantic fills in only "{key}" from the context, which is the key itself.
                    raise PydanticCustomError("unknown_key", message, {"key": key})
        return data


class SourceEntry(_Entry):
    """A report cited by incidents: an inline source, or one defined under ``sources:``."""

    id: Name | None = Field(
        None,
        description="Identifier other entries cite it by. Inline sources without one get a "
        "stable id made from the outlet (or title, or web host) and date.",
    )
    outlet: Text = Field("", description="Who published the report.")
    url: Url = Field("", description="Web address of the report (http:// or https:// only).")
    title: Text = Field("", description="Headline of the report.")
    date: IsoDate | None = Field(None, description="Publication date, YYYY-MM-DD.")
    path: Text = Field("", description="A local copy of the report, as a path.")


class SourceDefinition(SourceEntry):
    """A source under the top-level ``sources:`` list, cited by its ``id``."""

    id: Name = Field(description="Identifier incidents, claims and distances cite it by.")


def _source_tag(value: Any) -> str:
    return "source-entry" if isinstance(value, dict) else "source-id"


#: Union member tags pydantic puts in error locations; they are not keys of the file.
UNION_TAGS = frozenset({"source-entry", "source-id"})

SourceRef = Annotated[
    Annotated[Name, Tag("source-id")] | Annotated[SourceEntry, Tag("source-entry")],
    Discriminator(_source_tag),
]


class CasualtyEntry(_Entry):
    """A casualty figure as one party claims it."""

    outcome: Outcome = Field(description="What happened to the people counted.")
    count: Count | None = Field(None, description="The figure (the lower one of a range).")
    count_max: Count | None = Field(None, description="Upper end of a range such as 60-80.")
    best: Count | None = Field(
        None, description="The claimant's best estimate within the range, when it gives one."
    )
    count_text: Text = Field(
        "", description="The words when no figure is given ('a small number', 'some')."
    )
    hedge: Text = Field("", description="Hedge on the figure: 'at least', 'up to', 'about'.")
    party: Text = Field("", description="Who the casualties were.")
    claimed_by: Text = Field("", description="Who makes this claim.")
    source: SourceRef | None = Field(None, description="Source id, or an inline source.")
    text: Text = Field("", description="A few words of the source, as a citation.")


class ProximityEntry(_Entry):
    """How far a force was reported to be from the incident: a bound, never a point value."""

    force: Name = Field(description="Whose distance is reported ('US advisers').")
    distance: Text | None = Field(
        None, description="The distance as written: 'less than 5 km', 'at most a couple of miles'."
    )
    value: Amount | None = Field(None, description="Instead of `distance`: the number.")
    unit: Unit | None = Field(None, description="Unit of `value`.")
    qualifier: Qualifier | None = Field(None, description="How `value` bounds the distance.")
    value_max: Amount | None = Field(None, description="Upper end of a range.")
    approximate: Flag | None = Field(None, description="True when the number is vague.")
    reference: Text = Field("strike", description="What the distance is measured from.")
    text: Text = Field("", description="The source's words (defaults to `distance`).")
    source: SourceRef | None = Field(None, description="Source id, or an inline source.")


class IncidentEntry(_Entry):
    """One incident, with each source's claims kept apart."""

    id: Name = Field(description="Unique identifier within the file.")
    date: IsoDate | None = Field(None, description="Day of the incident, YYYY-MM-DD.")
    type: Text = Field("", description="Kind of incident ('airstrike', 'shelling').")
    attacker: Text = Field("", description="Who attacked.")
    target: Text = Field("", description="Who or what was hit.")
    place: Name | None = Field(
        None,
        description="Place name for the gazetteer, or with lat/lon only a label for the point.",
    )
    lat: Lat | None = Field(None, description="Latitude, WGS84 degrees (with lon).")
    lon: Lon | None = Field(None, description="Longitude, WGS84 degrees (with lat).")
    country: Country | None = Field(
        None, description="ISO country code favoured when resolving `place`."
    )
    precision: Precision = Field("exact", description="How well the location is known.")
    uncertainty_km: Amount | None = Field(
        None, description="Radius within which the incident happened."
    )
    casualties: list[CasualtyEntry] = Field(
        default_factory=list, description="Casualty figures, one entry per claim."
    )
    proximity: list[ProximityEntry] = Field(
        default_factory=list, description="Reported distances of forces from the incident."
    )
    sources: list[SourceRef] = Field(
        default_factory=list, description="Source ids or inline sources."
    )
    notes: Text = Field("", description="Free text.")


class ForceEntry(_Entry):
    """Where a force was reported to be."""

    force: Name = Field(description="Which force.")
    place: Name | None = Field(None, description="Place name, or a label with lat/lon.")
    lat: Lat | None = Field(None, description="Latitude, WGS84 degrees (with lon).")
    lon: Lon | None = Field(None, description="Longitude, WGS84 degrees (with lat).")
    country: Country | None = Field(
        None, description="ISO country code favoured when resolving `place`."
    )
    date: IsoDate | None = Field(None, description="When it was there, YYYY-MM-DD.")
    text: Text = Field("", description="A few words of the source, as a citation.")


class IncidentFile(_Entry):
    """An incident file: incidents, the sources they cite, and positions of forces."""

    model_config = ConfigDict(title="incidentmap incident file")

    schema_: Text | None = Field(
        None, alias="$schema", description="Where editors find this schema; ignored."
    )
    title: Text = Field("", description="Title of the file; maps show it when no other is given.")
    description: Text = Field("", description="Free text about the file; ignored by the reader.")
    sources: list[SourceDefinition] = Field(
        default_factory=list, description="Sources cited by id."
    )
    incidents: list[IncidentEntry] = Field(description="The incidents.")
    forces: list[ForceEntry] = Field(default_factory=list, description="Positions of forces.")


def incident_file_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the incident file format.

    Returns
    -------
    dict
        A new dict each call; ``schema/incident-file.schema.json`` holds the same, as written
        by :func:`incident_file_schema_text`.

    Examples
    --------
    >>> schema = incident_file_schema()
    >>> schema["required"], schema["additionalProperties"]
    (['incidents'], False)
    """
    schema = IncidentFile.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def incident_file_schema_text() -> str:
    """The JSON Schema as the committed file holds it: sorted keys, two-space indent."""
    return json.dumps(incident_file_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
