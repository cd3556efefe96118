"""What the header search looks into, kind by kind: each kind's records start from the queryset
its own app scopes to the user (the same `*_visible_to` as its pages), and name the columns searched
with the English and the French full-text configurations, and those of either language."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.models import CommunityOfPractice, WorkingGroup, WorkPlanItem
from groups.permissions import committees_visible_to, work_plans_visible_to
from learning_events.models import Evaluation, LearningEvent
from learning_events.permissions import report_files_visible_to
from pd_budget.permissions import providers_visible_to


@dataclass(frozen=True)
class Kind:
    key: str
    label: object
    records: Callable[[object], QuerySet]  # user -> the records that user may see
    english: tuple[str, ...] = ()  # columns in English
    french: tuple[str, ...] = ()  # columns in French
    either: tuple[str, ...] = ()  # columns written in one language or the other (names, titles)
    #: The fields shown: (English, French) for bilingual text (the page's language first, the
    #: other when only it matches), or one field.
    title: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    url: Callable[[object], str] = lambda obj: obj.get_absolute_url()
    order: tuple[str, ...] = ("pk",)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.english + self.french + self.either


def _signed_in(model):
    def records(user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return model.objects.none()
        return model.objects.all()

    return records


def _work_plan_items(user) -> QuerySet[WorkPlanItem]:
    """The items of the work plans the user may read (groups.view_workplan)."""
    return WorkPlanItem.objects.filter(work_plan__in=work_plans_visible_to(user)).select_related("work_plan")


def _community_url(community) -> str:
    if community.group_id:
        return community.group.get_absolute_url() + "#communities"
    return reverse("groups:group-list")


KINDS: list[Kind] = [
    Kind(
        "groups",
        _("Working groups"),
        _signed_in(WorkingGroup),
        english=("name_en", "mandate_en"),
        french=("name_fr", "mandate_fr"),
        title=("name_en", "name_fr"),
        summary=("mandate_en", "mandate_fr"),
        order=("name_en",),
    ),
    Kind(
        "committees",
        _("Committees"),
        committees_visible_to,
        english=("name_en", "terms_of_reference_en"),
        french=("name_fr", "terms_of_reference_fr"),
        title=("name_en", "name_fr"),
        summary=("terms_of_reference_en", "terms_of_reference_fr"),
        order=("name_en",),
    ),
    Kind(
        "events",
        _("Learning events"),
        _signed_in(LearningEvent),
        english=("title_en", "content_en"),
        french=("title_fr", "content_fr"),
        either=("city",),
        title=("title_en", "title_fr"),
        summary=("content_en", "content_fr"),
        order=("-starts_on", "slug"),
    ),
    Kind(
        "evaluations",
        _("Evaluations"),
        _signed_in(Evaluation),
        english=("subject_en", "summary_en", "evaluator_organisation_en"),
        french=("subject_fr", "summary_fr", "evaluator_organisation_fr"),
        title=("subject_en", "subject_fr"),
        summary=("summary_en", "summary_fr"),
        order=("subject_en",),
    ),
    Kind(
        "reports",
        _("Report files"),
        lambda user: report_files_visible_to(user).select_related("evaluation"),
        english=("title_en",),
        french=("title_fr",),
        title=("title_en", "title_fr"),
        summary=("evaluation.subject_en", "evaluation.subject_fr"),
        url=lambda r: r.evaluation.get_absolute_url(),
        order=("title_en", "title_fr", "pk"),
    ),
    Kind(
        "providers",
        _("Providers"),
        providers_visible_to,
        either=("name",),
        title=("name",),
        url=lambda p: reverse("pd_budget:allocation", kwargs={"pk": p.pk}),
        order=("name",),
    ),
    Kind(
        "workplan-items",
        _("Work-plan items"),
        _work_plan_items,
        english=("title_en", "notes_en"),
        french=("title_fr", "notes_fr"),
        either=("owner",),
        title=("title_en", "title_fr"),
        summary=("notes_en", "notes_fr"),
        url=lambda i: i.work_plan.get_absolute_url(),
        order=("due_date", "pk"),
    ),
    Kind(
        "communities",
        _("Communities of practice"),
        lambda user: _signed_in(CommunityOfPractice)(user).select_related("group"),
        english=("name_en", "description_en"),
        french=("name_fr", "description_fr"),
        title=("name_en", "name_fr"),
        summary=("description_en", "description_fr"),
        url=_community_url,
        order=("name_en",),
    ),
]
