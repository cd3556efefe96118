"""After load_seed, every event, course figure and evaluation of the seed is there as the seed says."""

import pytest
from django.core.management import call_command

from learning_events.models import (
    CourseEvaluation,
    CourseRoleShare,
    Evaluation,
    EventSeries,
    LearningEvent,
    PilotCourse,
    PilotEnrolment,
    PilotProject,
    WorkProduct,
)

pytestmark = pytest.mark.django_db

# Written from the French seed by hand: group, city, jurisdiction, date as the seed writes it,
# status as of September 2018, format. Both lists merged; one row per event.
T, P = "teleconference", "in_person"
SEED_EVENTS = {
    ("francophone-services", "Winnipeg", "MB", "juillet 2018", "held", P),
    ("francophone-services", "Whitehorse", "YT", "août 2018", "held", P),
    ("francophone-services", "Calgary", "AB", "automne 2018", "planned", P),
    ("francophone-services", "Regina", "SK", "automne 2018", "planned", P),
    ("francophone-services", "Saskatoon", "SK", "automne 2018", "planned", P),
    ("francophone-services", "Winnipeg", "MB", "automne 2018", "planned", P),
    ("refugees", "Ottawa", "ON", "février 2017", "held", P),
    ("refugees", "Winnipeg", "MB", "décembre 2018", "planned", P),
    ("case-management", "Winnipeg", "MB", "février 2017", "held", P),
    ("case-management", "", None, "23 août 2017", "held", T),
    ("case-management", "Lethbridge", "AB", "mars 2018", "held", P),
    ("case-management", "Saskatoon", "SK", "octobre 2018", "planned", P),
    ("youth", "Calgary", "AB", "mars 2017", "held", P),
    ("youth", "Regina", "SK", "juin 2017", "held", P),
    ("newcomer-women", "Calgary", "AB", "mars 2017", "held", P),
    ("newcomer-women", "Saskatoon", "SK", "2019", "planned", P),
    ("small-centres", "Brandon", "MB", "juin 2017", "held", P),
    ("small-centres", "Red Deer", "AB", "mars 2018", "held", P),
    ("small-centres", "Moose Jaw", "SK", "2019", "planned", P),
    ("lgbtq", "Calgary", "AB", "septembre 2017", "held", P),
    ("lgbtq", "Calgary", "AB", "mars 2018", "held", P),
    ("lgbtq", "Winnipeg", "MB", "2019", "planned", P),
    ("language-skills", "Edmonton", "AB", "2018", "held", P),
    ("language-skills", "Winnipeg", "MB", "mai 2019", "planned", P),
    ("language-assessment", "Winnipeg", "MB", "octobre 2017", "held", P),
    ("language-assessment", "Saskatoon", "SK", "octobre 2018", "planned", P),
    ("employment-mentoring", "Calgary", "AB", "mars 2018", "held", P),
    ("employment-mentoring", "Edmonton", "AB", "2019", "planned", P),
    ("post-secondary", "", None, "septembre 2017", "held", T),
    ("post-secondary", "Swift Current", "SK", "juin 2019", "planned", P),
    ("north", "Yellowknife", "NT", "octobre 2016", "held", P),
    ("north", "Iqaluit", "NU", "décembre 2017", "held", P),
    ("north", "Whitehorse", "YT", "août 2018", "held", P),
    ("north", "", "NT", "2019", "planned", P),
    ("lip", "Calgary", "AB", "septembre 2016", "held", P),
    ("lip", "Regina", "SK", "juin 2017", "held", P),
    ("lip", "Calgary", "AB", "mars 2018", "held", P),
    ("lip", "Bow Valley (Banff-Canmore)", "AB", "mai 2019", "planned", P),
    ("disability", "", None, "23 août 2017", "held", T),
    ("disability", "", None, "automne 2018", "planned", T),
    ("physical-mental-health", "", None, "23 août 2017", "held", T),
    ("physical-mental-health", "", None, "janvier 2018", "held", T),
    ("seniors", "", None, "25 août 2017", "held", T),
    ("crisis-counselling", "", None, "16 août 2017", "held", T),
    ("crisis-counselling", "", None, "automne 2018", "planned", T),
    ("community-connections", "", None, "", "in_planning", P),
    ("child-care", "", None, "", "in_planning", P),
}


def loaded_events() -> set:
    return {
        (e.group.slug, e.city, e.jurisdiction_id, e.date_label_in("fr"), e.status, e.format)
        for e in LearningEvent.objects.select_related("group")
    }


