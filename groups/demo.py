"""Fictional governance for demonstration: a steering committee chaired by demo provider A's account,
an advisory body, a work plan with an overdue item, and meetings. Role names only, never real people."""

import datetime

from django.db import transaction
from django.utils import timezone

from portal.fiscal import fiscal_year_bounds, fiscal_year_of
from portal.seeding import upsert

from .models import (
    Committee,
    CommitteeKind,
    CommitteeMember,
    CommunityOfPractice,
    ItemStatus,
    Meeting,
    MeetingFormat,
    MemberRole,
    NationalCommunityLink,
    WorkingGroup,
    WorkPlan,
    WorkPlanItem,
)

# Runs after these apps' demo modules (portal.discovery).
AFTER = ("organisations", "pd_budget")


@transaction.atomic
def load_demo() -> dict[str, int]:
    from organisations.demo import DEMO_PROVIDER_A, PROVIDERS
    from organisations.models import Provider
    from portal.models import User

    today = timezone.localdate()
    year = fiscal_year_of(today)
    start, _end = fiscal_year_bounds(year)
    providers = {p.name: p for p in Provider.objects.filter(name__in=[row[0] for row in PROVIDERS])}
    staff = User.objects.filter(username="demo-staff").first()
    provider_a_user = User.objects.filter(username="demo-provider-a").first()

    group = WorkingGroup.objects.get(slug="case-management")
    if staff and group.lead_id is None:
        group.lead = staff
        group.save(update_fields=["lead"])

    steering, _ = upsert(
        Committee,
        group=group,
        kind=CommitteeKind.STEERING,
        defaults={
            "name_en": "Case management steering committee",
            "name_fr": "Comité directeur de la gestion des cas",
            "terms_of_reference_en": "Provider representatives from the region write and carry out the "
            "group's work plan with the IRCC lead. Meets every quarter.",
            "terms_of_reference_fr": "Des représentants des fournisseurs de la région élaborent et mettent "
            "en œuvre le plan de travail du groupe avec le responsable d'IRCC. Se réunit chaque trimestre.",
            "min_meetings_per_year": 4,
        },
    )
    seats = [
        (
            ("Settlement program manager", "Gestionnaire de programme d'établissement"),
            MemberRole.CHAIR,
            DEMO_PROVIDER_A,
            "AB",
            provider_a_user,
        ),
        (
            ("Case management coordinator", "Coordonnateur de la gestion des cas"),
            MemberRole.MEMBER,
            "Riverbend Immigrant Centre (demo)",
            "SK",
            None,
        ),
        (
            ("Senior settlement counsellor", "Conseiller principal en établissement"),
            MemberRole.MEMBER,
            "Red River Welcome Society (demo)",
            "MB",
            None,
        ),
        (("Program officer", "Agent de programme"), MemberRole.IRCC_LEAD, None, None, staff),
    ]
    members = []
    for (person, person_fr), role, provider, jurisdiction, user in seats:
        wanted = {
            "person_name_fr": person_fr,
            "role": role,
            "provider": providers.get(provider) if provider else None,
            "organisation_name_en": "" if provider else "IRCC",
            "organisation_name_fr": "" if provider else "IRCC",
            "jurisdiction_id": jurisdiction,
            "user": user,
        }
        # Saved only when something differs: a second run adds no line to the seats' history.
        member, _created = upsert(CommitteeMember, committee=steering, person_name_en=person, defaults=wanted)
        members.append(member)

    upsert(
        Committee,
        group=group,
        kind=CommitteeKind.ADVISORY,
        fiscal_year=year,
        defaults={
            "name_en": "Case management learning event advisory body",
            "name_fr": "Organe consultatif de l'activité d'apprentissage sur la gestion des cas",
            "host_organisation": "Riverbend Immigrant Centre (demo)",
        },
    )

    # One meeting early in the year: behind the pro-rata minimum once a second quarter has gone by.
    meeting, _ = upsert(
        Meeting,
        committee=steering,
        date=min(start + datetime.timedelta(days=20), today),
        defaults={
            "format": MeetingFormat.TELECONFERENCE,
            "decisions_en": "Adopt the work plan; circulate the draft typology of case-management "
            "approaches.",
            "decisions_fr": "Adopter le plan de travail ; diffuser l'ébauche de typologie des approches "
            "de gestion des cas.",
            "attendee_count": 5,
        },
    )
    meeting.attendees.set(members[:3])

    plan, _ = upsert(
        WorkPlan,
        group=group,
        fiscal_year=year,
        defaults={
            "summary_en": "Finish the typology of case-management approaches and share its results.",
            "summary_fr": "Terminer la typologie des approches de gestion des cas et en diffuser les "
            "résultats.",
        },
    )
    chair_seat, lead_seat = members[0], members[3]
    # Owners are people of the portal (issue 16): the chair's seat, the IRCC lead's, an outside body.
    items = [
        (
            (
                "Finish the typology of case-management approaches",
                "Terminer la typologie des approches de gestion des cas",
            ),
            chair_seat,
            "",
            -60,
            ItemStatus.DONE,
        ),
        (
            (
                "Share the typology with the needs-assessment group",
                "Communiquer la typologie au groupe sur l'évaluation des besoins",
            ),
            lead_seat,
            "",
            -10,
            ItemStatus.IN_PROGRESS,
        ),
        (
            (
                "Circulate the draft service map to the committee",
                "Faire circuler l'ébauche de la carte des services au comité",
            ),
            chair_seat,
            "",
            5,
            ItemStatus.IN_PROGRESS,
        ),
        (
            ("Plan the fall learning event", "Planifier l'activité d'apprentissage de l'automne"),
            None,
            "Riverbend Immigrant Centre (demo)",
            60,
            ItemStatus.NOT_STARTED,
        ),
    ]
    for (title_en, title_fr), seat, owner, offset, status in items:
        upsert(
            WorkPlanItem,
            work_plan=plan,
            title_en=title_en,
            defaults={
                "title_fr": title_fr,
                "owner_member": seat,
                "owner": owner,
                "due_date": today + datetime.timedelta(days=offset),
                "status": status,
            },
        )

    lip = CommunityOfPractice.objects.filter(slug="lip-base-camp").first()
    if lip:
        NationalCommunityLink.objects.get_or_create(
            community=lip,
            url="https://national-lip-network.example.org/",
            defaults={"name": "National LIP community of practice (demo)"},
        )
    return {"committees": 2, "committee seats": len(seats), "meetings": 1, "work plan items": len(items)}
