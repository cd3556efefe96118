"""The PD budget's dashboard cards: what waits for IRCC staff, a provider's balance.

Here, not in selectors.py: the balance comes from services.allocation, which reads through the
selectors, so the selectors never import the services back."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.fiscal import default_fiscal_year, fiscal_year_label
from portal.money import format_money

from .models import DeclarationStatus, FTEDeclaration, PDRequest, RequestStatus
from .selectors import policy_years
from .services.allocation import provider_balances


def dashboard_cards(user) -> list[dict]:
    if getattr(user, "is_ircc_staff", False):
        waiting = PDRequest.objects.aggregate(n=Count("pk", filter=Q(status=RequestStatus.PENDING)))["n"]
        declared = FTEDeclaration.objects.filter(status=DeclarationStatus.PENDING).count()
        return [
            {
                "title": _("PD requests waiting for approval"),
                "figure": waiting,
                "text": _("conferences decided case by case, and large training requests"),
                "url": reverse("pd_budget:approval-queue"),
                "link_label": _("Open the approval queue"),
                "level": "warning" if waiting else "",
            },
            {
                "title": _("FTE declarations waiting for a decision"),
                "figure": declared,
                "text": _("the allocation uses accepted FTEs only"),
                "url": reverse("pd_budget:ftedeclaration-list"),
                "link_label": _("Decide the FTE declarations"),
                "level": "warning" if declared else "",
            },
            {
                "title": _("PD allocations"),
                "text": _("Every provider's allocation and balance"),
                "url": reverse("pd_budget:overview"),
                "link_label": _("See the overview"),
            },
        ]
    if getattr(user, "is_provider_staff", False):
        years = policy_years()
        if not years:
            return []
        # The year the allocation page opens on (portal.fiscal.default_fiscal_year), so the card
        # and the page it links to show the same balance.
        year = default_fiscal_year(years)
        balances = provider_balances(user.provider, fiscal_year=year)
        return [
            {
                "title": _("PD balance for %(year)s") % {"year": fiscal_year_label(year)},
                "items": [
                    {
                        "label": _("%(category)s: %(amount)s")
                        % {"category": b.label, "amount": format_money(b.remaining)},
                        "url": "",
                    }
                    for b in balances.lines
                ],
                "url": reverse("pd_budget:allocation", args=[user.provider_id]) + f"?year={year}",
                "link_label": _("See your allocation and requests"),
            }
        ]
    return []
