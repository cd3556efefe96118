"""The group-health rule: a score from 0 to 100 for every working group and every committee, made of
parts that are shown and add up to the score.

A group's five parts (weights sum to 100):

- meeting cadence, 25: per committee, meetings held in the last 12 months over its minimum per
  year (at least one when it sets none), capped at 1; the mean over the group's committees (an
  advisory body counts only in its own fiscal year);
- attendance, 20: members present over seats filled on the day, summed over every meeting of the
  group's committees in the last 12 months;
- representation, 20: half for the jurisdictions, half for the centre types of the providers in the
  group's scope that a current steering-committee member comes from;
- work plan, 20: 1 - overdue items / items of this fiscal year's work plan (no plan or an empty
  one: 0);
- recent activity, 15: 1 up to 90 days since the last meeting or held learning event, falling
  evenly to 0 at 365 days.

A committee's three parts: cadence 40, attendance 30, recent activity 30 (its own meetings).

Each part's points are its weight x its ratio, rounded half up to a whole number; the score is the
sum of the points, so the parts shown always add up to it. A group or committee is dormant when
nothing happened in the last 365 days (or ever), or when staff set the group's stage to dormant.

The weights and thresholds are the portal's reading of the seed's challenges ("participation",
"scheduling and planning", "results"); the minimum meetings come from the committees themselves
(`min_meetings_per_year`, four for the PD committees per their terms of reference).

Pure: no database. `groups.selectors.group_health_map` gathers the facts in a fixed number of queries.
"""

import datetime
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

WINDOW_DAYS = 365
RECENT_DAYS = 90
DORMANT_DAYS = 365
#: A committee that sets no minimum is still expected to meet once in twelve months.
DEFAULT_MINIMUM = 1

GROUP_WEIGHTS = {"cadence": 25, "attendance": 20, "representation": 20, "work_plan": 20, "recency": 15}
COMMITTEE_WEIGHTS = {"cadence": 40, "attendance": 30, "recency": 30}

LABELS = {
    "cadence": _("Meeting cadence"),
    "attendance": _("Attendance"),
    "representation": _("Representation on the steering committee"),
    "work_plan": _("Work-plan progress"),
    "recency": _("Recent activity"),
}

#: The centre types' names (pd_budget.models.CentreType), for the representation part's details.
CENTRE_TYPES = {"urban": _("Large urban centre"), "small": _("Small centre"), "north": _("North")}


def _names(codes, names=None) -> str:
    return ", ".join(str(names.get(c, c)) if names else c for c in codes) or "-"


@dataclass(frozen=True)
class CommitteeFacts:
    """What a committee did in the last 12 months."""

    minimum: int = 0
    held: int = 0
    present: int = 0  # members present, summed over the meetings
    seats: int = 0  # seats filled on each meeting's day, summed over the meetings
    last_meeting: datetime.date | None = None


@dataclass(frozen=True)
class GroupFacts:
    committees: tuple[CommitteeFacts, ...] = ()
    scope_jurisdictions: frozenset[str] = frozenset()
    scope_centre_types: frozenset[str] = frozenset()
    has_steering: bool = False
    steering_jurisdictions: frozenset[str] = frozenset()
    steering_centre_types: frozenset[str] = frozenset()
    plan_items: int = 0
    plan_overdue: int = 0
    last_activity: datetime.date | None = None
    stage_dormant: bool = False


@dataclass(frozen=True)
class Part:
    key: str
    weight: int
    ratio: Fraction
    points: int
    facts: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(LABELS[self.key])

    @property
    def percent(self) -> int:
        return round_half_up(self.ratio * 100)

    @property
    def detail(self) -> str:
        """What was counted, in the reader's language."""
        f = self.facts
        if self.key == "cadence":
            if "committees" not in f:
                return (
                    ngettext(
                        "%(held)s meeting in 12 months, %(expected)s expected.",
                        "%(held)s meetings in 12 months, %(expected)s expected.",
                        f["held"],
                    )
                    % f
                )
            if not f["committees"]:
                return gettext("No committee.")
            return (
                ngettext(
                    "%(held)s meeting in 12 months, %(expected)s expected (%(committees)s committee).",
                    "%(held)s meetings in 12 months, %(expected)s expected (%(committees)s committees).",
                    f["held"],
                )
                % f
            )
        if self.key == "attendance":
            if not f["seats"]:
                return gettext("No meeting in the last 12 months.")
            return gettext("%(present)s members present of %(seats)s seats filled.") % f
        if self.key == "representation":
            if not f["steering_committee"]:
                return gettext("No steering committee.")
            return gettext("Jurisdictions: %(jc)s of %(js)s. Centre types: %(tc)s of %(ts)s.") % {
                "jc": _names(f["jurisdictions_covered"]),
                "js": _names(f["jurisdictions_in_scope"]),
                "tc": _names(f["centre_types_covered"], CENTRE_TYPES),
                "ts": _names(f["centre_types_in_scope"], CENTRE_TYPES),
            }
        if self.key == "work_plan":
            if not f["items"]:
                return gettext("No work plan item for this fiscal year.")
            return gettext("%(overdue)s overdue of %(items)s items.") % f
        if f["days"] is None:
            return gettext("No meeting or held event recorded.")
        return (
            ngettext(
                "%(days)s day since the last activity.", "%(days)s days since the last activity.", f["days"]
            )
            % f
        )

    def as_dict(self) -> dict:
        return {
            "weight": self.weight,
            "ratio": float(round(self.ratio, 4)),
            "points": self.points,
            **self.facts,
        }


