"""Cached values (portal.datacache) change at once when their data does: the groups' health, the
parity card, the scenario editor's baseline, the dashboards; and pages answer with the cache down."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import (
    Committee,
    CommitteeKind,
    Meeting,
    MeetingFormat,
    WorkingGroup,
    WorkPlan,
    WorkPlanItem,
)
from groups.selectors import group_health_map
from portal import datacache
from portal.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db


def _score(client, group) -> int:
    response = client.get(reverse("groups:group-list"), {"sort": "-health"})
    return next(g.health.score for g in response.context["groups"] if g.pk == group.pk)


def test_a_meeting_recorded_shows_in_the_list_at_once(client_for, staff_user, seeded):
    client = client_for(staff_user)
    group = WorkingGroup.objects.get(slug="case-management")
    before = _score(client, group)
    assert _score(client, group) == before  # read again: from the cache
    committee = Committee.objects.create(
        kind=CommitteeKind.STEERING, group=group, name_en="S", name_fr="S", min_meetings_per_year=4
    )
    Meeting.objects.create(committee=committee, date=timezone.localdate(), format=MeetingFormat.ONLINE)
    assert _score(client, group) > before


def test_an_overdue_item_lowers_the_group_page_score_at_once(client_for, staff_user, seeded):
    client = client_for(staff_user)
    group = WorkingGroup.objects.get(slug="case-management")
    today = timezone.localdate()
    plan = WorkPlan.objects.get_or_create(group=group, fiscal_year=fiscal_year_of(today))[0]
    item = WorkPlanItem.objects.create(work_plan=plan, title_en="Done", due_date=today, status="done")
    with_done = client.get(group.get_absolute_url()).context["health"].part("work_plan").points
    item.status = "in_progress"
    item.due_date = today - datetime.timedelta(days=3)
    item.save()
    overdue = client.get(group.get_absolute_url()).context["health"].part("work_plan").points
    assert overdue < with_done
    item.delete()  # no item left this year: the part scores nothing, at once
    gone = client.get(group.get_absolute_url()).context["health"].part("work_plan")
    assert gone.facts == {"items": 0, "overdue": 0} and gone.points == 0


def test_no_queries_while_nothing_changed(seeded, django_assert_num_queries):
    group_health_map()
    with django_assert_num_queries(0):
        group_health_map()
    WorkingGroup.objects.filter(slug="case-management").update(stage="dormant")
    assert group_health_map()[WorkingGroup.objects.get(slug="case-management").pk].dormant


def test_a_bulk_create_and_raw_sql_show_at_once(seeded):
    """No call to remember: every INSERT, UPDATE and DELETE the ORM's cursor runs bumps its topics."""
    from django.db import connection

    group = WorkingGroup.objects.get(slug="case-management")
    committee = Committee.objects.create(
        kind=CommitteeKind.STEERING, group=group, name_en="S", name_fr="S", min_meetings_per_year=4
    )
    before = group_health_map()[group.pk].score
    Meeting.objects.bulk_create(
        [Meeting(committee=committee, date=timezone.localdate(), format=MeetingFormat.ONLINE)]
    )
    after_meeting = group_health_map()[group.pk].score
    assert after_meeting > before
    with connection.cursor() as cursor:
        cursor.execute("UPDATE groups_workinggroup SET stage = %s WHERE id = %s", ["dormant", group.pk])
    assert group_health_map()[group.pk].dormant


def test_writes_with_no_read_between_share_one_bump(seeded, monkeypatch):
    """A bulk import's rows cost one bump per topic, not one per row; a read in between makes the
    next write bump again, so the writer never reads its own earlier state."""
    from groups.selectors import HEALTH_TOPIC

    bumped = []
    real_bump = datacache.bump
    monkeypatch.setattr(datacache, "bump", lambda *topics: (bumped.extend(topics), real_bump(*topics)))
    group = WorkingGroup.objects.get(slug="case-management")
    group_health_map()
    for stage in ("dormant", "active", "dormant"):
        group.stage = stage
        group.save()
    assert bumped.count(HEALTH_TOPIC) == 1
    assert group_health_map()[group.pk].dormant
    assert datacache.cached([HEALTH_TOPIC], ["probe"], lambda: "before") == "before"
    group.stage = "active"
    group.save()
    assert bumped.count(HEALTH_TOPIC) == 2
    assert datacache.cached([HEALTH_TOPIC], ["probe"], lambda: "after") == "after"


