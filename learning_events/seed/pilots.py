"""The seed's regional pilot of online courses (November 2017 - March 2018): enrolment, the three
courses, their hosts' and independent evaluations, and the role mix of the courses with results."""

import datetime

from organisations.models import UmbrellaOrganisation
from portal.seeding import upsert

from ..models import (
    CourseEvaluation,
    CourseEvaluationKind,
    CourseRoleShare,
    EventFormat,
    ParticipantRole,
    PilotCourse,
    PilotEnrolment,
    PilotProject,
    ResultsStatus,
)

PILOT = {
    "slug": "regional-pilot-courses-2017-18",
    "title_en": "Three regional pilot courses",
    "title_fr": "Trois cours pilotes régionaux",
    "starts_on": datetime.date(2017, 11, 1),
    "ends_on": datetime.date(2018, 3, 31),
    "orientation_sessions": 4,
    "orientation_note_en": (
        "Orientation sessions trained PD specialists in provider organisations that had never taken "
        "part in online sessions before."
    ),
    "orientation_note_fr": (
        "Les séances d'orientation ont formé des spécialistes du perfectionnement professionnel au sein "
        "d'organisations de fournisseurs de services qui n'avaient jamais participé à des séances en "
        "ligne auparavant."
    ),
}
ENROLMENT = {"AB": 41, "SK": 18, "MB": 18}

COURSES = [
    {
        "slug": "client-needs-assessment-action-plans",
        "order": 1,
        "title_en": "Client needs assessment and action plans",
        "title_fr": "Évaluation des besoins des clients et plans d'action",
        "part_of_en": "AAISA's foundational certificate program",
        "part_of_fr": "Programme de certificat sur la formation initiale de l'AAISA",
        "description_en": (
            "Helps settlement workers assess clients' needs and set personalised goals and action "
            "plans suited to their culture and life experience."
        ),
        "description_fr": (
            "Aide les intervenants en établissement à évaluer les besoins des clients et à établir des "
            "objectifs personnalisés et des plans d'action adaptés à leur culture et à leur expérience "
            "de vie."
        ),
        "results_status": ResultsStatus.AVAILABLE,
        "enrolled": 26,
        "completed": 25,
        "findings_en": (
            "Overall, participants were satisfied with the course and gained valuable information "
            "that will help them progress in their work."
        ),
        "findings_fr": (
            "Dans l'ensemble, les participants sont satisfaits du cours et ont obtenu des informations "
            "précieuses qui les aideront à progresser dans leur travail."
        ),
        "main_complaint_en": "The length of the course and the time needed to meet its requirements.",
        "main_complaint_fr": "La longueur du cours et le temps nécessaire pour remplir ses exigences.",
    },
    {
        "slug": "basic-counselling-skills-intercultural",
        "order": 2,
        "title_en": "Basic counselling skills in an intercultural context",
        "title_fr": "Compétences de counseling de base dans un contexte interculturel",
        "description_en": (
            "Helps settlement workers define their role as counsellors to their clients and recognise "
            "and build the attitudes, skills and knowledge they need to be effective."
        ),
        "description_fr": (
            "Aide les intervenants en établissement à définir leur rôle de conseiller auprès de leurs "
            "clients et à reconnaître et acquérir les attitudes, compétences et connaissances "
            "nécessaires pour être efficaces dans leurs fonctions."
        ),
        "results_status": ResultsStatus.PENDING,
    },
    {
        "slug": "stress-management-burnout-online",
        "order": 3,
        "title_en": "Online course on stress management and burnout for front-line workers",
        "title_fr": (
            "Cours en ligne sur la gestion du stress et l'épuisement professionnel pour les intervenants"
        ),
        "description_en": (
            "Developed after the sector's reports of burnout and compassion fatigue among front-line "
            "workers: recognising the symptoms of stress and building workplace stress-management "
            "strategies."
        ),
        "description_fr": (
            "Élaboré pour faire suite aux rapports du secteur sur l'épuisement professionnel et "
            "compassionnel des intervenants de première ligne : reconnaître les symptômes du stress et "
            "mettre en œuvre des stratégies de gestion du stress en milieu de travail."
        ),
        "results_status": ResultsStatus.PENDING,
    },
]
ROLE_MIX = {
    ParticipantRole.PRACTITIONER: 60,
    ParticipantRole.COORDINATOR: 12,
    ParticipantRole.OTHER: 28,
}


def load_pilot() -> int:
    """The pilot project, its enrolment, courses, course evaluations and role shares."""
    umbrellas = {u.acronym: u for u in UmbrellaOrganisation.objects.all()}
    project, _created = upsert(
        PilotProject, slug=PILOT["slug"], defaults={k: v for k, v in PILOT.items() if k != "slug"}
    )
    for code, participants in ENROLMENT.items():
        upsert(PilotEnrolment, project=project, jurisdiction_id=code, defaults={"participants": participants})
    for spec in COURSES:
        course, _created = upsert(
            PilotCourse,
            slug=spec["slug"],
            defaults={
                "project": project,
                "host": umbrellas["AAISA"],
                "format": EventFormat.ONLINE,
                **{k: v for k, v in spec.items() if k != "slug"},
            },
        )
        # Participants evaluated each course for AAISA, the host; MANSO and SAISIA evaluated
        # independently with their province's participants.
        for acronym, kind in (
            ("AAISA", CourseEvaluationKind.HOST),
            ("MANSO", CourseEvaluationKind.INDEPENDENT),
            ("SAISIA", CourseEvaluationKind.INDEPENDENT),
        ):
            available = (
                kind == CourseEvaluationKind.HOST and spec["results_status"] == ResultsStatus.AVAILABLE
            )
            upsert(
                CourseEvaluation,
                course=course,
                evaluator=umbrellas[acronym],
                defaults={
                    "kind": kind,
                    "status": ResultsStatus.AVAILABLE if available else ResultsStatus.PENDING,
                },
            )
        if spec["results_status"] == ResultsStatus.AVAILABLE:
            for role, percent in ROLE_MIX.items():
                upsert(CourseRoleShare, course=course, role=role, defaults={"percent": percent})
    return len(COURSES)
