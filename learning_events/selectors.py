"""Reads of learning events, courses and evaluations, scoped to what the user may see."""

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from portal.i18n import current_language

from . import calendar, fuzzy_dates, recurrence
from .filters import EvaluationFilterSet, EventFilterSet
from .models import (
    DatePrecision,
    Evaluation,
    EventSeries,
    EventStatus,
    LearningEvent,
    NeedsSurvey,
    ParticipantEvaluation,
    ParticipantRole,
    PilotProject,
    Registration,
    RegistrationStatus,
    ReportFile,
    WorkProduct,
)
from .permissions import report_files_visible_to


def event_list(*, user, filters: dict | None = None) -> QuerySet[LearningEvent]:
    """Every signed-in user reads the events. A fuzzy date sorts by the earliest day it can mean,
    and a year filter keeps every event whose range overlaps that year ("fall 2018" is in 2018)."""
    qs = EventFilterSet.apply(
        LearningEvent.objects.select_related("group", "jurisdiction", "series"), filters, user=user
    )
    # Undated events ("in planning") come last on every database (SQLite puts NULL first).
    return qs.order_by(F("starts_on").asc(nulls_last=True), F("ends_on").asc(nulls_last=True), "slug")


def calendar_events(*, user, filters: dict | None, first, last) -> QuerySet[LearningEvent]:
    """The events dated to the day (one day or several) that touch the days from `first` to `last`."""
    return event_list(user=user, filters=filters).filter(
        precision=DatePrecision.DAY, starts_on__lte=last, ends_on__gte=first
    )


def calendar_entries(*, user, filters: dict | None, first, last, language: str) -> list:
    """The calendar's lines between two days: events dated to the day, and the occurrences the
    series' rules compute (less those an event of the series already records)."""
    events = list(calendar_events(user=user, filters=filters, first=first, last=last))
    entries = [calendar.entry_for_event(event, language=language) for event in events]
    for series in recurring_series(filters=filters):
        claimed = frozenset(e.on_date for e in series.occurrences.all() if e.on_date)
        for occurrence in recurrence.occurrences(
            series, first, last, exceptions=series.exceptions.all(), claimed=claimed
        ):
            entries.append(calendar.entry_for_occurrence(occurrence, language=language))
    return entries


def recurring_series(*, filters: dict | None = None, group=None) -> list[EventSeries]:
    """Series with a recurrence rule, their exceptions and recorded occurrences loaded (three
    queries whatever their number). The calendar's filters apply as far as a series has the field:
    a jurisdiction filter leaves series out (they have no place)."""
    filters = filters or {}
    if filters.get("jurisdiction"):
        return []
    qs = EventSeries.objects.exclude(frequency="").select_related("group")
    if filters.get("group"):
        qs = qs.filter(Q(group=filters["group"]) | Q(group__parent=filters["group"]))
    if group is not None:
        qs = qs.filter(Q(group=group) | Q(group__parent=group))
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("format"):
        qs = qs.filter(format=filters["format"])
    if filters.get("q"):
        term = filters["q"]
        qs = qs.filter(
            Q(title_en__icontains=term) | Q(title_fr__icontains=term)
            | Q(group__name_en__icontains=term) | Q(group__name_fr__icontains=term)
        )  # fmt: skip
    return list(
        qs.prefetch_related(
            "exceptions",
            Prefetch("occurrences", queryset=LearningEvent.objects.only("pk", "series_id", "on_date")),
        ).order_by("slug")
    )


def calendar_fuzzy(*, user, filters: dict | None, first, last, undated: bool = False) -> list[LearningEvent]:
    """Events known only by their month, season or year that may fall between `first` and `last`
    (and, if asked, those not dated at all): the calendar's "not yet dated" lanes."""
    qs = event_list(user=user, filters=filters).exclude(precision=DatePrecision.DAY)
    overlaps = Q(starts_on__lte=last, ends_on__gte=first)
    if undated and not (filters or {}).get("year"):
        overlaps |= Q(precision=DatePrecision.UNDATED)
    return list(qs.filter(overlaps))


def calendar_months(events, *, language: str | None = None) -> list[dict]:
    """Events grouped under the month of their earliest day ("October 2018"), undated ones last.

    The events are already ordered and paginated; this only lays them out for the agenda."""
    lang = language or current_language()
    months: list[dict] = []
    undated: list[LearningEvent] = []
    for event in events:
        if event.starts_on is None:
            undated.append(event)
            continue
        key = (event.starts_on.year, event.starts_on.month)
        if not months or months[-1]["key"] != key:
            label = f"{fuzzy_dates.MONTHS[lang][key[1] - 1]} {key[0]}"
            months.append({"key": key, "label": label[0].upper() + label[1:], "events": []})
        months[-1]["events"].append(event)
    if undated:
        months.append({"key": None, "label": _("Date not set yet"), "events": undated})
    return months


