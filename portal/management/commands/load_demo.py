from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal import demo


class Command(BaseCommand):
    help = _("Load fictional providers, records and the demo accounts (DEBUG only). Safe to run twice.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=demo.DEFAULT_PASSWORD, help=_("Password of the demo accounts.")
        )

    def handle(self, *args, password, **options):
        try:
            results = demo.load_demo(password=password)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        for app, counts in results.items():
            self.stdout.write(f"{app}: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data loaded. Accounts: demo-admin, demo-staff, demo-provider-a, demo-provider-b.")
            )
        )
