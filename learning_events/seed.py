"""The seed's learning events, quarterly-call series, pilot courses, evaluations and work products
(September 2018 review deck).

Statuses are as of September 2018: what the deck lists with a past date is held, what it dates
later is planned, and "planification en cours" / "la planification doit démarrer" is in planning.
Events that appear in both "Qu'avons-nous fait" and "Quelles activités sont prévues" are one
event, with the more precise date of the two (Language skills: "mai 2019" over "2019";
Post-secondary: "juin 2019" over "2019"; LIP: "Bow Valley, 2019" and "Banff-Canmore, mai 2019").
Where the two lists disagree and cannot be the same event (Francophone services: Regina in one,
Saskatoon in the other), both are kept with a note. Everything is keyed on a natural key, so a
second run changes nothing.
"""

import datetime

from django.db import transaction

from groups.models import WorkingGroup
from organisations.models import UmbrellaOrganisation
from portal.seeding import upsert

from . import dates
from .models import (
    CourseEvaluation,
    CourseEvaluationKind,
    CourseRoleShare,
    DatePrecision,
    Evaluation,
    EvaluationStatus,
    EventFormat,
    EventSeries,
    EventStatus,
    LearningEvent,
    ParticipantRole,
    PilotCourse,
    PilotEnrolment,
    PilotProject,
    ResultsStatus,
    WorkProduct,
    WorkProductStatus,
)

# Runs after these apps' seed modules (portal.discovery).
AFTER = ("organisations", "groups")

HELD, PLANNED, IN_PLANNING = EventStatus.HELD, EventStatus.PLANNED, EventStatus.IN_PLANNING
IN_PERSON, TELE = EventFormat.IN_PERSON, EventFormat.TELECONFERENCE


def day(y, m, d):
    return {"precision": DatePrecision.DAY, "on_date": datetime.date(y, m, d)}


def month(y, m):
    return {"precision": DatePrecision.MONTH, "year": y, "month": m}


def fall(y):
    return {"precision": DatePrecision.SEASON, "year": y, "season": dates.Season.FALL}


def year(y):
    return {"precision": DatePrecision.YEAR, "year": y}


UNDATED = {"precision": DatePrecision.UNDATED}

