"""The group-health rule (`groups/health.py`), by hand, and its facts as the selector gathers them
from the database (`groups.selectors.group_health_map`): parts that add up to the score."""

import datetime
import io
import json
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.urls import reverse

from groups.health import (
    CommitteeFacts,
    GroupFacts,
    compute_committee_health,
    compute_group_health,
    recency_ratio,
    round_half_up,
)
from groups.models import (
    Committee,
    CommitteeKind,
    CommitteeMember,
    ItemStatus,
    Meeting,
    MeetingFormat,
    Stage,
    WorkingGroup,
    WorkPlan,
    WorkPlanItem,
)
from groups.selectors import HELD_EVENT_STATUS, committee_health_map, group_health_map

D = datetime.date
TODAY = D(2018, 11, 15)  # fiscal year 2018-19


@pytest.mark.parametrize(
    ("days", "ratio"),
    [
        (None, Fraction(0)),
        (0, Fraction(1)),
        (90, Fraction(1)),
        (91, Fraction(274, 275)),
        (228, Fraction(137, 275)),
        (364, Fraction(1, 275)),
        (365, Fraction(0)),
        (1000, Fraction(0)),
    ],
)
def test_recency_falls_evenly_from_90_to_365_days(days, ratio):
    assert recency_ratio(days) == ratio


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(45, 2), 23),
        (Fraction(75, 4), 19),
        (Fraction(267, 20), 13),
        (Fraction(0), 0),
        (Fraction(1, 2), 1),
    ],
)
def test_points_round_half_up(value, rounded):
    assert round_half_up(value) == rounded


def test_a_group_by_hand():
    facts = GroupFacts(
        committees=(
            # Steering: 2 of its 4 a year -> 1/2; IRCC group: no minimum, so 1 expected, 1 held -> 1.
            CommitteeFacts(
                minimum=4, held=2, present=5, seats=8, last_meeting=TODAY - datetime.timedelta(200)
            ),
            CommitteeFacts(
                minimum=0, held=1, present=2, seats=2, last_meeting=TODAY - datetime.timedelta(150)
            ),
        ),
        scope_jurisdictions=frozenset({"AB", "SK", "MB"}),
        scope_centre_types=frozenset({"urban", "small", "north"}),
        has_steering=True,
        steering_jurisdictions=frozenset({"AB", "SK", "NT"}),  # NT: outside the group's scope
        steering_centre_types=frozenset({"urban"}),
        plan_items=4,
        plan_overdue=1,
        last_activity=TODAY - datetime.timedelta(120),
    )
    health = compute_group_health(facts, today=TODAY)
    points = {p.key: p.points for p in health.parts}
    # cadence 25 x (1/2 + 1)/2 = 18.75 -> 19; attendance 20 x 7/10 = 14;
    # representation 20 x (2/3 + 1/3)/2 = 10; work plan 20 x 3/4 = 15; recency 15 x 245/275 = 13.36 -> 13.
    assert points == {"cadence": 19, "attendance": 14, "representation": 10, "work_plan": 15, "recency": 13}
    assert health.score == 71 == sum(points.values())
    assert not health.dormant
    assert health.part("representation").facts["jurisdictions_covered"] == ["AB", "SK"]
    assert health.part("attendance").facts == {"present": 7, "seats": 10}


def test_nothing_recorded_scores_zero_and_is_dormant():
    health = compute_group_health(GroupFacts(), today=TODAY)
    assert health.score == 0
    assert [p.points for p in health.parts] == [0, 0, 0, 0, 0]
    assert health.dormant and health.last_activity is None


def test_the_dormant_stage_flags_a_group_that_is_otherwise_recent():
    facts = GroupFacts(last_activity=TODAY, stage_dormant=True)
    health = compute_group_health(facts, today=TODAY)
    assert health.dormant
    assert health.part("recency").points == 15


def test_a_year_without_activity_is_dormant():
    assert compute_group_health(
        GroupFacts(last_activity=TODAY - datetime.timedelta(365)), today=TODAY
    ).dormant
    assert not compute_group_health(
        GroupFacts(last_activity=TODAY - datetime.timedelta(364)), today=TODAY
    ).dormant


