"""Needs matched to planned events (seed finding 3): for a fiscal year, the PD themes providers asked
for in their submitted PD templates, by jurisdiction and centre type, with the number of providers
and their stated costs, set against the learning events planned that year by the working groups on
each theme (and their sub-groups); the unmet needs, and where and how to answer them.

A jurisdiction's request is met when a group on the theme has an event that year that is online or
by teleconference (anyone can join) or in person in that jurisdiction. Cancelled and undated events
do not count; an event counts in the fiscal year of its earliest day. Needs written as free text
(no theme from the list) cannot be matched and are left out.

Counts and sums are made by the database (one GROUP BY per figure); the suggestion is
`surveys.travel.suggest` over the sites of the providers whose jurisdiction's request is unmet.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext

from .models import PDNeed, TemplateStatus, Theme
from .travel import Origin, suggest

ONLINE_FORMATS = ("online", "teleconference")


def _needs(fiscal_year: int):
    return PDNeed.objects.filter(
        template__cycle__fiscal_year=fiscal_year,
        template__status=TemplateStatus.SUBMITTED,
        theme__isnull=False,
    ).order_by()


def needs_match(*, fiscal_year: int) -> list[dict]:
    """Per requested theme: who asked (providers, jurisdictions, centre types, people, costs), what is
    planned, which jurisdictions are unmet, and a suggestion for them. Most providers first."""
    from learning_events.selectors import events_of_groups_in_fiscal_year
    from pd_budget.models import Site

    needs = _needs(fiscal_year)
    totals = {
        row["theme"]: row
        for row in needs.values("theme").annotate(
            providers=Count("template__provider", distinct=True),
            people=Sum("people"),
            stated_cost=Sum("estimated_cost"),
            unknown_costs=Count("pk", filter=Q(estimated_cost__isnull=True)),
            online=Count("pk", filter=Q(delivery="online")),
            in_person=Count("pk", filter=Q(delivery="in_person")),
        )
    }
    if not totals:
        return []
    by_jurisdiction: dict[int, dict[str, int]] = {}
    for row in needs.values("theme", "template__provider__jurisdiction").annotate(
        n=Count("template__provider", distinct=True)
    ):
        by_jurisdiction.setdefault(row["theme"], {})[row["template__provider__jurisdiction"]] = row["n"]
    by_centre_type: dict[int, dict[str, int]] = {}
    for row in (
        needs.filter(template__provider__sites__isnull=False)
        .values("theme", "template__provider__sites__centre_type")
        .annotate(n=Count("template__provider", distinct=True))
    ):
        by_centre_type.setdefault(row["theme"], {})[row["template__provider__sites__centre_type"]] = row["n"]
    requesters: dict[int, set[int]] = {}
    provider_juris: dict[int, str] = {}
    for theme_id, provider_id, code in needs.values_list(
        "theme", "template__provider", "template__provider__jurisdiction"
    ).distinct():
        requesters.setdefault(theme_id, set()).add(provider_id)
        provider_juris[provider_id] = code

    themes = {t.pk: t for t in Theme.objects.filter(pk__in=totals)}
    theme_groups: dict[int, set[int]] = {}
    for theme_id, group_id in Theme.groups.through.objects.filter(theme_id__in=totals).values_list(
        "theme_id", "workinggroup_id"
    ):
        theme_groups.setdefault(theme_id, set()).add(group_id)
    all_groups = set().union(*theme_groups.values()) if theme_groups else set()
    events = events_of_groups_in_fiscal_year(fiscal_year=fiscal_year, group_ids=all_groups)
    sites: dict[int, list[tuple]] = {}
    provider_ids = set().union(*requesters.values())
    for provider_id, city, jurisdiction, centre_type in (
        Site.objects.filter(provider_id__in=provider_ids)
        .order_by("pk")
        .values_list("provider_id", "city", "jurisdiction_id", "centre_type")
    ):
        sites.setdefault(provider_id, []).append(
            Origin(city=city, jurisdiction=jurisdiction, centre_type=centre_type)
        )

    result = []
    for theme_id, total in totals.items():
        theme = themes[theme_id]
        groups = theme_groups.get(theme_id, set())
        planned = [e for e in events if e["group_id"] in groups or e["parent_id"] in groups]
        requested = sorted(by_jurisdiction.get(theme_id, {}))
        online = any(e["format"] in ONLINE_FORMATS for e in planned)
        covered = set(requested) if online else {e["jurisdiction"] for e in planned} & set(requested)
        unmet = [code for code in requested if code not in covered]
        suggestion = None
        if unmet:
            origins = [
                origin
                for pid in sorted(requesters[theme_id])
                if provider_juris.get(pid) in unmet
                for origin in sites.get(pid, [])
            ]
            found = suggest(origins, online_requests=total["online"], in_person_requests=total["in_person"])
            suggestion = found.as_dict() if found else {"format": "online", "reason": "no_site_located"}
        result.append(
            {
                "theme": theme.code,
                "name": str(theme.name),
                "providers": total["providers"],
                "jurisdictions": requested,
                "providers_by_jurisdiction": by_jurisdiction.get(theme_id, {}),
                "providers_by_centre_type": by_centre_type.get(theme_id, {}),
                "people": total["people"] or 0,
                "stated_cost": str((total["stated_cost"] or Decimal(0)).quantize(Decimal("0.01"))),
                "unknown_costs": total["unknown_costs"],
                "groups": len(groups),
                "planned_events": len(planned),
                "events": planned,
                "covered_jurisdictions": sorted(covered),
                "unmet_jurisdictions": unmet,
                "suggestion": suggestion,
            }
        )
    result.sort(key=lambda row: (-row["providers"], row["theme"]))
    return result


def unmet_sentence(row: dict) -> str:
    """ "Case management: requested by 14 providers in MB and SK; nothing planned in MB or SK this year."."""
    if not row["unmet_jurisdictions"]:
        return ""
    return ngettext(
        "%(theme)s: requested by %(providers)s provider in %(requested)s; nothing planned in %(unmet)s "
        "this year.",
        "%(theme)s: requested by %(providers)s providers in %(requested)s; nothing planned in %(unmet)s "
        "this year.",
        row["providers"],
    ) % {
        "theme": row["name"],
        "providers": row["providers"],
        "requested": get_text_list(row["jurisdictions"], gettext("and")),
        "unmet": get_text_list(row["unmet_jurisdictions"], gettext("or")),
    }