def event_get(*, user, slug: str) -> LearningEvent:
    return (
        LearningEvent.objects.select_related("group", "jurisdiction", "series")
        .prefetch_related(Prefetch("needs_surveys", queryset=NeedsSurvey.objects.order_by("opens_on", "pk")))
        .get(slug=slug)
    )


def event_results(*, event: LearningEvent) -> dict:
    """Participants' satisfaction for one event, computed in the database: average, count and the
    number of answers at each level from 1 to 5."""
    qs = ParticipantEvaluation.objects.filter(event=event)
    summary = qs.aggregate(average=Avg("satisfaction"), count=Count("pk"))
    counts = dict(qs.values_list("satisfaction").annotate(n=Count("pk")).values_list("satisfaction", "n"))
    total = summary["count"] or 0
    distribution = [
        {
            "level": level,
            "count": counts.get(level, 0),
            "percent": round(100 * counts.get(level, 0) / total) if total else 0,
        }
        for level in range(1, 6)
    ]
    return {"average": summary["average"], "count": total, "distribution": distribution}


def attendance_by_jurisdiction_and_role(*, event: LearningEvent) -> list[dict]:
    """Registered and attended participants of one event, per jurisdiction and role (one GROUP BY)."""
    rows = list(
        Registration.objects.filter(event=event)
        .values("jurisdiction__code", "jurisdiction__name_en", "jurisdiction__name_fr", "role")
        .annotate(
            registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
            attended=Count("pk", filter=Q(attended=True)),
        )
        .order_by("jurisdiction__order", "role")
    )
    labels = dict(ParticipantRole.choices)
    for row in rows:
        row["role_label"] = labels.get(row["role"], row["role"])
    return rows


def registration_list(*, event: LearningEvent) -> QuerySet[Registration]:
    """Those registered, then the waiting list in its order."""
    return (
        Registration.objects.filter(event=event)
        .select_related("user", "provider", "jurisdiction")
        .order_by("-status", "registered_at", "pk")  # "waiting" sorts after "registered" when reversed
    )


def event_places(*, event: LearningEvent) -> dict:
    """Places taken, free and waiting (one query); `free` is None when there is no limit."""
    counts = Registration.objects.filter(event=event).aggregate(
        taken=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
    )
    free = None if event.capacity is None else max(event.capacity - counts["taken"], 0)
    return {**counts, "capacity": event.capacity, "free": free}


def registration_of(*, user, event: LearningEvent) -> Registration | None:
    """The user's own registration for the event (registered or waiting), with their place in line."""
    if not getattr(user, "is_authenticated", False):
        return None
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status == RegistrationStatus.WAITING:
        registration.place_in_line = (
            Registration.objects.filter(event=event, status=RegistrationStatus.WAITING)
            .filter(
                Q(registered_at__lt=registration.registered_at)
                | Q(registered_at=registration.registered_at, pk__lt=registration.pk)
            )
            .count()
            + 1
        )
    return registration


def series_list(*, user) -> QuerySet[EventSeries]:
    return (
        EventSeries.objects.select_related("group")
        .annotate(occurrence_count=Count("occurrences"))
        .order_by("group__name_en", "slug")
    )


def series_get(*, user, slug: str) -> EventSeries:
    return (
        EventSeries.objects.select_related("group")
        .prefetch_related(
            "exceptions",
            Prefetch(
                "occurrences",
                queryset=LearningEvent.objects.select_related("jurisdiction").order_by("starts_on"),
            ),
        )
        .get(slug=slug)
    )


def feed_events(*, user, group=None) -> QuerySet[LearningEvent]:
    """The dated events of the iCalendar feed (all, or one group's with its sub-groups')."""
    qs = LearningEvent.objects.filter(starts_on__isnull=False).select_related(
        "group", "jurisdiction", "series"
    )
    if group is not None:
        qs = qs.filter(Q(group=group) | Q(group__parent=group))
    return qs.order_by("starts_on", "slug")


def evaluation_list(*, user, filters: dict | None = None) -> QuerySet[Evaluation]:
    """The report library: every evaluation's subject and status, with only the files the user may
    download attached (`visible_files`)."""
    visible = report_files_visible_to(user).order_by("-uploaded_at")
    qs = Evaluation.objects.select_related("group", "jurisdiction").prefetch_related(
        Prefetch("files", queryset=visible, to_attr="visible_files")
    )
    qs = EvaluationFilterSet.apply(qs, filters, user=user)
    return qs.order_by("subject_" + current_language(), "slug")


