"""Static files: the apps' own, but not Django REST framework's browsable-API assets (the API
answers JSON only; its docs are Swagger UI, served from drf-spectacular-sidecar's copy)."""

from django.contrib.staticfiles.finders import AppDirectoriesFinder

#: Installed for their code, templates and translations; their static files are never served.
UNSERVED_APPS = {"rest_framework"}


class AppStaticFinder(AppDirectoriesFinder):
    def __init__(self, app_names=None, *args, **kwargs):
        super().__init__(app_names, *args, **kwargs)
        for name in list(self.apps):
            if name in UNSERVED_APPS:
                self.apps.remove(name)
                self.storages.pop(name, None)