def test_a_committee_by_hand():
    facts = CommitteeFacts(
        minimum=4, held=5, present=3, seats=4, last_meeting=TODAY - datetime.timedelta(200)
    )
    health = compute_committee_health(facts, today=TODAY)
    # cadence 40 x 1 (capped) = 40; attendance 30 x 3/4 = 22.5 -> 23; recency 30 x 165/275 = 18.
    assert [(p.key, p.points) for p in health.parts] == [("cadence", 40), ("attendance", 23), ("recency", 18)]
    assert health.score == 81


def test_the_held_status_is_the_event_apps():
    from learning_events.models import EventStatus

    assert HELD_EVENT_STATUS == EventStatus.HELD


# --- From the database -------------------------------------------------------------------------
@pytest.fixture
def world(seeded):
    """Case management with a known history, against TODAY (fiscal 2018-19).

    Scope: the group covers AB, SK, MB; providers: P1 (AB, an urban and a small site), P2 (SK, north),
    P3 (MB, no site), P4 (NT, outside the scope). Steering: P1's seat (AB, urban+small), an IRCC seat
    with no jurisdiction, a seat that ended (SK: does not count). Two meetings in the last 12 months
    (3 of 3 seats, then 1 of 2 seats as one seat had not started), one older meeting. A held event
    10 days ago. Work plan 2018: 3 items, one overdue, one done late (not overdue), one not yet due."""
    from organisations.models import Jurisdiction
    from pd_budget.models import Site
    from tests.factories import ProviderFactory

    group = WorkingGroup.objects.get(slug="case-management")
    group.jurisdictions.set(Jurisdiction.objects.filter(code__in=["AB", "SK", "MB"]))
    p1, p2, p3, _p4 = (
        ProviderFactory(name=name, jurisdiction_id=code)
        for name, code in [("P1", "AB"), ("P2", "SK"), ("P3", "MB"), ("P4", "NT")]
    )
    Site.objects.create(provider=p1, name="Main", city="Calgary", jurisdiction_id="AB", centre_type="urban")
    Site.objects.create(provider=p1, name="Brooks", city="Brooks", jurisdiction_id="AB", centre_type="small")
    Site.objects.create(provider=p2, name="North", city="La Ronge", jurisdiction_id="SK", centre_type="north")
    steering = Committee.objects.create(
        kind=CommitteeKind.STEERING, group=group, name_en="S", name_fr="S", min_meetings_per_year=4
    )
    a = CommitteeMember.objects.create(committee=steering, person_name="A", provider=p1)
    b = CommitteeMember.objects.create(committee=steering, person_name="B", organisation_name="IRCC")
    c = CommitteeMember.objects.create(
        committee=steering, person_name="C", provider=p2, jurisdiction_id="SK", end_date=D(2018, 10, 1)
    )
    late = CommitteeMember.objects.create(committee=steering, person_name="L", start_date=D(2018, 9, 1))
    m1 = Meeting.objects.create(committee=steering, date=D(2018, 5, 1), format=MeetingFormat.ONLINE)
    m1.attendees.set([a, b, c])  # seats that day: a, b, c (late had not started) -> 3 of 3
    m2 = Meeting.objects.create(committee=steering, date=D(2018, 10, 20), format=MeetingFormat.ONLINE)
    m2.attendees.set([a])  # seats that day: a, b, late (c ended) -> 1 of 3
    old = Meeting.objects.create(committee=steering, date=D(2017, 6, 1), format=MeetingFormat.ONLINE)
    old.attendees.set([a, b])
    plan = WorkPlan.objects.create(group=group, fiscal_year=2018)
    WorkPlanItem.objects.create(
        work_plan=plan, title="1", due_date=D(2018, 9, 1), status=ItemStatus.IN_PROGRESS
    )
    WorkPlanItem.objects.create(work_plan=plan, title="2", due_date=D(2018, 9, 1), status=ItemStatus.DONE)
    WorkPlanItem.objects.create(work_plan=plan, title="3", due_date=D(2019, 1, 1))
    from learning_events.models import LearningEvent
    from learning_events.services import apply_date

    event = LearningEvent(
        slug="cm-held",
        group=group,
        title_en="Held",
        title_fr="Tenue",
        status=HELD_EVENT_STATUS,
        precision="day",
        on_date=TODAY - datetime.timedelta(10),
    )
    apply_date(event)
    event.save()
    return {"group": group, "steering": steering, "late": late}


