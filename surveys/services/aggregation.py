"""The survey's aggregation: common requests, regional candidates, PD funding per FTE, medians,
the Gini coefficient and the equity flags, computed in the database and stored as the cycle's
one current result. Runs as a Celery job whose row records start, heartbeat, end and failure."""

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.utils import timezone
from django.utils.translation import gettext as _

from pd_budget.models import Site, SiteFTE
from portal.permissions import acting_person, require
from portal.queue import enqueue_on_commit

from .. import equity
from ..models import (
    AggregationResult,
    AggregationRun,
    PDNeed,
    PDTemplate,
    RunStatus,
    SurveyCycle,
    TemplateStatus,
)

if TYPE_CHECKING:
    from portal.models import User

log = logging.getLogger(__name__)
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError)
CENTRE_TYPES = ("urban", "small", "north")


def _setting(name: str, default):
    return getattr(settings, name, default)


def under_factor() -> Decimal:
    return Decimal(str(_setting("PD_EQUITY_UNDER_FACTOR", Decimal("0.5"))))


def over_factor() -> Decimal:
    return Decimal(str(_setting("PD_EQUITY_OVER_FACTOR", Decimal("2"))))


def stale_after() -> timedelta:
    return timedelta(minutes=_setting("PD_SURVEY_STALE_MINUTES", 10))


def max_attempts() -> int:
    return _setting("PD_SURVEY_MAX_ATTEMPTS", 5)


# --- The queries ------------------------------------------------------------------------------
def _fte_total():
    return Sum(
        F("language_fte") + F("settlement_fte"), output_field=DecimalField(max_digits=12, decimal_places=2)
    )


def _provider_fte(provider_ref: str, year: int) -> Subquery:
    """A provider's FTEs in both streams at all its sites for the year (NULL: no FTE row)."""
    rows = (
        SiteFTE.objects.filter(fiscal_year=year, site__provider_id=OuterRef(provider_ref))
        .values("site__provider_id")
        .annotate(total=_fte_total())
        .values("total")
    )
    return Subquery(rows[:1], output_field=DecimalField(max_digits=12, decimal_places=2))


def _provider_centre_type(provider_ref: str, year: int):
    """The centre type of most of a provider's FTEs that year; ties go to North, then small centre
    (the types the policy supports more). Without FTEs: its head office's (else first site's) type."""
    by_type = (
        SiteFTE.objects.filter(fiscal_year=year, site__provider_id=OuterRef(provider_ref))
        .values("site__centre_type")
        .annotate(total=_fte_total())
        .filter(total__gt=0)
        .order_by("-total", "site__centre_type")
        .values("site__centre_type")
    )
    head_office = (
        Site.objects.filter(provider_id=OuterRef(provider_ref))
        .order_by("-is_head_office", "pk")
        .values("centre_type")
    )
    return Coalesce(
        Subquery(by_type[:1], output_field=CharField()),
        Subquery(head_office[:1], output_field=CharField()),
        Value(""),
    )


def _submitted(cycle: SurveyCycle):
    return PDTemplate.objects.filter(cycle=cycle, status=TemplateStatus.SUBMITTED)


def provider_rows(cycle: SurveyCycle) -> list[dict]:
    """One row per submitted template: funding, FTEs, centre type, in one query sorted by per FTE."""
    year = cycle.fiscal_year
    per_fte = F("current_pd_funding") / NullIf(F("fte"), Value(Decimal(0)))
    return list(
        _submitted(cycle)
        .annotate(
            fte=_provider_fte("provider_id", year),
            centre_type=_provider_centre_type("provider_id", year),
            per_fte_order=per_fte,
        )
        .order_by(F("per_fte_order").asc(nulls_last=True), "provider__name")
        .values(
            "pk",
            "provider_id",
            "provider__name",
            "provider__jurisdiction_id",
            "current_pd_funding",
            "fte",
            "centre_type",
            "can_identify_needs",
            "can_cost_needs",
        )
    )


def _needs(cycle: SurveyCycle):
    theme_key = Coalesce(
        F("theme__code"),
        Concat(Value("text:"), Lower(Trim("theme_text")), output_field=CharField()),
        output_field=CharField(),
    )
    return (
        PDNeed.objects.filter(template__cycle=cycle, template__status=TemplateStatus.SUBMITTED)
        .filter(Q(theme__isnull=False) | ~Q(theme_text=""))
        .annotate(theme_key=theme_key)
    )


