"""Hostile and broken uploads: each gets a plain UnreadableWorkbook message, quickly and in
bounded memory, never a traceback or a dead worker. The files are built by tests.cmrt.hostile;
the messages are shared with the end-to-end hostile corpus (tests/hostile/messages.py).

Where time and memory matter, the upload is opened in a fresh interpreter (a subprocess with
a 3 GB address-space cap, so a regression fails the test instead of the machine). On Linux
the peak resident memory is reset just before workbook_open (/proc/self/clear_refs), so the
peak minus what was resident then is what opening that one file cost.
"""

from __future__ import annotations

import http.server
import io
import json
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineError, CalamineWorkbook

from cmrt.workbook import (
    MAX_SHEET_CELLS,
    UnreadableWorkbook,
    read_isolated,
    workbook_inspect,
    workbook_open,
)
from tests.cmrt import hostile
from tests.cmrt.builders import CMRT_SHEETS, template_workbook
from tests.cmrt.corpus import corpus_file
from tests.hostile.messages import (
    AGAIN,
    DTD,
    OLE_BROKEN,
    TOO_MUCH_TEXT,
    XLS_DAMAGED,
    too_many_cells,
    too_many_rows,
)

ROOT = Path(__file__).resolve().parents[2]


def every_sheet_read(content: bytes) -> dict[str, int]:
    """What reading an upload does: open it and read each sheet (row counts)."""
    workbook = workbook_open(content)
    return {name: workbook.sheet(name).row_count for name in workbook.sheet_names}


def refusal(content: bytes) -> str:
    """The message a user gets: the read runs isolated, as for every upload."""
    with pytest.raises(UnreadableWorkbook) as caught:
        read_isolated(content, every_sheet_read)
    return str(caught.value)


def inspection_refusal(content: bytes) -> str:
    """The bounded pre-read's own verdict (what it says once an isolated read failed)."""
    with pytest.raises(UnreadableWorkbook) as caught:
        workbook_inspect(content)
    return str(caught.value)


MEASURE = """
import json, re, resource, sys, time
try:
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
except (ValueError, OSError):  # not every platform caps address space
    pass
import django
django.setup()
from cmrt.workbook import UnreadableWorkbook, read_isolated, workbook_open

def every_sheet_read(content):
    workbook = workbook_open(content)
    return {name: workbook.sheet(name).row_count for name in workbook.sheet_names}

def status(field):
    with open("/proc/self/status") as lines:
        return int(re.search(field + r":\\s+(\\d+)", lines.read()).group(1)) / 1024

content = open(sys.argv[1], "rb").read()
try:  # Linux: restart the peak (VmHWM) here, so it is this open's peak
    with open("/proc/self/clear_refs", "w") as reset:
        reset.write("5")
    before, peak = status("VmRSS"), lambda: status("VmHWM")
except OSError:  # elsewhere: the process's peak so far (an over-estimate)
    unit = 1024 if sys.platform.startswith("linux") else 1024 * 1024
    peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / unit
    before = 0
start = time.perf_counter()
try:
    outcome = {"rows": read_isolated(content, every_sheet_read)}
except UnreadableWorkbook as exc:
    outcome = {"refused": str(exc)}
outcome["seconds"] = time.perf_counter() - start
# The read runs in a forked child: its peak counts too (it starts from this process's size).
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
outcome["peak_mb"] = max(peak(), children) - before
print(json.dumps(outcome))
"""


def measured(content: bytes, tmp_path: Path) -> dict:
    """Open ``content`` in a fresh interpreter; the outcome with seconds and peak_mb."""
    upload = tmp_path / "upload.bin"
    upload.write_bytes(content)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(upload)],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"measured: {outcome.get('refused', outcome.get('rows'))!s:.80} "
        f"{outcome['seconds']:.2f}s peak +{outcome['peak_mb']:.0f} MB"
    )
    return outcome


# --- Containers that are not workbooks, or broken ----------------------------------------


