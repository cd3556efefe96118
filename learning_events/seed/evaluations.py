"""The seed's four commissioned evaluations and their status in September 2018."""

from groups.models import WorkingGroup
from portal.seeding import upsert

from ..models import (
    Evaluation,
    EvaluationStatus,
)

EVALUATIONS = [
    # slug, subject en, subject fr, organisation, city, jurisdiction, group, status
    (
        "language-assessment-calgary",
        "Language assessment",
        "Évaluation linguistique",
        "Calgary Immigrant Services",
        "Calgary",
        "AB",
        "language-assessment",
        EvaluationStatus.DRAFT_RECEIVED,
    ),
    (
        "orientation-winnipeg",
        "Orientation",
        "Orientation",
        "Altered Minds",
        "Winnipeg",
        "MB",
        "information-orientation",
        EvaluationStatus.DRAFT_RECEIVED,
    ),
    (
        "youth-summer-programs-saskatoon",
        "Youth summer programs",
        "Programmes d'été pour les jeunes",
        "Saskatchewan Intercultural Association",
        "Saskatoon",
        "SK",
        "summer-programs",
        EvaluationStatus.FINAL_AVAILABLE,
    ),
    (
        "settlement-worker-training-accreditation",
        "Settlement worker training and accreditation program",
        "Programme de formation et d'agrément d'intervenants en établissement",
        "Alberta Association of Immigrant Serving Agencies (AAISA)",
        "Calgary",
        "AB",
        None,
        EvaluationStatus.FINAL_AVAILABLE,
    ),
]


def load_evaluations(groups: dict[str, WorkingGroup]) -> int:
    """The commissioned evaluations, keyed on their slug."""
    for slug, subject_en, subject_fr, org, city, jurisdiction, group, status in EVALUATIONS:
        upsert(
            Evaluation,
            slug=slug,
            defaults={
                "subject_en": subject_en,
                "subject_fr": subject_fr,
                "evaluator_organisation": org,
                "city": city,
                "jurisdiction_id": jurisdiction,
                "group": groups[group] if group else None,
                "status": status,
            },
        )
    return len(EVALUATIONS)
