"""The access matrix: every URL of the URLconf, for every role, answers what one table declares.

The table below names every URL pattern (a new view without a row fails `test_every_url_is_in_the_
matrix`), says how to build its arguments from the world (tests/trust/world.py: objects of provider
A, a committee A's user chairs, a private draft report, staff's export job...) and what each of
anonymous, provider A's staff, provider B's staff, IRCC staff and an administrator must get:

    LOGIN     302 to the login page
    OK        200
    REDIRECT  302 somewhere other than the login page (views that redirect by design)
    DENY      403 or 404
    METHOD    405 (a POST-only action asked with GET by a role allowed to POST)

POST-only actions are also POSTed by the roles that must be refused: 403/404 and nothing changed.
Then the headline check of issue 9: nothing of provider A appears in what provider B may read,
pages and report exports alike.
"""

import html
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl
import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from portal.permissions import SYSTEM
from tests.learning_events import questionnaire_world as _qw
from tests.trust.world import World, build_world

pytestmark = pytest.mark.django_db

LOGIN, OK, REDIRECT, DENY, METHOD = "LOGIN", "OK", "REDIRECT", "DENY", "METHOD"
ROLES = ("anonymous", "provider_a", "provider_b", "staff", "admin")
#: URL names the matrix leaves out: the Django admin has its own check below, the language switch is
#: a public POST target, and the bench page exists only with PORTAL_BENCH.
SKIPPED = {"set_language", "bench-floor"}
SKIPPED_NAMESPACES = {"admin"}
#: The REST API answers 401/403 JSON, not login redirects: its own matrix (tests/api/test_api_matrix.py)
#: holds a row per endpoint for the five roles and fails when one lacks it.
SKIPPED_NAMESPACES |= {"api"}
#: How many URL x role requests the matrix made in the last run (quoted in issue 9's closing note).
CHECKS: dict[str, int] = {"matrix": 0, "post_refusals": 0, "leak_pages": 0, "leak_exports": 0}


def expect(anonymous, provider_a, provider_b, staff, admin) -> dict[str, str]:
    return dict(zip(ROLES, (anonymous, provider_a, provider_b, staff, admin), strict=True))


#: Everyone signed in reads; anonymous users sign in first.
SIGNED_IN = expect(LOGIN, OK, OK, OK, OK)
#: IRCC staff (administrators included) only.
STAFF_ONLY = expect(LOGIN, DENY, DENY, OK, OK)
#: Provider A's own object (or a committee A's user chairs): A and IRCC staff, never B.
A_AND_STAFF = expect(LOGIN, OK, DENY, OK, OK)
#: Administrators only (the workbook import and its history).
ADMIN_ONLY = expect(LOGIN, DENY, DENY, DENY, OK)
#: A POST-only action for IRCC staff: GET is 405 for them, providers are refused before that.
STAFF_POST = expect(LOGIN, DENY, DENY, METHOD, METHOD)


@dataclass
class Case:
    """One row: the URL's arguments from the world, the answer per role, and for POST-only actions
    what the refused POST must leave unchanged (a callable returning a comparable snapshot)."""

    kwargs: Callable[[World], dict] = lambda w: {}
    expected: dict[str, str] = field(default_factory=lambda: dict(SIGNED_IN))
    query: str = ""
    post_refused: tuple[str, ...] = ()  # roles whose POST must be refused with 403/404
    post_data: dict | Callable[[World], dict] = field(default_factory=dict)
    snapshot: Callable[[World], object] | None = None
    prepare: Callable | None = None  # prepare(client, role, world, kwargs) -> kwargs, once signed in
    label: str = ""


#: Answered for everyone, signed in or not (the address carries its own key).
EVERYONE = expect(OK, OK, OK, OK, OK)
NOBODY = expect(DENY, DENY, DENY, DENY, DENY)


def _feed_token(w):
    from learning_events.selectors import feed_token

    return {"token": feed_token(w.users["provider_a"])}


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _slug(attr):
    return lambda w: {"slug": getattr(w, attr).slug}


def _refresh(attr, *fields):
    def snap(w):
        obj = getattr(w, attr)
        obj.refresh_from_db()
        return tuple(getattr(obj, f) for f in fields)

    return snap


def _count(model_path):
    def snap(w):
        from django.apps import apps

        return apps.get_model(model_path).objects.count()

    return snap


def _both(*snaps):
    return lambda w: tuple(s(w) for s in snaps)


def _workbook_token(client, role, world, kwargs):
    """An administrator's preview needs a token from their own upload; others get a made-up one."""
    if role != "admin":
        return {"token": "x" * 32}
    from pd_budget.services.workbook import export_workbook

    data = io.BytesIO()
    export_workbook(data, user=SYSTEM)
    data.seek(0)
    data.name = "providers.xlsx"
    response = client.post(reverse("pd_budget:workbook-import"), {"file": data})
    assert response.status_code == 302, response.status_code
    return {"token": response["Location"].rstrip("/").rsplit("/", 1)[-1]}


def _import_run(world):
    """An imported workbook with its file (made once per world): real pk and token for every role."""
    if not hasattr(world, "_import_run"):
        from django.core.files.base import ContentFile
        from django.utils import timezone

        from pd_budget.models import ImportRun, ImportStatus
        from pd_budget.services.workbook import export_workbook

        data = io.BytesIO()
        export_workbook(data, user=SYSTEM)
        run = ImportRun(
            token="t" * 32,
            original_name="providers.xlsx",
            size=len(data.getvalue()),
            status=ImportStatus.APPLIED,
            applied_at=timezone.now(),
            uploaded_by=world.users["admin"],
            applied_by=world.users["admin"],
        )
        run.file.save("providers.xlsx", ContentFile(data.getvalue()), save=False)
        run.save()
        world._import_run = run
    return world._import_run


