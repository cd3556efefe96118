"""A smoke test per view: anonymous users go to the login page, provider staff read, staff write."""

import pytest

from learning_events.models import LearningEvent

pytestmark = pytest.mark.django_db

READ_PAGES = [
    "/en/events/",
    "/en/events/?group={group}&status=planned&format=in_person&year=2018&jurisdiction=SK&q=sask",
    "/en/events/month/?group={group}&status=planned&month=2018-10",
    "/en/events/list/",
    "/en/events/list/?group={group}&status=planned&format=in_person&year=2018&jurisdiction=SK&q=sask",
    "/en/events/case-management-saskatoon-2018-10/",
    "/en/events/series/seniors-quarterly-calls/",
    "/en/events/courses/",
    "/en/events/work-products/",
    "/en/events/reports/",
    "/en/events/reports/?q=youth&status=final_available",
    "/en/events/reports/orientation-winnipeg/",
    "/fr/events/",
    "/fr/events/month/",
    "/fr/events/courses/",
]
STAFF_PAGES = [
    "/en/events/new/",
    "/en/events/case-management-saskatoon-2018-10/edit/",
    "/en/events/case-management-saskatoon-2018-10/surveys/new/",
    "/en/events/series/new/",
    "/en/events/series/seniors-quarterly-calls/edit/",
    "/en/events/reports/new/",
    "/en/events/reports/orientation-winnipeg/edit/",
    "/en/events/reports/orientation-winnipeg/upload/",
    "/en/events/reports/orientation-winnipeg/grants/",
]


def _url(url, seeded_group_pk):
    return url.format(group=seeded_group_pk)


@pytest.fixture
def case_management(seeded):
    from groups.models import WorkingGroup

    return WorkingGroup.objects.get(slug="case-management")


