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
    units, cents = f"{abs(amount):.2f}".split(".")
    if current_language() == "fr":
        grouped = f"{int(units):,}".replace(",", "\u00a0")
        return f"{sign}{grouped},{cents}\u00a0$"
    return f"{sign}${int(units):,}.{cents}"
