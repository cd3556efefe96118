"""The plausibility check at submission: the pure rule on hand-computed cases, then the service that
refuses an unconfirmed outlier and stores the confirmed ones."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.permissions import SYSTEM
from surveys import services
from surveys.models import ConfirmedOutlier, TemplateStatus
from surveys.plausibility import Facts, Need, Outlier, Previous, Thresholds, find_outliers
from tests.surveys.factories import COMPLETE, SurveyCycleFactory, site, submitted_template

T = Thresholds(median=D("10"), year=D("3"), staff=D("3"))
PREV_2017 = "2017-18"

# (case, facts, expected outlier keys). Worked out by hand with median 10x, year 3x, staff 3x.
CASES = [
    # The case: 250,075 / 3 staff = 83,358.33 per person > 10 x 1,000.
    (
        "comma dropped",
        Facts(funding=D("250075"), staff=3, median=D("1000")),
        ["current_pd_funding:funding-per-staff-median"],
    ),
    # 2,500.75 / 3 = 833.58 per person: well under 10,000.
    ("as meant", Facts(funding=D("2500.75"), staff=3, median=D("1000")), []),
    # 30,000 / 3 = 10,000 exactly: "more than 10 times" is not met.
    ("at the threshold", Facts(funding=D("30000"), staff=3, median=D("1000")), []),
    # 30,000.03 / 3 = 10,000.01 > 10,000.
    (
        "a cent over",
        Facts(funding=D("30000.03"), staff=3, median=D("1000")),
        ["current_pd_funding:funding-per-staff-median"],
    ),
    # 50,000 / 4 FTE = 12,500 > 10,000; 50,000 / 20 staff = 2,500 is fine; 20 staff > 3 x 4 FTE.
    (
        "per FTE and staff against FTE",
        Facts(funding=D("50000"), staff=20, fte=D("4"), median=D("1000")),
        ["current_pd_funding:funding-per-fte-median", "staff:staff-fte"],
    ),
    # 5 staff, 2 FTE: 5 <= 6.
    ("staff close to FTE", Facts(funding=D("100"), staff=5, fte=D("2")), []),
    # 0 staff for 2 FTE: 2 > 3 x 0.
    ("no staff but FTEs", Facts(funding=D("100"), staff=0, fte=D("2")), ["staff:staff-fte"]),
    # 250,075 against 2,500.75 last year: 100 times; staff the same.
    (
        "100 times last year",
        Facts(funding=D("250075"), staff=3, previous=Previous(PREV_2017, D("2500.75"), 3)),
        ["current_pd_funding:funding-year"],
    ),
    # 800 against 2,500: 2,500 > 3 x 800 = 2,400.
    (
        "a third of last year",
        Facts(funding=D("800"), staff=3, previous=Previous(PREV_2017, D("2500"), 3)),
        ["current_pd_funding:funding-year"],
    ),
    # 900 against 2,500: 2,500 <= 2,700.
    ("less, not far", Facts(funding=D("900"), staff=3, previous=Previous(PREV_2017, D("2500"), 3)), []),
    # 0 against 1,000 last year: far apart; 0 against 0: not.
    (
        "none after some",
        Facts(funding=D("0"), staff=3, previous=Previous(PREV_2017, D("1000"), 3)),
        ["current_pd_funding:funding-year"],
    ),
    ("none both years", Facts(funding=D("0"), staff=3, previous=Previous(PREV_2017, D("0"), 3)), []),
    # Staff 30 against 9: 30 > 27; 27 against 9: not.
    (
        "staff tripled and more",
        Facts(funding=None, staff=30, previous=Previous(PREV_2017, None, 9)),
        ["staff:staff-year"],
    ),
    ("staff tripled", Facts(funding=None, staff=27, previous=Previous(PREV_2017, None, 9)), []),
    # A need of 25,000 for 2 people: 12,500 per person > 10,000; 2 people for 3 staff is fine.
    (
        "a need's cost",
        Facts(
            funding=D("1000"), staff=3, median=D("1000"), needs=(Need(1, "Case management", 2, D("25000")),)
        ),
        ["needs-0-estimated_cost:need-cost-median"],
    ),
    # The second need is for 10 people with 3 staff: 10 > 9; the first, 9 people, is not.
    (
        "a need's people",
        Facts(funding=D("1000"), staff=3, needs=(Need(1, "A", 9, None), Need(2, "B", 10, None))),
        ["needs-1-people:need-people-staff"],
    ),
    # Nothing to compare with: no median, no FTEs, no previous template.
    ("nothing to compare", Facts(funding=D("999999"), staff=1), []),
    # A median of 0 (nobody funded) is no yardstick.
    ("median zero", Facts(funding=D("999999"), staff=1, median=D("0")), []),
]


@pytest.mark.parametrize(("facts", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_outliers_on_hand_computed_cases(facts, expected):
    assert [o.key for o in find_outliers(facts, T)] == expected


def test_the_factors_are_the_thresholds():
    facts = Facts(funding=D("250075"), staff=3, median=D("1000"))
    # 83,358.33 per person is 83.36 times the median of 1,000.
    assert find_outliers(facts, Thresholds(median=D("83"), year=D("3"), staff=D("3")))
    assert not find_outliers(facts, Thresholds(median=D("84"), year=D("3"), staff=D("3")))


def test_the_message_shows_the_value_as_understood_in_each_language():
    (outlier,) = find_outliers(Facts(funding=D("250075"), staff=3, median=D("1000")), T)
    with translation.override("en"):
        assert outlier.message == (
            "You entered $250,075.00 for 3 staff: $83,358.33 per person, more than 10 times "
            "the regional median of $1,000.00 per FTE."
        )
    with translation.override("fr"):
        assert outlier.message == (
            "Vous avez inscrit 250\u00a0075,00\u00a0$ pour 3 employés\u00a0: 83\u00a0358,33\u00a0$ par "
            "personne, plus de 10 fois la médiane régionale de 1\u00a0000,00\u00a0$ par ETP."
        )


@pytest.mark.parametrize(
    "outlier",
    [o for facts in [c[1] for c in CASES] for o in find_outliers(facts, T)],
    ids=lambda o: o.key,
)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_rule_has_a_sentence_in_both_languages(outlier: Outlier, language):
    with translation.override(language):
        text = outlier.message
    assert text != outlier.key and "%(" not in text
    if language == "fr":
        assert "Vous avez inscrit" in text


# --- The service ---------------------------------------------------------------------------------
NEED = {"theme_text": "Trauma-informed practice", "people": 3, "delivery": "online", "scope": "regional"}


@pytest.fixture
def earlier(provider_a):
    """Provider A's 2017 template: 2,500.75 of funding and 8 staff (COMPLETE's counts)."""
    return submitted_template(
        provider_a, SurveyCycleFactory(fiscal_year=2017, status="closed"), current_pd_funding=D("2500.75")
    )


@pytest.fixture
def draft(earlier, provider_a, provider_a_user):
    cycle = SurveyCycleFactory(fiscal_year=2018, status="open")
    template = services.start_template(cycle=cycle, provider=provider_a, user=provider_a_user)
    return services.save_draft(
        template,
        user=provider_a_user,
        data={**COMPLETE, "current_pd_funding": D("250075")},
        needs=[NEED],
        version=0,
    )


def test_an_unconfirmed_outlier_is_refused_by_the_service(draft, provider_a_user):
    with pytest.raises(ValidationError) as refused:
        services.submit_template(draft, user=provider_a_user, version=draft.version)
    assert "confirm" in refused.value.message_dict
    assert "$250,075.00" in refused.value.message_dict["confirm"][0]
    assert "$2,500.75" in refused.value.message_dict["confirm"][0]
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT
    assert not ConfirmedOutlier.objects.exists()


def test_a_wrong_key_confirms_nothing(draft, provider_a_user):
    with pytest.raises(ValidationError):
        services.submit_template(
            draft, user=provider_a_user, version=draft.version, confirmed=["staff:staff-year", "anything"]
        )
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT


def test_a_confirmed_outlier_is_stored_with_who_and_when(draft, provider_a_user):
    keys = [o.key for o in services.template_outliers(draft)]
    assert keys == ["current_pd_funding:funding-year"]
    submitted = services.submit_template(draft, user=provider_a_user, version=draft.version, confirmed=keys)
    assert submitted.status == TemplateStatus.SUBMITTED
    row = ConfirmedOutlier.objects.get()
    assert (row.template, row.rule, row.value, row.reference, row.factor, row.year_label) == (
        submitted,
        "funding-year",
        D("250075.00"),
        D("2500.75"),
        D("3.00"),
        "2017-18",
    )
    assert (row.confirmed_by, row.confirmed_at) == (provider_a_user, submitted.submitted_at)
    assert "$250,075.00" in row.message


def test_the_provider_fte_and_the_latest_aggregation_are_compared(provider_a, provider_a_user, on_commit):
    """3 FTEs at A's site (pd_budget), a regional median of 1,000 per FTE from the 2017 aggregation
    (A's own 2017 template: 3,000 for 3 FTE): 2018's 31,000 is 10,333.33 per FTE, above 10,000."""
    site(provider_a, "urban", ("1", "2"), year=2018)
    site(provider_a, "small", ("1", "2"), year=2017)
    past = SurveyCycleFactory(fiscal_year=2017, status="closed")
    submitted_template(provider_a, past, current_pd_funding=D("3000"))
    with on_commit():
        services.start_aggregation(past, user=SYSTEM)
    cycle = SurveyCycleFactory(fiscal_year=2018, status="open")
    template = services.start_template(cycle=cycle, provider=provider_a, user=provider_a_user)
    data = {**COMPLETE, "current_pd_funding": D("31000"), "practitioners_settlement": 40}
    template = services.save_draft(template, user=provider_a_user, data=data, needs=[NEED], version=0)
    keys = [o.key for o in services.template_outliers(template)]
    # 31,000 / 45 staff = 688.89 per person: fine. 45 staff for 3 FTE: > 9. 31,000 > 3 x 3,000.
    # 45 staff against 8 in 2017: > 24.
    assert keys == [
        "current_pd_funding:funding-per-fte-median",
        "current_pd_funding:funding-year",
        "staff:staff-fte",
        "staff:staff-year",
    ]


def test_after_a_reopen_the_outlier_is_confirmed_again(draft, provider_a_user, staff_user):
    from surveys import selectors

    keys = [o.key for o in services.template_outliers(draft)]
    first = services.submit_template(draft, user=provider_a_user, version=draft.version, confirmed=keys)
    assert list(selectors.confirmed_outliers(templates=[first.pk])) == [first.pk]
    reopened = services.reopen_template(first, user=staff_user)
    # Reopened: no current submission, so no flag; the first confirmation stays in the record.
    assert selectors.confirmed_outliers(templates=[first.pk]) == {}
    with pytest.raises(ValidationError):
        services.submit_template(reopened, user=provider_a_user, version=reopened.version)
    again = services.submit_template(reopened, user=provider_a_user, version=reopened.version, confirmed=keys)
    (current,) = selectors.confirmed_outliers(templates=[again.pk])[again.pk]
    assert current.confirmed_at == again.submitted_at
    assert ConfirmedOutlier.objects.filter(template=again).count() == 2


def test_another_providers_user_cannot_submit_or_confirm(draft, provider_b_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.submit_template(
            draft, user=provider_b_user, version=draft.version, confirmed=["current_pd_funding:funding-year"]
        )
    assert not ConfirmedOutlier.objects.exists()


def test_without_an_aggregation_the_median_is_computed_from_the_last_survey(provider_a, provider_a_user):
    """2017, not aggregated: B 1,000 / 2 FTE = 500, C 3,000 / 3 FTE = 1,000, D 8,000 / 4 FTE = 2,000;
    median 1,000. A's 2018 funding of 40,000 for its 2 FTE is 20,000 per FTE, above 10 x 1,000."""
    from surveys import selectors
    from tests.factories import ProviderFactory

    past = SurveyCycleFactory(fiscal_year=2017, status="closed")
    for name, funding, fte in [
        ("B", "1000", ("1", "1")),
        ("C", "3000", ("1", "2")),
        ("D", "8000", ("2", "2")),
    ]:
        provider = ProviderFactory(name=name)
        site(provider, "urban", fte, year=2017)
        submitted_template(provider, past, current_pd_funding=D(funding))
    assert selectors.regional_median_per_fte(fiscal_year=2018) == D("1000")
    site(provider_a, "urban", ("1", "1"), year=2018)
    cycle = SurveyCycleFactory(fiscal_year=2018, status="open")
    template = services.start_template(cycle=cycle, provider=provider_a, user=provider_a_user)
    data = {**COMPLETE, "current_pd_funding": D("40000")}
    template = services.save_draft(template, user=provider_a_user, data=data, needs=[NEED], version=0)
    # 40,000 / 8 staff = 5,000 per person: under 10,000. 8 staff for 2 FTE: > 6.
    assert [o.key for o in services.template_outliers(template)] == [
        "current_pd_funding:funding-per-fte-median",
        "staff:staff-fte",
    ]
