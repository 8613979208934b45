"""Write a synthetic ACLED export for benchmarks and tests: real positions, invented events.

Run: ``python3 benchmarks/make_acled.py OUT.csv [--n 100000] [--seed 1]``

The file has the 31 columns of ACLED's current export layout (``event_id_cnty, event_date, ...
tags, timestamp``), one invented event per row, and is the same bytes for the same arguments.
ACLED's terms forbid redistributing its rows, so nothing here comes from ACLED:

- Positions are real. In Syria they are the distinct points (``where_coordinates``, ``adm_1``,
  ``adm_2``, ``latitude``, ``longitude``) of the UCDP GED Syria release in
  ``../shared/data/events/`` (UCDP GED, CC BY 4.0; Sundberg & Melander 2013) where UCDP knew
  the place (``where_prec`` 1 or 2), drawn as often as UCDP codes events at them, so that the
  map is dense where the war was (Aleppo, Idlib, Damascus, Deir ez-Zor ...). Names lose UCDP's
  " village", " town", " city", " Governorate", " district" and the "Mintaqat "/"Markaz "
  ("district of", "centre of") before a district's name. About a tenth of the events
  are in Iraq, at the GeoNames ``cities500`` towns of Iraq in ``../shared/data/geonames/``
  (GeoNames, CC BY 4.0), drawn by the size of the town and a weight per governorate (a table of
  names, no coordinates). Coordinates are written as their source gives them; none is
  invented. Iraqi rows have no ``admin2`` (``cities500`` has none) and no row has an
  ``admin3``.
- ``geo_precision`` is 1 for about 70% of the events, 2 for 22% ("near" the coded town) and 3
  for 8%; a 3 is coded, as ACLED does, at a town that stands for the governorate: here the
  governorate's most used position (in Iraq, its town of most weight).
- Dates spread over 2017-01-01 .. 2021-12-31, with a weekly ebb and flow and bursts of events
  in one governorate during the offensives of those years (Raqqa 2017, Afrin and Eastern Ghouta
  2018, Idlib 2019-2020, the Iraqi protests of October 2019 ...).
- Actors, event types, fatalities, outlets and notes are invented after ACLED's codebook: its
  actor naming (``"Military Forces of Syria (2000-)"``, ``"Civilians (Syria)"``), its
  event taxonomy, a long tail of small armed groups, 1 to 3 outlets per event.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import itertools
import json
import random
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

_T = TypeVar("_T")


class Urn(Generic[_T]):
    """Items drawn at random in proportion to their weights (one bisection per draw)."""

    __slots__ = ("cum", "items")

    def __init__(self, weighted: Iterable[tuple[_T, float]]) -> None:
        pairs = [(item, w) for item, w in weighted if w > 0]
        self.items = [item for item, _ in pairs]
        self.cum = list(itertools.accumulate(w for _, w in pairs))

    def draw(self, rng: random.Random) -> _T:
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
GED_FILE = SHARED / "events/ucdp_ged_syria_2016_2019/ged_syria_2016-01-01_2019-11-30.csv"
GEONAMES_FILE = SHARED / "geonames/cities500_SY_IQ.json"

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip

FIRST_DAY, LAST_DAY = dt.date(2017, 1, 1), dt.date(2021, 12, 31)
IRAQ_SHARE = 0.10
GEO_PRECISION = Urn((("1", 0.70), ("2", 0.22), ("3", 0.08)))
TIME_PRECISION = Urn((("1", 0.85), ("2", 0.12), ("3", 0.03)))
CAMPAIGN_SHARE = 0.30
COUNTRY = {"Syria": ("SYR", "760"), "Iraq": ("IRQ", "368")}
# The ACLED actor types, in ACLED's order (which orders the two sides of ``interaction``).
INTER = ("State forces", "Rebel groups", "Political militias", "Identity militias", "Rioters",
         "Protesters", "Civilians", "External/Other forces")  # fmt: skip

# -- places --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    """A position events are coded at, with the names ACLED would give it."""

    country: str
    admin1: str
    admin2: str
    name: str
    lat: str
    lon: str


@dataclass(slots=True)
class Gazette:
    """One country's positions, drawn by weight, overall or inside one governorate."""

    everywhere: Urn[Location]
    by_admin1: dict[str, Urn[Location]]
    #: The position that stands for a governorate (its most used one).
    capital: dict[str, Location]

    @classmethod
    def of(cls, weighted: Sequence[tuple[Location, float]]) -> Gazette:
        by_admin1: dict[str, list[tuple[Location, float]]] = {}
        for loc, w in weighted:
            by_admin1.setdefault(loc.admin1, []).append((loc, w))
        capital = {a: max(locs, key=lambda lw: lw[1])[0] for a, locs in by_admin1.items()}
        return cls(Urn(weighted), {a: Urn(locs) for a, locs in by_admin1.items()}, capital)

    def draw(self, rng: random.Random, admin1: str = "") -> Location:
        return (self.by_admin1[admin1] if admin1 else self.everywhere).draw(rng)


def _strip(text: str, prefixes: Sequence[str] = (), suffixes: Sequence[str] = ()) -> str:
    for prefix in prefixes:
        text = text.removeprefix(prefix)
    for suffix in suffixes:
        text = text.removesuffix(suffix)
    return text.strip()


