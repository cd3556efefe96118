"""The `pd_templates` and `pd_needs` sheets of `import_workbook`: past years' templates collected
on paper, with the same all-or-nothing rules as the other sheets (portal.importing)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.models import Provider
from portal import importing
from portal.fiscal import fiscal_year_bounds, fiscal_year_label
from portal.importing import ImportContext, Row, SheetCounts

from .models import (
    STAFF_FIELDS,
    CycleStatus,
    Delivery,
    PDNeed,
    PDTemplate,
    Scope,
    SurveyCycle,
    TemplateStatus,
    Theme,
)

TEMPLATE_COLUMNS = ("provider", "fiscal_year", "current_pd_funding", "can_identify_needs", "can_cost_needs")
NEED_COLUMNS = ("provider", "fiscal_year", "theme", "people", "estimated_cost", "delivery", "scope")
NEED_OPTIONAL = ("description",)


def _provider(row: Row) -> str | None:
    name = row.text("provider")
    if not name:
        return None
    known = row.ctx.seen.get("providers", set()) | row.ctx.cached(
        "provider_names", lambda: set(Provider.objects.values_list("name", flat=True))
    )
    if name not in known:
        row.error(
            "provider", _("Unknown provider “%(name)s”: add it to the providers sheet.") % {"name": name}
        )
        return None
    return name


def _yes_no(row: Row, column: str) -> bool | None:
    if row.is_blank(column):
        row.error(column, _("Write yes or no."))
        return None
    return row.yes_no(column)


def _count(row: Row, column: str, *, required: bool = True) -> int | None:
    if row.is_blank(column) and not required:
        return None
    value = row.decimal(column, places=0)
    return int(value) if value is not None else None


# --- pd_templates ------------------------------------------------------------------------------
def clean_template(row: Row, ctx: ImportContext) -> dict | None:
    provider = _provider(row)
    year = row.fiscal_year()
    funding = row.decimal("current_pd_funding")
    identify = _yes_no(row, "can_identify_needs")
    cost = _yes_no(row, "can_cost_needs")
    staff = {field: _count(row, field, required=False) for field in STAFF_FIELDS if field in row.values}
    if not row.ok:
        return None
    seen = ctx.seen.setdefault("pd_templates", set())
    if (provider, year) in seen:
        row.error(
            "provider",
            _("%(provider)s has two templates for %(year)s.")
            % {"provider": provider, "year": fiscal_year_label(year)},
        )
        return None
    seen.add((provider, year))
    return {
        "provider": provider,
        "fiscal_year": year,
        "current_pd_funding": funding,
        "can_identify_needs": identify,
        "can_cost_needs": cost,
        **staff,
    }


def _cycle(year: int, ctx: ImportContext) -> SurveyCycle:
    """The year's survey; a past year collected on paper gets a closed one."""
    cycles = ctx.cached("survey_cycles", dict)
    if year not in cycles:
        opens, closes = fiscal_year_bounds(year)
        cycles[year], _created = SurveyCycle.objects.get_or_create(
            fiscal_year=year, defaults={"opens_on": opens, "closes_on": closes, "status": CycleStatus.CLOSED}
        )
    return cycles[year]


def apply_templates(rows: list[dict], ctx: ImportContext) -> SheetCounts:
    counts = SheetCounts()
    providers = {p.name: p for p in Provider.objects.filter(name__in={r["provider"] for r in rows})}
    for row in rows:
        cycle = _cycle(row["fiscal_year"], ctx)
        template = PDTemplate.objects.filter(cycle=cycle, provider=providers[row["provider"]]).first()
        values = {k: v for k, v in row.items() if k not in ("provider", "fiscal_year")}
        values["status"] = TemplateStatus.SUBMITTED
        if template is not None and all(getattr(template, k) == v for k, v in values.items()):
            counts.count("unchanged")
            continue
        outcome = "updated" if template is not None else "created"
        template = template or PDTemplate(cycle=cycle, provider=providers[row["provider"]])
        for key, value in values.items():
            setattr(template, key, value)
        template.submitted_at = template.submitted_at or timezone.now()
        template.submitted_by = template.submitted_by or ctx.user
        template.updated_by = ctx.user
        template.version += 1
        template.full_clean(validate_unique=False, validate_constraints=False)
        template.save()
        counts.count(outcome)
    return counts


def export_templates():
    for t in (
        PDTemplate.objects.filter(status=TemplateStatus.SUBMITTED)
        .select_related("provider", "cycle")
        .order_by("cycle__fiscal_year", "provider__name")
    ):
        yield [
            t.provider.name,
            t.cycle.fiscal_year_label,
            t.current_pd_funding,
            _yes_no_text(t.can_identify_needs),
            _yes_no_text(t.can_cost_needs),
        ]


