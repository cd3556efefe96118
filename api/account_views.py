"""The account's API tokens page: create a token (its key shown once), see and revoke one's own."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from portal.views import PermissionRequiredMixin, ServiceActionView, apply_service_errors

from .forms import TokenCreateForm
from .permissions import tokens_visible_to
from .services import create_token, max_tokens, revoke_token

NEW_KEY = "api-new-token"


@method_decorator(never_cache, name="dispatch")
class TokenListView(PermissionRequiredMixin, View):
    """GET: the user's tokens and the form; POST: a new token, its key shown on the next page only."""

    permission_required = "api.manage_own_tokens"
    template_name = "api/token_list.html"

    def render_page(self, form, *, new_key: str | None = None, status: int = 200):
        context = {
            "form": form,
            "tokens": tokens_visible_to(self.request.user),
            "new_key": new_key,
            "max_tokens": max_tokens(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        # The new key, handed over once by the POST below (then gone from the session).
        return self.render_page(TokenCreateForm(), new_key=request.session.pop(NEW_KEY, None))

    def post(self, request):
        form = TokenCreateForm(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        try:
            new = create_token(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.render_page(form, status=400)
        # Post/redirect/get: reloading the page never makes a second token. The key waits in the
        # session for the one GET that shows it, which removes it.
        request.session[NEW_KEY] = new.key
        return redirect("api-tokens:list")


class TokenRevokeView(ServiceActionView):
    permission_required = "api.revoke_token"

    def get_queryset(self):
        return tokens_visible_to(self.request.user)

    def act(self, token, form) -> str:
        revoke_token(user=self.request.user, token=token)
        return _("The token “%(name)s” is revoked: requests with it are refused from now on.") % {
            "name": token.name
        }

    def get_success_url(self) -> str:
        return reverse("api-tokens:list")