def test_bytes_that_only_start_like_a_zip_are_damaged() -> None:
    assert refusal(b"PK\x03\x04" + hostile.garbage(5000)) == (
        "The file is damaged: it looks like an Excel file but cannot be opened."
    )


def test_a_zip_bomb_by_total_size_is_refused_from_its_directory(tmp_path: Path) -> None:
    content = hostile.zip_bomb_by_size(megabytes=70)  # 70 MB of zeros, ratio kept under 200
    outcome = measured(content, tmp_path)
    assert outcome["refused"] == (
        "The file unpacks to far more data than a workbook holds; it was refused."
    )
    assert outcome["seconds"] < 1 and outcome["peak_mb"] < 50


def test_a_zip_with_too_many_entries_is_refused() -> None:
    assert refusal(hostile.zip_with_entries(2_001)) == (
        "The file has too many parts to be a normal Excel workbook."
    )


def test_a_zip_whose_directory_lies_about_sizes_is_refused_after_the_declared_bytes(
    tmp_path: Path,
) -> None:
    content = hostile.lying_sizes()  # ~10 MB of sheet XML declared as 1,000 bytes
    outcome = measured(content, tmp_path)
    assert outcome["refused"] == (
        f"The workbook is damaged: its part “xl/worksheets/sheet1.xml” cannot be unpacked. {AGAIN}"
    )
    assert outcome["seconds"] < 2 and outcome["peak_mb"] < 50


