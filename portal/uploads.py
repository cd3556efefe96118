"""Uploads are checked by their content and size before anything is stored.

The type comes from the file's first bytes (filetype), never from the name or the type the browser
sent, so a program renamed ".pdf" is refused; the size limit is PORTAL_MAX_UPLOAD_BYTES.
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
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
