"""Writes and rules of the groups app: governance, work plans and meetings (the meeting-compliance
rule itself lives in `groups/compliance.py`).

Every write checks the permission again (`portal.permissions.require`), validates the whole row
(`full_clean`, which also runs the database constraints) and runs in a transaction.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.permissions import require
from portal.undo import delete_with_undo
from portal.uploads import TEXT_DOCUMENT_TYPES, TYPE_EXTENSIONS, check_upload

if TYPE_CHECKING:
    from portal.models import User

from .models import (
    Committee,
    CommitteeMember,
    CommunityOfPractice,
    Meeting,
    NationalCommunityLink,
    WorkingGroup,
    WorkPlan,
    WorkPlanItem,
)

# --- Minutes files -----------------------------------------------------------------------------

#: Minutes are documents: the type is read from the content, never from the name the browser sent.
MINUTES_TYPES = {content_type: f".{TYPE_EXTENSIONS[content_type]}" for content_type in TEXT_DOCUMENT_TYPES}


def validate_minutes_file(upload: UploadedFile) -> str:
    """Refuse files over PORTAL_MAX_UPLOAD_BYTES or whose content is not a document; return its type."""
    content_type, _ext = check_upload(
        upload,
        allowed=MINUTES_TYPES,
        type_error=_("Minutes must be a PDF, Word, OpenDocument text or RTF document; this file is not one."),
    )
    return content_type


# --- Writes ------------------------------------------------------------------------------------


def _check_and_save(instance, *, user, perm: str, obj) -> None:
    require(user, perm, obj)
    instance.full_clean()
    instance.save()


@transaction.atomic
def save_group(
    *,
    user: "User",
    instance: WorkingGroup,
    jurisdictions: Iterable | None = None,
    depends_on: Iterable | None = None,
) -> WorkingGroup:
    """Create or update a working group; a group cannot depend on itself."""
    perm = "groups.add_group" if instance.pk is None else "groups.change_group"
    _check_and_save(instance, user=user, perm=perm, obj=instance if instance.pk else None)
    if jurisdictions is not None:
        instance.jurisdictions.set(jurisdictions)
    if depends_on is not None:
        depends_on = list(depends_on)
        if any(dep.pk == instance.pk for dep in depends_on):
            raise ValidationError({"depends_on": _("A group cannot depend on itself.")})
        instance.depends_on.set(depends_on)
    return instance


@transaction.atomic
def save_committee(*, user: "User", instance: Committee) -> Committee:
    """Create or update a committee (IRCC staff)."""
    perm = "groups.add_committee" if instance.pk is None else "groups.change_committee"
    _check_and_save(instance, user=user, perm=perm, obj=instance.group or instance)
    return instance


@transaction.atomic
def save_member(*, user: "User", instance: CommitteeMember) -> CommitteeMember:
    """Add or update a seat; IRCC staff, or the committee's chair for provider seats only (its own
    provider's and those already on the committee). The change is kept in the history."""
    perm = "groups.add_committeemember" if instance.pk is None else "groups.change_committeemember"
    require(user, perm, instance.committee)
    if instance.pk is not None:
        # The seat as stored: a chair may not turn the IRCC lead's seat into anything.
        stored = CommitteeMember.objects.select_related("user").get(pk=instance.pk)
        require(user, "groups.manage_seat", stored)
    require(user, "groups.manage_seat", instance)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def save_work_plan(*, user: "User", instance: WorkPlan) -> WorkPlan:
    """Create or update a group's work plan for one fiscal year (one per group and year)."""
    perm = "groups.add_workplan" if instance.pk is None else "groups.change_workplan"
    _check_and_save(instance, user=user, perm=perm, obj=instance.group)
    return instance


@transaction.atomic
def save_work_plan_item(*, user: "User", instance: WorkPlanItem) -> WorkPlanItem:
    """Add or update a work-plan item."""
    _check_and_save(instance, user=user, perm="groups.change_workplan", obj=instance.work_plan)
    return instance


@transaction.atomic
def record_meeting(
    *,
    user: "User",
    instance: Meeting,
    attendees: Iterable[CommitteeMember] = (),
    minutes: UploadedFile | None = None,
) -> Meeting:
    """Record or update a meeting; attendees must sit on the committee, minutes must be a document."""
    perm = "groups.add_meeting" if instance.pk is None else "groups.change_meeting"
    require(user, perm, instance.committee)
    attendees = list(attendees)
    strangers = [m for m in attendees if m.committee_id != instance.committee_id]
    if strangers:
        raise ValidationError({"attendees": _("Only members of this committee can be listed as present.")})
    content_type = validate_minutes_file(minutes) if minutes is not None else None
    # Validate the row before anything reaches the disk: a refused meeting stores no file.
    instance.full_clean(exclude=["minutes"])
    if minutes is not None:
        instance.minutes_name = (minutes.name or "")[-200:]
        instance.minutes_content_type = content_type
        # The stored name is random, with the extension of the type read from the content.
        instance.minutes.save(f"minutes{MINUTES_TYPES[content_type]}", minutes, save=False)
    try:
        instance.save()
        instance.attendees.set(attendees)
    except Exception:
        if minutes is not None:
            instance.minutes.delete(save=False)
        raise
    return instance


@transaction.atomic
def save_community(
    *, user: "User", instance: CommunityOfPractice, umbrellas: Iterable | None = None
) -> CommunityOfPractice:
    """Create or update a community of practice (IRCC staff)."""
    perm = "groups.add_community" if instance.pk is None else "groups.change_community"
    _check_and_save(instance, user=user, perm=perm, obj=instance)
    if umbrellas is not None:
        instance.umbrellas.set(umbrellas)
    return instance


@transaction.atomic
def add_community_link(*, user: "User", instance: NationalCommunityLink) -> NationalCommunityLink:
    """Link a community of practice to a national one (IRCC staff)."""
    _check_and_save(instance, user=user, perm="groups.change_community", obj=instance.community)
    return instance


# --- Delete and undo (portal.undo): the record comes back from its history -------------------
def delete_meeting(*, user, meeting: Meeting):
    """Delete a meeting recorded by mistake: it stops counting toward compliance at once. Undoable."""
    return delete_with_undo(
        user=user,
        obj=meeting,
        permission="groups.delete_meeting",
        return_url=reverse("groups:committee-detail", kwargs={"pk": meeting.committee_id}),
    )


def delete_work_plan_item(*, user, item: WorkPlanItem):
    """Delete a work-plan item. Undoable."""
    return delete_with_undo(
        user=user,
        obj=item,
        permission="groups.delete_workplanitem",
        return_url=reverse("groups:workplan-detail", kwargs={"pk": item.work_plan_id}),
    )


def delete_committee_member(*, user, member: CommitteeMember):
    """Delete a seat entered by mistake. A seat recorded present at a meeting is history the
    committee keeps: it is ended (its end date), not deleted. Undoable."""
    require(user, "groups.delete_committeemember", member)
    if member.meetings.exists():
        raise ValidationError(
            _(
                "%(member)s was present at meetings of this committee: their seat is part of its history. "
                "End the seat instead (give it an end date)."
            )
            % {"member": member}
        )
    return delete_with_undo(
        user=user,
        obj=member,
        permission="groups.delete_committeemember",
        return_url=reverse("groups:committee-detail", kwargs={"pk": member.committee_id}),
    )


def delete_community(*, user, community: CommunityOfPractice):
    """Delete a community of practice and its links to national ones. Undoable."""
    return delete_with_undo(
        user=user,
        obj=community,
        permission="groups.delete_community",
        return_url=reverse("groups:committee-list"),
    )
