"""Fill the real RMI CMRT 6.x templates the way suppliers do, for tests and benchmarks.

The template bytes come from the shared corpus (``tests.cmrt.corpus.corpus_file``); nothing
here copies a corpus file into the repository. Files are written with openpyxl, so they carry
the template's formulas but **no cached formula results**: Smelter List columns E-J (and every
translated label) read as empty through python-calamine, as in files saved by non-Excel tools.
The reader has to resolve smelters from what the supplier typed (column A CID, or metal and
look-up name in B/C).

Cell addresses come from ``cmrt.layouts.LAYOUT_6X`` (identical in 6.01 ... 6.5).
"""

from __future__ import annotations

import io
import random
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from cmrt.declaration import DECLARATION, METAL_ROWS, PRODUCT_LIST, SMELTER_LIST
from cmrt.layouts import LAYOUT_6X

LOOKUP_SHEET = "Smelter Look-up"
LOOKUP_FIRST_ROW = 5  # header row 4
SMELTER_NOT_LISTED = "Smelter not listed"
SMELTER_NOT_IDENTIFIED = "Smelter not yet identified"
MODES = ("cid", "pick", "paste", "not_listed", "not_identified")

SmelterMode = Literal["cid", "pick", "paste", "not_listed", "not_identified"]
# (metal, look-up name, standard smelter name, country, CID) as on the Smelter Look-up tab.
LookupRow = tuple[str, str, str, str, str]
AnswerValue = str | int | float

_LAYOUT = LAYOUT_6X
_COMPANY_FIELDS = frozenset(_LAYOUT.company.__dataclass_fields__)
_QUESTION_ROWS = {question.key: question.row for question in _LAYOUT.questions}
_COMPANY_QUESTION_ROWS = {question.key: question.row for question in _LAYOUT.company_questions}
_METAL_OFFSET = {str(metal): offset for offset, metal in enumerate(METAL_ROWS, start=1)}
_COLUMNS = _LAYOUT.smelter_columns


@dataclass(frozen=True)
class SmelterInput:
    """One Smelter List row as a supplier enters it.

    ``mode`` decides which cells are written (the others keep the template's formulas):

    * ``cid``: the CID typed in column A only (B/C stay the template's look-up formulas).
    * ``pick``: metal chosen in B and a look-up name in C (from the template's own
      Smelter Look-up tab); column A stays empty.
    * ``paste``: values pasted over the formula columns B..J, as a copy-paste from another
      file does: metal, look-up name, name, country, CID, source, street, city, state.
    * ``not_listed``: B metal, C "Smelter not listed", D name, E country.
    * ``not_identified``: B metal, C "Smelter not yet identified".

    Columns K..Q (contact, next steps, mines, recycled, comments) are written in every mode
    when given. ``row`` is the Smelter List row (default: the next free row from 5).
    """

    mode: SmelterMode
    cid: str = ""
    metal: str = ""
    lookup_name: str = ""
    name: str = ""
    country: str = ""
    recycled: str = ""  # "Yes" / "No" / "Unknown" / ""
    row: int | None = None
    source: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    contact_name: str = ""
    contact_email: str = ""
    next_steps: str = ""
    mine_names: str = ""
    mine_countries: str = ""
    comments: str = ""

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown smelter mode {self.mode!r}; expected one of {MODES}")
        if self.row is not None and self.row < _LAYOUT.smelter_first_row:
            raise ValueError(f"smelter rows start at {_LAYOUT.smelter_first_row}, not {self.row}")


