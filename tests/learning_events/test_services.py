"""The services: dates derived on save, series, registrations, participant evaluations, surveys."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from learning_events import selectors, services
from learning_events.models import LearningEvent, ParticipantEvaluation, Registration
from organisations.models import Jurisdiction

from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "start", "end", "label_en", "label_fr"),
    [
        (
            {"precision": "day", "on_date": datetime.date(2017, 8, 23)},
            "2017-08-23",
            "2017-08-23",
            "23 August 2017",
            "23 août 2017",
        ),
        (
            {"precision": "month", "year": 2018, "month": 3},
            "2018-03-01",
            "2018-03-31",
            "March 2018",
            "mars 2018",
        ),
        (
            {"precision": "season", "year": 2018, "season": "fall"},
            "2018-09-23",
            "2018-12-20",
            "fall 2018",
            "automne 2018",
        ),
        ({"precision": "fiscal_year", "year": 2018}, "2018-04-01", "2019-03-31", "2018-19", "2018-19"),
        ({"precision": "year", "year": 2019}, "2019-01-01", "2019-12-31", "2019", "2019"),
    ],
)
def test_save_event_derives_the_range(event_factory, fields, start, end, label_en, label_fr):
    event = event_factory(**fields)
    assert (str(event.starts_on), str(event.ends_on)) == (start, end)
    assert (event.date_label_in("en"), event.date_label_in("fr")) == (label_en, label_fr)


def test_changing_the_precision_clears_stale_anchors(event_factory, staff_user):
    event = event_factory(precision="day", on_date=datetime.date(2018, 10, 3))
    event.precision, event.year = "year", 2019
    event = services.save_event(user=staff_user, instance=event)
    assert (event.on_date, event.month, str(event.starts_on)) == (None, None, "2019-01-01")
    event.precision = "undated"
    event = services.save_event(user=staff_user, instance=event)
    assert (event.year, event.starts_on, event.ends_on) == (None, None, None)


def test_incomplete_date_is_refused(event_factory):
    with pytest.raises(ValidationError) as exc:
        event_factory(precision="season", year=2019, season="")
    assert "precision" in exc.value.message_dict


def test_the_database_refuses_anchors_that_do_not_match(event_factory):
    event = event_factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningEvent.objects.filter(pk=event.pk).update(precision="season")


def test_sorting_puts_fuzzy_dates_by_their_earliest_day(event_factory):
    event_factory(title_en="A", precision="year", year=2019)
    event_factory(title_en="B", precision="season", year=2018, season="fall")
    event_factory(title_en="C", precision="month", year=2018, month=10)
    event_factory(title_en="D", precision="undated")
    titles = [e.title_en for e in selectors.event_list(user=None, filters={})]
    assert titles == ["B", "C", "A", "D"]


def test_provider_staff_cannot_write_events(event_factory, provider_a_user):
    event = event_factory()
    with pytest.raises(PermissionDenied):
        event.city = "Regina"
        services.save_event(user=provider_a_user, instance=event)


def test_series_must_belong_to_the_events_group(seeded, staff_user):
    from groups.models import WorkingGroup
    from learning_events.models import EventSeries

    series = EventSeries.objects.get(slug="seniors-quarterly-calls")
    with pytest.raises(ValidationError):
        services.save_event(
            user=staff_user,
            instance=LearningEvent(
                **{
                    "group": WorkingGroup.objects.get(slug="youth"),
                    "series": series,
                    "title_en": "Call",
                    "title_fr": "Appel",
                    "format": "teleconference",
                    "status": "planned",
                    "precision": "month",
                    "year": 2019,
                    "month": 1,
                }
            ),
        )


def test_save_series(seeded, staff_user):
    from groups.models import WorkingGroup
    from learning_events.models import EventSeries

    series = services.save_series(
        user=staff_user,
        instance=EventSeries(
            **{
                "group": WorkingGroup.objects.get(slug="refugees"),
                "title_en": "Refugees: quarterly calls",
                "title_fr": "Réfugiés : appels trimestriels",
                "cadence": "quarterly",
                "format": "teleconference",
                "status": "planned",
            }
        ),
    )
    assert series.slug == "refugees-refugees-quarterly-calls"


def test_registrations_and_attendance_by_jurisdiction_and_role(event_factory, provider_a_user, staff_user):
    from tests.factories import UserFactory

    event = event_factory()
    services.register_for_event(user=provider_a_user, event=event, role="practitioner")
    with pytest.raises(ValidationError):
        services.register_for_event(user=provider_a_user, event=event, role="practitioner")
    services.register_for_event(
        user=staff_user, event=event, role="other", jurisdiction=Jurisdiction.objects.get(code="SK")
    )
    colleague = UserFactory(username="colleague", role="provider", provider=provider_a_user.provider)
    services.register_for_event(user=colleague, event=event, role="practitioner")
    for registration in Registration.objects.filter(role="practitioner"):
        services.record_attendance(
            user=staff_user, registration=registration, attended=registration.user == colleague
        )
    rows = selectors.attendance_by_jurisdiction_and_role(event=event)
    assert [(r["jurisdiction__code"], r["role"], r["registered"], r["attended"]) for r in rows] == [
        ("AB", "practitioner", 2, 1),
        ("SK", "other", 1, 0),
    ]


def test_participant_evaluation_results_are_computed(event_factory, staff_user):
    from tests.factories import UserFactory

    event = event_factory(status="held")
    for n, score in enumerate([5, 4, 4, 2]):
        user = UserFactory(username=f"participant-{n}", role="staff")
        _took_part(user, event)
        services.submit_participant_evaluation(user=user, event=event, satisfaction=score, comments="")
    results = selectors.event_results(event=event)
    assert results["count"] == 4 and results["average"] == pytest.approx(3.75)
    assert [row["count"] for row in results["distribution"]] == [0, 1, 0, 2, 1]
    assert [row["percent"] for row in results["distribution"]] == [0, 25, 0, 50, 25]


def _took_part(user, event, attended=True):
    from learning_events.models import Registration

    return Registration.objects.create(
        event=event, user=user, role="other", jurisdiction_id="AB", attended=attended
    )


@pytest.mark.parametrize(
    ("registered", "attended", "allowed"),
    [(False, None, False), (True, None, True), (True, True, True), (True, False, False)],
)
def test_only_participants_evaluate_a_held_event(
    event_factory, provider_a_user, registered, attended, allowed
):
    """Registered (attendance unrecorded or present) may evaluate; no registration or absent may not."""
    event = event_factory(status="held")
    if registered:
        _took_part(provider_a_user, event, attended)
    assert provider_a_user.has_perm("learning_events.evaluate_event", event) is allowed
    if allowed:
        services.submit_participant_evaluation(user=provider_a_user, event=event, satisfaction=4)
        assert ParticipantEvaluation.objects.filter(event=event).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            services.submit_participant_evaluation(user=provider_a_user, event=event, satisfaction=4)
        assert not ParticipantEvaluation.objects.filter(event=event).exists()


def test_staff_who_did_not_attend_do_not_evaluate(event_factory, staff_user, admin_user):
    event = event_factory(status="held")
    for user in (staff_user, admin_user):
        with pytest.raises(PermissionDenied):
            services.submit_participant_evaluation(user=user, event=event, satisfaction=5)


@pytest.mark.parametrize("score", [0, 6])
def test_satisfaction_outside_1_to_5_is_refused(event_factory, staff_user, score):
    event = event_factory(status="held")
    _took_part(staff_user, event)
    with pytest.raises(ValidationError):
        services.submit_participant_evaluation(user=staff_user, event=event, satisfaction=score)
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantEvaluation.objects.create(event=event, satisfaction=score)


def test_only_held_events_are_evaluated(event_factory, staff_user):
    with pytest.raises(PermissionDenied):
        services.submit_participant_evaluation(user=staff_user, event=event_factory(), satisfaction=4)


def test_needs_survey_with_results_file(event_factory, staff_user, stored_files, client_for, provider_a_user):
    event = event_factory()
    survey = services.save_needs_survey(
        user=staff_user,
        event=event,
        fields={
            "run_by": "Advisory body",
            "status": "closed",
            "respondents": 42,
            "results_en": "Intake forms",
        },
        results_file=SimpleUploadedFile("results.pdf", PDF),
    )
    assert len(stored_files()) == 1 and survey.results_file_name == "results.pdf"
    page = client_for(provider_a_user).get(event.get_absolute_url()).content.decode()
    assert "Intake forms" in page and "42 respondents" in page
    response = client_for(provider_a_user).get(f"/en/events/surveys/{survey.pk}/results/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    with pytest.raises(ValidationError):
        services.save_needs_survey(
            user=staff_user,
            event=event,
            fields={"run_by": "x"},
            results_file=SimpleUploadedFile("r.pdf", PNG),
        )
    assert len(stored_files()) == 1
