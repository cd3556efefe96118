"""Scale data for `generate_scale_data`: about 40 groups and sub-groups per unit of scale.

Scale 1 is the seed itself; each further unit adds a region's worth of fictional groups (a top
group with three sub-groups, ten times over), each with a steering committee, four members, a
work plan with items and meetings. Bulk inserts, deterministic for a given random generator.
"""

import datetime
import random

from django.db.models import Max

from portal.fiscal import current_fiscal_year

from .models import Category, Committee, CommitteeMember, Meeting, Stage, WorkingGroup, WorkPlan, WorkPlanItem

# Runs after these apps' scale modules (portal.discovery).
AFTER = ("pd_budget",)

ROLES = ["chair", "member", "member", "member"]
JURISDICTIONS = ["AB", "SK", "MB", "NT", "NU"]


def generate(*, scale: int, rng: random.Random) -> dict[str, int]:
    categories = list(Category.objects.order_by("order"))
    start = (WorkingGroup.objects.aggregate(n=Max("order"))["n"] or 0) + 1
    tops, subs = [], []
    # Additive: a second run carries on after the units already generated.
    done = WorkingGroup.objects.filter(slug__startswith="scale-", parent=None).count() // 10
    for unit in range(done + 1, done + scale):
        for i in range(10):
            n = start + unit * 100 + i * 4
            category = categories[(unit + i) % len(categories)]
            tops.append(
                WorkingGroup(
                    slug=f"scale-{unit}-{i}",
                    name_en=f"Regional group {unit}.{i}",
                    name_fr=f"Groupe régional {unit}.{i}",
                    category=category,
                    stage=rng.choice(Stage.values),
                    order=n,
                )
            )
    WorkingGroup.objects.bulk_create(tops, ignore_conflicts=True)
    tops = list(WorkingGroup.objects.filter(slug__in=[g.slug for g in tops]))
    for top in tops:
        for k in range(3):
            subs.append(
                WorkingGroup(
                    slug=f"{top.slug}-{k}",
                    name_en=f"{top.name_en} - part {k + 1}",
                    name_fr=f"{top.name_fr} - volet {k + 1}",
                    category=top.category,
                    parent=top,
                    stage=top.stage,
                    order=top.order + k + 1,
                )
            )
    WorkingGroup.objects.bulk_create(subs, ignore_conflicts=True)
    groups = tops + list(WorkingGroup.objects.filter(slug__in=[g.slug for g in subs]))

    committees = [
        Committee(
            kind="steering",
            name_en=f"{g.name_en} steering committee",
            name_fr=f"Comité directeur : {g.name_fr}",
            group=g,
        )
        for g in tops
    ]
    Committee.objects.bulk_create(committees)
    members, meetings = [], []
    year = current_fiscal_year()
    for committee in committees:
        for r, role in enumerate(ROLES):
            members.append(
                CommitteeMember(
                    committee=committee,
                    person_name_en=f"Representative {r + 1}",
                    person_name_fr=f"Représentant {r + 1}",
                    organisation_name_en="Demo organisation",
                    organisation_name_fr="Organisme de démonstration",
                    role=role,
                    jurisdiction_id=rng.choice(JURISDICTIONS),
                )
            )
        for m in range(rng.randint(0, 4)):
            meetings.append(
                Meeting(
                    committee=committee,
                    date=datetime.date(year, 4 + 2 * m, 15),
                    format=rng.choice(["in_person", "teleconference", "online"]),
                    decisions_en=f"Decision {m + 1}",
                    decisions_fr=f"Décision {m + 1}",
                )
            )
    CommitteeMember.objects.bulk_create(members)
    Meeting.objects.bulk_create(meetings)
    plans = [WorkPlan(group=g, fiscal_year=year) for g in tops]
    WorkPlan.objects.bulk_create(plans)
    items = [
        WorkPlanItem(
            work_plan=p,
            title_en=f"Deliverable {k + 1}",
            title_fr=f"Livrable {k + 1}",
            owner="Chair",
            due_date=datetime.date(year, 5 + k * 3, 1),
            status=rng.choice(["not_started", "done"]),
        )
        for p in plans
        for k in range(3)
    ]
    WorkPlanItem.objects.bulk_create(items)
    return {
        "groups": len(groups),
        "committees": len(committees),
        "members": len(members),
        "meetings": len(meetings),
        "work plan items": len(items),
    }