def test_calamine_itself_stops_at_the_declared_size() -> None:
    """Measured behaviour of the dependency, pinned: the Rust zip reader refuses to unpack
    past an entry's declared size, so a lying directory cannot bomb it either."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(hostile.lying_sizes()))
    with pytest.raises(CalamineError, match="larger than its declared uncompressed size"):
        workbook.get_sheet_by_name("Declaration").to_python()


def test_the_same_part_twice_is_refused() -> None:
    content = hostile.repack(hostile.small_workbook(), {"XL/Worksheets/Sheet1.xml": "<x/>"})
    assert refusal(content) == (
        "The file is damaged: it contains the same part twice, so it was refused."
    )


def test_compression_excel_never_writes_is_refused() -> None:
    content = hostile.repack(
        hostile.small_workbook(), {"docProps/extra.xml": "<x/>"}, compression=zipfile.ZIP_BZIP2
    )
    assert refusal(content) == (
        "The file uses a zip compression method that Excel never writes, so it was refused. "
        "Save it again from Excel and upload the new copy."
    )


def test_a_binary_xlsb_workbook_is_named() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert refusal(buffer.getvalue()) == (
        "This is a binary Excel workbook (.xlsb), which cannot be read. Save it as .xlsx and "
        "upload that."
    )


def test_a_part_that_is_not_xml_is_refused() -> None:
    content = hostile.repack(hostile.small_workbook(), {hostile.SHEET: "<worksheet><sheetData>"})
    assert refusal(content) == (
        f"The workbook is damaged: its part “xl/worksheets/sheet1.xml” is not well-formed XML. "
        f"{AGAIN}"
    )


# --- XML entities ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build", [hostile.billion_laughs_in_sheet, hostile.billion_laughs_in_shared_strings]
)
def test_billion_laughs_is_refused_without_expanding_anything(build, tmp_path: Path) -> None:
    outcome = measured(build(), tmp_path)
    assert outcome["refused"] == DTD
    assert outcome["seconds"] < 1 and outcome["peak_mb"] < 50


def test_an_external_entity_is_refused_and_the_file_never_read() -> None:
    message = refusal(hostile.external_entity("/etc/passwd"))
    assert message == DTD
    assert "root:" not in message


@pytest.mark.parametrize(
    "build",
    [
        hostile.billion_laughs_in_sheet,
        hostile.billion_laughs_in_shared_strings,
        hostile.external_entity,
    ],
)
def test_calamine_itself_never_expands_entities(build) -> None:
    """Defence in depth, pinned: even without the DTD check, calamine (quick-xml) leaves
    entities unexpanded and fails on the reference, so nothing grows and nothing is read. (A
    failure while opening, as in the shared strings, is reported as "Cannot detect".)"""
    with pytest.raises(CalamineError, match="unrecognized entity|Cannot detect") as caught:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(build()))
        workbook.get_sheet_by_name("Declaration").to_python()
    assert "root:" not in str(caught.value)


# --- External links and macros: reported, never followed or run ------------------------------


def test_external_links_are_reported_and_never_fetched() -> None:
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/prices.xlsx"
        workbook = workbook_open(hostile.external_link(url))
    finally:
        server.shutdown()
        thread.join()
    assert workbook.has_external_links and not workbook.has_macros
    assert workbook.sheet("Declaration").value("A1") == 42  # the cached value, nothing more
    assert requests == []


def test_a_vba_project_is_reported_and_never_parsed() -> None:
    workbook = workbook_open(hostile.macro_workbook())  # the project is garbage on purpose
    assert workbook.has_macros and not workbook.has_external_links
    assert workbook.sheet("Declaration").value("A1") == "values still read"


def test_excel4_macro_sheets_are_reported() -> None:
    workbook = workbook_open(hostile.macro_workbook(excel4=True))
    assert workbook.has_macros
    assert workbook.sheet_names == ("Declaration",)


def test_an_ordinary_workbook_has_neither_flag() -> None:
    workbook = workbook_open(template_workbook())
    assert not workbook.has_macros and not workbook.has_external_links


def test_the_real_amrt_template_links_to_other_workbooks() -> None:
    workbook = workbook_open(corpus_file("other-templates/RMI_AMRT_1.3_blank.xlsx"))
    assert workbook.has_external_links and not workbook.has_macros


# --- Sheets far larger than a CMRT -----------------------------------------------------------


def test_a_million_rows_are_refused_by_size_before_parsing(tmp_path: Path) -> None:
    content = hostile.million_rows()  # 54 MB of sheet XML, 7.5 MB zipped
    outcome = measured(content, tmp_path)
    assert outcome["refused"] == (
        "The sheet “Declaration” holds far more data than a CMRT sheet (51 MB of cell data; the "
        "limit is 32 MB). Delete unused rows and columns, save and upload again."
    )
    assert outcome["seconds"] < 2 and outcome["peak_mb"] < 100


def test_a_million_compact_rows_are_read_up_to_the_row_limit(tmp_path: Path) -> None:
    content = hostile.million_rows(compact=True)  # 26 MB: under the size limit
    outcome = measured(content, tmp_path)
    assert outcome["rows"] == {"Declaration": 20_000}  # the rest is dropped, and reported
    assert outcome["seconds"] < 5 and outcome["peak_mb"] < 200


def test_the_pre_read_names_a_million_compact_rows() -> None:
    content = hostile.million_rows(compact=True)
    assert inspection_refusal(content) == too_many_rows("Declaration", "100,001")


def test_rows_under_the_limit_are_read_and_capped(tmp_path: Path) -> None:
    content = hostile.million_rows(rows=90_000)
    outcome = measured(content, tmp_path)
    assert outcome["rows"] == {"Declaration": 20_000}  # workbook_open's default max_rows
    assert outcome["seconds"] < 5 and outcome["peak_mb"] < 200


def test_a_sheet_of_empty_rows_is_refused_at_the_row_limit() -> None:
    assert inspection_refusal(hostile.with_sheet("<row/>" * 100_001)) == too_many_rows(
        "Declaration", "100,001"
    )


def test_millions_of_other_elements_cost_little(tmp_path: Path) -> None:
    content = hostile.many_elements(3_010_000)  # 12 MB of <x/>
    outcome = measured(content, tmp_path)
    assert "refused" not in outcome
    assert outcome["seconds"] < 5 and outcome["peak_mb"] < 100
    assert inspection_refusal(content) == (
        "The workbook holds far more entries than a CMRT (over 3,000,000 pieces of cell data "
        "and formatting). Delete unused rows, columns and formatting, save and upload again."
    )


def test_two_far_apart_cells_are_refused_not_allocated(tmp_path: Path) -> None:
    """Unguarded, calamine allocates A1:XFD1048576 densely: 512 GB, and the process aborts."""
    content = hostile.with_sheet(
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    )
    outcome = measured(content, tmp_path)
    assert outcome["refused"] == too_many_rows("Declaration", "1,048,576")
    assert outcome["seconds"] < 1


def test_a_sheet_as_wide_as_excel_is_refused() -> None:
    content = hostile.with_sheet(
        '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'
        '<row r="100"><c r="A100"><v>3</v></c></row>'
    )
    assert inspection_refusal(content) == too_many_cells("Declaration", "1,638,400", "XFD100")


def test_cells_without_positions_are_placed_as_calamine_places_them() -> None:
    """No ``r`` attributes: each cell takes the next column, each row the next row."""
    row = "<row>" + "<c><v>1</v></c>" * 16_384 + "</row>"
    content = hostile.with_sheet(row + '<row r="70"><c><v>1</v></c></row>')
    assert inspection_refusal(content) == too_many_cells("Declaration", "1,146,880", "XFD70")


def test_a_sheet_at_the_cell_limit_is_read() -> None:
    assert MAX_SHEET_CELLS == 5_000 * 100  # A1:CV5000
    content = hostile.with_sheet(
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="5000"><c r="CV5000"><v>2</v></c></row>'
    )
    sheet = workbook_open(content).sheet("Declaration")
    assert sheet.row_count == 5_000 and sheet.value("CV5000") == 2


def test_the_whole_workbook_has_a_cell_limit_too() -> None:
    corner = (
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="20000"><c r="T20000"><v>1</v></c></row>'
    )
    base = template_workbook(sheets=("S1", "S2", "S3"))
    content = hostile.repack(
        base, {f"xl/worksheets/sheet{n}.xml": hostile.sheet_xml(corner) for n in (1, 2, 3)}
    )
    assert inspection_refusal(content) == (
        "The workbook's sheets together span 1,200,000 cells; the limit is 1,000,000. Delete "
        "unused sheets, rows and columns, save and upload again."
    )


def test_a_part_read_under_many_sheet_names_counts_every_time() -> None:
    corner = '<row r="1"><c r="A1"><v>1</v></c></row><row r="100"><c r="J100"><v>1</v></c></row>'
    entries = [(f"S{n}", "worksheets/sheet1.xml") for n in range(1_001)]  # 1,000 cells each
    content = hostile.with_sheet_entries(entries, {hostile.SHEET: hostile.sheet_xml(corner)})
    assert inspection_refusal(content) == (
        "The workbook's sheets together span 1,001,000 cells; the limit is 1,000,000. Delete "
        "unused sheets, rows and columns, save and upload again."
    )


def test_a_worksheet_name_reused_from_a_chart_sheet_is_checked_where_it_points() -> None:
    """python-calamine fetches sheets by name: the worksheet "X" is read from the part of the
    first sheet called "X", here a chart sheet's, outside xl/worksheets/."""
    far = '<row r="1"><c r="A1"><v>1</v></c></row><row r="200000"><c r="A200000"><v>2</v></c></row>'
    content = hostile.with_sheet_entries(
        [("X", "chartsheets/sheet1.xml"), ("X", "worksheets/sheet1.xml")],
        {"xl/chartsheets/sheet1.xml": hostile.sheet_xml(far)},
    )
    assert inspection_refusal(content) == too_many_rows("X", "200,000")


