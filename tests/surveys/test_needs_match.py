"""Needs matched to planned events (surveys/matching.py, surveys/travel.py): a fixture built with
known answers, the command's JSON, the page, and the travel rule by hand."""

import datetime
import html
import io
import json
import math
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from surveys.travel import CITIES, HUBS, Origin, great_circle_km, locate, suggest

D = datetime.date


# --- The travel rule ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((50.0, -100.0), (51.0, -100.0), 6371 * math.pi / 180),  # one degree along a meridian
        ((0.0, 0.0), (0.0, 90.0), 6371 * math.pi / 2),  # a quarter of the equator
        ((90.0, 0.0), (-90.0, 0.0), 6371 * math.pi),  # pole to pole
    ],
)
def test_great_circle_by_hand(a, b, km):
    assert great_circle_km(a, b) == pytest.approx(km, rel=1e-9)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Calgary", "AB"), ("Edmonton", "AB")),
        (("Winnipeg", "MB"), ("Regina", "SK")),
        (("Yellowknife", "NT"), ("Iqaluit", "NU")),
    ],
)
def test_haversine_agrees_with_the_spherical_law_of_cosines(a, b):
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, CITIES[k][:2])) for k in (a, b))
    cosines = 6371 * math.acos(
        math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    )
    assert great_circle_km(CITIES[a][:2], CITIES[b][:2]) == pytest.approx(cosines, abs=0.01)
    assert round(great_circle_km(CITIES[("Calgary", "AB")][:2], CITIES[("Edmonton", "AB")][:2])) == 281


def test_every_jurisdiction_of_the_region_has_a_hub():
    assert {j for _c, j in HUBS} == {"AB", "SK", "MB", "NT", "NU"}
    assert locate(" calgary ", "AB") == CITIES[("Calgary", "AB")][:2]
    assert locate("Calgary", "SK") is None


def test_a_short_trip_suggests_the_nearest_hub_in_person():
    s = suggest([Origin("Calgary", "AB", "urban"), Origin("Brooks", "AB", "small")], in_person_requests=1)
    # Calgary: 0 + 162 km; Edmonton: 281 + 370 km: Calgary, in person.
    assert (s.format, s.city, s.total_km, s.reason) == ("in_person", "Calgary", 162, "hub")


def test_long_travel_for_small_and_north_sites_suggests_online():
    origins = [
        Origin("Saskatoon", "SK", "urban"),
        Origin("Prince Albert", "SK", "small"),
        Origin("Winnipeg", "MB", "urban"),
        Origin("Brandon", "MB", "small"),
        Origin("Thompson", "MB", "north"),
    ]
    s = suggest(origins, online_requests=1, in_person_requests=2)
    # Saskatoon has the least total travel (2,079 km; Regina 2,171, Winnipeg 2,265); Prince Albert,
    # Brandon and Thompson would travel 456 km on average: more than 400, so online.
    assert (s.city, s.total_km, s.remote_average_km, s.format, s.reason) == (
        "Saskatoon",
        2079,
        456,
        "online",
        "long_travel",
    )


def test_online_requests_win_and_unknown_cities_are_counted():
    s = suggest([Origin("Calgary", "AB", "urban"), Origin("Atlantis", "AB", "small")], online_requests=2)
    assert (s.format, s.reason, s.sites, s.unlocated) == ("online", "requested_online", 1, 1)
    assert suggest([Origin("Atlantis", "AB", "small")]) is None


