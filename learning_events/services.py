"""Every write of the learning_events app: events and their dates, series, surveys, registrations,
participant evaluations, evaluations, report uploads and access grants."""

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.i18n import written_pair
from portal.permissions import require
from portal.undo import delete_with_undo
from portal.uploads import TYPE_EXTENSIONS, check_upload

from . import fuzzy_dates, notices, recurrence
from .models import (
    Evaluation,
    EventSeries,
    ExceptionKind,
    LearningEvent,
    NeedsSurvey,
    ParticipantEvaluation,
    Registration,
    RegistrationStatus,
    ReportAccessGrant,
    ReportFile,
    SeriesException,
    TimeZone,
)
from .permissions import attended_event

if TYPE_CHECKING:
    from portal.models import User


def apply_date(event: LearningEvent) -> None:
    """Apply the fuzzy-date rule (`fuzzy_dates.RULES`): empty the anchors the precision does not use
    and derive `starts_on`/`ends_on` from the rest."""
    try:
        fields = fuzzy_dates.date_fields(
            event.precision,
            on_date=event.on_date,
            year=event.year,
            month=event.month,
            season=event.season or None,
        )
    except ValueError as exc:
        raise ValidationError(
            {"precision": _("The date is incomplete for the precision chosen.")}, code="incomplete_date"
        ) from exc
    for name, value in fields.items():
        setattr(event, name, value)
    if event.precision != fuzzy_dates.Precision.DAY:
        # Several days and times of day belong to a date to the day only.
        event.last_day = event.start_time = event.end_time = None
        return
    if event.last_day is not None:
        if event.last_day < event.on_date:
            raise ValidationError(
                {"last_day": _("The last day comes on or after the first.")}, code="last_day"
            )
        if event.last_day == event.on_date:
            event.last_day = None
        else:
            event.ends_on = event.last_day
    if (event.start_time is None) != (event.end_time is None):
        field = "end_time" if event.end_time is None else "start_time"
        raise ValidationError({field: _("Give both the start and the end time, or neither.")}, code="times")


def _unique_slug(model, base: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(base)[:100].strip("-") or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_event(*, user: "User", instance: LearningEvent) -> LearningEvent:
    """Create or change a learning event; its date range is derived from its precision and anchors."""
    event = instance
    adding = event._state.adding
    require(
        user,
        "learning_events.add_event" if adding else "learning_events.change_event",
        None if adding else event,
    )
    for name in ("season", "city", "join_url", "join_details"):
        if getattr(event, name) is None:
            setattr(event, name, "")
    event.time_zone = event.time_zone or TimeZone.EDMONTON  # the portal's own zone when none is said
    apply_date(event)
    if not event.slug:
        place = event.city or event.get_format_display()
        event.slug = _unique_slug(
            LearningEvent, f"{event.group.slug} {place} {event.date_label_in('en') or 'undated'}"
        )
    if event.series_id and event.series.group_id != event.group_id:
        raise ValidationError({"series": _("The series belongs to another working group.")})
    event.full_clean()
    event.save()
    if not adding:
        _fill_places(_locked(event))  # more places (or no limit now): the waiting list moves up
    return event


@transaction.atomic
def save_series(*, user: "User", instance: EventSeries) -> EventSeries:
    """Create or change a recurring series of a group's events."""
    series = instance
    adding = series._state.adding
    require(
        user,
        "learning_events.add_series" if adding else "learning_events.change_series",
        None if adding else series,
    )
    if not series.slug:
        series.slug = _unique_slug(EventSeries, f"{series.group.slug} {series.title_en}")
    series.time_zone = series.time_zone or TimeZone.EDMONTON
    if not series.frequency:
        series.ordinal = series.weekday = None
    series.full_clean()
    series.save()
    return series


def _locked(event: LearningEvent) -> LearningEvent:
    """The event's row, locked until the end of the transaction: registrations and cancellations
    of one event take turns, so two people never take the last place at once."""
    return LearningEvent.objects.select_for_update().get(pk=event.pk)


def _fill_places(event: LearningEvent) -> list[Registration]:
    """Move the first people of the waiting list (in the order they registered) into the places
    that are free; returns those promoted. The caller holds the event's lock."""
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).order_by(
        "registered_at", "pk"
    )
    if event.capacity is None:
        free = None
    else:
        taken = Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).count()
        free = max(event.capacity - taken, 0)
    promoted = list(waiting if free is None else waiting[:free])
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status"])
    return promoted


