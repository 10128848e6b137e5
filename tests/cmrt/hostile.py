"""Builders of hostile and broken uploads, made in memory by the tests (never committed).

Each returns the bytes a supplier could upload. Zip tricks patch the entries of an
openpyxl-saved workbook; legacy .xls files are written from scratch (a minimal OLE compound
file holding BIFF8 records), so nothing depends on the corpus or on a writer library.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Iterable, Iterator, Mapping

import openpyxl

from tests.cmrt.builders import save

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"
Part = bytes | str | Iterable[bytes]

# --- .xlsx ------------------------------------------------------------------------------


def small_workbook(cells: Mapping[str, object] | None = None, title: str = "Declaration") -> bytes:
    """An openpyxl workbook with one sheet (``xl/worksheets/sheet1.xml``)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for address, value in (cells or {"A1": "hello", "B2": 3}).items():
        sheet[address] = value
    return save(workbook)


def repack(
    content: bytes,
    replace: Mapping[str, Part] | None = None,
    *,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """Copy a zip (entries keep their compression), replacing or adding entries, which get
    ``compression``. An iterable of bytes is streamed into the entry, so a part of hundreds
    of megabytes never sits in memory."""
    replace = dict(replace or {})
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info, source.read(info))
        for name, part in replace.items():
            if isinstance(part, str):
                part = part.encode()
            if isinstance(part, bytes):
                target.writestr(name, part)
            else:
                with target.open(name, "w") as stream:
                    for chunk in part:
                        stream.write(chunk)
    return buffer.getvalue()


def sheet_xml(body: str, *, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}"><sheetData>{body}</sheetData></worksheet>'
    )


def with_sheet(body: str, *, prolog: str = "", base: bytes | None = None) -> bytes:
    """A small workbook whose only sheet is ``body`` (the inside of ``<sheetData>``)."""
    return repack(base or small_workbook(), {SHEET: sheet_xml(body, prolog=prolog)})


def with_shared_strings(strings: Iterable[str], body: str) -> bytes:
    """A workbook with a shared-string table and a sheet that refers to it."""
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    return repack(
        small_workbook(),
        {
            "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
            f"{items}</sst>",
            SHEET: sheet_xml(body),
        },
    )


def million_rows(rows: int = 1_000_000, *, compact: bool = False) -> bytes:
    """A sheet of ``rows`` rows with one number each, streamed into the zip.

    ``compact`` drops the optional ``r`` attributes (26 bytes a row instead of ~50), which
    keeps the XML under the size limit so the row limit is what stops it."""

    def chunks() -> Iterator[bytes]:
        yield sheet_xml("").split("</sheetData>")[0].encode()
        batch: list[bytes] = []
        for row in range(1, rows + 1):
            if compact:
                batch.append(b"<row><c><v>%d</v></c></row>" % row)
            else:
                batch.append(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (row, row, row))
            if len(batch) == 10_000:
                yield b"".join(batch)
                batch.clear()
        yield b"".join(batch)
        yield b"</sheetData></worksheet>"

    return repack(small_workbook(), {SHEET: chunks()})


