"""The seed's learning events and quarterly-call series (September 2018 review deck), their dates
written with the fuzzy-date rule (`learning_events/fuzzy_dates.py`).

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

from groups.models import WorkingGroup
from portal.seeding import upsert

from .. import fuzzy_dates
from ..models import (
    DatePrecision,
    EventFormat,
    EventSeries,
    EventStatus,
    LearningEvent,
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
    return {"precision": DatePrecision.SEASON, "year": y, "season": fuzzy_dates.Season.FALL}


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


def default_title(group: WorkingGroup, event_format: str) -> tuple[str, str]:
    if event_format == TELE:
        return f"{group.name_en} teleconference", f"Téléconférence : {group.name_fr}"
    return f"{group.name_en} learning event", f"Activité d'apprentissage : {group.name_fr}"


def load_events(groups: dict[str, WorkingGroup], series: dict[str, EventSeries]) -> int:
    for slug, row in EVENTS.items():
        group_slug, series_slug, fmt, city, jurisdiction, when, status, *rest = row
        titles = rest[0] if rest and rest[0] else default_title(groups[group_slug], fmt)
        notes = rest[1] if len(rest) > 1 else ("", "")
        anchors = fuzzy_dates.date_fields(**when)
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
                "notes_en": notes[0],
                "notes_fr": notes[1],
                **anchors,
            },
        )
    return len(EVENTS)


def load_series(groups: dict[str, WorkingGroup]) -> dict[str, EventSeries]:
    """The planning list's quarterly-call series, one per group that holds them."""
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
    return series