# slug: group, series, format, city, jurisdiction, date, status, (title en, title fr) or None, note
# A title of None means the group's learning event / teleconference, named after the group.
REGINA_SASKATOON = (
    "The review list names Calgary, Regina and Winnipeg; the planning list names Calgary, "
    "Saskatoon and Winnipeg.",
    "La liste du bilan nomme Calgary, Regina et Winnipeg; la liste des activités prévues nomme "
    "Calgary, Saskatoon et Winnipeg.",
)
EVENTS = {
    # Francophone services (Winnipeg, juillet 2018; Whitehorse, août 2018; Calgary, Regina et
    # Winnipeg, automne 2018) + planning list (Calgary, Saskatoon et Winnipeg, automne 2018)
    "francophone-winnipeg-2018-07": (
        "francophone-services",
        None,
        IN_PERSON,
        "Winnipeg",
        "MB",
        month(2018, 7),
        HELD,
    ),
    "francophone-whitehorse-2018-08": (
        "francophone-services",
        None,
        IN_PERSON,
        "Whitehorse",
        "YT",
        month(2018, 8),
        HELD,
    ),
    "francophone-calgary-fall-2018": (
        "francophone-services",
        None,
        IN_PERSON,
        "Calgary",
        "AB",
        fall(2018),
        PLANNED,
    ),
    "francophone-regina-fall-2018": (
        "francophone-services",
        None,
        IN_PERSON,
        "Regina",
        "SK",
        fall(2018),
        PLANNED,
        None,
        REGINA_SASKATOON,
    ),
    "francophone-saskatoon-fall-2018": (
        "francophone-services",
        None,
        IN_PERSON,
        "Saskatoon",
        "SK",
        fall(2018),
        PLANNED,
        None,
        REGINA_SASKATOON,
    ),
    "francophone-winnipeg-fall-2018": (
        "francophone-services",
        None,
        IN_PERSON,
        "Winnipeg",
        "MB",
        fall(2018),
        PLANNED,
    ),
    # Refugees / RAP participants
    "refugees-ottawa-2017-02": (
        "refugees",
        None,
        IN_PERSON,
        "Ottawa",
        "ON",
        month(2017, 2),
        HELD,
        ("Lessons learned in 2016", "Leçons tirées en 2016"),
    ),
    "refugees-winnipeg-2018-12": (
        "refugees",
        None,
        IN_PERSON,
        "Winnipeg",
        "MB",
        month(2018, 12),
        PLANNED,
        (
            "Resettlement day of the 2017 Integration Summit",
            "Journée de la réinstallation du Sommet sur l'intégration 2017",
        ),
        (
            "The deck dates the 2017 Integration Summit's resettlement day December 2018.",
            "Le document date la journée de la réinstallation du Sommet sur l'intégration 2017 de "
            "décembre 2018.",
        ),
    ),
    # Case management (Winnipeg, février 2017; téléconférence, 23 août 2017; Lethbridge, mars 2018;
    # Saskatoon, octobre 2018 - also in the planning list)
    "case-management-winnipeg-2017-02": (
        "case-management",
        None,
        IN_PERSON,
        "Winnipeg",
        "MB",
        month(2017, 2),
        HELD,
    ),
    "case-management-teleconference-2017-08-23": (
        "case-management",
        None,
        TELE,
        "",
        None,
        day(2017, 8, 23),
        HELD,
    ),
    "case-management-lethbridge-2018-03": (
        "case-management",
        None,
        IN_PERSON,
        "Lethbridge",
        "AB",
        month(2018, 3),
        HELD,
    ),
    "case-management-saskatoon-2018-10": (
        "case-management",
        None,
        IN_PERSON,
        "Saskatoon",
        "SK",
        month(2018, 10),
        PLANNED,
    ),
    # Youth (Calgary, mars 2017; Regina, juin 2017) + quarterly calls
    "youth-calgary-2017-03": ("youth", None, IN_PERSON, "Calgary", "AB", month(2017, 3), HELD),
    "youth-regina-2017-06": ("youth", None, IN_PERSON, "Regina", "SK", month(2017, 6), HELD),
    # Newcomer women (Calgary, mars 2017; prévu pour Saskatoon en 2019 = "Femmes (Saskatoon, 2019)")
    "newcomer-women-calgary-2017-03": (
        "newcomer-women",
        None,
        IN_PERSON,
        "Calgary",
        "AB",
        month(2017, 3),
        HELD,
    ),
    "newcomer-women-saskatoon-2019": (
        "newcomer-women",
        None,
        IN_PERSON,
        "Saskatoon",
        "SK",
        year(2019),
        PLANNED,
    ),
    # Small centres (Brandon, juin 2017; Red Deer, mars 2018; Moose Jaw, 2019)
    "small-centres-brandon-2017-06": (
        "small-centres",
        None,
        IN_PERSON,
        "Brandon",
        "MB",
        month(2017, 6),
        HELD,
    ),
    "small-centres-red-deer-2018-03": (
        "small-centres",
        None,
        IN_PERSON,
        "Red Deer",
        "AB",
        month(2018, 3),
        HELD,
    ),
    "small-centres-moose-jaw-2019": (
        "small-centres",
        None,
        IN_PERSON,
        "Moose Jaw",
        "SK",
        year(2019),
        PLANNED,
    ),
    # LGBTQ (Calgary, septembre 2017; Calgary, mars 2018) + planning list (Winnipeg, 2019)
    "lgbtq-calgary-2017-09": ("lgbtq", None, IN_PERSON, "Calgary", "AB", month(2017, 9), HELD),
    "lgbtq-calgary-2018-03": ("lgbtq", None, IN_PERSON, "Calgary", "AB", month(2018, 3), HELD),
    "lgbtq-winnipeg-2019": ("lgbtq", None, IN_PERSON, "Winnipeg", "MB", year(2019), PLANNED),
    # Language skills (Edmonton, 2018; Winnipeg, mai 2019 = planning list "Winnipeg, 2019")
    "language-skills-edmonton-2018": ("language-skills", None, IN_PERSON, "Edmonton", "AB", year(2018), HELD),
    "language-skills-winnipeg-2019-05": (
        "language-skills",
        None,
        IN_PERSON,
        "Winnipeg",
        "MB",
        month(2019, 5),
        PLANNED,
    ),
    # Language assessment (Winnipeg, octobre 2017; Saskatoon, octobre 2018 - in both lists)
    "language-assessment-winnipeg-2017-10": (
        "language-assessment",
        None,
        IN_PERSON,
        "Winnipeg",
        "MB",
        month(2017, 10),
        HELD,
    ),
    "language-assessment-saskatoon-2018-10": (
        "language-assessment",
        None,
        IN_PERSON,
        "Saskatoon",
        "SK",
        month(2018, 10),
        PLANNED,
    ),
    # Employment (Calgary, mars 2018) + planning list (Edmonton, 2019)
    "employment-calgary-2018-03": (
        "employment-mentoring",
        None,
        IN_PERSON,
        "Calgary",
        "AB",
        month(2018, 3),
        HELD,
    ),
    "employment-edmonton-2019": (
        "employment-mentoring",
        None,
        IN_PERSON,
        "Edmonton",
        "AB",
        year(2019),
        PLANNED,
    ),
    # Post-secondary (téléconférence, septembre 2017; Swift Current, 2019 = "Swift Current, juin 2019")
    "post-secondary-teleconference-2017-09": ("post-secondary", None, TELE, "", None, month(2017, 9), HELD),
    "post-secondary-swift-current-2019-06": (
        "post-secondary",
        None,
        IN_PERSON,
        "Swift Current",
        "SK",
        month(2019, 6),
        PLANNED,
    ),
    # North (Yellowknife, octobre 2016; Iqaluit, décembre 2017; Whitehorse, août 2018; T.-N.-O., 2019)
    "north-yellowknife-2016-10": ("north", None, IN_PERSON, "Yellowknife", "NT", month(2016, 10), HELD),
    "north-iqaluit-2017-12": ("north", None, IN_PERSON, "Iqaluit", "NU", month(2017, 12), HELD),
    "north-whitehorse-2018-08": ("north", None, IN_PERSON, "Whitehorse", "YT", month(2018, 8), HELD),
    "north-nwt-2019": ("north", None, IN_PERSON, "", "NT", year(2019), PLANNED),
    # LIP (Calgary, septembre 2016; Regina, juin 2017; Calgary, mars 2018; Bow Valley, 2019 =
    # planning list "Banff-Canmore, mai 2019")
    "lip-calgary-2016-09": ("lip", None, IN_PERSON, "Calgary", "AB", month(2016, 9), HELD),
    "lip-regina-2017-06": ("lip", None, IN_PERSON, "Regina", "SK", month(2017, 6), HELD),
    "lip-calgary-2018-03": ("lip", None, IN_PERSON, "Calgary", "AB", month(2018, 3), HELD),
    "lip-bow-valley-2019-05": (
        "lip",
        None,
        IN_PERSON,
        "Bow Valley (Banff-Canmore)",
        "AB",
        month(2019, 5),
        PLANNED,
        None,
        (
            "The review list says Bow Valley, 2019; the planning list says Banff-Canmore, May 2019.",
            "La liste du bilan indique Bow Valley, 2019; la liste des activités prévues indique "
            "Banff-Canmore, mai 2019.",
        ),
    ),
    # Disability (téléconférence, 23 août 2017; téléconférence sur les pratiques exemplaires,
    # automne 2018) + quarterly calls
    "disability-teleconference-2017-08-23": (
        "disability",
        "disability-quarterly-calls",
        TELE,
        "",
        None,
        day(2017, 8, 23),
        HELD,
    ),
    "disability-best-practices-fall-2018": (
        "disability",
        None,
        TELE,
        "",
        None,
        fall(2018),
        PLANNED,
        ("Best-practices teleconference", "Téléconférence sur les pratiques exemplaires"),
    ),
    # Physical and mental health (téléconférences, 23 août 2017 et janvier 2018) + quarterly calls
    "physical-mental-health-teleconference-2017-08-23": (
        "physical-mental-health",
        "physical-mental-health-quarterly-calls",
        TELE,
        "",
        None,
        day(2017, 8, 23),
        HELD,
    ),
    "physical-mental-health-teleconference-2018-01": (
        "physical-mental-health",
        "physical-mental-health-quarterly-calls",
        TELE,
        "",
        None,
        month(2018, 1),
        HELD,
    ),
    # Seniors (téléconférence, 25 août 2017) + quarterly calls
    "seniors-teleconference-2017-08-25": (
        "seniors",
        "seniors-quarterly-calls",
        TELE,
        "",
        None,
        day(2017, 8, 25),
        HELD,
    ),
    # Crisis counselling (téléconférence, 16 août 2017 et automne 2018) + quarterly calls
    "crisis-counselling-teleconference-2017-08-16": (
        "crisis-counselling",
        "crisis-counselling-quarterly-calls",
        TELE,
        "",
        None,
        day(2017, 8, 16),
        HELD,
    ),
    "crisis-counselling-teleconference-fall-2018": (
        "crisis-counselling",
        "crisis-counselling-quarterly-calls",
        TELE,
        "",
        None,
        fall(2018),
        PLANNED,
    ),
    # Planning list only: Community connections (planification en cours), Child care (la
    # planification doit démarrer)
    "community-connections-in-planning": (
        "community-connections",
        None,
        IN_PERSON,
        "",
        None,
        UNDATED,
        IN_PLANNING,
    ),
    "child-care-in-planning": ("child-care", None, IN_PERSON, "", None, UNDATED, IN_PLANNING),
}