def _yes_no_text(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


# --- pd_needs ----------------------------------------------------------------------------------
def _themes(ctx: ImportContext) -> dict[str, int]:
    def load():
        index = {}
        for theme in Theme.objects.all():
            for key in (theme.code, theme.name_en, theme.name_fr):
                index[key.strip().lower()] = theme.pk
        return index

    return ctx.cached("survey_themes", load)


def clean_need(row: Row, ctx: ImportContext) -> dict | None:
    provider = _provider(row)
    year = row.fiscal_year()
    theme_text = row.text("theme")
    people = _count(row, "people")
    cost = None if row.is_blank("estimated_cost") else row.decimal("estimated_cost")  # empty: unknown
    delivery = row.choice("delivery", Delivery.values)
    scope = row.choice("scope", Scope.values)
    description = (
        row.text("description", required=False, max_length=2000) if "description" in row.values else ""
    )
    if not row.ok:
        return None
    in_sheet = (provider, year) in ctx.seen.get("pd_templates", set())
    in_portal = ctx.cached(
        "survey_template_keys",
        lambda: set(PDTemplate.objects.values_list("provider__name", "cycle__fiscal_year")),
    )
    if not in_sheet and (provider, year) not in in_portal:
        row.error(
            "provider",
            _("%(provider)s has no PD template for %(year)s: add it to the pd_templates sheet.")
            % {"provider": provider, "year": fiscal_year_label(year)},
        )
        return None
    theme_id = _themes(ctx).get(theme_text.lower())
    return {
        "provider": provider,
        "fiscal_year": year,
        "theme_id": theme_id,
        "theme_text": "" if theme_id else theme_text,
        "description": description,
        "people": people,
        "estimated_cost": cost,
        "delivery": delivery,
        "scope": scope,
    }


NEED_VALUES = ("theme_id", "theme_text", "description", "people", "estimated_cost", "delivery", "scope")


def apply_needs(rows: list[dict], ctx: ImportContext) -> SheetCounts:
    """Each template named in the sheet gets exactly the sheet's needs (a re-import changes nothing)."""
    counts = SheetCounts()
    grouped: dict[tuple, list[dict]] = {}
    for row in rows:
        grouped.setdefault((row["provider"], row["fiscal_year"]), []).append(row)
    for (provider, year), needs in grouped.items():
        template = PDTemplate.objects.get(provider__name=provider, cycle__fiscal_year=year)
        existing = sorted(_key(n) for n in template.needs.values(*NEED_VALUES))
        wanted = sorted(_key(n) for n in needs)
        if existing == wanted:
            for _need in needs:
                counts.count("unchanged")
            continue
        template.needs.all().delete()
        objects = [PDNeed(template=template, **{k: n[k] for k in NEED_VALUES}) for n in needs]
        for need in objects:
            need.full_clean(exclude=["template"])
        PDNeed.objects.bulk_create(objects)
        for _need in needs:
            counts.count("created")
    return counts


def _key(need: dict) -> tuple:
    cost = need["estimated_cost"]
    return tuple(
        ("" if need[k] is None else str(need[k]))
        if k != "estimated_cost"
        else (str(Decimal(cost)) if cost is not None else "")
        for k in NEED_VALUES
    )


def export_needs():
    for n in (
        PDNeed.objects.filter(template__status=TemplateStatus.SUBMITTED)
        .select_related("template__provider", "template__cycle", "theme")
        .order_by("template__cycle__fiscal_year", "template__provider__name", "pk")
    ):
        yield [
            n.template.provider.name,
            n.template.cycle.fiscal_year_label,
            n.theme.code if n.theme_id else n.theme_text,
            n.people,
            n.estimated_cost,
            n.delivery,
            n.scope,
            n.description,
        ]


def register() -> None:
    importing.register_sheet(
        "pd_templates",
        columns=TEMPLATE_COLUMNS,
        clean_row=clean_template,
        apply=apply_templates,
        depends_on=["providers"],
        export_rows=export_templates,
        title=gettext_lazy("PD templates"),
    )
    importing.register_sheet(
        "pd_needs",
        columns=NEED_COLUMNS,
        optional_columns=NEED_OPTIONAL,
        clean_row=clean_need,
        apply=apply_needs,
        depends_on=["providers", "pd_templates"],
        export_rows=export_needs,
        title=gettext_lazy("PD needs"),
    )
