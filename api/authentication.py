"""`Authorization: Bearer <personal token>`: the request acts as the token's owner."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .services import token_for_key, touch


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """A personal token (api.models.ApiToken) looked up by its SHA-256. `Bearer` or `Token` both work.

    No header: not this scheme (the session may authenticate). A header with a bad, revoked or
    deactivated owner's key: 401, never a silent fall back to anonymous."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode("latin-1") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as “Authorization: Bearer <token>”."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid or has been revoked."))
        touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