# The planning list's "appels trimestriels".
SERIES = {
    "disability-quarterly-calls": "disability",
    "physical-mental-health-quarterly-calls": "physical-mental-health",
    "seniors-quarterly-calls": "seniors",
    "crisis-counselling-quarterly-calls": "crisis-counselling",
    "youth-quarterly-calls": "youth",
}

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

WORK_PRODUCTS = [
    # slug, group, title en, title fr, status
    (
        "rap-baseline-needs-assessment",
        "rap",
        "Baseline needs assessment for RAP organisations in each province",
        "Évaluation des besoins de base pour les organismes du PAR dans chaque province",
        WorkProductStatus.IN_PROGRESS,
    ),
    (
        "needs-assessment-uptake-pilots",
        "needs-assessment",
        "Pilots in Calgary and Edmonton to increase the use of needs-assessment services",
        "Projets pilotes à Calgary et Edmonton afin d'accroître le recours aux services "
        "d'évaluation des besoins",
        WorkProductStatus.IN_PROGRESS,
    ),
    (
        "case-management-typology",
        "case-management",
        "Typology of case-management approaches",
        "Typologie des approches de gestion de cas",
        WorkProductStatus.NEARLY_COMPLETE,
    ),
    (
        "community-connections-typology",
        "community-connections",
        "Typology of community-connections programs, through service-mapping exercises",
        "Typologie des programmes axés sur les connexions communautaires, par la schématisation des services",
        WorkProductStatus.IN_PROGRESS,
    ),
    (
        "consistent-service-mapping",
        None,
        "A consistent service-mapping approach across all groups, with measures of current client uptake",
        "Approche cohérente de la schématisation dans tous les groupes et mesures du recours actuel aux "
        "services par les clients",
        WorkProductStatus.IN_PROGRESS,
    ),
    (
        "regional-pd-strategy-pilot",
        None,
        "Regional PD strategy pilot: three umbrella organisations write one strategy for equal access",
        "Projet pilote de stratégie régionale de perfectionnement professionnel : trois organisations-cadres "
        "élaborent une stratégie commune pour l'égalité d'accès",
        WorkProductStatus.IN_PROGRESS,
    ),
]


