"""load_seed holds the seed's facts and a second run changes nothing."""

import pytest
from django.core.management import call_command

from groups.models import Category, WorkingGroup
from organisations.models import UmbrellaOrganisation
from pd_budget.models import DesignatedConference

from .rerun import row_counts, writes

pytestmark = pytest.mark.django_db

SEED_TOP_LEVEL = {
    "similar-services": {
        "Évaluation des compétences linguistiques",
        "Compétences linguistiques",
        "Gestion des cas",
        "Liens dans la communauté",
        "Emploi et mentorat",
        "Évaluation des besoins et aiguillage",
        "Information et orientation",
        "Services de soutien",
    },
    "vulnerable-clientele": {
        "Jeunes",
        "Nouvelles arrivantes",
        "LGBTQ",
        "Déficience",
        "Réfugiés",
        "Personnes âgées",
        "Santé physique et mentale",
    },
    "community-institutional": {
        "Petits centres",
        "Établissements d'enseignement postsecondaire",
        "Partenariats locaux en matière d'immigration (PLI)",
        "Services francophones",
        "Établissement dans les territoires du Nord",
        "Programme d'aide à la réinstallation (PAR)",
    },
}


def snapshot():
    return (
        list(Category.objects.values().order_by("pk")),
        list(WorkingGroup.objects.values().order_by("pk")),
        sorted(
            WorkingGroup.depends_on.through.objects.values_list("from_workinggroup_id", "to_workinggroup_id")
        ),
        list(UmbrellaOrganisation.objects.values().order_by("pk")),
    )


def test_seed_holds_every_group_with_its_category():
    call_command("load_seed", verbosity=0)
    for code, names in SEED_TOP_LEVEL.items():
        top = set(
            WorkingGroup.objects.filter(category__code=code, parent=None).values_list("name_fr", flat=True)
        )
        assert top == names
    assert WorkingGroup.objects.count() == 39
    assert set(
        WorkingGroup.objects.get(slug="support-services").subgroups.values_list("name_en", flat=True)
    ) == {"Child care", "Transportation", "Interpretation/translation", "Crisis counselling"}
    assert WorkingGroup.objects.get(slug="child-care").stage == "planning"
    assert WorkingGroup.objects.get(slug="community-connections").stage == "early"
    assert list(
        WorkingGroup.objects.get(slug="needs-assessment").depends_on.values_list("slug", flat=True)
    ) == ["case-management"]
    assert set(UmbrellaOrganisation.objects.values_list("acronym", flat=True)) == {"AAISA", "SAISIA", "MANSO"}
    assert UmbrellaOrganisation.objects.get(runs_regional_pd_committee=True).acronym == "AAISA"


def test_second_run_changes_nothing():
    call_command("load_seed", verbosity=0)
    before = snapshot()
    call_command("load_seed", verbosity=0)
    assert snapshot() == before


def test_sub_groups_share_their_parent_category():
    call_command("load_seed", verbosity=0)
    for sub in WorkingGroup.objects.exclude(parent=None).select_related("parent"):
        assert sub.category_id == sub.parent.category_id
        assert sub.parent.parent_id is None


def test_second_run_writes_no_row_in_any_table():
    call_command("load_seed", verbosity=0)
    before = row_counts()
    assert before["groups_historicalcommitteemember"] > 0  # the history tables are counted
    with writes() as statements:
        call_command("load_seed", verbosity=0)
    after = row_counts()
    assert {t: (before[t], after[t]) for t in before if before[t] != after[t]} == {}
    assert statements == []


def test_a_seed_fact_changed_since_is_put_back_with_one_history_version():
    call_command("load_seed", verbosity=0)
    DesignatedConference.objects.filter(acronym="CCR").update(name_en="Renamed by hand")
    versions = DesignatedConference.history.filter(acronym="CCR").count()
    call_command("load_seed", verbosity=0)
    ccr = DesignatedConference.objects.get(acronym="CCR")
    assert ccr.name_en == "Canadian Council for Refugees"
    assert DesignatedConference.history.filter(acronym="CCR").count() == versions + 1
    assert DesignatedConference.history.filter(acronym="P2P").count() == 1


def test_audit_trail_after_a_reseed_shows_no_empty_change(client_for, admin_user):
    from groups.models import CommitteeMember

    call_command("load_seed", verbosity=0)
    call_command("load_seed", verbosity=0)
    member = CommitteeMember.objects.order_by("pk").first()
    client = client_for(admin_user)
    response = client.get(f"/en/history/groups.committeemember/{member.pk}/")
    assert response.status_code == 200
    assert [entry["action"] for entry in response.context["entries"]] == ["Created"]
