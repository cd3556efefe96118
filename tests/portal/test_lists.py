"""The shared list view (portal.views.FilteredListView) and its sortable column headers.

Every list page sorts the same way: `?sort=key` or `?sort=-key` from the view's whitelist, the
header links keep the filters, the sorted column says its direction in words and in `aria-sort`,
and anything else in `sort` (an unknown key, a field path) leaves the default order.
"""

import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import RequestFactory

from portal.views import FilteredListView

pytestmark = pytest.mark.django_db


def _headers(body: str) -> list[str]:
    return re.findall(r"<th scope=\"col\"[^>]*>.*?</th>", body, flags=re.S)


def _header(body: str, label: str) -> str:
    found = [h for h in _headers(body) if f">{label}<" in h]
    assert found, f"no column header {label!r}"
    return found[0]


def _link(header: str) -> dict[str, list[str]]:
    href = unescape(re.search(r'href="([^"]+)"', header).group(1))
    return parse_qs(urlsplit(href).query)


def _group_names(response) -> list[str]:
    return [g.name_en for g in response.context["groups"]]


# --- The header ---------------------------------------------------------------------------------
def test_header_links_keep_the_filters_and_drop_the_page(client_for, staff_user, seeded):
    body = client_for(staff_user).get("/en/groups/?stage=early&q=a&page=1").content.decode()
    query = _link(_header(body, "Stage"))
    assert query == {"stage": ["early"], "q": ["a"], "sort": ["stage"]}


def test_the_sorted_column_says_its_direction_in_words_and_aria_sort(client_for, staff_user, seeded):
    client = client_for(staff_user)
    body = client.get("/en/groups/?sort=name").content.decode()
    name = _header(body, "Group")
    assert 'aria-sort="ascending"' in name and "(ascending)" in name
    assert _link(name)["sort"] == ["-name"]  # the next click reverses it
    assert "aria-sort" not in _header(body, "Stage")

    body = client.get("/en/groups/?sort=-name").content.decode()
    name = _header(body, "Group")
    assert 'aria-sort="descending"' in name and "(descending)" in name
    assert _link(name)["sort"] == ["name"]


def test_the_header_speaks_french(client_for, staff_user, seeded):
    body = client_for(staff_user).get("/fr/groups/?sort=-name").content.decode()
    header = _header(body, "Groupe")
    assert 'aria-sort="descending"' in header and "(décroissant)" in header
    assert "trier en ordre croissant" in header


def test_the_default_sort_is_marked_without_a_sort_parameter(client_for, staff_user, seeded):
    body = client_for(staff_user).get("/en/groups/").content.decode()
    assert 'aria-sort="ascending"' in _header(body, "Category")


# --- The whitelist --------------------------------------------------------------------------------
def test_name_sorts_both_ways(client_for, staff_user, seeded):
    client = client_for(staff_user)
    ascending = _group_names(client.get("/en/groups/", {"sort": "name"}))
    assert ascending == sorted(ascending, key=str.casefold)  # whatever the case, on every database
    assert _group_names(client.get("/en/groups/", {"sort": "-name"})) == ascending[::-1]


@pytest.mark.parametrize(
    "hostile",
    ["password", "-password", "lead__password", "provider__users__password", "?", "", "--name", "name,stage"],
)
def test_an_unknown_or_injected_key_falls_back_to_the_default(client_for, staff_user, seeded, hostile):
    client = client_for(staff_user)
    default = client.get("/en/groups/")
    response = client.get("/en/groups/", {"sort": hostile})
    assert response.status_code == 200
    assert response.context["sort"] == "category"
    assert _group_names(response) == _group_names(default)