def evaluation_get(*, user, slug: str) -> Evaluation:
    visible = report_files_visible_to(user).select_related("uploaded_by").order_by("-uploaded_at")
    return (
        Evaluation.objects.select_related("group", "jurisdiction")
        .prefetch_related(Prefetch("files", queryset=visible, to_attr="visible_files"))
        .get(slug=slug)
    )


def report_file_get(*, user, pk: int) -> ReportFile:
    """A report file the user may download; any other raises DoesNotExist (the view answers 404)."""
    return report_files_visible_to(user).get(pk=pk)


def pilot_projects(*, user) -> QuerySet[PilotProject]:
    from .models import CourseEvaluation, CourseRoleShare, PilotCourse, PilotEnrolment

    return PilotProject.objects.prefetch_related(
        Prefetch("enrolments", queryset=PilotEnrolment.objects.select_related("jurisdiction")),
        Prefetch(
            "courses",
            queryset=PilotCourse.objects.select_related("host").prefetch_related(
                Prefetch("role_shares", queryset=CourseRoleShare.objects.order_by("-percent")),
                Prefetch("evaluations", queryset=CourseEvaluation.objects.select_related("evaluator")),
            ),
        ),
    ).annotate(participants=Sum("enrolments__participants"))


def work_product_list(*, user) -> QuerySet[WorkProduct]:
    return WorkProduct.objects.select_related("group").order_by("order", "slug")


def group_panel(*, user, group) -> dict:
    """What the group page shows of this app: the group's events and evaluations.

    Contract used by the groups app: returns {"events": [...], "evaluations": [...]}, each already
    narrowed to what `user` may see; rendered by learning_events/_group_panel.html.
    """
    events = list(
        LearningEvent.objects.filter(group=group)
        .select_related("jurisdiction", "series")
        .order_by("starts_on", "slug")
    )
    evaluations = list(
        Evaluation.objects.filter(group=group)
        .prefetch_related(Prefetch("files", queryset=report_files_visible_to(user), to_attr="visible_files"))
        .order_by("subject_en")
    )
    series = list(EventSeries.objects.filter(group=group).order_by("slug"))
    return {"events": events, "evaluations": evaluations, "series": series, "group": group}


# --- Private calendar subscriptions -----------------------------------------------------------
_FEED_SALT = "learning_events.feed"


def feed_token(user) -> str:
    """A secret for the user's calendar subscription: calendar programs cannot sign in, so the
    address itself is the key. It depends on the password, so changing the password revokes it."""
    from django.utils.crypto import salted_hmac

    return f"{user.pk}-{salted_hmac(_FEED_SALT, f'{user.pk}:{user.password}').hexdigest()[:32]}"


def user_for_feed_token(token: str):
    """The active user a subscription address belongs to, or None."""
    from django.utils.crypto import constant_time_compare

    from portal.models import User

    pk, _sep, _secret = token.partition("-")
    if not pk.isdigit():
        return None
    user = User.objects.filter(pk=int(pk), is_active=True).first()
    return user if user is not None and constant_time_compare(feed_token(user), token) else None


def events_of_groups_in_fiscal_year(*, fiscal_year: int, group_ids) -> list[dict]:
    """The events (not cancelled) whose earliest day falls in the fiscal year, of the given groups or
    of their sub-groups, as plain rows for the needs-to-events match (surveys/matching.py)."""
    from portal.fiscal import fiscal_year_bounds

    start, end = fiscal_year_bounds(fiscal_year)
    rows = (
        LearningEvent.objects.filter(starts_on__range=(start, end))
        .exclude(status=EventStatus.CANCELLED)
        .filter(Q(group_id__in=group_ids) | Q(group__parent_id__in=group_ids))
        .select_related("group", "jurisdiction")
        .order_by("starts_on", "slug")
    )
    return [
        {
            "pk": e.pk,
            "slug": e.slug,
            "title": str(e.title),
            "group_id": e.group_id,
            "parent_id": e.group.parent_id,
            "format": e.format,
            "format_label": str(e.get_format_display()),
            "city": e.city,
            "jurisdiction": e.jurisdiction_id or "",
            "date": e.date_label,
            "starts_on": e.starts_on.isoformat(),
            "status": e.status,
            "url": e.get_absolute_url(),
        }
        for e in rows
    ]
