"""The seed's other work products of the groups: needs assessments, typologies, pilots, mappings."""

from groups.models import WorkingGroup
from portal.seeding import upsert

from ..models import (
    WorkProduct,
    WorkProductStatus,
)

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


def load_work_products(groups: dict[str, WorkingGroup]) -> int:
    """The work products, in the seed's order."""
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
    return len(WORK_PRODUCTS)
