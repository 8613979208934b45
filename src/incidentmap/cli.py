"""The ``incidentmap`` command."""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from incidentmap import __version__
from incidentmap.errors import IncidentMapError
from incidentmap.model import PLACE_KINDS, Candidate, IncidentSet

if TYPE_CHECKING:
    from incidentmap.gazetteer import Gazetteer
    from incidentmap.gazetteer.online import OnlineResolver

__all__ = ["main"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Settings:
    """Options of the command group, built once and handed to each command."""

    cache_dir: Path
    data_dir: Path | None


def _parse_near(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        lat_s, lon_s = value.split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise click.BadParameter(
            f"expected LAT,LON in decimal degrees (e.g. 35.33,40.14), got {value!r}"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise click.BadParameter(f"expected LAT in [-90, 90] and LON in [-180, 180], got {value!r}")
    return lat, lon


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="incidentmap")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="INCIDENTMAP_CACHE_DIR",
    help="Where the gazetteer index is cached [default: ~/.cache/incidentmap].",
)
@click.option(
    "--gazetteer-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Gazetteer data folder [default: the bundled one].",
)
@click.pass_context
def cli(
    ctx: click.Context, verbose: int, cache_dir: Path | None, gazetteer_dir: Path | None
) -> None:
    """Turn reports of armed incidents into maps people can trust."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    from incidentmap.api import default_cache_dir

    ctx.obj = _Settings(cache_dir or default_cache_dir(), gazetteer_dir)


def _names(args: Iterable[str]) -> list[str]:
    names: list[str] = []
    for arg in args:
        if arg == "-":
            names.extend(line.strip() for line in sys.stdin if line.strip())
        else:
            names.append(arg)
    return names


def _table(query: str, cands: list[Candidate], suggestions: list[str]) -> str:
    if not cands:
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        return f"{query}: not found{hint}\n"
    rows = [("#", "name", "kind", "country", "admin1", "lat", "lon", "score", "match")]
    for i, c in enumerate(cands, 1):
        rows.append((str(i), c.name, c.kind, c.country or "-", c.admin1 or "-", f"{c.lat:.5f}",
                     f"{c.lon:.5f}", f"{c.score:.3f}", c.match))  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [f"{query}"] + [
        "  " + "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]
    lines.append(f"  why #1: {cands[0].why}; source: {cands[0].source}")
    from incidentmap.gazetteer import Gazetteer

    tied = Gazetteer.tied(cands)
    if len(tied) > 1:
        lines.append(
            f"  ambiguous: #1 and {len(tied) - 1} other place(s) score the same; "
            "give --country or --near to choose"
        )
    return "\n".join(lines) + "\n"


@cli.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--country", metavar="CC", help="Favour places in this country (ISO code, e.g. SY).")
@click.option(
    "--near", metavar="LAT,LON", callback=_parse_near, help="Favour places near this point."
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(sorted(PLACE_KINDS)),
    help="Only this kind (repeatable).",
)
@click.option(
    "--limit", default=5, show_default=True, type=click.IntRange(min=1), help="Candidates per name."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per name per line.")
@click.option(
    "--suggest/--no-suggest",
    default=True,
    show_default=True,
    help='"Did you mean" names for a name not found (about 1 ms each: --no-suggest for bulk).',
)
@click.option(
    "--online",
    metavar="GEOCODER",
    help="Ask this online geocoder (e.g. nominatim) when the offline gazetteer has no match.",
)
@click.option(
    "--online-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds to wait for the online geocoder.",
)
@click.option(
    "--online-url",
    metavar="URL",
    help="Base URL of the online geocoder (e.g. a self-hosted Nominatim).",
)
@click.pass_obj
def resolve(
    obj: _Settings,
    names: tuple[str, ...],
    country: str | None,
    near: tuple[float, float] | None,
    kinds: tuple[str, ...],
    limit: int,
    as_json: bool,
    suggest: bool,
    online: str | None,
    online_timeout: float,
    online_url: str | None,
) -> None:
    """Resolve place NAMES (or - to read one per line from standard input).

    Exit status: 0 when every name resolved, 1 when some did not (they are listed), 2 on bad
    usage.
    """
    from incidentmap.gazetteer import Gazetteer

    queries = _names(names)
    if not queries:
        raise click.UsageError("no names given (standard input was empty)")
    try:
        gaz = Gazetteer.load(
            obj.data_dir,
            obj.cache_dir,
            online=_online(obj, online, online_timeout, online_url),
        )
        missing = []
        for query in queries:
            cands = gaz.resolve(query, country=country, near=near, kinds=kinds or None, limit=limit)
            suggestions = gaz.suggest(query) if suggest and not cands else []
            if not cands:
                missing.append(query)
            if as_json:
                record: dict[str, object] = {
                    "query": query,
                    "candidates": [c.to_dict() for c in cands],
                }
                if not cands:
                    record["suggestions"] = suggestions
                elif len(tied := Gazetteer.tied(cands)) > 1:
                    record["tied"] = len(tied)  # the first is as good as these others
                click.echo(json.dumps(record, ensure_ascii=False, sort_keys=True))
            else:
                click.echo(_table(query, cands, suggestions))
    except IncidentMapError as err:
        click.echo(f"incidentmap: error: {err}", err=True)
        sys.exit(2 if isinstance(err, ValueError) else 1)
    if missing:
        click.echo(
            f"{len(missing)} of {len(queries)} name(s) not resolved: "
            + ", ".join(map(repr, missing)),
            err=True,
        )
        sys.exit(1)


def _online(
    obj: _Settings, name: str | None, timeout_s: float, url: str | None
) -> OnlineResolver | None:
    if name is None:
        return None
    from urllib.parse import urlsplit

    from incidentmap.gazetteer.online import make_online_resolver

    scheme = domain = None
    if url:
        parts = urlsplit(url if "://" in url else f"https://{url}")
        scheme, domain = parts.scheme, (parts.netloc + parts.path).rstrip("/")
    return make_online_resolver(
        name,
        cache_path=obj.cache_dir / "online-geocoder.sqlite",
        timeout_s=timeout_s,
        domain=domain,
        scheme=scheme,
    )


@cli.command()
@click.option("--rebuild", is_flag=True, help="Rebuild even when the cached index is current.")
@click.pass_obj
def index(obj: _Settings, rebuild: bool) -> None:
    """Build (or load) the gazetteer index and print what it holds."""
    import collections

    from incidentmap.gazetteer import Gazetteer, default_data_dir

    gaz = Gazetteer.load(obj.data_dir, obj.cache_dir, rebuild=rebuild)
    counts = collections.Counter(gaz.index.kinds)
    click.echo(f"data: {obj.data_dir or default_data_dir()}")
    click.echo(f"cache: {obj.cache_dir}")
    click.echo(f"places: {len(gaz):,}; names: {len(gaz.index.keys):,} folded keys")
    for kind, n in sorted(counts.items()):
        click.echo(f"  {kind:16} {n:>8,}")


def _parse_date(_ctx: click.Context, param: click.Parameter, value: str | None) -> object:
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _parse_bbox(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        w, s, e, n = (float(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter(
            f"expected WEST,SOUTH,EAST,NORTH in degrees (e.g. 35.5,32,42.5,37.5), got {value!r}"
        ) from None
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
        raise click.BadParameter(
            f"expected -180 <= WEST < EAST <= 180 and -90 <= SOUTH < NORTH <= 90, got {value!r}"
        )
    return w, s, e, n


def readable_title(stem: str) -> str:
    """A title made from a file name: words apart, dates kept whole.

    >>> readable_title("ged_syria_2016-01-01_2019-11-30")
    'Ged syria 2016-01-01 2019-11-30'
    >>> readable_title("strikes-near-al-bab")
    'Strikes near al bab'
    """
    text = re.sub(r"(?<!\d)-|-(?!\d)", " ", stem.replace("_", " "))
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def _format_names() -> list[str]:
    from incidentmap.sources import FORMATS

    return sorted(FORMATS)


def _input_options(func: Any) -> Any:
    """--from and the filters, shared by map and export."""
    options = [
        click.option(
            "--from",
            "fmt",
            type=click.Choice(_format_names()),
            help="Input format [default: told from each file's content].",
        ),
        click.option("--since", callback=_parse_date, metavar="DATE",
                     help="Only incidents on or after this date (YYYY-MM-DD)."),
        click.option("--until", callback=_parse_date, metavar="DATE",
                     help="Only incidents on or before this date (YYYY-MM-DD)."),
        click.option("--actor", "actors", multiple=True, metavar="TEXT",
                     help="Only incidents whose attacker or target contains TEXT (repeatable)."),
        click.option("--bbox", callback=_parse_bbox, metavar="W,S,E,N",
                     help="Only incidents inside this box (degrees)."),
        click.option("--country", "countries", multiple=True, metavar="CC",
                     help="Only incidents in this country (ISO code; repeatable)."),
        click.option("--published", callback=_parse_date, metavar="DATE",
                     help="Publication date of article inputs (.txt/.md/.html), for dates "
                          "such as 'on Tuesday' (YYYY-MM-DD)."),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return func


def _read_filtered(
    obj: _Settings,
    files: tuple[Path, ...],
    fmt: str | None,
    filters: dict[str, Any],
    gazetteer: Gazetteer | None = None,
) -> IncidentSet:
    """Read and filter; the gazetteer is loaded only when a file names places to resolve."""
    from incidentmap.api import read
    from incidentmap.gazetteer import Gazetteer
    from incidentmap.sources import FORMATS, detect_format

    published = filters.pop("published", None)
    gaz = gazetteer
    if gaz is None and any(
        _is_article(f, fmt) or FORMATS[fmt or detect_format(f)].resolves_places for f in files
    ):
        gaz = Gazetteer.load(obj.data_dir, obj.cache_dir)
    incidents = read(files, gazetteer=gaz, fmt=fmt, progress=None, published=published)
    if any(v for v in filters.values()):
        incidents = incidents.filter(**filters)
    return incidents


def _is_article(path: Path, fmt: str | None) -> bool:
    from incidentmap.extract import ARTICLE_SUFFIXES

    return fmt is None and path.suffix.lower() in ARTICLE_SUFFIXES


def _batch(command: Callable[..., None]) -> Callable[..., None]:
    """A command that reads a dataset and writes a file, run without cycle collection.

    The library pauses the collector while it builds a dataset's objects; the rest of a map's
    run (loading folium, the actor table, the context files) still spent about 0.4 s of 4 s
    in collections that find nothing to free. The collector is back on when the command ends
    (a caller may run the command in its own process, as tests do).
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        was_on = gc.isenabled()
        gc.disable()
        try:
            command(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return run


def _fail(err: IncidentMapError) -> NoReturn:
    click.echo(f"incidentmap: error: {err}", err=True)
    sys.exit(2 if isinstance(err, ValueError) else 1)


_DEFAULT_MAP = Path("maps") / "syria-deconfliction-2016-2017.html"


@cli.command("map")
@click.argument("inputs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write [default: maps/<first input's name>.html].",
)
@click.option(
    "--title",
    help="Title shown on the map [default: the input's own title (an incident file's title:, "
    "'UCDP GED events in Syria'), else its file name].",
)
@click.option(
    "--png",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a static image (.png or .svg) with the same layers.",
)
@click.option(
    "--fragment",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write an embeddable snippet (div + scripts) for another page.",
)
@click.option(
    "--tiles",
    multiple=True,
    type=click.Choice(["none", "osm", "imagery"]),
    help="Online tile layers to offer besides the offline base map (repeatable) [default: none].",
)
@_input_options
@click.pass_obj
@_batch
def map_command(
    obj: _Settings,
    inputs: tuple[Path, ...],
    output: Path | None,
    title: str | None,
    png: Path | None,
    fragment: Path | None,
    tiles: tuple[str, ...],
    fmt: str | None,
    **filters: Any,
) -> None:
    """Draw incident files as one standalone, offline HTML map.

    INPUTS are incident files (YAML/JSON), GeoJSON, incident CSV, GeoPackage, ACLED or UCDP GED
    exports, told apart by content (or --from), or articles (.txt, .md, .html) whose incidents
    are extracted first (see `incidentmap extract`).

    With no INPUTS, draws the bundled example (four incidents of 2016-2017 in Syria) into
    maps/syria-deconfliction-2016-2017.html and .png.

    Exit status: 0 when the map was written; 2 on bad input (nothing is written).
    """
    from incidentmap.api import example_path, write_map

    example = not inputs
    files = (example_path(),) if example else inputs
    if output is None:
        output = _DEFAULT_MAP if example else Path("maps") / f"{files[0].stem}.html"
    if example and png is None:
        png = output.with_suffix(".png")
    try:
        incidents = _read_filtered(obj, files, fmt, filters)
        written = write_map(
            incidents,
            output,
            title=title or incidents.title or readable_title(files[0].stem),
            tiles=[t for t in tiles if t != "none"],
            png=png,
            fragment=fragment,
            data_dir=obj.data_dir,
        )
    except IncidentMapError as err:
        _fail(err)
    click.echo(f"{len(incidents)} incident(s) from {', '.join(str(f) for f in files)}")
    for path in written:
        click.echo(f"wrote {path}")


@cli.command("export")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write: .geojson, .gpkg, .kml or .csv (the suffix chooses the format).",
)
@_input_options
@click.pass_obj
@_batch
def export_command(
    obj: _Settings, inputs: tuple[Path, ...], output: Path, fmt: str | None, **filters: Any
) -> None:
    """Write incidents to a GIS or table file (GeoJSON, GeoPackage, KML, CSV).

    Exit status: 0 when written; 2 on bad input or an unknown output suffix (nothing written).
    """
    from incidentmap.api import export

    try:
        from incidentmap.export import writer_for

        writer_for(output)  # refuse an unknown suffix before reading anything
        incidents = _read_filtered(obj, inputs, fmt, filters)
        written = export(incidents, output)
    except IncidentMapError as err:
        _fail(err)
    click.echo(f"wrote {len(incidents)} incident(s) to {written}")


@cli.command("validate")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "fmt",
    type=click.Choice(_format_names()),
    help="Input format [default: told from each file's content].",
)
@click.pass_obj
def validate_command(obj: _Settings, inputs: tuple[Path, ...], fmt: str | None) -> None:
    """Check incident files; print what each holds or what is wrong with it.

    Every file is checked, even after one fails. Exit status: 0 when all are valid, 2 when
    any is not (each problem names the file, line or row, and field).
    """
    from incidentmap.gazetteer import Gazetteer
    from incidentmap.sources import detect_format, read_incidents

    gaz: Gazetteer | None = None
    bad = 0
    for path in inputs:
        try:
            name = fmt or detect_format(path)
            if name == "incidents" and gaz is None:
                gaz = Gazetteer.load(obj.data_dir, obj.cache_dir)
            incidents = read_incidents(path, gaz, fmt=name)
        except IncidentMapError as err:
            bad += 1
            click.echo(f"{path}: invalid\n  {err}", err=True)
            continue
        claims = sum(len(i.casualties) + len(i.proximity) for i in incidents)
        click.echo(
            f"{path}: ok ({name}): {len(incidents)} incident(s), {claims} claim(s), "
            f"{len(incidents.sources)} source(s), {len(incidents.forces)} force position(s)"
        )
    if bad:
        click.echo(f"{bad} of {len(inputs)} file(s) invalid", err=True)
        sys.exit(2)


