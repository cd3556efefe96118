"""The questionnaire objects the access matrix and the hostile-input tests use, added to their
shared world on first use: an open needs survey about the world's planned event with a link sent to
provider A's user (whose token is known), a series and its occurrence's evaluations."""

from learning_events import questionnaires as services

TOKEN = "trust-world-questionnaire-token"


def questionnaire(world):
    """An open needs survey with one question of each kind; provider A's user holds its link."""
    if "questionnaire" not in world.objects:
        from learning_events.models import Invitation, Question, Questionnaire, QuestionnaireStatus

        staff = world.users["staff"]
        q = Questionnaire.objects.create(
            event=world.event_planned, kind="needs", title_en="Needs", title_fr="Besoins", created_by=staff
        )
        Question.objects.create(questionnaire=q, order=1, kind="choice", text_en="Format?", choices_en="A\nB")
        Question.objects.create(questionnaire=q, order=2, kind="rating", text_en="Useful?")
        Question.objects.create(questionnaire=q, order=3, kind="text", text_en="Topics?", required=False)
        q.status = QuestionnaireStatus.OPEN
        q.save()
        user = world.users["provider_a"]
        Invitation.objects.create(
            questionnaire=q, user=user, email=user.email, token_hash=services.hash_token(TOKEN)
        )
        world.objects["questionnaire"] = q
    return world.objects["questionnaire"]


def pk(world) -> dict:
    return {"pk": questionnaire(world).pk}


def token(world) -> dict:
    questionnaire(world)
    return {"token": TOKEN}
