"""The working groups' dashboard cards (portal.discovery finds this module; portal.selectors shows them)."""

from django.db.models import Count, Q

from .models import WorkingGroup
from .selectors import committee_list, committees_behind


def dashboard_cards(user) -> list[dict]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not user.is_ircc_staff:
        seats = list(committee_list(user=user).select_related("group", "umbrella")[:10])
        if not seats:
            return []
        return [
            {
                "title": _("Your committees"),
                "items": [
                    {"label": f"{c.name} ({c.owner_label})", "url": c.get_absolute_url()} for c in seats
                ],
            }
        ]
    cards = _staff_cards(user)
    behind = committees_behind(user=user)
    if behind:
        cards.append(
            {
                "title": _("Committees behind on meetings"),
                "level": "warning",
                "text": _("These committees have held fewer meetings than their minimum calls for so far."),
                "items": [
                    {
                        "label": _("%(committee)s: %(held)s of %(expected)s expected so far")
                        % {"committee": c.name, "held": c.compliance.held, "expected": c.compliance.expected},
                        "url": c.get_absolute_url(),
                    }
                    for c in behind
                ],
                "url": reverse("groups:committee-list"),
                "link_label": _("See every committee"),
            }
        )
    return cards


def _staff_cards(user) -> list[dict]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    counts = WorkingGroup.objects.aggregate(
        top=Count("pk", filter=Q(parent__isnull=True)), subs=Count("pk", filter=Q(parent__isnull=False))
    )
    led = list(WorkingGroup.objects.filter(lead=user).order_by("name_en")[:10])
    return [
        {
            "title": _("Working groups"),
            "figure": counts["top"],
            "text": _("groups, with %(count)s sub-groups") % {"count": counts["subs"]},
            "url": reverse("groups:group-list"),
            "link_label": _("See every group"),
        },
        {
            "title": _("Groups you lead"),
            "items": [{"label": g.name, "url": g.get_absolute_url()} for g in led],
            "text": "" if led else _("You do not lead a group yet."),
        },
    ]
