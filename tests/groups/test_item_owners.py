"""A work-plan item's owner is a person of the portal (an account or a committee seat); free text
only for someone outside it. Old free-text owners are matched to people by the migration."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from groups.forms import WorkPlanItemForm
from groups.models import Committee, CommitteeMember, WorkPlan, WorkPlanItem
from groups.selectors import item_owner_choices, work_plan_items
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("groups.migrations.0002_notify_item_owners")


@pytest.fixture
def plan(group):
    return WorkPlan.objects.create(group=group, fiscal_year=2026)


def test_the_migration_matches_names_to_people_and_keeps_the_rest(plan, steering, seat_for):
    seat = seat_for(person_name="Settlement Program Manager")
    account = UserFactory(username="jlead", first_name="Jo", last_name="Lead", role="staff")
    by_seat = WorkPlanItem.objects.create(work_plan=plan, title="a", owner="  settlement program   manager ")
    by_name = WorkPlanItem.objects.create(work_plan=plan, title="b", owner="Jo Lead")
    by_username = WorkPlanItem.objects.create(work_plan=plan, title="c", owner="JLEAD")
    outside = WorkPlanItem.objects.create(work_plan=plan, title="d", owner="Advisory body")
    UserFactory(username="twin1", first_name="Sam", last_name="Twin")
    UserFactory(username="twin2", first_name="Sam", last_name="Twin")
    ambiguous = WorkPlanItem.objects.create(work_plan=plan, title="e", owner="Sam Twin")
    migration.match_owners(apps, None)
    for item in (by_seat, by_name, by_username, outside, ambiguous):
        item.refresh_from_db()
    assert (by_seat.owner_member, by_seat.owner) == (seat, "")
    assert (by_name.owner_user, by_name.owner) == (account, "")
    assert by_username.owner_user == account
    assert (outside.owner_member, outside.owner_user, outside.owner) == (None, None, "Advisory body")
    assert (ambiguous.owner_user, ambiguous.owner) == (None, "Sam Twin")


def test_one_owner_and_a_seat_of_this_group(plan, steering, seat_for, staff_user, seeded):
    from groups.models import WorkingGroup

    seat = seat_for()
    item = WorkPlanItem(work_plan=plan, title="x", owner_user=staff_user, owner_member=seat)
    with pytest.raises(ValidationError):
        item.full_clean()
    other_group = WorkingGroup.objects.exclude(pk=plan.group_id).first()
    elsewhere = CommitteeMember.objects.create(
        committee=Committee.objects.create(kind="steering", group=other_group, name_en="O", name_fr="O"),
        person_name="Elsewhere",
    )
    with pytest.raises(ValidationError, match="sit on one of this group"):
        WorkPlanItem(work_plan=plan, title="x", owner_member=elsewhere).full_clean()
    named = WorkPlanItem(work_plan=plan, title="x", owner_user=staff_user, owner="Stale text")
    named.full_clean()
    assert named.owner == "" and named.owner_label == staff_user.display_name


def test_the_form_offers_the_groups_seats_and_accounts(plan, steering, seat_for, staff_user):
    seat = seat_for(person_name="Coordinator")
    form = WorkPlanItemForm(instance=WorkPlanItem(work_plan=plan))
    assert list(form.fields["owner_member"].queryset) == [seat]
    assert staff_user in form.fields["owner_user"].queryset
    both = WorkPlanItemForm(
        {"title": "t", "owner_member": seat.pk, "owner_user": staff_user.pk, "status": "not_started"},
        instance=WorkPlanItem(work_plan=plan),
    )
    assert not both.is_valid() and "owner_user" in both.errors


def test_items_filter_by_owner(client_for, plan, steering, seat_for, staff_user, provider_a_user):
    seat = seat_for(person_name="Chair person", user=provider_a_user, role="chair")
    WorkPlanItem.objects.create(work_plan=plan, title="Seat item", owner_member=seat)
    WorkPlanItem.objects.create(work_plan=plan, title="Account item", owner_user=provider_a_user)
    WorkPlanItem.objects.create(work_plan=plan, title="Staff item", owner_user=staff_user)
    WorkPlanItem.objects.create(work_plan=plan, title="Outside item", owner="Advisory body")
    titles = lambda owner: [i.title for i in work_plan_items(plan=plan, owner=owner)]  # noqa: E731
    assert titles(f"u{provider_a_user.pk}") == ["Seat item", "Account item"]
    assert titles(f"m{seat.pk}") == ["Seat item", "Account item"]
    assert titles(f"u{staff_user.pk}") == ["Staff item"]
    assert titles("nonsense") == [] and len(titles("")) == 4
    assert dict(item_owner_choices(plan=plan)).keys() == {
        f"u{provider_a_user.pk}",
        f"m{seat.pk}",
        f"u{staff_user.pk}",
    }
    body = client_for(staff_user).get(f"{plan.get_absolute_url()}?owner=u{staff_user.pk}").content.decode()
    assert "Staff item" in body and "Outside item" not in body
    body = client_for(staff_user).get(f"{plan.get_absolute_url()}?owner=zzz").content.decode()
    assert "Outside item" in body  # an unknown owner is ignored, never an error