def _theme_figures():
    return {
        "providers": Count("template__provider_id", distinct=True),
        "people": Coalesce(Sum("people"), 0),
        "known_cost": Sum("estimated_cost"),
        "unknown_costs": Count("pk", filter=Q(estimated_cost__isnull=True)),
        "needs": Count("pk"),
    }


def _centre_type_of_provider(centre_types: dict[int, str]):
    """The provider's centre type as a CASE over provider ids, decided once per provider (in
    `provider_rows`) rather than by a subquery for each of the needs."""
    by_type: dict[str, list[int]] = {}
    for provider_id, centre_type in centre_types.items():
        by_type.setdefault(centre_type or "", []).append(provider_id)
    return Case(
        *(When(template__provider_id__in=ids, then=Value(kind)) for kind, ids in sorted(by_type.items())),
        default=Value(""),
        output_field=CharField(),
    )


def theme_rows(cycle: SurveyCycle, *, centre_types: dict[int, str] | None = None) -> dict:
    """Common requests: per theme overall, by jurisdiction and by centre type; regional candidates.

    `centre_types` maps provider id to centre type (from `provider_rows`); without it, it is read.
    """
    if centre_types is None:
        centre_types = {row["provider_id"]: row["centre_type"] for row in provider_rows(cycle)}
    needs = _needs(cycle)
    overall = list(
        needs.values("theme_key")
        .annotate(
            **_theme_figures(),
            jurisdictions=Count("template__provider__jurisdiction_id", distinct=True),
            code=Min("theme__code"),
            name_en=Min("theme__name_en"),
            name_fr=Min("theme__name_fr"),
            text=Min("theme_text"),
            order=Min("theme__order"),
        )
        .order_by("-providers", "-people", "theme_key")
    )
    by_jurisdiction = list(
        needs.values("theme_key", jurisdiction=F("template__provider__jurisdiction_id"))
        .annotate(**_theme_figures())
        .order_by("theme_key", "jurisdiction")
    )
    by_centre_type = list(
        needs.annotate(centre_type=_centre_type_of_provider(centre_types))
        .values("theme_key", "centre_type")
        .annotate(**_theme_figures())
        .order_by("theme_key", "centre_type")
    )
    # Regional candidates read the overall rows' counts: no second pass over the needs.
    regional = sorted(
        row["theme_key"]
        for row in overall
        if row["providers"] >= _setting("PD_REGIONAL_MIN_PROVIDERS", 3)
        and row["jurisdictions"] >= _setting("PD_REGIONAL_MIN_JURISDICTIONS", 2)
    )
    return {
        "overall": overall,
        "by_jurisdiction": by_jurisdiction,
        "by_centre_type": by_centre_type,
        "regional": regional,
    }


# --- The figures ------------------------------------------------------------------------------
def _theme_label(row: dict) -> str:
    return row["name_en"] or (row["text"] or "").strip()


def _figures(row: dict) -> dict:
    return {
        "providers": row["providers"],
        "people": row["people"],
        "known_cost": equity.money(row["known_cost"] or Decimal(0)),
        "unknown_costs": row["unknown_costs"],
        "needs": row["needs"],
    }


