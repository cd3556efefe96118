"""The PD survey's reports: every template and need of a survey, and its equity analysis."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.models import Jurisdiction
from portal.exports import BOOLEAN, DECIMAL, INTEGER, MONEY, RATIO, TEXT, Cell, Column, Sheet
from portal.fiscal import fiscal_year_label
from portal.i18n import current_language
from portal.reports import Report, register

from .forms import EquityFilterForm, SurveyYearFilterForm
from .models import STAFF_FIELDS, Delivery, PDNeed, PDTemplate, Scope, SurveyCycle
from .permissions import templates_visible_to


def _cycle(filters) -> SurveyCycle | None:
    """The chosen survey, or by default the latest one that has templates (a newly opened survey
    has none, and its export would be empty)."""
    year = (filters or {}).get("fiscal_year")
    cycles = SurveyCycle.objects.order_by("-fiscal_year")
    if year:
        return cycles.filter(fiscal_year=year).first()
    return cycles.filter(pk__in=PDTemplate.objects.values("cycle")).first()


def _aggregated_cycle(filters) -> SurveyCycle | None:
    """The chosen survey, or by default the latest one that has figures (has been aggregated)."""
    year = (filters or {}).get("fiscal_year")
    cycles = SurveyCycle.objects.select_related("result").order_by("-fiscal_year")
    if year:
        return cycles.filter(fiscal_year=year).first()
    return cycles.filter(result__isnull=False).first()


def results_unavailable(*, user, filters) -> str | None:
    cycle = _cycle(filters)
    if cycle is None and not (filters or {}).get("fiscal_year"):
        return _("No provider has started a PD template yet, so there are no survey results to export.")
    if cycle is None:
        return _("There is no PD survey for this fiscal year.")
    if not _templates(user, filters).exists():
        return _("The %(year)s PD survey has no templates yet, so there are no results to export.") % {
            "year": cycle.fiscal_year_label
        }
    return None


def equity_unavailable(*, user, filters) -> str | None:
    cycle = _aggregated_cycle(filters)
    if cycle is None and not (filters or {}).get("fiscal_year"):
        return _(
            "No PD survey has been aggregated yet, so there are no figures to export. Staff aggregate a"
            " survey from its page once it has closed."
        )
    if cycle is None:
        return _("There is no PD survey for this fiscal year.")
    if getattr(cycle, "result", None) is None:
        return _(
            "The %(year)s PD survey has not been aggregated yet, so it has no figures to export. Choose"
            " an aggregated survey, or aggregate this one from its page."
        ) % {"year": cycle.fiscal_year_label}
    return None


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
                t.provider.jurisdiction.name,
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
                Column(_("Jurisdiction"), TEXT, 22),
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
    cycle = _aggregated_cycle(filters)
    result = getattr(cycle, "result", None) if cycle else None
    return result.data if result else {}


def _decimal(value: str | float | None) -> Decimal | None:
    return Decimal(str(value)) if value not in (None, "") else None


def build_equity(*, user, filters) -> list[Sheet]:
    from .selectors import centre_type_labels, flag_labels

    data = _stored(filters)
    labels = flag_labels()
    centre_types = centre_type_labels()
    jurisdictions = {j.code: str(j.name) for j in Jurisdiction.objects.all()}
    flagged: dict[str, list[str]] = {}
    for flag in data.get("flags", []):
        if flag["provider"]:
            flagged.setdefault(flag["provider"], []).append(labels[flag["kind"]])

    def provider_rows():
        for p in data.get("providers", []):
            yield (
                p["name"],
                jurisdictions.get(p["jurisdiction"], p["jurisdiction"]),
                centre_types.get(p["centre_type"], p["centre_type"]),
                _decimal(p["funding"]),
                _decimal(p["fte"]),
                _decimal(p["per_fte"]),
                "; ".join(flagged.get(p["name"], [])),
            )

    def summary_rows():
        # Which survey these figures are: by default the latest aggregated one, named here.
        year = data.get("fiscal_year")
        yield (_("Fiscal year"), Cell(fiscal_year_label(year), TEXT) if year else None)
        medians = data.get("medians", {})
        yield (_("Regional median per FTE"), Cell(_decimal(medians.get("overall")), MONEY))
        for key, value in medians.get("centre_type", {}).items():
            group = centre_types.get(key, key)
            yield (_("Median per FTE, %(group)s") % {"group": group}, Cell(_decimal(value), MONEY))
        small_north = Cell(_decimal(medians.get("small_north")), MONEY)
        yield (_("Median per FTE, small centres and North"), small_north)
        for key, value in medians.get("jurisdiction", {}).items():
            group = jurisdictions.get(key, key)
            yield (_("Median per FTE, %(group)s") % {"group": group}, Cell(_decimal(value), MONEY))
        yield (_("Gini coefficient"), Cell(_decimal(data.get("gini")), RATIO))
        for flag in data.get("flags", []):
            if not flag["provider"]:
                yield (labels[flag["kind"]], None)

    return [
        Sheet(
            _("Per FTE"),
            [
                Column(_("Provider"), TEXT, 36),
                Column(_("Jurisdiction"), TEXT, 22),
                Column(_("Centre type"), TEXT, 12),
                Column(_("Current PD funding"), MONEY, 16),
                Column(_("FTEs"), DECIMAL, 10),
                Column(_("PD funding per FTE"), MONEY, 16),
                Column(_("Flags"), TEXT, 50),
            ],
            provider_rows(),
        ),
        Sheet(_("Summary"), [Column(_("Figure"), TEXT, 50), Column(_("Value"), DECIMAL, 16)], summary_rows()),
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
        unavailable=results_unavailable,
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
        filter_form=EquityFilterForm,
        unavailable=equity_unavailable,
    )
)