def _ready_import(world):
    """A checked workbook waiting for its confirmation (made once per world)."""
    if not hasattr(world, "_ready_import"):
        from django.core.files.base import ContentFile

        from pd_budget.models import ImportRun, ImportStatus

        run = ImportRun(token="r" * 32, original_name="ready.xlsx", status=ImportStatus.READY)
        run.file.save("ready.xlsx", ContentFile(b"PK\x03\x04"), save=False)
        run.save()
        world._ready_import = run
    return world._ready_import


def _ready_import_snapshot(world):
    from pd_budget.models import ImportRun

    return ImportRun.objects.filter(pk=_ready_import(world).pk).values_list("status", "applied_by")[0]


def _import_pk(client, role, world, kwargs):
    return {"pk": _import_run(world).pk}


def _import_token(client, role, world, kwargs):
    return {"token": _import_run(world).token}


def _staff_deletion(world):
    """A work-plan item IRCC staff deleted a moment ago (made once per world): only staff may undo it."""
    if not hasattr(world, "_staff_deletion"):
        from groups.models import WorkPlanItem
        from groups.services import delete_work_plan_item

        item = WorkPlanItem.objects.create(work_plan=world.workplan, title="Deleted by staff")
        world._staff_deletion = delete_work_plan_item(user=world.users["staff"], item=item)
    return world._staff_deletion


def _staff_notice(world):
    """A notice to IRCC staff (made once per world): only staff may mark it read."""
    if not hasattr(world, "_staff_notice"):
        from notifications.kinds import Kind
        from notifications.services import Notice, notify

        (world._staff_notice,) = notify(
            recipients=[world.users["staff"]],
            kind=Kind.REQUEST_WAITING,
            key="matrix:notice",
            render=lambda: Notice(title="A notice", url="/en/"),
        )
    return world._staff_notice
def _staff_token(world):
    """A personal API token of IRCC staff (made once per world): only its owner may revoke it."""
    if not hasattr(world, "_staff_token"):
        from api.services import create_token

        world._staff_token = create_token(user=world.users["staff"], name="Staff script").token
    return world._staff_token
def _account_action() -> "Case":
    """Deactivating or reactivating provider B's account: staff only; B's own POST is refused too."""
    return Case(
        lambda w: {"pk": w.users["provider_b"].pk},
        STAFF_POST,
        post_refused=("provider_a", "provider_b"),
        snapshot=lambda w: type(w.users["provider_b"]).objects.get(pk=w.users["provider_b"].pk).is_active,
    )


INVITATION_TOKEN = "matrix-invitation-token-0123456789abcdefghij"