def test_a_password_sort_never_reaches_the_database(
    client_for, staff_user, seeded, provider_a, provider_a_user
):
    """Ordering by a user's password hash would leak it one comparison at a time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff_user)
    for path in ("/en/pd/requests/", "/en/pd/providers/", "/en/groups/", "/en/events/reports/"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, {"sort": "provider__users__password"})
        assert response.status_code == 200, path
        orderings = [q["sql"].rsplit("ORDER BY", 1)[1] for q in queries if "ORDER BY" in q["sql"]]
        assert orderings and not any("password" in o for o in orderings), path


def test_the_view_refuses_keys_outside_its_whitelist():
    class View(FilteredListView):
        sort_keys = {"name": ("name_{lang}",), "date": ("-starts_on",)}
        default_sort = "-date"

    def sort_for(value):
        view = View()
        view.request = RequestFactory().get("/", {"sort": value})
        return view.get_sort(), view.sort_ordering(view.get_sort())

    assert sort_for("name") == ("name", ["name_en", "pk"])
    assert sort_for("-name") == ("-name", ["-name_en", "pk"])
    assert sort_for("date") == ("date", ["-starts_on", "pk"])
    assert sort_for("-date") == ("-date", ["starts_on", "pk"])
    assert sort_for("name_en") == ("-date", ["starts_on", "pk"])
    assert sort_for("pk") == ("-date", ["starts_on", "pk"])


# --- htmx: the list alone --------------------------------------------------------------------------
def test_an_htmx_request_gets_the_list_only_and_the_page_still_works_without(client_for, staff_user, seeded):
    client = client_for(staff_user)
    partial = client.get("/en/groups/", {"stage": "early"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="group-list">')
    assert "<html" not in partial and "Case management" not in partial
    assert "Community connections" in partial
    full = client.get("/en/groups/", {"stage": "early"}).content.decode()
    assert "<html" in full and 'hx-target="#group-list"' in full


# --- One page of each app ---------------------------------------------------------------------------
def test_committees_sort_by_meetings_held(client_for, staff_user, seeded):
    client = client_for(staff_user)
    held = [c.held for c in client.get("/en/groups/committees/", {"sort": "-held"}).context["committees"]]
    assert held == sorted(held, reverse=True)
    page = client.get("/en/groups/committees/", {"sort": "-held"})
    assert all(hasattr(c, "compliance") for c in page.context["committees"])


def test_events_sort_by_date_either_way_undated_last(client_for, staff_user, seeded):
    client = client_for(staff_user)
    events = list(client.get("/en/events/list/", {"sort": "-date"}).context["events"])
    dated = [e.starts_on for e in events if e.starts_on]
    assert dated == sorted(dated, reverse=True)
    assert all(e.starts_on is None for e in events[len(dated) :])  # undated ones still come last
    # The agenda sorts by date only: a title sort would scatter each month's events.
    assert client.get("/en/events/list/", {"sort": "title"}).context["sort"] == "date"


def test_report_library_sorts_by_subject_in_the_page_language(client_for, staff_user, seeded):
    client = client_for(staff_user)
    english = [
        e.subject_en for e in client.get("/en/events/reports/", {"sort": "-subject"}).context["evaluations"]
    ]
    assert english == sorted(english, reverse=True)
    french = [
        e.subject_fr for e in client.get("/fr/events/reports/", {"sort": "subject"}).context["evaluations"]
    ]
    assert french == sorted(french)


def test_pd_requests_sort_by_amount_and_keep_their_filter(
    client_for, staff_user, provider_a, provider_a_user
):
    from pd_budget.models import PDRequest
    from tests.pd_budget.factories import this_fiscal_year

    for amount, status in (("30", "pending"), ("10", "pending"), ("20", "pending"), ("99", "approved")):
        PDRequest.objects.create(
            provider=provider_a,
            fiscal_year=this_fiscal_year(),
            category="conference",
            amount=Decimal(amount),
            conference_name="Forum",
            status=status,
            requested_by=provider_a_user,
        )
    client = client_for(staff_user)
    response = client.get("/en/pd/requests/", {"status": "pending", "sort": "-amount"})
    assert [r.amount for r in response.context["requests"]] == [Decimal("30"), Decimal("20"), Decimal("10")]
    queue = client.get("/en/pd/requests/approvals/", {"sort": "amount"})
    assert [r.amount for r in queue.context["requests"]] == [Decimal("10"), Decimal("20"), Decimal("30")]
    header = _header(response.content.decode(), "Amount")
    assert 'aria-sort="descending"' in header and _link(header)["status"] == ["pending"]


def test_a_provider_own_requests_table_has_plain_headers(client_for, provider_a, provider_a_user):
    """The allocation page shares the requests table but is not a sorted list: no sort links there."""
    from tests.pd_budget.factories import PolicyYearFactory, add_site, this_fiscal_year

    PolicyYearFactory(fiscal_year=this_fiscal_year())
    add_site(provider_a, "urban", language="1", settlement="1", head_office=True, year=this_fiscal_year())
    body = client_for(provider_a_user).get(f"/en/pd/providers/{provider_a.pk}/").content.decode()
    assert "sort=" not in body


def test_surveys_sort_by_fiscal_year(client_for, staff_user, seeded):
    from surveys.models import SurveyCycle

    for year in (2016, 2017):
        SurveyCycle.objects.get_or_create(
            fiscal_year=year,
            defaults={"opens_on": f"{year}-04-01", "closes_on": f"{year}-05-01"},
        )
    client = client_for(staff_user)
    newest = [row["cycle"].fiscal_year for row in client.get("/en/surveys/").context["cycles"]]
    assert newest == sorted(newest, reverse=True) and len(newest) >= 2
    oldest = [
        row["cycle"].fiscal_year for row in client.get("/en/surveys/", {"sort": "year"}).context["cycles"]
    ]
    assert oldest == newest[::-1]


def test_sorting_adds_no_query(client_for, staff_user, seeded, django_assert_num_queries):
    """A sorted page makes exactly as many queries as the default order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import datacache

    client = client_for(staff_user)
    for path, sort in (
        ("/en/groups/", "-lead"),
        ("/en/events/reports/", "-group"),
        ("/en/pd/providers/", "jurisdiction"),
    ):
        client.get(path)
        datacache.bump(datacache.ANY_WRITE)  # built afresh, not served as kept (portal.pagecache)
        with CaptureQueriesContext(connection) as default:
            client.get(path)
        with CaptureQueriesContext(connection) as sorted_:
            client.get(path, {"sort": sort})
        assert len(sorted_) == len(default), path


