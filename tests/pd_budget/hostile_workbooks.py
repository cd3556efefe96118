"""Small files that cost a naive reader a lot: built in the tests, never stored in the repository."""

import io
import re
import zipfile

from tests.pd_budget.workbooks import workbook_bytes

SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _rewrite(data: bytes, change, extra=None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
        if extra:
            extra(target)
    return output.getvalue()


def huge_dimension_workbook() -> bytes:
    """A good workbook whose `sites` sheet declares A1:XFD1048576 and has one cell in its last row:
    openpyxl would pad a million rows to 16,384 cells each. About 6.5 KB, like the issue's file."""

    def change(name: str, body: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            body = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', body)
        if name == "xl/worksheets/sheet2.xml":
            far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            body = body.replace(b"</sheetData>", far + b"</sheetData>")
        return body

    return _rewrite(workbook_bytes(), change)


def shared_strings_bomb(strings: int = 3_000_000) -> bytes:
    """A good workbook plus a shared-strings part of `strings` entries (about 50 MB inflated, about
    130 KB in the file): openpyxl reads the whole part into memory before any sheet."""

    def change(name: str, body: bytes) -> bytes:
        if name == "[Content_Types].xml":
            override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
            body = body.replace(b"</Types>", override.encode() + b"</Types>")
        if name == "xl/_rels/workbook.xml.rels":
            rel = f'<Relationship Id="rIdBomb" Type="{SHARED_STRINGS_REL}" Target="sharedStrings.xml"/>'
            body = body.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        return body

    def extra(target: zipfile.ZipFile) -> None:
        with target.open("xl/sharedStrings.xml", "w") as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main" count="1" uniqueCount="1">'
            )
            block = b"<si><t>a</t></si>" * 100_000
            for _ in range(strings // 100_000):
                part.write(block)
            part.write(b"</sst>")

    return _rewrite(workbook_bytes(), change, extra)
