"""PD policy what-if scenarios with the database: the simulation's queries, saving, adopting (an
administrator only, refused over approved requests), the command, the pages and the export."""

import io
import json
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from organisations.models import Provider
from pd_budget.models import AllocationFlag, PDRequest, PolicyYear, Scenario
from pd_budget.services import compute_allocations
from pd_budget.services.scenarios import (
    adopt_scenario,
    adoption_target,
    clean_overrides,
    save_scenario,
    simulate_policy,
    simulate_scenario,
)
from tests.factories import ProviderFactory
from tests.pd_budget.factories import PolicyYearFactory, add_site
from tests.surveys.factories import SurveyCycleFactory, submitted_template

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def region(db):
    """2018-19 at the seed's rates; three providers whose allocations are computed by hand:
    Urban AB 3,300 $ (2 language + 1 settlement urban FTEs), Blend MB 3,525 $ (3 urban language +
    1 small settlement), North NU 3,300 $ (1 North settlement FTE)."""
    policy = PolicyYearFactory(fiscal_year=2018)
    urban = ProviderFactory(name="Urban AB", jurisdiction_id="AB")
    add_site(urban, "urban", language="2", settlement="1", head_office=True)
    blend = ProviderFactory(name="Blend MB", jurisdiction_id="MB")
    for _ in range(3):
        add_site(blend, "urban", language="1", jurisdiction_id="MB")
    add_site(blend, "small", settlement="1", jurisdiction_id="MB")
    north = ProviderFactory(name="North NU", jurisdiction_id="NU")
    add_site(north, "north", settlement="1", head_office=True, jurisdiction_id="NU")
    return policy, urban, blend, north


def _scenario(policy, user, **overrides):
    mixed = overrides.pop("mixed_sites", "blend")
    return save_scenario(
        user=user,
        instance=Scenario(
            name_en="Small centres first",
            name_fr="Petits centres d’abord",
            base_policy=policy,
            mixed_sites=mixed,
        ),
        rates={
            **{
                k: getattr(policy, k)
                for k in (
                    "conference_urban",
                    "conference_small",
                    "conference_north",
                    "language_per_fte",
                    "settlement_per_fte",
                )
            },
            **overrides,
        },
    )


# --- The simulation ------------------------------------------------------------------------------
def test_simulation_hand_computed(region):
    result = simulate_policy(2018, overrides={"conference_small": D("3500")}, mixed_sites="any_small")
    by_name = {o.provider.name: o for o in result.outcomes}
    assert by_name["Blend MB"].baseline.total == D("3525.00")
    assert by_name["Blend MB"].scenario.total == D("4250.00")  # 3500 + 450 + 300
    assert by_name["Urban AB"].delta == 0 and by_name["North NU"].delta == 0
    assert result.baseline_total == D("10125.00") and result.delta == D("725.00")


def test_simulation_runs_a_fixed_number_of_queries(region, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        small = simulate_policy(2018, overrides={"language_per_fte": D("175")})
    for n in range(30):
        provider = ProviderFactory(name=f"Extra {n}")
        add_site(provider, "small", language="1")
    with django_assert_max_num_queries(7):
        large = simulate_policy(2018, overrides={"language_per_fte": D("175")})
    assert len(large.outcomes) == len(small.outcomes) + 30


def test_equity_effect_reads_the_latest_aggregated_survey(region):
    from surveys.models import AggregationResult
    from surveys.services.aggregation import aggregate_survey

    _policy, urban, _blend, north = region
    cycle = SurveyCycleFactory(fiscal_year=2018)
    submitted_template(urban, cycle, current_pd_funding=D("1000"))
    submitted_template(north, cycle, current_pd_funding=D("0"))
    AggregationResult.objects.create(
        cycle=cycle, computed_at="2018-11-01T00:00Z", data=aggregate_survey(cycle)
    )
    result = simulate_policy(2018, overrides={"conference_north": D("4000")})
    # Urban: (1000 + 3300) / 3 FTEs; North: (0 + 3300) / 1, then (0 + 4300) / 1.
    assert result.survey_year == 2018
    assert result.equity_before.urban_median.quantize(D("0.01")) == D("1433.33")
    assert result.equity_before.small_north_median == D("3300")
    assert result.equity_after.small_north_median == D("4300")
    assert result.equity_after.gap > result.equity_before.gap
    assert result.equity_after.gini > result.equity_before.gini


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"conference_mars": "1"}, "conference_mars is not a policy rate"),
        ({"language_per_fte": "abc"}, "is not an amount"),
        ({"language_per_fte": "-5"}, "is not an amount"),
        ({"language_per_fte": "NaN"}, "is not an amount"),
        ({"language_per_fte": "1e400"}, "is not an amount"),
        ({"language_per_fte": "1.005"}, "more than two decimals"),
    ],
)
def test_bad_rates_are_refused_with_a_reason(values, message):
    with pytest.raises(ValidationError) as exc:
        clean_overrides(values)
    assert message in " ".join(exc.value.messages)