def _invitation(world):
    """A waiting invitation to provider A whose link is known (made once per world)."""
    if not hasattr(world, "_invitation"):
        import datetime

        from django.utils import timezone

        from accounts.models import Invitation, hash_token

        world._invitation = Invitation.objects.create(
            email="invitee@example.org",
            provider=world.provider_a,
            token_hash=hash_token(INVITATION_TOKEN),
            invited_by=world.users["staff"],
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
    return world._invitation


def _invitation_snapshot(world):
    from accounts.models import Invitation

    return Invitation.objects.filter(pk=_invitation(world).pk).values_list("token_hash", "revoked_at")[0]


_cycle = lambda w: {"year": w.cycle.fiscal_year}  # noqa: E731
_cycle_snapshot = _both(
    _refresh("cycle", "status", "opened_at", "closed_at"), _count("surveys.AggregationRun")
)
_request_snapshot = _refresh("pdrequest", "status", "decided_by_id", "reason_en")

MATRIX: dict[str, list[Case]] = {
    # --- portal -------------------------------------------------------------------------------
    "home": [Case()],
    "login": [Case(expected=expect(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT))],
    # Signing out is a POST; anonymous users have nothing to sign out of.
    "logout": [Case(expected=expect(LOGIN, METHOD, METHOD, METHOD, METHOD))],
    "report-list": [Case()],
    # Search-as-you-type choices (portal/lookups.py): IRCC staff search accounts and providers.
    "lookup": [
        Case(lambda w: {"name": "accounts"}, STAFF_ONLY, query="q=provider"),
        Case(lambda w: {"name": "providers"}, STAFF_ONLY, query="q=a"),
        # Groups are everyone's to read, so to search; a parent, a series, a work-plan item are staff's
        # to pick; the organisations a questionnaire goes to, whoever sends one (staff here).
        Case(lambda w: {"name": "groups"}, SIGNED_IN, query="q=a"),
        Case(lambda w: {"name": "parent-groups"}, STAFF_ONLY, query="q=a&exclude=1"),
        Case(lambda w: {"name": "series"}, STAFF_ONLY, query="q=a"),
        Case(lambda w: {"name": "work-plan-items"}, STAFF_ONLY, query="q=a"),
        Case(lambda w: {"name": "questionnaire-providers"}, STAFF_ONLY, query="q=a"),
        Case(lambda w: {"name": "no-such-lookup"}, expect(LOGIN, DENY, DENY, DENY, DENY)),
    ],
    "exportjob-status": [Case(_pk("exportjob"), expect(LOGIN, DENY, DENY, OK, DENY))],
    "exportjob-download": [Case(_pk("exportjob"), expect(LOGIN, DENY, DENY, OK, DENY))],
    # Recently deleted: each user's own deletions. Undo is a POST by the one who deleted (staff here):
    # anyone else gets 404, the record stays deleted.
    "deletion-list": [Case()],
    # Content lacking one of the two languages (issue 17): IRCC staff.
    "translation-parity": [Case(expected=STAFF_ONLY)],
    "deletion-undo": [
        Case(
            lambda w: {"pk": _staff_deletion(w).pk},
            expect(LOGIN, DENY, DENY, METHOD, DENY),
            post_refused=("provider_a", "provider_b", "admin"),
            snapshot=lambda w: (
                type(_staff_deletion(w)).objects.get(pk=_staff_deletion(w).pk).undone_at,
                _count("groups.WorkPlanItem")(w),
            ),
        )
    ],
    # --- notifications (issue 16): each person's own notices; another's answers 404 ------------
    "notifications:list": [Case()],
    "notifications:preferences": [Case()],
    "my-work": [Case()],
    "notifications:read-all": [Case(expected=expect(LOGIN, METHOD, METHOD, METHOD, METHOD))],
    "notifications:read": [
        Case(
            lambda w: {"pk": _staff_notice(w).pk},
            expect(LOGIN, METHOD, METHOD, METHOD, METHOD),  # POST only; others' POSTs answer 404
            post_refused=("provider_a", "provider_b", "admin"),
            snapshot=lambda w: type(_staff_notice(w)).objects.get(pk=_staff_notice(w).pk).read_at,
        )
    ],
    # Personal API tokens (issue 21): each person's own; revoking another's token is 404, it stays active.
    "api-tokens:list": [Case()],
    "api-tokens:revoke": [
        Case(
            lambda w: {"pk": _staff_token(w).pk},
            expect(LOGIN, DENY, DENY, METHOD, DENY),
            post_refused=("provider_a", "provider_b", "admin"),
            snapshot=lambda w: type(_staff_token(w)).objects.get(pk=_staff_token(w).pk).revoked_at,
        )
    ],
    # The header search: everyone signed in; each kind of result is scoped (tests/search/).
    "search:results": [Case(query="q=evaluation")],
    # --- accounts -----------------------------------------------------------------------------
    # One's own account; the password reset pages are public (a signed-in user may use them too).
    "accounts:account": [Case()],
    "accounts:password-change": [Case()],
    "accounts:password-reset": [Case(expected=EVERYONE)],
    "accounts:password-reset-done": [Case(expected=EVERYONE)],
    "accounts:password-reset-complete": [Case(expected=EVERYONE)],
    # A forged link: every role gets the page that says the link does not work.
    "accounts:password-reset-confirm": [
        Case(lambda w: {"uidb64": "MQ", "token": "forged-token"}, EVERYONE, label="forged link")
    ],
    # IRCC staff manage accounts and invitations; the invitee's page is public (the link is the key).
    "accounts:user-list": [Case(expected=STAFF_ONLY)],
    "accounts:user-deactivate": [_account_action()],
    "accounts:user-reactivate": [_account_action()],
    "accounts:invitation-list": [Case(expected=STAFF_ONLY)],
    "accounts:invitation-create": [Case(expected=STAFF_ONLY)],
    "accounts:invitation-resend": [
        Case(
            lambda w: {"pk": _invitation(w).pk},
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            snapshot=lambda w: _invitation_snapshot(w),
        )
    ],
    "accounts:invitation-revoke": [
        Case(
            lambda w: {"pk": _invitation(w).pk},
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            snapshot=lambda w: _invitation_snapshot(w),
        )
    ],
    "accounts:invitation-accept": [
        Case(
            lambda w: {"token": INVITATION_TOKEN}, EVERYONE, prepare=lambda c, r, w, k: (_invitation(w), k)[1]
        ),
        Case(lambda w: {"token": "x" * 43}, EVERYONE, label="made-up link"),
    ],
    # report-detail and report-download get one case per registered report: see _report_cases().
    # The audit trail is for IRCC staff, also for provider A's own records; history: _history_cases().
    # --- groups -------------------------------------------------------------------------------
    "groups:group-list": [Case()],
    "groups:group-create": [Case(expected=STAFF_ONLY)],
    "groups:committee-list": [Case()],
    "groups:committee-detail": [Case(_pk("committee"), A_AND_STAFF)],
    "groups:committee-update": [Case(_pk("committee"), STAFF_ONLY)],
    "groups:committee-history": [Case(_pk("committee"), STAFF_ONLY)],
    "groups:member-create": [Case(_pk("committee"), A_AND_STAFF)],
    "groups:meeting-create": [Case(_pk("committee"), A_AND_STAFF)],
    "groups:member-update": [Case(_pk("chair_seat"), A_AND_STAFF)],
    "groups:meeting-update": [Case(_pk("meeting"), A_AND_STAFF)],
    "groups:meeting-minutes": [Case(_pk("meeting"), A_AND_STAFF)],
    # Deleting (a confirmation page, then a POST): whoever may edit the record; refused POSTs keep it.
    "groups:meeting-delete": [
        Case(_pk("meeting"), A_AND_STAFF, post_refused=("provider_b",), snapshot=_count("groups.Meeting"))
    ],
    "groups:member-delete": [
        Case(
            _pk("chair_seat"),
            A_AND_STAFF,
            post_refused=("provider_b",),
            snapshot=_count("groups.CommitteeMember"),
        )
    ],
    "groups:workplanitem-delete": [
        Case(
            _pk("workplanitem"),
            STAFF_ONLY,
            post_refused=("provider_a", "provider_b"),
            snapshot=_count("groups.WorkPlanItem"),
        )
    ],
    "groups:community-delete": [
        Case(
            _pk("community"),
            STAFF_ONLY,
            post_refused=("provider_a", "provider_b"),
            snapshot=_count("groups.CommunityOfPractice"),
        )
    ],
    "groups:workplan-detail": [Case(_pk("workplan"), A_AND_STAFF)],
    "groups:workplan-update": [Case(_pk("workplan"), STAFF_ONLY)],
    "groups:workplanitem-create": [Case(_pk("workplan"), STAFF_ONLY)],
    "groups:workplanitem-update": [Case(_pk("workplanitem"), STAFF_ONLY)],
    "groups:community-create": [Case(expected=STAFF_ONLY)],
    "groups:community-update": [Case(_pk("community"), STAFF_ONLY)],
    "groups:communitylink-create": [Case(_pk("community"), STAFF_ONLY)],
    "groups:group-detail": [Case(_slug("group"))],
    "groups:group-update": [Case(_slug("group"), STAFF_ONLY)],
    "groups:committee-create": [Case(_slug("group"), STAFF_ONLY)],
    "groups:workplan-create": [Case(_slug("group"), STAFF_ONLY)],
    # --- learning events ----------------------------------------------------------------------
    "learning_events:event-list": [Case()],
    "learning_events:event-month": [Case()],
    "learning_events:event-table": [Case()],
    "learning_events:event-create": [Case(expected=STAFF_ONLY)],
    "learning_events:event-feed": [Case()],
    "learning_events:group-feed": [Case(_slug("group"))],
    # A calendar program's subscription: the secret address is the key, with or without a session.
    "learning_events:private-feed": [
        Case(_feed_token, EVERYONE, label="provider A's address"),
        Case(lambda w: {"token": f"{w.users['provider_a'].pk}-forged"}, NOBODY, label="forged address"),
    ],
    "learning_events:private-group-feed": [
        Case(lambda w: {**_feed_token(w), "slug": w.group.slug}, EVERYONE, label="provider A's address"),
    ],
    "learning_events:series-create": [Case(expected=STAFF_ONLY)],
    "learning_events:series-detail": [Case(_slug("series"))],
    "learning_events:series-update": [Case(_slug("series"), STAFF_ONLY)],
    "learning_events:seriesexception-create": [Case(_slug("series"), STAFF_ONLY)],
    "learning_events:seriesexception-delete": [
        Case(
            _pk("seriesexception"),
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            snapshot=_count("learning_events.SeriesException"),
        )
    ],
    "learning_events:course-list": [Case()],
    "learning_events:workproduct-list": [Case()],
    # A needs survey's results shape the event's content: whoever reads the event reads them.
    "learning_events:needssurvey-results": [Case(_pk("needssurvey"))],
    "learning_events:registration-attendance": [
        Case(
            _pk("registration"),
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            post_data={"attended": "1"},
            snapshot=_refresh("registration", "attended"),
        )
    ],
    "learning_events:evaluation-list": [Case()],
    "learning_events:evaluation-create": [Case(expected=STAFF_ONLY)],
    # A draft report of a group neither provider sits on: staff only, 404 for everyone else.
    "learning_events:reportfile-download": [Case(_pk("reportfile"), STAFF_ONLY)],
    "learning_events:reportfile-delete": [
        Case(
            _pk("reportfile"),
            STAFF_ONLY,
            post_refused=("provider_a", "provider_b"),
            snapshot=_count("learning_events.ReportFile"),
        )
    ],
    "learning_events:evaluation-delete": [
        Case(
            _slug("evaluation"),
            STAFF_ONLY,
            post_refused=("provider_a", "provider_b"),
            snapshot=_count("learning_events.Evaluation"),
        )
    ],
    "learning_events:event-delete": [
        Case(
            _slug("event_planned"),
            STAFF_ONLY,
            post_refused=("provider_a", "provider_b"),
            snapshot=_count("learning_events.LearningEvent"),
        )
    ],
    "learning_events:grant-revoke": [
        Case(
            _pk("grant"),
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            snapshot=_count("learning_events.ReportAccessGrant"),
        )
    ],
    "learning_events:evaluation-detail": [Case(_slug("evaluation"))],
    "learning_events:evaluation-update": [Case(_slug("evaluation"), STAFF_ONLY)],
    "learning_events:reportfile-create": [Case(_slug("evaluation"), STAFF_ONLY)],
    "learning_events:grant-create": [Case(_slug("evaluation"), STAFF_ONLY)],
    "learning_events:event-detail": [Case(_slug("event_planned"))],
    "learning_events:event-update": [Case(_slug("event_planned"), STAFF_ONLY)],
    "learning_events:event-register": [Case(_slug("event_planned"))],
    "learning_events:event-ics": [Case(_slug("event_planned"))],
    # Provider A's user withdraws their own registration; B may not touch it; staff may.
    "learning_events:registration-cancel": [
        Case(
            _pk("registration"),
            expect(LOGIN, METHOD, DENY, METHOD, METHOD),
            post_refused=("provider_b",),
            snapshot=_count("learning_events.Registration"),
        )
    ],
    # Only participants evaluate: provider A's user attended the held event, nobody else did.
    "learning_events:event-evaluate": [Case(_slug("event_held"), expect(LOGIN, OK, DENY, DENY, DENY))],
    "learning_events:needssurvey-create": [Case(_slug("event_planned"), STAFF_ONLY)],
    # --- PD budget ----------------------------------------------------------------------------
    # Provider staff land on their own allocation, IRCC staff on the overview.
    "pd_budget:home": [Case(expected=expect(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT))],
    "pd_budget:overview": [Case(expected=STAFF_ONLY)],
    "pd_budget:allocation": [Case(lambda w: {"pk": w.provider_a.pk}, A_AND_STAFF)],
    # The provider declares its FTEs; IRCC staff (administrators included) correct the accepted ones.
    "pd_budget:sitefte-edit": [Case(lambda w: {"pk": w.provider_a.pk}, A_AND_STAFF)],
    # Providers request, IRCC staff decide. A superuser is not the provider: provider-only actions
    # check the role, so the administrator is refused too (issue 14).
    "pd_budget:pdrequest-create": [
        Case(lambda w: {"pk": w.provider_a.pk}, expect(LOGIN, OK, DENY, DENY, DENY))
    ],
    "pd_budget:pdrequest-list": [Case()],
    "pd_budget:approval-queue": [Case(expected=STAFF_ONLY)],
    "pd_budget:pdrequest-approve": [
        Case(
            _pk("pdrequest"),
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            snapshot=_request_snapshot,
        )
    ],
    "pd_budget:pdrequest-refuse": [
        Case(
            _pk("pdrequest"),
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            post_data={"reason_en": "No."},
            snapshot=_request_snapshot,
        )
    ],
    # Several waiting requests decided at once (or one, after its confirmation page): IRCC staff.
    "pd_budget:pdrequest-decide": [
        Case(
            expected=STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            post_data=lambda w: {
                "requests": [w.pdrequest.pk],
                "decision": "refuse",
                "reason": "No.",
                "confirm": "on",
            },
            snapshot=_request_snapshot,
        )
    ],
    # Only the requesting provider withdraws a waiting request (not a superuser administrator).
    "pd_budget:pdrequest-withdraw": [
        Case(
            _pk("pdrequest"),
            expect(LOGIN, METHOD, DENY, DENY, DENY),
            post_refused=("provider_b", "staff", "admin"),
            snapshot=_request_snapshot,
        )
    ],
    # After approval only IRCC staff cancel, with a reason (a form page).
    "pd_budget:pdrequest-cancel": [
        Case(
            _pk("pdrequest"),
            STAFF_ONLY,
            post_refused=("provider_a", "provider_b"),
            post_data={"reason_en": "No."},
            snapshot=_request_snapshot,
        )
    ],
    # FTE declarations: IRCC staff read, accept and refuse them.
    "pd_budget:ftedeclaration-list": [Case(expected=STAFF_ONLY)],
    "pd_budget:ftedeclaration-accept": [
        Case(
            _pk("ftedeclaration"),
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            post_data={"confirm_overbooking": "on"},
            snapshot=_refresh("ftedeclaration", "status", "decided_by_id"),
        )
    ],
    "pd_budget:ftedeclaration-refuse": [
        Case(
            _pk("ftedeclaration"),
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            post_data={"reason_en": "No."},
            snapshot=_refresh("ftedeclaration", "status", "decided_by_id"),
        )
    ],
    "pd_budget:policy-list": [Case(expected=STAFF_ONLY)],
    "pd_budget:consistency": [Case(expected=STAFF_ONLY)],
    # PD policy what-if scenarios (issue 18): IRCC staff; adopting one is for administrators.
    "pd_budget:scenario-list": [Case(expected=STAFF_ONLY)],
    "pd_budget:scenario-create": [Case(expected=STAFF_ONLY, query="year=2018")],
    "pd_budget:scenario-compare": [Case(expected=STAFF_ONLY)],
    "pd_budget:scenario-detail": [Case(_pk("scenario"), STAFF_ONLY)],
    "pd_budget:scenario-update": [Case(_pk("scenario"), STAFF_ONLY)],
    "pd_budget:scenario-adopt": [
        Case(
            _pk("scenario"),
            ADMIN_ONLY,
            post_refused=("provider_a", "provider_b", "staff"),
            snapshot=_count("pd_budget.PolicyYear"),
        )
    ],
    "pd_budget:scenario-delete": [
        Case(
            _pk("scenario"),
            STAFF_ONLY,
            post_refused=("provider_a", "provider_b"),
            snapshot=_count("pd_budget.Scenario"),
        )
    ],
    "pd_budget:policy-history": [Case(expected=STAFF_ONLY)],
    "pd_budget:workbook-export": [Case(expected=STAFF_ONLY)],
    "pd_budget:workbook-import": [Case(expected=expect(LOGIN, DENY, DENY, DENY, OK))],
    "pd_budget:workbook-preview": [
        Case(lambda w: {"token": "x" * 32}, expect(LOGIN, DENY, DENY, DENY, OK), prepare=_workbook_token),
        # A used link: everyone but an administrator refused, even holding the real token.
        Case(lambda w: {"token": "x" * 32}, ADMIN_ONLY, prepare=_import_token, label="applied import"),
        # Confirming someone's checked workbook: refused to all but administrators, nothing queued.
        Case(
            lambda w: {"token": _ready_import(w).token},
            ADMIN_ONLY,
            post_refused=("provider_a", "provider_b", "staff"),
            snapshot=_ready_import_snapshot,
            label="checked import",
        ),
    ],
    "pd_budget:workbook-status": [
        Case(lambda w: {"token": "x" * 32}, ADMIN_ONLY, prepare=_import_token),
    ],
    "pd_budget:importrun-list": [Case(expected=ADMIN_ONLY)],
    "pd_budget:importrun-detail": [Case(lambda w: {"pk": 0}, ADMIN_ONLY, prepare=_import_pk)],
    "pd_budget:importrun-file": [Case(lambda w: {"pk": 0}, ADMIN_ONLY, prepare=_import_pk)],
    # --- surveys ------------------------------------------------------------------------------
    # --- questionnaires answered online (issue 19) ---------------------------------------------
    "learning_events:questionnaire-detail": [Case(_qw.pk, STAFF_ONLY)],
    "learning_events:question-create": [Case(_qw.pk, STAFF_ONLY)],
    "learning_events:questionnaire-status": [
        Case(
            lambda w: {**_qw.pk(w), "action": "close"},
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            snapshot=lambda w: _qw.questionnaire(w).__class__.objects.get(pk=_qw.questionnaire(w).pk).status,
        )
    ],
    "learning_events:questionnaire-send": [Case(_qw.pk, STAFF_ONLY)],
    # Provider A's user was sent the survey; nobody else was (staff build it, they do not answer it).
    "learning_events:questionnaire-answer": [Case(_qw.pk, expect(LOGIN, OK, DENY, DENY, DENY))],
    "learning_events:questionnaire-results": [Case(_qw.pk, STAFF_ONLY)],
    "learning_events:questionnaire-export": [Case(_qw.pk, STAFF_ONLY)],
    # The one-time link is the key: it answers for whoever holds it, signed in or not.
    "learning_events:questionnaire-token": [Case(_qw.token, EVERYONE)],
    "learning_events:questionnaire-thanks": [Case(expected=EVERYONE)],
    "learning_events:event-questionnaire-create": [Case(_slug("event_planned"), STAFF_ONLY)],
    "learning_events:series-questionnaire-create": [Case(_slug("series"), STAFF_ONLY)],
    "learning_events:series-evaluations": [Case(_slug("series"), STAFF_ONLY)],
    "surveys:home": [Case()],
    "surveys:cycle-create": [Case(expected=STAFF_ONLY)],
    "surveys:cycle-detail": [Case(_cycle, STAFF_ONLY)],
    "surveys:cycle-update": [Case(_cycle, STAFF_ONLY)],
    "surveys:run-status": [Case(lambda w: {"year": w.cycle.fiscal_year, "pk": w.run.pk}, STAFF_ONLY)],
    "surveys:cycle-analysis": [Case(_cycle, STAFF_ONLY)],
    "surveys:needs-match": [Case(_cycle, STAFF_ONLY)],  # issue 19
    "surveys:cycle-summary": [Case(_cycle)],
    # Only a provider's staff have a template to fill in.
    "surveys:my-template": [Case(_cycle, expect(LOGIN, OK, OK, DENY, DENY))],
    # The review step is of the signed-in provider's own draft; with none (B) or a submitted one (A),
    # it sends the user back to the template page.
    "surveys:my-template-review": [Case(_cycle, expect(LOGIN, REDIRECT, REDIRECT, DENY, DENY))],
    # Autosave is POST only, for a provider's own template: IRCC staff's POSTs change nothing.
    "surveys:my-template-autosave": [
        Case(
            _cycle,
            expect(LOGIN, METHOD, METHOD, DENY, DENY),
            post_refused=("staff", "admin"),
            snapshot=_both(
                _count("surveys.PDTemplate"), _refresh("template", "version", "current_pd_funding")
            ),
        )
    ],
    "surveys:template-detail": [
        Case(lambda w: {"year": w.cycle.fiscal_year, "pk": w.template.pk}, A_AND_STAFF)
    ],
    "surveys:template-print": [
        Case(lambda w: {"year": w.cycle.fiscal_year, "pk": w.template.pk}, A_AND_STAFF)
    ],
    "surveys:template-reopen": [
        Case(
            lambda w: {"year": w.cycle.fiscal_year, "pk": w.template.pk},
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            snapshot=_refresh("template", "status", "reopened_by_id", "version"),
        )
    ],
    "surveys:cycle-remind-confirm": [Case(_cycle, STAFF_ONLY)],
    "surveys:cycle-action": [
        Case(
            lambda w, action=action: {"year": w.cycle.fiscal_year, "action": action},
            STAFF_POST,
            post_refused=("provider_a", "provider_b"),
            snapshot=_cycle_snapshot,
            label=action,
        )
        for action in ("open", "close", "remind", "aggregate")
    ],
    # --- Results (issue 20): the chain of the private evaluation (a draft, no final file): staff only.
    "results:programme": [Case()],
    "results:recommendation-create": [Case(_slug("evaluation"), STAFF_ONLY)],
    "results:recommendation-update": [Case(_pk("recommendation"), STAFF_ONLY)],
    "results:recommendation-delete": [
        Case(
            _pk("recommendation"),
            STAFF_ONLY,
            post_refused=("provider_a", "provider_b"),
            snapshot=_count("results.Recommendation"),
        )
    ],
    "results:response-create": [Case(_pk("recommendation"), STAFF_ONLY)],
    "results:response-update": [Case(_pk("response"), STAFF_ONLY)],
    "results:response-delete": [
        Case(
            _pk("response"),
            STAFF_ONLY,
            post_refused=("provider_a", "provider_b"),
            snapshot=_count("results.ManagementResponse"),
        )
    ],
    "results:action-create": [Case(_pk("recommendation"), STAFF_ONLY)],
    "results:action-update": [Case(_pk("action"), STAFF_ONLY)],
    "results:action-delete": [
        Case(
            _pk("action"),
            STAFF_ONLY,
            post_refused=("provider_a", "provider_b"),
            snapshot=_count("results.ActionItem"),
        )
    ],
    "results:briefing-create": [Case(expected=STAFF_ONLY)],
    # Staff's own briefing: nobody else sees it, an administrator neither (404).
    "results:briefing-status": [Case(_pk("briefing"), expect(LOGIN, DENY, DENY, OK, DENY))],
    "results:briefing-download": [Case(_pk("briefing"), expect(LOGIN, DENY, DENY, OK, DENY))],
}


def _report_cases() -> dict[str, list[Case]]:
    """One case per registered report: its page, and its download as xlsx."""
    from portal.reports import REPORTS

    everyone = {"groups-roster", "learning-events", "evaluations"}
    detail, download = [], []
    for key in sorted(REPORTS):
        expected = SIGNED_IN if key in everyone else STAFF_ONLY
        detail.append(Case(lambda w, key=key: {"key": key}, dict(expected), label=key))
        download.append(Case(lambda w, key=key: {"key": key}, dict(expected), query="export=xlsx", label=key))
    return {"report-detail": detail, "report-download": download}


#: The world's object for each audited model (portal.history.AUDITED); provider A's where it can be.
AUDITED_OBJECTS = {
    "pd_budget.policyyear": "policyyear",
    "pd_budget.designatedconference": "designatedconference",
    "pd_budget.sitefte": "sitefte",
    "pd_budget.agreement": "agreement",
    "pd_budget.pdrequest": "pdrequest",
    "pd_budget.scenario": "scenario",
    "surveys.pdtemplate": "template",
    "learning_events.evaluation": "evaluation",
    "groups.committeemember": "chair_seat",
}


def _history_cases() -> dict[str, list[Case]]:
    from portal.history import AUDITED

    missing = set(AUDITED) - set(AUDITED_OBJECTS)
    assert not missing, f"audited models with no object in AUDITED_OBJECTS: {sorted(missing)}"
    cases = [
        Case(lambda w, m=model, a=attr: {"model": m, "pk": getattr(w, a).pk}, STAFF_ONLY, label=model)
        for model, attr in sorted(AUDITED_OBJECTS.items())
    ]
    not_audited = Case(
        lambda w: {"model": "portal.user", "pk": w.users["staff"].pk},
        expect(LOGIN, DENY, DENY, DENY, DENY),
        label="a model that is not audited",
    )
    return {"history": [*cases, not_audited]}


def url_names() -> set[str]:
    """Every named URL of the URLconf, with its namespace, but the ones the matrix skips."""
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"URL pattern {pattern.pattern} has no name: name it and add it here"
                if pattern.name in SKIPPED:
                    continue
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def full_matrix() -> dict[str, list[Case]]:
    return {**MATRIX, **_report_cases(), **_history_cases()}


def test_every_url_is_in_the_matrix():
    missing = url_names() - set(full_matrix())
    assert not missing, (
        f"URL names missing from the access matrix: {sorted(missing)}. Add a row for each to MATRIX in "
        "tests/test_access_matrix.py, saying what anonymous users, provider A, provider B, IRCC staff "
        "and administrators must get."
    )
    stale = set(full_matrix()) - url_names()
    assert not stale, f"MATRIX rows for URL names that no longer exist: {sorted(stale)}"


def classify(response) -> str:
    if response.status_code == 302:
        return (
            LOGIN
            if response["Location"].startswith(settings.LOGIN_URL.rstrip("/"))
            or ("/accounts/login/" in response["Location"])
            else REDIRECT
        )
    return {200: OK, 403: DENY, 404: DENY, 405: METHOD}.get(response.status_code, str(response.status_code))


@pytest.fixture
def world(seeded, provider_a, provider_b, provider_a_user, provider_b_user, staff_user, admin_user):
    return build_world(
        provider_a=provider_a,
        provider_b=provider_b,
        provider_a_user=provider_a_user,
        provider_b_user=provider_b_user,
        staff_user=staff_user,
        admin_user=admin_user,
    )


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def _sign_in(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def test_access_matrix(client, world, english):
    """Every URL x every role answers what the table says; all mismatches reported at once."""
    mismatches = []
    checks = 0
    for name, cases in sorted(full_matrix().items()):
        for case in cases:
            for role in ROLES:
                client_ = _sign_in(client, world.users[role])
                kwargs = case.kwargs(world)
                if case.prepare is not None:
                    kwargs = case.prepare(client_, role, world, kwargs)
                url = reverse(name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
                answer = classify(client_.get(url))
                checks += 1
                if answer != case.expected[role]:
                    mismatches.append(
                        f"{name}{f' [{case.label}]' if case.label else ''} as {role}: "
                        f"got {answer}, expected {case.expected[role]} ({url})"
                    )
    CHECKS["matrix"] = checks
    print(f"\naccess matrix: {checks} URL x role checks")
    assert not mismatches, "\n".join(mismatches)


def test_refused_posts_change_nothing(client, world, english):
    """POST-only actions, POSTed by each role that must be refused: 403/404 and the object unchanged."""
    failures = []
    checks = 0
    for name, cases in sorted(full_matrix().items()):
        for case in cases:
            for role in case.post_refused:
                before = case.snapshot(world)
                client_ = _sign_in(client, world.users[role])
                url = reverse(name, kwargs=case.kwargs(world))
                data = case.post_data(world) if callable(case.post_data) else case.post_data
                response = client_.post(url, data)
                checks += 1
                if response.status_code not in (403, 404):
                    failures.append(f"POST {name} [{case.label}] as {role}: {response.status_code}")
                if case.snapshot(world) != before:
                    failures.append(f"POST {name} [{case.label}] as {role} changed the data")
    CHECKS["post_refusals"] = checks
    print(f"\nrefused POSTs: {checks}")
    assert checks > 0
    assert not failures, "\n".join(failures)


def test_allowed_posts_do_act(client, world, english):
    """The POST checks above could pass on a broken URL: the allowed role's POST does change things."""
    _sign_in(client, world.users["staff"])
    response = client.post(
        reverse("pd_budget:pdrequest-refuse", kwargs={"pk": world.pdrequest.pk}), {"reason_en": "x"}
    )
    assert response.status_code == 302
    world.pdrequest.refresh_from_db()
    assert world.pdrequest.status == "refused"
    response = client.post(
        reverse("learning_events:registration-attendance", kwargs={"pk": world.registration.pk}),
        {"attended": "1"},
    )
    assert response.status_code == 302
    world.registration.refresh_from_db()
    assert world.registration.attended is True


def test_admin_site_is_for_administrators_only(client, world, english):
    for role in ROLES:
        response = _sign_in(client, world.users[role]).get("/en/admin/")
        if role == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], role


# --- Nothing of provider A in provider B's pages and exports -------------------------------------
def _a_markers(world) -> list[str]:
    """Text that belongs to provider A and must never reach provider B."""
    return [
        world.provider_a.name,
        world.pdrequest.conference_name,
        world.chair_seat.person_name,
        world.meeting.decisions,
    ]


def _with_survey_result(world) -> None:
    """Run the aggregation so the survey pages and reports have figures (A's template is in them)."""
    from surveys.services.aggregation import run_aggregation

    run_aggregation(world.run.pk)


def _xlsx_text(content: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells.extend(str(value) for value in row if value is not None)
    return "\n".join(cells)


def test_a_is_visible_to_staff_so_the_leak_checks_can_fail(client, world, english):
    _with_survey_result(world)
    client_ = _sign_in(client, world.users["staff"])
    body = html.unescape(client_.get(reverse("pd_budget:pdrequest-list")).content.decode())
    assert world.provider_a.name in body and world.pdrequest.conference_name in body
    roster = client_.get(reverse("report-download", kwargs={"key": "groups-roster"}) + "?export=xlsx")
    assert world.chair_seat.person_name in _xlsx_text(b"".join(roster.streaming_content))
    results = client_.get(reverse("report-download", kwargs={"key": "pd-survey-results"}) + "?export=xlsx")
    assert world.provider_a.name in _xlsx_text(b"".join(results.streaming_content))


def test_nothing_of_a_in_any_page_b_may_read(client, world, english):
    """Every GET the matrix lets provider B read (OK), in English and French: none of A's text."""
    _with_survey_result(world)
    client_ = _sign_in(client, world.users["provider_b"])
    leaks, pages = [], 0
    for name, cases in sorted(full_matrix().items()):
        for case in cases:
            if case.expected["provider_b"] != OK:
                continue
            for language in ("en", "fr"):
                with translation.override(language):
                    url = reverse(name, kwargs=case.kwargs(world))
                response = client_.get(url + (f"?{case.query}" if case.query else ""))
                assert response.status_code == 200, url
                if response.streaming:
                    content = b"".join(response.streaming_content)
                else:
                    content = response.content
                if content[:2] == b"PK":
                    text = _xlsx_text(content)
                else:
                    text = html.unescape(content.decode("utf-8", "replace"))
                pages += 1
                leaks += [f"{url}: {marker!r}" for marker in _a_markers(world) if marker in text]
    CHECKS["leak_pages"] = pages
    print(f"\npages and exports of provider B searched for provider A: {pages}")
    assert pages > 40
    assert not leaks, "provider A's data in provider B's pages:\n" + "\n".join(leaks)


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_nothing_of_a_in_bs_report_exports(client, world, english, file_format):
    """Each report on B's Reports page, downloaded as B, in both formats: no cell names provider A."""
    from portal.reports import reports_for

    _with_survey_result(world)
    client_ = _sign_in(client, world.users["provider_b"])
    reports = reports_for(world.users["provider_b"])
    assert reports, "provider B has reports to download"
    listing = client_.get(reverse("report-list")).content.decode()
    for report in reports:
        assert reverse("report-detail", kwargs={"key": report.key}) in listing
        response = client_.get(
            reverse("report-download", kwargs={"key": report.key}) + f"?export={file_format}"
        )
        assert response.status_code == 200, report.key
        content = b"".join(response.streaming_content)
        text = _xlsx_text(content) if file_format == "xlsx" else content.decode("utf-8")
        CHECKS["leak_exports"] += 1
        for marker in _a_markers(world):
            assert marker not in text, f"{report.key} ({file_format}) shows {marker!r} to provider B"


def test_bs_export_job_never_holds_a(client, world, english, django_capture_on_commit_callbacks):
    """A large export runs as a job for B: its file, written by the worker as B, holds nothing of A."""
    from portal.models import ExportJob

    client_ = _sign_in(client, world.users["provider_b"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_.post(
            reverse("report-download", kwargs={"key": "groups-roster"}), {"export": "xlsx"}
        )
    assert response.status_code == 302
    job = ExportJob.objects.filter(user=world.users["provider_b"]).get()
    assert job.status == "done", job.error
    response = client_.get(reverse("exportjob-download", kwargs={"pk": job.pk}))
    text = _xlsx_text(b"".join(response.streaming_content))
    for marker in _a_markers(world):
        assert marker not in text
    # ... and provider A cannot fetch B's job.
    assert (
        _sign_in(client, world.users["provider_a"])
        .get(reverse("exportjob-download", kwargs={"pk": job.pk}))
        .status_code
        == 404
    )
