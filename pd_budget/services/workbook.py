"""The providers workbook: sheets `providers`, `sites` and `agreements`, imported and exported.

The same format both ways, so exporting then importing changes nothing. Other apps add sheets
with `portal.importing.register_sheet` (the surveys add `pd_templates` and `pd_needs`).
"""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import partial
from typing import IO, TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.models import Provider, UmbrellaOrganisation
from portal import importing
from portal.fiscal import default_fiscal_year, fiscal_year_label
from portal.importing import ImportContext, ImportResult, Row, SheetCounts
from portal.money import to_cents
from portal.permissions import acting_person, require
from portal.text import name_key, normalise_name

if TYPE_CHECKING:
    from portal.models import User

from ..models import Agreement, Category, CentreType, FlagSource, PolicyYear, Site, SiteFTE, Stream
from .allocation import Balances, balances_for
from .ftes import check_bookings_within_allocation

PROVIDER_COLUMNS = ("name", "jurisdiction", "umbrella")
SITE_COLUMNS = (
    "provider",
    "site",
    "city",
    "jurisdiction",
    "centre_type",
    "fiscal_year",
    "language_fte",
    "settlement_fte",
)
SITE_OPTIONAL = ("head_office",)
AGREEMENT_COLUMNS = ("provider", "number", "fiscal_year", "stream", "amount")
MAX_FTE = Decimal("99999.99")  # the FTE columns hold 8 digits


def _jurisdictions(ctx: ImportContext) -> set[str]:
    from organisations.models import Jurisdiction

    return ctx.cached("jurisdictions", lambda: set(Jurisdiction.objects.values_list("code", flat=True)))


def _jurisdiction(row: Row, column: str = "jurisdiction") -> str | None:
    code = row.text(column, max_length=2 * 10).upper()
    if code and code not in _jurisdictions(row.ctx):
        row.error(
            column,
            _("“%(value)s” is not a jurisdiction code (AB, SK, MB, NT, NU, BC, ON, ...).") % {"value": code},
        )
        return None
    return code or None


def _known_provider(row: Row, column: str = "provider") -> str | None:
    name = normalise_name(row.text(column))
    if not name:
        return None
    known = row.ctx.seen.get("providers", set()) | row.ctx.cached(
        "provider_names", lambda: set(Provider.objects.values_list("name", flat=True))
    )
    if name not in known:
        row.error(column, _("Unknown provider “%(name)s”: add it to the providers sheet.") % {"name": name})
        return None
    return name


# --- providers ---------------------------------------------------------------------------------
def clean_provider(row: Row, ctx: ImportContext) -> dict | None:
    # Stored as the provider form stores it (portal.text): invisible characters gone, NFKC.
    name = normalise_name(row.text("name"))
    existing = ctx.cached(
        "provider_keys", lambda: {name_key(n): n for n in Provider.objects.values_list("name", flat=True)}
    )
    lookalike = existing.get(name_key(name))
    if name and lookalike is not None and lookalike != name:
        row.error(
            "name",
            _(
                "“%(name)s” looks the same as “%(existing)s”, which already exists: it differs only by "
                "letter case or look-alike letters. Use the existing name, or one that reads differently."
            )
            % {"name": name, "existing": lookalike},
        )
    jurisdiction = _jurisdiction(row)
    umbrella = row.text("umbrella", required=False).upper()
    if umbrella:
        acronyms = ctx.cached(
            "umbrellas",
            lambda: {u.upper(): u for u in UmbrellaOrganisation.objects.values_list("acronym", flat=True)},
        )
        if umbrella not in acronyms:
            row.error("umbrella", _("Unknown umbrella organisation “%(value)s”.") % {"value": umbrella})
        umbrella = acronyms.get(umbrella, umbrella)
    seen = ctx.seen.setdefault("providers", set())
    seen_keys = ctx.seen.setdefault("provider_keys", set())
    if name_key(name) in seen_keys:
        row.error("name", _("“%(name)s” appears twice in this sheet.") % {"name": name})
    seen.add(name)
    seen_keys.add(name_key(name))
    if not row.ok:
        return None
    return {"name": name, "jurisdiction_id": jurisdiction, "umbrella": umbrella or None, "row": row.number}


