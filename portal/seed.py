"""Runs every app's seed loader, in dependency order, in one transaction."""

from importlib import import_module

from django.db import transaction

# Each app that has seed facts exposes `<app>.seed.load_seed() -> {what: count}`.
SEED_APPS = ["pd_budget", "groups", "learning_events", "surveys"]


@transaction.atomic
def load_all() -> dict[str, dict[str, int]]:
    from .models import Jurisdiction
    from .reference import load_jurisdictions

    results = {"portal": {"jurisdictions": load_jurisdictions(Jurisdiction)}}
    for app in SEED_APPS:
        try:
            module = import_module(f"{app}.seed")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.seed":
                raise
            continue
        results[app] = module.load_seed()
    return results
