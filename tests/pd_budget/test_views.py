"""PD budget pages: the URL access matrix, a smoke test per view, the request journey, the import."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import WorkingGroup
from organisations.models import Provider
from pd_budget.models import PDRequest, PolicyYear, SiteFTE
from tests.factories import ProviderFactory
from tests.pd_budget.factories import (
    DesignatedConferenceFactory,
    PolicyYearFactory,
    add_site,
    this_fiscal_year,
)
from tests.pd_budget.workbooks import good_sheets, workbook_bytes

pytestmark = pytest.mark.django_db
Y = this_fiscal_year()


@pytest.fixture
def budget(seeded, provider_a, provider_b):
    """The open year Y at the 2018-19 rates; A: 2 urban language + 1 settlement FTEs; B: one North site,
    no FTE."""
    PolicyYearFactory(fiscal_year=Y)
    add_site(provider_a, "urban", language="2", settlement="1", head_office=True, year=Y)
    add_site(provider_b, "north", language=None, head_office=True)
    return provider_a, provider_b


def _token(user, provider) -> str:
    from pd_budget.services.requests import issue_request_token

    return issue_request_token(user=user, provider=provider)


def _request(provider, user, status="pending", amount="500"):
    return PDRequest.objects.create(
        provider=provider,
        fiscal_year=Y,
        category="conference",
        amount=Decimal(amount),
        conference_name="Local forum",
        status=status,
        requested_by=user,
    )


def urls(provider_a, pending):
    return {
        "home": reverse("pd_budget:home"),
        "overview": reverse("pd_budget:overview"),
        "allocation": reverse("pd_budget:allocation", args=[provider_a.pk]) + f"?year={Y}",
        "create": reverse("pd_budget:pdrequest-create", args=[provider_a.pk]) + f"?year={Y}",
        "ftes": reverse("pd_budget:sitefte-edit", args=[provider_a.pk]) + f"?year={Y}",
        "requests": reverse("pd_budget:pdrequest-list"),
        "queue": reverse("pd_budget:approval-queue"),
        "policy": reverse("pd_budget:policy-list"),
        "history": reverse("pd_budget:policy-history"),
        "export": reverse("pd_budget:workbook-export"),
        "import": reverse("pd_budget:workbook-import"),
    }


# role -> {page: expected status}; provider A's own objects throughout. Administrators may do
# everything (superusers) but act as the provider: requesting is provider staff's alone.
MATRIX = {
    None: dict.fromkeys(
        [
            "home",
            "overview",
            "allocation",
            "create",
            "ftes",
            "requests",
            "queue",
            "policy",
            "history",
            "export",
            "import",
        ],
        302,
    ),
    "provider_a_user": {
        "home": 302,
        "overview": 403,
        "allocation": 200,
        "create": 200,
        "ftes": 200,
        "requests": 200,
        "queue": 403,
        "policy": 403,
        "history": 403,
        "export": 403,
        "import": 403,
    },
    "provider_b_user": {
        "home": 302,
        "overview": 403,
        "allocation": 404,
        "create": 404,
        "ftes": 404,
        "requests": 200,
        "queue": 403,
        "policy": 403,
        "history": 403,
        "export": 403,
        "import": 403,
    },
    "staff_user": {
        "home": 302,
        "overview": 200,
        "allocation": 200,
        "create": 403,
        "ftes": 200,
        "requests": 200,
        "queue": 200,
        "policy": 200,
        "history": 200,
        "export": 200,
        "import": 403,
    },
    "admin_user": {
        "home": 302,
        "overview": 200,
        "allocation": 200,
        "create": 403,
        "ftes": 200,
        "requests": 200,
        "queue": 200,
        "policy": 200,
        "history": 200,
        "export": 200,
        "import": 200,
    },
}


@pytest.mark.parametrize("role", list(MATRIX), ids=lambda r: r or "anonymous")
def test_url_access_matrix(request, client_for, budget, provider_a_user, role):
    provider_a, _b = budget
    user = request.getfixturevalue(role) if role else None
    client = client_for(user)
    pending = _request(provider_a, provider_a_user)
    for page, url in urls(provider_a, pending).items():
        response = client.get(url)
        assert response.status_code == MATRIX[role][page], (role, page)
        if role is None:
            assert "/accounts/login/" in response["Location"]


def test_home_sends_each_role_to_its_page(client_for, budget, provider_a_user, staff_user):
    provider_a, _b = budget
    assert client_for(provider_a_user).get(reverse("pd_budget:home"))["Location"] == reverse(
        "pd_budget:allocation", args=[provider_a.pk]
    )
    assert client_for(staff_user).get(reverse("pd_budget:home"))["Location"] == reverse("pd_budget:overview")


def test_provider_sees_allocation_and_balance(client_for, budget, provider_a_user):
    provider_a, _b = budget
    _request(provider_a, provider_a_user, status="approved", amount="700")
    body = client_for(provider_a_user).get(
        reverse("pd_budget:allocation", args=[provider_a.pk]) + f"?year={Y}"
    )
    text = body.content.decode()
    assert "$2,700.00" in text and "$2,000.00" in text  # conference allocation and remaining
    assert "$3,300.00" in text  # total: 2,700 + 300 + 300


def test_allocation_page_in_french(client_for, budget, provider_a_user):
    provider_a, _b = budget
    text = client_for(provider_a_user).get(f"/fr/pd/providers/{provider_a.pk}/?year={Y}").content.decode()
    assert "2\u00a0700,00\u00a0$" in text
    assert "Perfectionnement" in text or "PP" in text


def test_year_without_policy_says_so(client_for, budget, provider_a_user):
    provider_a, _b = budget
    PolicyYear.objects.all().delete()
    response = client_for(provider_a_user).get(reverse("pd_budget:allocation", args=[provider_a.pk]))
    assert response.status_code == 200
    assert "There is no PD policy for" in response.content.decode()


def test_request_over_the_cap_shows_the_remaining_amount(client_for, budget, provider_a_user):
    provider_a, _b = budget
    client = client_for(provider_a_user)
    url = reverse("pd_budget:pdrequest-create", args=[provider_a.pk])
    data = {
        "fiscal_year": Y,
        "category": "language",
        "amount": "250",
        "conference_name": "",
        "description": "",
        "submit_token": _token(provider_a_user, provider_a),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    response = client.post(url, {**data, "submit_token": _token(provider_a_user, provider_a)})
    assert response.status_code == 200
    assert "Only $50.00 remains" in response.content.decode()
    assert PDRequest.objects.filter(provider=provider_a).count() == 1


def test_designated_conference_request_is_approved(client_for, budget, provider_a_user):
    provider_a, _b = budget
    p2p = DesignatedConferenceFactory(acronym="P2P")
    response = client_for(provider_a_user).post(
        reverse("pd_budget:pdrequest-create", args=[provider_a.pk]),
        {
            "fiscal_year": Y,
            "category": "conference",
            "amount": "1000",
            "designated_conference": p2p.pk,
            "submit_token": _token(provider_a_user, provider_a),
        },
        follow=True,
    )
    assert "Your request is approved" in response.content.decode()
    assert PDRequest.objects.get().status == "approved"


def test_conference_request_needs_a_name(client_for, budget, provider_a_user):
    provider_a, _b = budget
    response = client_for(provider_a_user).post(
        reverse("pd_budget:pdrequest-create", args=[provider_a.pk]),
        {
            "fiscal_year": Y,
            "category": "conference",
            "amount": "100",
            "submit_token": _token(provider_a_user, provider_a),
        },
    )
    assert response.status_code == 200
    assert "Name the conference." in response.content.decode()


def test_provider_b_cannot_touch_provider_a_requests(client_for, budget, provider_a_user, provider_b_user):
    provider_a, _b = budget
    pending = _request(provider_a, provider_a_user)
    client = client_for(provider_b_user)
    assert client.post(reverse("pd_budget:pdrequest-withdraw", args=[pending.pk])).status_code == 404
    assert client.post(reverse("pd_budget:pdrequest-create", args=[provider_a.pk]), {}).status_code == 404
    assert "Local forum" not in client.get(reverse("pd_budget:pdrequest-list")).content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_provider_withdraws_own_request(client_for, budget, provider_a_user):
    provider_a, _b = budget
    pending = _request(provider_a, provider_a_user)
    client_for(provider_a_user).post(reverse("pd_budget:pdrequest-withdraw", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == "withdrawn"


def test_decisions_are_post_only_and_staff_only(client_for, budget, provider_a_user, staff_user):
    provider_a, _b = budget
    pending = _request(provider_a, provider_a_user)
    approve = reverse("pd_budget:pdrequest-approve", args=[pending.pk])
    refuse = reverse("pd_budget:pdrequest-refuse", args=[pending.pk])
    assert client_for(provider_a_user).post(approve).status_code == 403
    staff = client_for(staff_user)
    assert staff.get(approve).status_code == 405
    assert staff.get(refuse).status_code == 405
    staff.post(refuse, {"reason_en": ""})
    pending.refresh_from_db()
    assert pending.status == "pending"
    response = staff.post(refuse, {"reason_en": "Outside the policy"}, follow=True)
    pending.refresh_from_db()
    assert pending.status == "refused" and pending.reason == "Outside the policy"
    assert "Refused" in response.content.decode()


def test_staff_approve_from_the_queue(client_for, budget, provider_a_user, staff_user):
    provider_a, _b = budget
    pending = _request(provider_a, provider_a_user)
    staff = client_for(staff_user)
    assert "Local forum" in staff.get(reverse("pd_budget:approval-queue")).content.decode()
    staff.post(reverse("pd_budget:pdrequest-approve", args=[pending.pk]))
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == ("approved", staff_user)


def test_overview_filters_and_fixed_query_count(
    client_for, budget, staff_user, django_assert_max_num_queries
):
    for i in range(60):
        provider = ProviderFactory(name=f"Zed provider {i:02d}", jurisdiction_id="SK" if i % 2 else "MB")
        add_site(provider, "small" if i % 3 else "urban", language="1", settlement="1")
    client = client_for(staff_user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("pd_budget:overview"), {"year": 2018})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 50  # paginated
    with django_assert_max_num_queries(20):
        page_two = client.get(reverse("pd_budget:overview"), {"year": 2018, "page": 2})
    assert len(page_two.context["rows"]) == 12
    response = client.get(
        reverse("pd_budget:overview"), {"year": 2018, "jurisdiction": "SK", "centre_type": "urban"}
    )
    names = [p.name for p, _b in response.context["rows"]]
    assert names and all(Provider.objects.get(name=n).jurisdiction_id == "SK" for n in names)
    assert all(Provider.objects.get(name=n).sites.filter(centre_type="urban").exists() for n in names)


def test_overview_balances_change_at_once_after_each_input_of_the_rule(
    client_for, budget, staff_user, provider_a_user
):
    """The overview keeps its page of balances between writes (pd_budget.services.shown_balances):
    a request booked, an FTE changed by an UPDATE, a rate changed each show on the next view."""
    provider_a, _b = budget
    staff = client_for(staff_user)

    def row_of_a():
        rows = staff.get(reverse("pd_budget:overview"), {"year": Y}).context["rows"]
        return next(b for p, b in rows if p.pk == provider_a.pk)

    before = row_of_a()
    assert row_of_a() == before  # asked again, nothing written: the same figures
    _request(provider_a, provider_a_user, status="approved", amount="500")
    booked = row_of_a()
    assert booked.booked == before.booked + Decimal("500")
    SiteFTE.objects.filter(site__provider=provider_a, fiscal_year=Y).update(language_fte=Decimal("4"))
    more_ftes = row_of_a()
    assert more_ftes.allocation.language > booked.allocation.language
    PolicyYear.objects.filter(fiscal_year=Y).update(conference_urban=F("conference_urban") + 100)
    assert row_of_a().allocation.conference == more_ftes.allocation.conference + 100


def test_overview_built_again_after_an_unrelated_write_reads_no_allocation_input(
    client_for, budget, staff_user
):
    staff = client_for(staff_user)
    staff.get(reverse("pd_budget:overview"), {"year": Y})
    assert WorkingGroup.objects.update(name_en=F("name_en"))  # a write elsewhere: the page is built again
    with CaptureQueriesContext(connection) as captured:
        assert staff.get(reverse("pd_budget:overview"), {"year": Y}).status_code == 200
    assert not [q for q in captured.captured_queries if "pd_budget_sitefte" in q["sql"]]


def test_policy_history_shows_who_and_old_value(client_for, budget, admin_user, staff_user):
    policy = PolicyYear.objects.get(fiscal_year=2018)
    policy.conference_urban = Decimal("2800.00")
    policy._history_user = admin_user
    policy.save()
    text = client_for(staff_user).get(reverse("pd_budget:policy-history")).content.decode()
    assert "2700.00 → 2800.00" in text
    assert admin_user.display_name in text


def test_export_downloads_a_workbook(client_for, budget, staff_user):
    from openpyxl import load_workbook

    response = client_for(staff_user).get(reverse("pd_budget:workbook-export"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames[:3] == ["providers", "sites", "agreements"]


def test_import_upload_preview_confirm(client_for, budget, admin_user, django_capture_on_commit_callbacks):
    client = client_for(admin_user)
    upload = io.BytesIO(workbook_bytes())
    upload.name = "providers.xlsx"
    with django_capture_on_commit_callbacks(execute=True):  # the check runs as a job after commit
        response = client.post(reverse("pd_budget:workbook-import"), {"file": upload})
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = client.get(preview_url)
    assert "Confirm the import" in preview.content.decode()
    assert not Provider.objects.filter(name="Lakeside Newcomer Hub").exists()  # nothing before confirming
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(preview_url)["Location"] == preview_url
    done = client.get(preview_url)
    assert "The workbook is imported" in done.content.decode()
    assert Provider.objects.filter(name="Lakeside Newcomer Hub").exists()
    # The link is spent: it says so, with the history entry, instead of a 404.
    again = client.get(preview_url)
    assert again.status_code == 200
    assert "This import was already applied" in again.content.decode()
    assert "Confirm the import" not in again.content.decode()


def test_import_preview_lists_every_problem(
    client_for, budget, admin_user, django_capture_on_commit_callbacks
):
    sheets = good_sheets()
    sheets["sites"][0][4] = "rural"
    upload = io.BytesIO(workbook_bytes(sheets))
    upload.name = "providers.xlsx"
    client = client_for(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pd_budget:workbook-import"), {"file": upload})
    text = client.get(response["Location"]).content.decode()
    assert "nothing was imported" in text and "centre_type" in text
    assert "Confirm the import" not in text


@pytest.mark.parametrize("content", [b"", b"not a workbook at all"])
def test_import_of_junk_never_fails_with_500(client_for, budget, admin_user, content):
    upload = io.BytesIO(content)
    upload.name = "junk.xlsx"
    response = client_for(admin_user).post(
        reverse("pd_budget:workbook-import"), {"file": upload}, follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "empty" in text or "not an Excel workbook" in text


def test_a_made_up_import_token_is_404(client_for, budget, admin_user):
    assert (
        client_for(admin_user).get(reverse("pd_budget:workbook-preview", args=["x" * 32])).status_code == 404
    )
    assert client_for(admin_user).get("/en/pd/workbook/import/..%2F..%2Fetc/").status_code == 404


def test_dashboard_cards(client_for, budget, provider_a_user, staff_user, provider_b_user):
    provider_a, _b = budget
    _request(provider_a, provider_a_user)
    staff_text = client_for(staff_user).get(reverse("home")).content.decode()
    assert "PD requests waiting for approval" in staff_text
    assert "FTE declarations waiting for a decision" in staff_text
    from pd_budget.dashboard import dashboard_cards

    cards = dashboard_cards(provider_a_user)
    assert cards and any("Conferences" in item["label"] for item in cards[0]["items"])
    assert client_for(provider_a_user).get(reverse("home")).status_code == 200


def test_allocation_page_query_count_does_not_grow_with_requests(
    client_for, budget, provider_a_user, django_assert_max_num_queries
):
    provider_a, _b = budget
    for _ in range(25):
        _request(provider_a, provider_a_user, amount="10")
    client = client_for(provider_a_user)
    url = reverse("pd_budget:allocation", args=[provider_a.pk]) + f"?year={Y}"
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200


def test_overview_sorts_only_by_whitelisted_keys(client_for, budget, staff_user):
    client = client_for(staff_user)
    names = lambda r: [p.name for p, _b in r.context["rows"]]  # noqa: E731
    ascending = names(client.get(reverse("pd_budget:overview"), {"year": 2018}))
    assert (
        names(client.get(reverse("pd_budget:overview"), {"year": 2018, "sort": "-name"})) == ascending[::-1]
    )
    # An unknown key is ignored by the form: the default order, never an error.
    response = client.get(reverse("pd_budget:overview"), {"year": 2018, "sort": "umbrella__secret"})
    assert response.status_code == 200