def default_title(group: WorkingGroup, event_format: str) -> tuple[str, str]:
    if event_format == TELE:
        return f"{group.name_en} teleconference", f"Téléconférence : {group.name_fr}"
    return f"{group.name_en} learning event", f"Activité d'apprentissage : {group.name_fr}"


def _load_events(groups: dict[str, WorkingGroup], series: dict[str, EventSeries]) -> int:
    for slug, row in EVENTS.items():
        group_slug, series_slug, fmt, city, jurisdiction, when, status, *rest = row
        titles = rest[0] if rest and rest[0] else default_title(groups[group_slug], fmt)
        notes = rest[1] if len(rest) > 1 else ("", "")
        anchors = {"on_date": None, "year": None, "month": None, "season": "", **when}
        start, end = dates.date_range(
            anchors["precision"],
            on_date=anchors["on_date"],
            year=anchors["year"],
            month=anchors["month"],
            season=anchors["season"] or None,
        )
        upsert(
            LearningEvent,
            slug=slug,
            defaults={
                "group": groups[group_slug],
                "series": series[series_slug] if series_slug else None,
                "title_en": titles[0],
                "title_fr": titles[1],
                "format": fmt,
                "city": city,
                "jurisdiction_id": jurisdiction,
                "status": status,
                "starts_on": start,
                "ends_on": end,
                "notes_en": notes[0],
                "notes_fr": notes[1],
                **anchors,
            },
        )
    return len(EVENTS)


@transaction.atomic
def load_seed() -> dict[str, int]:
    groups = {g.slug: g for g in WorkingGroup.objects.all()}
    series = {}
    for slug, group_slug in SERIES.items():
        group = groups[group_slug]
        series[slug], _created = upsert(
            EventSeries,
            slug=slug,
            defaults={
                "group": group,
                "title_en": f"{group.name_en}: quarterly calls",
                "title_fr": f"{group.name_fr} : appels trimestriels",
                "cadence": "quarterly",
                "format": TELE,
                "status": PLANNED,
            },
        )
    events = _load_events(groups, series)

    umbrellas = {u.acronym: u for u in UmbrellaOrganisation.objects.all()}
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

    for order, (slug, group, title_en, title_fr, status) in enumerate(WORK_PRODUCTS, start=1):
        upsert(
            WorkProduct,
            slug=slug,
            defaults={
                "group": groups[group] if group else None,
                "title_en": title_en,
                "title_fr": title_fr,
                "status": status,
                "order": order,
            },
        )
    return {
        "learning events": events,
        "event series": len(SERIES),
        "evaluations": len(EVALUATIONS),
        "pilot courses": len(COURSES),
        "work products": len(WORK_PRODUCTS),
    }