def syria_locations(path: Path) -> list[tuple[Location, float]]:
    """The point positions of the UCDP GED file, weighted by how many events UCDP codes there.

    Only positions of a known place (``where_prec`` 1 or 2, a governorate given) are kept: an
    ACLED location is a town, never a governorate's centroid.
    """
    counts: Counter[Location] = Counter()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["where_prec"] not in ("1", "2") or not row["adm_1"]:
                continue
            name = _strip(row["where_coordinates"], suffixes=(" village", " town", " city"))
            admin1 = _strip(row["adm_1"], suffixes=(" Governorate",))
            admin2 = _strip(
                row["adm_2"], prefixes=("Mintaqat ", "Markaz "), suffixes=(" district",)
            )
            counts[Location("Syria", admin1, admin2, name, row["latitude"], row["longitude"])] += 1
    # Sorted, so that the file does not depend on the GED file's row order.
    return sorted(counts.items(), key=lambda lw: (-lw[1], lw[0].name, lw[0].lat, lw[0].lon))


# GeoNames admin1 codes of Iraq, as ACLED names the governorates, and a weight per governorate
# after where the violence and protests of 2017-2021 were (names only: no coordinate is typed).
IRAQ_ADMIN1 = {
    "01": ("Anbar", 9.0), "02": ("Basrah", 6.0), "03": ("Muthanna", 0.5),
    "04": ("Qadissiya", 1.5), "05": ("Sulaymaniyah", 3.0), "06": ("Babylon", 2.0),
    "07": ("Baghdad", 16.0), "08": ("Duhok", 5.0), "09": ("Thi-Qar", 6.0), "10": ("Diyala", 12.0),
    "11": ("Erbil", 3.0), "12": ("Kerbala", 1.0), "13": ("Kirkuk", 9.0), "14": ("Maysan", 2.0),
    "15": ("Ninewa", 20.0), "16": ("Wasit", 1.5), "17": ("Najaf", 1.5),
    "18": ("Salah al-Din", 12.0),
    "19": ("Halabja", 0.3),
}  # fmt: skip


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    kept = "".join(c for c in folded if not unicodedata.combining(c) and c not in "‘’ʿʾ`'")
    return " ".join(kept.split())


def iraq_locations(path: Path) -> list[tuple[Location, float]]:
    """The towns of Iraq in GeoNames ``cities500``, weighted by size and governorate."""
    with path.open(encoding="utf-8") as fh:
        towns = [t for t in json.load(fh).values() if t["countrycode"] == "IQ"]
    out: dict[Location, float] = {}
    for town in sorted(towns, key=lambda t: t["geonameid"]):
        if town["admin1code"] not in IRAQ_ADMIN1:
            continue
        admin1, weight = IRAQ_ADMIN1[town["admin1code"]]
        lat, lon = str(town["latitude"]), str(town["longitude"])
        loc = Location("Iraq", admin1, "", _ascii(town["name"]), lat, lon)
        share = (max(town["population"], 2_000) ** 0.5) * weight
        out[loc] = out.get(loc, 0.0) + share
    return sorted(out.items(), key=lambda lw: (-lw[1], lw[0].name, lw[0].lat, lw[0].lon))


# -- actors --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    """An ACLED actor: its name, its type (``inter``) and how a note calls it."""

    name: str
    inter: str
    short: str = ""

    def said(self) -> str:
        return self.short or self.name

    def named(self, day: dt.date) -> str:
        """The name, with the period of the government or administration of ``day``."""
        for base, periods in DATED_NAMES.items():
            if self.name == base:
                return f"{base} {next(p for until, p in periods if day < until)}"
        return self.name


DATED_NAMES: dict[str, tuple[tuple[dt.date, str], ...]] = {
    "Military Forces of the United States": (
        (dt.date(2021, 1, 20), "(2017-2021)"), (dt.date.max, "(2021-)"),
    ),
    "Military Forces of Iraq": (
        (dt.date(2018, 10, 25), "(2014-2018)"), (dt.date(2020, 5, 7), "(2018-2020)"),
        (dt.date.max, "(2020-2022)"),
    ),
    "Police Forces of Iraq": (
        (dt.date(2018, 10, 25), "(2014-2018)"), (dt.date(2020, 5, 7), "(2018-2020)"),
        (dt.date.max, "(2020-2022)"),
    ),
}  # fmt: skip

S, R, P, ID, RI, PR, C, X = INTER

Pool = Urn[Actor]


def _pool(*entries: tuple[str, str, str, float]) -> Pool:
    return Urn((Actor(name, inter, short), w) for name, inter, short, w in entries)