def test_the_selector_gathers_the_facts(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        health = group_health_map(today=TODAY)
    h = health[world["group"].pk]
    parts = {p.key: p for p in h.parts}
    # cadence: 2 held in 12 months of 4 -> 25 x 1/2 = 12.5 -> 13.
    assert parts["cadence"].facts["held"] == 2 and parts["cadence"].points == 13
    # attendance: (3 + 1) of (3 + 3) -> 20 x 2/3 = 13.33 -> 13.
    assert parts["attendance"].facts == {"present": 4, "seats": 6} and parts["attendance"].points == 13
    # representation: AB of AB, SK, MB (C's seat ended; P3 in MB counts in scope) -> 1/3;
    # urban and small of urban, small, north -> 2/3; 20 x 1/2 = 10.
    rep = parts["representation"].facts
    assert rep["jurisdictions_covered"] == ["AB"] and rep["jurisdictions_in_scope"] == ["AB", "MB", "SK"]
    assert rep["centre_types_covered"] == ["small", "urban"]
    assert rep["centre_types_in_scope"] == ["north", "small", "urban"]
    assert parts["representation"].points == 10
    # work plan: 1 of 3 overdue -> 20 x 2/3 = 13.33 -> 13.
    assert (parts["work_plan"].facts["overdue"], parts["work_plan"].points) == (1, 13)
    # recency: the held event 10 days ago (after the last meeting, 26 days ago) -> 15.
    assert parts["recency"].facts["days"] == 10 and parts["recency"].points == 15
    assert h.score == 13 + 13 + 10 + 13 + 15 == 64
    # Child care ("planning to start") has no committee, no plan and no event: 0 and dormant.
    child_care = health[WorkingGroup.objects.get(slug="child-care").pk]
    assert child_care.score == 0 and child_care.dormant
    assert set(health) == set(WorkingGroup.objects.values_list("pk", flat=True))


def test_the_dormant_stage_and_committee_scores(world):
    WorkingGroup.objects.filter(pk=world["group"].pk).update(stage=Stage.DORMANT)
    assert group_health_map(today=TODAY)[world["group"].pk].dormant
    c = committee_health_map(today=TODAY)[world["steering"].pk]
    # cadence 40 x 1/2 = 20; attendance 30 x 4/6 = 20; last meeting 26 days ago -> 30.
    assert [p.points for p in c.parts] == [20, 20, 30] and c.score == 70


def test_the_list_sorts_by_health(world, client_for, staff_user, django_assert_max_num_queries):
    client = client_for(staff_user)
    url = reverse("groups:group-list")
    first = client.get(url + "?sort=-health")
    assert first.status_code == 200
    rows = list(first.context["groups"])
    assert rows[0].pk == world["group"].pk
    assert rows[0].health.score == rows[0].health_score
    last = list(client.get(url + "?sort=health").context["groups"])
    assert last[0].pk != world["group"].pk
    assert b"Dormant" in first.content


def test_the_group_page_explains_the_score(world, client_for, provider_a_user):
    response = client_for(provider_a_user).get(world["group"].get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Group health" in text and "How the score is computed" in text


def test_the_command_prints_every_group(world):
    out = io.StringIO()
    call_command("group_health", "--json", "--date", TODAY.isoformat(), stdout=out)
    data = json.loads(out.getvalue())
    by_slug = {row["slug"]: row for row in data["groups"]}
    assert len(by_slug) == WorkingGroup.objects.count()
    cm = by_slug["case-management"]
    assert cm["score"] == 64
    assert sum(part["points"] for part in cm["parts"].values()) == cm["score"]
    assert {row["id"] for row in data["committees"]} == set(Committee.objects.values_list("pk", flat=True))
    text = io.StringIO()
    call_command("group_health", "--date", TODAY.isoformat(), stdout=text)
    assert "case-management: 64" in text.getvalue()


def test_the_committee_page_shows_its_health_in_french(world, client_for, staff_user):
    response = client_for(staff_user).get(f"/fr/groups/committees/{world['steering'].pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Santé du comité" in text and "Comment la note est calculée" in text