# --- Saving ----------------------------------------------------------------------------------------
def test_a_saved_scenario_keeps_only_the_changed_rates_with_history(region, staff_user):
    policy = region[0]
    scenario = _scenario(policy, staff_user, conference_small=D("3500.00"))
    assert scenario.overrides == {"conference_small": "3500.00"}
    assert scenario.created_by == staff_user
    assert scenario.history.count() == 1 and scenario.history.first().history_user == staff_user
    assert simulate_scenario(scenario).scenario_total == D(
        "10250.00"
    )  # Blend MB: (3 x 2700 + 3500) / 4 = 2900


def test_provider_staff_cannot_save_a_scenario(region, provider_a_user):
    with pytest.raises(PermissionDenied):
        _scenario(region[0], provider_a_user)
    assert not Scenario.objects.exists()


def test_a_scenario_needs_a_name_in_one_language(region, staff_user):
    with pytest.raises(ValidationError):
        save_scenario(user=staff_user, instance=Scenario(base_policy=region[0]), rates={})


# --- Adopting ----------------------------------------------------------------------------------------
@pytest.fixture
def next_year_region(region):
    """The same providers with FTEs in the next fiscal year, the one a scenario is adopted for."""
    target = adoption_target()
    _policy, urban, blend, north = region
    from pd_budget.models import SiteFTE

    for fte in SiteFTE.objects.filter(fiscal_year=2018):
        SiteFTE.objects.create(
            site=fte.site,
            fiscal_year=target,
            language_fte=fte.language_fte,
            settlement_fte=fte.settlement_fte,
        )
    return target, urban, blend, north


def test_only_an_administrator_adopts_and_nothing_changes_before(next_year_region, staff_user, admin_user):
    target, _urban, blend, _north = next_year_region
    scenario = _scenario(
        PolicyYear.objects.get(fiscal_year=2018),
        staff_user,
        conference_small=D("3500"),
        mixed_sites="any_small",
    )
    assert not PolicyYear.objects.filter(fiscal_year=target).exists()  # saving changed no real allocation
    with pytest.raises(PermissionDenied):
        adopt_scenario(scenario, user=staff_user)
    assert not PolicyYear.objects.filter(fiscal_year=target).exists()
    policy = adopt_scenario(scenario, user=admin_user)
    assert (policy.fiscal_year, policy.conference_small, policy.mixed_sites) == (
        target,
        D("3500.00"),
        "any_small",
    )
    # The real allocations of that year now follow the adopted rule: any small FTE -> 3,500 $.
    assert compute_allocations(target)[blend.pk].conference == D("3500.00")
    assert policy.history.first().history_user == admin_user
    scenario.refresh_from_db()
    assert (scenario.adopted_for, scenario.adopted_by) == (target, admin_user)
    with pytest.raises(ValidationError):  # an adopted scenario is kept as it was adopted
        save_scenario(user=staff_user, instance=scenario, rates={"conference_small": D("1")})


