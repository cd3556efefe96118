"""The review-and-planning briefing ("Bilan et planification") of one fiscal year, built from the live
data in the seed deck's order, in the active language: what the groups are, who is responsible, why the
project started, what was done, what is planned, the pilot courses, the base PD allocation, the PD
advisory committees, the challenges and the opportunities.

`build_briefing(fiscal_year)` returns a `Briefing`: sections of blocks (paragraphs, bullet lists,
tables, charts) that the PowerPoint and PDF writers (`files`) lay out the same way. Every chart's
figures are also a table. Statements the programme made (its findings, reasons, commitments) are
labelled as stated, apart from the figures the portal computes.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from portal.fiscal import fiscal_year_bounds, fiscal_year_label
from portal.i18n import current_language
from portal.money import format_money

from ..measures import Chart, MeasureResult, measure
from ..models import StatementKind
from ..selectors import statements_by_kind


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "bullets", "table", "chart"
    text: str = ""
    items: list[str] = field(default_factory=list)
    table: Table | None = None
    chart: Chart | None = None


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def heading(self, text: str) -> None:
        self.blocks.append(Block("heading", text=text))

    def paragraph(self, text: str) -> None:
        if text:
            self.blocks.append(Block("paragraph", text=text))

    def bullets(self, items: list[str]) -> None:
        if items:
            self.blocks.append(Block("bullets", items=[str(i) for i in items]))

    def table(self, table: Table) -> None:
        if table.rows:
            self.blocks.append(Block("table", table=table))

    def chart(self, chart: Chart | None) -> None:
        if chart is not None and chart.categories:
            self.blocks.append(Block("chart", chart=chart))

    def measure(self, result: MeasureResult | None) -> None:
        if result is None:
            return
        self.heading(result.title)
        self.paragraph(result.note)
        self.table(Table(result.header, result.rows, caption=result.title))
        self.chart(result.chart)


@dataclass
class Briefing:
    title: str
    subtitle: str
    language: str
    fiscal_year: int
    sections: list[Section]

    def text(self) -> str:
        """Every word of the briefing, for checks and search."""
        parts = [self.title, self.subtitle]
        for section in self.sections:
            parts.append(section.title)
            for block in section.blocks:
                parts.extend([block.text, *block.items])
                if block.table:
                    parts.extend(" ".join(row) for row in [block.table.header, *block.table.rows])
        return "\n".join(p for p in parts if p)


def labelled(name, details) -> str:
    """ "name: details", with the colon as the language writes it (a no-break space before it in French)."""
    return _("%(name)s: %(details)s") % {"name": name, "details": details}


def _stated(kind: str) -> list[str]:
    return [s.text for s in statements_by_kind([kind])[kind]]


# --- The sections, in the seed's order --------------------------------------------------------------
def groups_section() -> Section:
    from groups.models import Category, WorkingGroup

    section = Section(_("What are the working groups?"))
    section.paragraph(
        _(
            "Groups of providers from the five PNT jurisdictions that offer similar services, serve a "
            "potentially vulnerable clientele, or share community or institutional traits."
        )
    )
    top = WorkingGroup.objects.filter(parent__isnull=True).prefetch_related(
        Prefetch("subgroups", queryset=WorkingGroup.objects.order_by("order", "slug"))
    )
    categories = Category.objects.prefetch_related(
        Prefetch("groups", queryset=top.order_by("order", "slug"), to_attr="top_groups")
    )
    rows = []
    for category in categories:
        items = []
        for group in category.top_groups:
            subs = [str(s.name) for s in group.subgroups.all()]
            items.append(labelled(group.name, ", ".join(subs)) if subs else str(group.name))
        section.heading(str(category.name))
        section.bullets(items)
        rows.append([str(category.name), str(len(category.top_groups))])
    section.chart(
        Chart(
            _("Working groups by category"),
            [r[0] for r in rows],
            [(_("Groups"), [float(r[1]) for r in rows])],
        )
    )
    section.table(Table([_("Category"), _("Groups")], rows, caption=_("Working groups by category")))
    return section


def responsibility_section(fiscal_year: int) -> Section:
    from groups.models import Committee, CommitteeKind

    section = Section(_("Who is responsible for the working groups?"))
    section.bullets(
        [
            _("A member of the PNT management team leads the creation of each working group."),
            _(
                "A steering committee of provider representatives from the region works with the PNT lead "
                "to write and carry out the group's work plan."
            ),
            _(
                "The year's learning-event host (where there is one) sets up an advisory body of local "
                "and regional representatives, which runs a needs survey that shapes the learning "
                "event's content."
            ),
            *_stated(StatementKind.GOVERNANCE),
        ]
    )
    counts = dict(
        Committee.objects.filter(Q(fiscal_year__isnull=True) | Q(fiscal_year=fiscal_year))
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    rows = [[str(label), str(counts.get(key, 0))] for key, label in CommitteeKind.choices]
    section.table(Table([_("Committee"), _("Recorded")], rows, caption=_("Governance bodies recorded")))
    return section


def reasons_section() -> Section:
    section = Section(_("Why did we start this project?"))
    section.bullets(_stated(StatementKind.REASON))
    return section


def _event_line(event, language: str) -> str:
    place = event.place_label
    date = event.date_label_in(language)
    return ", ".join(p for p in (place, date) if p) or str(event.get_status_display()).lower()


def _events_by_group(events, language: str) -> list[str]:
    grouped: dict = {}
    for event in events:
        grouped.setdefault(event.group, []).append(_event_line(event, language))
    return [f"{group.name} ({'; '.join(lines)})" for group, lines in grouped.items()]


def done_section(fiscal_year: int) -> list[Section]:
    from groups.models import CommunityOfPractice, Stage, WorkingGroup
    from learning_events.models import Evaluation, EventStatus, LearningEvent, WorkProduct

    language = current_language()
    _start, end = fiscal_year_bounds(fiscal_year)
    held = (
        LearningEvent.objects.filter(status=EventStatus.HELD)
        .filter(Q(starts_on__lte=end) | Q(starts_on__isnull=True))
        .select_related("group", "jurisdiction")
        .order_by("group__category__order", "group__order", "starts_on", "slug")
    )
    events = Section(_("What have we done so far?"))
    events.heading(_("Learning events"))
    events.bullets(_events_by_group(held, language))
    early = WorkingGroup.objects.filter(stage__in=[Stage.EARLY, Stage.PLANNING]).order_by("order")
    if early:
        events.paragraph(
            _("At an early stage or planning to start: %(groups)s.")
            % {"groups": ", ".join(f"{g.name} ({g.get_stage_display()})" for g in early)}
        )
    by_year = (
        held.filter(starts_on__isnull=False)
        .values("starts_on__year")
        .annotate(n=Count("pk"))
        .order_by("starts_on__year")
    )
    years = [(str(r["starts_on__year"]), r["n"]) for r in by_year]
    events.chart(
        Chart(
            _("Learning events held, by calendar year"),
            [y for y, _n in years],
            [(_("Events held"), [float(n) for _y, n in years])],
        )
    )
    events.table(
        Table([_("Year"), _("Events held")], [[y, str(n)] for y, n in years], _("Learning events held"))
    )

    evaluations = Section(_("What have we done so far? (evaluations and communities of practice)"))
    evaluations.heading(_("Evaluations"))
    evaluations.bullets(
        [
            "{subject} ({where}). {status}.".format(
                subject=e.subject,
                where=", ".join(p for p in (e.evaluator_organisation, e.city) if p),
                status=e.get_status_display(),
            )
            for e in Evaluation.objects.order_by("subject_" + language)
        ]
    )
    evaluations.measure(measure("results", fiscal_year=fiscal_year))
    evaluations.heading(_("Communities of practice"))
    evaluations.bullets([str(c.name) for c in CommunityOfPractice.objects.order_by("name_" + language)])

    other = Section(_("What have we done so far? (other work)"))
    other.bullets(
        [
            f"{p.title} ({p.get_status_display()})"
            for p in WorkProduct.objects.select_related("group").order_by("order", "slug")
        ]
        + _stated(StatementKind.NATIONAL)
        + _stated(StatementKind.OTHER_WORK)
    )

    template = Section(_("What have we done so far? (the PD template)"))
    template.paragraph(
        _(
            "Every funded organisation was asked to fill in a professional development (PD) template. The "
            "results were pooled and analysed to find the common requests. As stated by the programme, the "
            "data show that:"
        )
    )
    template.bullets(_stated(StatementKind.FINDING))
    template.paragraph(_("Computed by the portal from the submitted templates:"))
    template.measure(measure("survey", fiscal_year=fiscal_year))
    template.measure(measure("equity", fiscal_year=fiscal_year))
    return [events, evaluations, other, template]


def planned_section(fiscal_year: int) -> Section:
    from learning_events.models import EventSeries, EventStatus, LearningEvent

    language = current_language()
    start, _end = fiscal_year_bounds(fiscal_year)
    planned = (
        LearningEvent.objects.filter(status__in=[EventStatus.PLANNED, EventStatus.IN_PLANNING])
        .filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True))
        .select_related("group", "jurisdiction")
        .order_by("group__category__order", "group__order", "starts_on", "slug")
    )
    section = Section(_("What activities are planned?"))
    section.bullets(_events_by_group(planned, language))
    series = EventSeries.objects.exclude(status=EventStatus.CANCELLED).select_related("group")
    section.bullets([str(s.title) for s in series.order_by("group__order", "slug")])
    section.heading(_("Planned collaborations"))
    section.bullets(_stated(StatementKind.COLLABORATION))
    return section


def pilots_section() -> Section:
    from learning_events.selectors import pilot_projects

    section = Section(_("Three regional pilot courses"))
    for project in pilot_projects(user=None):
        section.heading(f"{project.title} ({project.period_label})")
        enrolments = list(project.enrolments.all())
        section.paragraph(
            _("Participants: %(list)s; %(total)s in all.")
            % {
                "list": ", ".join(f"{e.participants} ({e.jurisdiction.name})" for e in enrolments),
                "total": project.participants or 0,
            }
        )
        if project.orientation_sessions:
            section.paragraph(
                _("%(n)s orientation sessions. %(note)s")
                % {"n": project.orientation_sessions, "note": project.orientation_note}
            )
        section.table(
            Table(
                [_("Jurisdiction"), _("Participants")],
                [[str(e.jurisdiction.name), str(e.participants)] for e in enrolments],
                caption=_("Pilot participants by jurisdiction"),
            )
        )
        section.chart(
            Chart(
                _("Pilot participants by jurisdiction"),
                [str(e.jurisdiction.name) for e in enrolments],
                [(_("Participants"), [float(e.participants) for e in enrolments])],
            )
        )
        for course in project.courses.all():
            lines = [course.description]
            if course.part_of:
                lines.append(_("Part of: %(what)s.") % {"what": course.part_of})
            if course.enrolled and course.completed is not None:
                lines.append(
                    _("%(completed)s of %(enrolled)s participants completed the course.")
                    % {"completed": course.completed, "enrolled": course.enrolled}
                )
            shares = [f"{s.percent} % {s.get_role_display()}" for s in course.role_shares.all()]
            if shares:
                lines.append(", ".join(shares) + ".")
            if course.findings:
                lines.append(course.findings)
            if course.main_complaint:
                lines.append(_("Main complaint: %(text)s") % {"text": course.main_complaint})
            lines.append(str(course.get_results_status_display()) + ".")
            evaluators = [f"{ev.evaluator} ({ev.get_kind_display()})" for ev in course.evaluations.all()]
            if evaluators:
                lines.append(_("Evaluated by: %(list)s.") % {"list": "; ".join(evaluators)})
            section.heading(str(course.title))
            section.bullets([line for line in lines if line])
    return section


def policy_section(fiscal_year: int) -> Section:
    from pd_budget.models import DesignatedConference, PolicyYear

    section = Section(_("The base PD allocation"))
    policy = (
        PolicyYear.objects.filter(fiscal_year__lte=fiscal_year).order_by("-fiscal_year").first()
        or PolicyYear.objects.order_by("fiscal_year").first()
    )
    section.bullets(_stated(StatementKind.COMMITMENT)[1:2])
    if policy is None:
        section.paragraph(_("No PD policy has been recorded."))
        return section
    section.paragraph(_("Rates of fiscal year %(year)s:") % {"year": policy.fiscal_year_label})
    section.table(
        Table(
            [
                _("Centre type"),
                _("Conferences, per provider"),
                _("Language, per person"),
                _("Settlement, per person"),
            ],
            [
                [
                    str(_("Large urban centre")),
                    format_money(policy.conference_urban),
                    format_money(policy.language_per_fte),
                    format_money(policy.settlement_per_fte),
                ],
                [
                    str(_("Small centre")),
                    format_money(policy.conference_small),
                    format_money(policy.language_per_fte),
                    format_money(policy.settlement_per_fte),
                ],
                [
                    str(_("North")),
                    format_money(policy.conference_north),
                    format_money(policy.language_per_fte),
                    format_money(policy.settlement_per_fte),
                ],
            ],
            caption=_("Base PD allocation"),
        )
    )
    conferences = ", ".join(
        c.acronym for c in DesignatedConference.objects.filter(is_active=True).order_by("acronym")
    )
    section.bullets(
        [
            _("The conference amount is per provider, NOT per agreement."),
            _("Designated eligible conferences: %(list)s. Others are assessed case by case.")
            % {"list": conferences},
            _("Overruns of these amounts will NOT be approved for PD."),
            _("Providers with several sites say which of their FTEs work in small centres or the North."),
            *_stated(StatementKind.COMMITMENT)[:1],
        ]
    )
    return section


def committees_section(fiscal_year: int) -> Section:
    from groups.models import UMBRELLA_KINDS, Committee

    start, end = fiscal_year_bounds(fiscal_year)
    committees = (
        Committee.objects.filter(kind__in=UMBRELLA_KINDS)
        .select_related("umbrella")
        .annotate(
            held=Count("meetings", filter=Q(meetings__date__gte=start, meetings__date__lte=end)),
            seats=Count("members", distinct=True),
        )
        .order_by("kind", "umbrella__acronym")
    )
    section = Section(_("PD advisory committees"))
    rows = []
    for committee in committees:
        section.heading(str(committee.name))
        section.paragraph(committee.terms_of_reference)
        rows.append(
            [
                str(committee.name),
                str(committee.min_meetings_per_year),
                str(committee.held),
                str(committee.seats),
            ]
        )
    section.table(
        Table(
            [
                _("Committee"),
                _("Minimum meetings a year"),
                _("Meetings in %(year)s") % {"year": fiscal_year_label(fiscal_year)},
                _("Seats"),
            ],
            rows,
            caption=_("PD advisory committees"),
        )
    )
    return section


def _statements_with_measures(title: str, kind: str, fiscal_year: int) -> Section:
    section = Section(title)
    statements = statements_by_kind([kind])[kind]
    section.bullets([s.text for s in statements])
    for statement in statements:
        if statement.measure:
            result = measure(statement.measure, fiscal_year=fiscal_year)
            if result is not None:
                section.heading(labelled(statement.text, result.title))
                section.paragraph(result.note)
                section.table(Table(result.header, result.rows, caption=result.title))
                section.chart(result.chart)
    return section


def build_briefing(fiscal_year: int, *, on_progress=None) -> Briefing:
    """The briefing of `fiscal_year` in the active language, from the data as it stands."""
    progress = on_progress or (lambda percent, step: None)
    sections: list[Section] = []
    steps = [
        ("groups", lambda: [groups_section()]),
        ("governance", lambda: [responsibility_section(fiscal_year)]),
        ("reasons", lambda: [reasons_section()]),
        ("done", lambda: done_section(fiscal_year)),
        ("planned", lambda: [planned_section(fiscal_year)]),
        ("pilots", lambda: [pilots_section()]),
        ("policy", lambda: [policy_section(fiscal_year)]),
        ("committees", lambda: [committees_section(fiscal_year)]),
        (
            "challenges",
            lambda: [
                _statements_with_measures(_("What are the challenges?"), StatementKind.CHALLENGE, fiscal_year)
            ],
        ),
        (
            "opportunities",
            lambda: [
                _statements_with_measures(
                    _("What are the opportunities?"), StatementKind.OPPORTUNITY, fiscal_year
                )
            ],
        ),
    ]
    for n, (step, build) in enumerate(steps):
        progress(5 + 60 * n // len(steps), step)
        sections.extend(build())
    return Briefing(
        title=_("Settlement working groups: review and planning"),
        subtitle=_("Integration, Prairies and Northern Territories (PNT). Fiscal year %(year)s.")
        % {"year": fiscal_year_label(fiscal_year)},
        language=current_language(),
        fiscal_year=fiscal_year,
        sections=sections,
    )


__all__ = ["Block", "Briefing", "Section", "Table", "build_briefing"]