def zip_bomb_by_size(megabytes: int = 70) -> bytes:
    """A workbook padded with ``megabytes`` of zeros (deflated to ~1/1000) plus enough random
    bytes that the overall ratio stays under the ratio limit: only the size limit stops it."""

    def zeros() -> Iterator[bytes]:
        block = bytes(1024 * 1024)
        for _ in range(megabytes):
            yield block

    noise = random.Random(0).randbytes(megabytes * 1024 * 1024 // 150)
    content = repack(small_workbook(), {"xl/media/padding.bin": zeros()})
    return repack(content, {"xl/media/noise.bin": noise}, compression=zipfile.ZIP_STORED)


def many_elements(count: int) -> bytes:
    """A sheet of ``count`` empty elements and no cells (4 bytes each, so under the size
    limit), padded with random bytes so the zip ratio passes: only the element limit stops
    it."""

    def chunks() -> Iterator[bytes]:
        head, tail = sheet_xml("").split("</sheetData>")
        yield head.encode()
        for _ in range(count // 10_000):
            yield b"<x/>" * 10_000
        yield b"</sheetData>" + tail.encode()

    noise = random.Random(0).randbytes(count * 4 // 150)
    content = repack(small_workbook(), {SHEET: chunks()})
    return repack(content, {"xl/media/noise.bin": noise}, compression=zipfile.ZIP_STORED)


def zip_bomb_by_ratio(megabytes: int = 60) -> bytes:
    return repack(
        small_workbook(), {"xl/workbook.xml": (b" " * 1024 * 1024 for _ in range(megabytes))}
    )


def zip_with_entries(count: int) -> bytes:
    return repack(small_workbook(), {f"xl/media/image{n}.png": b"" for n in range(count)})


def lying_sizes(real_rows: int = 200_000, declared: int = 1_000) -> bytes:
    """The sheet unpacks to ~10 MB but the zip's local header and central directory both
    claim ``declared`` bytes (a classic way to slip a bomb past size checks)."""
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, real_rows))
    content = bytearray(with_sheet(body))
    info = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo(SHEET)
    struct.pack_into("<I", content, info.header_offset + 22, declared)
    directory = content.find(b"PK\x01\x02")
    while directory != -1:
        length = struct.unpack_from("<H", content, directory + 28)[0]
        if content[directory + 46 : directory + 46 + length] == SHEET.encode():
            struct.pack_into("<I", content, directory + 24, declared)
        directory = content.find(b"PK\x01\x02", directory + 4)
    return bytes(content)


def billion_laughs_doctype(root: str, levels: int = 10) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels)
    ]
    return f"<!DOCTYPE {root} [{''.join(entities)}]>"


def billion_laughs_in_sheet() -> bytes:
    return with_sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
        prolog=billion_laughs_doctype("worksheet"),
    )


def billion_laughs_in_shared_strings() -> bytes:
    table = (
        f'<?xml version="1.0" encoding="UTF-8"?>{billion_laughs_doctype("sst")}'
        f'<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'
    )
    return repack(
        small_workbook(),
        {
            "xl/sharedStrings.xml": table,
            SHEET: sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
        },
    )


def external_entity(path: str = "/etc/passwd") -> bytes:
    return with_sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c>'
        '<c r="B1" t="str"><v>&xxe;</v></c></row>',
        prolog=f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{path}">]>',
    )


def _add_relationship(content: bytes, rid: str, kind: str, target: str) -> dict[str, str]:
    source = zipfile.ZipFile(io.BytesIO(content))
    relationships = source.read("xl/_rels/workbook.xml.rels").decode()
    relationship = f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
    return {
        "xl/_rels/workbook.xml.rels": relationships.replace(
            "</Relationships>", f"{relationship}</Relationships>"
        )
    }


def with_sheet_entries(entries: Iterable[tuple[str, str]], parts: Mapping[str, Part]) -> bytes:
    """A workbook whose sheet list is ``entries`` of (sheet name, relationship target, such
    as ``worksheets/sheet1.xml``), holding ``parts`` (path inside the zip to content)."""
    base = small_workbook()
    source = zipfile.ZipFile(io.BytesIO(base))
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rIdS{n}"/>'
        for n, (name, _target) in enumerate(entries, start=1)
    )
    relationships = "".join(
        f'<Relationship Id="rIdS{n}" Type="{RELS}/worksheet" Target="{target}"/>'
        for n, (_name, target) in enumerate(entries, start=1)
    )
    workbook_xml = source.read("xl/workbook.xml").decode()
    head, _, rest = workbook_xml.partition("<sheets>")
    _, _, tail = rest.partition("</sheets>")
    rels = source.read("xl/_rels/workbook.xml.rels").decode()
    return repack(
        base,
        {
            "xl/workbook.xml": f"{head}<sheets>{sheets}</sheets>{tail}",
            "xl/_rels/workbook.xml.rels": rels.replace(
                "</Relationships>", f"{relationships}</Relationships>"
            ),
            **parts,
        },
    )