SYRIA_MILITARY = "Military Forces of Syria (2000-)"
SYRIA: dict[str, Pool] = {
    "gov": _pool(
        (SYRIA_MILITARY, S, "regime forces", 60),
        ("Police Forces of Syria (2000-)", S, "regime police", 4),
        ("NDF: National Defence Forces", P, "NDF militiamen", 8), ("Hezbollah", P, "Hezbollah", 3),
        ("Military Forces of Russia (2000-)", X, "Russian forces", 4),
        ("Military Forces of Iran (1989-)", X, "Iranian forces", 2),
        ("Liwa al-Quds", P, "", 1.5), ("Liwa Fatemiyoun", P, "", 1),
        ("Liwa Zainebiyoun", P, "", 0.4), ("Baath Brigades", P, "", 0.5),
        ("Qaterji Militia", P, "", 0.3),
        ("Syrian Social Nationalist Party", P, "SSNP militiamen", 0.3),
        ("Desert Hawks Brigade", P, "", 0.2),
    ),
    "air": _pool(
        ("Military Forces of Russia (2000-)", X, "Russian warplanes", 55),
        (SYRIA_MILITARY, S, "regime warplanes", 45),
    ),
    "rebels": _pool(
        ("Hayat Tahrir al-Sham", R, "HTS", 35), ("Syrian National Army", R, "SNA fighters", 15),
        ("National Front for Liberation", R, "NFL fighters", 12),
        ("Opposition Rebels (Syria)", R, "opposition fighters", 6), ("Ahrar al-Sham", R, "", 5),
        ("Jaysh al-Izza", R, "", 4), ("Faylaq al-Sham", R, "", 3), ("Jaysh al-Islam", R, "", 3),
        ("Hurras al-Din", R, "", 2), ("Turkistan Islamic Party", R, "TIP fighters", 2),
        ("Sultan Murad Division", R, "", 1.5), ("Ahrar al-Sharqiya", R, "", 1.5),
        ("Hamza Division", R, "", 1.2), ("Nour al-Din al-Zenki Movement", R, "Zenki fighters", 1),
        ("Levant Front", R, "", 1), ("Ansar al-Tawhid", R, "", 0.8), ("Southern Front", R, "", 0.8),
        ("Jaysh al-Nasr", R, "", 0.6), ("Jaysh al-Sharqiya", R, "", 0.6),
        ("Sultan Suleiman Shah Brigade", R, "", 0.6), ("Jabhat Ansar al-Din", R, "", 0.5),
        ("Mutasim Division", R, "", 0.5), ("Free Idlib Army", R, "", 0.5),
        ("Suqour al-Sham Brigades", R, "", 0.4), ("Jaysh Khalid bin al-Waleed", R, "", 0.4),
        ("Maghawir al-Thawra", R, "", 0.3), ("Jaysh al-Ahrar", R, "", 0.3),
        ("Ansar al-Islam", R, "", 0.2), ("Ajnad al-Kavkaz", R, "", 0.2),
        ("Liwa Shuhada al-Islam", R, "", 0.15), ("Jaysh al-Sunna", R, "", 0.15),
        ("Ahrar al-Sham al-Sharqiya Brigade", R, "", 0.1),
    ),
    "is": _pool(("Islamic State (Syria)", R, "ISIS", 1)),
    "sdf": _pool(
        ("SDF: Syrian Democratic Forces", R, "SDF", 70),
        ("YPG: Peoples Protection Units", R, "YPG", 8),
        ("Asayish", R, "Asayish", 6), ("Deir ez-Zor Military Council", R, "", 3),
        ("Manbij Military Council", R, "", 2), ("YPJ: Womens Protection Units", R, "YPJ", 1),
        ("Syriac Military Council", R, "", 0.5), ("Al Bab Military Council", R, "", 0.5),
    ),
    "turkey": _pool(
        ("Military Forces of Turkey (2016-)", X, "Turkish forces", 55),
        ("Syrian National Army", R, "SNA fighters", 45),
    ),
    "us": _pool(("Military Forces of the United States", X, "US-led coalition forces", 1)),
    "israel": _pool(("Military Forces of Israel (1948-)", X, "Israeli forces", 1)),
    "axis": _pool(
        (SYRIA_MILITARY, S, "regime forces", 40),
        ("Military Forces of Iran (1989-)", X, "Iranian forces", 25),
        ("Hezbollah", P, "Hezbollah", 20), ("Liwa Fatemiyoun", P, "", 5),
    ),
    "unid": _pool(("Unidentified Armed Group (Syria)", P, "unidentified gunmen", 1)),
    "civ": _pool(("Civilians (Syria)", C, "civilians", 1)),
    "prot": _pool(("Protesters (Syria)", PR, "demonstrators", 1)),
    "riot": _pool(("Rioters (Syria)", RI, "rioters", 1)),
    "tribal": _pool(
        ("Al Shaitat Tribal Militia (Syria)", ID, "", 3),
        ("Al Baggara Tribal Militia (Syria)", ID, "", 2.5),
        ("Al Ugaidat Tribal Militia (Syria)", ID, "", 2),
        ("Druze Militia (Syria)", ID, "Druze gunmen", 2),
        ("Men of Dignity", ID, "", 1.2), ("Al Naim Tribal Militia (Syria)", ID, "", 1),
        ("Al Busaraya Tribal Militia (Syria)", ID, "", 1),
        ("Al Bakir Tribal Militia (Syria)", ID, "", 0.8),
        ("Al Jabour Tribal Militia (Syria)", ID, "", 0.8),
        ("Al Shuhail Communal Militia (Syria)", ID, "", 0.6),
        ("Al Sabkha Communal Militia (Syria)", ID, "", 0.5),
        ("Al Hassoun Tribal Militia (Syria)", ID, "", 0.4),
        ("Al Mashahda Tribal Militia (Syria)", ID, "", 0.3),
        ("Al Bu Kamel Tribal Militia (Syria)", ID, "", 0.3),
    ),
}  # fmt: skip

