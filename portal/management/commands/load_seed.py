from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portal import seed


class Command(BaseCommand):
    help = _("Load the seed's facts (groups, events, courses, evaluations, PD policy). Safe to run twice.")

    def handle(self, *args, **options):
        for app, counts in seed.load_all().items():
            summary = ", ".join(f"{count} {what}" for what, count in counts.items())
            self.stdout.write(f"{app}: {summary}")
        self.stdout.write(self.style.SUCCESS(_("Seed data loaded.")))
