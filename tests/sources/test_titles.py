"""Tests of the titles the ACLED and UCDP GED readers give what they read."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from incidentmap.sources._acled import read_acled
from incidentmap.sources._csvtable import dataset_title
from incidentmap.sources._ucdp import read_ucdp_ged

ACLED_TEMPLATE = Path(__file__).resolve().parents[1] / "data" / "acled" / "current-layout.csv"
GED_HEADER = (
    "id,type_of_violence,side_a,side_b,where_prec,where_coordinates,adm_1,adm_2,latitude,"
    "longitude,country,date_prec,date_start,date_end,low,best,high"
)
GED_ROW = "{id},1,Government,Rebels,1,Town,Province,District,36.2,37.1,{country},1,2016-01-01,2016-01-01,1,1,1"

# (countries of the rows, in file order; the title's list of countries). Countries as frequent
# as each other are named in the order the file first gives them.
CASES = [
    (["Syria"], "Syria"),
    (["Syria", "Iraq", "Syria"], "Syria and Iraq"),
    (["Iraq", "Syria", "Syria"], "Syria and Iraq"),
    (["Turkey", "Iraq", "Syria", "Syria", "Iraq", "Syria"], "Syria, Iraq and Turkey"),
    (
        ["Lebanon", "Jordan", "Turkey", "Iraq", "Syria", "Syria"],
        "Syria, Lebanon, Jordan and 2 more",
    ),
    (["Syria", ""], "Syria"),
]


def _acled(countries: list[str]) -> str:
    with ACLED_TEMPLATE.open(encoding="utf-8", newline="") as fh:
        header, template, *_ = csv.reader(fh)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for i, country in enumerate(countries):
        row = list(template)
        row[header.index("event_id_cnty")] = f"TST{i}"
        row[header.index("country")] = country
        writer.writerow(row)
    return out.getvalue()


@pytest.mark.parametrize(("countries", "named"), CASES)
def test_acled_title_names_the_most_frequent_countries(countries: list[str], named: str) -> None:
    events = read_acled("acled.csv", text=_acled(countries))
    assert events.title == f"ACLED events in {named}"


@pytest.mark.parametrize(("countries", "named"), CASES)
def test_ucdp_title_names_the_most_frequent_countries(countries: list[str], named: str) -> None:
    rows = [GED_ROW.format(id=i, country=c) for i, c in enumerate(countries, start=1)]
    events = read_ucdp_ged("ged.csv", text="\n".join([GED_HEADER, *rows]) + "\n")
    assert events.title == f"UCDP GED events in {named}"


def test_title_without_countries_names_only_the_dataset() -> None:
    events = read_ucdp_ged("ged.csv", text=GED_HEADER + "\n")
    assert (len(events), events.title) == (0, "UCDP GED events")
    assert dataset_title("ACLED", {"": 4}) == "ACLED events"


def test_title_of_the_real_ged_file(shared_dir: Path) -> None:
    path = shared_dir / "data/events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
    if not path.is_file():
        pytest.skip(f"{path} is not there")
    assert read_ucdp_ged(path).title == "UCDP GED events in Syria"