IRAQ: dict[str, Pool] = {
    "gov": _pool(
        ("Military Forces of Iraq", S, "Iraqi forces", 45),
        ("Police Forces of Iraq", S, "Iraqi police", 20),
        ("PMF: Popular Mobilization Forces", P, "PMF fighters", 20),
    ),
    "air": _pool(("Military Forces of Iraq", S, "Iraqi warplanes", 1)),
    "is": _pool(("Islamic State (Iraq)", R, "ISIS", 1)),
    "kurd": _pool(
        ("Peshmerga: Kurdistan Regional Government Forces", S, "Peshmerga", 70),
        ("Asayish: Kurdistan Region Security", S, "Asayish", 30),
    ),
    "pkk": _pool(("PKK: Kurdistan Workers Party", R, "PKK", 80),
    ("YBS: Sinjar Resistance Units", P, "YBS", 20)),
    "turkey": _pool(("Military Forces of Turkey (2016-)", X, "Turkish forces", 1)),
    "us": _pool(("Military Forces of the United States", X, "US-led coalition forces", 1)),
    "militia": _pool(
        ("Kataib Hezbollah", P, "", 30),
        ("Asaib Ahl al-Haq", P, "", 25),
        ("Saraya al-Salam", P, "", 15),
        ("Saraya Awliya al-Dam", P, "", 10), ("Kataib Sayyid al-Shuhada", P, "", 10),
        ("Harakat Hezbollah al-Nujaba", P, "", 10),
    ),
    "unid": _pool(("Unidentified Armed Group (Iraq)", P, "unidentified gunmen", 1)),
    "civ": _pool(("Civilians (Iraq)", C, "civilians", 1)),
    "prot": _pool(("Protesters (Iraq)", PR, "demonstrators", 1)),
    "riot": _pool(("Rioters (Iraq)", RI, "rioters", 1)),
    "tribal": _pool(
        ("Al Bu Mohammed Tribal Militia (Iraq)", ID, "", 3),
        ("Bani Malik Tribal Militia (Iraq)", ID, "", 2),
        ("Al Jubour Tribal Militia (Iraq)", ID, "", 2),
        ("Al Sawaed Tribal Militia (Iraq)", ID, "", 1.5),
        ("Al Bu Nimr Tribal Militia (Iraq)", ID, "", 1),
        ("Al Garamsha Tribal Militia (Iraq)", ID, "", 1),
    ),
}  # fmt: skip

# Who is named with an actor (``assoc_actor_*``): groups of people for civilians and
# protesters, allies for armed groups; sometimes two or three, separated by "; ".
ASSOCIATES: dict[str, tuple[float, tuple[str, ...]]] = {
    "civ": (0.25, ("Women ({c})", "Children ({c})", "Farmers ({c})", "Refugees/IDPs ({c})",
                   "Health Workers ({c})", "Journalists ({c})", "Teachers ({c})",
                   "Aid Workers ({c})", "Labour Group ({c})", "Shepherds ({c})")),
    "prot": (0.35, ("Women ({c})", "Refugees/IDPs ({c})", "Teachers ({c})", "Students ({c})",
                    "Labour Group ({c})", "Kurdish Ethnic Group ({c})", "Arab Ethnic Group ({c})",
                    "Lawyers ({c})", "Health Workers ({c})")),
    "gov:Syria": (0.10, ("NDF: National Defence Forces", "Military Forces of Russia (2000-)",
                         "Hezbollah", "Liwa al-Quds", "Military Forces of Iran (1989-)")),
    "gov:Iraq": (0.10, ("PMF: Popular Mobilization Forces", "Police Forces of Iraq",
                        "Military Forces of the United States")),
    "rebels:Syria": (0.12, ("Jaysh al-Izza", "Turkistan Islamic Party", "Ahrar al-Sham",
                            "Faylaq al-Sham", "Jaysh al-Nasr", "Hurras al-Din", "Ansar al-Tawhid")),
    "sdf:Syria": (0.08, ("YPG: Peoples Protection Units", "Asayish", "Manbij Military Council")),
    "turkey:Syria": (0.15, ("Syrian National Army", "Hamza Division", "Sultan Murad Division")),
}  # fmt: skip

# -- events --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Kind:
    """One ACLED sub-event type: how often it happens in each country, between whom, its notes."""

    event_type: str
    sub_event_type: str
    disorder: str
    weight: tuple[float, float]  # Syria, Iraq
    dyads: tuple[tuple[str, str, float], ...]  # pool of actor1, pool of actor2 ("" none)
    p_zero: float  # share of events without fatalities
    notes: str  # key of NOTES