def _booking(provider, year, amount, status):
    return PDRequest.objects.create(
        provider=provider,
        fiscal_year=year,
        category="conference",
        amount=D(amount),
        conference_name="Forum",
        status=status,
    )


def test_adoption_is_refused_when_approved_requests_would_overrun(next_year_region, staff_user, admin_user):
    target, _urban, _blend, north = next_year_region
    PolicyYearFactory(fiscal_year=target)
    _booking(north, target, "3000", "approved")
    scenario = _scenario(PolicyYear.objects.get(fiscal_year=2018), staff_user, conference_north=D("2500"))
    with pytest.raises(ValidationError) as exc:
        adopt_scenario(scenario, user=admin_user, confirm=True)
    assert "North NU" in " ".join(exc.value.messages)
    assert PolicyYear.objects.get(fiscal_year=target).conference_north == D("3000.00")  # rolled back
    assert Scenario.objects.get().adopted_at is None


def test_adoption_is_refused_even_after_the_editor_cached_the_old_policy(
    next_year_region, staff_user, admin_user
):
    """The scenario editor keeps the policy as it is in the data cache; the adoption's overrun check
    computes under the policy it just wrote, whatever the cache holds (an administrator who opened
    the editor first gets the same refusal)."""
    from pd_budget.services.scenarios import simulate_policy

    target, _urban, _blend, north = next_year_region
    PolicyYearFactory(fiscal_year=target)
    _booking(north, target, "3000", "approved")
    simulate_policy(target)  # the editor opened on the target year: its baseline is cached
    scenario = _scenario(PolicyYear.objects.get(fiscal_year=2018), staff_user, conference_north=D("2500"))
    with pytest.raises(ValidationError) as exc:
        adopt_scenario(scenario, user=admin_user, confirm=True)
    assert "North NU" in " ".join(exc.value.messages)
    assert PolicyYear.objects.get(fiscal_year=target).conference_north == D("3000.00")


def test_waiting_requests_that_would_overrun_need_a_confirmation_and_are_flagged(
    next_year_region, staff_user, admin_user
):
    target, _urban, _blend, north = next_year_region
    PolicyYearFactory(fiscal_year=target)
    _booking(north, target, "2800", "pending")
    scenario = _scenario(PolicyYear.objects.get(fiscal_year=2018), staff_user, conference_north=D("2500"))
    with pytest.raises(ValidationError) as exc:
        adopt_scenario(scenario, user=admin_user)
    assert exc.value.code == "overbooked"
    assert PolicyYear.objects.get(fiscal_year=target).conference_north == D("3000.00")
    adopt_scenario(scenario, user=admin_user, confirm=True)
    assert PolicyYear.objects.get(fiscal_year=target).conference_north == D("2500.00")
    flag = AllocationFlag.objects.get(provider=north, fiscal_year=target, resolved_at__isnull=True)
    assert flag.source == "policy"


# --- The command ---------------------------------------------------------------------------------------
def _command(*args) -> dict:
    out = io.StringIO()
    call_command("simulate_policy", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_command_hand_computed(region):
    data = _command(
        "2018",
        "--set",
        "conference_small=3500",
        "--set",
        "settlement_per_fte=400",
        "--mixed-sites",
        "any_small",
    )
    assert (data["baseline_total"], data["scenario_total"], data["delta"]) == (
        "10125.00",
        "11150.00",
        "1025.00",
    )
    # Urban AB 2700 + 300 + 400; Blend MB 3500 + 450 + 400; North NU 3000 + 400.
    assert [(p["provider"], p["baseline"], p["scenario"]) for p in data["providers"]] == [
        ("Blend MB", "3525.00", "4350.00"),
        ("North NU", "3300.00", "3400.00"),
        ("Urban AB", "3300.00", "3400.00"),
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["2018", "--set", "conference_mars=1"],
        ["2018", "--set", "language_per_fte=lots"],
        ["2018", "--set", "language_per_fte"],
        ["2018", "--set", "language_per_fte=-1"],
        ["2018", "--set", "language_per_fte=1", "--set", "language_per_fte=2"],
        ["1990"],
        ["next year"],
    ],
)
def test_command_refuses_bad_input_with_a_clear_error(region, args):
    with pytest.raises(CommandError) as exc:
        call_command("simulate_policy", *args, "--json", stdout=io.StringIO())
    assert str(exc.value)