def test_a_workbook_part_in_another_text_encoding_is_refused() -> None:
    base = hostile.small_workbook()
    workbook_xml = zipfile.ZipFile(io.BytesIO(base)).read("xl/workbook.xml")
    declared = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + workbook_xml
    assert inspection_refusal(hostile.repack(base, {"xl/workbook.xml": declared})) == (
        "The workbook's part “xl/workbook.xml” uses a text encoding Excel never writes, so it "
        f"was refused. {AGAIN}"
    )


def test_one_long_text_copied_into_many_cells_is_refused(tmp_path: Path) -> None:
    """A 1 MB string zips to 1 KB; calamine copies it into every cell that names it (twice:
    Rust, then Python). 200 cells already cost 400 MB unguarded."""
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 601))
    content = hostile.with_shared_strings(["a" * 1_000_000], cells)
    outcome = measured(content, tmp_path)
    assert outcome["refused"] == TOO_MUCH_TEXT.format(chars="11,000,000")  # counted up to the limit
    assert outcome["seconds"] < 5 and outcome["peak_mb"] < 600  # the capped child's peak


def test_shared_strings_are_read_when_modest() -> None:
    cells = '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>'
    sheet = workbook_open(hostile.with_shared_strings(["first", "second"], cells)).sheet(
        "Declaration"
    )
    assert (sheet.value("A1"), sheet.value("B1")) == ("second", "first")


