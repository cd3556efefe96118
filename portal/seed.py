"""Runs every app's seed loader (`<app>/seed.py`, found by portal.discovery), in dependency order,
in one transaction. Each one exposes `load_seed() -> {what: count}`."""

from django.db import transaction

from .discovery import app_modules


@transaction.atomic
def load_all() -> dict[str, dict[str, int]]:
    return {app: module.load_seed() for app, module in app_modules("seed")}
