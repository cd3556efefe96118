"""A provider's staff member answers a needs survey online (signed in, from the event's page), in
French; IRCC staff then see the answer in the results' table."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_providers_staff_answer_a_needs_survey_and_staff_see_the_results(
    page, sign_in_page, seeded, staff_user, provider_a, provider_a_user, live_server
):
    from learning_events import questionnaires as services
    from learning_events.models import LearningEvent, Question, Questionnaire

    event = LearningEvent.objects.filter(status="planned").first()
    q = services.create_questionnaire(
        user=staff_user,
        instance=Questionnaire(event=event, kind="needs", title_en="Needs", title_fr="Vos besoins"),
    )
    services.save_question(
        user=staff_user,
        instance=Question(
            questionnaire=q,
            kind="choice",
            text_en="Preferred format",
            text_fr="Format préféré",
            choices_en="Online\nIn person",
            choices_fr="En ligne\nEn personne",
        ),
    )
    services.save_question(
        user=staff_user,
        instance=Question(questionnaire=q, kind="rating", text_en="Urgency", text_fr="Urgence"),
    )
    services.save_question(
        user=staff_user,
        instance=Question(questionnaire=q, kind="text", text_en="Topics", text_fr="Sujets", required=False),
    )
    services.set_questionnaire_status(user=staff_user, questionnaire=q, status="open")
    services.send_invitations(
        user=staff_user,
        questionnaire=q,
        providers=[provider_a],
        link_for=lambda t, lang: f"/{lang}/events/answer/{t}/",
    )

    sign_in_page("provider-a")
    page.goto(f"{live_server.url}/fr{event.get_absolute_url().removeprefix('/en')}")
    page.get_by_role("link", name="Répondre : Vos besoins").click()
    page.get_by_role("radio", name="En personne").check()
    page.get_by_role("group", name="Urgence").get_by_role("radio", name="4").check()
    page.get_by_label("Sujets").fill("Gestion des cas dans les petits centres")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    assert page.get_by_text("Merci : vos réponses ont été enregistrées.").is_visible()

    page.context.clear_cookies()
    sign_in_page("staff")
    page.goto(f"{live_server.url}/en/events/questionnaires/{q.pk}/results/")
    table = page.get_by_role("table", name="Answers counted").first
    assert table.get_by_role("row").filter(has_text="In person").get_by_role("cell").last.inner_text() == "1"
    assert page.get_by_text("Gestion des cas dans les petits centres").is_visible()
