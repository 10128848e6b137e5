"""Builders for bulk import tests: zips, fake and real CMRT workbooks."""

from __future__ import annotations

import io
import zipfile

from tests.cmrt.build6x import COMPANY, cmrt_6x


def zip_of(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            if name.endswith("/"):
                archive.writestr(zipfile.ZipInfo(name), b"")  # a directory entry
            else:
                archive.writestr(name, data)
    return buffer.getvalue()


def fake_workbook(marker: str) -> bytes:
    """Zip bytes shaped like an .xlsx (enough for the archive walk, not for the reader)."""
    return zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": f"<workbook>{marker}</workbook>".encode(),
        }
    )


def cmrt_for(company: str) -> bytes:
    """A real CMRT 6.5 declaring ``company``."""
    return cmrt_6x(company={**COMPANY, "name": company})
