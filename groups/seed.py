"""The seed's working groups (September 2018 review deck), in both languages.

Each row: slug, English name, French name, category code, parent slug, stage.
Stages: the seed says Community connections, Needs assessment and Information and orientation
are at an early stage and Child care is "planning to start"; the others held or planned events.
"""

from django.db import transaction

from organisations.reference import REGION
from portal.seeding import add_missing, upsert

from .compliance import PD_MINIMUM_MEETINGS
from .models import (
    Category,
    Committee,
    CommitteeKind,
    CommitteeMember,
    CommunityOfPractice,
    MemberRole,
    Stage,
    WorkingGroup,
)

# Runs after these apps' seed modules (portal.discovery).
AFTER = ("organisations",)

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
    from organisations.models import Jurisdiction

    categories = {}
    for code, name_en, name_fr, order in CATEGORIES:
        categories[code], _ = upsert(
            Category, code=code, defaults={"name_en": name_en, "name_fr": name_fr, "order": order}
        )
    region = list(Jurisdiction.objects.filter(code__in=REGION))
    groups: dict[str, WorkingGroup] = {}
    for order, (slug, name_en, name_fr, category, parent, stage) in enumerate(GROUPS, start=1):
        group, created = upsert(
            WorkingGroup,
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
        add_missing(groups[slug].depends_on, [groups[d] for d in deps])
    committees, seats = load_pd_committees()
    communities = load_communities(groups)
    return {
        "categories": len(categories),
        "groups": len(groups),
        "PD advisory committees": committees,
        "committee seats": seats,
        "communities of practice": communities,
    }


# "Provincial PD advisory committees set up by the umbrella organisations: representatives of large and
# small centres, LIPs/RIFs and all streams. Terms of reference prepared; at least four meetings a year."
PROVINCIAL_TOR = (
    "Representatives of large urban and small centres, Local Immigration Partnerships (LIP), "
    "Francophone immigration networks (RIF) and every stream. At least four meetings a year.",
    "Représentants des grands centres urbains et des petits centres, des partenariats locaux en matière "
    "d'immigration (PLI), des réseaux en immigration francophone (RIF) et de tous les volets. "
    "Au moins quatre réunions par année.",
)
# "A regional PD advisory committee set up by AAISA: two representatives of each province (one from the
# umbrella organisation, one from the provincial PD committee). Terms of reference and a draft regional
# strategy prepared. At least four meetings a year."
REGIONAL_TOR = (
    "Two representatives of each province: one from the umbrella organisation and one from the "
    "provincial PD advisory committee. Terms of reference and a draft PNT regional PD strategy "
    "have been prepared. At least four meetings a year.",
    "Deux représentants de chaque province : un de l'organisation-cadre et un du comité consultatif "
    "provincial sur le perfectionnement professionnel. Un mandat et une ébauche de stratégie régionale "
    "pour les PTN ont été préparés. Au moins quatre réunions par année.",
)


def load_pd_committees() -> tuple[int, int]:
    """One provincial PD advisory committee per umbrella organisation, and AAISA's regional one with
    its two seats per province (role names only: the seed names no members)."""
    from organisations.models import UmbrellaOrganisation

    count = seats = 0
    umbrellas = list(UmbrellaOrganisation.objects.select_related("jurisdiction").order_by("acronym"))
    for umbrella in umbrellas:
        upsert(
            Committee,
            umbrella=umbrella,
            kind=CommitteeKind.PROVINCIAL_PD,
            defaults={
                "name_en": f"Provincial PD advisory committee ({umbrella.acronym})",
                "name_fr": f"Comité consultatif provincial sur le perfectionnement professionnel "
                f"({umbrella.acronym})",
                "terms_of_reference_en": PROVINCIAL_TOR[0],
                "terms_of_reference_fr": PROVINCIAL_TOR[1],
                "min_meetings_per_year": PD_MINIMUM_MEETINGS,
            },
        )
        count += 1
    regional_host = next((u for u in umbrellas if u.runs_regional_pd_committee), None)
    if regional_host is None:
        return count, seats
    regional, _ = upsert(
        Committee,
        umbrella=regional_host,
        kind=CommitteeKind.REGIONAL_PD,
        defaults={
            "name_en": "Regional PD advisory committee",
            "name_fr": "Comité consultatif régional sur le perfectionnement professionnel",
            "terms_of_reference_en": REGIONAL_TOR[0],
            "terms_of_reference_fr": REGIONAL_TOR[1],
            "min_meetings_per_year": PD_MINIMUM_MEETINGS,
        },
    )
    count += 1
    for umbrella in umbrellas:
        province = umbrella.jurisdiction
        for role, person, person_fr, organisation in (
            (
                MemberRole.UMBRELLA_REP,
                f"{umbrella.acronym} representative",
                f"Représentant de {umbrella.acronym}",
                (umbrella.acronym, umbrella.acronym),
            ),
            (
                MemberRole.PROVINCIAL_REP,
                f"{province.name_en} provincial PD committee representative",
                f"Représentant du comité provincial sur le PP ({province.name_fr})",
                (
                    f"Provincial PD advisory committee ({umbrella.acronym})",
                    "Comité consultatif provincial sur le perfectionnement professionnel "
                    f"({umbrella.acronym})",
                ),
            ),
        ):
            upsert(
                CommitteeMember,
                committee=regional,
                person_name_en=person,
                defaults={
                    "person_name_fr": person_fr,
                    "role": role,
                    "organisation_name_en": organisation[0],
                    "organisation_name_fr": organisation[1],
                    "jurisdiction": province,
                },
            )
            seats += 1
    return count, seats


# "Communities of practice: the LIP coordinators' base camp; small-centre coordinators named in each
# umbrella organisation; the annual Northern Summit."
COMMUNITIES = [
    (
        "lip-base-camp",
        "LIP coordinators' base camp",
        "Camp de base des coordonnateurs de PLI",
        "The coordinators of the region's Local Immigration Partnerships share their practice.",
        "Les coordonnateurs des partenariats locaux en matière d'immigration de la région échangent "
        "sur leurs pratiques.",
        "lip",
        False,
    ),
    (
        "small-centre-coordinators",
        "Small-centre coordinators",
        "Coordonnateurs des petits centres",
        "Small-centre coordinators have been named within each umbrella organisation.",
        "Des coordonnateurs des petits centres ont été désignés au sein de chaque organisation-cadre.",
        "small-centres",
        True,
    ),
    (
        "northern-summit",
        "Northern Summit",
        "Sommet du Nord",
        "The annual gathering of settlement providers in the North.",
        "La rencontre annuelle des fournisseurs de services d'établissement du Nord.",
        "north",
        False,
    ),
]


def load_communities(groups: dict[str, WorkingGroup]) -> int:
    from organisations.models import UmbrellaOrganisation

    for slug, name_en, name_fr, desc_en, desc_fr, group, per_umbrella in COMMUNITIES:
        community, _ = upsert(
            CommunityOfPractice,
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "description_en": desc_en,
                "description_fr": desc_fr,
                "group": groups[group],
            },
        )
        if per_umbrella:
            add_missing(community.umbrellas, UmbrellaOrganisation.objects.all())
    return len(COMMUNITIES)