# --- The FilterSets ----------------------------------------------------------------------------------
# (FilterSet, its form, form fields the page reads itself, filters only code sets)
FILTERSETS = [
    ("groups.filters.GroupFilterSet", "groups.forms.GroupFilterForm", set(), set()),
    ("learning_events.filters.EventFilterSet", "learning_events.forms.EventFilterForm", set(), set()),
    (
        "learning_events.filters.EvaluationFilterSet",
        "learning_events.forms.EvaluationFilterForm",
        set(),
        set(),
    ),
    ("pd_budget.filters.ProviderFilterSet", "pd_budget.forms.OverviewFilterForm", {"year"}, set()),
    # The allocation page lists one provider's requests.
    ("pd_budget.filters.PDRequestFilterSet", "pd_budget.forms.RequestFilterForm", set(), {"provider"}),
]


@pytest.mark.parametrize(
    ("filterset", "form", "page_reads", "code_only"), FILTERSETS, ids=[f[0] for f in FILTERSETS]
)
def test_every_filter_field_has_its_filter(filterset, form, page_reads, code_only):
    """A field added to a filter form without its filter would be shown and silently ignored."""
    from django.utils.module_loading import import_string

    fields = set(import_string(form)().fields)
    assert set(import_string(filterset).base_filters) == (fields - page_reads) | code_only


def test_the_export_holds_the_rows_its_page_lists(client_for, staff_user, seeded):
    """The roster export runs the page's FilterSet: same filters, same groups."""
    from io import BytesIO

    from openpyxl import load_workbook

    client = client_for(staff_user)
    query = {"stage": "early", "q": "a"}
    page = {g.name_en for g in client.get("/en/groups/", query).context["groups"]}
    response = client.get("/en/reports/groups-roster/download/", {**query, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content)))["Groups"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[:2] == ("Short name", "Group"))
    exported = {row[1] for row in rows[header + 1 :] if row[1]}
    assert page and exported == page


def test_the_filter_form_keeps_the_sort(client_for, staff_user, seeded):
    client = client_for(staff_user)
    body = client.get("/en/groups/", {"sort": "-name"}).content.decode()
    assert '<input type="hidden" name="sort" value="-name" form="group-filters">' in body
    # A refused key is not carried on: the form sends the default it fell back to.
    body = client.get("/en/groups/", {"sort": "lead__password"}).content.decode()
    assert '<input type="hidden" name="sort" value="category" form="group-filters">' in body
    body = client.get("/en/events/reports/", {"sort": "-city"}).content.decode()
    assert '<input type="hidden" name="sort" value="-city">' in body
