"""The template filler puts a supplier's entries where each real 6.x template expects them.

Reads back with the app's own ``workbook_open`` (cached values only, as the reader sees the
file) and, for the formulas the filler must keep, with openpyxl. No database.
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from cmrt.declaration import Metal
from cmrt.workbook import Sheet, Workbook, workbook_open
from tests.cmrt.corpus import corpus_file
from tests.cmrt.filling import (
    SmelterInput,
    big_filled_workbook,
    fill_template,
    lookup_rows,
)

TEMPLATES = {
    "6.01": "cmrt/RMI_CMRT_6.01_blank.xlsx",
    "6.1": "cmrt/RMI_CMRT_6.1_blank.xlsx",
    "6.31": "cmrt/RMI_CMRT_6.31_blank.xlsx",
    "6.5": "cmrt/RMI_CMRT_6.5_blank.xlsx",
}
# Smelter Look-up rows per release (cmrt-format.md §5), 8 of them "not listed"/"not identified".
LOOKUP_COUNTS = {"6.01": 587, "6.1": 606, "6.31": 637, "6.5": 637}

COMPANY = {
    "name": "Acme Test Corp",
    "scope": "B. Product (or List of Products)",
    "scope_description": "Connectors",
    "unique_id": "DUNS 123456789",
    "unique_id_authority": "Dun & Bradstreet",
    "address": "1 Main St, Springfield",
    "contact_name": "Ada Lovelace",
    "contact_email": "ada@acme.example.com",
    "contact_phone": "+1 555 0100",
    "authorizer": "Grace Hopper",
    "authorizer_title": "CEO",
    "authorizer_email": "grace@acme.example.com",
    "authorizer_phone": "+1 555 0199",
    "effective_date": date(2025, 2, 28),
}
COMPANY_CELLS = {
    "name": "D8",
    "scope": "D9",
    "scope_description": "D10",
    "unique_id": "D12",
    "unique_id_authority": "D13",
    "address": "D14",
    "contact_name": "D15",
    "contact_email": "D16",
    "contact_phone": "D17",
    "authorizer": "D18",
    "authorizer_title": "D19",
    "authorizer_email": "D20",
    "authorizer_phone": "D21",
}
ANSWERS = {
    "Q1": {"Tantalum": "Yes", "Tin": "Yes", "Gold": "No", "Tungsten": "Yes"},
    "Q2": {"Tantalum": "Yes", Metal.TIN: "No"},
    "Q3": {"Tantalum": "Unknown"},
    "Q6": {"Tungsten": "Greater than 75%"},
    "Q8": {"Tungsten": "No"},
}
COMMENTS = {"Q1": {"Gold": "no gold anywhere"}, "Q8": {"Tungsten": "list follows"}}
COMPANY_ANSWERS = {
    "A": ("Yes", ""),
    "B": ("Yes", "https://acme.example.com/policy"),
    "E": ("Yes, using other format (describe)", "own questionnaire"),
    "H": ("No", ""),
}
PRODUCTS = [("P-001", "Connector 12-pin", "gold-plated"), ("P-002", "Relay", "")]


def _cell(sheet: Sheet, address: str) -> object:
    return sheet.value(address)


@pytest.fixture(scope="module", params=list(TEMPLATES))
def filled(request: pytest.FixtureRequest) -> tuple[str, bytes, bytes, list[SmelterInput]]:
    """One filled file per template: every field kind and every smelter entry mode."""
    version = request.param
    template = corpus_file(TEMPLATES[version])
    real = lookup_rows(template, placeholders=False)
    gold = next(row for row in real if row[0] == "Gold")
    tin = next(row for row in real if row[0] == "Tin")
    tantalum = next(row for row in real if row[0] == "Tantalum")
    smelters = [
        SmelterInput(mode="cid", cid=gold[4], recycled="No"),  # row 5
        SmelterInput(mode="pick", metal=tin[0], lookup_name=tin[1], recycled="Yes"),  # row 6
        SmelterInput(  # row 7
            mode="paste",
            metal=tantalum[0],
            lookup_name=tantalum[1],
            name=tantalum[2],
            country=tantalum[3],
            cid=tantalum[4],
            source="RMI",
            street="1 Smelter Road",
            city="Ore City",
            state="Somewhere",
            comments="copied from supplier X",
        ),
        SmelterInput(mode="not_listed", metal="Tin", name="Local Tin Works", country="BOLIVIA"),
        SmelterInput(mode="not_identified", metal="Tungsten", row=20),
        SmelterInput(mode="cid", cid="CID000001", row=9),  # explicit row before the cursor
        SmelterInput(mode="pick", metal="Gold", lookup_name=gold[1]),  # row 10 (9 is taken)
    ]
    content = fill_template(
        template,
        company=COMPANY,
        answers=ANSWERS,
        comments=COMMENTS,
        company_answers=COMPANY_ANSWERS,
        smelters=smelters,
        products=PRODUCTS,
        language="English",
    )
    return version, template, content, smelters


@pytest.fixture(scope="module")
def opened(filled: tuple[str, bytes, bytes, list[SmelterInput]]) -> Workbook:
    return workbook_open(filled[2])


def test_the_filled_file_is_a_complete_template(opened: Workbook) -> None:
    assert opened.sheet_names == (
        "Revision",
        "Instructions",
        "Definitions",
        "Declaration",
        "Smelter List",
        "Checker",
        "Product List",
        "Smelter Look-up",
        "L",
        "C",
        "SorP",
    )
    assert not opened.sheet("L").visible
    assert opened.format == "xlsx"


def test_company_fields_and_language(opened: Workbook) -> None:
    declaration = opened.sheet("Declaration")
    assert _cell(declaration, "D3") == "English"
    for field_name, address in COMPANY_CELLS.items():
        assert _cell(declaration, address) == COMPANY[field_name], address
    effective = _cell(declaration, "D22")
    assert isinstance(effective, date)
    assert (effective.year, effective.month, effective.day) == (2025, 2, 28)


def test_answers_and_comments_per_metal(opened: Workbook) -> None:
    declaration = opened.sheet("Declaration")
    assert [_cell(declaration, f"D{row}") for row in (26, 27, 28, 29)] == [
        "Yes",
        "Yes",
        "No",
        "Yes",
    ]
    assert _cell(declaration, "D32") == "Yes"
    assert _cell(declaration, "D33") == "No"
    assert _cell(declaration, "D34") is None
    assert _cell(declaration, "D38") == "Unknown"
    assert _cell(declaration, "D59") == "Greater than 75%"
    assert _cell(declaration, "D71") == "No"
    assert _cell(declaration, "G28") == "no gold anywhere"
    assert _cell(declaration, "G71") == "list follows"


def test_company_answers(opened: Workbook) -> None:
    declaration = opened.sheet("Declaration")
    assert _cell(declaration, "D75") == "Yes"
    assert (_cell(declaration, "D77"), _cell(declaration, "G77")) == (
        "Yes",
        "https://acme.example.com/policy",
    )
    assert (_cell(declaration, "D83"), _cell(declaration, "G83")) == (
        "Yes, using other format (describe)",
        "own questionnaire",
    )
    assert _cell(declaration, "D89") == "No"


def test_smelter_rows_by_entry_mode(
    filled: tuple[str, bytes, bytes, list[SmelterInput]], opened: Workbook
) -> None:
    smelters = filled[3]
    sheet = opened.sheet("Smelter List")

    def row(number: int) -> list[object]:
        return [_cell(sheet, f"{column}{number}") for column in "ABCDEFGHIJ"]

    # cid: only column A; the look-up formulas have no cached result in a non-Excel file.
    assert row(5) == [smelters[0].cid] + [None] * 9
    assert _cell(sheet, "P5") == "No"
    # pick: metal and look-up name; A empty; E-J formulas uncached.
    assert row(6) == [None, "Tin", smelters[1].lookup_name] + [None] * 7
    assert _cell(sheet, "P6") == "Yes"
    # paste: values over B..J.
    paste = smelters[2]
    assert row(7) == [
        None,
        "Tantalum",
        paste.lookup_name,
        paste.name,
        paste.country,
        paste.cid,
        "RMI",
        "1 Smelter Road",
        "Ore City",
        "Somewhere",
    ]
    assert _cell(sheet, "Q7") == "copied from supplier X"
    assert row(8)[:5] == [None, "Tin", "Smelter not listed", "Local Tin Works", "BOLIVIA"]
    assert row(20)[:4] == [None, "Tungsten", "Smelter not yet identified", None]
    assert row(9)[0] == "CID000001"
    assert row(10)[1:3] == ["Gold", smelters[6].lookup_name]
    assert row(11) == [None] * 10


def test_template_formulas_are_kept_where_the_supplier_typed_nothing(
    filled: tuple[str, bytes, bytes, list[SmelterInput]],
) -> None:
    version, _template, content, _smelters = filled
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    rows = {
        cells[0].row: {cell.column_letter: cell.value for cell in cells if hasattr(cell, "column")}
        for cells in workbook["Smelter List"].iter_rows(min_row=5, max_row=8)
    }
    workbook.close()
    if version not in {"6.31"}:  # 6.31 ships row 5 without the column A look-up formulas
        assert str(rows[5]["B"]).startswith("=IF(LEN(A5)=0")
    assert str(rows[6]["E"]).startswith("=IF(ISERROR($V6)")  # picked: country still a formula
    assert str(rows[6]["F"]).startswith("=IF(ISERROR($V6)")
    assert rows[7]["F"] == filled[3][2].cid  # pasted: the value replaced the formula
    assert rows[8]["E"] == "BOLIVIA"  # not listed: the country chosen over the formula


def test_products_from_row_6(opened: Workbook) -> None:
    sheet = opened.sheet("Product List")
    assert [[_cell(sheet, f"{c}{r}") for c in "BCD"] for r in (6, 7, 8)] == [
        ["P-001", "Connector 12-pin", "gold-plated"],
        ["P-002", "Relay", None],
        [None, None, None],
    ]


@pytest.mark.parametrize("version", list(TEMPLATES))
def test_lookup_rows_read_the_templates_own_list(version: str) -> None:
    template = corpus_file(TEMPLATES[version])
    rows = lookup_rows(template)
    assert len(rows) == LOOKUP_COUNTS[version]
    assert rows[0] == ("Gold", "8853 S.p.A.", "8853 S.p.A.", "ITALY", "CID002763")
    real = lookup_rows(template, placeholders=False)
    assert len(real) == len(rows) - 8
    assert all(cid.startswith("CID") for *_rest, cid in real)
    assert {metal for metal, *_rest in real} == {"Tantalum", "Tin", "Gold", "Tungsten"}


def test_language_is_left_as_the_template_has_it_unless_given() -> None:
    template = corpus_file(TEMPLATES["6.5"])
    content = fill_template(template, company={"name": "Only A Name"})
    declaration = workbook_open(content).sheet("Declaration")
    assert _cell(declaration, "D3") == "中文 Chinese"
    assert _cell(declaration, "D8") == "Only A Name"


def test_a_long_product_list_moves_the_footer_down() -> None:
    template = corpus_file(TEMPLATES["6.01"])  # room for 995 products (footer at row 1001)
    products = [(f"P{n:05d}", f"Part {n}", "") for n in range(1200)]
    content = fill_template(template, products=products)
    sheet = workbook_open(content).sheet("Product List")
    assert _cell(sheet, "B6") == "P00000"
    assert _cell(sheet, "B1001") == "P00995"
    assert _cell(sheet, "C1205") == "Part 1199"
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    product_list = workbook["Product List"]
    assert "B1206:D1206" in {str(merged) for merged in product_list.merged_cells.ranges}
    assert '"Cpy"' in str(product_list["B1206"].value)


def test_big_filled_workbook_mixes_every_entry_mode() -> None:
    template = corpus_file(TEMPLATES["6.5"])
    content = big_filled_workbook(template)
    # ~1 MB (openpyxl with its own writer), ~2.3 MB when lxml is installed (its writer keeps
    # every formula cell in full): both are real-size supplier files.
    assert 800_000 < len(content) < 2_600_000
    workbook = workbook_open(content)
    declaration = workbook.sheet("Declaration")
    assert _cell(declaration, "D8") == "Acme Precision Components GmbH"
    assert _cell(declaration, "D3") == "English"
    assert _cell(declaration, "D56") == "100%"
    smelters = workbook.sheet("Smelter List")
    filled_rows = [r for r in range(5, 405) if _cell(smelters, f"A{r}") or _cell(smelters, f"B{r}")]
    assert len(filled_rows) == 400
    assert _cell(smelters, "A405") is None and _cell(smelters, "B405") is None
    lookups = {_cell(smelters, f"C{r}") for r in filled_rows}
    assert {"Smelter not listed", "Smelter not yet identified"} <= lookups
    assert any(_cell(smelters, f"A{r}") for r in filled_rows)  # typed CIDs
    assert any(_cell(smelters, f"F{r}") for r in filled_rows)  # pasted values
    products = workbook.sheet("Product List")
    assert _cell(products, "B205") and _cell(products, "B206") is None


def test_big_filled_workbook_answers_100_percent_as_excel_stores_it() -> None:
    content = big_filled_workbook(corpus_file(TEMPLATES["6.1"]), 10, 10)
    assert _cell(workbook_open(content).sheet("Declaration"), "D56") == 1  # 6.01-6.22: a number


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"company": {"nickname": "x"}}, "unknown company field 'nickname'"),
        ({"answers": {"Q9": {"Gold": "Yes"}}}, "unknown question 'Q9'"),
        ({"comments": {"Q1": {"Cobalt": "x"}}}, "unknown metal 'Cobalt'"),
        ({"company_answers": {"Z": ("Yes", "")}}, "unknown company question 'Z'"),
        (
            {"smelters": [SmelterInput(mode="cid", row=7), SmelterInput(mode="pick", row=7)]},
            "same explicit row",
        ),
    ],
)
def test_bad_input_is_refused_before_the_template_is_read(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fill_template(b"never read", **kwargs)


def test_smelter_input_checks_mode_and_row() -> None:
    with pytest.raises(ValueError, match="unknown smelter mode 'typed'"):
        SmelterInput(mode="typed")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="smelter rows start at 5"):
        SmelterInput(mode="cid", cid="CID000001", row=4)
