"""The consistency page's headlines, in the page's language, each naming its table."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.money import format_money

from .consistency import MADS, Comparison


def headlines(comparison: Comparison, *, stream_label: str) -> list[dict]:
    found = []
    measured = [u for u in comparison.units if u.amount_per_fte is not None]
    if comparison.amount.median is not None:
        outliers = sum(1 for u in comparison.units if u.amount_outlier)
        found.append(
            {
                "key": "amount-outliers",
                "anchor": "outliers",
                "text": ngettext(
                    "%(outliers)s of %(units)s provider's %(stream)s agreements is an outlier: more than"
                    " %(mads)s median absolute deviations from the median of %(median)s per FTE.",
                    "%(outliers)s of %(units)s providers' %(stream)s agreements are outliers: more than"
                    " %(mads)s median absolute deviations from the median of %(median)s per FTE.",
                    len(measured),
                )
                % {
                    "outliers": outliers,
                    "units": len(measured),
                    "stream": stream_label,
                    "mads": MADS,
                    "median": format_money(comparison.amount.median),
                },
            }
        )
    known = [j for j in comparison.jurisdictions if j["amount_median"] is not None]
    if len(known) >= 2:
        low = min(known, key=lambda j: j["amount_median"])
        high = max(known, key=lambda j: j["amount_median"])
        found.append(
            {
                "key": "amount-range",
                "anchor": "by-jurisdiction",
                "text": _(
                    "By jurisdiction, the median agreement amount per FTE ranges from %(low)s (%(low_code)s)"
                    " to %(high)s (%(high_code)s)."
                )
                % {
                    "low": format_money(low["amount_median"]),
                    "low_code": low["code"],
                    "high": format_money(high["amount_median"]),
                    "high_code": high["code"],
                },
            }
        )
    if comparison.allocation.median is not None:
        outliers = sum(1 for u in comparison.units if u.allocation_outlier)
        found.append(
            {
                "key": "allocation-outliers",
                "anchor": "outliers",
                "text": ngettext(
                    "%(outliers)s provider's PD allocation per FTE is an outlier against the median of"
                    " %(median)s.",
                    "%(outliers)s providers' PD allocations per FTE are outliers against the median of"
                    " %(median)s.",
                    outliers,
                )
                % {"outliers": outliers, "median": format_money(comparison.allocation.median)},
            }
        )
    return found