def test_command_exits_non_zero_on_a_bad_key(region):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "simulate_policy", "2018", "--set", "bogus=1", "--json"]).execute()
    assert exc.value.code != 0


def test_command_gives_the_same_figures_as_the_page(region, client_for, staff_user):
    scenario = _scenario(
        region[0],
        staff_user,
        conference_small=D("3500"),
        language_per_fte=D("175"),
        mixed_sites="head_office",
    )
    page = client_for(staff_user).get(
        reverse("pd_budget:scenario-detail", kwargs={"pk": scenario.pk}) + "?sort=provider"
    )
    assert page.status_code == 200
    html = page.content.decode()
    data = _command(
        "2018",
        "--set",
        "conference_small=3500",
        "--set",
        "language_per_fte=175",
        "--mixed-sites",
        "head_office",
    )

    def shown(amount: str) -> str:
        return f"${D(amount):,.2f}"

    assert re.search(r'data-figure="baseline-total">([^<]+)<', html).group(1) == shown(data["baseline_total"])
    assert re.search(r'data-figure="scenario-total">([^<]+)<', html).group(1) == shown(data["scenario_total"])
    rows = page.context["page_obj"].object_list
    assert [(o.provider.name, f"{o.baseline.total:.2f}", f"{o.scenario.total:.2f}") for o in rows] == [
        (p["provider"], p["baseline"], p["scenario"]) for p in data["providers"]
    ]


# --- The pages ---------------------------------------------------------------------------------------
def _rates_post(policy, **changes):
    data = {
        "name_en": "",
        "name_fr": "",
        "base_policy": policy.pk,
        "mixed_sites": "blend",
        "conference_urban": "2700.00",
        "conference_small": "3000.00",
        "conference_north": "3000.00",
        "language_per_fte": "150.00",
        "settlement_per_fte": "300.00",
    }
    data.update(changes)
    return data