PV, DEM, SD = "Political violence", "Demonstrations", "Strategic developments"
BAT, EXP, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
# The event types whose events on civilians ACLED codes as "Civilian targeting".
TARGETING = (EXP, VAC, "Riots")
KINDS = (
    Kind(BAT, "Armed clash", PV, (20, 12), (
        ("gov", "rebels", 40), ("gov", "is", 14), ("sdf", "is", 8), ("turkey", "sdf", 12),
        ("rebels", "rebels", 4), ("tribal", "sdf", 2), ("unid", "gov", 3), ("tribal", "tribal", 2),
        ("gov", "tribal", 1), ("turkey", "pkk", 8), ("kurd", "is", 3), ("militia", "unid", 1),
    ), 0.55, "clash"),
    Kind(BAT, "Government regains territory", PV, (0.8, 0.2),
         (("gov", "rebels", 3), ("gov", "is", 1)), 0.5, "regain"),
    Kind(BAT, "Non-state actor overtakes territory", PV, (0.4, 0.1),
         (("rebels", "gov", 2), ("is", "gov", 1), ("turkey", "sdf", 1)), 0.5, "overtake"),
    Kind(EXP, "Shelling/artillery/missile attack", PV, (30, 8), (
        ("gov", "rebels", 35), ("rebels", "gov", 15), ("gov", "civ", 12), ("turkey", "sdf", 12),
        ("sdf", "turkey", 4), ("israel", "axis", 2), ("is", "gov", 1), ("militia", "us", 6),
        ("turkey", "pkk", 6), ("unid", "civ", 2),
    ), 0.8, "shelling"),
    Kind(EXP, "Air/drone strike", PV, (14, 8), (
        ("air", "rebels", 35), ("air", "civ", 15), ("us", "is", 4), ("us", "rebels", 1),
        ("israel", "axis", 6), ("turkey", "sdf", 5), ("turkey", "pkk", 12), ("air", "is", 8),
        ("us", "militia", 1),
    ), 0.6, "air"),
    Kind(EXP, "Remote explosive/landmine/IED", PV, (5, 15), (
        ("unid", "gov", 25), ("unid", "civ", 20), ("unid", "rebels", 8), ("unid", "sdf", 8),
        ("is", "gov", 10), ("is", "civ", 5), ("is", "sdf", 4), ("unid", "us", 3),
    ), 0.55, "ied"),
    Kind(EXP, "Grenade", PV, (0.5, 1), (("unid", "civ", 2), ("unid", "gov", 1)), 0.7, "ied"),
    Kind(EXP, "Suicide bomb", PV, (0.2, 0.5), (("is", "gov", 2), ("is", "civ", 1)), 0.3, "ied"),
    Kind(VAC, "Attack", PV, (8, 8), (
        ("unid", "civ", 40), ("is", "civ", 10), ("gov", "civ", 15), ("rebels", "civ", 10),
        ("sdf", "civ", 5), ("turkey", "civ", 3), ("tribal", "civ", 3), ("militia", "civ", 3),
    ), 0.35, "attack"),
    Kind(VAC, "Abduction/forced disappearance", PV, (2, 3), (
        ("unid", "civ", 10), ("is", "civ", 3), ("gov", "civ", 4), ("sdf", "civ", 3),
        ("rebels", "civ", 3), ("militia", "civ", 4),
    ), 1.0, "abduction"),
    Kind(VAC, "Sexual violence", PV, (0.1, 0.1), (("unid", "civ", 1), ("gov", "civ", 1)), 1.0,
         "attack"),
    Kind("Protests", "Peaceful protest", DEM, (8, 22), (("prot", "", 1),), 1.0, "protest"),
    Kind("Protests", "Protest with intervention", DEM, (0.7, 3), (
        ("prot", "gov", 4), ("prot", "sdf", 2), ("prot", "rebels", 1),
    ), 1.0, "intervention"),
    Kind("Protests", "Excessive force against protesters", f"{PV}; {DEM}", (0.1, 1), (
        ("gov", "prot", 1),
    ), 0.4, "intervention"),
    Kind("Riots", "Violent demonstration", DEM, (1, 4), (
        ("riot", "", 6), ("riot", "gov", 3), ("riot", "sdf", 1),
    ), 0.95, "riot"),
    Kind("Riots", "Mob violence", PV, (0.5, 1), (("riot", "civ", 1),), 0.7, "riot"),
    Kind(SD, "Looting/property destruction", SD, (1.5, 1), (
        ("gov", "civ", 3), ("rebels", "civ", 2), ("turkey", "civ", 2), ("unid", "civ", 2),
    ), 1.0, "looting"),
    Kind(SD, "Arrests", SD, (1.5, 2), (
        ("gov", "civ", 40), ("sdf", "civ", 25), ("rebels", "civ", 20), ("turkey", "civ", 10),
    ), 1.0, "arrests"),
    Kind(SD, "Disrupted weapons use", SD, (1.5, 3), (
        ("gov", "", 4), ("sdf", "", 2), ("rebels", "", 1), ("kurd", "", 1),
    ), 1.0, "defused"),
    Kind(SD, "Change to group/activity", SD, (1.2, 1), (
        ("rebels", "", 3), ("sdf", "", 1), ("is", "", 1), ("gov", "", 1),
    ), 1.0, "change"),
    Kind(SD, "Other", SD, (0.8, 1), (("gov", "", 2), ("unid", "", 1), ("us", "", 1)), 1.0,
         "change"),
    Kind(SD, "Non-violent transfer of territory", SD, (0.3, 0), (("sdf", "gov", 1),), 1.0,
         "transfer"),
    Kind(SD, "Agreement", SD, (0.2, 0.2), (("gov", "rebels", 1), ("turkey", "sdf", 1)), 1.0,
         "transfer"),
    Kind(SD, "Headquarters or base established", SD, (0.3, 0.2), (
        ("turkey", "", 2), ("gov", "", 1), ("us", "", 1),
    ), 1.0, "change"),
)  # fmt: skip

# Offensives and waves of protest: (country, governorate, first day, last day, weight).
CAMPAIGNS = (
    ("Syria", "Ar Raqqah", dt.date(2017, 6, 6), dt.date(2017, 10, 17), 5),
    ("Syria", "Deir ez Zor", dt.date(2017, 9, 9), dt.date(2017, 12, 31), 5),
    ("Syria", "Aleppo", dt.date(2018, 1, 20), dt.date(2018, 3, 24), 4),
    ("Syria", "Rif Dimashq", dt.date(2018, 2, 18), dt.date(2018, 4, 14), 5),
    ("Syria", "Daraa", dt.date(2018, 6, 18), dt.date(2018, 7, 31), 3),
    ("Syria", "Deir ez Zor", dt.date(2019, 1, 1), dt.date(2019, 3, 23), 3),
    ("Syria", "Idlib", dt.date(2019, 4, 26), dt.date(2019, 8, 31), 6),
    ("Syria", "Hamah", dt.date(2019, 4, 26), dt.date(2019, 8, 31), 3),
    ("Syria", "Al Hasakah", dt.date(2019, 10, 9), dt.date(2019, 11, 30), 3),
    ("Syria", "Idlib", dt.date(2019, 12, 1), dt.date(2020, 3, 5), 7),
    ("Syria", "Daraa", dt.date(2021, 7, 29), dt.date(2021, 9, 8), 2),
    ("Iraq", "Ninewa", dt.date(2017, 1, 1), dt.date(2017, 7, 20), 4),
    ("Iraq", "Kirkuk", dt.date(2017, 10, 1), dt.date(2017, 10, 31), 1),
    ("Iraq", "Baghdad", dt.date(2019, 10, 1), dt.date(2020, 2, 29), 3),
    ("Iraq", "Thi-Qar", dt.date(2019, 10, 1), dt.date(2020, 2, 29), 2),
    ("Iraq", "Basrah", dt.date(2018, 7, 8), dt.date(2018, 9, 15), 2),
)

