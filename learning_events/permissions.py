"""Who may see or change this app's objects: predicates registered with portal.permissions.

Everyone signed in reads events, series, pilot courses and the evaluations' subjects and status.
Report files are narrower: IRCC staff always; the commissioning group's committee (its members or
their provider, `groups.selectors.groups_with_committee_seat`); and, for final reports only, the
users and providers staff grant access to. Drafts never go beyond staff and the committee.
"""

import rules
from django.db.models import Q, QuerySet

from portal.permissions import is_ircc_staff, is_provider_staff, is_signed_in

from .models import EventStatus, Registration, RegistrationStatus, ReportFile, ReportKind


def committee_group_ids(user) -> list[int]:
    from groups.selectors import groups_with_committee_seat

    if not getattr(user, "is_authenticated", False):
        return []
    return list(groups_with_committee_seat(user).values_list("pk", flat=True))


def report_files_visible_to(user) -> QuerySet[ReportFile]:
    """The report files `user` may download; everything else answers 404."""
    qs = ReportFile.objects.select_related("evaluation")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_ircc_staff:
        return qs
    granted = Q(evaluation__grants__user=user)
    if user.provider_id:
        granted |= Q(evaluation__grants__provider_id=user.provider_id)
    allowed = Q(evaluation__group_id__in=committee_group_ids(user)) | (Q(kind=ReportKind.FINAL) & granted)
    return qs.filter(allowed).distinct()


@rules.predicate
def can_view_report_file(user, report_file) -> bool:
    if report_file is None:
        return False
    return report_files_visible_to(user).filter(pk=report_file.pk).exists()


@rules.predicate
def event_open_for_registration(user, event) -> bool:
    return event is not None and event.status in (EventStatus.PLANNED, EventStatus.IN_PLANNING)


@rules.predicate
def event_was_held(user, event) -> bool:
    return event is not None and event.status == EventStatus.HELD


@rules.predicate
def attended_event(user, event) -> bool:
    """The user registered for the event (not only on its waiting list) and was not marked absent
    (attendance may be unrecorded)."""
    if event is None or not getattr(user, "is_authenticated", False):
        return False
    return is_registered(user, event) and (
        Registration.objects.filter(event=event, user=user).exclude(attended=False).exists()
    )


def is_registered(user, event) -> bool:
    """The user holds a place at the event: registered, not waiting. The one test of "registered"
    (post-event evaluations, needs surveys and the event page all ask it)."""
    if event is None or not getattr(user, "is_authenticated", False):
        return False
    return Registration.objects.filter(event=event, user=user, status=RegistrationStatus.REGISTERED).exists()


@rules.predicate
def owns_registration(user, registration) -> bool:
    return registration is not None and registration.user_id is not None and registration.user_id == user.pk


rules.add_perm("learning_events.view_event", is_signed_in)
rules.add_perm("learning_events.add_event", is_ircc_staff)
rules.add_perm("learning_events.change_event", is_ircc_staff)
rules.add_perm("learning_events.view_series", is_signed_in)
rules.add_perm("learning_events.add_series", is_ircc_staff)
rules.add_perm("learning_events.change_series", is_ircc_staff)
rules.add_perm("learning_events.add_needssurvey", is_ircc_staff)
rules.add_perm("learning_events.view_registrations", is_ircc_staff)
rules.add_perm(
    "learning_events.register_event", (is_provider_staff | is_ircc_staff) & event_open_for_registration
)
# Only participants evaluate: a registration whose attendance is not recorded as absent.
rules.add_perm("learning_events.evaluate_event", is_signed_in & event_was_held & attended_event)
# A participant withdraws their own registration (or leaves the waiting list); staff withdraw anyone's.
rules.add_perm("learning_events.cancel_registration", is_ircc_staff | (is_signed_in & owns_registration))
rules.add_perm("learning_events.view_course", is_signed_in)
rules.add_perm("learning_events.view_evaluation", is_signed_in)
rules.add_perm("learning_events.add_evaluation", is_ircc_staff)
rules.add_perm("learning_events.change_evaluation", is_ircc_staff)
rules.add_perm("learning_events.add_reportfile", is_ircc_staff)
rules.add_perm("learning_events.view_reportfile", can_view_report_file)
rules.add_perm("learning_events.grant_report_access", is_ircc_staff)
rules.add_perm("learning_events.view_workproduct", is_signed_in)

# Deleting (undoable, portal.undo): whoever may edit the record. Objects: the record itself.
rules.add_perm("learning_events.delete_event", is_ircc_staff)
rules.add_perm("learning_events.delete_evaluation", is_ircc_staff)
rules.add_perm("learning_events.delete_reportfile", is_ircc_staff)


# --- Questionnaires (needs surveys and evaluations answered online) ----------------------------
def advisory_group_ids(user) -> list[int]:
    """The groups on whose advisory body the user (or the user's provider) sits now."""
    from groups.selectors import groups_with_committee_seat

    if not getattr(user, "is_authenticated", False):
        return []
    return list(groups_with_committee_seat(user, kind="advisory").values_list("pk", flat=True))


@rules.predicate
def sits_on_advisory_body(user, obj) -> bool:
    """`obj`: an event, a series or a questionnaire; its group's advisory body counts the user in."""
    if obj is None:
        return False
    subject = getattr(obj, "subject", obj)
    return subject.group_id in advisory_group_ids(user)


can_manage_questionnaire = is_ircc_staff | sits_on_advisory_body


@rules.predicate
def sits_on_an_advisory_body(user) -> bool:
    """The user (or the user's provider) sits on some group's advisory body now: may send its
    questionnaires, so may search the organisations they go to."""
    return bool(advisory_group_ids(user))


# Object: the event or series (add), the questionnaire (the rest).
rules.add_perm("learning_events.add_questionnaire", can_manage_questionnaire)
rules.add_perm("learning_events.manage_questionnaire", can_manage_questionnaire)
rules.add_perm("learning_events.view_questionnaire_results", can_manage_questionnaire)
# Searching the organisations a needs survey goes to (learning_events/lookups.py), no object: whoever
# may send some questionnaire. The send form offers every provider, the search answers the same.
rules.add_perm("learning_events.look_up_providers", is_ircc_staff | sits_on_an_advisory_body)
