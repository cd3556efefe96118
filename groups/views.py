"""Pages of the groups app. Each view declares its permission, binds a form, calls one service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView, View

from portal.uploads import stored_file_response, type_of_stored_name
from portal.views import DeleteConfirmView, FilteredListView, PermissionRequiredMixin, Text

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
    WorkPlanItemForm,
)
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
from .panels import group_panels
from .permissions import committees_visible_to, seats_managed_by


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ServiceFormMixin:
    """form -> service -> message -> redirect; a service's ValidationError goes back on the form."""

    template_name = "groups/object_form.html"
    success_message = _("Saved.")
    page_title = ""

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        context["back_url"] = self.get_back_url()
        return context

    def get_back_url(self) -> str:
        return self.get_success_url()


# --- Groups ------------------------------------------------------------------------------------
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
    }
    default_sort = "category"
    partial_template_name = "groups/_workinggroup_rows.html"
    list_target = "group-list"

    def list_rows(self, filters):
        return selectors.group_list(user=self.request.user, filters=filters)


class GroupObjectMixin:
    """Views of one group, found by its slug (404 when there is none)."""

    def get_group(self) -> WorkingGroup:
        if not hasattr(self, "_group"):
            try:
                self._group = selectors.group_get(user=self.request.user, slug=self.kwargs["slug"])
            except WorkingGroup.DoesNotExist as exc:
                raise Http404 from exc
        return self._group


class WorkingGroupDetailView(GroupObjectMixin, PermissionRequiredMixin, DetailView):
    permission_required = "groups.view_group"
    template_name = "groups/workinggroup_detail.html"
    context_object_name = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = group_panels(user=self.request.user, group=self.object)  # other apps' sections
        context["governance"] = selectors.group_governance(user=self.request.user, group=self.object)
        return context

    def get_object(self, queryset=None):
        return self.get_group()


class WorkingGroupCreateView(ServiceFormMixin, PermissionRequiredMixin, CreateView):
    permission_required = "groups.add_group"
    form_class = GroupForm
    page_title = _("New working group")
    success_message = _("The group was created.")

    def get_permission_object(self):
        return None

    def perform(self, form):
        return services.save_group(
            user=self.request.user,
            group=form.save(commit=False),
            jurisdictions=form.cleaned_data["jurisdictions"],
            depends_on=form.cleaned_data["depends_on"],
        )

    def get_success_url(self) -> str:
        return self.object.get_absolute_url() if self.object else self.get_back_url()

    def get_back_url(self) -> str:
        from django.urls import reverse

        return reverse("groups:group-list")


class WorkingGroupUpdateView(GroupObjectMixin, ServiceFormMixin, PermissionRequiredMixin, UpdateView):
    permission_required = "groups.change_group"
    form_class = GroupForm
    page_title = _("Edit the group")
    success_message = _("The group was updated.")

    def get_object(self, queryset=None):
        return self.get_group()

    def perform(self, form):
        return services.save_group(
            user=self.request.user,
            group=form.save(commit=False),
            jurisdictions=form.cleaned_data["jurisdictions"],
            depends_on=form.cleaned_data["depends_on"],
        )

    def get_success_url(self) -> str:
        return self.get_group().get_absolute_url()


# --- Committees --------------------------------------------------------------------------------
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


class CommitteeObjectMixin:
    """Views of one committee: a committee the user does not sit on answers 404."""

    committee_kwarg = "pk"

    def get_committee(self) -> Committee:
        if not hasattr(self, "_committee"):
            try:
                self._committee = selectors.committee_get(
                    user=self.request.user, pk=self.kwargs[self.committee_kwarg]
                )
            except Committee.DoesNotExist as exc:
                raise Http404 from exc
        return self._committee

    def get_permission_object(self):
        return self.get_committee()


class CommitteeDetailView(CommitteeObjectMixin, PermissionRequiredMixin, DetailView):
    permission_required = "groups.view_committee"
    template_name = "groups/committee_detail.html"
    context_object_name = "committee"

    def get_object(self, queryset=None):
        return self.get_committee()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = selectors.committee_page(user=self.request.user, committee=self.object)
        context["editable_seats"] = seats_managed_by(self.request.user, self.object)
        return context


class CommitteeHistoryView(CommitteeObjectMixin, PermissionRequiredMixin, DetailView):
    """Who changed the committee's seats, when, and what was before and after (IRCC staff)."""

    permission_required = "groups.view_membership_history"
    template_name = "groups/committee_history.html"
    context_object_name = "committee"

    def get_object(self, queryset=None):
        return self.get_committee()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = selectors.membership_history(committee=self.object)
        return context


class CommitteeCreateView(GroupObjectMixin, ServiceFormMixin, PermissionRequiredMixin, CreateView):
    permission_required = "groups.add_committee"
    form_class = CommitteeForm
    page_title = _("New committee")
    success_message = _("The committee was created.")

    def get_permission_object(self):
        return self.get_group()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Committee(group=self.get_group())
        return kwargs

    def perform(self, form):
        return services.save_committee(user=self.request.user, committee=form.save(commit=False))

    def get_success_url(self) -> str:
        return self.object.get_absolute_url() if self.object else self.get_back_url()

    def get_back_url(self) -> str:
        return self.get_group().get_absolute_url()


