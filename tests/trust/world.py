"""The world the access matrix and the hostile-input tests share: one object of each kind, built
once per test from the seed, with provider A owning (or sitting on) what a provider can own."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class World:
    users: dict  # role name -> User (None: anonymous)
    provider_a: object
    provider_b: object
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def build_world(*, provider_a, provider_b, provider_a_user, provider_b_user, staff_user, admin_user) -> World:
    from groups.models import (
        Committee,
        CommitteeKind,
        CommitteeMember,
        CommunityOfPractice,
        Meeting,
        MemberRole,
        NationalCommunityLink,
        WorkingGroup,
        WorkPlan,
        WorkPlanItem,
    )
    from learning_events.models import (
        Evaluation,
        EventSeries,
        LearningEvent,
        NeedsSurvey,
        Registration,
        ReportAccessGrant,
        ReportFile,
    )
    from pd_budget.models import PDRequest
    from portal.models import ExportJob
    from surveys.models import AggregationRun
    from tests.pd_budget.factories import (
        AgreementFactory,
        DesignatedConferenceFactory,
        PolicyYearFactory,
        SiteFTEFactory,
        add_site,
        this_fiscal_year,
    )
    from tests.surveys.factories import COMPLETE, PDTemplateFactory, SurveyCycleFactory

    objects: dict = {}
    # --- groups: A's user chairs the steering committee of a group B has no seat on.
    group = WorkingGroup.objects.get(slug="case-management")
    objects["group"] = group
    committee = Committee.objects.filter(group=group, kind=CommitteeKind.STEERING).first()
    if committee is None:
        committee = Committee.objects.create(
            kind=CommitteeKind.STEERING,
            group=group,
            name_en="Case management steering committee",
            name_fr="Comité directeur de la gestion des cas",
        )
    objects["committee"] = committee
    objects["chair_seat"] = CommitteeMember.objects.create(
        committee=committee,
        person_name="Chair of provider A",
        user=provider_a_user,
        provider=provider_a,
        role=MemberRole.CHAIR,
    )
    meeting = Meeting.objects.create(
        committee=committee,
        date=timezone.localdate() - datetime.timedelta(days=7),
        format="online",
        decisions="Provider A's confidential decisions",
        minutes_name="minutes.pdf",
        minutes_content_type="application/pdf",
    )
    meeting.minutes.save("minutes.pdf", ContentFile(PDF), save=True)
    objects["meeting"] = meeting
    plan = WorkPlan.objects.filter(group=group).first() or WorkPlan.objects.create(
        group=group, fiscal_year=2018, summary="Plan"
    )
    objects["workplan"] = plan
    objects["workplanitem"] = WorkPlanItem.objects.create(work_plan=plan, title="An item")
    community = CommunityOfPractice.objects.first() or CommunityOfPractice.objects.create(
        slug="test-community", name_en="Community", name_fr="Communauté"
    )
    objects["community"] = community
    NationalCommunityLink.objects.get_or_create(
        community=community, url="https://example.org/", defaults={"name": "National"}
    )

    # --- learning events
    planned = (
        LearningEvent.objects.filter(status="planned").first()
        or LearningEvent.objects.filter(status="in_planning").first()
    )
    held = LearningEvent.objects.filter(status="held").first()
    assert planned is not None and held is not None, "the seed has a planned and a held event"
    objects["event_planned"] = planned
    objects["event_held"] = held
    objects["series"] = EventSeries.objects.first()
    # A rule with one occurrence cancelled (issue 19): quarterly on the third Wednesday.
    from learning_events.models import SeriesException

    series = objects["series"]
    series.frequency, series.interval, series.ordinal, series.weekday = "monthly", 3, 3, 2
    series.first_date = datetime.date(2026, 1, 21)
    series.save()
    objects["seriesexception"] = SeriesException.objects.create(
        series=series, original_date=datetime.date(2026, 4, 15), kind="cancelled"
    )
    survey = NeedsSurvey.objects.create(event=planned, run_by="Advisory body", results_file_name="r.pdf")
    survey.results_file.save("results.pdf", ContentFile(PDF), save=True)
    objects["needssurvey"] = survey
    objects["registration"] = Registration.objects.create(
        event=planned, user=provider_a_user, provider=provider_a, role="practitioner", jurisdiction_id="AB"
    )
    # Provider A's user took part in the held event (only participants evaluate it).
    Registration.objects.create(
        event=held,
        user=provider_a_user,
        provider=provider_a,
        role="practitioner",
        jurisdiction_id="AB",
        attended=True,
    )
    # A draft report of an evaluation commissioned by a group neither provider sits on.
    other_group = WorkingGroup.objects.exclude(pk=group.pk).first()
    evaluation = Evaluation.objects.create(
        slug="trust-private-evaluation",
        subject_en="Private evaluation",
        subject_fr="Évaluation privée",
        evaluator_organisation="Evaluators Inc.",
        group=other_group,
        status="draft_received",
    )
    objects["evaluation"] = evaluation
    report = ReportFile(
        evaluation=evaluation,
        kind="draft",
        title="Private draft",
        original_name="draft.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=staff_user,
    )
    report.file.save("draft.pdf", ContentFile(PDF), save=True)
    objects["reportfile"] = report
    objects["grant"] = ReportAccessGrant.objects.create(
        evaluation=evaluation, provider=provider_b, granted_by=staff_user
    )

    # --- results (issue 20): the private evaluation's chain, and staff's finished briefing.
    from results.models import ActionItem, BriefingJob, ManagementResponse, Recommendation

    recommendation = Recommendation.objects.create(evaluation=evaluation, number=1, text_en="A private one")
    objects["recommendation"] = recommendation
    objects["response"] = ManagementResponse.objects.create(
        recommendation=recommendation, position="agree", text_en="Agreed"
    )
    objects["action"] = ActionItem.objects.create(
        recommendation=recommendation, text_en="An action", owner=staff_user, due_date=timezone.localdate()
    )
    briefing = BriefingJob.objects.create(
        user=staff_user, fiscal_year=2018, language="en", file_format="pdf", status="done"
    )
    briefing.file.save("briefing.pdf", ContentFile(PDF), save=True)
    objects["briefing"] = briefing

    # --- PD budget: A's allocation, sites and a pending request.
    # Requests and FTE changes are taken for the open fiscal year only: the world lives in it.
    year = this_fiscal_year()
    objects["policyyear"] = PolicyYearFactory(fiscal_year=2018)
    PolicyYearFactory(fiscal_year=year)
    objects["designatedconference"] = DesignatedConferenceFactory()
    site_a = add_site(provider_a, "urban", language="2", settlement="3", head_office=True)
    objects["sitefte"] = site_a.ftes.get()
    objects["agreement"] = AgreementFactory(provider=provider_a)
    site_b = add_site(provider_b, "small", language="1", settlement="1", head_office=True)
    for site, (language, settlement) in ((site_a, ("2", "3")), (site_b, ("1", "1"))):
        SiteFTEFactory(
            site=site, fiscal_year=year, language_fte=Decimal(language), settlement_fte=Decimal(settlement)
        )
    # A's declaration of more FTEs, waiting for IRCC staff.
    from pd_budget.models import FTEDeclaration, FTEDeclarationLine

    objects["ftedeclaration"] = FTEDeclaration.objects.create(
        provider=provider_a, fiscal_year=year, declared_by=provider_a_user
    )
    FTEDeclarationLine.objects.create(
        declaration=objects["ftedeclaration"],
        site=site_a,
        language_fte=Decimal("3"),
        settlement_fte=Decimal("3"),
    )
    objects["pdrequest"] = PDRequest.objects.create(
        provider=provider_a,
        fiscal_year=year,
        category="conference",
        amount=Decimal("500.00"),
        conference_name="Provider A's conference",
        status="pending",
        requested_by=provider_a_user,
    )

    # A PD policy what-if scenario IRCC staff saved (issue 18): staff read it, only an admin adopts.
    from pd_budget.models import Scenario

    objects["scenario"] = Scenario.objects.create(
        name_en="What if", base_policy=objects["policyyear"], overrides={"conference_small": "3500.00"}
    )

    # --- surveys: A's submitted template, a run of the cycle.
    cycle = SurveyCycleFactory(fiscal_year=2018, status="open")
    objects["cycle"] = cycle
    objects["template"] = PDTemplateFactory(
        provider=provider_a, cycle=cycle, status="submitted", submitted_at=timezone.now(), **COMPLETE
    )
    objects["run"] = AggregationRun.objects.create(cycle=cycle, requested_by=staff_user)

    # --- portal: an export job of IRCC staff, finished.
    job = ExportJob.objects.create(user=staff_user, report="groups-roster", status="done")
    job.file.save("roster.csv", ContentFile(b"a,b\n"), save=True)
    objects["exportjob"] = job

    users = {
        "anonymous": None,
        "provider_a": provider_a_user,
        "provider_b": provider_b_user,
        "staff": staff_user,
        "admin": admin_user,
    }
    return World(users=users, provider_a=provider_a, provider_b=provider_b, objects=objects)
