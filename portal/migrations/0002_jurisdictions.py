"""Provinces and territories were loaded here while they lived in the portal app; they now load with
`organisations.Jurisdiction` (organisations/migrations/0002_jurisdictions.py). Kept as a step of the
migration graph only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = []
