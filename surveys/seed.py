"""The PD survey's seed: the bilingual theme list, from the seed's groups and PD topics."""

from django.db import transaction

from portal.seeding import upsert

from .models import Theme

# Runs after these apps' seed modules (portal.discovery).
AFTER = ("organisations",)

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


@transaction.atomic
def load_seed() -> dict[str, int]:
    for order, (code, name_en, name_fr) in enumerate(THEMES, start=1):
        upsert(Theme, code=code, defaults={"name_en": name_en, "name_fr": name_fr, "order": order})
    return {"PD themes": len(THEMES)}