@cli.command("extract")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["jsonl", "yaml", "geojson"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one line per article with toponyms, incidents and warnings; yaml: an "
    "incident file of the merged incidents (review, then map); geojson: the merged incidents.",
)
@click.option(
    "--published",
    callback=_parse_date,
    metavar="DATE",
    help="Publication date (YYYY-MM-DD) that 'on Tuesday' or 'last year' is read against.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write [default: standard output].",
)
@click.option(
    "--actors",
    "actor_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A YAML alias table of your own that extends the bundled one.",
)
@click.pass_obj
def extract_command(
    obj: _Settings,
    inputs: tuple[Path, ...],
    out_format: str,
    published: Any,
    output: Path | None,
    actor_file: Path | None,
) -> None:
    """Read articles (.txt, .md, .html) and write incident drafts to review, then map.

    Every value comes with the character offsets of the words it came from. Reports of the
    same incident in several articles are merged in the yaml and geojson outputs; in jsonl each
    incident says which merged incident it joined ("merged_into").

    Exit status: 0 when written; 2 on an unreadable input (nothing is written).
    """
    from incidentmap.extract import (
        ActorTable,
        extract_files,
        merge,
        merge_groups,
        to_jsonl,
        to_yaml,
    )
    from incidentmap.gazetteer import Gazetteer

    try:
        table = ActorTable.default()
        if actor_file is not None:
            table = table.extend(actor_file)
        gaz = Gazetteer.load(obj.data_dir, obj.cache_dir)
        extractions = extract_files(inputs, gaz, published=published, actors=table)
        merged = merge(extractions, actors=table)
        if out_format == "jsonl":
            incidents = [i for ex in extractions for i in ex.incidents]
            groups = merge_groups(incidents, actors=table)
            into = {incidents[j].id: incidents[g[0]].id for g in groups for j in g}
            _write_text(to_jsonl(extractions, into), output)
        elif out_format == "yaml":
            title = inputs[0].stem if len(inputs) == 1 else "incidents extracted from articles"
            _write_text(to_yaml(merged, title=title), output)
        else:
            _write_geojson(merged, output)
    except IncidentMapError as err:
        _fail(err)
    for ex in extractions:
        for warning in ex.warnings:
            click.echo(f"incidentmap: warning: {warning}", err=True)
    if output is not None:
        click.echo(
            f"wrote {len(merged)} incident(s) from {len(extractions)} article(s) to {output}",
            err=True,
        )


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from incidentmap.export._atomic import write_texts

    write_texts([(output, text)])


def _write_geojson(incidents: IncidentSet, output: Path | None) -> None:
    import tempfile

    from incidentmap.api import export

    if output is not None:
        export(incidents, output.with_suffix(".geojson") if output.suffix == "" else output)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = export(incidents, Path(tmp) / "incidents.geojson")
        click.echo(path.read_text(encoding="utf-8"), nl=False)


def main() -> None:
    """Entry point of the ``incidentmap`` command.

    When the command is done, the process ends without tearing down what it built: a map of
    100,000 events leaves about a million objects, and freeing them one by one at exit takes
    half a second after the work is done. Output streams and logs are flushed first (mypy
    ends the same way).
    """
    try:
        cli(prog_name="incidentmap")
    except SystemExit as done:
        code = done.code
    else:  # pragma: no cover - click's standalone mode always ends with SystemExit
        code = 0
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
