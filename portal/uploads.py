"""Uploads are checked by their content and size before anything is stored.

The type comes from the file's first bytes (filetype), never from the name or the type the browser
sent, so a program renamed ".pdf" is refused; the size limit is PORTAL_MAX_UPLOAD_BYTES. Files go
out through `stored_file_response`: their stored type and a name built from it.
"""

import re
import unicodedata

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def check_upload(uploaded, *, allowed: dict[str, str], type_error: str) -> tuple[str, str]:
    """Return (content type, extension) of an accepted file; `type_error` says what is accepted."""
    limit = settings.PORTAL_MAX_UPLOAD_BYTES
    if uploaded is None or not uploaded.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head) if head else None
    if kind is None or kind.mime not in allowed:
        raise ValidationError(type_error, code="bad_type")
    return kind.mime, allowed[kind.mime]


#: The upload types, in one place. An Excel workbook (exports, the workbook import):
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: What the workbook import takes: an .xlsx is a zip package, which some systems report as such.
WORKBOOK_TYPES = {XLSX_TYPE: "xlsx", "application/zip": "xlsx"}

#: Every document type the portal stores (report files take them all), with the extension a served
#: file gets from its stored type (read from its content when it came in).
TYPE_EXTENSIONS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/rtf": "rtf",
}
UNKNOWN_TYPE = "application/octet-stream"
#: Text documents (meeting minutes): PDF, Word, OpenDocument text, RTF.
TEXT_DOCUMENT_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/msword",
    "application/vnd.oasis.opendocument.text",
    "application/rtf",
)


def type_of_stored_name(name: str) -> str:
    """The type of a file stored under a name the portal chose (its extension came from the content)."""
    ext = str(name or "").rsplit(".", 1)[-1].lower() if "." in str(name or "") else ""
    return next((mime for mime, known in TYPE_EXTENSIONS.items() if known == ext), UNKNOWN_TYPE)


def safe_download_name(uploaded_name: str, content_type: str, *, fallback: str = "file") -> str:
    """A name to offer for a stored file: the uploader's words, plain ASCII, without any of the
    extensions it claimed ("minutes.pdf.exe", "minutes.html"), then the stored type's extension."""
    base = str(uploaded_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = base.split(".", 1)[0]  # every claimed extension goes, not only the last
    ascii_only = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_only).strip("-_")[:80] or fallback
    return f"{stem}.{TYPE_EXTENSIONS.get(content_type, 'bin')}"


def stored_file_response(handle, *, content_type: str, uploaded_name: str, fallback: str) -> FileResponse:
    """Serve an upload as what it was found to be: the stored type (never guessed from a name), a safe
    name with that type's extension, always as an attachment, never sniffed, never cached."""
    content_type = content_type if content_type in TYPE_EXTENSIONS else UNKNOWN_TYPE
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_download_name(uploaded_name, content_type, fallback=fallback),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
