"""The meeting-compliance rule (`groups/compliance.py`): meetings held per fiscal year against the
committee's minimum, pro rata of the months elapsed, by hand; the PD committees' minimum of four."""

import datetime

import pytest

from groups.compliance import PD_MINIMUM_MEETINGS, compute_compliance, full_months_elapsed
from groups.models import Committee, CommitteeKind, Meeting
from groups.selectors import committees_behind, meetings_per_fiscal_year

D = datetime.date


@pytest.mark.parametrize(
    ("today", "months"),
    [
        (D(2018, 3, 31), 0),  # before the year starts
        (D(2018, 4, 1), 0),
        (D(2018, 4, 30), 0),
        (D(2018, 5, 1), 1),
        (D(2018, 6, 30), 2),
        (D(2018, 7, 1), 3),
        (D(2018, 12, 31), 8),
        (D(2019, 1, 1), 9),
        (D(2019, 3, 31), 11),
        (D(2019, 4, 1), 12),  # the year is over
        (D(2025, 1, 1), 12),
    ],
)
def test_full_months_elapsed_in_fiscal_2018(today, months):
    assert full_months_elapsed(fiscal_year=2018, today=today) == months


@pytest.mark.parametrize(
    ("held", "minimum", "today", "expected", "behind", "year_over"),
    [
        # Four a year (PD advisory committees): 1 by July 1, 2 by October 1, 3 by January 1, 4 after March.
        (0, 4, D(2018, 6, 30), 0, False, False),
        (0, 4, D(2018, 7, 1), 1, True, False),
        (1, 4, D(2018, 7, 1), 1, False, False),
        (1, 4, D(2018, 10, 1), 2, True, False),
        (2, 4, D(2018, 12, 31), 2, False, False),
        (2, 4, D(2019, 1, 1), 3, True, False),
        (3, 4, D(2019, 3, 31), 3, False, False),
        (3, 4, D(2019, 4, 1), 4, True, True),
        (4, 4, D(2019, 4, 1), 4, False, True),
        (6, 4, D(2019, 4, 1), 4, False, True),
        # No minimum: never behind.
        (0, 0, D(2019, 4, 1), 0, False, True),
        # A future year expects nothing yet.
        (0, 4, D(2018, 1, 15), 0, False, False),
        # Monthly committee: 5 whole months by September 1.
        (4, 12, D(2018, 9, 1), 5, True, False),
    ],
)
def test_compliance_rule(held, minimum, today, expected, behind, year_over):
    result = compute_compliance(held=held, minimum=minimum, fiscal_year=2018, today=today)
    assert (result.expected, result.behind, result.year_over) == (expected, behind, year_over)
    assert result.missing == max(expected - held, 0)


@pytest.mark.django_db
def test_meetings_are_counted_per_fiscal_year_by_the_database(steering):
    for day in (D(2018, 3, 31), D(2018, 4, 1), D(2018, 9, 9), D(2019, 3, 31), D(2019, 4, 1)):
        Meeting.objects.create(committee=steering, date=day, format="online")
    assert meetings_per_fiscal_year(committee=steering) == [
        {"fiscal_year": 2019, "held": 1},
        {"fiscal_year": 2018, "held": 3},
        {"fiscal_year": 2017, "held": 1},
    ]


@pytest.mark.django_db
def test_committees_behind_uses_the_current_fiscal_year_only(steering, staff_user, provider_b_user):
    today = D(2018, 10, 15)  # two quarters gone: 2 of 4 expected
    Meeting.objects.create(committee=steering, date=D(2018, 3, 1), format="online")  # last year
    Meeting.objects.create(committee=steering, date=D(2018, 5, 1), format="online")
    behind = committees_behind(user=staff_user, today=today)
    assert steering in behind
    mine = next(c for c in behind if c == steering)
    assert (mine.compliance.held, mine.compliance.expected) == (1, 2)
    Meeting.objects.create(committee=steering, date=D(2018, 9, 1), format="in_person")
    assert steering not in committees_behind(user=staff_user, today=today)
    # Provider staff only hear about the committees they sit on.
    assert committees_behind(user=provider_b_user, today=today) == []


@pytest.mark.django_db
def test_the_seed_gives_every_pd_committee_four_meetings_a_year(seeded):
    """ "At least four meetings a year" (the PD committees' terms of reference); others have none."""
    assert PD_MINIMUM_MEETINGS == 4
    pd = Committee.objects.filter(kind__in=[CommitteeKind.PROVINCIAL_PD, CommitteeKind.REGIONAL_PD])
    assert pd.count() >= 2
    assert set(pd.values_list("min_meetings_per_year", flat=True)) == {4}
    others = Committee.objects.exclude(pk__in=pd)
    assert set(others.values_list("min_meetings_per_year", flat=True)) <= {0}
