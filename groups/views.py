"""Pages of the groups app. Each view declares its permission, binds a form, calls one service."""

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, View

from portal.pagecache import cached_page
from portal.uploads import stored_file_response, type_of_stored_name
from portal.views import (
    DeleteConfirmView,
    FilteredListView,
    PermissionRequiredMixin,
    ScopedObjectMixin,
    ScopedParentMixin,
    ServiceCreateView,
    ServiceUpdateView,
    Text,
)

from . import selectors, services
from .forms import (
    CommitteeForm,
    CommunityForm,
    CommunityLinkForm,
    GroupFilterForm,
    GroupForm,
    MeetingForm,
    MemberForm,
    WorkPlanForm,
    WorkPlanItemFilterForm,
    WorkPlanItemForm,
)
from .health import health_rule_context
from .models import (
    Committee,
    CommitteeMember,
    CommunityOfPractice,
    Meeting,
    NationalCommunityLink,
    WorkPlan,
    WorkPlanItem,
)
from .panels import group_panels
from .permissions import committees_visible_to, seats_managed_by


def _groups(user):
    """Working groups are read by every signed-in user; the page's own joins come with them."""
    return selectors.group_queryset(user=user)


class GroupObjectMixin(ScopedObjectMixin):
    """Views of one group, found by its slug (404 when there is none)."""

    lookup_field = "slug"

    def get_queryset(self):
        return _groups(self.request.user)


class GroupParentMixin(ScopedParentMixin):
    """Pages that add to the group in the URL (its committees, its work plans)."""

    parent_lookup_field = "slug"

    def get_parent_queryset(self):
        return _groups(self.request.user)


# --- Groups ------------------------------------------------------------------------------------
@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class WorkingGroupListView(FilteredListView):
    permission_required = "groups.view_group"
    template_name = "groups/workinggroup_list.html"
    context_object_name = "groups"
    filter_form_class = GroupFilterForm
    sort_keys = {
        "name": (Text("name_{lang}"),),
        "category": ("category__order", "order"),
        "stage": ("stage",),
        "lead": (Text("lead__last_name"), Text("lead__first_name")),
        "health": ("health_score",),
    }
    default_sort = "category"
    partial_template_name = "groups/_workinggroup_rows.html"
    list_target = "group-list"

    def list_rows(self, filters):
        # Every group's health (cached until its data changes); an annotation only when the list is
        # sorted by it (its CASE over every group cost a third of the page's SQL time otherwise).
        self.health = selectors.group_health_map()
        rows = selectors.group_list(user=self.request.user, filters=filters)
        if self.sort.removeprefix("-") == "health":
            rows = selectors.with_health_score(rows, self.health)
        return rows

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        for group in page.object_list:
            group.health = self.health.get(group.pk)
        return paginator, page, page.object_list, is_paginated


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class WorkingGroupDetailView(GroupObjectMixin, PermissionRequiredMixin, DetailView):
    permission_required = "groups.view_group"
    template_name = "groups/workinggroup_detail.html"
    context_object_name = "group"

    def get_context_data(self, **kwargs):
        prefetch_related_objects([self.object], *selectors.GROUP_PAGE_RELATIONS)
        context = super().get_context_data(**kwargs)
        context["panels"] = group_panels(user=self.request.user, group=self.object)  # other apps' sections
        context["governance"] = selectors.group_governance(user=self.request.user, group=self.object)
        context["health"] = selectors.group_health_map().get(self.object.pk)
        context["health_rule"] = health_rule_context()
        return context


class _GroupFormMixin:
    """The group's own relations are set by its service, which refuses a group depending on itself."""

    form_class = GroupForm
    service = services.save_group
    save_m2m = False

    def get_service_kwargs(self, form) -> dict:
        return {
            "jurisdictions": form.cleaned_data["jurisdictions"],
            "depends_on": form.cleaned_data["depends_on"],
        }


class WorkingGroupCreateView(_GroupFormMixin, ServiceCreateView):
    permission_required = "groups.add_group"
    page_title = _("New working group")
    success_message = _("The group was created.")

    def get_success_url(self) -> str:
        return self.object.get_absolute_url() if self.object else self.get_cancel_url()

    def get_cancel_url(self) -> str:
        return reverse("groups:group-list")