@pytest.mark.parametrize("reference", ["A0", "1A"])
def test_a_cell_position_calamine_rejects_is_named(reference: str) -> None:
    content = hostile.with_sheet(f'<row r="1"><c r="{reference}"><v>1</v></c></row>')
    assert refusal(content) == (
        f"The sheet “Declaration” is damaged: a cell has an invalid position ({reference}). {AGAIN}"
    )


@pytest.mark.parametrize("reference", ["A0", "1A", "AAAA1", "A99999999"])
def test_a_cell_position_outside_the_grid_is_refused(reference: str) -> None:
    content = hostile.with_sheet(f'<row r="1"><c r="{reference}"><v>1</v></c></row>')
    assert inspection_refusal(content) == (
        f"The sheet “Declaration” is damaged: a cell has an invalid position ({reference}). {AGAIN}"
    )


# --- Legacy .xls and other OLE files -------------------------------------------------------


def test_the_xls_builder_makes_files_calamine_and_olefile_read() -> None:
    olefile = pytest.importorskip("olefile")
    content = hostile.xls()
    assert olefile.isOleFile(data=content)
    assert olefile.OleFileIO(content).listdir() == [["Workbook"]]
    workbook = workbook_open(content)
    assert workbook.format == "xls"
    assert workbook.sheet("Declaration").value("D8") == 2.5


def test_an_xls_with_a_garbage_workbook_stream_is_damaged() -> None:
    assert refusal(hostile.compound_file({"Workbook": hostile.garbage(8_000)})) == XLS_DAMAGED


def test_a_compound_file_with_garbage_for_its_structure_is_damaged() -> None:
    content = bytearray(hostile.xls())
    content[512:1536] = hostile.garbage(1024)  # the FAT and directory sectors
    assert refusal(bytes(content)) == OLE_BROKEN


def test_a_word_document_is_named() -> None:
    pytest.importorskip("olefile").isOleFile(data=hostile.word_document())
    assert refusal(hostile.word_document()) == (
        "This file is a Word document, not an Excel workbook. Upload the CMRT as .xlsx (or .xls)."
    )


def test_another_office_file_is_named() -> None:
    content = hostile.compound_file({"PowerPoint Document": bytes(100)})
    assert refusal(content) == (
        "This file is a PowerPoint presentation, not an Excel workbook. Upload the CMRT as .xlsx "
        "(or .xls)."
    )
    assert refusal(hostile.compound_file({"Contents": bytes(100)})) == (
        "This file is an Office document but not an Excel workbook. Upload the CMRT as .xlsx "
        "(or .xls)."
    )


def test_a_directory_chain_that_loops_is_refused(tmp_path: Path) -> None:
    """Unguarded, calamine follows the loop forever, growing memory until the process dies."""
    outcome = measured(hostile.directory_loop(), tmp_path)
    assert outcome["refused"] == OLE_BROKEN
    assert outcome["seconds"] < 1


def test_a_sector_past_the_end_of_the_file_is_refused() -> None:
    assert refusal(hostile.sector_past_the_end()) == OLE_BROKEN


def test_an_xls_cell_far_away_is_refused() -> None:
    content = hostile.xls({"Sheet1": hostile.number(0, 0, 1) + hostile.number(65_535, 255, 2)})
    assert refusal(content) == too_many_cells("Sheet1", "16,777,216", "IV65536")