def external_link(url: str) -> bytes:
    """A cell whose formula reads another workbook at ``url``; its cached value is 42."""
    base = small_workbook()
    source = zipfile.ZipFile(io.BytesIO(base))
    workbook_xml = (
        source.read("xl/workbook.xml")
        .decode()
        .replace(
            "</sheets>",
            '</sheets><externalReferences><externalReference r:id="rIdLink"/></externalReferences>',
        )
    )
    types = (
        source.read("[Content_Types].xml")
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
        )
    )
    link = (
        f'<externalLink xmlns="{MAIN}" xmlns:r="{RELS}"><externalBook r:id="rId1"><sheetNames>'
        '<sheetName val="Prices"/></sheetNames><sheetDataSet><sheetData sheetId="0">'
        '<row r="1"><cell r="A1"><v>42</v></cell></row></sheetData></sheetDataSet>'
        "</externalBook></externalLink>"
    )
    link_rels = (
        f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/'
        f'externalLinkPath" Target="{url}" TargetMode="External"/></Relationships>'
    )
    return repack(
        base,
        {
            **_add_relationship(
                base, "rIdLink", f"{RELS}/externalLink", "externalLinks/externalLink1.xml"
            ),
            "xl/workbook.xml": workbook_xml,
            "[Content_Types].xml": types,
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels,
            SHEET: sheet_xml('<row r="1"><c r="A1"><f>[1]Prices!A1</f><v>42</v></c></row>'),
        },
    )


def macro_workbook(*, excel4: bool = False) -> bytes:
    """An .xlsm: a VBA project (deliberately garbage: nothing may parse, let alone run, it)
    or, with ``excel4``, an Excel 4 macro sheet."""
    base = small_workbook({"A1": "values still read"})
    if excel4:
        macro = '<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>'
        return repack(base, {"xl/macrosheets/sheet1.xml": macro})
    source = zipfile.ZipFile(io.BytesIO(base))
    types = (
        source.read("[Content_Types].xml")
        .decode()
        .replace("sheet.main+xml", "sheet.macroEnabled.main+xml")
        .replace(
            "</Types>",
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        )
    )
    project = compound_file({"PROJECT": b'ID="{00000000}"\r\nName="Evil"\r\n' + bytes(600)})
    return repack(
        base,
        {
            **_add_relationship(
                base,
                "rIdVba",
                "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                "vbaProject.bin",
            ),
            "[Content_Types].xml": types,
            "xl/vbaProject.bin": project,
        },
    )


# --- OLE compound files and BIFF8 (.xls) --------------------------------------------------

_SECTOR = 512
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: Mapping[str, bytes]) -> bytes:
    """A version 3 compound file (512-byte sectors). ``/`` in a name puts the stream inside
    storages. Streams are padded to 4096 bytes so none needs the mini stream."""
    tree: dict[str, object] = {}
    for path, data in streams.items():
        *storages, name = path.split("/")
        level = tree
        for storage in storages:
            child = level.setdefault(storage, {})
            assert isinstance(child, dict)
            level = child
        level[name] = data
    entries: list[list[object]] = []  # name, kind, child index, data
    entries.append(["Root Entry", 5, _NOSTREAM, b""])

    def add_level(level: Mapping[str, object]) -> int:
        first = _NOSTREAM
        previous: list[object] | None = None
        for name, value in level.items():
            entry: list[object] = [name, 1 if isinstance(value, dict) else 2, _NOSTREAM, b""]
            index = len(entries)
            entries.append(entry)
            if isinstance(value, dict):
                entry[2] = add_level(value)
            else:
                entry[3] = value.ljust(4096, b"\0")
            if previous is None:
                first = index
            else:
                previous.append(index)  # right sibling
            previous = entry
        return first

    entries[0][2] = add_level(tree)
    fat = [_FATSECT]
    directory_sectors = -(-len(entries) * 128 // _SECTOR)
    first_directory = len(fat)
    fat += [first_directory + n + 1 for n in range(directory_sectors - 1)] + [_END]
    data_sectors: list[bytes] = []
    starts: dict[int, int] = {}
    for index, entry in enumerate(entries):
        data = entry[3]
        assert isinstance(data, bytes)
        if not data:
            continue
        count = -(-len(data) // _SECTOR)
        starts[index] = len(fat)
        fat += [len(fat) + n + 1 for n in range(count - 1)] + [_END]
        data_sectors.append(data.ljust(count * _SECTOR, b"\0"))
    assert len(fat) <= 128, "one FAT sector is enough for test files"
    fat += [_FREE] * (128 - len(fat))
    directory = b""
    for index, entry in enumerate(entries):
        name, kind, child, data = entry[:4]
        right = entry[4] if len(entry) > 4 else _NOSTREAM
        raw = (str(name).encode("utf-16-le") + b"\0\0") if name else b""
        assert isinstance(data, bytes)
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ",
            raw.ljust(64, b"\0"),
            len(raw),
            kind,
            1,
            _NOSTREAM,
            right,
            child,
            bytes(16),
            0,
            0,
            0,
            starts.get(index, _END),
            len(data),
        )
    directory = directory.ljust(directory_sectors * _SECTOR, b"\0")
    unused = bytearray(directory)
    for offset in range(len(entries) * 128, len(unused), 128):
        struct.pack_into("<III", unused, offset + 68, _NOSTREAM, _NOSTREAM, _NOSTREAM)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        1,
        first_directory,
        0,
        4096,
        _END,
        0,
        _END,
        0,
    ) + struct.pack("<109I", 0, *([_FREE] * 108))
    return header + struct.pack("<128I", *fat) + bytes(unused) + b"".join(data_sectors)


