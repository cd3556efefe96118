from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from portal.pagecache import cached_page
from portal.views import PermissionRequiredMixin

from . import selectors
from .forms import SearchForm


@method_decorator(cached_page, name="get")  # kept until any write (portal.pagecache)
class SearchView(PermissionRequiredMixin, TemplateView):
    """The header's search box answers here: results grouped by kind, only what the user may see."""

    permission_required = "search.search"
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        results = selectors.search(user=self.request.user, query=query) if query else []
        context.update(
            form=form,
            query=query,
            results=results,
            total=sum(len(group.hits) for group in results),
            per_kind=selectors.PER_KIND,
        )
        return context