@dataclass(frozen=True)
class _LookupDetail:
    metal: str
    lookup_name: str
    standard_name: str
    country: str
    cid: str
    source: str
    street: str
    city: str
    state: str


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@lru_cache(maxsize=8)
def _lookup_details(template_bytes: bytes) -> tuple[_LookupDetail, ...]:
    """The template's Smelter Look-up tab, columns A-I from row 5 (cached values)."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(template_bytes))
    sheet = workbook.get_sheet_by_name(LOOKUP_SHEET)
    first_row, first_column = sheet.start  # the used range need not start at A1
    details = []
    for index, values in enumerate(sheet.to_python(skip_empty_area=True)):
        if first_row + index + 1 < LOOKUP_FIRST_ROW:
            continue
        cells = [""] * first_column + [_text(value) for value in values]
        cells += [""] * (9 - len(cells))
        metal, lookup_name, standard_name, country, cid = cells[:5]
        if not metal or not lookup_name:
            continue
        details.append(_LookupDetail(metal, lookup_name, standard_name, country, cid, *cells[5:9]))
    return tuple(details)


def _is_placeholder(detail: _LookupDetail) -> bool:
    return detail.lookup_name in (SMELTER_NOT_LISTED, SMELTER_NOT_IDENTIFIED)


def lookup_rows(template_bytes: bytes, *, placeholders: bool = True) -> list[LookupRow]:
    """(metal, look-up name, standard name, country, CID) for each Smelter Look-up row of the
    template (header row 4, data from row 5, columns A-E), in sheet order.

    The tab also lists "Smelter not listed" and "Smelter not yet identified" for each metal
    (they feed the column C drop-down, with no CID); ``placeholders=False`` leaves them out,
    keeping only real smelters."""
    return [
        (row.metal, row.lookup_name, row.standard_name, row.country, row.cid)
        for row in _lookup_details(template_bytes)
        if placeholders or not _is_placeholder(row)
    ]


def _load(template_bytes: bytes) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        # openpyxl warns about template parts it drops (extensions, images without Pillow).
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl.load_workbook(io.BytesIO(template_bytes), keep_links=False)


def _save(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _metal_offset(metal: str) -> int:
    try:
        return _METAL_OFFSET[str(metal)]
    except KeyError:
        raise ValueError(
            f"unknown metal {metal!r}; expected one of {list(_METAL_OFFSET)}"
        ) from None


def _validate(
    company: Mapping[str, str | date],
    answers: Mapping[str, Mapping[str, AnswerValue]],
    comments: Mapping[str, Mapping[str, str]],
    company_answers: Mapping[str, tuple[str, str]],
) -> None:
    """Refuse unknown keys before the (slow) template load."""
    for field_name in company:
        if field_name not in _COMPANY_FIELDS:
            raise ValueError(f"unknown company field {field_name!r}")
    for table in (answers, comments):
        for key, per_metal in table.items():
            if key not in _QUESTION_ROWS:
                raise ValueError(
                    f"unknown question {key!r}; expected one of {list(_QUESTION_ROWS)}"
                )
            for metal in per_metal:
                _metal_offset(metal)
    for key in company_answers:
        if key not in _COMPANY_QUESTION_ROWS:
            raise ValueError(
                f"unknown company question {key!r}; expected one of {list(_COMPANY_QUESTION_ROWS)}"
            )


def _write_company(sheet: Worksheet, company: Mapping[str, str | date]) -> None:
    for field_name, value in company.items():
        cell = sheet[getattr(_LAYOUT.company, field_name)]
        if isinstance(value, date) and not isinstance(value, datetime):
            # Excel stores a typed date as a serial number shown with the template's format.
            value = datetime(value.year, value.month, value.day)
        cell.value = value


def _write_answers(
    sheet: Worksheet,
    answers: Mapping[str, Mapping[str, AnswerValue]],
    comments: Mapping[str, Mapping[str, str]],
) -> None:
    for table, column in ((answers, "D"), (comments, "G")):
        for key, per_metal in table.items():
            for metal, value in per_metal.items():
                sheet[f"{column}{_QUESTION_ROWS[key] + _metal_offset(metal)}"] = value


def _write_company_answers(
    sheet: Worksheet, company_answers: Mapping[str, tuple[str, str]]
) -> None:
    for key, (answer, comment) in company_answers.items():
        row = _COMPANY_QUESTION_ROWS[key]
        sheet[f"D{row}"] = answer or None
        sheet[f"G{row}"] = comment or None


def _assign_rows(smelters: Sequence[SmelterInput]) -> list[int]:
    taken = {smelter.row for smelter in smelters if smelter.row is not None}
    if len(taken) != sum(smelter.row is not None for smelter in smelters):
        raise ValueError("two smelters were given the same explicit row")
    rows = []
    cursor = _LAYOUT.smelter_first_row
    for smelter in smelters:
        if smelter.row is not None:
            rows.append(smelter.row)
            continue
        while cursor in taken:
            cursor += 1
        rows.append(cursor)
        taken.add(cursor)
    return rows


def _set(sheet: Worksheet, column: str, row: int, value: str) -> None:
    sheet[f"{column}{row}"] = value if value != "" else None


def _write_smelter(sheet: Worksheet, row: int, smelter: SmelterInput) -> None:
    columns = _COLUMNS
    if smelter.mode == "cid":
        _set(sheet, columns.cid_input, row, smelter.cid)
    elif smelter.mode == "pick":
        _set(sheet, columns.metal, row, smelter.metal)
        _set(sheet, columns.lookup_name, row, smelter.lookup_name)
    elif smelter.mode == "paste":
        for column, value in (
            (columns.metal, smelter.metal),
            (columns.lookup_name, smelter.lookup_name),
            (columns.name, smelter.name),
            (columns.country, smelter.country),
            (columns.cid, smelter.cid),
            (columns.source, smelter.source),
            (columns.street, smelter.street),
            (columns.city, smelter.city),
            (columns.state, smelter.state),
        ):
            # Pasting values replaces each formula, with an empty cell where the source was.
            _set(sheet, column, row, value)
    elif smelter.mode == "not_listed":
        _set(sheet, columns.metal, row, smelter.metal)
        _set(sheet, columns.lookup_name, row, SMELTER_NOT_LISTED)
        _set(sheet, columns.name, row, smelter.name)
        _set(sheet, columns.country, row, smelter.country)
    else:  # not_identified
        _set(sheet, columns.metal, row, smelter.metal)
        _set(sheet, columns.lookup_name, row, SMELTER_NOT_IDENTIFIED)
    for column, value in (
        (columns.contact_name, smelter.contact_name),
        (columns.contact_email, smelter.contact_email),
        (columns.next_steps, smelter.next_steps),
        (columns.mine_names, smelter.mine_names),
        (columns.mine_countries, smelter.mine_countries),
        (columns.recycled, smelter.recycled),
        (columns.comments, smelter.comments),
    ):
        if value:
            sheet[f"{column}{row}"] = value


def _make_room_for_products(sheet: Worksheet, count: int) -> None:
    """Move the copyright footer (B1001:D1001 in 6.01/6.1, B2006:D2006 in 6.31+) below the
    last product, as Excel does when a supplier inserts rows for a longer list."""
    first_row = _LAYOUT.product_first_row
    footers = [
        merged
        for merged in sheet.merged_cells.ranges
        if merged.min_row == merged.max_row and merged.min_row > first_row
    ]
    for footer in footers:
        if footer.min_row >= first_row + count:
            continue
        new_row = first_row + count
        top_left = sheet.cell(footer.min_row, footer.min_col)
        value, style = top_left.value, top_left._style
        height = sheet.row_dimensions[footer.min_row].height
        sheet.unmerge_cells(footer.coord)
        top_left.value = None
        target = sheet.cell(new_row, footer.min_col, value)
        target._style = style
        sheet.row_dimensions[new_row].height = height
        sheet.merge_cells(
            start_row=new_row,
            start_column=footer.min_col,
            end_row=new_row,
            end_column=footer.max_col,
        )


def _write_products(sheet: Worksheet, products: Sequence[tuple[str, str, str]]) -> None:
    columns = _LAYOUT.product_columns
    _make_room_for_products(sheet, len(products))
    for row, (number, name, comments) in enumerate(products, start=_LAYOUT.product_first_row):
        _set(sheet, columns.number, row, number)
        _set(sheet, columns.name, row, name)
        _set(sheet, columns.comments, row, comments)


def fill_template(
    template_bytes: bytes,
    *,
    company: Mapping[str, str | date] | None = None,
    answers: Mapping[str, Mapping[str, AnswerValue]] | None = None,
    comments: Mapping[str, Mapping[str, str]] | None = None,
    company_answers: Mapping[str, tuple[str, str]] | None = None,
    smelters: Sequence[SmelterInput] = (),
    products: Sequence[tuple[str, str, str]] = (),
    language: str | None = None,
) -> bytes:
    """Fill a blank 6.x template and return the .xlsx bytes.

    * ``company``: ``CompanyCells`` field name (``name``, ``scope``, ``contact_email``,
      ``effective_date``...) -> value; a ``date`` is stored as an Excel date.
    * ``answers``: question key ("Q1".."Q8") -> metal ("Tantalum", "Tin", "Gold",
      "Tungsten" or ``Metal``) -> answer, written to column D of the metal's row.
      (6.01-6.22 store "100%" as the number 1: pass ``1`` to mimic Excel there.)
    * ``comments``: same shape, written to column G of the metal's row.
    * ``company_answers``: "A".."H" -> (answer, comment) into D/G of the question's row.
    * ``smelters``: Smelter List rows, see ``SmelterInput``.
    * ``products``: (number, name, comments) into Product List B/C/D from row 6.
    * ``language``: the Declaration!D3 choice, e.g. "English" or "中文 Chinese".
    """
    _validate(company or {}, answers or {}, comments or {}, company_answers or {})
    rows = _assign_rows(smelters)
    workbook = _load(template_bytes)
    declaration = workbook[DECLARATION]
    if language is not None:
        declaration["D3"] = language
    _write_company(declaration, company or {})
    _write_answers(declaration, answers or {}, comments or {})
    _write_company_answers(declaration, company_answers or {})
    smelter_sheet = workbook[SMELTER_LIST]
    for row, smelter in zip(rows, smelters, strict=True):
        _write_smelter(smelter_sheet, row, smelter)
    _write_products(workbook[PRODUCT_LIST], products)
    return _save(workbook)


# --------------------------------------------------------------------------------------------
# A large, realistic supplier file (benchmarks)

_WORDS = (
    "connector",
    "housing",
    "shielded",
    "gold-plated",
    "contact",
    "spring",
    "relay",
    "capacitor",
    "tantalum",
    "solder",
    "paste",
    "wire",
    "bond",
    "lead",
    "frame",
    "heat",
    "sink",
    "terminal",
    "crimp",
    "socket",
    "header",
    "switch",
    "sensor",
    "board",
    "module",
    "assembly",
    "bracket",
    "cable",
    "harness",
    "coil",
    "ferrite",
    "resistor",
    "diode",
    "fuse",
    "plating",
    "alloy",
)
_FIRST_NAMES = ("Ana", "Bo", "Chen", "Dana", "Emil", "Fatima", "Goran", "Hiro", "Ines", "Jonas")
_LAST_NAMES = ("Alvarez", "Becker", "Cho", "Dubois", "Eriksen", "Fujita", "Garcia", "Haddad")
_STEPS = ("Request RMAP audit", "Escalate to supplier", "Monitor", "Remove from supply chain", "")
_COUNTRIES = (
    "CHINA",
    "JAPAN",
    "GERMANY",
    "UNITED STATES OF AMERICA",
    "PERU",
    "INDONESIA",
    "BRAZIL",
)
_NOT_LISTED_NAMES = (
    "Unnamed refinery",
    "Local tin works",
    "Recycler (name pending)",
    "Metal trading house",
    "Unknown smelter reported by tier-2",
)

BIG_COMPANY: dict[str, str | date] = {
    "name": "Acme Precision Components GmbH",
    "scope": "A. Company",
    "unique_id": "DE123456789",
    "unique_id_authority": "VAT",
    "address": "Industriestrasse 12, 70565 Stuttgart, Germany",
    "contact_name": "Dana Becker",
    "contact_email": "dana.becker@acme.example.com",
    "contact_phone": "+49 711 555 0100",
    "authorizer": "Emil Eriksen",
    "authorizer_title": "Head of Compliance",
    "authorizer_email": "emil.eriksen@acme.example.com",
    "authorizer_phone": "+49 711 555 0199",
    "effective_date": date(2025, 3, 31),
}


def _full_response(template_bytes: bytes) -> AnswerValue:
    """What Excel stores when a supplier picks "100%" for Q6 in this template: the number 1
    in 6.01-6.22 (plain list B99), the text "100%" in 6.31+ (per-metal lists in E96:E119)."""
    return "100%" if _is_631_or_later(template_bytes) else 1


@lru_cache(maxsize=8)
def _is_631_or_later(template_bytes: bytes) -> bool:
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(template_bytes)).get_sheet_by_name(
        DECLARATION
    )
    first_row, first_column = sheet.start
    rows = sheet.to_python(skip_empty_area=True)
    # 6.31+ per-metal Q6 lists: E96 caches "100%" (a formula); 6.01-6.22 leave E96 empty.
    row, column = 95 - first_row, 4 - first_column
    return 0 <= row < len(rows) and 0 <= column < len(rows[row]) and rows[row][column] == "100%"


def big_answers(template_bytes: bytes) -> dict[str, dict[str, AnswerValue]]:
    """A complete, consistent set of per-metal answers (all four metals in scope)."""
    per_key: dict[str, AnswerValue] = {
        "Q1": "Yes",
        "Q2": "Yes",
        "Q3": "No",
        "Q4": "No",
        "Q5": "No",
        "Q6": _full_response(template_bytes),
        "Q7": "Yes",
        "Q8": "Yes",
    }
    return {key: {str(metal): value for metal in METAL_ROWS} for key, value in per_key.items()}


BIG_COMPANY_ANSWERS: dict[str, tuple[str, str]] = {
    "A": ("Yes", ""),
    "B": ("Yes", "https://acme.example.com/responsible-minerals-policy"),
    "C": ("Yes", ""),
    "D": ("Yes", ""),
    "E": ("Yes, in conformance with IPC1755 (e.g., CMRT)", ""),
    "F": ("Yes", ""),
    "G": ("Yes", ""),
    "H": ("Yes, with the SEC", ""),
}


def _big_smelter(rng: random.Random, detail: _LookupDetail, index: int) -> SmelterInput:
    draw = rng.random()
    extra = {
        "recycled": rng.choice(("Yes", "No", "No", "No", "")),
        "contact_name": f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
        if rng.random() < 0.3
        else "",
        "next_steps": rng.choice(_STEPS),
        "comments": f"Reported by supplier {rng.randrange(1, 400):03d}, ref {rng.getrandbits(32):08x}"
        if rng.random() < 0.4
        else "",
    }
    if draw < 0.35:
        return SmelterInput(
            mode="pick", metal=detail.metal, lookup_name=detail.lookup_name, **extra
        )
    if draw < 0.60:
        cid = detail.cid
        if index % 37 == 0:  # real lists hold IDs typed in lower case or with spaces
            cid = f" {cid.lower()} "
        return SmelterInput(mode="cid", cid=cid, **extra)
    if draw < 0.85:
        return SmelterInput(
            mode="paste",
            metal=detail.metal,
            lookup_name=detail.lookup_name,
            name=detail.standard_name,
            country=detail.country,
            cid=detail.cid,
            source=detail.source,
            street=detail.street,
            city=detail.city,
            state=detail.state,
            **extra,
        )
    if draw < 0.96:
        return SmelterInput(
            mode="not_listed",
            metal=detail.metal,
            name=f"{rng.choice(_NOT_LISTED_NAMES)} {rng.randrange(1, 999)}",
            country=rng.choice(_COUNTRIES),
            **extra,
        )
    return SmelterInput(mode="not_identified", metal=detail.metal, **extra)


def big_smelters(template_bytes: bytes, count: int, *, seed: int = 0) -> list[SmelterInput]:
    """``count`` Smelter List rows mixing all five modes, drawn from the template's look-up.

    Each smelter (CID) appears once, under one of its look-up aliases, until the list is
    exhausted (6.01 has 312 CIDs); only longer lists repeat smelters."""
    rng = random.Random(seed)
    by_cid: dict[str, list[_LookupDetail]] = {}
    for detail in _lookup_details(template_bytes):
        if not _is_placeholder(detail) and detail.cid:
            by_cid.setdefault(detail.cid, []).append(detail)
    pool = [rng.choice(aliases) for aliases in by_cid.values()]
    smelters: list[SmelterInput] = []
    while len(smelters) < count:
        rng.shuffle(pool)
        for detail in pool[: count - len(smelters)]:
            smelters.append(_big_smelter(rng, detail, len(smelters)))
    return smelters


def big_products(
    count: int, *, seed: int = 0, comment_words: int = 6
) -> list[tuple[str, str, str]]:
    """``count`` Product List rows: unique part numbers, descriptive names and comments."""
    rng = random.Random(seed)
    products = []
    for index in range(count):
        number = f"{rng.choice('ABCDEFHKLMPRSTX')}{index:06d}-{rng.getrandbits(16):04X}"
        name = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 5))).capitalize()
        name += f" {rng.randint(1, 64)}-pin rev {rng.choice('ABCDEFG')}{rng.randint(0, 9)}"
        comment = " ".join(
            rng.choice(_WORDS) if rng.random() < 0.5 else f"{rng.getrandbits(24):06x}"
            for _ in range(comment_words)
        )
        products.append((number, name, comment))
    return products


def big_filled_workbook(
    template_bytes: bytes,
    smelter_count: int = 400,
    product_count: int = 200,
    *,
    seed: int = 0,
    comment_words: int = 6,
) -> bytes:
    """A realistic large supplier file: complete declaration in English, ``smelter_count``
    smelter rows in every entry mode and ``product_count`` products (about 1.2 MB with the
    defaults). Deterministic for a given ``seed``. ``comment_words`` sets the length of the
    product comments (raise it to build heavier files)."""
    return fill_template(
        template_bytes,
        language="English",
        company=BIG_COMPANY,
        answers=big_answers(template_bytes),
        company_answers=BIG_COMPANY_ANSWERS,
        smelters=big_smelters(template_bytes, smelter_count, seed=seed),
        products=big_products(product_count, seed=seed, comment_words=comment_words),
    )