class CommitteeUpdateView(CommitteeObjectMixin, ServiceFormMixin, PermissionRequiredMixin, UpdateView):
    permission_required = "groups.change_committee"
    form_class = CommitteeForm
    page_title = _("Edit the committee")
    success_message = _("The committee was updated.")

    def get_object(self, queryset=None):
        return self.get_committee()

    def perform(self, form):
        return services.save_committee(user=self.request.user, committee=form.save(commit=False))

    def get_success_url(self) -> str:
        return self.get_committee().get_absolute_url()


class MemberCreateView(CommitteeObjectMixin, ServiceFormMixin, PermissionRequiredMixin, CreateView):
    permission_required = "groups.add_committeemember"
    form_class = MemberForm
    page_title = _("Add a committee member")
    success_message = _("The member was added.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = CommitteeMember(committee=self.get_committee())
        kwargs["editor"] = self.request.user
        return kwargs

    def perform(self, form):
        return services.save_member(user=self.request.user, member=form.save(commit=False))

    def get_success_url(self) -> str:
        return self.get_committee().get_absolute_url()


class MemberUpdateView(CommitteeObjectMixin, ServiceFormMixin, PermissionRequiredMixin, UpdateView):
    permission_required = "groups.change_committeemember"
    form_class = MemberForm
    page_title = _("Edit a committee member")
    success_message = _("The member was updated.")

    def get_member(self) -> CommitteeMember:
        if not hasattr(self, "_member"):
            self._member = get_object_or_404(
                CommitteeMember.objects.select_related("committee"),
                pk=self.kwargs["pk"],
                committee__in=committees_visible_to(self.request.user),
            )
        return self._member

    def get_committee(self) -> Committee:
        return self.get_member().committee

    def has_permission(self) -> bool:
        # The roster in general, then this seat: a chair never edits an IRCC or non-provider seat.
        return super().has_permission() and self.request.user.has_perm(
            "groups.manage_seat", self.get_member()
        )

    def get_object(self, queryset=None):
        return self.get_member()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["editor"] = self.request.user
        return kwargs

    def perform(self, form):
        return services.save_member(user=self.request.user, member=form.save(commit=False))

    def get_success_url(self) -> str:
        return self.get_committee().get_absolute_url()


# --- Meetings ----------------------------------------------------------------------------------
class MeetingCreateView(CommitteeObjectMixin, ServiceFormMixin, PermissionRequiredMixin, CreateView):
    permission_required = "groups.add_meeting"
    form_class = MeetingForm
    page_title = _("Record a meeting")
    success_message = _("The meeting was recorded.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Meeting(committee=self.get_committee())
        return kwargs

    def perform(self, form):
        return services.record_meeting(
            user=self.request.user,
            meeting=form.save(commit=False),
            attendees=form.cleaned_data["attendees"],
            minutes=form.cleaned_data.get("minutes") or None,
        )

    def get_success_url(self) -> str:
        return self.get_committee().get_absolute_url()


class MeetingObjectMixin(CommitteeObjectMixin):
    def get_meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(
                Meeting.objects.select_related("committee"),
                pk=self.kwargs["pk"],
                committee__in=committees_visible_to(self.request.user),
            )
        return self._meeting

    def get_committee(self) -> Committee:
        return self.get_meeting().committee


class MeetingUpdateView(MeetingObjectMixin, ServiceFormMixin, PermissionRequiredMixin, UpdateView):
    permission_required = "groups.change_meeting"
    form_class = MeetingForm
    page_title = _("Edit a meeting")
    success_message = _("The meeting was updated.")

    def get_object(self, queryset=None):
        return self.get_meeting()

    def perform(self, form):
        return services.record_meeting(
            user=self.request.user,
            meeting=form.save(commit=False),
            attendees=form.cleaned_data["attendees"],
            minutes=form.cleaned_data.get("minutes") or None,
        )

    def get_success_url(self) -> str:
        return self.get_committee().get_absolute_url()


class MeetingMinutesView(MeetingObjectMixin, PermissionRequiredMixin, View):
    """The minutes file, only to those who may read them; MEDIA_ROOT is never served directly."""

    permission_required = "groups.view_meeting_minutes"

    def get_permission_object(self):
        return self.get_meeting()

    def get(self, request, *args, **kwargs):
        meeting = self.get_meeting()
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
class WorkPlanCreateView(GroupObjectMixin, ServiceFormMixin, PermissionRequiredMixin, CreateView):
    permission_required = "groups.add_workplan"
    form_class = WorkPlanForm
    page_title = _("New work plan")
    success_message = _("The work plan was created.")

    def get_permission_object(self):
        return self.get_group()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = WorkPlan(group=self.get_group())
        return kwargs

    def perform(self, form):
        return services.save_work_plan(user=self.request.user, work_plan=form.save(commit=False))

    def get_success_url(self) -> str:
        return self.object.get_absolute_url() if self.object else self.get_back_url()

    def get_back_url(self) -> str:
        return self.get_group().get_absolute_url()


class WorkPlanObjectMixin:
    """Views of one work plan: a plan the user may not read answers 404."""

    def get_plan(self) -> WorkPlan:
        if not hasattr(self, "_plan"):
            try:
                self._plan = selectors.work_plan_get(user=self.request.user, pk=self.kwargs["pk"])
            except WorkPlan.DoesNotExist as exc:
                raise Http404 from exc
        return self._plan

    def get_permission_object(self):
        return self.get_plan()


class WorkPlanDetailView(WorkPlanObjectMixin, PermissionRequiredMixin, DetailView):
    permission_required = "groups.view_workplan"
    template_name = "groups/workplan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        return self.get_plan()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = selectors.work_plan_items(plan=self.object)
        return context


class WorkPlanUpdateView(WorkPlanObjectMixin, ServiceFormMixin, PermissionRequiredMixin, UpdateView):
    permission_required = "groups.change_workplan"
    form_class = WorkPlanForm
    page_title = _("Edit the work plan")
    success_message = _("The work plan was updated.")

    def get_object(self, queryset=None):
        return self.get_plan()

    def perform(self, form):
        return services.save_work_plan(user=self.request.user, work_plan=form.save(commit=False))

    def get_success_url(self) -> str:
        return self.get_plan().get_absolute_url()


class WorkPlanItemCreateView(WorkPlanObjectMixin, ServiceFormMixin, PermissionRequiredMixin, CreateView):
    permission_required = "groups.change_workplan"
    form_class = WorkPlanItemForm
    page_title = _("Add a work plan item")
    success_message = _("The item was added.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = WorkPlanItem(work_plan=self.get_plan())
        return kwargs

    def perform(self, form):
        return services.save_work_plan_item(user=self.request.user, item=form.save(commit=False))

    def get_success_url(self) -> str:
        return self.get_plan().get_absolute_url()


class WorkPlanItemUpdateView(WorkPlanObjectMixin, ServiceFormMixin, PermissionRequiredMixin, UpdateView):
    permission_required = "groups.change_workplan"
    form_class = WorkPlanItemForm
    page_title = _("Edit a work plan item")
    success_message = _("The item was updated.")

    def get_item(self) -> WorkPlanItem:
        if not hasattr(self, "_item"):
            item = get_object_or_404(
                WorkPlanItem.objects.select_related("work_plan__group"), pk=self.kwargs["pk"]
            )
            if not self.request.user.has_perm("groups.view_workplan", item.work_plan):
                raise Http404
            self._item = item
        return self._item

    def get_plan(self) -> WorkPlan:
        return self.get_item().work_plan

    def get_object(self, queryset=None):
        return self.get_item()

    def perform(self, form):
        return services.save_work_plan_item(user=self.request.user, item=form.save(commit=False))

    def get_success_url(self) -> str:
        return self.get_plan().get_absolute_url()


# --- Communities of practice -------------------------------------------------------------------
class CommunityCreateView(ServiceFormMixin, PermissionRequiredMixin, CreateView):
    permission_required = "groups.add_community"
    form_class = CommunityForm
    page_title = _("New community of practice")
    success_message = _("The community of practice was created.")

    def get_permission_object(self):
        return None

    def perform(self, form):
        return services.save_community(
            user=self.request.user,
            community=form.save(commit=False),
            umbrellas=form.cleaned_data["umbrellas"],
        )

    def get_success_url(self) -> str:
        from django.urls import reverse

        return reverse("groups:committee-list")


class CommunityUpdateView(ServiceFormMixin, PermissionRequiredMixin, UpdateView):
    permission_required = "groups.change_community"
    form_class = CommunityForm
    model = CommunityOfPractice
    page_title = _("Edit the community of practice")
    success_message = _("The community of practice was updated.")

    def perform(self, form):
        return services.save_community(
            user=self.request.user,
            community=form.save(commit=False),
            umbrellas=form.cleaned_data["umbrellas"],
        )

    def get_success_url(self) -> str:
        from django.urls import reverse

        return reverse("groups:committee-list")


class CommunityLinkCreateView(ServiceFormMixin, PermissionRequiredMixin, CreateView):
    permission_required = "groups.change_community"
    form_class = CommunityLinkForm
    page_title = _("Link to a national community of practice")
    success_message = _("The link was added.")

    def get_community(self) -> CommunityOfPractice:
        if not hasattr(self, "_community"):
            self._community = get_object_or_404(CommunityOfPractice, pk=self.kwargs["pk"])
        return self._community

    def get_permission_object(self):
        return self.get_community()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = NationalCommunityLink(community=self.get_community())
        return kwargs

    def perform(self, form):
        return services.add_community_link(user=self.request.user, link=form.save(commit=False))

    def get_success_url(self) -> str:
        from django.urls import reverse

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
