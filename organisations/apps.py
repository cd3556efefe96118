from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """The organisations every other app points at: jurisdictions, umbrella organisations, providers.

    A foundation app: it imports only `portal`, and every domain app (and the user model, by its
    string `"organisations.Provider"`) builds on it."""

    name = "organisations"
    verbose_name = _("Organisations")
