"""Fictional demo data: registrations, attendance, participant evaluations, a needs survey and two
small report files, so every page of the app has something to show. Idempotent; DEBUG only (the
portal's demo loader refuses otherwise)."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from organisations.models import Provider
from portal.models import User
from portal.seeding import upsert

from .models import (
    Evaluation,
    EventSeries,
    LearningEvent,
    NeedsSurvey,
    ParticipantEvaluation,
    Registration,
    ReportAccessGrant,
    ReportFile,
    SurveyStatus,
)

# Runs after these apps' demo modules (portal.discovery).
AFTER = ("organisations", "groups")

# A one-page PDF that says it is fictional.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<<>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 18 Tf 72 720 Td (Demo report) Tj ET\nendstream endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# event slug, username, role, attended, satisfaction, comment
PARTICIPANTS = [
    (
        "case-management-lethbridge-2018-03",
        "demo-provider-a",
        "practitioner",
        True,
        4,
        "Useful case examples.",
    ),
    (
        "case-management-lethbridge-2018-03",
        "demo-provider-b",
        "coordinator",
        True,
        5,
        "Good to meet the North.",
    ),
    ("case-management-lethbridge-2018-03", "demo-staff", "other", True, 3, ""),
    ("lgbtq-calgary-2018-03", "demo-provider-a", "practitioner", True, 5, "Please run it again."),
    ("case-management-saskatoon-2018-10", "demo-provider-a", "practitioner", None, None, ""),
    ("case-management-saskatoon-2018-10", "demo-provider-b", "manager", None, None, ""),
]


@transaction.atomic
def load_demo() -> dict[str, int]:
    users = {
        u.username: u for u in User.objects.filter(username__startswith="demo-").select_related("provider")
    }
    events = {e.slug: e for e in LearningEvent.objects.filter(slug__in={p[0] for p in PARTICIPANTS})}
    for slug, username, role, attended, satisfaction, comment in PARTICIPANTS:
        user, event = users[username], events[slug]
        jurisdiction_id = user.provider.jurisdiction_id if user.provider_id else "AB"
        upsert(
            Registration,
            event=event,
            user=user,
            defaults={
                "provider": user.provider,
                "jurisdiction_id": jurisdiction_id,
                "role": role,
                "attended": attended,
            },
        )
        if satisfaction:
            upsert(
                ParticipantEvaluation,
                event=event,
                submitted_by=user,
                defaults={"satisfaction": satisfaction, "comments": comment},
            )
    upsert(
        NeedsSurvey,
        event=events["case-management-saskatoon-2018-10"],
        run_by="Case management advisory body (demo)",
        defaults={
            "audience": "Case managers and their supervisors in the five jurisdictions",
            "status": SurveyStatus.CLOSED,
            "respondents": 64,
            "results_en": "Top requests: trauma-informed practice, caseload management, referral pathways.",
            "results_fr": (
                "Demandes principales : pratique tenant compte des traumatismes, gestion de la charge de "
                "travail, parcours d'aiguillage."
            ),
        },
    )
    files = 0
    for slug, kind, title, title_fr in (
        (
            "language-assessment-calgary",
            "draft",
            "Language assessment evaluation - draft (demo)",
            "Évaluation des services d'évaluation linguistique - ébauche (démo)",
        ),
        (
            "youth-summer-programs-saskatoon",
            "final",
            "Youth summer programs evaluation - final report (demo)",
            "Évaluation des programmes d'été pour les jeunes - rapport final (démo)",
        ),
    ):
        evaluation = Evaluation.objects.get(slug=slug)
        if not ReportFile.objects.filter(evaluation=evaluation, title_en=title).exists():
            report = ReportFile(
                evaluation=evaluation,
                kind=kind,
                title_en=title,
                title_fr=title_fr,
                original_name=f"{slug}-{kind}.pdf",
                content_type="application/pdf",
                size=len(DEMO_PDF),
                uploaded_by=users.get("demo-staff"),
            )
            # A fixed stored name: loading the demo again (or in tests) never piles up copies.
            name = f"reports/demo-{slug}-{kind}.pdf"
            if not report.file.storage.exists(name):
                report.file.storage.save(name, ContentFile(DEMO_PDF))
            report.file.name = name
            report.save()
        files += 1
    provider_b = Provider.objects.filter(users__username="demo-provider-b").first()
    if provider_b:
        ReportAccessGrant.objects.get_or_create(
            evaluation=Evaluation.objects.get(slug="youth-summer-programs-saskatoon"),
            provider=provider_b,
            defaults={"granted_by": users.get("demo-staff")},
        )
    upcoming = _demo_calendar()
    questionnaires = _demo_questionnaire(users)
    return {
        "registrations": len(PARTICIPANTS),
        "report files": files,
        "upcoming calendar items": upcoming,
        "questionnaires": questionnaires,
    }


def _demo_calendar() -> int:
    """Something on the agenda from today (issue 19): the seniors' quarterly calls as a rule (the
    third Wednesday every three months, 10:00 Winnipeg time) and one timed online event next month
    with two places, so the waiting list shows. Fictional, like the rest of the demo."""
    today = timezone.localdate()
    series = EventSeries.objects.filter(slug="seniors-quarterly-calls").first()
    if series is not None and not series.frequency:
        series.frequency, series.interval, series.ordinal, series.weekday = "monthly", 3, 3, 2
        series.first_date = _third_wednesday(today.year, 1)
        series.start_time, series.end_time = datetime.time(10, 0), datetime.time(11, 30)
        series.time_zone = "America/Winnipeg"
        series.save()
    event = (
        LearningEvent.objects.filter(slug="case-management-saskatoon-2018-10").select_related("group").first()
    )
    if event is None:
        return 0
    day = today + datetime.timedelta(days=30)
    upsert(
        LearningEvent,
        slug="demo-case-management-online-session",
        defaults={
            "group": event.group,
            "title_en": "Case management: online practice session (demo)",
            "title_fr": "Gestion des cas : séance de pratique en ligne (démo)",
            "format": "online",
            "status": "planned",
            "precision": "day",
            "on_date": day,
            "starts_on": day,
            "ends_on": day,
            "start_time": datetime.time(13, 0),
            "end_time": datetime.time(15, 0),
            "time_zone": "America/Regina",
            "join_url": "https://meeting.example.org/demo-case-management",
            "capacity": 2,
        },
    )
    return 2


def _third_wednesday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(2 - first.weekday()) % 7 + 14)


def _demo_questionnaire(users) -> int:
    """An open needs survey of a planned event, sent to demo provider A's staff, with one answer from
    demo provider B's staff (sent their link too), so the results page has figures. Idempotent."""
    import hashlib

    from django.utils import timezone

    from .models import Answer, Invitation, Question, Questionnaire, Respondent, Response

    event = LearningEvent.objects.filter(status="planned", group__slug="case-management").first()
    if event is None:
        return 0
    q, _ = upsert(
        Questionnaire,
        event=event,
        title_en="Case management: what do you need? (demo)",
        defaults={
            "kind": "needs",
            "title_fr": "Gestion des cas\u00a0: de quoi avez-vous besoin\u00a0? (démo)",
            "status": "open",
            "created_by": users.get("demo-staff"),
        },
    )
    questions = [
        upsert(Question, questionnaire=q, order=1, defaults={
            "kind": "choice", "text_en": "Preferred format", "text_fr": "Format préféré",
            "choices_en": "Online\nIn person", "choices_fr": "En ligne\nEn personne"})[0],
        upsert(Question, questionnaire=q, order=2, defaults={
            "kind": "rating", "text_en": "How urgent is this training?", "text_fr": "Urgence\u00a0?"})[0],
        upsert(Question, questionnaire=q, order=3, defaults={
            "kind": "text", "text_en": "Topics to cover", "text_fr": "Sujets", "required": False})[0],
    ]  # fmt: skip
    for username in ("demo-provider-a", "demo-provider-b"):
        user = users.get(username)
        if user and not Invitation.objects.filter(questionnaire=q, user=user).exists():
            token = hashlib.sha256(f"demo-{q.pk}-{username}".encode()).hexdigest()  # not a usable link
            Invitation.objects.create(questionnaire=q, user=user, email=user.email, token_hash=token)
    answerer = users.get("demo-provider-b")
    if answerer and not Respondent.objects.filter(questionnaire=q, user=answerer).exists():
        invitation = Invitation.objects.get(questionnaire=q, user=answerer)
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        respondent = Respondent.objects.create(questionnaire=q, user=answerer, invitation=invitation)
        response = Response.objects.create(
            questionnaire=q, respondent=respondent, language="en", submitted_on=timezone.localdate()
        )
        Answer.objects.bulk_create([
            Answer(response=response, question=questions[0], choice=0),
            Answer(response=response, question=questions[1], rating=4),
            Answer(response=response, question=questions[2], text="Case notes in remote places"),
        ])  # fmt: skip
    return 1
