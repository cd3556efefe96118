"""The PD survey's seed: the bilingual theme list, from the seed's groups and PD topics."""

from django.db import transaction

from portal.seeding import add_missing, upsert

from .models import Theme

# Runs after these apps' seed modules (portal.discovery).
AFTER = ("organisations", "groups")

# code, English, French: the themes the 2018 findings and the working groups name.
THEMES = [
    ("language-assessment", "Language assessment", "Évaluation des compétences linguistiques"),
    ("language-instruction", "Language skills instruction", "Enseignement des compétences linguistiques"),
    ("case-management", "Case management", "Gestion des cas"),
    ("needs-assessment", "Needs assessment and referral", "Évaluation des besoins et aiguillage"),
    ("information-orientation", "Information and orientation", "Information et orientation"),
    ("community-connections", "Community connections", "Liens dans la communauté"),
    ("employment", "Employment and mentoring", "Emploi et mentorat"),
    ("support-services", "Support services", "Services de soutien"),
    (
        "counselling",
        "Basic counselling skills in an intercultural context",
        "Compétences de base en counseling en contexte interculturel",
    ),
    ("stress-burnout", "Stress management and burnout", "Gestion du stress et épuisement professionnel"),
    ("youth", "Youth", "Jeunes"),
    ("women", "Newcomer women", "Nouvelles arrivantes"),
    ("lgbtq", "LGBTQ+ newcomers", "Nouveaux arrivants LGBTQ+"),
    ("disability", "Disability", "Déficience"),
    ("refugees", "Refugees", "Réfugiés"),
    ("seniors", "Seniors", "Personnes âgées"),
    ("mental-health", "Physical and mental health", "Santé physique et mentale"),
    ("francophone", "Francophone services", "Services francophones"),
    (
        "small-centres-north",
        "Working in small centres and the North",
        "Travailler dans les petits centres et le Nord",
    ),
]


# The working groups whose learning events answer each theme (their sub-groups' events too): the
# needs-to-events match (surveys/matching.py) reads it.
THEME_GROUPS = {
    "language-assessment": ["language-assessment"],
    "language-instruction": ["language-skills"],
    "case-management": ["case-management"],
    "needs-assessment": ["needs-assessment"],
    "information-orientation": ["information-orientation"],
    "community-connections": ["community-connections"],
    "employment": ["employment-mentoring"],
    "support-services": ["support-services"],
    "counselling": ["crisis-counselling"],
    "stress-burnout": ["physical-mental-health"],
    "youth": ["youth"],
    "women": ["newcomer-women"],
    "lgbtq": ["lgbtq"],
    "disability": ["disability"],
    "refugees": ["refugees", "rap"],
    "seniors": ["seniors"],
    "mental-health": ["physical-mental-health"],
    "francophone": ["francophone-services"],
    "small-centres-north": ["small-centres", "north"],
}


@transaction.atomic
def load_seed() -> dict[str, int]:
    from groups.models import WorkingGroup

    groups = {g.slug: g for g in WorkingGroup.objects.all()}
    for order, (code, name_en, name_fr) in enumerate(THEMES, start=1):
        theme, _ = upsert(Theme, code=code, defaults={"name_en": name_en, "name_fr": name_fr, "order": order})
        add_missing(theme.groups, [groups[slug] for slug in THEME_GROUPS.get(code, []) if slug in groups])
    return {"PD themes": len(THEMES)}