DIRECTIONS = ("northern", "southern", "eastern", "western", "north-western", "south-eastern")
# Note templates: {day} "15 January 2020", {a1}/{a2} the actors as a note says them, {where}
# a place phrase made from the location and its precision, {fat} a sentence on fatalities.
NOTES: dict[str, tuple[str, ...]] = {
    "clash": ("On {day}, {a1} clashed with {a2} {where}. {fat}",
              "On {day}, clashes erupted between {a1} and {a2} {where}. {fat}",
              "On {day}, {a1} attacked positions of {a2} {where}, leading to clashes. {fat}"),
    "regain": ("On {day}, {a1} regained control of {loc} from {a2} after clashes. {fat}",),
    "overtake": ("On {day}, {a1} took over {loc} from {a2} after heavy clashes. {fat}",),
    "shelling": ("On {day}, {a1} shelled {where}. {fat}",
                 "On {day}, {a1} fired artillery and rockets at {a2} positions {where}. {fat}",
                 "On {day}, {a1} fired missiles {where}. {fat}"),
    "air": ("On {day}, {a1} carried out airstrikes {where}. {fat}",
            "On {day}, {a1} struck a vehicle of {a2} with a drone {where}. {fat}",
            "On {day}, {a1} conducted several air raids on {a2} positions {where}. {fat}"),
    "ied": ("On {day}, an explosive device planted by {a1} detonated {where}. {fat}",
            "On {day}, a landmine left by {a1} exploded {where}. {fat}",
            "On {day}, a car bomb exploded {where}, targeting {a2}. {fat}"),
    "attack": ("On {day}, {a1} opened fire on {a2} {where}. {fat}",
               "On {day}, {a1} attacked {a2} {where}. {fat}",
               "On {day}, {a1} stormed a house {where} and attacked its residents. {fat}"),
    "abduction": ("On {day}, {a1} kidnapped a man {where}; his fate is unknown.",
                  "On {day}, {a1} abducted two {a2} {where}."),
    "protest": ("On {day}, people demonstrated {where} against the worsening living conditions.",
                "On {day}, dozens of {a1} protested {where} demanding the release of detainees.",
                "On {day}, {a1} gathered {where} to denounce the shelling of their villages."),
    "intervention": ("On {day}, {a1} protested {where}; {a2} dispersed them by force. {fat}",
                     "On {day}, {a2} fired in the air to disperse {a1} {where}. {fat}"),
    "riot": ("On {day}, {a1} burned tyres and blocked roads {where}. {fat}",
             "On {day}, {a1} stormed a government building {where}. {fat}"),
    "looting": ("On {day}, {a1} looted and burned houses {where}.",
                "On {day}, {a1} seized farmland belonging to {a2} {where}."),
    "arrests": ("On {day}, {a1} arrested several {a2} {where} during a raid.",
                "On {day}, {a1} detained a young man {where} for evading conscription."),
    "defused": ("On {day}, {a1} defused an explosive device {where}.",
                "On {day}, {a1} dismantled a landmine left by ISIS {where}."),
    "change": ("On {day}, {a1} sent military reinforcements {where}.",
               "On {day}, {a1} set up a new military post {where}.",
               "On {day}, {a1} held a military parade {where}."),
    "transfer": ("On {day}, {a1} handed over positions {where} to {a2} under an agreement.",),
}  # fmt: skip
# Sentences on fatalities: (none, one, several) x (victims are fighters, victims are civilians).
FATAL_SENTENCES = {
    (0, False): ("No fatalities were reported.", "There were no reported fatalities.",
                 "No casualties were reported."),
    (1, False): ("One person was killed.", "1 fatality was reported.", "A fighter was killed."),
    (2, False): ("{n} people were killed.", "{n} fatalities were reported.",
                 "{n} fighters were killed.", "{n} were killed on both sides."),
    (0, True): ("No fatalities were reported.", "No casualties were reported.",
                "Several people were injured."),
    (1, True): ("One civilian was killed.", "A man was killed.", "1 fatality was reported."),
    (2, True): ("{n} civilians were killed.", "{n} people were killed, including a child.",
                "{n} fatalities were reported."),
}  # fmt: skip

