"""Every write of the results app: recommendations, management responses and actions (IRCC staff),
their undoable deletes, and starting a briefing job."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.permissions import acting_person, require
from portal.queue import enqueue_on_commit
from portal.undo import delete_with_undo

from .models import ActionItem, BriefingFormat, BriefingJob, ManagementResponse, Recommendation

if TYPE_CHECKING:
    from portal.models import User

BRIEFING_TASK = "results.tasks.run_briefing_job"


def _evaluation_url(evaluation) -> str:
    return reverse("learning_events:evaluation-detail", kwargs={"slug": evaluation.slug})


def _require_text(obj, label: str) -> None:
    for name in ("text_en", "text_fr"):
        setattr(obj, name, (getattr(obj, name) or "").strip())
    if not obj.text_en and not obj.text_fr:
        raise ValidationError({"text_en": _("Write the %(what)s in English or in French.") % {"what": label}})


@transaction.atomic
def save_recommendation(*, user: "User", instance: Recommendation) -> Recommendation:
    """Create or change a recommendation of an evaluation (text in one language at least)."""
    adding = instance._state.adding
    require(
        user,
        "results.add_recommendation" if adding else "results.change_recommendation",
        None if adding else instance,
    )
    _require_text(instance, _("recommendation"))
    if adding and not instance.number:
        last = Recommendation.objects.filter(evaluation=instance.evaluation).order_by("-number").first()
        instance.number = (last.number + 1) if last else 1
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def save_management_response(*, user: "User", instance: ManagementResponse) -> ManagementResponse:
    """Record or change IRCC management's response to a recommendation (one per recommendation)."""
    adding = instance._state.adding
    require(
        user,
        "results.add_managementresponse" if adding else "results.change_managementresponse",
        None if adding else instance,
    )
    if adding and ManagementResponse.objects.filter(recommendation_id=instance.recommendation_id).exists():
        raise ValidationError(_("This recommendation already has a management response: change it instead."))
    _require_text(instance, _("response"))
    if adding:
        instance.responded_by = acting_person(user)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def save_action(*, user: "User", instance: ActionItem) -> ActionItem:
    """Create or change an action: its owner is an active portal account; a linked work-plan item
    belongs to a group's work plan (any group: an evaluation's actions may land in another's plan)."""
    adding = instance._state.adding
    require(
        user,
        "results.add_actionitem" if adding else "results.change_actionitem",
        None if adding else instance,
    )
    _require_text(instance, _("action"))
    if instance.owner_id and not instance.owner.is_active:
        raise ValidationError({"owner": _("The owner's account is no longer active: choose another owner.")})
    instance.full_clean()
    instance.save()
    return instance


def delete_recommendation(*, user: "User", recommendation: Recommendation):
    """Delete a recommendation with its response and actions. Undoable."""
    return delete_with_undo(
        user=user,
        obj=recommendation,
        permission="results.delete_recommendation",
        return_url=_evaluation_url(recommendation.evaluation),
    )


def delete_management_response(*, user: "User", response: ManagementResponse):
    """Delete a management response (the recommendation and its actions stay). Undoable."""
    return delete_with_undo(
        user=user,
        obj=response,
        permission="results.delete_managementresponse",
        return_url=_evaluation_url(response.recommendation.evaluation),
    )


def delete_action(*, user: "User", action: ActionItem):
    """Delete an action. Undoable."""
    return delete_with_undo(
        user=user,
        obj=action,
        permission="results.delete_actionitem",
        return_url=_evaluation_url(action.recommendation.evaluation),
    )


# --- Briefings ------------------------------------------------------------------------------------
@transaction.atomic
def start_briefing(*, user: "User", fiscal_year: int, language: str, file_format: str) -> BriefingJob:
    """Queue the review-and-planning briefing for `fiscal_year`, in `language` and `file_format`; the
    job runs after the commit (portal.queue) and its file waits for `user` on the Reports page."""
    require(user, "results.add_briefing")
    if language not in ("en", "fr"):
        raise ValidationError({"language": _("Choose English or French.")})
    if file_format not in BriefingFormat.values:
        raise ValidationError({"file_format": _("Choose PowerPoint or PDF.")})
    if not 2012 <= int(fiscal_year) <= 2100:
        raise ValidationError({"fiscal_year": _("Choose a fiscal year from 2012-13 on.")})
    job = BriefingJob.objects.create(
        user=user, fiscal_year=fiscal_year, language=language, file_format=file_format
    )
    enqueue_on_commit(BRIEFING_TASK, job.pk)
    return job
