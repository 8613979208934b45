"""Derive ``gazetteer/words/english.tsv``: how common an English word or personal name is.

    python3 scripts/derive_words.py [-o gazetteer/words/english.tsv]

Build-time only: needs the PyPI packages ``wordfreq`` (word frequencies) and ``names`` (US census
1990 name files). At run time ``incidentmap.gazetteer.zipf`` reads the table, so extraction does
not need wordfreq.

Rows are

- every token of wordfreq's English list whose frequency is at or above the floor: the lowest
  Zipf threshold the extraction compares with (``_COMMON_ZIPF``, ``_GIVEN_NAME_ZIPF`` in
  ``incidentmap.extract._toponyms``). Below it every comparison gives the same answer as for 0.0;
- every surname and given name of the US census 1990 name files borne by at least 1 in 100,000
  people, with its share and its own Zipf frequency (0.00 when wordfreq does not know it).

The ``zipf`` column is wordfreq's frequency bucket of the token (what ``zipf_frequency`` returns
for it, which the script checks): exact, so the run-time lookup can also combine the tokens of a
hyphenated word the way wordfreq does. Output is sorted and byte-for-byte the same on every run.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "gazetteer" / "words" / "english.tsv"
#: US census name files as the ``names`` package ships them, and the column each one fills.
_NAME_FILES = (
    ("dist.all.last", "surname"),
    ("dist.male.first", "given"),
    ("dist.female.first", "given"),
)
#: Census shares are printed in percent with 3 decimals: 0.001 % is 1 in 100,000 people.
_MIN_SHARE = 1


def floor() -> float:
    """The lowest Zipf threshold the extraction compares ``_zipf`` with."""
    sys.path.insert(0, str(ROOT / "src"))
    from incidentmap.extract import _toponyms

    return min(_toponyms._COMMON_ZIPF, _toponyms._GIVEN_NAME_ZIPF)


def word_rows(lowest: float) -> dict[str, int]:
    """wordfreq token → frequency in centibels below 1 (``-cB``; Zipf = (900 - cB) / 100)."""
    from wordfreq import get_frequency_list, zipf_frequency

    buckets: dict[str, int] = {}
    for index, bucket in enumerate(get_frequency_list("en", "best")):
        for word in bucket:
            buckets[word] = index  # as wordfreq's get_frequency_dict: the last bucket wins
    rows = {w: i for w, i in buckets.items() if (900 - i) / 100 >= lowest}
    for word, index in rows.items():
        if word.isascii() and word.isalpha():  # looked up as is at run time: must agree
            got = zipf_frequency(word, "en")
            if got != round((900 - index) / 100, 2):
                raise SystemExit(f"{word!r}: zipf_frequency {got} is not its bucket {index}")
    return rows


def name_rows() -> dict[str, dict[str, int]]:
    """Census name (lower case) → {"surname": share, "given": share} in 1/100,000 of people."""
    import names  # type: ignore[import-untyped]

    folder = Path(names.__file__).parent
    out: dict[str, dict[str, int]] = {}
    for file, column in _NAME_FILES:
        for line in (folder / file).read_text("ascii").splitlines():
            name, percent = line.split()[:2]
            share = round(float(percent) * 1000)
            if share >= _MIN_SHARE:
                cell = out.setdefault(name.lower(), {})
                cell[column] = max(cell.get(column, 0), share)
    return out


def render() -> str:
    from wordfreq import zipf_frequency

    lowest = floor()
    words = word_rows(lowest)
    people = name_rows()
    version = importlib.metadata.version("wordfreq")
    names_version = importlib.metadata.version("names")
    lines = [
        "# English words and personal names, to tell common words and people from places"
        " (incidentmap.gazetteer.zipf, commonness, name_share).",
        f"# Words: wordfreq {version} by Robyn Speer (https://github.com/rspeer/wordfreq),"
        " English list 'best' (= 'large'); wordfreq's code is Apache-2.0, its data CC BY-SA 4.0"
        " (https://creativecommons.org/licenses/by-sa/4.0/), so this table is CC BY-SA 4.0 too;"
        " wordfreq's README lists the corpora its data comes from.",
        "# Names: US Census Bureau 1990 name files dist.all.last, dist.male.first,"
        f" dist.female.first (public domain) as shipped by the PyPI package names {names_version}"
        " (MIT).",
        f"# Rows: every wordfreq token with zipf >= {lowest:.2f} (the floor: lower values compare"
        f" like 0), and every census name borne by at least {_MIN_SHARE} in 100,000 people.",
        "# zipf: wordfreq's frequency bucket of the token (= zipf_frequency(word, 'en'));"
        " surname, given: people per 100,000 with that surname / given name (US, 1990);"
        " empty when none.",
        "# Made by scripts/derive_words.py; do not edit.",
        "word\tzipf\tsurname\tgiven",
    ]
    keys = set(words) | set(people)
    for word in sorted(keys):
        # a name below the floor gets its exact value
        z = (900 - words[word]) / 100 if word in words else zipf_frequency(word, "en")
        if any(c in word for c in "\t\n\r") or unicodedata.normalize("NFC", word) != word:
            raise SystemExit(f"unexpected token {word!r}")
        share = people.get(word, {})
        surname, given = share.get("surname", ""), share.get("given", "")
        lines.append(f"{word}\t{z:.2f}\t{surname}\t{given}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    text = render()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(text.encode("utf-8"))
    rows = text.count("\n") - sum(1 for line in text.splitlines() if line.startswith("#")) - 1
    print(f"wrote {rows} rows, {len(text.encode())} bytes to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