# --- The match, from the database --------------------------------------------------------------
@pytest.fixture
def known(db):
    """Fiscal 2018-19. Theme alpha (group Alpha, sub-group Alpha-sub), beta (group Beta), gamma (no group).

    Submitted templates: P1 AB (Calgary urban, Brooks small) asks alpha 1,000 online and gamma in person;
    P2 SK (Saskatoon urban, Prince Albert small) alpha, cost unknown, in person; P3 MB (Winnipeg urban)
    alpha 500 in person; P4 MB (Brandon small, Thompson north) alpha 250 either; P5 NT (Yellowknife
    north) beta 300. Left out: P6's draft (alpha), P7's free-text need.
    Events: Alpha-sub in Lethbridge AB, October 2018 (counts for alpha, through its parent); Alpha in
    Regina, cancelled; Alpha in Winnipeg, May 2017 (another year); Beta by teleconference, January 2019.
    """
    from groups.models import Category, WorkingGroup
    from learning_events.models import LearningEvent
    from learning_events.services import apply_date
    from pd_budget.models import Site
    from surveys.models import PDNeed, PDTemplate, SurveyCycle, Theme
    from tests.factories import ProviderFactory

    cat = Category.objects.create(code="cat", name_en="Cat", name_fr="Cat")
    alpha_g = WorkingGroup.objects.create(slug="alpha", name_en="Alpha", name_fr="Alpha", category=cat)
    sub = WorkingGroup.objects.create(
        slug="alpha-sub", name_en="Sub", name_fr="Sous", category=cat, parent=alpha_g
    )
    beta_g = WorkingGroup.objects.create(slug="beta", name_en="Beta", name_fr="Bêta", category=cat)
    alpha = Theme.objects.create(code="alpha", name_en="Case management", name_fr="Gestion des cas", order=1)
    alpha.groups.set([alpha_g])
    beta = Theme.objects.create(code="beta", name_en="Beta", name_fr="Bêta", order=2)
    beta.groups.set([beta_g])
    gamma = Theme.objects.create(code="gamma", name_en="Gamma", name_fr="Gamma", order=3)

    def event(slug, group, status="planned", fmt="in_person", city="", jurisdiction=None, **when):
        e = LearningEvent(
            slug=slug,
            group=group,
            title_en=slug,
            title_fr=slug,
            status=status,
            format=fmt,
            city=city,
            jurisdiction_id=jurisdiction,
            **when,
        )
        apply_date(e)
        e.save()

    event("lethbridge", sub, city="Lethbridge", jurisdiction="AB", precision="month", year=2018, month=10)
    event(
        "regina",
        alpha_g,
        status="cancelled",
        city="Regina",
        jurisdiction="SK",
        precision="day",
        on_date=D(2018, 9, 1),
    )
    event(
        "winnipeg-2017",
        alpha_g,
        status="held",
        city="Winnipeg",
        jurisdiction="MB",
        precision="day",
        on_date=D(2017, 5, 1),
    )
    event("beta-call", beta_g, fmt="teleconference", precision="day", on_date=D(2019, 1, 15))

    cycle = SurveyCycle.objects.create(fiscal_year=2018, opens_on=D(2018, 9, 1), closes_on=D(2018, 10, 31))
    now = datetime.datetime(2018, 10, 15, 12, tzinfo=datetime.UTC)

    def provider(name, code, sites, needs, submitted=True):
        p = ProviderFactory(name=name, jurisdiction_id=code)
        for i, (city, centre_type) in enumerate(sites):
            Site.objects.create(
                provider=p, name=f"{city} {i}", city=city, jurisdiction_id=code, centre_type=centre_type
            )
        t = PDTemplate.objects.create(
            cycle=cycle,
            provider=p,
            status="submitted" if submitted else "draft",
            submitted_at=now if submitted else None,
        )
        for theme, text, cost, delivery in needs:
            PDNeed.objects.create(
                template=t, theme=theme, theme_text=text, estimated_cost=cost, delivery=delivery, people=2
            )
        return p

    provider(
        "P1",
        "AB",
        [("Calgary", "urban"), ("Brooks", "small")],
        [(alpha, "", Decimal("1000"), "online"), (gamma, "", None, "in_person")],
    )
    provider(
        "P2", "SK", [("Saskatoon", "urban"), ("Prince Albert", "small")], [(alpha, "", None, "in_person")]
    )
    provider("P3", "MB", [("Winnipeg", "urban")], [(alpha, "", Decimal("500"), "in_person")])
    provider(
        "P4", "MB", [("Brandon", "small"), ("Thompson", "north")], [(alpha, "", Decimal("250"), "either")]
    )
    provider("P5", "NT", [("Yellowknife", "north")], [(beta, "", Decimal("300"), "")])
    provider("P6", "SK", [("Regina", "urban")], [(alpha, "", Decimal("9999"), "")], submitted=False)
    provider("P7", "SK", [("Regina", "urban")], [(None, "Something else", Decimal("100"), "")])
    return cycle


