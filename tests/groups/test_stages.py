"""Stages say what the seed says: three groups "en sont à leurs débuts", Child care's
"planification doit démarrer" (planning to start), in both languages, on the pages and in exports."""

import io

import openpyxl
import pytest
from django.utils import translation

from groups.models import Stage, WorkingGroup

pytestmark = pytest.mark.django_db

EARLY = {"community-connections", "needs-assessment", "information-orientation"}


def test_seed_stages_are_the_seeds_words_in_both_languages(seeded):
    child_care = WorkingGroup.objects.get(slug="child-care")
    assert child_care.stage == Stage.PLANNING
    assert EARLY <= set(WorkingGroup.objects.filter(stage=Stage.EARLY).values_list("slug", flat=True))
    with translation.override("en"):
        assert child_care.get_stage_display() == "Planning to start"
        assert str(Stage.EARLY.label) == "Early stage"
    with translation.override("fr"):
        assert child_care.get_stage_display() == "La planification doit démarrer"
        assert str(Stage.EARLY.label) == "À ses débuts"


def test_no_stage_says_in_planning(seeded):
    for language in ("en", "fr"):
        with translation.override(language):
            labels = {str(label) for _, label in Stage.choices}
        assert "In planning" not in labels and "En planification" not in labels


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Planning to start"), ("fr", "La planification doit démarrer")]
)
def test_group_page_list_filter_and_roster_show_the_label(client_for, staff_user, seeded, language, label):
    client = client_for(staff_user)
    assert label in client.get(f"/{language}/groups/child-care/").content.decode()
    listing = client.get(f"/{language}/groups/?stage=planning").content.decode()
    assert label in listing  # in the row and in the stage filter's choices
    response = client.get(f"/{language}/reports/groups-roster/download/?export=xlsx&stage=planning")
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[1]
    assert [row[4].value for row in ws.iter_rows(min_row=2)] == [label]
