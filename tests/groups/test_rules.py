"""One-row rules and database constraints: the tree, committee attachment, terms, overdue items."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from groups.models import (
    Committee,
    CommitteeKind,
    CommitteeMember,
    ItemStatus,
    WorkingGroup,
    WorkPlan,
    item_is_overdue,
)
from organisations.models import UmbrellaOrganisation

D = datetime.date


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (D(2018, 9, 30), ItemStatus.NOT_STARTED, True),
        (D(2018, 9, 30), ItemStatus.IN_PROGRESS, True),
        (D(2018, 9, 30), ItemStatus.BLOCKED, True),
        (D(2018, 9, 30), ItemStatus.DONE, False),
        (D(2018, 10, 1), ItemStatus.IN_PROGRESS, False),  # due today is not late yet
        (D(2018, 12, 1), ItemStatus.NOT_STARTED, False),
        (None, ItemStatus.NOT_STARTED, False),
    ],
)
def test_overdue_means_past_due_and_not_done(due, status, overdue):
    assert item_is_overdue(due_date=due, status=status, today=D(2018, 10, 1)) is overdue


@pytest.mark.django_db
def test_every_seed_group_and_subgroup_is_there_with_its_category(seeded):
    assert WorkingGroup.objects.count() == 39
    assert WorkingGroup.objects.filter(parent__isnull=True).count() == 21
    child_care = WorkingGroup.objects.get(slug="child-care")
    assert child_care.parent.slug == "support-services"
    assert child_care.category.code == "similar-services"
    assert WorkingGroup.objects.get(slug="swis").category.code == "vulnerable-clientele"
    # Two levels deep, never more; sub-groups share their parent's category.
    assert not WorkingGroup.objects.filter(parent__parent__isnull=False).exists()
    assert not WorkingGroup.objects.filter(parent__isnull=False).exclude(category=F("parent__category"))


@pytest.mark.django_db
def test_tree_is_two_levels_deep_and_keeps_the_category(seeded):
    sub = WorkingGroup(
        slug="x", name_en="x", name_fr="x", category_id=WorkingGroup.objects.get(slug="swis").category_id
    )
    sub.parent = WorkingGroup.objects.get(slug="swis")
    with pytest.raises(ValidationError, match="Sub-groups cannot have sub-groups"):
        sub.full_clean()
    sub.parent = WorkingGroup.objects.get(slug="case-management")
    with pytest.raises(ValidationError, match="parent's category"):
        sub.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "on_group", "on_umbrella", "ok"),
    [
        (CommitteeKind.STEERING, True, False, True),
        (CommitteeKind.IRCC_INTERNAL, True, False, True),
        (CommitteeKind.STEERING, False, True, False),
        (CommitteeKind.STEERING, True, True, False),
        (CommitteeKind.STEERING, False, False, False),
        (CommitteeKind.REGIONAL_PD, False, True, True),
        (CommitteeKind.PROVINCIAL_PD, True, False, False),
    ],
)
def test_a_committee_hangs_off_a_group_or_an_umbrella_organisation(seeded, kind, on_group, on_umbrella, ok):
    Committee.objects.filter(kind__in=["regional_pd", "provincial_pd"]).delete()
    committee = Committee(
        kind=kind,
        name_en="c",
        name_fr="c",
        group=WorkingGroup.objects.get(slug="youth") if on_group else None,
        umbrella=UmbrellaOrganisation.objects.get(acronym="MANSO") if on_umbrella else None,
    )
    if ok:
        committee.full_clean()
        committee.save()
        return
    with pytest.raises(ValidationError):
        committee.full_clean()
    # The database refuses it too, for imports and the shell.
    with pytest.raises(IntegrityError), transaction.atomic():
        committee.save()


@pytest.mark.django_db
def test_an_advisory_body_needs_a_fiscal_year_and_is_one_per_group_and_year(group):
    body = Committee(kind=CommitteeKind.ADVISORY, group=group, name_en="a", name_fr="a")
    with pytest.raises(ValidationError, match="one fiscal year"):
        body.full_clean()
    body.fiscal_year = 2018
    body.full_clean()
    body.save()
    twin = Committee(kind=CommitteeKind.ADVISORY, group=group, name_en="b", name_fr="b", fiscal_year=2018)
    with pytest.raises(ValidationError, match="already has an advisory body"):
        twin.full_clean()
    twin.fiscal_year = 2019
    twin.full_clean()


@pytest.mark.django_db
def test_one_steering_committee_per_group(steering):
    other = Committee(kind=CommitteeKind.STEERING, group=steering.group, name_en="b", name_fr="b")
    with pytest.raises(ValidationError, match="already has a steering committee"):
        other.full_clean()


@pytest.mark.django_db
def test_a_seat_cannot_end_before_it_starts(steering):
    member = CommitteeMember(
        committee=steering, person_name="Member", start_date=D(2018, 5, 1), end_date=D(2018, 4, 1)
    )
    with pytest.raises(ValidationError, match="end date cannot be before"):
        member.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()


@pytest.mark.django_db
def test_one_work_plan_per_group_and_fiscal_year(group):
    WorkPlan.objects.create(group=group, fiscal_year=2018)
    with pytest.raises(ValidationError, match="already has a work plan"):
        WorkPlan(group=group, fiscal_year=2018).full_clean()
    WorkPlan(group=group, fiscal_year=2019).full_clean()


@pytest.mark.django_db
def test_seed_pd_committees_and_communities(seeded):
    provincial = Committee.objects.filter(kind=CommitteeKind.PROVINCIAL_PD)
    assert sorted(provincial.values_list("umbrella__acronym", flat=True)) == ["AAISA", "MANSO", "SAISIA"]
    assert set(provincial.values_list("min_meetings_per_year", flat=True)) == {4}
    regional = Committee.objects.get(kind=CommitteeKind.REGIONAL_PD)
    assert regional.umbrella.acronym == "AAISA" and regional.min_meetings_per_year == 4
    # Two representatives per province: one from the umbrella organisation, one from its committee.
    per_province = {}
    for member in regional.members.all():
        per_province.setdefault(member.jurisdiction_id, set()).add(member.role)
    assert per_province == {j: {"umbrella_rep", "provincial_rep"} for j in ("AB", "SK", "MB")}
    from groups.models import CommunityOfPractice

    slugs = set(CommunityOfPractice.objects.values_list("slug", flat=True))
    assert slugs == {"lip-base-camp", "small-centre-coordinators", "northern-summit"}
    assert CommunityOfPractice.objects.get(slug="small-centre-coordinators").umbrellas.count() == 3


@pytest.mark.django_db
def test_seed_is_idempotent(seeded):
    from portal import seed

    counts = (Committee.objects.count(), CommitteeMember.objects.count())
    seed.load_all()
    assert (Committee.objects.count(), CommitteeMember.objects.count()) == counts
