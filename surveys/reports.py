"""The PD survey's reports: every template and need of a survey, and its equity analysis."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.exports import BOOLEAN, DECIMAL, INTEGER, MONEY, TEXT, Column, Sheet
from portal.i18n import current_language
from portal.reports import Report, register

from .forms import SurveyYearFilterForm
from .models import STAFF_FIELDS, Delivery, PDNeed, PDTemplate, Scope, SurveyCycle
from .permissions import templates_visible_to


def _cycle(filters) -> SurveyCycle | None:
    year = (filters or {}).get("fiscal_year")
    cycles = SurveyCycle.objects.order_by("-fiscal_year")
    return cycles.filter(fiscal_year=year).first() if year else cycles.first()


def _templates(user, filters):
    cycle = _cycle(filters)
    if cycle is None:
        return PDTemplate.objects.none()
    return templates_visible_to(user).filter(cycle=cycle).select_related("provider__jurisdiction", "cycle")


def build_results(*, user, filters) -> list[Sheet]:
    templates = _templates(user, filters).select_related("provider", "cycle").order_by("provider__name")
    # 200,000 needs at scale: plain tuples from the database, labels looked up once per language.
    theme_name = f"theme__name_{current_language()}"
    needs = (
        PDNeed.objects.filter(template__in=templates.values("pk"))
        .order_by("template__provider__name", "pk")
        .values_list(
            "template__provider__name",
            theme_name,
            "theme_text",
            "description",
            "people",
            "estimated_cost",
            "delivery",
            "scope",
        )
    )
    delivery = {value: str(label) for value, label in Delivery.choices}
    scope = {value: str(label) for value, label in Scope.choices}
    staff = [Column(str(PDTemplate._meta.get_field(f).verbose_name), INTEGER, 14) for f in STAFF_FIELDS]

    def template_rows():
        for t in templates.iterator(chunk_size=500):
            yield (
                t.provider.name,
                t.provider.jurisdiction_id,
                t.cycle.fiscal_year_label,
                t.get_status_display(),
                t.current_pd_funding,
                *(getattr(t, f) for f in STAFF_FIELDS),
                t.can_identify_needs,
                t.can_cost_needs,
                t.comments,
            )

    def need_rows():
        for provider, theme, theme_text, description, people, cost, how, where in needs.iterator(2000):
            yield (
                provider,
                theme or theme_text,
                description,
                people,
                cost,
                delivery.get(how, ""),
                scope.get(where, ""),
            )

    return [
        Sheet(
            _("Templates"),
            [
                Column(_("Provider"), TEXT, 36),
                Column(_("Jurisdiction"), TEXT, 10),
                Column(_("Fiscal year"), TEXT, 10),
                Column(_("Status"), TEXT, 12),
                Column(_("Current PD funding"), MONEY, 16),
                *staff,
                Column(_("Could identify needs"), BOOLEAN, 12),
                Column(_("Could cost needs"), BOOLEAN, 12),
                Column(_("Comments"), TEXT, 40),
            ],
            template_rows(),
        ),
        Sheet(
            _("Needs"),
            [
                Column(_("Provider"), TEXT, 36),
                Column(_("Theme"), TEXT, 36),
                Column(_("Description"), TEXT, 40),
                Column(_("People"), INTEGER, 10),
                Column(_("Estimated cost (empty: unknown)"), MONEY, 16),
                Column(_("Delivery"), TEXT, 12),
                Column(_("Preferred scope"), TEXT, 14),
            ],
            need_rows(),
        ),
    ]


def count_results(*, user, filters) -> int:
    templates = _templates(user, filters)
    return max(templates.count(), PDNeed.objects.filter(template__in=templates.values("pk")).count())


def _stored(filters) -> dict:
    cycle = _cycle(filters)
    result = getattr(cycle, "result", None) if cycle else None
    return result.data if result else {}


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def build_equity(*, user, filters) -> list[Sheet]:
    from .selectors import flag_labels

    data = _stored(filters)
    labels = flag_labels()
    flagged: dict[str, list[str]] = {}
    for flag in data.get("flags", []):
        if flag["provider"]:
            flagged.setdefault(flag["provider"], []).append(labels[flag["kind"]])

    def provider_rows():
        for p in data.get("providers", []):
            yield (
                p["name"],
                p["jurisdiction"],
                p["centre_type"],
                _decimal(p["funding"]),
                _decimal(p["fte"]),
                _decimal(p["per_fte"]),
                "; ".join(flagged.get(p["name"], [])),
            )

    def summary_rows():
        medians = data.get("medians", {})
        yield (_("Regional median per FTE"), medians.get("overall"))
        for key, value in medians.get("centre_type", {}).items():
            yield (_("Median per FTE, %(group)s") % {"group": key}, value)
        yield (_("Median per FTE, small centres and North"), medians.get("small_north"))
        for key, value in medians.get("jurisdiction", {}).items():
            yield (_("Median per FTE, %(group)s") % {"group": key}, value)
        yield (_("Gini coefficient"), data.get("gini"))
        for flag in data.get("flags", []):
            if not flag["provider"]:
                yield (labels[flag["kind"]], "")

    return [
        Sheet(
            _("Per FTE"),
            [
                Column(_("Provider"), TEXT, 36),
                Column(_("Jurisdiction"), TEXT, 10),
                Column(_("Centre type"), TEXT, 12),
                Column(_("Current PD funding"), MONEY, 16),
                Column(_("FTEs"), DECIMAL, 10),
                Column(_("PD funding per FTE"), MONEY, 16),
                Column(_("Flags"), TEXT, 50),
            ],
            provider_rows(),
        ),
        Sheet(_("Summary"), [Column(_("Figure"), TEXT, 44), Column(_("Value"), TEXT, 16)], summary_rows()),
    ]


def count_equity(*, user, filters) -> int:
    return len(_stored(filters).get("providers", []))


register(
    Report(
        key="pd-survey-results",
        title=gettext_lazy("PD survey results"),
        description=gettext_lazy("Every provider's PD template and PD needs for a survey year."),
        permission="surveys.view_analysis",
        build=build_results,
        count=count_results,
        filter_form=SurveyYearFilterForm,
    )
)
register(
    Report(
        key="pd-equity-analysis",
        title=gettext_lazy("Equity analysis"),
        description=gettext_lazy(
            "PD funding per FTE by provider, the medians, the Gini coefficient and the flags."
        ),
        permission="surveys.view_analysis",
        build=build_equity,
        count=count_equity,
        filter_form=SurveyYearFilterForm,
    )
)
