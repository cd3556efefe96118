"""The seed's statements about the programme (September 2018 review deck), in both languages: why the
project started (9), its challenges (5) and opportunities (6), the 2018 PD template's five findings as
the deck states them (kept apart from any figure the portal computes), the PD policy's commitments,
IRCC's two planned collaborations, the students hired for mapping, the three groups' national-scale
activities and the internal IRCC working groups being set up. Keyed on a slug: a second run changes
nothing."""

from django.db import transaction

from portal.seeding import upsert

from .models import Measure, ProgrammeStatement, StatementKind

# Runs after these apps' seed modules (portal.discovery): the groups the statements name.
AFTER = ("groups", "learning_events", "pd_budget", "surveys")

SOURCE = "Bilan et planification, septembre 2018"
SEED_YEAR = 2018

R, C, OPP = StatementKind.REASON, StatementKind.CHALLENGE, StatementKind.OPPORTUNITY

# slug, kind, English, French, measure, group
STATEMENTS = [
    # "Pourquoi avons-nous lancé ce projet?"
    (
        "reason-inconsistent-agreements",
        R,
        "Inconsistencies between the 2012-2017 contribution agreements (CA) for similar programs in the "
        "five PNT jurisdictions.",
        "Incohérences entre les ententes de contribution (EC) de 2012-2017 pour des programmes similaires "
        "des 5 administrations des PTN.",
        Measure.NONE,
        None,
    ),
    (
        "reason-inconsistent-pd",
        R,
        "Inconsistent professional development (PD) opportunities from one provider to the next.",
        "Incohérence entre les occasions de perfectionnement professionnel d'un fournisseur à l'autre.",
        Measure.EQUITY,
        None,
    ),
    (
        "reason-urban-small-availability",
        R,
        "Inconsistent availability of services between large urban centres and small centres.",
        "Incohérence dans la disponibilité des services entre les grands centres urbains et les petits "
        "centres.",
        Measure.PARTICIPATION,
        None,
    ),
    (
        "reason-little-work-from-results",
        R,
        "Very little work was done in the past from the results.",
        "Très peu de travaux entrepris par le passé à partir des résultats.",
        Measure.RESULTS,
        None,
    ),
    (
        "reason-vulnerable-populations",
        R,
        "The wish to improve services for vulnerable populations.",
        "Désir d'améliorer les services destinés aux populations vulnérables.",
        Measure.NONE,
        None,
    ),
    (
        "reason-few-connections",
        R,
        "In the past, PNT settlement organisations offering similar services had few chances to connect "
        "beyond their own jurisdictions.",
        "Par le passé, les organismes d'aide à l'établissement des PTN fournissant des services similaires "
        "avaient peu d'occasions d'établir des liens hors de leurs domaines de compétence.",
        Measure.PARTICIPATION,
        None,
    ),
    (
        "reason-ontario-bc-yukon",
        R,
        "Ontario and British Columbia/Yukon adopted this approach, with significant past success in "
        "building communities of practice, identifying and spreading best practices, and carrying out "
        "evaluations for the future planning and delivery of services.",
        "L'Ontario et la Colombie-Britannique/Yukon ont adopté cette méthode qui a connu un succès important "
        "dans le passé pour l'établissement de communautés de pratique, la détermination et la "
        "généralisation de pratiques exemplaires, et la réalisation d'évaluations visant la planification "
        "et la prestation futures des services.",
        Measure.NONE,
        None,
    ),
    (
        "reason-investment-priorities",
        R,
        "Investment opportunities where priorities have been set.",
        "Occasions d'investissement où les priorités ont été établies.",
        Measure.NONE,
        None,
    ),
    (
        "reason-winter-is-coming",
        R,
        "Winter is coming!",
        "L'hiver approche!",
        Measure.NONE,
        None,
    ),
    # "Quels sont les défis?"
    (
        "challenge-resources-equity",
        C,
        "Resources: converging to equity",
        "Ressources : converger vers l'équité",
        Measure.EQUITY,
        None,
    ),
    (
        "challenge-calendar-planning",
        C,
        "Calendar and planning",
        "Calendrier et planification",
        Measure.PLANNING,
        None,
    ),
    ("challenge-participation", C, "Participation", "Participation", Measure.PARTICIPATION, None),
    ("challenge-results", C, "Results", "Résultats", Measure.RESULTS, None),
    ("challenge-access-to-reports", C, "Access to reports", "Accès aux rapports", Measure.REPORTS, None),
    # "Quelles sont les possibilités?"
    (
        "opportunity-annual-pd-survey",
        OPP,
        "The annual professional development survey",
        "Sondage annuel sur le perfectionnement professionnel",
        Measure.SURVEY,
        None,
    ),
    (
        "opportunity-continuous-improvement",
        OPP,
        "Continuous improvement (evaluations)",
        "Amélioration continue (évaluations)",
        Measure.EVALUATIONS,
        None,
    ),
    (
        "opportunity-fiscal-cycle-planning",
        OPP,
        "Planning within the fiscal cycle",
        "Planification au cours du cycle financier",
        Measure.PLANNING,
        None,
    ),
    (
        "opportunity-technology",
        OPP,
        "Making use of technology",
        "Exploiter la technologie",
        Measure.NONE,
        None,
    ),
    (
        "opportunity-coordination",
        OPP,
        "Coordinating the activities of the groups, the umbrella organisations, the LIPs and the "
        "Francophone immigration networks, and the organisations' own plans",
        "Coordination des activités des groupes, des organisations-cadres, des activités des PLI et des "
        "réseaux en immigration francophone, et des plans des organismes",
        Measure.NONE,
        None,
    ),
    (
        "opportunity-national-communities",
        OPP,
        "Building links with national communities of practice where possible",
        "Établissement de liens avec les communautés de pratique nationales lorsque cela est possible",
        Measure.NONE,
        None,
    ),
    # The PD template's results: what the deck says the data showed (stated, not computed).
    (
        "finding-pd-funds-inequitable",
        StatementKind.FINDING,
        "PD funds are currently distributed inequitably.",
        "Les fonds pour le perfectionnement professionnel sont actuellement distribués inéquitablement.",
        Measure.EQUITY,
        None,
    ),
    (
        "finding-needs-hard-to-identify",
        StatementKind.FINDING,
        "Many providers find it hard to identify their PD needs or to cost PD opportunities.",
        "De nombreux fournisseurs de services ont de la difficulté à déterminer leurs besoins en matière de "
        "perfectionnement professionnel ou à établir le coût des occasions de perfectionnement "
        "professionnel.",
        Measure.SURVEY,
        None,
    ),
    (
        "finding-common-themes",
        StatementKind.FINDING,
        "Many common themes could be addressed together at the regional, provincial/territorial or "
        "community level instead of one by one.",
        "De nombreux thèmes courants pourraient être abordés de façon globale à l'échelle régionale, "
        "provinciale/territoriale ou communautaire, au lieu d'être traités individuellement.",
        Measure.SURVEY,
        None,
    ),
    (
        "finding-tailored-pd",
        StatementKind.FINDING,
        "Organisations need PD tailored to them.",
        "Il est nécessaire d'offrir du perfectionnement professionnel adapté pour les organismes.",
        Measure.NONE,
        None,
    ),
    (
        "finding-small-north-resources",
        StatementKind.FINDING,
        "Providers in small centres and the North need additional resources for their PD.",
        "Les fournisseurs des petits centres et du Nord ont besoin de ressources additionnelles pour se "
        "perfectionner sur le plan professionnel.",
        Measure.EQUITY,
        None,
    ),
    # The base PD allocation policy's commitments.
    (
        "commitment-evaluate-pd-approach",
        StatementKind.COMMITMENT,
        "Evaluate this PD approach, individually and overall, to make sure it achieves its results before "
        "the 2019 call for proposals.",
        "Évaluer cette approche du perfectionnement professionnel à l'échelle individuelle et globale pour "
        "assurer l'atteinte des résultats avant l'appel de propositions de 2019.",
        Measure.NONE,
        None,
    ),
    (
        "commitment-base-allocation-separate",
        StatementKind.COMMITMENT,
        "A maximum base PD allocation is offered in every PD agreement, separate from the funding offered "
        "through the working groups or the regional PD strategy pilot.",
        "Une allocation maximale pour le perfectionnement professionnel de base sera offerte dans le cadre "
        "de toutes les ententes de perfectionnement professionnel, indépendamment de celle offerte par "
        "l'entremise des groupes ou de la stratégie pilote régionale sur le perfectionnement professionnel.",
        Measure.NONE,
        None,
    ),
    # "Quelles activités sont prévues dans l'avenir?"
    (
        "collaboration-partners-group-learning",
        StatementKind.COLLABORATION,
        "IRCC is working with partners to plan group learning activities by the end of the fiscal cycle "
        "and to make sure organisations have the resources to take part.",
        "IRCC collabore avec des partenaires afin de planifier des activités d'apprentissage de groupe d'ici "
        "la fin du cycle financier et de s'assurer que les organismes disposent des ressources appropriées "
        "pour y participer.",
        Measure.PLANNING,
        None,
    ),
    (
        "collaboration-umbrellas-online-courses",
        StatementKind.COLLABORATION,
        "IRCC is also working with the umbrella organisations to deliver more of the online courses that "
        "many settlement workers need (according to the annual PD survey).",
        "IRCC collabore aussi avec des organisations-cadres pour accroître la prestation des cours en ligne "
        "dont a besoin une grande partie des intervenants en établissement (selon le sondage annuel sur le "
        "perfectionnement professionnel).",
        Measure.SURVEY,
        None,
    ),
    # "Qu'avons-nous fait jusqu'à présent?" (other work)
    (
        "other-work-students-mapping",
        StatementKind.OTHER_WORK,
        "IRCC hired students to help prepare a consistent mapping approach across all working groups, and "
        "measures of clients' current use of these services.",
        "IRCC a embauché des étudiants qui participeront à la préparation d'une approche cohérente de la "
        "schématisation dans tous les groupes de concertation et de mesures du recours actuel à ces "
        "services par les clients.",
        Measure.NONE,
        None,
    ),
    # "Qui est responsable des groupes de concertation?"
    (
        "governance-internal-ircc-groups",
        StatementKind.GOVERNANCE,
        "Internal working groups of IRCC program officers responsible for the contribution agreements of "
        "similar services, similar clienteles or shared community/institutional traits are being set up.",
        "Des groupes de travail internes d'agents de programme d'IRCC responsables des ententes de "
        "contribution offrant des services similaires/à des clientèles similaires ou présentant des "
        "caractéristiques communautaires/institutionnelles en commun sont en cours de création.",
        Measure.NONE,
        None,
    ),
    # "Trois groupes de concertation ont organisé des activités à l'échelle nationale."
    (
        "national-lgbtq",
        StatementKind.NATIONAL,
        "The LGBTQ+ working group has run national-scale activities.",
        "Le groupe de concertation LGBTQ+ a organisé des activités à l'échelle nationale.",
        Measure.NONE,
        "lgbtq",
    ),
    (
        "national-lip",
        StatementKind.NATIONAL,
        "The LIP working group has run national-scale activities.",
        "Le groupe de concertation PLI a organisé des activités à l'échelle nationale.",
        Measure.NONE,
        "lip",
    ),
    (
        "national-small-centres",
        StatementKind.NATIONAL,
        "The Small centres working group has run national-scale activities.",
        "Le groupe de concertation Petits centres a organisé des activités à l'échelle nationale.",
        Measure.NONE,
        "small-centres",
    ),
]


@transaction.atomic
def load_seed() -> dict[str, int]:
    from groups.models import WorkingGroup

    groups = {g.slug: g for g in WorkingGroup.objects.filter(slug__in={s[5] for s in STATEMENTS if s[5]})}
    order: dict[str, int] = {}
    for slug, kind, text_en, text_fr, measure, group in STATEMENTS:
        order[kind] = order.get(kind, 0) + 1
        upsert(
            ProgrammeStatement,
            slug=slug,
            defaults={
                "kind": kind,
                "order": order[kind],
                "text_en": text_en,
                "text_fr": text_fr,
                "measure": measure,
                "group": groups.get(group) if group else None,
                "fiscal_year": SEED_YEAR,
                "source": SOURCE,
            },
        )
    return {"programme statements": len(STATEMENTS)}
