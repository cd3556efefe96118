"""A scenario's headlines, in the page's language, each naming the table it comes from."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from portal.i18n import current_language
from portal.money import format_money
from portal.numbers import format_number

from .scenario_rule import ScenarioResult


def _percent(value: Decimal) -> str:
    shown = format_number(
        (value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), language=current_language()
    )
    return f"{shown}\u00a0%" if current_language() == "fr" else f"{shown}%"


def _ratio(value: Decimal) -> str:
    return format_number(
        value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP), language=current_language()
    )


def headlines(result: ScenarioResult) -> list[dict]:
    found = []
    values = {
        "delta": format_money(abs(result.delta)),
        "share": _percent(abs(result.change)) if result.change is not None else "",
        "gainers": result.gainers,
        "losers": result.losers,
    }
    if result.delta > 0:
        text = _(
            "The scenario costs %(delta)s more than the policy as it is (%(share)s):"
            " %(gainers)s providers gain, %(losers)s lose."
        )
    elif result.delta < 0:
        text = _(
            "The scenario costs %(delta)s less than the policy as it is (%(share)s):"
            " %(gainers)s providers gain, %(losers)s lose."
        )
    else:
        text = _(
            "The scenario costs the same as the policy as it is: %(gainers)s providers gain, %(losers)s lose."
        )
    found.append({"key": "cost", "anchor": "cost-heading", "text": text % values})
    before, after = result.equity_before, result.equity_after
    if before and after and before.gap is not None and after.gap is not None and before.gini_fte is not None:
        found.append(
            {
                "key": "equity",
                "anchor": "equity-heading",
                "text": _(
                    "The small-centre and North gap against urban centres goes from %(gap_before)s to"
                    " %(gap_after)s, and the Gini over FTEs from %(gini_before)s to %(gini_after)s."
                )
                % {
                    "gap_before": _percent(before.gap),
                    "gap_after": _percent(after.gap),
                    "gini_before": _ratio(before.gini_fte),
                    "gini_after": _ratio(after.gini_fte),
                },
            }
        )
    overruns = len(result.overrun_outcomes)
    if overruns:
        found.append(
            {
                "key": "overruns",
                "anchor": "overrun-heading",
                "text": _("%(count)s providers have bookings the scenario would not cover.")
                % {"count": overruns},
            }
        )
    return found
