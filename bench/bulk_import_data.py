"""Workbooks for bench/bulk_import.py: small generated CMRTs, or real-size filled templates.

Small: ``tests.cmrt.build6x`` workbooks (~26 KiB) with 30-300 smelters drawn from a made-up
400-smelter reference list. Large: the RMI 6.5 template of ../shared/corpus filled the way
suppliers do (``tests.cmrt.filling``: 400 smelters in every entry mode, 200 products);
only ``LARGE_BASES`` are filled (openpyxl takes seconds a file), the others are copies with
another company name and e-mail. Both are cached under var/.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METALS = ("Gold", "Tantalum", "Tin", "Tungsten")
COUNTRIES = ("CHINA", "GERMANY", "JAPAN", "PERU", "BRAZIL", "INDONESIA", "UNITED STATES OF AMERICA")
SUPPLIERS = [f"Bench Supplier {n:02d}" for n in range(60)]
SPELLINGS = ("{}", "{} GmbH", "{} Co., Ltd.", "{} INC.")
TEMPLATE = ROOT.parent / "shared" / "corpus" / "cmrt" / "RMI_CMRT_6.5_blank.xlsx"
LARGE_BASES = 20  # filled with openpyxl; the other large files are renamed copies
PLACEHOLDER = ("BENCHCOMPANYPLACEHOLDER", "bench-placeholder@example.com")


def reference_smelters() -> list[tuple[str, str, str, str]]:
    """(metal, CID, standard name, country) for 400 made-up smelters."""
    rng = random.Random(7)
    return [
        (
            METALS[n % 4],
            f"CID{n + 1:06d}",
            f"{rng.choice(('Golden', 'Eastern', 'Nordic', 'Pacific', 'Andes'))} "
            f"{rng.choice(('Refining', 'Smelting', 'Metals', 'Materials'))} Works {n:03d}",
            rng.choice(COUNTRIES),
        )
        for n in range(400)
    ]


def reference_csv() -> bytes:
    lines = ["METAL,SMELTER ID,STANDARD SMELTER NAME,COUNTRY,CITY,STATE PROVINCE"]
    lines += [
        f'{m},{cid},"{name}",{country},City,' for m, cid, name, country in reference_smelters()
    ]
    return ("\n".join(lines) + "\n").encode()


def company(number: int, rng: random.Random) -> str:
    if number % 10 == 9:
        return f"Unknown Trading {number:04d} Ltd"
    return rng.choice(SPELLINGS).format(rng.choice(SUPPLIERS))


def workbook(number: int) -> bytes:
    from tests.cmrt.build6x import COMPANY, cmrt_6x

    rng = random.Random(number)
    reference = reference_smelters()
    name = company(number, rng)
    rows = []
    for metal, cid, smelter, country in rng.sample(reference, rng.randint(30, 300)):
        kind = rng.random()
        if kind < 0.85:  # picked from the look-up list: the template fills the ID
            rows.append(
                {"B": metal, "C": smelter, "D": smelter, "E": country, "F": cid, "G": "RMI"}
            )
        elif kind < 0.95:  # typed by hand, another spelling, no ID
            rows.append({"B": metal, "C": "Smelter not listed", "D": smelter.upper(), "E": country})
        else:  # a smelter the list does not know
            rows.append({"B": metal, "C": "Smelter not listed", "D": f"Local Foundry {kind:.5f}"})
    lookup = tuple((m, smelter, smelter, country, cid) for m, cid, smelter, country in reference)
    return cmrt_6x(
        company={**COMPANY, "name": name, "contact_email": f"cmrt{number}@example.com"},
        smelters=tuple(rows),
        lookup=lookup,
    )


def large_base(number: int) -> bytes:
    """A real-size filled 6.5 template whose company and e-mail are placeholders."""
    from tests.cmrt.filling import (
        BIG_COMPANY,
        BIG_COMPANY_ANSWERS,
        big_answers,
        big_products,
        big_smelters,
        fill_template,
    )

    template = TEMPLATE.read_bytes()
    return fill_template(
        template,
        language="English",
        company={**BIG_COMPANY, "name": PLACEHOLDER[0], "contact_email": PLACEHOLDER[1]},
        answers=big_answers(template),
        company_answers=BIG_COMPANY_ANSWERS,
        smelters=big_smelters(template, 400, seed=number),
        products=big_products(200, seed=number),
    )


def renamed(base: bytes, number: int) -> bytes:
    """``base`` with this file's company and e-mail (openpyxl writes them as inline strings
    of the Declaration sheet)."""
    name = company(number, random.Random(number)).encode()
    email = f"cmrt{number}@example.com".encode()
    source = zipfile.ZipFile(io.BytesIO(base))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".xml") and PLACEHOLDER[0].encode() in data:
                data = data.replace(PLACEHOLDER[0].encode(), name)
                data = data.replace(PLACEHOLDER[1].encode(), email)
            target.writestr(info, data)
    return buffer.getvalue()


def workbooks(count: int, *, large: bool) -> list[tuple[str, bytes]]:
    cache = ROOT / "var" / ("bench-bulk-large" if large else "bench-bulk")
    cache.mkdir(parents=True, exist_ok=True)
    if large:
        if not TEMPLATE.is_file():
            raise SystemExit(f"--large needs the corpus template {TEMPLATE}")
        wanted = range(min(count, LARGE_BASES))
        make, path = large_base, lambda n: cache / f"base-{n:02d}.xlsx"
    else:
        wanted = range(count)
        make, path = workbook, lambda n: cache / f"{n:04d}.xlsx"
    missing = [n for n in wanted if not path(n).exists()]
    if missing:
        print(f"generating {len(missing)} workbooks (cached in {cache}) ...", flush=True)
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            for number, content in zip(missing, pool.map(make, missing), strict=True):
                path(number).write_bytes(content)
    if large:  # the copies are cached too: re-zipping 2 MB takes a while
        bases: dict[int, bytes] = {}
        contents = []
        for number in range(count):
            copy = cache / f"{number:04d}.xlsx"
            if not copy.exists():
                base = number % len(wanted)
                bases.setdefault(base, path(base).read_bytes())
                copy.write_bytes(renamed(bases[base], number))
            contents.append(copy.read_bytes())
    else:
        contents = [path(n).read_bytes() for n in range(count)]
    return [(f"bench/{n // 100:02d}/cmrt-{n:04d}.xlsx", c) for n, c in enumerate(contents)]
