"""Fictional demo data: recommendations, management responses and actions for the seed's two
evaluations whose final report is available, all marked as demo (`is_demo`), so the evaluation page
and the dashboard cards have a chain to show. The evaluations' own facts are not touched.
Idempotent; DEBUG only (the portal's demo loader refuses otherwise)."""

import datetime

from django.db import transaction
from django.utils import timezone

from portal.models import User
from portal.seeding import upsert

from .models import ActionItem, ActionStatus, ManagementResponse, Position, Recommendation

# Runs after these apps' demo modules (portal.discovery): the demo accounts and work plans.
AFTER = ("organisations", "groups", "learning_events")

# evaluation slug -> [(number, en, fr, position, response en, response fr,
#                      [(action en, action fr, due in days from today, status, work-plan item title)])]
CHAINS = {
    "youth-summer-programs-saskatoon": [
        (
            1,
            "Offer the summer program in at least one small centre (demo).",
            "Offrir le programme d'été dans au moins un petit centre (démo).",
            Position.AGREE,
            "IRCC agrees and will ask the Small centres group for a host (demo).",
            "IRCC est d'accord et demandera un hôte au groupe Petits centres (démo).",
            [
                (
                    "Ask the Small centres group for a host (demo)",
                    "Demander un hôte au groupe Petits centres (démo)",
                    -20,
                    ActionStatus.IN_PROGRESS,
                    None,
                ),
                (
                    "Share the evaluation with the Youth group (demo)",
                    "Communiquer l'évaluation au groupe Jeunes (démo)",
                    -90,
                    ActionStatus.DONE,
                    None,
                ),
            ],
        ),
        (
            2,
            "Measure participants' outcomes the same way each summer (demo).",
            "Mesurer les résultats des participants de la même façon chaque été (démo).",
            Position.PARTIALLY,
            "IRCC agrees to common measures, within the existing reporting (demo).",
            "IRCC accepte des mesures communes, dans le cadre des rapports existants (démo).",
            [],
        ),
    ],
    "settlement-worker-training-accreditation": [
        (
            1,
            "Link the accreditation to the case-management typology (demo).",
            "Relier l'agrément à la typologie de la gestion des cas (démo).",
            Position.AGREE,
            "The typology will feed the next version of the program (demo).",
            "La typologie alimentera la prochaine version du programme (démo).",
            [
                (
                    "Share the typology with AAISA (demo)",
                    "Communiquer la typologie à l'AAISA (démo)",
                    30,
                    ActionStatus.NOT_STARTED,
                    "Share the typology with the needs-assessment group",
                ),
            ],
        ),
        (
            2,
            "Pay for accreditation through each agreement (demo).",
            "Financer l'agrément dans chaque entente (démo).",
            Position.DISAGREE,
            "Accreditation stays within the base PD allocation (demo).",
            "L'agrément demeure dans l'allocation de base pour le perfectionnement professionnel (démo).",
            [],
        ),
    ],
}


@transaction.atomic
def load_demo() -> dict[str, int]:
    from groups.models import WorkPlanItem
    from learning_events.models import Evaluation

    owner = User.objects.filter(username="demo-staff").first()
    if owner is None:
        return {"demo recommendations": 0, "demo actions": 0}
    today = timezone.localdate()
    recommendations = actions = 0
    evaluations = {e.slug: e for e in Evaluation.objects.filter(slug__in=CHAINS)}
    for slug, chain in CHAINS.items():
        evaluation = evaluations.get(slug)
        if evaluation is None:
            continue
        for number, text_en, text_fr, position, response_en, response_fr, steps in chain:
            rec, _ = upsert(
                Recommendation,
                evaluation=evaluation,
                number=number,
                defaults={"text_en": text_en, "text_fr": text_fr, "is_demo": True},
            )
            recommendations += 1
            upsert(
                ManagementResponse,
                recommendation=rec,
                defaults={"position": position, "text_en": response_en, "text_fr": response_fr},
            )
            for action_en, action_fr, due_in, status, item_title in steps:
                item = WorkPlanItem.objects.filter(title_en=item_title).first() if item_title else None
                upsert(
                    ActionItem,
                    recommendation=rec,
                    text_en=action_en,
                    defaults={
                        "text_fr": action_fr,
                        "owner": owner,
                        "due_date": today + datetime.timedelta(days=due_in),
                        "status": status,
                        "work_plan_item": item,
                        "is_demo": True,
                    },
                )
                actions += 1
    return {"demo recommendations": recommendations, "demo actions": actions}
