"""The cross-app contract: which groups' committees a user sits on, in person or through the provider."""

import datetime

import pytest

from groups.models import Committee, CommitteeKind
from groups.selectors import groups_with_committee_seat
from organisations.models import UmbrellaOrganisation

pytestmark = pytest.mark.django_db


def test_nobody_sits_anywhere_without_seats(group, staff_user, provider_a_user):
    assert not groups_with_committee_seat(staff_user).exists()
    assert not groups_with_committee_seat(provider_a_user).exists()


def test_a_seat_through_the_provider_counts_for_its_staff(group, seat_for, provider_a_user, provider_b_user):
    seat_for(provider=provider_a_user.provider)
    assert list(groups_with_committee_seat(provider_a_user)) == [group]
    assert not groups_with_committee_seat(provider_b_user).exists()


def test_a_personal_seat_counts(group, seat_for, staff_user, provider_b_user):
    seat_for(user=provider_b_user)
    seat_for(user=staff_user, role="ircc_lead")
    assert list(groups_with_committee_seat(provider_b_user)) == [group]
    assert list(groups_with_committee_seat(staff_user)) == [group]


@pytest.mark.parametrize(
    ("start", "end", "sits"),
    [
        (None, None, True),
        (-30, None, True),
        (-30, 0, True),
        (-30, -1, False),
        (1, None, False),
    ],
)
def test_only_current_seats_count(group, seat_for, provider_a_user, today, start, end, sits):
    def day(offset):
        return None if offset is None else today + datetime.timedelta(days=offset)

    seat_for(provider=provider_a_user.provider, start_date=day(start), end_date=day(end))
    assert groups_with_committee_seat(provider_a_user).exists() is sits


def test_each_group_once_even_with_several_seats(group, seat_for, provider_a_user):
    seat_for(provider=provider_a_user.provider)
    seat_for(user=provider_a_user, role="chair")
    assert groups_with_committee_seat(provider_a_user).count() == 1


def test_umbrella_committees_are_not_groups(seeded, seat_for, provider_a_user):
    committee = Committee.objects.get(
        kind=CommitteeKind.PROVINCIAL_PD, umbrella=UmbrellaOrganisation.objects.get(acronym="SAISIA")
    )
    seat_for(committee=committee, provider=provider_a_user.provider)
    assert not groups_with_committee_seat(provider_a_user).exists()


def test_anonymous_and_inactive_users_sit_nowhere(group, seat_for, provider_a_user):
    from django.contrib.auth.models import AnonymousUser

    seat_for(provider=provider_a_user.provider)
    assert not groups_with_committee_seat(AnonymousUser()).exists()
    provider_a_user.is_active = False
    assert not groups_with_committee_seat(provider_a_user).exists()