def test_every_seed_event_is_loaded_with_place_date_and_status():
    call_command("load_seed", verbosity=0)
    assert LearningEvent.objects.count() == len(SEED_EVENTS)
    assert loaded_events() == SEED_EVENTS


def test_dates_show_as_the_seed_writes_them_in_english_too():
    call_command("load_seed", verbosity=0)
    event = LearningEvent.objects.get(slug="francophone-calgary-fall-2018")
    assert event.date_label_in("en") == "fall 2018"
    assert str(event.starts_on) == "2018-09-23" and str(event.ends_on) == "2018-12-20"
    assert LearningEvent.objects.get(slug="case-management-teleconference-2017-08-23").date_label_in(
        "en"
    ) == ("23 August 2017")
    assert LearningEvent.objects.get(slug="small-centres-moose-jaw-2019").date_label_in("en") == "2019"


def test_quarterly_call_series():
    call_command("load_seed", verbosity=0)
    assert set(EventSeries.objects.values_list("group__slug", flat=True)) == {
        "disability",
        "physical-mental-health",
        "seniors",
        "crisis-counselling",
        "youth",
    }
    assert set(EventSeries.objects.values_list("cadence", "format", "status")) == {
        ("quarterly", "teleconference", "planned")
    }
    pmh = EventSeries.objects.get(group__slug="physical-mental-health")
    assert [e.date_label_in("fr") for e in pmh.occurrences.order_by("starts_on")] == [
        "23 août 2017",
        "janvier 2018",
    ]


def test_pilot_courses_and_their_figures():
    call_command("load_seed", verbosity=0)
    project = PilotProject.objects.get()
    assert (str(project.starts_on), str(project.ends_on)) == ("2017-11-01", "2018-03-31")
    assert project.orientation_sessions == 4
    assert dict(PilotEnrolment.objects.values_list("jurisdiction_id", "participants")) == {
        "AB": 41,
        "SK": 18,
        "MB": 18,
    }
    courses = list(PilotCourse.objects.order_by("order"))
    assert [c.title_fr for c in courses] == [
        "Évaluation des besoins des clients et plans d'action",
        "Compétences de counseling de base dans un contexte interculturel",
        "Cours en ligne sur la gestion du stress et l'épuisement professionnel pour les intervenants",
    ]
    first = courses[0]
    assert (first.completed, first.enrolled, first.results_status) == (25, 26, "available")
    assert dict(CourseRoleShare.objects.filter(course=first).values_list("role", "percent")) == {
        "practitioner": 60,
        "coordinator": 12,
        "other": 28,
    }
    assert "satisf" in first.findings_fr and "longueur" in first.main_complaint_fr
    assert [c.results_status for c in courses[1:]] == ["pending", "pending"]
    assert {c.host.acronym for c in courses} == {"AAISA"}
    for course in courses:
        assert dict(
            CourseEvaluation.objects.filter(course=course).values_list("evaluator__acronym", "kind")
        ) == {
            "AAISA": "host",
            "MANSO": "independent",
            "SAISIA": "independent",
        }


def test_the_four_evaluations():
    call_command("load_seed", verbosity=0)
    rows = set(Evaluation.objects.values_list("subject_en", "evaluator_organisation_en", "city", "status"))
    assert rows == {
        ("Language assessment", "Calgary Immigrant Services", "Calgary", "draft_received"),
        ("Orientation", "Altered Minds", "Winnipeg", "draft_received"),
        ("Youth summer programs", "Saskatchewan Intercultural Association", "Saskatoon", "final_available"),
        (
            "Settlement worker training and accreditation program",
            "Alberta Association of Immigrant Serving Agencies (AAISA)",
            "Calgary",
            "final_available",
        ),
    }
    assert WorkProduct.objects.count() == 6
    # Both languages: the evaluators' names have their French too.
    assert not Evaluation.objects.filter(evaluator_organisation_fr="").exists()


def snapshot() -> list:
    models = [LearningEvent, EventSeries, Evaluation, PilotProject, PilotEnrolment, PilotCourse]
    models += [CourseRoleShare, CourseEvaluation, WorkProduct]
    return [list(model.objects.values().order_by("pk")) for model in models]


def test_second_run_changes_nothing():
    call_command("load_seed", verbosity=0)
    before = snapshot()
    call_command("load_seed", verbosity=0)
    assert snapshot() == before