OUTLETS: dict[str, tuple[tuple[str, str, float], ...]] = {
    "Syria": (
        ("Syrian Observatory for Human Rights", "Other", 40), ("SANA", "National", 6),
        ("Step News Agency", "National", 8), ("Enab Baladi", "National", 5),
        ("North Press Agency", "Subnational", 6), ("Hawar News Agency", "Subnational", 5),
        ("Smart News Agency", "National", 4), ("Baladi News", "National", 3),
        ("Syria Call", "National", 3), ("Qasioun News Agency", "National", 2),
        ("Sham Network", "National", 2), ("Deir Ezzor 24", "Subnational", 3),
        ("Ein al-Furat", "Subnational", 1.5), ("Euphrates Post", "Subnational", 1.5),
        ("Horan Free League", "Subnational", 2), ("Suwayda 24", "Subnational", 1),
        ("Aleppo Today", "Subnational", 1), ("Orient News", "National", 2),
        ("Al Watan (Syria)", "National", 1.5), ("Sputnik", "International", 1),
        ("Al Mayadeen", "Regional", 1), ("Al Masdar News", "National", 1),
        ("Zaman al-Wasl", "National", 1), ("Syrian Network for Human Rights", "Other", 1),
        ("Syria Direct", "National", 0.6), ("Jesr Press", "Subnational", 1),
        ("Sada Al Sharqiya", "Subnational", 0.6), ("Syrians for Truth and Justice", "Other", 0.4),
        ("Violations Documentation Center", "Other", 0.3), ("Syria Civil Defence", "Other", 0.8),
        ("Anadolu Agency", "International", 1), ("Daily Sabah", "International", 0.5),
        ("Asharq Al-Awsat", "Regional", 0.5), ("Israel Defense Forces", "Other", 0.3),
        ("Radio Rozana", "National", 0.5), ("Levant 24", "National", 0.6),
        ("Nedaa Syria", "National", 0.4), ("Shaam Network", "National", 0.3),
    ),
    "Iraq": (
        ("Shafaq News", "National", 12), ("Iraqi News Agency", "National", 5),
        ("Al Sumaria News", "National", 5), ("Baghdad Today", "National", 4),
        ("NINA", "National", 3), ("Al Mada", "National", 2), ("Alghad Press", "National", 2),
        ("Al Forat News", "National", 1.5), ("Nas News", "National", 1),
        ("Security Media Cell", "Other", 3), ("Basnews", "Subnational", 2),
        ("Kirkuk Now", "Subnational", 1), ("Al Mirbad", "Subnational", 1),
        ("Kurdistan Regional Government Counter Terrorism", "Other", 0.5),
    ),
    "both": (
        ("Rudaw", "Regional", 2), ("Kurdistan 24", "Regional", 2), ("Xinhua", "International", 1.5),
        ("AFP", "International", 1.5), ("Reuters", "International", 1.2),
        ("Al Jazeera", "Regional", 0.8), ("Twitter", "New media", 1.5),
        ("Facebook", "New media", 1.2), ("Telegram", "New media", 0.6),
        ("The New Arab", "Regional", 0.4),
    ),
}  # fmt: skip
PROTEST_TAGS = Urn((("crowd size=no report", 60), ("crowd size=dozens", 20),
                    ("crowd size=hundreds", 10), ("crowd size=around 50", 6),
                    ("crowd size=thousands", 4)))  # fmt: skip


# -- drawing -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Country:
    """What one country's events are drawn from."""

    name: str
    gazette: Gazette
    pools: dict[str, Pool]
    #: Each sub-event type with the pairs of actor pools it happens between.
    kinds: Urn[tuple[Kind, Urn[tuple[str, str]]]]
    outlets: Urn[tuple[str, str]]
    campaigns: Urn[tuple[str, dt.date, dt.date]] | None

    @classmethod
    def of(cls, name: str, gazette: Gazette, pools: dict[str, Pool]) -> Country:
        col = 0 if name == "Syria" else 1
        kinds = []
        for kind in KINDS:
            dyads = [d for d in kind.dyads if d[0] in pools and (not d[1] or d[1] in pools)]
            if kind.weight[col] and dyads:
                kinds.append(((kind, Urn(((a, b), w) for a, b, w in dyads)), kind.weight[col]))
        outlets = OUTLETS[name] + OUTLETS["both"]
        campaigns = [c for c in CAMPAIGNS if c[0] == name and c[1] in gazette.by_admin1]
        return cls(
            name,
            gazette,
            pools,
            Urn(kinds),
            Urn(((o, scale), w) for o, scale, w in outlets),
            Urn(((a, first, last), w) for _, a, first, last, w in campaigns) if campaigns else None,
        )


