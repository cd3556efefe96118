"""The schema's description of personal tokens (drf-spectacular finds it when the app is ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal token from your account's API tokens page: `Authorization: Bearer pnt_…`."
            ),
        }