@transaction.atomic
def save_series_exception(*, user: "User", series: EventSeries, instance: SeriesException) -> SeriesException:
    """Cancel one occurrence of a series, or move it to another day; the day must be one the rule
    gives (a day the rule does not give has nothing to cancel). One change per occurrence."""
    require(user, "learning_events.change_series", series)
    instance.series = series
    if instance.kind == ExceptionKind.CANCELLED:
        instance.new_date = None
    day = instance.original_date
    if day is None or day not in recurrence.rule_dates(series, day, day):
        raise ValidationError({"original_date": _("The series has no occurrence on that day.")})
    if SeriesException.objects.filter(series=series, original_date=day).exists():
        raise ValidationError({"original_date": _("That occurrence is already cancelled or moved.")})
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def delete_series_exception(*, user: "User", exception: SeriesException) -> None:
    """Undo a cancellation or a move: the occurrence is back on the rule's day."""
    require(user, "learning_events.change_series", exception.series)
    exception.delete()


@transaction.atomic
def register_for_event(*, user: "User", event: LearningEvent, role: str, jurisdiction=None) -> Registration:
    """Register the user for a planned event, once; provider staff count under their provider's
    jurisdiction. When every place is taken the registration goes to the waiting list."""
    require(user, "learning_events.register_event", event)
    event = _locked(event)
    if Registration.objects.filter(event=event, user=user).exists():
        raise ValidationError(_("You are already registered for this event."))
    provider = user.provider if user.is_provider_staff else None
    taken = Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).count()
    full = event.capacity is not None and taken >= event.capacity
    registration = Registration(
        event=event,
        user=user,
        provider=provider,
        jurisdiction=provider.jurisdiction if provider else jurisdiction,
        role=role,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
    )
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def cancel_registration(*, user: "User", registration: Registration) -> list[Registration]:
    """Withdraw a registration (or leave the waiting list); the place it frees goes to the first
    person waiting. Returns the registrations promoted. The person may register again."""
    require(user, "learning_events.cancel_registration", registration)
    event = _locked(registration.event)
    registration.delete()
    return _fill_places(event)


@transaction.atomic
def record_attendance(*, user: "User", registration: Registration, attended: bool) -> Registration:
    """Staff record whether a registered participant came."""
    require(user, "learning_events.change_event", registration.event)
    registration.attended = attended
    registration.save(update_fields=["attended"])
    return registration


@transaction.atomic
def submit_participant_evaluation(
    *, user: "User", event: LearningEvent, satisfaction: int, comments: str = ""
) -> ParticipantEvaluation:
    """A participant's evaluation of an event that was held: satisfaction 1 to 5, once per person.

    Only participants: the user registered and was not marked absent."""
    require(user, "learning_events.evaluate_event", event)
    if not attended_event(user, event):  # superusers hold every permission, yet took no part either
        raise PermissionDenied(_("Only the event's participants can evaluate it."))
    if ParticipantEvaluation.objects.filter(event=event, submitted_by=user).exists():
        raise ValidationError(_("You have already evaluated this event."))
    evaluation = ParticipantEvaluation(
        event=event, submitted_by=user, satisfaction=satisfaction, comments=comments
    )
    evaluation.full_clean()
    evaluation.save()
    return evaluation


def validate_upload(uploaded) -> tuple[str, str]:
    """Check an uploaded report by its size and its content; returns (content type, extension).

    The type comes from the file's first bytes, so a picture or a program renamed ".pdf" is
    refused, and so is a file whose content no office program would open.
    """
    return check_upload(
        uploaded,
        allowed=TYPE_EXTENSIONS,  # any document the portal stores, by its content
        type_error=_(
            "This file is not a document the portal accepts. Upload a PDF, Word, Excel, "
            "PowerPoint or OpenDocument file."
        ),
    )


def _report_title(titles: dict[str, str], original: str) -> dict[str, str]:
    if not any(titles.values()):
        titles["title_en"] = original
    return titles


def _store(field_file, uploaded, ext: str) -> None:
    field_file.save(f"upload.{ext}", File(uploaded), save=False)


