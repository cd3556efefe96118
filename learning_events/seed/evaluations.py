"""The seed's four commissioned evaluations and their status in September 2018."""

from groups.models import WorkingGroup
from portal.seeding import upsert

from ..models import (
    Evaluation,
    EvaluationStatus,
)

EVALUATIONS = [
    # slug, subject en, subject fr, organisation (en, fr), city, jurisdiction, group, status
    (
        "language-assessment-calgary",
        "Language assessment",
        "Évaluation linguistique",
        ("Calgary Immigrant Services", "Services aux immigrants de Calgary"),
        "Calgary",
        "AB",
        "language-assessment",
        EvaluationStatus.DRAFT_RECEIVED,
    ),
    (
        "orientation-winnipeg",
        "Orientation",
        "Orientation",
        ("Altered Minds", "Altered Minds"),
        "Winnipeg",
        "MB",
        "information-orientation",
        EvaluationStatus.DRAFT_RECEIVED,
    ),
    (
        "youth-summer-programs-saskatoon",
        "Youth summer programs",
        "Programmes d'été pour les jeunes",
        ("Saskatchewan Intercultural Association", "Association interculturelle de la Saskatchewan"),
        "Saskatoon",
        "SK",
        "summer-programs",
        EvaluationStatus.FINAL_AVAILABLE,
    ),
    (
        "settlement-worker-training-accreditation",
        "Settlement worker training and accreditation program",
        "Programme de formation et d'agrément d'intervenants en établissement",
        (
            "Alberta Association of Immigrant Serving Agencies (AAISA)",
            "Association des organismes au service des immigrants de l'Alberta (AAISA)",
        ),
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
                "evaluator_organisation_en": org[0],
                "evaluator_organisation_fr": org[1],
                "city": city,
                "jurisdiction_id": jurisdiction,
                "group": groups[group] if group else None,
                "status": status,
            },
        )
    return len(EVALUATIONS)
