"""Bounded XML helpers for the OOXML pre-read: expat without DTDs, raw attribute scans."""

from __future__ import annotations

import html
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from xml.parsers import expat

from cmrt.workbook.limits import bad_xml, damaged_part, dtd
from cmrt.workbook.model import UnreadableWorkbook


def local_name(name: str) -> str:
    return name.rpartition(":")[2] if ":" in name else name


def parse_part(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    *,
    start: Callable[[str, dict[str, str]], None] | None = None,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
    buffer_text: bool = True,
    setup: Callable[[expat.XMLParserType], None] | None = None,
) -> None:
    """Stream one zip entry through expat: no DTD, no entities, bounded by its size."""
    parser = expat.ParserCreate()
    parser.buffer_text = buffer_text
    parser.StartDoctypeDeclHandler = dtd
    parser.EntityDeclHandler = dtd
    if start is not None:
        parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    if setup is not None:
        setup(parser)
    try:
        with archive.open(info) as stream:
            parser.ParseFile(stream)
    except expat.ExpatError:
        raise bad_xml(info.filename) from None
    except UnreadableWorkbook:
        raise  # a handler refused the content
    except UNPACKING_ERRORS:
        raise damaged_part(info.filename) from None


# What zipfile raises for entries it cannot unpack (bad offsets, CRC, versions, methods).
UNPACKING_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    struct.error,
)


def read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(info)
    except UNPACKING_ERRORS:
        raise damaged_part(info.filename) from None


# Tags of a well-formed XML part once comments, CDATA and processing instructions are gone:
# then every "<" opens a tag and attribute values keep their quotes (raw, as calamine reads
# them: it does not unescape relationship ids and targets).
_NOT_MARKUP = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
_TAG = re.compile(rb"<([A-Za-z_][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(rb"([^\s=/]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")


def _raw_attributes(data: bytes, local: str) -> list[list[tuple[str, str]]]:
    """Raw attributes, in order, of each element whose local name is ``local``."""
    wanted = local.encode()
    found = []
    for match in _TAG.finditer(_NOT_MARKUP.sub(b"", data)):
        if match.group(1).rpartition(b":")[2] == wanted:
            found.append(
                [
                    (key.decode(errors="replace"), (double or single).decode(errors="replace"))
                    for key, double, single in _ATTRIBUTE.findall(match.group(2))
                ]
            )
    return found


def sheet_loads(workbook_xml: bytes, relationships_xml: bytes) -> list[tuple[str, str]]:
    """(sheet name, part path) of every worksheet read_sheets() will load, in order.

    As calamine does it: a ``<sheet>``'s ``r:id`` names a relationship whose Target, put
    under ``xl/``, is the part; the type comes from the folder. python-calamine fetches a
    sheet by name, so a name used twice loads the part of its first use, whatever its type.
    """
    targets: dict[str, str] = {}
    for attributes in _raw_attributes(relationships_xml, "Relationship"):
        found = dict(attributes)
        if "Id" in found:
            targets[found["Id"]] = found.get("Target", "")
    first_path: dict[str, str] = {}
    worksheets: list[str] = []
    for attributes in _raw_attributes(workbook_xml, "sheet"):
        name, path = "", ""
        for key, value in attributes:
            if key == "name":
                name = html.unescape(value)
            elif key in ("r:id", "relationships:id") and value in targets:
                target = targets[value]
                if target.startswith("/xl/"):
                    path = target[1:]
                elif target.startswith("xl/"):
                    path = target
                else:
                    path = f"xl/{target}"
        first_path.setdefault(name, path)
        if path.split("/")[1:2] == ["worksheets"] and name not in worksheets:
            worksheets.append(name)
    return [(name, first_path[name]) for name in worksheets]