def test_an_xls_dimensions_record_cannot_reserve_terabytes(tmp_path: Path) -> None:
    """Unguarded, calamine reserves rows x columns cells from this record and aborts."""
    records = hostile.dimensions(0, 0xFFFFFFFF, 0, 0xFFFF) + hostile.number(0, 0, 1)
    outcome = measured(hostile.xls({"Sheet1": records}), tmp_path)
    assert outcome["refused"] == too_many_cells("Sheet1", "281,470,681,677,825", "CRXO4294967295")


def test_an_xls_long_shared_string_copied_into_many_cells_is_refused() -> None:
    cells = b"".join(hostile.label_sst(row, 0, 0) for row in range(400))
    content = hostile.xls({"S": cells}, sst=hostile.shared_string_table(["x" * 30_000]))
    assert refusal(content) == TOO_MUCH_TEXT.format(chars="12,000,000")


def test_an_xls_shared_string_table_split_over_continue_records_is_read() -> None:
    cells = hostile.label_sst(0, 0, 0) + hostile.label_sst(1, 0, 1)
    content = hostile.xls({"S": cells}, sst=hostile.shared_string_table(["x" * 9_000, "after"]))
    sheet = workbook_open(content).sheet("S")
    assert sheet.value("A1") == "x" * 9_000 and sheet.value("A2") == "after"


def test_an_xls_vba_project_is_reported_and_never_parsed() -> None:
    """The project's dir stream is garbage that would make a VBA decompressor fail."""
    content = hostile.xls(extra={"_VBA_PROJECT_CUR/VBA/dir": b"\x01" + hostile.garbage(3_000)})
    workbook = workbook_open(content)
    assert workbook.has_macros and not workbook.has_external_links
    assert workbook.sheet("Declaration").value("A1") == 1.0


def test_an_xls_sheet_offset_past_the_stream_is_refused() -> None:
    content = bytearray(hostile.xls())
    stream_start = content.index(b"\x85\x00\x13\x00")  # BOUNDSHEET of "Declaration"
    content[stream_start + 4 : stream_start + 8] = (0x7FFFFFF0).to_bytes(4, "little")
    assert refusal(bytes(content)) == XLS_DAMAGED


def test_a_panic_inside_calamine_becomes_a_message() -> None:
    """A NAME record too short for calamine's parser makes it panic (a BaseException)."""
    content = hostile.xls(before_sheets=hostile.record(0x0018, b"\0\0\0\0"))
    assert refusal(content) == (
        "The workbook cannot be read: its contents are malformed. Open it in Excel, save it as "
        ".xlsx and upload it again."
    )


def test_an_xls_link_to_another_workbook_is_reported() -> None:
    path = b"\x01C:\\prices.xls"
    supbook = hostile.record(
        0x01AE, (1).to_bytes(2, "little") + len(path).to_bytes(2, "little") + b"\0" + path
    )
    workbook = workbook_open(hostile.xls(before_sheets=supbook))
    assert workbook.has_external_links and not workbook.has_macros


# --- Reader-level oddities still open -------------------------------------------------------


def test_a_workbook_without_a_declaration_sheet_opens() -> None:
    sheets = tuple(name for name in CMRT_SHEETS if name != "Declaration")
    workbook = workbook_open(template_workbook(sheets=sheets))
    assert "Declaration" not in workbook.sheet_names and workbook.sheet("Revision") is not None


def test_a_declaration_with_shifted_columns_opens() -> None:
    content = template_workbook()
    source = zipfile.ZipFile(io.BytesIO(content))
    names = [n for n in source.namelist() if n.startswith("xl/worksheets/")]
    index = CMRT_SHEETS.index("Declaration") + 1
    declaration = source.read(f"xl/worksheets/sheet{index}.xml").decode()
    shifted = declaration.replace('r="D', 'r="E').replace('r="J', 'r="K')
    workbook = workbook_open(hostile.repack(content, {f"xl/worksheets/sheet{index}.xml": shifted}))
    assert names and workbook.sheet("Declaration").value("E3") == "English"