class WorkingGroupUpdateView(_GroupFormMixin, GroupObjectMixin, ServiceUpdateView):
    permission_required = "groups.change_group"
    page_title = _("Edit the group")
    success_message = _("The group was updated.")

    def get_success_url(self) -> str:
        return self.get_object().get_absolute_url()


# --- Committees --------------------------------------------------------------------------------
@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class CommitteeListView(FilteredListView):
    """Every committee the user may see, PD advisory committees included, with this year's count."""

    permission_required = "groups.view_group"
    template_name = "groups/committee_list.html"
    context_object_name = "committees"
    sort_keys = {
        "name": (Text("name_{lang}"),),
        "kind": ("kind", Text("name_{lang}")),
        "owner": ("umbrella__acronym", "group__order", "kind"),
        "held": ("held",),
    }
    default_sort = "owner"

    def list_rows(self, filters):
        from django.utils import timezone

        from portal.fiscal import fiscal_year_of

        self.today = timezone.localdate()
        self.fiscal_year = fiscal_year_of(self.today)
        return selectors.committee_list(user=self.request.user, fiscal_year=self.fiscal_year)

    def paginate_queryset(self, queryset, page_size):
        # Compliance is worked out for the committees on this page only, from their `held` count.
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = selectors.with_compliance(rows, fiscal_year=self.fiscal_year, today=self.today)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        from portal.fiscal import fiscal_year_label

        context = super().get_context_data(**kwargs)
        context["fiscal_year_label"] = fiscal_year_label(self.fiscal_year)
        context["communities"] = selectors.community_list(user=self.request.user)
        return context


def _committees(user):
    """The committees the user sits on (all of them for IRCC staff): another's answers 404."""
    return committees_visible_to(user).select_related("group", "umbrella")


class CommitteeObjectMixin(ScopedObjectMixin):
    """Views of one committee: a committee the user does not sit on answers 404."""

    def get_queryset(self):
        return _committees(self.request.user)


class CommitteeParentMixin(ScopedParentMixin):
    """Pages that add to the committee in the URL (a seat, a meeting)."""

    def get_parent_queryset(self):
        return _committees(self.request.user)


class CommitteeDetailView(CommitteeObjectMixin, PermissionRequiredMixin, DetailView):
    permission_required = "groups.view_committee"
    template_name = "groups/committee_detail.html"
    context_object_name = "committee"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = selectors.committee_page(user=self.request.user, committee=self.object)
        context["editable_seats"] = seats_managed_by(self.request.user, self.object)
        context["health"] = selectors.committee_health_map().get(self.object.pk)
        context["health_rule"] = health_rule_context()
        return context


class CommitteeHistoryView(CommitteeObjectMixin, PermissionRequiredMixin, DetailView):
    """Who changed the committee's seats, when, and what was before and after (IRCC staff)."""

    permission_required = "groups.view_membership_history"
    template_name = "groups/committee_history.html"
    context_object_name = "committee"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = selectors.membership_history(committee=self.object)
        return context