def apply_providers(rows: list[dict], ctx: ImportContext) -> SheetCounts:
    counts = SheetCounts()
    umbrellas = {u.acronym: u for u in UmbrellaOrganisation.objects.all()}
    existing = {
        p.name: p
        for p in Provider.objects.filter(name__in=[r["name"] for r in rows]).select_related("umbrella")
    }
    for row in rows:
        values = {"jurisdiction_id": row["jurisdiction_id"], "umbrella": umbrellas.get(row["umbrella"])}
        outcome, changes = _save(existing.get(row["name"]) or Provider(name=row["name"]), values, ctx)
        counts.record(row=row.get("row"), key=row["name"], outcome=outcome, changes=changes)
    return counts


#: How each written field shows in the preview and the history: the sheet's column and its kind
#: (the page formats the kind in its language: money, FTEs, centre types, yes/no...).
FIELDS = {
    "jurisdiction_id": ("jurisdiction", "code"),
    "umbrella": ("umbrella", "code"),
    "city": ("city", "text"),
    "centre_type": ("centre_type", "centre_type"),
    "is_head_office": ("head_office", "bool"),
    "language_fte": ("language_fte", "fte"),
    "settlement_fte": ("settlement_fte", "fte"),
    "provider_id": ("provider", "text"),
    "fiscal_year": ("fiscal_year", "year"),
    "stream": ("stream", "stream"),
    "amount": ("amount", "money"),
}


def _shown(value) -> str | None:
    """A field's value as the diff stores it (JSON): codes, names, numbers as plain strings."""
    if value is None:
        return None
    if isinstance(value, UmbrellaOrganisation):
        return value.acronym
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _save(obj, values: dict, ctx: ImportContext, *, shown: dict | None = None) -> tuple[str, list[dict]]:
    """Create or update `obj` with `values`: ("created" | "updated" | "unchanged", the changes).

    A round trip changes nothing and so writes nothing. `shown` replaces a value for display
    (a provider's name for its id).
    """
    shown = shown or {}
    if obj.pk is not None and all(getattr(obj, key) == value for key, value in values.items()):
        return "unchanged", []
    outcome = "updated" if obj.pk is not None else "created"
    changes = []
    for key, value in values.items():
        before = getattr(obj, key) if obj.pk is not None else None
        if obj.pk is not None and before == value:
            continue
        column, kind = FIELDS.get(key, (key, "text"))
        before_shown, after_shown = shown.get(key, (_shown(before), _shown(value)))
        changes.append({"field": column, "kind": kind, "before": before_shown, "after": after_shown})
    for key, value in values.items():
        setattr(obj, key, value)
    obj.full_clean(validate_unique=False, validate_constraints=False)
    if acting_person(ctx.user) is not None:
        obj._history_user = ctx.user
    obj.save()
    return outcome, changes


# --- sites -------------------------------------------------------------------------------------
def clean_site(row: Row, ctx: ImportContext) -> dict | None:
    provider = _known_provider(row)
    site = row.text("site")
    city = row.text("city", max_length=120)
    jurisdiction = _jurisdiction(row)
    centre_type = row.choice("centre_type", CentreType.values)
    head_office = row.yes_no("head_office") if "head_office" in row.values else None
    fte = None
    if row.is_blank("fiscal_year") and row.is_blank("language_fte") and row.is_blank("settlement_fte"):
        fte = None  # a site with no FTE recorded
    else:
        year = row.fiscal_year()
        language = row.decimal("language_fte", maximum=MAX_FTE)
        settlement = row.decimal("settlement_fte", maximum=MAX_FTE)
        fte = (year, language, settlement)
    if not row.ok:
        return None
    described = ctx.seen.setdefault("site_descriptions", {})
    key = (provider, site)
    description = (city, jurisdiction, centre_type, head_office)
    if key in described and described[key][:3] != description[:3]:
        row.error(
            "site",
            _("This site is described differently on another row (city, jurisdiction or centre type)."),
        )
    described.setdefault(key, description)
    if head_office:
        heads = ctx.seen.setdefault("head_offices", {})
        if heads.get(provider, site) != site:
            row.error(
                "head_office",
                _("%(provider)s already has a head office in this sheet.") % {"provider": provider},
            )
        heads[provider] = site
    if fte is not None:
        years = ctx.seen.setdefault("site_years", set())
        if (provider, site, fte[0]) in years:
            row.error(
                "fiscal_year", _("This site has two rows for %(year)s.") % {"year": fiscal_year_label(fte[0])}
            )
        years.add((provider, site, fte[0]))
    if not row.ok:
        return None
    return {
        "provider": provider,
        "site": site,
        "city": city,
        "jurisdiction_id": jurisdiction,
        "centre_type": centre_type,
        "head_office": head_office,
        "fte": fte,
        "row": row.number,
    }


