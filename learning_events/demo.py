"""Fictional demo data: registrations, attendance, participant evaluations, a needs survey and two
small report files, so every page of the app has something to show. Idempotent; DEBUG only (the
portal's demo loader refuses otherwise)."""

from django.core.files.base import ContentFile
from django.db import transaction

from organisations.models import Provider
from portal.models import User
from portal.seeding import upsert

from .models import (
    Evaluation,
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
    return {"registrations": len(PARTICIPANTS), "report files": files}