def aggregate_survey(cycle: SurveyCycle, *, on_progress: Callable[[int, str], None] | None = None) -> dict:
    """Compute the cycle's figures from its submitted templates (reads only; see run_aggregation)."""
    progress = on_progress or (lambda percent, step: None)
    progress(10, "providers")
    rows = provider_rows(cycle)
    providers = []
    per_fte: dict[str, Decimal] = {}
    by_type: dict[str, list[Decimal]] = defaultdict(list)
    by_jurisdiction: dict[str, list[Decimal]] = defaultdict(list)
    for row in rows:  # one row per provider, already aggregated
        fte = row["fte"] or Decimal(0)
        funding = row["current_pd_funding"]
        value = funding / fte if fte > 0 and funding is not None else None
        name = row["provider__name"]
        providers.append(
            {
                "provider_id": row["provider_id"],
                "template_id": row["pk"],
                "name": name,
                "jurisdiction": row["provider__jurisdiction_id"],
                "centre_type": row["centre_type"],
                "funding": equity.money(funding),
                "fte": str(fte.quantize(equity.CENTS)),
                "per_fte": equity.money(value),
                "can_identify_needs": row["can_identify_needs"],
                "can_cost_needs": row["can_cost_needs"],
            }
        )
        if value is not None:
            per_fte[name] = value
            by_type[row["centre_type"]].append(value)
            by_jurisdiction[row["provider__jurisdiction_id"]].append(value)
    progress(40, "themes")
    themes = theme_rows(cycle, centre_types={row["provider_id"]: row["centre_type"] for row in rows})
    progress(70, "equity")
    values = list(per_fte.values())
    regional_median = equity.median(values)
    small_north = [v for t in equity.NON_URBAN for v in by_type.get(t, [])]
    medians = {
        "overall": equity.money(regional_median),
        "centre_type": {t: equity.money(equity.median(by_type.get(t, []))) for t in CENTRE_TYPES},
        "small_north": equity.money(equity.median(small_north)),
        "jurisdiction": {j: equity.money(equity.median(v)) for j, v in sorted(by_jurisdiction.items())},
    }
    flags = [
        {"provider": name, "kind": kind}
        for name, kind in equity.funding_flags(
            per_fte, regional_median=regional_median, under=under_factor(), over=over_factor()
        )
    ]
    if equity.small_north_below_urban(
        small_north_median=equity.median(small_north), urban_median=equity.median(by_type.get("urban", []))
    ):
        flags.append({"provider": None, "kind": equity.SMALL_NORTH_BELOW_URBAN})
    for row in providers:
        if row["can_identify_needs"] is False or row["can_cost_needs"] is False:
            flags.append({"provider": row["name"], "kind": equity.NEEDS_SUPPORT})
    flags.sort(key=lambda f: (equity.FLAG_KINDS.index(f["kind"]), f["provider"] or ""))
    gini = equity.gini(values)
    labels = {row["theme_key"]: _theme_label(row) for row in themes["overall"]}
    return {
        "fiscal_year": cycle.fiscal_year,
        "templates": len(rows),
        "providers": providers,
        "per_fte": {name: equity.money(v) for name, v in sorted(per_fte.items())},
        "medians": medians,
        "gini": str(equity.ratio(gini)) if gini is not None else None,
        "lorenz": [[str(equity.ratio(x)), str(equity.ratio(y))] for x, y in equity.lorenz(values)],
        "flags": flags,
        "themes": [
            {
                "key": row["theme_key"],
                "code": row["code"],
                "name_en": row["name_en"] or _theme_label(row),
                "name_fr": row["name_fr"] or _theme_label(row),
                "jurisdictions": row["jurisdictions"],
                "regional": row["theme_key"] in themes["regional"],
                **_figures(row),
            }
            for row in themes["overall"]
        ],
        "themes_by_jurisdiction": [
            {"key": row["theme_key"], "jurisdiction": row["jurisdiction"], **_figures(row)}
            for row in themes["by_jurisdiction"]
        ],
        "themes_by_centre_type": [
            {"key": row["theme_key"], "centre_type": row["centre_type"], **_figures(row)}
            for row in themes["by_centre_type"]
        ],
        "regional_themes": sorted(labels.get(key, key) for key in themes["regional"]),
        "settings": {"under_factor": str(under_factor()), "over_factor": str(over_factor())},
    }


def command_json(data: dict) -> dict:
    """The `aggregate_pd_survey --json` shape: fiscal year, Gini, per FTE, flags, regional themes."""
    return {
        "fiscal_year": data["fiscal_year"],
        "gini": float(data["gini"]) if data["gini"] is not None else None,
        "per_fte": data["per_fte"],
        "flags": [{"provider": f["provider"], "kind": f["kind"]} for f in data["flags"]],
        "regional_themes": data["regional_themes"],
    }


