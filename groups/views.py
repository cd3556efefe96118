from django.http import Http404
from django.views.generic import DetailView, ListView

from portal.views import PermissionRequiredMixin

from . import selectors
from .forms import GroupFilterForm
from .models import WorkingGroup


class WorkingGroupListView(PermissionRequiredMixin, ListView):
    permission_required = "groups.view_group"
    template_name = "groups/workinggroup_list.html"
    context_object_name = "groups"
    paginate_by = 100

    def get_queryset(self):
        self.filter_form = GroupFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.group_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        return context


class WorkingGroupDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "groups.view_group"
    template_name = "groups/workinggroup_detail.html"
    context_object_name = "group"

    def get_context_data(self, **kwargs):
        from learning_events import selectors as event_selectors

        context = super().get_context_data(**kwargs)
        context["events_panel"] = event_selectors.group_panel(user=self.request.user, group=self.object)
        return context

    def get_object(self, queryset=None):
        try:
            return selectors.group_get(user=self.request.user, slug=self.kwargs["slug"])
        except WorkingGroup.DoesNotExist as exc:
            raise Http404 from exc
