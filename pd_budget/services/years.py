"""Open fiscal years: new bookings and FTE changes only for the current year, and the next once its
policy exists. Earlier years are history: their requests and FTEs stay as they are."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.fiscal import current_fiscal_year, fiscal_year_label

from ..models import PolicyYear


def open_fiscal_years() -> list[int]:
    """The current fiscal year, then the next one when its policy exists."""
    current = current_fiscal_year()
    years = [current]
    if PolicyYear.objects.filter(fiscal_year=current + 1).exists():
        years.append(current + 1)
    return years


def is_open_fiscal_year(fiscal_year) -> bool:
    return fiscal_year in open_fiscal_years()


def _open_labels() -> str:
    return ", ".join(fiscal_year_label(year) for year in open_fiscal_years())


def require_open_for_requests(fiscal_year: int) -> None:
    if not is_open_fiscal_year(fiscal_year):
        raise ValidationError(
            {
                "fiscal_year": _(
                    "%(year)s is not an open fiscal year: a PD request can only be made for %(open)s."
                )
                % {"year": fiscal_year_label(fiscal_year), "open": _open_labels()}
            },
            code="closed_year",
        )


def require_open_for_decisions(fiscal_year: int) -> None:
    if not is_open_fiscal_year(fiscal_year):
        raise ValidationError(
            _("%(year)s is closed: its requests can no longer be approved, refused or cancelled.")
            % {"year": fiscal_year_label(fiscal_year)},
            code="closed_year",
        )


def require_open_for_ftes(fiscal_year: int) -> None:
    if not is_open_fiscal_year(fiscal_year):
        raise ValidationError(
            _("%(year)s is closed: its FTEs are kept as they were and can no longer be changed.")
            % {"year": fiscal_year_label(fiscal_year)},
            code="closed_year",
        )