def apply_sites(rows: list[dict], ctx: ImportContext) -> SheetCounts:
    """One outcome per row of the sheet: a row names a site and, optionally, its FTEs for a year."""
    counts = SheetCounts()
    providers = {p.name: p for p in Provider.objects.filter(name__in={r["provider"] for r in rows})}
    sites = {
        (s.provider.name, s.name): s
        for s in Site.objects.filter(provider__in=providers.values()).select_related("provider")
    }
    # A provider whose head office the sheet names has no other head office afterwards (cleared
    # first: the database allows one head office per provider at any moment).
    heads = {(r["provider"], r["site"]) for r in rows if r["head_office"]}
    for provider_name in {p for p, _s in heads}:
        Site.objects.filter(provider=providers[provider_name], is_head_office=True).exclude(
            name__in=[s for p, s in heads if p == provider_name]
        ).update(is_head_office=False)
    ftes = {
        (f.site_id, f.fiscal_year): f for f in SiteFTE.objects.filter(site__in=[s.pk for s in sites.values()])
    }
    written: set = set()
    for row in rows:
        key = (row["provider"], row["site"])
        outcomes: list[str] = []
        changes: list[dict] = []
        if key not in written:
            values = {
                "city": row["city"],
                "jurisdiction_id": row["jurisdiction_id"],
                "centre_type": row["centre_type"],
            }
            if row["head_office"] is not None:
                values["is_head_office"] = row["head_office"]
            site = sites.get(key) or Site(provider=providers[row["provider"]], name=row["site"])
            outcome, site_changes = _save(site, values, ctx)
            outcomes.append(outcome)
            changes += site_changes
            sites[key] = site
            written.add(key)
        label = f"{row['provider']} · {row['site']}"
        if row["fte"] is not None:
            year, language, settlement = row["fte"]
            site = sites[key]
            fte = ftes.get((site.pk, year))
            label = f"{label} · {fiscal_year_label(year)}"
            # No FTE recorded for the year counts as 0 in the allocation, so the change reads 0 -> 1.5.
            shown = {}
            if fte is None:
                shown = {
                    "language_fte": ("0.00", _shown(language)),
                    "settlement_fte": ("0.00", _shown(settlement)),
                }
            outcome, fte_changes = _save(
                fte or SiteFTE(site=site, fiscal_year=year),
                {"language_fte": language, "settlement_fte": settlement},
                ctx,
                shown=shown,
            )
            if fte is None:  # a stream that stays at 0 is no change worth a line
                fte_changes = [c for c in fte_changes if c["before"] != c["after"]] or fte_changes
            outcomes.append(outcome)
            changes += fte_changes
        outcome = next((o for o in ("created", "updated") if o in outcomes), "unchanged")
        counts.record(row=row.get("row"), key=label, outcome=outcome, changes=changes)
    return counts


# --- agreements --------------------------------------------------------------------------------
def clean_agreement(row: Row, ctx: ImportContext) -> dict | None:
    provider = _known_provider(row)
    number = row.text("number", max_length=50)
    year = row.fiscal_year()
    stream = row.choice("stream", Stream.values)
    amount = row.decimal("amount")
    seen = ctx.seen.setdefault("agreements", set())
    if number and number in seen:
        row.error("number", _("Agreement %(number)s appears twice in this sheet.") % {"number": number})
    seen.add(number)
    if number and provider:
        owner = ctx.cached(
            "agreement_owners", lambda: dict(Agreement.objects.values_list("number", "provider__name"))
        )
        if owner.get(number, provider) != provider:
            row.error(
                "number",
                _("Agreement %(number)s belongs to %(provider)s in the portal.")
                % {"number": number, "provider": owner[number]},
            )
    if not row.ok:
        return None
    return {
        "provider": provider,
        "number": number,
        "fiscal_year": year,
        "stream": stream,
        "amount": amount,
        "row": row.number,
    }