class CommitteeCreateView(GroupParentMixin, ServiceCreateView):
    permission_required = "groups.add_committee"
    form_class = CommitteeForm
    service = services.save_committee
    page_title = _("New committee")
    success_message = _("The committee was created.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Committee(group=self.get_parent())}

    def get_success_url(self) -> str:
        return self.object.get_absolute_url() if self.object else self.get_cancel_url()

    def get_cancel_url(self) -> str:
        return self.get_parent().get_absolute_url()


class CommitteeUpdateView(CommitteeObjectMixin, ServiceUpdateView):
    permission_required = "groups.change_committee"
    form_class = CommitteeForm
    service = services.save_committee
    page_title = _("Edit the committee")
    success_message = _("The committee was updated.")

    def get_success_url(self) -> str:
        return self.get_object().get_absolute_url()


class MemberCreateView(CommitteeParentMixin, ServiceCreateView):
    permission_required = "groups.add_committeemember"
    form_class = MemberForm
    service = services.save_member
    page_title = _("Add a committee member")
    success_message = _("The member was added.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = CommitteeMember(committee=self.get_parent())
        kwargs["editor"] = self.request.user
        return kwargs

    def get_success_url(self) -> str:
        return self.get_parent().get_absolute_url()


class MemberUpdateView(ServiceUpdateView):
    permission_required = "groups.change_committeemember"
    form_class = MemberForm
    service = services.save_member
    page_title = _("Edit a committee member")
    success_message = _("The member was updated.")

    def get_queryset(self):
        return CommitteeMember.objects.select_related("committee").filter(
            committee__in=committees_visible_to(self.request.user)
        )

    def get_permission_object(self):
        return self.get_object().committee

    def has_permission(self) -> bool:
        # The roster in general, then this seat: a chair never edits an IRCC or non-provider seat.
        return super().has_permission() and self.request.user.has_perm(
            "groups.manage_seat", self.get_object()
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editor": self.request.user}

    def get_success_url(self) -> str:
        return self.get_object().committee.get_absolute_url()


# --- Meetings ----------------------------------------------------------------------------------
class _MeetingFormMixin:
    """The attendees and the minutes file go through the service, which checks both."""

    form_class = MeetingForm
    service = services.record_meeting
    save_m2m = False

    def get_service_kwargs(self, form) -> dict:
        return {
            "attendees": form.cleaned_data["attendees"],
            "minutes": form.cleaned_data.get("minutes") or None,
        }


class MeetingCreateView(_MeetingFormMixin, CommitteeParentMixin, ServiceCreateView):
    permission_required = "groups.add_meeting"
    page_title = _("Record a meeting")
    success_message = _("The meeting was recorded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Meeting(committee=self.get_parent())}

    def get_success_url(self) -> str:
        return self.get_parent().get_absolute_url()


class MeetingObjectMixin(ScopedObjectMixin):
    """A meeting of a committee the user sits on; others answer 404."""

    def get_queryset(self):
        return Meeting.objects.select_related("committee").filter(
            committee__in=committees_visible_to(self.request.user)
        )

    def get_permission_object(self):
        return self.get_object().committee


class MeetingUpdateView(_MeetingFormMixin, MeetingObjectMixin, ServiceUpdateView):
    permission_required = "groups.change_meeting"
    page_title = _("Edit a meeting")
    success_message = _("The meeting was updated.")

    def get_success_url(self) -> str:
        return self.get_object().committee.get_absolute_url()


class MeetingMinutesView(MeetingObjectMixin, PermissionRequiredMixin, View):
    """The minutes file, only to those who may read them; MEDIA_ROOT is never served directly."""

    permission_required = "groups.view_meeting_minutes"

    def get_permission_object(self):
        return self.get_object()

    def get(self, request, *args, **kwargs):
        meeting = self.get_object()
        if not meeting.minutes:
            raise Http404
        try:
            handle = meeting.minutes.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return stored_file_response(
            handle,
            content_type=meeting.minutes_content_type or type_of_stored_name(meeting.minutes.name),
            uploaded_name=meeting.minutes_name,
            fallback="minutes",
        )


# --- Work plans --------------------------------------------------------------------------------
class WorkPlanCreateView(GroupParentMixin, ServiceCreateView):
    permission_required = "groups.add_workplan"
    form_class = WorkPlanForm
    service = services.save_work_plan
    page_title = _("New work plan")
    success_message = _("The work plan was created.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": WorkPlan(group=self.get_parent())}

    def get_success_url(self) -> str:
        return self.object.get_absolute_url() if self.object else self.get_cancel_url()

    def get_cancel_url(self) -> str:
        return self.get_parent().get_absolute_url()


def _work_plans():
    return WorkPlan.objects.select_related("group")


class WorkPlanObjectMixin(ScopedObjectMixin):
    """Views of one work plan: a plan the user may not read answers 404."""

    view_permission = "groups.view_workplan"

    def get_queryset(self):
        return _work_plans()


class WorkPlanDetailView(WorkPlanObjectMixin, PermissionRequiredMixin, DetailView):
    permission_required = "groups.view_workplan"
    template_name = "groups/workplan_detail.html"
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = WorkPlanItemFilterForm(
            self.request.GET or None, owners=selectors.item_owner_choices(plan=self.object)
        )
        owner = form.cleaned_data["owner"] if form.is_valid() else ""
        context["owner_form"] = form
        context["items"] = selectors.work_plan_items(plan=self.object, owner=owner)
        return context


class WorkPlanUpdateView(WorkPlanObjectMixin, ServiceUpdateView):
    permission_required = "groups.change_workplan"
    form_class = WorkPlanForm
    service = services.save_work_plan
    page_title = _("Edit the work plan")
    success_message = _("The work plan was updated.")

    def get_success_url(self) -> str:
        return self.get_object().get_absolute_url()


class WorkPlanItemCreateView(ScopedParentMixin, ServiceCreateView):
    permission_required = "groups.change_workplan"
    form_class = WorkPlanItemForm
    service = services.save_work_plan_item
    page_title = _("Add a work plan item")
    success_message = _("The item was added.")
    parent_view_permission = "groups.view_workplan"

    def get_parent_queryset(self):
        return _work_plans()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": WorkPlanItem(work_plan=self.get_parent())}

    def get_success_url(self) -> str:
        return self.get_parent().get_absolute_url()


class WorkPlanItemUpdateView(ServiceUpdateView):
    permission_required = "groups.change_workplan"
    form_class = WorkPlanItemForm
    service = services.save_work_plan_item
    page_title = _("Edit a work plan item")
    success_message = _("The item was updated.")

    def get_queryset(self):
        return WorkPlanItem.objects.select_related("work_plan__group")

    def is_visible(self, obj) -> bool:
        return self.request.user.has_perm("groups.view_workplan", obj.work_plan)

    def get_permission_object(self):
        return self.get_object().work_plan

    def get_success_url(self) -> str:
        return self.get_object().work_plan.get_absolute_url()


# --- Communities of practice -------------------------------------------------------------------
class _CommunityFormMixin:
    form_class = CommunityForm
    service = services.save_community
    save_m2m = False

    def get_service_kwargs(self, form) -> dict:
        return {"umbrellas": form.cleaned_data["umbrellas"]}

    def get_success_url(self) -> str:
        return reverse("groups:committee-list")


class CommunityCreateView(_CommunityFormMixin, ServiceCreateView):
    permission_required = "groups.add_community"
    page_title = _("New community of practice")
    success_message = _("The community of practice was created.")


class CommunityUpdateView(_CommunityFormMixin, ServiceUpdateView):
    permission_required = "groups.change_community"
    page_title = _("Edit the community of practice")
    success_message = _("The community of practice was updated.")

    def get_queryset(self):
        return CommunityOfPractice.objects.all()


class CommunityLinkCreateView(ScopedParentMixin, ServiceCreateView):
    permission_required = "groups.change_community"
    form_class = CommunityLinkForm
    service = services.add_community_link
    page_title = _("Link to a national community of practice")
    success_message = _("The link was added.")

    def get_parent_queryset(self):
        return CommunityOfPractice.objects.all()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": NationalCommunityLink(community=self.get_parent())}

    def get_success_url(self) -> str:
        return reverse("groups:committee-list")


# --- Delete and undo (portal.views.DeleteConfirmView) ------------------------------------------
class MeetingDeleteView(DeleteConfirmView):
    permission_required = "groups.delete_meeting"

    def get_queryset(self):
        return Meeting.objects.select_related("committee").filter(
            committee__in=committees_visible_to(self.request.user)
        )

    def delete(self, obj):
        return services.delete_meeting(user=self.request.user, meeting=obj)

    def get_success_url(self) -> str:
        return self.get_object().committee.get_absolute_url()

    get_cancel_url = get_success_url


class MemberDeleteView(DeleteConfirmView):
    permission_required = "groups.delete_committeemember"

    def get_queryset(self):
        return CommitteeMember.objects.select_related("committee", "user").filter(
            committee__in=committees_visible_to(self.request.user)
        )

    def delete(self, obj):
        return services.delete_committee_member(user=self.request.user, member=obj)

    def get_success_url(self) -> str:
        return self.get_object().committee.get_absolute_url()

    get_cancel_url = get_success_url


class WorkPlanItemDeleteView(DeleteConfirmView):
    permission_required = "groups.delete_workplanitem"

    def get_queryset(self):
        return WorkPlanItem.objects.select_related("work_plan__group")

    def get_object(self):
        item = super().get_object()
        if not self.request.user.has_perm("groups.view_workplan", item.work_plan):
            raise Http404  # a plan the user may not read: as if it did not exist
        return item

    def delete(self, obj):
        return services.delete_work_plan_item(user=self.request.user, item=obj)

    def get_success_url(self) -> str:
        return self.get_object().work_plan.get_absolute_url()

    get_cancel_url = get_success_url


class CommunityDeleteView(DeleteConfirmView):
    permission_required = "groups.delete_community"

    def get_queryset(self):
        return CommunityOfPractice.objects.all()

    def delete(self, obj):
        return services.delete_community(user=self.request.user, community=obj)

    def get_success_url(self) -> str:
        return reverse("groups:committee-list")

    get_cancel_url = get_success_url
