import random
import time
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

# Each app may expose `<app>.scale.generate(*, scale: int, rng: random.Random) -> {what: count}`.
SCALE_APPS = ["pd_budget", "groups", "learning_events", "surveys"]


class Command(BaseCommand):
    help = _("Generate a realistic, deterministic region at N times the seed's size (bulk inserts).")

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help=_("How many times the seed's size."))
        parser.add_argument("--seed", type=int, default=2018, help=_("Random seed, for repeatable data."))

    def handle(self, *args, scale: int, seed: int, **options):
        from portal import seed as portal_seed

        rng = random.Random(seed)
        portal_seed.load_all()
        for app in SCALE_APPS:
            try:
                module = import_module(f"{app}.scale")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.scale":
                    raise
                continue
            started = time.monotonic()
            with transaction.atomic():
                counts = module.generate(scale=scale, rng=rng)
            summary = ", ".join(f"{n} {what}" for what, n in counts.items())
            self.stdout.write(f"{app}: {summary} ({time.monotonic() - started:.1f} s)")