@pytest.mark.parametrize("url", READ_PAGES + STAFF_PAGES + ["/en/events/calendar.ics"])
def test_anonymous_users_are_sent_to_sign_in(client, case_management, url):
    response = client.get(_url(url, case_management.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("user_fixture", ["provider_a_user", "staff_user", "admin_user"])
@pytest.mark.parametrize("url", READ_PAGES)
def test_everyone_signed_in_reads(request, client_for, case_management, user_fixture, url):
    client = client_for(request.getfixturevalue(user_fixture))
    assert client.get(_url(url, case_management.pk)).status_code == 200


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_provider_staff_may_not_write(client_for, provider_a_user, case_management, url):
    assert client_for(provider_a_user).get(url).status_code == 403


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_get_the_forms(client_for, staff_user, case_management, url):
    assert client_for(staff_user).get(url).status_code == 200


def test_calendar_shows_seed_dates_in_each_language(client_for, provider_a_user, seeded):
    client = client_for(provider_a_user)
    body = client.get("/en/events/list/?group=&year=2018").content.decode()
    assert "fall 2018" in body and "October 2018" in body and "Saskatoon" in body
    assert "Yellowknife" not in body  # October 2016 is outside the year filter
    body = client.get("/fr/events/list/?year=2018").content.decode()
    assert "automne 2018" in body and "Octobre 2018" in body


def test_year_filter_keeps_fuzzy_events_that_overlap(client_for, staff_user, seeded):
    body = client_for(staff_user).get("/en/events/list/?year=2019&status=planned").content.decode()
    for city in ("Moose Jaw", "Swift Current", "Bow Valley"):
        assert city in body
    assert "Lethbridge" not in body


def test_group_page_shows_the_panel(client_for, provider_a_user, seeded):
    body = client_for(provider_a_user).get("/en/groups/case-management/").content.decode()
    assert "Lethbridge" in body and "March 2018" in body
    body = client_for(provider_a_user).get("/en/groups/language-assessment/").content.decode()
    assert "Draft received" in body
    body = client_for(provider_a_user).get("/en/groups/seniors/").content.decode()
    assert "quarterly calls" in body


def test_pilot_course_page_shows_the_figures(client_for, provider_a_user, seeded):
    body = client_for(provider_a_user).get("/en/events/courses/").content.decode()
    for text in (
        "41",
        "18",
        "77",
        "25 of 26",
        "60 %",
        "12 %",
        "28 %",
        "November 2017 to March 2018",
        "MANSO",
    ):
        assert text in body
    body = client_for(provider_a_user).get("/fr/events/courses/").content.decode()
    assert "novembre 2017 à mars 2018" in body


def test_staff_create_an_event_with_a_season(client_for, staff_user, case_management):
    response = client_for(staff_user).post(
        "/en/events/new/",
        {
            "group": case_management.pk,
            "title_en": "Case management fall gathering",
            "title_fr": "Rencontre d'automne : Gestion des cas",
            "format": "in_person",
            "city": "Regina",
            "jurisdiction": "SK",
            "status": "planned",
            "precision": "season",
            "season": "fall",
            "year": "2019",
            "on_date": "2019-01-05",  # ignored: the precision is a season
        },
    )
    assert response.status_code == 302
    event = LearningEvent.objects.get(title_en="Case management fall gathering")
    assert (str(event.starts_on), str(event.ends_on), event.on_date) == ("2019-09-23", "2019-12-20", None)
    assert event.date_label_in("en") == "fall 2019"


@pytest.mark.parametrize(
    ("language", "data", "field", "message"),
    [
        ("en", {"precision": "season", "year": "2019"}, "season", "Choose the season of the event."),
        ("fr", {"precision": "season", "year": "2019"}, "season", "Choisissez la saison de l'activité."),
        ("en", {"precision": "day"}, "on_date", "Enter the day of the event."),
        ("fr", {"precision": "month", "month": "3"}, "year", "Indiquez l'année de l'activité."),
    ],
)
def test_incomplete_dates_are_refused_in_both_languages(
    client_for, staff_user, case_management, language, data, field, message
):
    response = client_for(staff_user).post(
        f"/{language}/events/new/",
        {
            "group": case_management.pk,
            "title_en": "x",
            "title_fr": "x",
            "format": "teleconference",
            "status": "planned",
            **data,
        },
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not LearningEvent.objects.filter(title_en="x").exists()


def test_provider_registers_and_evaluates(client_for, provider_a_user, staff_user, seeded):
    from learning_events.models import LearningEvent, Registration

    client = client_for(provider_a_user)
    response = client.post("/en/events/case-management-saskatoon-2018-10/register/", {"role": "practitioner"})
    assert response.status_code == 302
    # A held event cannot be registered for, but can be evaluated.
    assert (
        client.post("/en/events/case-management-lethbridge-2018-03/register/", {"role": "other"}).status_code
        == 403
    )
    url = "/en/events/case-management-lethbridge-2018-03/evaluate/"
    # Only participants evaluate: not registered, refused; registered and present, accepted.
    assert client.get(url).status_code == 403
    assert client.post(url, {"satisfaction": "1", "comments": "Never went"}).status_code == 403
    held = LearningEvent.objects.get(slug="case-management-lethbridge-2018-03")
    Registration.objects.create(
        event=held,
        user=provider_a_user,
        provider=provider_a_user.provider,
        role="other",
        jurisdiction_id="AB",
    )
    assert client.post(url, {"satisfaction": "4", "comments": "Useful"}).status_code == 302
    assert client.post(url, {"satisfaction": "5"}).status_code == 200  # only once
    body = client_for(staff_user).get("/en/events/case-management-saskatoon-2018-10/").content.decode()
    assert "Registrations and attendance" in body and "Settlement practitioner" in body


@pytest.mark.parametrize(
    "url",
    [
        "/en/events/",
        "/en/events/?year=2018",
        "/en/events/month/?month=2018-10",
        "/en/events/list/",
        "/en/events/reports/",
        "/en/events/courses/",
    ],
)
def test_busy_pages_query_count_does_not_grow_with_rows(
    client_for, staff_user, seeded, django_assert_max_num_queries, url
):
    client = client_for(staff_user)
    client.get(url)  # warm the per-process caches (content types, translations)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200  # the page itself, not a redirect to the sign-in page


def test_dashboard_cards(client_for, staff_user, seeded):
    from learning_events.dashboard import dashboard_cards

    titles = [card["title"] for card in dashboard_cards(staff_user)]
    assert titles == ["Upcoming learning events", "Evaluation reports awaited"]
    assert client_for(staff_user).get("/en/").status_code == 200


def test_staff_record_attendance_from_the_event_page(client_for, provider_a_user, staff_user, seeded):
    from learning_events.models import Registration

    url = "/en/events/case-management-saskatoon-2018-10/"
    client_for(provider_a_user).post(url + "register/", {"role": "coordinator"})
    registration = Registration.objects.get()
    assert (
        client_for(provider_a_user)
        .post(f"/en/events/registrations/{registration.pk}/attendance/", {"attended": "1"})
        .status_code
        == 403
    )
    response = client_for(staff_user).post(
        f"/en/events/registrations/{registration.pk}/attendance/", {"attended": "1"}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended is True
    body = client_for(staff_user).get(url).content.decode()
    assert "Mark absent" in body and "Provider A Settlement Society" in body