@transaction.atomic
def upload_report_file(
    *,
    user: "User",
    evaluation: Evaluation,
    uploaded,
    kind: str,
    title: str = "",
    title_en: str = "",
    title_fr: str = "",
) -> ReportFile:
    """Store a checked report file under a random name; a refused file leaves no row and no file.
    `title` is in the uploader's language; without a title in either language, the file's name
    is the English one."""
    require(user, "learning_events.add_reportfile", evaluation)
    content_type, ext = validate_upload(uploaded)
    original = (getattr(uploaded, "name", "") or f"report.{ext}").rsplit("/", 1)[-1][:200]
    report = ReportFile(
        evaluation=evaluation,
        kind=kind,
        **_report_title(written_pair("title", text=title, en=title_en, fr=title_fr), original),
        original_name=original,
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=user,
    )
    _store(report.file, uploaded, ext)
    try:
        report.full_clean()
        report.save()
    except BaseException:
        # Nothing is kept of a refused upload: no row, and no bytes on disk.
        report.file.delete(save=False)
        raise
    notices.report_available(report)
    return report


def delete_report_file(*, user: "User", report_file: ReportFile):
    """Delete a report file. Its stored bytes stay, reachable by no view, while the deletion can be
    undone; the undo window's end removes them (portal.undo.purge_expired_deletions)."""
    return delete_with_undo(
        user=user,
        obj=report_file,
        permission="learning_events.delete_reportfile",
        return_url=reverse("learning_events:evaluation-detail", kwargs={"slug": report_file.evaluation.slug}),
    )


def delete_event(*, user: "User", event: LearningEvent):
    """Delete a learning event, with its registrations, needs surveys and participants' evaluations;
    it leaves the calendar feeds and exports at once. Undoable."""
    return delete_with_undo(
        user=user,
        obj=event,
        permission="learning_events.delete_event",
        return_url=reverse("learning_events:event-detail", kwargs={"slug": event.slug}),
    )


def delete_evaluation(*, user: "User", evaluation: Evaluation):
    """Delete a commissioned evaluation with its report files and access grants. Undoable."""
    return delete_with_undo(
        user=user,
        obj=evaluation,
        permission="learning_events.delete_evaluation",
        return_url=reverse("learning_events:evaluation-detail", kwargs={"slug": evaluation.slug}),
    )


@transaction.atomic
def save_evaluation(*, user: "User", instance: Evaluation) -> Evaluation:
    """Create or change a commissioned evaluation."""
    evaluation = instance
    adding = evaluation._state.adding
    require(
        user,
        "learning_events.add_evaluation" if adding else "learning_events.change_evaluation",
        None if adding else evaluation,
    )
    if not evaluation.slug:
        evaluation.slug = _unique_slug(Evaluation, f"{evaluation.subject_en} {evaluation.city}")
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def grant_report_access(
    *, user: "User", evaluation: Evaluation, grantee=None, provider=None
) -> ReportAccessGrant:
    """Let one user, or every user of one provider, read the evaluation's final reports."""
    require(user, "learning_events.grant_report_access", evaluation)
    if (grantee is None) == (provider is None):
        raise ValidationError(_("Grant access to one user or to one provider organisation."))
    existing = ReportAccessGrant.objects.filter(
        evaluation=evaluation, user=grantee, provider=provider
    ).first()
    if existing:
        return existing
    grant = ReportAccessGrant(evaluation=evaluation, user=grantee, provider=provider, granted_by=user)
    grant.full_clean()
    grant.save()
    return grant


@transaction.atomic
def revoke_report_access(*, user: "User", grant: ReportAccessGrant) -> None:
    require(user, "learning_events.grant_report_access", grant.evaluation)
    grant.delete()


@transaction.atomic
def save_needs_survey(
    *,
    user: "User",
    event: LearningEvent,
    fields: dict[str, Any],
    survey: NeedsSurvey | None = None,
    results_file=None,
) -> NeedsSurvey:
    """Record the advisory body's needs survey for an event and the results that shape its content."""
    require(user, "learning_events.add_needssurvey", event)
    survey = survey or NeedsSurvey(event=event)
    for name in (
        "run_by",
        "audience",
        "opens_on",
        "closes_on",
        "status",
        "respondents",
        "results_en",
        "results_fr",
    ):
        if name in fields:
            setattr(survey, name, fields[name])
    if results_file is not None:
        _content_type, ext = validate_upload(results_file)
        survey.results_file_name = (results_file.name or "").rsplit("/", 1)[-1][:200]
        _store(survey.results_file, results_file, ext)
    try:
        survey.full_clean()
        survey.save()
    except Exception:
        if results_file is not None and survey.results_file:
            survey.results_file.delete(save=False)
        raise
    return survey


def today() -> datetime.date:
    return timezone.localdate()