@pytest.mark.django_db(transaction=True)
def test_a_commit_after_a_rolled_back_transaction_still_bumps(seeded):
    """Another server that read the old rows while a transaction was open stored them under the
    version bumped at once; the commit's bump makes them unreachable, after a rollback too (the
    bump queued by the rolled-back transaction went with it)."""
    import contextlib

    from django.db import transaction

    from groups.selectors import HEALTH_TOPIC

    group = WorkingGroup.objects.get(slug="case-management")
    with contextlib.suppress(RuntimeError), transaction.atomic():
        group.stage = "dormant"
        group.save()
        raise RuntimeError("rolled back")
    with transaction.atomic():
        group.stage = "dormant"
        group.save()
        # What another server computes meanwhile, from the rows as they were before this commit:
        assert datacache.cached([HEALTH_TOPIC], ["other server"], lambda: "old rows") == "old rows"
    assert datacache.cached([HEALTH_TOPIC], ["other server"], lambda: "new rows") == "new rows"


def test_an_unregistered_topic_is_refused():
    with pytest.raises(KeyError):
        datacache.cached(["no-such-topic"], [], lambda: 1)


def test_pages_answer_when_the_cache_is_down(client_for, staff_user, seeded, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(datacache.cache, "get_many", down)
    monkeypatch.setattr(datacache.cache, "incr", down)
    monkeypatch.setattr(datacache.cache, "set", down)
    response = client_for(staff_user).get(reverse("groups:group-list"))
    assert response.status_code == 200 and response.context["groups"][0].health is not None


def test_the_dashboards_parity_card_counts_a_missing_language_at_once(client_for, staff_user, seeded):
    client = client_for(staff_user)

    def missing() -> int:
        cards = client.get("/en/").context["dashboard"]["cards"]
        return next(c["figure"] for c in cards if c.get("url", "").endswith("/translations/"))

    before = missing()
    assert missing() == before  # again: from the cache
    group = WorkingGroup.objects.get(slug="case-management")
    group.name_fr = ""
    group.save()
    assert missing() == before + 1


def test_the_scenario_editor_starts_from_the_allocations_as_they_are_now(seeded):
    from decimal import Decimal

    from pd_budget.models import PolicyYear, SiteFTE
    from pd_budget.services.scenarios import simulate_policy

    year = PolicyYear.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    row = SiteFTE.objects.filter(fiscal_year=year).select_related("site").first()
    if row is None:  # the seed has no FTEs for that year: give a provider some
        from pd_budget.models import Site
        from tests.factories import ProviderFactory

        site = Site.objects.create(
            provider=ProviderFactory(), name="Main", city="Regina", jurisdiction_id="SK", centre_type="urban"
        )
        row = SiteFTE.objects.create(site=site, fiscal_year=year, language_fte=Decimal("1"))
    before = simulate_policy(year).baseline_total
    assert simulate_policy(year).baseline_total == before
    row.language_fte += Decimal("40")
    row.save()
    assert simulate_policy(year).baseline_total > before


def test_the_dashboard_shows_a_new_request_at_once(client_for, staff_user, provider_a, seeded):
    from decimal import Decimal

    from pd_budget.models import PDRequest

    client = client_for(staff_user)

    def card(title: str):
        cards = client.get("/en/").context["dashboard"]["cards"]
        return next(c for c in cards if c["title"] == title)

    waiting = card("PD requests waiting for approval")["figure"]
    assert card("PD requests waiting for approval")["figure"] == waiting  # again: from the cache
    PDRequest.objects.create(
        provider=provider_a,
        fiscal_year=2018,
        category="conference",
        amount=Decimal("500"),
        conference_name="Prairie forum",
        status="pending",
    )
    assert card("PD requests waiting for approval")["figure"] == waiting + 1


# --- Fragments: {% datacache %} (portal_tags) ---------------------------------------------------
def test_a_fragment_is_kept_per_language_and_part_until_its_topic_is_written(seeded):
    from django.template import Context, Template
    from django.utils import translation

    made = []

    def make():
        made.append(1)
        return len(made)

    fragment = Template('{% load portal_tags %}{% datacache "group-rows" part %}{{ make }}{% enddatacache %}')

    def render(part, language="en"):
        with translation.override(language):
            return fragment.render(Context({"make": make, "part": part}))

    assert render("a") == "1"
    assert render("a") == "1"  # kept: not rendered again
    assert render("b") == "2"  # another part, another fragment
    assert render("a", "fr") == "3"  # another language too
    WorkingGroup.objects.filter(slug="case-management").update(stage="active")  # the topic's model
    assert render("a") == "4"


def test_the_groups_list_rows_show_a_rename_a_lead_and_a_meeting_at_once(client_for, staff_user, seeded):
    """The rows are kept across unrelated writes; every input of a row shows on the next list."""
    client = client_for(staff_user)
    group = WorkingGroup.objects.get(slug="case-management")

    def row(language="en") -> str:
        body = client.get(f"/{language}/groups/", {"q": "case-management"}).content.decode()
        return body[body.index("<tbody>") : body.index("</tbody>")]

    assert "Case management" in row()
    WorkingGroup.objects.filter(pk=group.pk).update(name_en="Case coordination")
    assert "Case coordination" in row()
    assert "Case coordination" not in row("fr")  # the French page keeps its French name
    staff_user.first_name, staff_user.last_name = "Lea", "Dupont"
    staff_user.save()
    WorkingGroup.objects.filter(pk=group.pk).update(lead=staff_user)
    assert "Lea Dupont" in row()
    staff_user.last_name = "Tremblay"
    staff_user.save()
    assert "Lea Tremblay" in row()
    before = row()
    committee = Committee.objects.create(
        kind=CommitteeKind.STEERING, group=group, name_en="S", name_fr="S", min_meetings_per_year=4
    )
    Meeting.objects.create(committee=committee, date=timezone.localdate(), format=MeetingFormat.ONLINE)
    assert row() != before  # the health score moved


def test_the_overview_rows_show_a_flag_and_a_booking_at_once(client_for, staff_user, provider_a, seeded):
    from decimal import Decimal

    from pd_budget.models import AllocationFlag, PDRequest, PolicyYear
    from tests.pd_budget.factories import add_site

    year = PolicyYear.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    add_site(provider_a, "urban", language="2", settlement="1", head_office=True, year=year)
    client = client_for(staff_user)

    def row() -> str:
        body = client.get("/en/pd/providers/", {"year": year, "q": provider_a.name}).content.decode()
        start = body.index(f"/en/pd/providers/{provider_a.pk}/")
        return body[start : body.index("</tr>", start)]

    before = row()
    assert "Booked above the allocation" not in before
    AllocationFlag.objects.create(provider=provider_a, fiscal_year=year, source="request", detail="x")
    assert "Booked above the allocation" in row()
    PDRequest.objects.create(
        provider=provider_a,
        fiscal_year=year,
        category="conference",
        amount=Decimal("123.45"),
        conference_name="Prairie forum",
        status="approved",
    )
    assert "$123.45" in row()


# --- Database permissions (portal.permissions.keep_db_permissions) ------------------------------
def test_permissions_granted_in_the_database_count_at_once_and_are_not_read_again(
    client_for, staff_user, seeded
):
    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff_user)

    def may(perm: str) -> bool:
        return client.get("/en/reports/").wsgi_request.user.has_perm(perm)

    assert not may("auth.view_group")
    staff_user.user_permissions.add(Permission.objects.get(codename="view_group"))
    assert may("auth.view_group")
    readers = Group.objects.create(name="Readers")
    staff_user.groups.add(readers)
    assert not may("auth.change_group")
    readers.permissions.add(Permission.objects.get(codename="change_group"))
    assert may("auth.change_group")
    staff_user.user_permissions.clear()
    assert not may("auth.view_group")
    WorkingGroup.objects.filter(slug="case-management").update(stage="active")  # a write elsewhere
    with CaptureQueriesContext(connection) as captured:
        assert may("auth.change_group")
    assert not [q for q in captured.captured_queries if "auth_permission" in q["sql"]]