def apply_agreements(rows: list[dict], ctx: ImportContext) -> SheetCounts:
    counts = SheetCounts()
    providers = {p.name: p for p in Provider.objects.filter(name__in={r["provider"] for r in rows})}
    existing = {
        a.number: a
        for a in Agreement.objects.filter(number__in=[r["number"] for r in rows]).select_related("provider")
    }
    for row in rows:
        agreement = existing.get(row["number"]) or Agreement(number=row["number"])
        values = {
            "provider_id": providers[row["provider"]].pk,
            "fiscal_year": row["fiscal_year"],
            "stream": row["stream"],
            "amount": row["amount"],
        }
        before_provider = agreement.provider.name if agreement.pk else None
        outcome, changes = _save(
            agreement, values, ctx, shown={"provider_id": (before_provider, row["provider"])}
        )
        counts.record(
            row=row.get("row"), key=f"{row['number']} · {row['provider']}", outcome=outcome, changes=changes
        )
    return counts


# --- export ------------------------------------------------------------------------------------
def export_providers() -> Iterable[list]:
    for name, jurisdiction, umbrella in Provider.objects.order_by("name").values_list(
        "name", "jurisdiction_id", "umbrella__acronym"
    ):
        yield [name, jurisdiction, umbrella or ""]


def export_sites() -> Iterable[list]:
    sites = Site.objects.select_related("provider").order_by("provider__name", "name", "pk")
    ftes = SiteFTE.objects.order_by("site__provider__name", "site__name", "site_id", "fiscal_year")
    by_site: dict[int, list[SiteFTE]] = {}
    for fte in ftes.iterator():
        by_site.setdefault(fte.site_id, []).append(fte)
    for site in sites.iterator():
        head = "yes" if site.is_head_office else "no"
        common = [site.provider.name, site.name, site.city, site.jurisdiction_id, site.centre_type]
        rows = by_site.get(site.pk) or [None]
        for fte in rows:
            if fte is None:
                yield [*common, None, None, None, head]
            else:
                yield [
                    *common,
                    fiscal_year_label(fte.fiscal_year),
                    fte.language_fte,
                    fte.settlement_fte,
                    head,
                ]


def export_agreements() -> Iterable[list]:
    rows = Agreement.objects.order_by("provider__name", "fiscal_year", "number").values_list(
        "provider__name", "number", "fiscal_year", "stream", "amount"
    )
    for provider, number, year, stream, amount in rows.iterator():
        yield [provider, number, fiscal_year_label(year), stream, amount]


def export_workbook(output: IO[bytes], *, user: "User") -> None:
    """Write every registered sheet that can export, in the format `import_workbook` reads.

    Strings are written as strings, never as formulas, so a name like "=1+1" stays inert.
    """
    import xlsxwriter

    require(user, "pd_budget.export_workbook")
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": False})
    bold = workbook.add_format({"bold": True})
    number = workbook.add_format({"num_format": "#,##0.00"})
    for spec in importing.registered_sheets():
        if spec.export_rows is None:
            continue
        sheet = workbook.add_worksheet(spec.name)
        headers = [*spec.columns, *spec.optional_columns]
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, bold)
            sheet.set_column(col, col, max(12, len(header) + 2))
        sheet.freeze_panes(1, 0)
        last = 0
        for r, values in enumerate(spec.export_rows(), start=1):
            last = r
            for col, value in enumerate(values):
                if value is None or value == "":
                    continue
                if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                    sheet.write_number(r, col, float(value), number if isinstance(value, Decimal) else None)
                elif isinstance(value, datetime.date):
                    sheet.write_string(r, col, value.isoformat())
                else:
                    sheet.write_string(r, col, str(value))
        sheet.autofilter(0, 0, max(last, 1), len(headers) - 1)
    workbook.close()