def test_the_editor_shows_the_effect_of_french_rates_without_saving(region, client_for, staff_user):
    policy = region[0]
    client = client_for(staff_user)
    url = reverse("pd_budget:scenario-create") + "?year=2018"
    page = client.get(url)
    assert page.status_code == 200 and page.context["result"].delta == 0
    from django.utils import translation

    with translation.override("fr"):
        fr_url = reverse("pd_budget:scenario-create")
    response = client.post(
        fr_url, _rates_post(policy, conference_small="3\u00a0500,00", mixed_sites="any_small", preview="1")
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.scenario_rates.conference["small"] == D("3500.00")
    assert result.delta == D("725.00")
    assert "+725,00\u00a0$" in response.content.decode()
    assert not Scenario.objects.exists()  # a preview saves nothing
    # htmx: only the effect block comes back.
    partial = client.post(
        fr_url, _rates_post(policy, conference_small="1 500,00", preview="1"), HTTP_HX_REQUEST="true"
    )
    assert (
        partial.status_code == 200
        and b'id="scenario-effect"' in partial.content
        and b"<html" not in partial.content
    )


def test_unreadable_rates_say_so_and_save_nothing(region, client_for, staff_user):
    client = client_for(staff_user)
    response = client.post(
        reverse("pd_budget:scenario-create"),
        _rates_post(region[0], language_per_fte="lots", name_en="X", save="1"),
    )
    assert response.status_code == 200
    assert "language_per_fte" in response.context["form"].errors and not Scenario.objects.exists()


def test_save_then_detail_sorted_compare_and_export(region, client_for, staff_user):
    policy = region[0]
    client = client_for(staff_user)
    response = client.post(
        reverse("pd_budget:scenario-create"),
        _rates_post(policy, name_en="North up", conference_north="4,000.00", save="1"),
    )
    first = Scenario.objects.get()
    assert response.status_code == 302 and response["Location"] == first.get_absolute_url()
    assert first.overrides == {"conference_north": "4000.00"}
    second = _scenario(policy, staff_user, settlement_per_fte=D("250"))
    detail = client.get(first.get_absolute_url() + "?sort=-delta")
    assert [o.provider.name for o in detail.context["page_obj"]][0] == "North NU"
    compare = client.get(
        reverse("pd_budget:scenario-compare") + f"?scenarios={first.pk}&scenarios={second.pk}"
    )
    assert compare.status_code == 200
    assert [c["result"].delta for c in compare.context["columns"]] == [
        D("1000.00"),
        D("-150.00"),
    ]  # 3 settlement FTEs x -50
    too_many = client.get(
        reverse("pd_budget:scenario-compare")
        + "?"
        + "&".join(f"scenarios={s}" for s in [first.pk] * 1 + [second.pk, 999, 998])
    )
    assert too_many.status_code == 200 and not too_many.context["columns"]
    export = client.get(
        reverse("report-download", kwargs={"key": "pd-scenarios"})
        + f"?scenarios={first.pk}&scenarios={second.pk}&export=xlsx"
    )
    assert export.status_code == 200
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(export.streaming_content) if export.streaming else export.content)
    )
    summary = list(book["Scenarios"].iter_rows(values_only=True))
    assert [row[0] for row in summary[1:]] == ["North up", "Small centres first"]
    providers = list(book["Providers"].iter_rows(values_only=True))
    assert len(providers) == 1 + 2 * Provider.objects.count()
    north = next(row for row in providers if row[0] == "North up" and row[1] == "North NU")
    assert (north[4], north[5], north[6]) == (3300, 4300, 1000)


def test_delete_with_undo(region, client_for, staff_user):
    scenario = _scenario(region[0], staff_user)
    client = client_for(staff_user)
    response = client.post(reverse("pd_budget:scenario-delete", kwargs={"pk": scenario.pk}))
    assert response.status_code == 302 and not Scenario.objects.exists()
    from portal.models import Deletion

    client.post(reverse("deletion-undo", kwargs={"pk": Deletion.objects.get().pk}))
    assert Scenario.objects.filter(pk=scenario.pk).exists()


def test_the_adopt_page_refuses_staff_and_reports_an_overrun_to_the_admin(
    next_year_region, client_for, staff_user, admin_user
):
    target, _urban, _blend, north = next_year_region
    PolicyYearFactory(fiscal_year=target)
    _booking(north, target, "3000", "approved")
    scenario = _scenario(PolicyYear.objects.get(fiscal_year=2018), staff_user, conference_north=D("2000"))
    url = reverse("pd_budget:scenario-adopt", kwargs={"pk": scenario.pk})
    assert client_for(staff_user).post(url).status_code == 403
    response = client_for(admin_user).post(url, {"confirm_overbooking": "on"})
    assert response.status_code == 409 and "North NU" in response.content.decode()
    assert PolicyYear.objects.get(fiscal_year=target).conference_north == D("3000.00")


def test_the_pages_run_as_many_queries_for_30_more_providers(region, client_for, staff_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scenario = _scenario(region[0], staff_user, conference_small=D("3500"))
    client = client_for(staff_user)
    urls = [
        scenario.get_absolute_url() + "?sort=-delta",
        reverse("pd_budget:scenario-update", kwargs={"pk": scenario.pk}),
        reverse("pd_budget:scenario-compare") + f"?scenarios={scenario.pk}",
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    counts()  # the first pages of a session also read what is kept across pages (the permissions)
    before = counts()
    for n in range(30):
        provider = ProviderFactory(name=f"More {n}")
        add_site(provider, "north", settlement="1", head_office=True)
    assert counts() == before
