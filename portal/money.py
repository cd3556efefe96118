"""Money as Canadians read it in each official language: $1,234.56 and 1 234,56 $."""

from decimal import ROUND_HALF_UP, Decimal

from portal.i18n import current_language

CENT = Decimal("0.01")


def to_cents(value: Decimal) -> Decimal:
    """Round half up to cents: the policy's one rounding, done once at the end."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(value: Decimal) -> str:
    amount = to_cents(value)
    sign = "-" if amount < 0 else ""
    grouped = f"{abs(amount):,.2f}"  # 1,234.56: Decimal's own grouping, no float on the way
    if current_language() == "fr":
        return sign + grouped.replace(",", "\u00a0").replace(".", ",") + "\u00a0$"
    return f"{sign}${grouped}"
