"""Needs surveys and post-event evaluations answered online (learning_events/questionnaires.py):
built by staff or the advisory body, sent as one-time links in the recipient's language, answered
once, only by those entitled; results counted by the database, charts with tables, Excel."""

import html
import io
import re

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from learning_events import questionnaires as services
from learning_events.models import (
    Invitation,
    LearningEvent,
    Question,
    Questionnaire,
    Registration,
    Respondent,
    Response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(seeded):
    return LearningEvent.objects.filter(status="held", series__isnull=True).select_related("group").first()


def _build(user, event, *, kind="needs", anonymous=False):
    q = services.create_questionnaire(
        user=user,
        instance=Questionnaire(
            event=event, kind=kind, title_en="Needs", title_fr="Besoins", anonymous=anonymous
        ),
    )
    services.save_question(
        user=user,
        instance=Question(
            questionnaire=q,
            kind="choice",
            text_en="Format?",
            text_fr="Format\u00a0?",
            choices_en="Online\nIn person",
            choices_fr="En ligne\nEn personne",
        ),
    )
    services.save_question(user=user, instance=Question(questionnaire=q, kind="rating", text_en="Useful?"))
    services.save_question(
        user=user,
        instance=Question(
            questionnaire=q, kind="text", text_en="Topics?", text_fr="Sujets\u00a0?", required=False
        ),
    )
    services.set_questionnaire_status(user=user, questionnaire=q, status="open")
    return q


def _fields(q):
    choice, rating, text = q.questions.order_by("order")
    return choice, rating, text


def _send(q, staff_user, providers):
    return services.send_invitations(
        user=staff_user,
        questionnaire=q,
        providers=providers,
        link_for=lambda t, lang: f"http://x/{lang}/events/answer/{t}/",
    )


def test_a_needs_survey_sent_answered_once_through_its_link_in_french(
    event, staff_user, provider_a, provider_a_user, client
):
    provider_a_user.preferred_language = "fr"
    provider_a_user.save()
    q = _build(staff_user, event, anonymous=True)
    assert _send(q, staff_user, [provider_a]) == 1
    assert _send(q, staff_user, [provider_a]) == 0  # nobody is sent a second link
    message = mail.outbox[-1]
    assert message.to == [provider_a_user.email]
    assert "Besoins" in message.subject and "Répondez" in message.body
    token = re.search(r"/answer/([^/]+)/", message.body).group(1)
    assert Invitation.objects.get().token_hash == services.hash_token(token)  # the token itself is not stored
    url = f"/fr/events/answer/{token}/"
    page = client.get(url)  # not signed in: the link is enough
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert "Format\u00a0?" in text and "En personne" in text
    choice, rating, free = _fields(q)
    answers = {f"q{choice.pk}": "1", f"q{rating.pk}": "4", f"q{free.pk}": "Gestion des cas"}
    assert client.post(url, answers).status_code == 302
    response = Response.objects.get()
    assert response.language == "fr" and response.respondent is None  # anonymous: not tied to a person
    assert Respondent.objects.get().user == provider_a_user  # who answered is kept, to refuse a second time
    again = client.post(url, answers)
    assert again.status_code == 409 and Response.objects.count() == 1
    client.force_login(provider_a_user)  # signed in, without the link: still once
    assert (
        client.post(reverse("learning_events:questionnaire-answer", args=[q.pk]), answers).status_code == 409
    )
    assert Response.objects.count() == 1


def test_a_wrong_token_is_404_and_a_survey_not_sent_to_you_is_refused(
    event, staff_user, provider_b_user, client
):
    q = _build(staff_user, event)
    assert client.get("/en/events/answer/forged-token/").status_code == 404
    client.force_login(provider_b_user)
    assert client.get(reverse("learning_events:questionnaire-answer", args=[q.pk])).status_code == 403


def test_only_registered_participants_evaluate_and_only_once(
    event, staff_user, provider_a_user, provider_b_user, client
):
    q = _build(staff_user, event, kind="evaluation")
    Registration.objects.create(
        event=event,
        user=provider_a_user,
        provider=provider_a_user.provider,
        role="practitioner",
        jurisdiction_id="AB",
    )
    choice, rating, _free = _fields(q)
    answers = {f"q{choice.pk}": "0", f"q{rating.pk}": "5"}
    url = reverse("learning_events:questionnaire-answer", args=[q.pk])
    client.force_login(provider_b_user)  # signed in, not registered
    assert client.get(url).status_code == 403
    assert client.post(url, answers).status_code == 403
    with pytest.raises(PermissionDenied):
        services.submit_response(user=provider_b_user, questionnaire=q, answers=answers, language="en")
    assert Response.objects.count() == 0
    client.force_login(provider_a_user)
    assert client.get(url).status_code == 200
    assert client.post(url, answers).status_code == 302
    assert client.post(url, answers).status_code == 409  # a second answer is refused
    with pytest.raises(ValidationError):
        services.submit_response(user=provider_a_user, questionnaire=q, answers=answers, language="en")
    assert Response.objects.count() == 1
    assert Response.objects.get().respondent.user == provider_a_user  # not anonymous


def test_participants_recorded_absent_cannot_evaluate(event, staff_user, provider_a_user):
    q = _build(staff_user, event, kind="evaluation")
    Registration.objects.create(
        event=event, user=provider_a_user, role="practitioner", jurisdiction_id="AB", attended=False
    )
    with pytest.raises(PermissionDenied):
        services.check_may_answer(user=provider_a_user, questionnaire=q)


def test_evaluation_links_go_to_the_registered_participants(
    event, staff_user, provider_a_user, provider_b_user, client
):
    q = _build(staff_user, event, kind="evaluation")
    Registration.objects.create(event=event, user=provider_a_user, role="practitioner", jurisdiction_id="AB")
    assert _send(q, staff_user, []) == 1
    assert mail.outbox[-1].to == [provider_a_user.email]


def test_bad_answers_are_refused_and_nothing_is_written(event, staff_user, provider_a, provider_a_user):
    q = _build(staff_user, event)
    _send(q, staff_user, [provider_a])
    choice, rating, _free = _fields(q)
    for answers in (
        {f"q{choice.pk}": "7", f"q{rating.pk}": "3"},
        {f"q{choice.pk}": "0", f"q{rating.pk}": "6"},
        {},
    ):
        with pytest.raises(ValidationError):
            services.submit_response(user=provider_a_user, questionnaire=q, answers=answers, language="en")
    assert Response.objects.count() == 0 and Respondent.objects.count() == 0


def test_results_are_counted_charted_and_exported(
    event, staff_user, provider_a_user, provider_b_user, client
):
    q = _build(staff_user, event, kind="evaluation")
    choice, rating, free = _fields(q)
    for user, c, r in ((provider_a_user, "0", "4"), (provider_b_user, "1", "2")):
        Registration.objects.create(event=event, user=user, role="practitioner", jurisdiction_id="AB")
        services.submit_response(
            user=user,
            questionnaire=q,
            answers={f"q{choice.pk}": c, f"q{rating.pk}": r, f"q{free.pk}": "More"},
            language="en",
        )
    from learning_events.questionnaire_selectors import questionnaire_results

    data = questionnaire_results(q)
    rows = {row["question"].pk: row for row in data["questions"]}
    assert data["responses"] == 2
    assert rows[choice.pk]["rows"] == [("Online", 1), ("In person", 1)]
    assert rows[rating.pk]["rows"] == [("1", 0), ("2", 1), ("3", 0), ("4", 1), ("5", 0)]
    assert rows[rating.pk]["average"] == 3
    assert rows[free.pk]["texts"] == ["More", "More"]
    client.force_login(staff_user)
    page = client.get(reverse("learning_events:questionnaire-results", args=[q.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert (
        f'id="chart-q{choice.pk}"' in body and "questionnaire-charts" in body and "chart.umd.min.js" in body
    )
    assert "Topics of the event" in body
    export = client.get(reverse("learning_events:questionnaire-export", args=[q.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    counted = [tuple(r) for r in book["Answers counted"].iter_rows(min_row=2, values_only=True)]
    assert ("Format?", "Online", 1) in counted
    client.force_login(provider_a_user)
    assert client.get(reverse("learning_events:questionnaire-results", args=[q.pk])).status_code == 403


def test_the_advisory_body_builds_its_events_survey(event, provider_a_user, provider_b_user):
    from groups.models import Committee, CommitteeMember

    body = Committee.objects.create(
        kind="advisory", group=event.group, name_en="AB", name_fr="OC", fiscal_year=2018
    )
    CommitteeMember.objects.create(committee=body, person_name="Host", user=provider_a_user)
    q = services.create_questionnaire(
        user=provider_a_user, instance=Questionnaire(event=event, kind="needs", title_fr="Besoins")
    )
    assert q.pk and str(q.title) == "Besoins"
    with pytest.raises(PermissionDenied):
        services.create_questionnaire(
            user=provider_b_user, instance=Questionnaire(event=event, kind="needs", title_en="X")
        )


def test_a_series_evaluation_is_answered_by_an_occurrences_participants(
    seeded, staff_user, provider_a_user, client
):
    from learning_events.models import EventSeries

    series = EventSeries.objects.filter(occurrences__isnull=False).first()
    occurrence = series.occurrences.first()
    q = services.create_questionnaire(
        user=staff_user, instance=Questionnaire(series=series, kind="evaluation", title_en="Calls")
    )
    rating = services.save_question(
        user=staff_user, instance=Question(questionnaire=q, kind="rating", text_en="Useful?")
    )
    services.set_questionnaire_status(user=staff_user, questionnaire=q, status="open")
    with pytest.raises(PermissionDenied):
        services.check_may_answer(user=provider_a_user, questionnaire=q)
    Registration.objects.create(
        event=occurrence, user=provider_a_user, role="practitioner", jurisdiction_id="AB"
    )
    services.submit_response(
        user=provider_a_user, questionnaire=q, answers={f"q{rating.pk}": "5"}, language="en"
    )
    client.force_login(staff_user)
    page = client.get(reverse("learning_events:series-evaluations", args=[series.slug]))
    assert page.status_code == 200 and "5.00" in page.content.decode()
    assert "Surveys and evaluations online" in client.get(series.get_absolute_url()).content.decode()