# --- The job ----------------------------------------------------------------------------------
@transaction.atomic
def start_aggregation(cycle: SurveyCycle, *, user: "User") -> AggregationRun:
    """Queue the cycle's aggregation (after commit); a run already queued or running is reused."""
    require(user, "surveys.run_aggregation", cycle)
    SurveyCycle.objects.select_for_update().get(pk=cycle.pk)
    active = AggregationRun.objects.filter(
        cycle=cycle, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).first()
    if active is not None:
        return active
    run = AggregationRun.objects.create(
        cycle=cycle, requested_by=acting_person(user), heartbeat_at=timezone.now()
    )
    from ..tasks import run_aggregation as task

    enqueue_on_commit(task, run.pk)
    return run


def _beat(run_id: int, percent: int, step: str) -> None:
    AggregationRun.objects.filter(pk=run_id).update(progress=percent, step=step, heartbeat_at=timezone.now())


def _claim(run_id: int) -> AggregationRun | None:
    """Take a queued run (or a running one whose worker went silent); None when there is nothing to do."""
    with transaction.atomic():
        run = AggregationRun.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=run_id)
        stale = run.heartbeat_at is None or run.heartbeat_at < timezone.now() - stale_after()
        if run.status == RunStatus.QUEUED or (run.status == RunStatus.RUNNING and stale):
            now = timezone.now()
            run.status = RunStatus.RUNNING
            run.attempts += 1
            run.started_at = now
            run.heartbeat_at = now
            run.progress = 0
            run.step = "start"
            run.error = ""
            run.save(
                update_fields=[
                    "status",
                    "attempts",
                    "started_at",
                    "heartbeat_at",
                    "progress",
                    "step",
                    "error",
                ]
            )
            return run
    return None  # done, failed, or another worker is on it


def run_aggregation(run_id: int) -> str:
    """Do one run: compute, then replace the cycle's result and finish the run in one transaction.

    Safe to run twice: a finished run is left alone and the result is one row per cycle. A lost
    database connection is re-raised for the task to retry; any other error fails the run.
    """
    run = _claim(run_id)
    if run is None:
        return "skipped"
    try:
        data = aggregate_survey(run.cycle, on_progress=lambda percent, step: _beat(run.pk, percent, step))
        _beat(run.pk, 90, "saving")
        with transaction.atomic():
            # One writer per cycle at a time: a second run waits here, then replaces the result.
            SurveyCycle.objects.select_for_update().get(pk=run.cycle_id)
            AggregationResult.objects.update_or_create(
                cycle_id=run.cycle_id, defaults={"run": run, "data": data, "computed_at": timezone.now()}
            )
            now = timezone.now()
            AggregationRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE, progress=100, step="done", finished_at=now, heartbeat_at=now
            )
    except TRANSIENT_ERRORS as exc:
        _record_transient(run, exc)
        raise
    except Exception as exc:
        log.exception("aggregation run %s failed", run.pk)
        AggregationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        raise
    return "done"


def _record_transient(run: AggregationRun, exc: Exception) -> None:
    """Put the run back in the queue for the retry; give up after too many attempts."""
    try:
        if run.attempts >= max_attempts():
            AggregationRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
            )
        else:
            AggregationRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED, error=str(exc)[:2000])
    except TRANSIENT_ERRORS:  # the database is still away: the sweep will find the run
        log.warning("could not record the failure of aggregation run %s", run.pk, exc_info=True)


def sweep_stale_runs(*, older_than: timedelta | None = None) -> list[int]:
    """Beat: enqueue again the runs with no sign of life for a while (worker killed, broker away).

    With Redis a task taken but never acknowledged returns only after the visibility timeout
    (an hour by default), so the job row, not the broker, says what must run again.
    """
    from ..tasks import run_aggregation as task

    limit = timezone.now() - (older_than if older_than is not None else stale_after())
    stale = AggregationRun.objects.filter(
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING], heartbeat_at__lt=limit
    )
    requeued = []
    for run in stale:  # a handful of job rows, not survey data
        if run.attempts >= max_attempts():
            AggregationRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED,
                error=_("Stopped after %(n)s attempts.") % {"n": run.attempts},
                finished_at=timezone.now(),
            )
            continue
        # Conditional update: two sweeps never both requeue the same run.
        if AggregationRun.objects.filter(pk=run.pk, heartbeat_at=run.heartbeat_at).update(
            status=RunStatus.QUEUED, heartbeat_at=timezone.now()
        ):
            with transaction.atomic():
                enqueue_on_commit(task, run.pk)
            requeued.append(run.pk)
    return requeued