@dataclass(frozen=True)
class Health:
    score: int
    parts: tuple[Part, ...]
    dormant: bool
    last_activity: datetime.date | None
    days_since_activity: int | None

    def part(self, key: str) -> Part:
        return next(p for p in self.parts if p.key == key)

    def as_dict(self) -> dict:
        return {
            "score": self.score,
            "dormant": self.dormant,
            "last_activity": self.last_activity.isoformat() if self.last_activity else None,
            "parts": {p.key: p.as_dict() for p in self.parts},
        }


def round_half_up(value: Fraction) -> int:
    """Halves away from zero, in integers (Fraction arithmetic was a third of the list page)."""
    value = Fraction(value)
    if value < 0:
        return -round_half_up(-value)
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def _share(numerator: int, denominator: int) -> Fraction:
    return min(Fraction(numerator, denominator), Fraction(1)) if denominator > 0 else Fraction(0)


def cadence_ratio(committee: CommitteeFacts) -> Fraction:
    return _share(committee.held, max(committee.minimum, DEFAULT_MINIMUM))


def recency_ratio(days: int | None) -> Fraction:
    """1 up to RECENT_DAYS, then evenly down to 0 at DORMANT_DAYS; nothing ever: 0."""
    if days is None or days >= DORMANT_DAYS:
        return Fraction(0)
    if days <= RECENT_DAYS:
        return Fraction(1)
    return Fraction(DORMANT_DAYS - days, DORMANT_DAYS - RECENT_DAYS)


def _days_since(last: datetime.date | None, today: datetime.date) -> int | None:
    return max((today - last).days, 0) if last else None


def _part(key: str, weights: dict, ratio: Fraction, **facts) -> Part:
    return Part(
        key=key, weight=weights[key], ratio=ratio, points=round_half_up(weights[key] * ratio), facts=facts
    )


def _health(parts: list[Part], *, last: datetime.date | None, today: datetime.date, dormant_stage=False):
    days = _days_since(last, today)
    return Health(
        score=sum(p.points for p in parts),
        parts=tuple(parts),
        dormant=dormant_stage or days is None or days >= DORMANT_DAYS,
        last_activity=last,
        days_since_activity=days,
    )


def compute_committee_health(facts: CommitteeFacts, *, today: datetime.date) -> Health:
    days = _days_since(facts.last_meeting, today)
    w = COMMITTEE_WEIGHTS
    parts = [
        _part(
            "cadence", w, cadence_ratio(facts), held=facts.held, expected=max(facts.minimum, DEFAULT_MINIMUM)
        ),
        _part("attendance", w, _share(facts.present, facts.seats), present=facts.present, seats=facts.seats),
        _part("recency", w, recency_ratio(days), days=days),
    ]
    return _health(parts, last=facts.last_meeting, today=today)


def compute_group_health(facts: GroupFacts, *, today: datetime.date) -> Health:
    w = GROUP_WEIGHTS
    committees = facts.committees
    cadence = (
        sum((cadence_ratio(c) for c in committees), Fraction(0)) / len(committees)
        if committees
        else Fraction(0)
    )
    present = sum(c.present for c in committees)
    seats = sum(c.seats for c in committees)
    juris_covered = facts.steering_jurisdictions & facts.scope_jurisdictions
    types_covered = facts.steering_centre_types & facts.scope_centre_types
    representation = (
        (
            _share(len(juris_covered), len(facts.scope_jurisdictions))
            + _share(len(types_covered), len(facts.scope_centre_types))
        )
        / 2
        if facts.has_steering
        else Fraction(0)
    )
    work_plan = (
        Fraction(facts.plan_items - facts.plan_overdue, facts.plan_items) if facts.plan_items else Fraction(0)
    )
    days = _days_since(facts.last_activity, today)
    parts = [
        _part(
            "cadence",
            w,
            cadence,
            committees=len(committees),
            held=sum(c.held for c in committees),
            expected=sum(max(c.minimum, DEFAULT_MINIMUM) for c in committees),
        ),
        _part("attendance", w, _share(present, seats), present=present, seats=seats),
        _part(
            "representation",
            w,
            representation,
            steering_committee=facts.has_steering,
            jurisdictions_covered=sorted(juris_covered),
            jurisdictions_in_scope=sorted(facts.scope_jurisdictions),
            centre_types_covered=sorted(types_covered),
            centre_types_in_scope=sorted(facts.scope_centre_types),
        ),
        _part("work_plan", w, work_plan, items=facts.plan_items, overdue=facts.plan_overdue),
        _part("recency", w, recency_ratio(days), days=days),
    ]
    return _health(parts, last=facts.last_activity, today=today, dormant_stage=facts.stage_dormant)


def health_rule_context() -> dict:
    """The rule's numbers, for the page that explains it."""
    return {
        "group_weights": GROUP_WEIGHTS,
        "committee_weights": COMMITTEE_WEIGHTS,
        "recent_days": RECENT_DAYS,
        "dormant_days": DORMANT_DAYS,
        "default_minimum": DEFAULT_MINIMUM,
    }