class Maker:
    """Draws events one by one from a seeded generator."""

    def __init__(self, seed: int, syria: Gazette, iraq: Gazette) -> None:
        self.rng = random.Random(seed)
        self.countries = (Country.of("Syria", syria, SYRIA), Country.of("Iraq", iraq, IRAQ))
        days = (LAST_DAY - FIRST_DAY).days + 1
        # A weekly ebb and flow around a flat rate, so that no week is like the next.
        weeks = [self.rng.lognormvariate(0.0, 0.35) for _ in range(days // 7 + 1)]
        self.days = Urn((FIRST_DAY + dt.timedelta(days=d), weeks[d // 7]) for d in range(days))

    def row(self) -> tuple[dt.date, str, dict[str, str]]:
        """(date, country, cells) of one event (the id is given later)."""
        rng = self.rng
        country = self.countries[1 if rng.random() < IRAQ_SHARE else 0]
        day, admin1 = self._when_where(country)
        geo = GEO_PRECISION.draw(rng)
        loc = country.gazette.draw(rng, admin1)
        if geo == "3":
            loc = country.gazette.capital[loc.admin1]
        kind, dyads = country.kinds.draw(rng)
        pool1, pool2 = dyads.draw(rng)
        a1 = country.pools[pool1].draw(rng)
        a2 = country.pools[pool2].draw(rng) if pool2 else None
        if a2 is not None and a2.name == a1.name:  # one group fighting itself: a split
            a2 = Actor(f"{a1.name} - Splinter Group", a1.inter, f"a splinter group of {a1.said()}")
        fatalities = 0 if rng.random() < kind.p_zero else min(int(rng.paretovariate(1.3)), 300)
        outlets, scale = self._sources(country)
        cells = {
            "event_date": day.isoformat(),
            "year": str(day.year),
            "time_precision": TIME_PRECISION.draw(rng),
            "disorder_type": kind.disorder,
            "event_type": kind.event_type,
            "sub_event_type": kind.sub_event_type,
            "actor1": a1.named(day),
            "assoc_actor_1": _associates(rng, pool1, day, country.name),
            "inter1": a1.inter,
            "actor2": a2.named(day) if a2 else "",
            "assoc_actor_2": _associates(rng, pool2, day, country.name) if a2 else "",
            "inter2": a2.inter if a2 else "",
            "interaction": _interaction(a1, a2),
            "civilian_targeting": (
                "Civilian targeting" if pool2 == "civ" and kind.event_type in TARGETING else ""
            ),
            "iso": COUNTRY[country.name][1],
            "region": "Middle East",
            "country": country.name,
            "admin1": loc.admin1,
            "admin2": loc.admin2,
            "admin3": "",
            "location": loc.name,
            "latitude": loc.lat,
            "longitude": loc.lon,
            "geo_precision": geo,
            "source": outlets,
            "source_scale": scale,
            "notes": self._note(kind, a1, a2, loc, geo, day, fatalities),
            "fatalities": str(fatalities),
            "tags": PROTEST_TAGS.draw(rng) if kind.notes == "protest" else "",
            "timestamp": str(_timestamp(rng, day)),
        }
        return day, country.name, cells

    def _when_where(self, country: Country) -> tuple[dt.date, str]:
        rng = self.rng
        if country.campaigns and rng.random() < CAMPAIGN_SHARE:
            admin1, first, last = country.campaigns.draw(rng)
            return first + dt.timedelta(days=rng.randrange((last - first).days + 1)), admin1
        return self.days.draw(rng), ""

    def _sources(self, country: Country) -> tuple[str, str]:
        rng = self.rng
        n = 1 + (rng.random() < 0.35) + (rng.random() < 0.08)
        chosen: dict[str, str] = {}
        while len(chosen) < n:
            outlet, scale = country.outlets.draw(rng)
            chosen[outlet] = scale
        scales = list(dict.fromkeys(chosen.values()))[:2]
        return "; ".join(chosen), "-".join(scales)

    def _note(
        self, kind: Kind, a1: Actor, a2: Actor | None, loc: Location, geo: str, day: dt.date,
        fatalities: int,
    ) -> str:  # fmt: skip
        rng = self.rng
        template = rng.choice(NOTES[kind.notes])
        civilians = a2 is not None and a2.inter == "Civilians"
        fat = rng.choice(FATAL_SENTENCES[min(fatalities, 2), civilians]).format(n=fatalities)
        return template.format(
            day=f"{day.day} {day:%B %Y}",
            a1=a1.said(),
            a2=a2.said() if a2 else "others",
            loc=loc.name,
            where=_where(rng, loc, geo),
            fat=fat,
        ).strip()


def _associates(rng: random.Random, pool: str, day: dt.date, country: str) -> str:
    share, names = ASSOCIATES.get(pool) or ASSOCIATES.get(f"{pool}:{country}", (0.0, ()))
    if not names or rng.random() >= share:
        return ""
    k = 1 + (rng.random() < 0.3) + (rng.random() < 0.1)
    picked = (Actor(n.format(c=country), "").named(day) for n in rng.sample(names, k))
    return "; ".join(picked)


def _interaction(a1: Actor, a2: Actor | None) -> str:
    if a2 is None:
        return f"{a1.inter} only"
    first, second = sorted((a1.inter, a2.inter), key=INTER.index)
    return f"{first}-{second}"


def _where(rng: random.Random, loc: Location, geo: str) -> str:
    admin = ", ".join(dict.fromkeys(a for a in (loc.admin2, loc.admin1) if a and a != loc.name))
    admin = admin or loc.admin1
    if geo == "3":
        return rng.choice((f"in {loc.admin1} governorate", f"in several areas of {loc.admin1}"))
    if geo == "2":
        side = rng.choice(DIRECTIONS)
        return rng.choice((f"near {loc.name} ({admin})", f"on the outskirts of {loc.name}",
                           f"in the {side} countryside of {loc.name} ({loc.admin1})"))  # fmt: skip
    return rng.choice((f"in {loc.name} ({admin})", f"in {loc.name}, {loc.admin1}"))


def _timestamp(rng: random.Random, day: dt.date) -> int:
    """When the row was last edited: days to weeks after the event (seconds since 1970, UTC)."""
    coded = (day - dt.date(1970, 1, 1)).days + 3 + int(rng.expovariate(1 / 20))
    return coded * 86_400 + rng.randrange(86_400)


def make(
    n: int, seed: int, *, ged: Path = GED_FILE, geonames: Path = GEONAMES_FILE
) -> list[list[str]]:
    """The rows of a synthetic export of ``n`` events, header first, newest event first.

    Parameters
    ----------
    n
        How many events.
    seed
        The seed of the random draws; the same ``n`` and ``seed`` give the same rows.
    ged, geonames
        The UCDP GED file and the GeoNames extract the positions are taken from.

    Returns
    -------
    list of list of str
        The header and one row of 31 cells per event.
    """
    maker = Maker(seed, Gazette.of(syria_locations(ged)), Gazette.of(iraq_locations(geonames)))
    events = [maker.row() for _ in range(n)]
    events.sort(key=lambda e: e[0])
    # ACLED numbers events per country as it codes them, with gaps where rows were deleted.
    counters = {c: itertools.count(1001) for c in COUNTRY}
    rows = []
    for _day, country, cells in events:
        number = next(counters[country])
        if maker.rng.random() < 0.05:
            number = next(counters[country])
        cells["event_id_cnty"] = f"{COUNTRY[country][0]}{number}"
        rows.append([cells[c] for c in COLUMNS])
    rows.reverse()
    return [list(COLUMNS), *rows]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the CSV file to write")
    parser.add_argument("--n", type=int, default=100_000, help="how many events (100000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random draws (1)")
    parser.add_argument("--ged", type=Path, default=GED_FILE, help="the UCDP GED Syria file")
    parser.add_argument("--geonames", type=Path, default=GEONAMES_FILE, help="cities500 SY/IQ")
    args = parser.parse_args(argv)
    rows = make(args.n, args.seed, ged=args.ged, geonames=args.geonames)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


if __name__ == "__main__":
    main()