def _by_theme(rows):
    return {row["theme"]: row for row in rows}


def test_the_match_has_the_known_answers(known, django_assert_max_num_queries):
    from surveys.matching import needs_match, unmet_sentence

    with django_assert_max_num_queries(10):
        rows = needs_match(fiscal_year=2018)
    assert [r["theme"] for r in rows] == ["alpha", "beta", "gamma"]  # most providers first
    t = _by_theme(rows)
    alpha = t["alpha"]
    assert alpha["providers"] == 4
    assert alpha["jurisdictions"] == ["AB", "MB", "SK"]
    assert alpha["providers_by_jurisdiction"] == {"AB": 1, "MB": 2, "SK": 1}
    assert alpha["providers_by_centre_type"] == {"urban": 3, "small": 3, "north": 1}
    assert (alpha["stated_cost"], alpha["unknown_costs"], alpha["people"]) == ("1750.00", 1, 8)
    assert alpha["planned_events"] == 1 and alpha["events"][0]["slug"] == "lethbridge"
    assert alpha["unmet_jurisdictions"] == ["MB", "SK"]
    assert alpha["suggestion"]["city"] == "Saskatoon" and alpha["suggestion"]["format"] == "online"
    assert alpha["suggestion"]["sites"] == 5  # the SK and MB requesters' sites, not P1's
    assert unmet_sentence(alpha) == (
        "Case management: requested by 4 providers in AB, MB and SK; nothing planned in MB or SK this year."
    )
    beta = t["beta"]
    assert (beta["providers"], beta["planned_events"], beta["unmet_jurisdictions"]) == (1, 1, [])
    assert beta["suggestion"] is None
    gamma = t["gamma"]
    assert (gamma["planned_events"], gamma["unmet_jurisdictions"], gamma["groups"]) == (0, ["AB"], 0)
    assert (gamma["suggestion"]["format"], gamma["suggestion"]["city"]) == ("in_person", "Calgary")


def test_another_year_has_nothing(known):
    from surveys.matching import needs_match

    assert needs_match(fiscal_year=2019) == []


def test_the_command_lists_each_theme(known):
    out = io.StringIO()
    call_command("match_needs", "2018-19", "--json", stdout=out)
    rows = _by_theme(json.loads(out.getvalue()))
    assert {
        k: rows["alpha"][k]
        for k in ("theme", "providers", "jurisdictions", "planned_events", "unmet_jurisdictions")
    } == {
        "theme": "alpha",
        "providers": 4,
        "jurisdictions": ["AB", "MB", "SK"],
        "planned_events": 1,
        "unmet_jurisdictions": ["MB", "SK"],
    }
    text = io.StringIO()
    call_command("match_needs", "2018", stdout=text)
    assert "alpha: 4 providers in AB, MB, SK; 1 planned events; unmet: MB, SK" in text.getvalue()


def test_the_page_shows_the_unmet_needs_to_staff(known, client_for, staff_user, provider_a_user):
    url = reverse("surveys:needs-match", kwargs={"year": 2018})
    response = client_for(staff_user).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "nothing planned in MB or SK this year" in text
    assert "Saskatoon" in text and "$1,750.00" in text
    assert client_for(provider_a_user).get(url).status_code == 403
    french = html.unescape(client_for(staff_user).get("/fr" + url.removeprefix("/en")).content.decode())
    assert "rien n'est prévu en MB ou SK cette année" in french


def test_the_seed_maps_every_theme_to_a_group(seeded):
    from surveys.models import Theme

    assert not Theme.objects.filter(groups__isnull=True).exists()
    assert set(Theme.objects.get(code="case-management").groups.values_list("slug", flat=True)) == {
        "case-management"
    }
