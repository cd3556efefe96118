from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal import backup, datacache


class Command(BaseCommand):
    help = _("Replace every record and uploaded file with those of a backup archive.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("The archive written by the backup command."))
        parser.add_argument("--yes", action="store_true", help=_("Do not ask for confirmation."))

    def handle(self, *args, path, yes, **options):
        if not yes:
            answer = input(_("This replaces every record in the database. Type 'yes' to go on: "))
            if answer.strip().lower() not in {"yes", "oui"}:
                raise CommandError(_("Restore cancelled: nothing changed."))
        try:
            counts = backup.restore(path)
        except (ValueError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        datacache.bump_all()  # cached values read the records that were replaced
        self.stdout.write(self.style.SUCCESS(_("Restored %(records)s records and %(files)s files.") % counts))