def _impact_scope(cleaned: dict[str, list]) -> tuple[set[str], list[int]]:
    """The providers the workbook names and the fiscal years whose allocation it may move: the
    years of its FTE rows and the default year, those with a policy (no policy, no allocation)."""
    from .. import selectors

    names = {r["name"] for r in cleaned.get("providers", [])}
    names |= {r["provider"] for r in cleaned.get("sites", [])}
    years = {r["fte"][0] for r in cleaned.get("sites", []) if r.get("fte")}
    years.add(default_fiscal_year(selectors.policy_years()))
    with_policy = set(PolicyYear.objects.filter(fiscal_year__in=years).values_list("fiscal_year", flat=True))
    return names, sorted(with_policy)


def _allocations(names: set[str], years: list[int]) -> dict[tuple[str, int], Balances]:
    providers = Provider.objects.filter(name__in=names)
    pk_names = dict(providers.values_list("pk", "name"))
    found: dict[tuple[str, int], Balances] = {}
    for year in years:
        for pk, balances in balances_for(year, providers=providers).items():
            found[(pk_names[pk], year)] = balances
    return found


def allocation_impact(
    cleaned: dict[str, list], *, flag: bool = False, user: "User"
) -> Callable[[], list[dict]]:
    """Measured before the writes; the returned function, run after them in the same transaction,
    lists each provider and year whose base PD allocation changes (by the allocation service, on the
    would-be FTEs), with any category where approved and waiting requests would exceed it.

    With `flag` (an import that is applied, not a preview), each provider whose allocation moved goes
    through the over-allocation check: the administrator saw the warning in the preview and
    confirmed, so bookings left above the allocation are flagged for IRCC staff, never silent."""
    names, years = _impact_scope(cleaned)
    before = _allocations(names, years) if names and years else {}

    def after() -> list[dict]:
        if not names or not years:
            return []
        impact = []
        for (name, year), balances in sorted(_allocations(names, years).items()):
            old = before.get((name, year))
            old_total = old.allocation.total if old is not None else Decimal("0.00")
            if old is not None and old.allocation == balances.allocation:
                continue
            if old is None and balances.allocation.total == 0:
                continue
            over = [
                {
                    "category": line.category,
                    "allocated": str(to_cents(line.allocated)),
                    "booked": str(to_cents(line.booked)),
                }
                for line in balances.lines
                if line.booked > line.allocated
            ]
            if flag:
                check_bookings_within_allocation(
                    provider=Provider.objects.get(name=name),
                    fiscal_year=year,
                    source=FlagSource.IMPORT,
                    user=user,
                    confirm=True,
                )
            impact.append(
                {
                    "provider": name,
                    "year": year,
                    "before": str(old_total),
                    "after": str(balances.allocation.total),
                    "lines": {
                        category: [
                            str(old.allocation.for_category(category)) if old else "0.00",
                            str(balances.allocation.for_category(category)),
                        ]
                        for category in Category.values
                    },
                    "over": over,
                }
            )
        return impact

    return after


def import_providers_workbook(
    data: bytes, *, user: "User", dry_run: bool = False, on_progress: Callable[[int, str], None] | None = None
) -> ImportResult:
    """All or nothing (the writes are one transaction): every problem of the workbook reported with
    its sheet, row and column; the result lists every row that changes (before -> after) and the
    allocations that move."""
    require(user, "pd_budget.import_workbook")
    return importing.import_workbook(
        data,
        user=user,
        dry_run=dry_run,
        measure=partial(allocation_impact, flag=not dry_run, user=user),
        on_progress=on_progress,
    )


def register() -> None:
    importing.register_sheet(
        "providers",
        columns=PROVIDER_COLUMNS,
        clean_row=clean_provider,
        apply=apply_providers,
        required=True,
        export_rows=export_providers,
        title=gettext_lazy("Providers"),
    )
    importing.register_sheet(
        "sites",
        columns=SITE_COLUMNS,
        optional_columns=SITE_OPTIONAL,
        clean_row=clean_site,
        apply=apply_sites,
        depends_on=["providers"],
        required=True,
        export_rows=export_sites,
        title=gettext_lazy("Sites and FTEs"),
    )
    importing.register_sheet(
        "agreements",
        columns=AGREEMENT_COLUMNS,
        clean_row=clean_agreement,
        apply=apply_agreements,
        depends_on=["providers"],
        required=True,
        export_rows=export_agreements,
        title=gettext_lazy("Contribution agreements"),
    )
