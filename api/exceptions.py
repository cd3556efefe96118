"""DRF's error answers, plus the services' refusals: a Django ValidationError (an overrun, a stale
version, a locked template) answers 400 with the same translated message the page shows (409 for a
stale version, as the autosave does), never a 500."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

CONFLICT_CODES = {"stale"}


def validation_error_data(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): [
                str(m) for m in messages
            ]
            for key, messages in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in exc.messages]}


def _codes(exc: DjangoValidationError) -> set[str]:
    return (
        {getattr(error, "code", None) for error in exc.error_list}
        if not hasattr(exc, "error_dict")
        else {getattr(error, "code", None) for errors in exc.error_dict.values() for error in errors}
    )


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        conflict = bool(_codes(exc) & CONFLICT_CODES)
        return Response(
            validation_error_data(exc),
            status=status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)
