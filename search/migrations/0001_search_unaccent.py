"""PostgreSQL only: the `unaccent` extension, an immutable folding function over it (unaccent itself
is only STABLE, so it cannot be indexed), and a GIN index per kind and configuration on exactly the
expressions the search asks (search.indexes; tests/search/test_indexes.py checks they match)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION portal_search_fold(text) RETURNS text AS $$
    SELECT lower(public.unaccent('public.unaccent'::regdictionary, coalesce($1, '')))
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT;
"""


# Written out (not computed from search.indexes) so this migration never changes after it ran.
INDEXES = [
    'CREATE INDEX IF NOT EXISTS "search_groups_english" ON "groups_workinggroup" USING gin (to_tsvector(\'english\'::regconfig, portal_search_fold(coalesce("name_en", \'\') || \' \' || coalesce("mandate_en", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_groups_french" ON "groups_workinggroup" USING gin (to_tsvector(\'french\'::regconfig, portal_search_fold(coalesce("name_fr", \'\') || \' \' || coalesce("mandate_fr", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_committees_english" ON "groups_committee" USING gin (to_tsvector(\'english\'::regconfig, portal_search_fold(coalesce("name_en", \'\') || \' \' || coalesce("terms_of_reference_en", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_committees_french" ON "groups_committee" USING gin (to_tsvector(\'french\'::regconfig, portal_search_fold(coalesce("name_fr", \'\') || \' \' || coalesce("terms_of_reference_fr", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_events_english" ON "learning_events_learningevent" USING gin (to_tsvector(\'english\'::regconfig, portal_search_fold(coalesce("title_en", \'\') || \' \' || coalesce("content_en", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_events_french" ON "learning_events_learningevent" USING gin (to_tsvector(\'french\'::regconfig, portal_search_fold(coalesce("title_fr", \'\') || \' \' || coalesce("content_fr", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_events_simple" ON "learning_events_learningevent" USING gin (to_tsvector(\'simple\'::regconfig, portal_search_fold(coalesce("city", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_evaluations_english" ON "learning_events_evaluation" USING gin (to_tsvector(\'english\'::regconfig, portal_search_fold(coalesce("subject_en", \'\') || \' \' || coalesce("summary_en", \'\') || \' \' || coalesce("evaluator_organisation_en", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_evaluations_french" ON "learning_events_evaluation" USING gin (to_tsvector(\'french\'::regconfig, portal_search_fold(coalesce("subject_fr", \'\') || \' \' || coalesce("summary_fr", \'\') || \' \' || coalesce("evaluator_organisation_fr", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_reports_english" ON "learning_events_reportfile" USING gin (to_tsvector(\'english\'::regconfig, portal_search_fold(coalesce("title_en", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_reports_french" ON "learning_events_reportfile" USING gin (to_tsvector(\'french\'::regconfig, portal_search_fold(coalesce("title_fr", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_providers_simple" ON "organisations_provider" USING gin (to_tsvector(\'simple\'::regconfig, portal_search_fold(coalesce("name", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_workplan_items_english" ON "groups_workplanitem" USING gin (to_tsvector(\'english\'::regconfig, portal_search_fold(coalesce("title_en", \'\') || \' \' || coalesce("notes_en", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_workplan_items_french" ON "groups_workplanitem" USING gin (to_tsvector(\'french\'::regconfig, portal_search_fold(coalesce("title_fr", \'\') || \' \' || coalesce("notes_fr", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_workplan_items_simple" ON "groups_workplanitem" USING gin (to_tsvector(\'simple\'::regconfig, portal_search_fold(coalesce("owner", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_communities_english" ON "groups_communityofpractice" USING gin (to_tsvector(\'english\'::regconfig, portal_search_fold(coalesce("name_en", \'\') || \' \' || coalesce("description_en", \'\'))));',
    'CREATE INDEX IF NOT EXISTS "search_communities_french" ON "groups_communityofpractice" USING gin (to_tsvector(\'french\'::regconfig, portal_search_fold(coalesce("name_fr", \'\') || \' \' || coalesce("description_fr", \'\'))));',
]


def create_fold_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FOLD_FUNCTION)
        for statement in INDEXES:
            schema_editor.execute(statement)


def drop_fold_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in INDEXES:
            name = statement.split('"')[1]
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}";')
        schema_editor.execute("DROP FUNCTION IF EXISTS portal_search_fold(text);")


class Migration(migrations.Migration):
    initial = True
    # After issue 17's bilingual columns (title_en / title_fr...) exist: the indexes name them.
    dependencies = [
        ("groups", "0003_merge_owners_and_bilingual_content"),
        ("learning_events", "0004_merge_bilingual_content"),
        ("organisations", "0002_jurisdictions"),
    ]

    operations = [
        # A no-op on other databases (Django's CreateExtension checks the vendor).
        UnaccentExtension(),
        migrations.RunPython(create_fold_function, drop_fold_function),
    ]
