"""The dashboard: for each role, what matters to it, gathered from each app's selectors."""

from django.urls import reverse
from django.utils.translation import gettext as _

from groups import selectors as group_selectors


def dashboard_for(user) -> dict:
    cards: list[dict] = []
    groups = group_selectors.group_list(user=user)
    if user.is_ircc_staff:
        cards.append(
            {
                "title": _("Working groups"),
                "figure": groups.filter(parent__isnull=True).count(),
                "text": _("groups, with %(count)s sub-groups")
                % {"count": groups.filter(parent__isnull=False).count()},
                "url": reverse("groups:group-list"),
                "link_label": _("See every group"),
            }
        )
        led = list(groups.filter(lead=user)[:10])
        cards.append(
            {
                "title": _("Groups you lead"),
                "items": [{"label": g.name, "url": g.get_absolute_url()} for g in led],
                "text": "" if led else _("You do not lead a group yet."),
            }
        )
    return {"cards": cards}
