from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal import backup


class Command(BaseCommand):
    help = _("Write every record and uploaded file to one archive (.tar.gz).")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("Where to write the archive."))

    def handle(self, *args, path, **options):
        try:
            counts = backup.backup(path)
        except backup.InvalidBackup as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Saved %(records)s records and %(files)s files to %(path)s.") % {**counts, "path": path}
            )
        )
