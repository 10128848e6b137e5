"""How fast is smelter matching on a real-size reference list and a large batch of rows?

Builds a synthetic reference list of the real size (about 1,500 smelters over the four
metals, each with a look-up name and some with other or former names; realistic names made
of places, trade words and legal forms) and 100,000 reported rows: smelter IDs (some typed
in lower case or with spaces, some malformed or unknown), exact names and aliases, case and
spacing variants, typos, unknown names and "not yet identified" rows. Names repeat, as they
do across real supplier files. Then it times ``cmrt.matching.smelters_match`` over all rows
(one call, as one large batch) and prints rows/s, the time against the 10 s target (issue 4)
and the share of rows by method and status. It prints, never asserts.

Run: ``.venv/bin/python bench/match_smelters.py [--rows N] [--seed S] [--runs R]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("VAR_DIR", "/tmp/bench-var")

import django  # noqa: E402

django.setup()

from cmrt.declaration import Metal, SmelterResolution, SmelterRow  # noqa: E402
from cmrt.matching import (  # noqa: E402
    ReferenceEntry,
    reference_index_build,
    smelters_match,
)
from tests.cmrt.matching.helpers import row  # noqa: E402

TARGET_SECONDS = 10.0
# Roughly the RMI list's proportions.
SMELTERS = {Metal.GOLD: 620, Metal.TIN: 360, Metal.TANTALUM: 200, Metal.TUNGSTEN: 320}
_PLACE_WORDS = (
    "Jiangxi Hunan Yunnan Guangdong Shandong Henan Fujian Guangxi Zhejiang Jiangsu Shaanxi "
    "Inner-Mongolia Ganzhou Chenzhou Gejiu Zhuzhou Xiamen Shenzhen Lingbao Zhaoyuan Osaka "
    "Tokyo Yokohama Busan Incheon Bangkok Phuket Penang Selangor Jakarta Bangka Belitung "
    "Manaus Lima Oruro Potosi Santa-Cruz Kigali Bukavu Lubumbashi Johannesburg Accra Kumasi "
    "Almaty Tashkent Moscow Novosibirsk Yekaterinburg Krasnoyarsk Istanbul Ankara Dubai "
    "Mumbai Chennai Kolkata Hanoi Saigon Manila Cebu Sydney Perth Toronto Vancouver Denver "
    "Phoenix Salt-Lake Mexico Monterrey Zacatecas Hamburg Hanau Pforzheim Geneva Mendrisio "
    "Neuchatel Madrid Barcelona Milan Arezzo Vicenza Antwerp Hoboken Warsaw Vienna Bogota"
)
PLACES = tuple(_PLACE_WORDS.split())
WORDS = {
    Metal.GOLD: ("Gold", "Precious Metals", "Refining", "Refinery", "Bullion", "Assay"),
    Metal.TIN: ("Tin", "Smelting", "Tin Industry", "Solder", "Metals", "Timah"),
    Metal.TANTALUM: ("Tantalum", "Rare Metals", "Niobium", "Hi-Tech Materials", "Tantalite"),
    Metal.TUNGSTEN: ("Tungsten", "Cemented Carbide", "Wolfram", "Tungsten Products", "APT"),
}
EXTRA = ("Nonferrous", "Mining", "Metallurgical", "Industrial", "New Materials", "Group")
LEGAL = ("Co., Ltd.", "Co. Ltd", "Corporation", "Inc.", "S.A.", "GmbH", "Limited", "PT", "JSC")
COUNTRIES = (
    "China",
    "Japan",
    "Korea, Republic of",
    "Thailand",
    "Malaysia",
    "Indonesia",
    "Brazil",
    "Peru",
    "Bolivia",
    "Rwanda",
    "Russian Federation",
    "Switzerland",
    "Germany",
    "United States of America",
    "India",
)


def _name(rng: random.Random, metal: Metal) -> str:
    parts = [rng.choice(PLACES).replace("-", " ")]
    if rng.random() < 0.5:
        parts.append(rng.choice(EXTRA))
    parts.append(rng.choice(WORDS[metal]))
    parts.append(rng.choice(LEGAL))
    return " ".join(parts)


def reference(rng: random.Random) -> list[ReferenceEntry]:
    entries = []
    seen: set[str] = set()
    number = 0
    for metal, count in SMELTERS.items():
        made = 0
        while made < count:
            name = _name(rng, metal)
            if name.casefold() in seen:
                continue
            seen.add(name.casefold())
            number += 1
            made += 1
            lookup = name.upper().replace(",", "").replace(".", "")
            names = [lookup]
            former: tuple[str, ...] = ()
            if rng.random() < 0.3:
                names.append(f"{rng.choice(PLACES)} {rng.choice(WORDS[metal])} Works")
            if rng.random() < 0.15:
                former = (_name(rng, metal),)
                names.append(former[0])
            entries.append(
                ReferenceEntry(
                    cid=f"CID{number:06d}",
                    metal=metal,
                    standard_name=name,
                    country=rng.choice(COUNTRIES),
                    names=tuple(names),
                    active=rng.random() > 0.05,
                    former_names=former,
                )
            )
    return entries


def _typo(rng: random.Random, text: str) -> str:
    chars = list(text)
    position = rng.randrange(1, len(chars) - 1)
    kind = rng.random()
    if kind < 0.4:
        del chars[position]
    elif kind < 0.7:
        chars[position] = rng.choice("aeiounrst")
    else:
        chars[position], chars[position + 1] = chars[position + 1], chars[position]
    return "".join(chars)


def reported_rows(
    rng: random.Random, entries: list[ReferenceEntry], total: int
) -> list[SmelterRow]:
    """A pool of distinct reported rows, drawn with repeats (real files share names)."""
    metals = list(SMELTERS)
    typos = [(entry, _typo(rng, entry.standard_name)) for entry in rng.sample(entries, 900)]
    unknown = [(rng.choice(metals), _name(rng, rng.choice(metals))) for _ in range(1500)]

    def one(number: int) -> SmelterRow:
        entry = rng.choice(entries)
        pick = rng.random()
        if pick < 0.38:  # the ID, as the CMRT fills it in
            return row(entry.standard_name, cid=entry.cid, metal=entry.metal, number=number)
        if pick < 0.41:  # typed in lower case with a space
            typed = entry.cid.lower().replace("cid", "cid ")
            return row(entry.standard_name, cid=typed, metal=entry.metal, number=number)
        if pick < 0.43:  # malformed: one digit too many, the name still right
            return row(entry.standard_name, cid=entry.cid + "4", metal=entry.metal, number=number)
        if pick < 0.63:  # the standard or a known name
            name = rng.choice((entry.standard_name, *entry.names))
            return row(name, metal=entry.metal, country=entry.country, number=number)
        if pick < 0.73:  # case and spacing variants
            name = "  ".join(entry.standard_name.lower().split())
            return row(name, metal=entry.metal, number=number)
        if pick < 0.83:
            typo_entry, name = rng.choice(typos)
            country = typo_entry.country if rng.random() < 0.5 else ""
            return row(name, metal=typo_entry.metal, country=country, number=number)
        if pick < 0.95:
            metal, name = rng.choice(unknown)
            return row(name, metal=metal, country=rng.choice(COUNTRIES), number=number)
        return row(
            metal=entry.metal,
            lookup_name="Smelter not yet identified",
            resolution=SmelterResolution.NOT_IDENTIFIED,
            number=number,
        )

    return [one(number) for number in range(5, total + 5)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="reported rows")
    parser.add_argument("--seed", type=int, default=4, help="random seed")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (median)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    entries = reference(rng)
    rows = reported_rows(rng, entries, args.rows)
    names = sum(1 + len(entry.names) for entry in entries)
    started = time.perf_counter()
    index = reference_index_build(entries)
    build = time.perf_counter() - started
    print(f"reference: {len(entries)} smelters, {names} names; index built in {build:.2f} s")
    distinct = len({(r.metal, r.name, r.country) for r in rows})
    print(f"reported:  {len(rows):,} rows, {distinct:,} distinct (metal, name, country)")
    timings = []
    matches: tuple = ()
    for _ in range(args.runs):  # each run starts with an empty cache, as a real batch does
        started = time.perf_counter()
        matches = smelters_match(rows, index)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    verdict = "within" if median < TARGET_SECONDS else "OVER"
    print(
        f"matching:  median {median:.2f} s of {args.runs} runs ({len(rows) / median:,.0f} rows/s); "
        f"target < {TARGET_SECONDS:.0f} s: {verdict}"
    )
    print("\nshare of rows by method and status")
    shares = Counter((match.method.value, match.status.value) for match in matches)
    for (method, status), count in sorted(shares.items(), key=lambda item: -item[1]):
        print(f"  {method:<8} {status:<15} {count:>8,}  {100 * count / len(matches):5.1f}%")


if __name__ == "__main__":
    main()
