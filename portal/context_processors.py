"""What every page's layout needs: the navigation this user may use, the other language."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .i18n import current_language

# (URL name, label, permission): the navigation to every app, shown to those who may use it.
NAVIGATION = [
    ("home", _("Dashboard"), "portal.view_dashboard"),
    ("groups:group-list", _("Working groups"), "groups.view_group"),
    ("learning_events:event-list", _("Learning events"), "learning_events.view_event"),
    ("pd_budget:home", _("PD budget"), "pd_budget.view_budget_home"),
    ("surveys:home", _("PD survey"), "surveys.view_survey_home"),
    ("report-list", _("Reports"), "portal.view_reports"),
    ("accounts:user-list", _("Accounts"), "accounts.view_user_list"),
]


def portal(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for url_name, label, perm in NAVIGATION:
            if not user.has_perm(perm):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            items.append({"url": url, "label": label, "active": request.path == url})
    lang = current_language()
    return {
        "portal_navigation": items,
        "other_language": "fr" if lang == "en" else "en",
    }