def record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def number(row: int, column: int, value: float) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, column, 0, value))


def label_sst(row: int, column: int, index: int) -> bytes:
    return record(0x00FD, struct.pack("<HHHI", row, column, 0, index))


def dimensions(first_row: int, last_row: int, first_column: int, last_column: int) -> bytes:
    return record(0x0200, struct.pack("<IIHHH", first_row, last_row, first_column, last_column, 0))


def shared_string_table(strings: Iterable[str]) -> bytes:
    """An SST record (Latin-1 strings), split into CONTINUE records as Excel splits them."""
    strings = list(strings)
    parts = [struct.pack("<ii", len(strings), len(strings))]
    for text in strings:
        parts.append(struct.pack("<HB", len(text), 0) + text.encode("latin-1"))
    data = b"".join(parts)
    limit = 8224
    out = record(0x00FC, data[:limit])
    rest = data[limit:]
    while rest:  # a string cut in two restarts with its option byte (0: one byte a char)
        out += record(0x003C, b"\0" + rest[: limit - 1])
        rest = rest[limit - 1 :]
    return out


def _bof(kind: int) -> bytes:
    return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0206))


def biff8(sheets: Mapping[str, bytes], *, before_sheets: bytes = b"", sst: bytes = b"") -> bytes:
    """A Workbook stream: globals (BOF, ``before_sheets``, SST, BOUNDSHEETs, EOF), then one
    substream per sheet holding the given cell records."""
    names = list(sheets)

    def globals_(positions: list[int]) -> bytes:
        bound = b"".join(
            record(0x0085, struct.pack("<IBBBB", position, 0, 0, len(name), 0) + name.encode())
            for position, name in zip(positions, names, strict=True)
        )
        return _bof(0x0005) + before_sheets + sst + bound + record(0x000A)

    position = len(globals_([0] * len(names)))
    positions = []
    bodies = []
    for name in names:
        body = _bof(0x0010) + sheets[name] + record(0x000A)
        positions.append(position)
        bodies.append(body)
        position += len(body)
    return globals_(positions) + b"".join(bodies)


def xls(
    sheets: Mapping[str, bytes] | None = None, *, extra: Mapping[str, bytes] | None = None, **kw
) -> bytes:
    """A legacy .xls: a compound file whose Workbook stream holds ``sheets``."""
    sheets = (
        sheets if sheets is not None else {"Declaration": number(0, 0, 1.0) + number(7, 3, 2.5)}
    )
    return compound_file({"Workbook": biff8(sheets, **kw), **(extra or {})})


def directory_loop() -> bytes:
    """A valid .xls whose directory chain points back at itself (FAT[1] = 1)."""
    content = bytearray(xls())
    struct.pack_into("<I", content, _SECTOR + 4 * 1, 1)
    return bytes(content)


def sector_past_the_end() -> bytes:
    """A valid .xls whose Workbook stream continues at sector 0x7FFFFFF0 (a terabyte in)."""
    content = bytearray(xls())
    struct.pack_into("<I", content, _SECTOR + 4 * 2, 0x7FFFFFF0)
    return bytes(content)


def word_document() -> bytes:
    """A Word 97-2003 .doc-shaped compound file: WordDocument and 1Table streams."""
    return compound_file({"WordDocument": b"\xec\xa5\xc1\x00" + bytes(1000), "1Table": bytes(1000)})


def garbage(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)
