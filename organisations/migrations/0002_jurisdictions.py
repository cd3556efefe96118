"""Provinces and territories: reference data every app and the import rely on."""

from django.db import migrations

from organisations.reference import load_jurisdictions


def add_jurisdictions(apps, schema_editor):
    load_jurisdictions(apps.get_model("organisations", "Jurisdiction"))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(add_jurisdictions, migrations.RunPython.noop)]
