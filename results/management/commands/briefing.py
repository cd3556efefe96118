from django.core.management.base import BaseCommand, CommandError

from portal.fiscal import parse_fiscal_year
from results.briefing.runs import write_briefing_file


class Command(BaseCommand):
    help = "Write the review-and-planning briefing of a fiscal year, in English or French, as pptx or pdf."

    def add_arguments(self, parser):
        parser.add_argument("year", help="The fiscal year: 2018 or 2018-19.")
        parser.add_argument("--lang", choices=["en", "fr"], default="en")
        parser.add_argument("--format", dest="file_format", choices=["pptx", "pdf"], default="pptx")
        parser.add_argument("--out", required=True, help="The file to write.")

    def handle(self, *args, year, lang, file_format, out, **options):
        try:
            fiscal_year = parse_fiscal_year(year)
        except ValueError as exc:
            raise CommandError(f"Not a fiscal year: {year!r} (write 2018 or 2018-19).") from exc
        write_briefing_file(fiscal_year=fiscal_year, language=lang, file_format=file_format, target=out)
        self.stdout.write(
            f"{out}: {file_format} briefing of {fiscal_year}-{(fiscal_year + 1) % 100:02d} ({lang})"
        )
