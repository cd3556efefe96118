"""The seed's working groups (September 2018 review deck), in both languages.

Each row: slug, English name, French name, category code, parent slug, stage.
Stages: the seed says Community connections, Needs assessment and Information and orientation
are at an early stage and Child care is "planning to start"; the others held or planned events.
"""

from django.db import transaction

from portal.reference import REGION

from .models import Category, Stage, WorkingGroup

CATEGORIES = [
    ("similar-services", "Similar services", "Services similaires", 1),
    ("vulnerable-clientele", "Vulnerable clientele", "Clientèle vulnérable", 2),
    (
        "community-institutional",
        "Community or institutional traits",
        "Caractéristiques communautaires ou institutionnelles",
        3,
    ),
]

SIM, VUL, COM = (c[0] for c in CATEGORIES)
A, E, P = Stage.ACTIVE, Stage.EARLY, Stage.PLANNING

GROUPS = [
    ("language-assessment", "Language assessment", "Évaluation des compétences linguistiques", SIM, None, A),
    ("language-skills", "Language skills", "Compétences linguistiques", SIM, None, A),
    (
        "classroom-learning",
        "Classroom learning",
        "Apprentissage en salle de classe",
        SIM,
        "language-skills",
        A,
    ),
    ("blended-learning", "Blended learning", "Apprentissage mixte", SIM, "language-skills", A),
    ("informal-learning", "Informal learning", "Apprentissage informel", SIM, "language-skills", A),
    ("case-management", "Case management", "Gestion des cas", SIM, None, A),
    ("community-connections", "Community connections", "Liens dans la communauté", SIM, None, E),
    (
        "volunteer-mobilisation",
        "Volunteer mobilisation",
        "Mobilisation des bénévoles",
        SIM,
        "community-connections",
        E,
    ),
    (
        "general-mobilisation",
        "General mobilisation",
        "Mobilisation générale",
        SIM,
        "community-connections",
        E,
    ),
    (
        "connecting-newcomers-canadians",
        "Connecting newcomers and Canadians",
        "Tisser des liens entre nouveaux arrivants et Canadiens",
        SIM,
        "community-connections",
        E,
    ),
    ("employment-mentoring", "Employment and mentoring", "Emploi et mentorat", SIM, None, A),
    (
        "employment-counselling",
        "Employment counselling",
        "Counseling lié à l'emploi",
        SIM,
        "employment-mentoring",
        A,
    ),
    (
        "employer-engagement",
        "Employer engagement",
        "Mobilisation des employeurs",
        SIM,
        "employment-mentoring",
        A,
    ),
    (
        "needs-assessment",
        "Needs assessment and referral",
        "Évaluation des besoins et aiguillage",
        SIM,
        None,
        E,
    ),
    ("information-orientation", "Information and orientation", "Information et orientation", SIM, None, E),
    ("support-services", "Support services", "Services de soutien", SIM, None, A),
    ("child-care", "Child care", "Garde d'enfants", SIM, "support-services", P),
    ("transportation", "Transportation", "Transport", SIM, "support-services", A),
    (
        "interpretation-translation",
        "Interpretation/translation",
        "Interprétation/traduction",
        SIM,
        "support-services",
        A,
    ),
    ("crisis-counselling", "Crisis counselling", "Conseils en cas de crise", SIM, "support-services", A),
    ("youth", "Youth", "Jeunes", VUL, None, A),
    (
        "swis",
        "Settlement workers in schools (SWIS)",
        "Travailleurs de l'établissement dans les écoles (TÉÉ)",
        VUL,
        "youth",
        A,
    ),
    ("critical-hours", "Critical hours", "Heures critiques", VUL, "youth", A),
    ("summer-programs", "Summer programs", "Programmes d'été", VUL, "youth", A),
    ("newcomer-women", "Newcomer women", "Nouvelles arrivantes", VUL, None, A),
    ("lgbtq", "LGBTQ", "LGBTQ", VUL, None, A),
    (
        "positive-space-training",
        "Positive Space Training",
        "Formation Espace positif (Positive Space Training)",
        VUL,
        "lgbtq",
        A,
    ),
    (
        "safety-audit-policy-review",
        "Safety Audit and Policy Review",
        "Audit de sécurité et examen des politiques (Safety Audit and Policy Review)",
        VUL,
        "lgbtq",
        A,
    ),
    (
        "national-training-plan",
        "National Training Plan",
        "Plan national de formation (National Training Plan)",
        VUL,
        "lgbtq",
        A,
    ),
    ("disability", "Disability", "Déficience", VUL, None, A),
    ("refugees", "Refugees", "Réfugiés", VUL, None, A),
    ("seniors", "Seniors", "Personnes âgées", VUL, None, A),
    ("physical-mental-health", "Physical and mental health", "Santé physique et mentale", VUL, None, A),
    ("small-centres", "Small centres", "Petits centres", COM, None, A),
    (
        "post-secondary",
        "Post-secondary institutions",
        "Établissements d'enseignement postsecondaire",
        COM,
        None,
        A,
    ),
    (
        "lip",
        "Local Immigration Partnerships (LIP)",
        "Partenariats locaux en matière d'immigration (PLI)",
        COM,
        None,
        A,
    ),
    ("francophone-services", "Francophone services", "Services francophones", COM, None, A),
    ("north", "Settlement in the North", "Établissement dans les territoires du Nord", COM, None, A),
    (
        "rap",
        "Resettlement Assistance Program (RAP)",
        "Programme d'aide à la réinstallation (PAR)",
        COM,
        None,
        A,
    ),
]

# "Their work depends on the results of Case management."
DEPENDENCIES = {
    "community-connections": ["case-management"],
    "needs-assessment": ["case-management"],
    "information-orientation": ["case-management"],
}

# "Three groups ran national-scale activities (LGBTQ+, LIP and Small centres)."
NATIONAL_SCALE = {"lgbtq", "lip", "small-centres"}


@transaction.atomic
def load_seed() -> dict[str, int]:
    """Create or update the seed's categories and groups; a second run changes nothing."""
    from portal.models import Jurisdiction

    categories = {}
    for code, name_en, name_fr, order in CATEGORIES:
        categories[code], _ = Category.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_fr": name_fr, "order": order}
        )
    region = list(Jurisdiction.objects.filter(code__in=REGION))
    groups: dict[str, WorkingGroup] = {}
    for order, (slug, name_en, name_fr, category, parent, stage) in enumerate(GROUPS, start=1):
        group, created = WorkingGroup.objects.update_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "category": categories[category],
                "parent": groups.get(parent) if parent else None,
                "stage": stage,
                "order": order,
                "national_scale": slug in NATIONAL_SCALE,
            },
        )
        if created:
            # Every seed group gathers providers "from the five PNT jurisdictions".
            group.jurisdictions.set(region)
        groups[slug] = group
    for slug, deps in DEPENDENCIES.items():
        groups[slug].depends_on.add(*(groups[d] for d in deps))
    return {"categories": len(categories), "groups": len(groups)}
