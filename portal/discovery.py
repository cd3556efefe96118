"""One way the portal finds what each app contributes: its `seed`, `demo`, `scale`, `dashboard` (and
`account`: sections of the My account page) modules,
discovered in every installed app (as Django's `autodiscover_modules` finds `admin.py`),
never listed by hand.

Order: a module that needs another app's rows first says so with `AFTER = ("organisations", ...)`
(app labels). Modules run in INSTALLED_APPS order, each one only once all the apps it names in
`AFTER` that have the same kind of module have run: a loop (two modules waiting on each other) is
refused at once. Today: organisations (jurisdictions, umbrella organisations, demo providers and
accounts) -> pd_budget -> groups -> learning_events -> surveys.
"""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule


def app_modules(name: str) -> list[tuple[str, ModuleType]]:
    """`(app label, <app>.<name> module)` for every installed app that has one, dependencies first."""
    found: dict[str, ModuleType] = {}
    for config in apps.get_app_configs():
        if config.name == "portal":
            continue  # portal/seed.py, portal/demo.py are the runners, not contributions
        if module_has_submodule(config.module, name):
            found[config.label] = import_module(f"{config.name}.{name}")
    ordered: list[tuple[str, ModuleType]] = []
    pending = list(found)
    while pending:
        for label in pending:
            waits_on = set(getattr(found[label], "AFTER", ())) & found.keys()
            if waits_on <= {done for done, _module in ordered}:
                ordered.append((label, found[label]))
                pending.remove(label)
                break
        else:
            raise ImproperlyConfigured(
                f"The {name} modules of {', '.join(pending)} wait on each other (AFTER)."
            )
    return ordered
