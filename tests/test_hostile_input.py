"""Hostile input: property-based tests (hypothesis) over every user-facing form and the workbook import.

Each form is found by its URL; its fields are read from the form the page renders (so a new field is
covered the day it is added), and hypothesis posts, as the role that may use the form, a mix of
valid values and hostile ones: huge strings, any unicode, control characters, negative and huge
numbers, wrong types, formula-looking text, missing fields, random bytes as files. Whatever it
posts: never a 500, and when the form refuses, not one row changes in the database.
"""

import io
import zipfile
from dataclasses import dataclass, field

import pytest
from django import forms as django_forms
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from portal.permissions import SYSTEM
from tests.learning_events import questionnaire_world as _qw
from tests.trust.world import PDF, build_world

pytestmark = pytest.mark.django_db

HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: Hostile inputs tried in this run, by form (quoted in issue 9's closing note).
TRIED: dict[str, int] = {}
APPS = ("portal", "groups", "learning_events", "pd_budget", "surveys", "accounts", "results", "api")

# --- What hostile looks like ---------------------------------------------------------------------
FIXED = [
    "=1+1",
    '=HYPERLINK("http://evil.example/","click")',
    "@SUM(A1:A9)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "\x00",
    "nul\x00byte",
    "A" * 100_000,
    "é" * 20_000,
    "<script>alert(1)</script>",
    "'; DROP TABLE groups_workinggroup; --",
    "../../../../etc/passwd",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "-0",
    "0x10",
    "١٢٣",
    "２０１８",
    "2018-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "31/12/2018",
    "\u202eevil",
    "\ufeff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎉",
    "true",
    "None",
    "[]",
    "{}",
    " ",
    "",
    "99999999999999999999999999999",
    "-99999999999999999999999999999",
    "0.000000000000000000001",
    "1,5",
    "1 000,50",
    "12345678.999",
    # Numbers as people type them in the other language, or in neither
    "2.500,75",
    "2,500.75",
    "1.500",
    "1,2,3",
    "$2,500.75",
    "2\u202f500,75 $",
    "2\u00a0500,75",
    "$$5",
    "5 $ $",
    "\u22125",
    # Sort keys that are ORM paths, not the list's whitelisted column keys
    "provider__users__password",
    "-password",
    "--name",
    "?",
]
TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20),
    st.text(min_size=200, max_size=3000),
    st.sampled_from(FIXED),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats().map(str),
    st.decimals().map(str),
)
FILE_NAMES = [
    "minutes.pdf",
    "report.docx",
    "results.xlsx",
    "evil.exe",
    "../../evil.pdf",
    "é à ü.pdf",
    "a" * 300 + ".pdf",
    "no_extension",
    ".pdf",
    "SHOUT.PDF",
    "page.html",
    "x.svg",
]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


FILE_BYTES = st.one_of(
    st.binary(max_size=4096),
    st.sampled_from(
        [
            b"",
            PDF,
            PDF[:20],
            b"MZ\x90\x00\x03" + b"\x00" * 60,
            b"<html><script>alert(1)</script></html>",
            b"<svg onload=alert(1)>",
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
            _zip({"[Content_Types].xml": b"<Types/>"})[:-30],
            _zip({"xl/workbook.xml": b"not xml"}),
        ]
    ),
)
UPLOADS = st.builds(
    lambda name, data, ctype: SimpleUploadedFile(name, data, content_type=ctype),
    st.sampled_from(FILE_NAMES),
    FILE_BYTES,
    st.sampled_from(["application/pdf", "application/octet-stream", "text/html", "image/svg+xml", ""]),
)


def _plausible(bound) -> list[str]:
    """Values a person could send for this field: its current value, its choices, a typical value."""
    f = bound.field
    values = []
    current = bound.value()
    if isinstance(current, list | tuple):
        values += [str(v) for v in current if v not in (None, "")]
    elif current not in (None, ""):
        values.append(str(current))
    if getattr(f, "choices", None) is not None:
        for value, _label in list(f.choices)[:8]:
            if isinstance(_label, list | tuple):  # option groups
                values += [str(v) for v, _ in _label[:4]]
            elif value not in (None, ""):
                values.append(str(value))
    for kind, typical in [
        (django_forms.DateField, "2018-10-01"),
        (django_forms.IntegerField, "3"),
        (django_forms.DecimalField, "10.50"),
        (django_forms.URLField, "https://example.org/page"),
        (django_forms.EmailField, "someone@example.org"),
        (django_forms.SlugField, "a-hostile-slug"),
        (django_forms.BooleanField, "on"),
        (django_forms.NullBooleanField, "true"),
        (django_forms.CharField, "Plain text"),
    ]:
        if isinstance(f, kind):
            values.append(typical)
            break
    return values or ["x"]


@dataclass
class FieldSpec:
    name: str
    plausible: list[str]
    is_file: bool = False


def _fields_of(form) -> list[FieldSpec]:
    specs = []
    for bound in form:
        is_file = isinstance(bound.field, django_forms.FileField)
        specs.append(FieldSpec(bound.html_name, [] if is_file else _plausible(bound), is_file))
    return specs


def _form_fields(context) -> tuple[list[FieldSpec], object]:
    """The fields of the page's form (and formset, management form included); the edited instance."""
    specs, instance = [], None
    form = context.get("form") if context is not None else None
    if form is not None:
        specs += _fields_of(form)
        instance = getattr(form, "instance", None)
    formset = context.get("formset") if context is not None else None
    if formset is not None:
        specs += _fields_of(formset.management_form)
        for sub in formset.forms:
            specs += _fields_of(sub)
    return specs, instance


def _value(spec: FieldSpec):
    if spec.is_file:
        return st.one_of(UPLOADS, TEXT)
    return st.one_of(
        st.sampled_from(spec.plausible),
        st.sampled_from(spec.plausible),  # valid values often, so the service behind the form is reached
        TEXT,
        st.lists(st.one_of(st.sampled_from(spec.plausible), TEXT), min_size=2, max_size=3),
    )


def _payload(draw, specs: list[FieldSpec]) -> dict:
    data = {}
    for spec in specs:
        if draw(st.integers(0, 9)) == 0:
            continue  # a missing field
        data[spec.name] = draw(_value(spec))
    if draw(st.booleans()):
        data[draw(st.sampled_from(["unexpected", "id", "pk", "provider", "user", "status"]))] = draw(TEXT)
    return data


# --- The database, counted -------------------------------------------------------------------------
def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in APPS
        for model in apps.get_app_config(app).get_models()
    }


def snapshot(instance) -> dict | None:
    if instance is None or getattr(instance, "pk", None) is None:
        return None
    fresh = type(instance)._default_manager.filter(pk=instance.pk).first()
    return None if fresh is None else {k: repr(v) for k, v in model_to_dict(fresh).items()}


def _error_messages(response) -> list[str]:
    storage = getattr(response.wsgi_request, "_messages", None)
    if storage is None:
        return []
    return [str(m) for m in getattr(storage, "_queued_messages", []) if m.level >= message_levels.ERROR]


# --- The forms -----------------------------------------------------------------------------------------
@dataclass
class FormCase:
    url_name: str
    role: str
    kwargs: object = staticmethod(lambda w: {})
    fields: tuple[str, ...] = ()  # for actions with no page of their own
    #: A refused submission may keep the draft it saved first ("nothing a user enters is lost").
    keeps_drafts: bool = False
    extra: dict = field(default_factory=dict)
    #: The page redirects to its form (a password reset link moves its token into the session).
    follow: bool = False

    def __str__(self) -> str:
        return self.url_name


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _slug(attr):
    return lambda w: {"slug": getattr(w, attr).slug}


FORMS = [
    # groups
    FormCase("groups:group-create", "staff"),
    FormCase("groups:group-update", "staff", _slug("group")),
    FormCase("groups:committee-create", "staff", _slug("group")),
    FormCase("groups:committee-update", "staff", _pk("committee")),
    FormCase("groups:member-create", "provider_a", _pk("committee")),  # A's user chairs it
    FormCase("groups:member-update", "provider_a", _pk("chair_seat")),
    FormCase("groups:meeting-create", "provider_a", _pk("committee")),
    FormCase("groups:meeting-update", "staff", _pk("meeting")),
    FormCase("groups:workplan-create", "staff", _slug("group")),
    FormCase("groups:workplan-update", "staff", _pk("workplan")),
    FormCase("groups:workplanitem-create", "staff", _pk("workplan")),
    FormCase("groups:workplanitem-update", "staff", _pk("workplanitem")),
    FormCase("groups:community-create", "staff"),
    FormCase("groups:community-update", "staff", _pk("community")),
    FormCase("groups:communitylink-create", "staff", _pk("community")),
    # learning events
    FormCase("learning_events:event-create", "staff"),
    FormCase("learning_events:event-update", "staff", _slug("event_planned")),
    FormCase("learning_events:series-create", "staff"),
    FormCase("learning_events:series-update", "staff", _slug("series")),
    FormCase("learning_events:seriesexception-create", "staff", _slug("series")),
    FormCase("learning_events:event-register", "provider_b", _slug("event_planned")),
    FormCase("learning_events:event-evaluate", "provider_a", _slug("event_held")),
    FormCase("learning_events:needssurvey-create", "staff", _slug("event_planned")),
    FormCase("learning_events:evaluation-create", "staff"),
    FormCase("learning_events:evaluation-update", "staff", _slug("evaluation")),
    FormCase("learning_events:reportfile-create", "staff", _slug("evaluation")),
    FormCase("learning_events:grant-create", "staff", _slug("evaluation")),
    FormCase("results:recommendation-create", "staff", _slug("evaluation")),
    FormCase("results:recommendation-update", "staff", _pk("recommendation")),
    FormCase("results:response-update", "staff", _pk("response")),
    FormCase("results:action-create", "staff", _pk("recommendation")),
    FormCase("results:action-update", "staff", _pk("action")),
    FormCase("results:briefing-create", "staff"),
    FormCase("learning_events:registration-attendance", "staff", _pk("registration"), fields=("attended",)),
    # questionnaires answered online (issue 19)
    FormCase("learning_events:event-questionnaire-create", "staff", _slug("event_planned")),
    FormCase("learning_events:series-questionnaire-create", "staff", _slug("series")),
    FormCase("learning_events:question-create", "staff", _qw.pk),
    FormCase("learning_events:questionnaire-send", "staff", _qw.pk),
    FormCase("learning_events:questionnaire-answer", "provider_a", _qw.pk),
    FormCase("learning_events:questionnaire-token", "provider_b", _qw.token),  # B holds A's link
    # PD budget
    FormCase("pd_budget:pdrequest-create", "provider_a", lambda w: {"pk": w.provider_a.pk}),
    FormCase("pd_budget:sitefte-edit", "provider_a", lambda w: {"pk": w.provider_a.pk}),
    FormCase("pd_budget:pdrequest-refuse", "staff", _pk("pdrequest"), fields=("reason_en", "reason_fr")),
    FormCase("pd_budget:sitefte-edit", "staff", lambda w: {"pk": w.provider_a.pk}),
    FormCase("pd_budget:pdrequest-cancel", "staff", _pk("pdrequest")),
    FormCase("pd_budget:pdrequest-decide", "staff", fields=("requests", "decision", "reason", "confirm")),
    FormCase(
        "pd_budget:ftedeclaration-accept", "staff", _pk("ftedeclaration"), fields=("confirm_overbooking",)
    ),
    FormCase(
        "pd_budget:ftedeclaration-refuse", "staff", _pk("ftedeclaration"), fields=("reason_en", "reason_fr")
    ),
    FormCase("pd_budget:workbook-import", "admin"),
    FormCase("pd_budget:scenario-create", "staff"),  # "Show the effect": never saves
    FormCase("pd_budget:scenario-create", "staff", extra={"save": "1"}),
    FormCase("pd_budget:scenario-update", "staff", _pk("scenario"), extra={"save": "1"}),
    FormCase("pd_budget:scenario-adopt", "admin", _pk("scenario")),
    # surveys
    FormCase("surveys:cycle-create", "staff"),
    FormCase("surveys:cycle-update", "staff", lambda w: {"year": w.cycle.fiscal_year}),
    FormCase("surveys:my-template", "provider_b", lambda w: {"year": w.cycle.fiscal_year}, keeps_drafts=True),
    FormCase(
        "surveys:my-template-review",
        "provider_b",
        lambda w: {"year": w.cycle.fiscal_year},
        fields=("version", "confirm"),
    ),
    # notifications (issue 16): each person's choices per kind of notice
    FormCase("notifications:preferences", "provider_a"),
    FormCase("notifications:preferences", "admin"),
    # personal API tokens (issue 21); the API's own write endpoints: tests/api/test_hostile_api.py
    FormCase("api-tokens:list", "provider_a"),
    # accounts: one's own account, the public reset and invitation pages (anonymous), staff's invitations
    FormCase("accounts:account", "provider_a"),
    FormCase("accounts:password-change", "provider_a"),
    FormCase("accounts:password-reset", "anonymous"),
    FormCase("accounts:password-reset-confirm", "anonymous", lambda w: _reset_link(w), follow=True),
    FormCase("accounts:invitation-create", "staff"),
    FormCase("accounts:invitation-accept", "anonymous", lambda w: {"token": _invitation_token(w)}),
]


def _reset_link(world) -> dict:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = world.users["provider_b"]
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def _invitation_token(world) -> str:
    """A waiting invitation of provider A whose link is known (made once per world)."""
    if not hasattr(world, "_invitation_token"):
        import datetime

        from django.utils import timezone

        from accounts.models import Invitation, hash_token

        token = "hostile-invitation-token-0123456789abcdef"
        Invitation.objects.create(
            email="invitee@example.org",
            provider=world.provider_a,
            token_hash=hash_token(token),
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
        world._invitation_token = token
    return world._invitation_token


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


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_every_form_of_the_apps_is_covered():
    """A form class in an app's forms.py that no case here posts to must be added to FORMS."""
    import importlib

    covered_by_get = {"GroupFilterForm", "EventFilterForm", "EvaluationFilterForm", "RequestFilterForm"}
    covered_by_get |= {"OverviewFilterForm", "FiscalYearForm", "AnalysisFilterForm", "SurveyYearFilterForm"}
    covered_by_get |= {"EquityFilterForm"}  # the equity export's filter, read from the query string
    covered_by_get |= {"SearchForm"}  # the header search's query string (FILTER_PAGES)
    # Posted inside another form: the survey's needs formset, the refusal's reason field.
    covered_by_get |= {"NeedForm", "RefuseForm", "WorkbookUploadForm", "SiteFTEForm", "PDRequestForm"}
    # The confirmation box of an FTE declaration's acceptance (posted by the accept case below).
    covered_by_get |= {"DeclarationDecisionForm"}
    covered_by_get |= {"WorkPlanItemFilterForm"}  # the work plan's owner filter, from the query string
    # The approval queue's decision (posted by the pdrequest-decide case: no page of its own).
    covered_by_get |= {"DecideForm"}
    posted = {
        "GroupForm", "CommitteeForm", "MemberForm", "WorkPlanForm", "WorkPlanItemForm", "MeetingForm",
        "CommunityForm", "CommunityLinkForm", "EventForm", "SeriesForm", "RegistrationForm",
        "ParticipantEvaluationForm", "NeedsSurveyForm", "EvaluationForm", "ReportUploadForm", "GrantForm",
        "SeriesExceptionForm", "TokenCreateForm",
        "CycleForm", "PDTemplateForm", "SubmitReviewForm", "CancelForm", "PreferencesForm",
        "RecommendationForm", "ManagementResponseForm", "ActionItemForm", "BriefingForm",
        "AccountForm", "ChangePasswordForm", "ResetRequestForm", "NewPasswordForm", "InvitationForm",
        "AcceptInvitationForm",
        "QuestionnaireForm", "QuestionForm", "SendQuestionnaireForm", "AnswerForm",
        "ScenarioForm", "ScenarioAdoptForm",
    }  # fmt: skip
    covered_by_get |= {"UserFilterForm"}  # the accounts list's filter
    covered_by_get |= {"ScenarioCompareForm"}  # the comparison and its export, from the query string
    covered_by_get |= {"ConsistencyFilterForm"}  # the consistency page and its export
    found = set()
    apps = ("groups", "learning_events", "pd_budget", "surveys", "accounts", "notifications", "results")
    apps += ("api", "search")
    for module_name in (*(f"{app}.forms" for app in apps), "pd_budget.scenario_forms"):
        module = importlib.import_module(module_name)
        for name, obj in vars(module).items():
            if (
                isinstance(obj, type)
                and issubclass(obj, django_forms.BaseForm)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found.add(name)
    missing = found - posted - covered_by_get
    assert not missing, f"forms with no hostile-input case: {sorted(missing)}: add them to FORMS"


def _sign_in(client, user):
    client.logout()
    if user is not None:  # None: the public pages, as anonymous
        client.force_login(user)
    return client


@pytest.mark.parametrize("case", FORMS, ids=str)
def test_hostile_posts_never_fail_and_refusals_write_nothing(client, world, case):
    user = world.users[case.role]
    client_ = _sign_in(client, user)
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    if case.fields:
        specs = [FieldSpec(name, ["1", "0", "text"]) for name in case.fields]
        instance = None
    else:
        page = client_.get(url, follow=case.follow)
        assert page.status_code == 200, f"{url}: the form page answers {page.status_code}"
        if case.follow and page.redirect_chain:
            url = page.redirect_chain[-1][0]
        specs, instance = _form_fields(page.context)
        assert specs, f"{url}: no form found on the page"
    TRIED.setdefault(case.url_name, 0)

    @HYPOTHESIS
    @given(st.data())
    def post_hostile(data):
        payload = {**_payload(data.draw, specs), **case.extra}
        before, before_obj = row_counts(), snapshot(instance)
        for value in payload.values():
            for upload in value if isinstance(value, list) else [value]:
                if hasattr(upload, "seek"):
                    upload.seek(0)
        response = client_.post(url, payload)  # an exception here is the 500 a user would get
        TRIED[case.url_name] += 1
        assert response.status_code < 500
        errors = _error_messages(response)
        accepted = response.status_code == 302 and not errors
        if accepted:
            # The stored values render: the page the form sends the user to shows them without failing.
            follow = client_.get(response["Location"])
            assert follow.status_code in (200, 302), follow.status_code
            if case.url_name == "pd_budget:workbook-import":
                _confirm_import(client_, response["Location"], before)
            return
        if case.keeps_drafts and any("Draft saved" in e for e in errors + _page_errors(response)):
            return
        # 429: a public form's rate limit (password reset requests per address) said "wait".
        assert response.status_code in (200, 302, 400, 403, 404, 409, 429), response.status_code
        assert row_counts() == before, f"refused ({response.status_code}) but the database changed"
        assert snapshot(instance) == before_obj, "refused, but the edited object changed"

    post_hostile()


def _page_errors(response) -> list[str]:
    content = getattr(response, "content", b"")
    return ["Draft saved"] if b"Draft saved" in content else []


def _confirm_import(client_, preview_url: str, before: dict) -> None:
    """The preview of an uploaded workbook renders; confirming it imports all or nothing."""
    preview = client_.get(preview_url)
    assert preview.status_code == 200
    confirm = client_.post(preview_url)
    if confirm.status_code != 302:
        assert row_counts() == before, "a refused import wrote rows"


# --- Filter forms and report filters: GET with hostile query strings ------------------------------
FILTER_PAGES = [
    ("groups:group-list", "staff", lambda w: {}),
    ("learning_events:event-list", "staff", lambda w: {}),
    ("learning_events:event-month", "provider_a", lambda w: {}),
    ("learning_events:event-table", "staff", lambda w: {}),
    ("learning_events:evaluation-list", "provider_a", lambda w: {}),
    ("pd_budget:pdrequest-list", "provider_a", lambda w: {}),
    ("pd_budget:overview", "staff", lambda w: {}),
    ("groups:committee-list", "staff", lambda w: {}),
    ("learning_events:workproduct-list", "staff", lambda w: {}),
    ("pd_budget:approval-queue", "staff", lambda w: {}),
    ("pd_budget:scenario-compare", "staff", lambda w: {}),
    ("pd_budget:consistency", "staff", lambda w: {}),
    ("pd_budget:scenario-detail", "staff", lambda w: {"pk": w.scenario.pk}),
    ("pd_budget:ftedeclaration-list", "staff", lambda w: {}),
    ("surveys:home", "staff", lambda w: {}),
    ("surveys:cycle-detail", "staff", lambda w: {"year": w.cycle.fiscal_year}),
    ("pd_budget:allocation", "provider_a", lambda w: {"pk": w.provider_a.pk}),
    ("pd_budget:sitefte-edit", "provider_a", lambda w: {"pk": w.provider_a.pk}),
    ("pd_budget:pdrequest-create", "provider_a", lambda w: {"pk": w.provider_a.pk}),
    ("surveys:cycle-analysis", "staff", lambda w: {"year": w.cycle.fiscal_year}),
    ("search:results", "provider_b", lambda w: {}),  # the header search (issue 21)
]
FILTER_FIELDS = {
    # Every list page (portal.views.FilteredListView) also takes `sort` and `page`.
    "groups:group-list": ["q", "category", "stage", "jurisdiction", "lead", "sort", "page"],
    "learning_events:event-list": ["q", "group", "jurisdiction", "status", "format", "year", "start"],
    "learning_events:event-month": ["q", "group", "jurisdiction", "status", "format", "year", "month"],
    "learning_events:event-table": ["q", "group", "jurisdiction", "status", "format", "year", "sort", "page"],
    "learning_events:evaluation-list": ["q", "status", "group", "sort", "page"],
    "pd_budget:pdrequest-list": ["status", "category", "fiscal_year", "provider", "sort", "page"],
    "pd_budget:overview": ["year", "jurisdiction", "centre_type", "umbrella", "q", "sort", "page"],
    "groups:committee-list": ["sort", "page"],
    "learning_events:workproduct-list": ["sort", "page"],
    "pd_budget:approval-queue": ["sort", "page"],
    "pd_budget:ftedeclaration-list": ["sort", "page"],
    "surveys:home": ["sort", "page"],
    "surveys:cycle-detail": ["sort", "page"],
    "pd_budget:allocation": ["year"],
    "pd_budget:sitefte-edit": ["year"],
    "pd_budget:pdrequest-create": ["year"],
    "surveys:cycle-analysis": ["jurisdiction", "centre_type"],
    "search:results": ["q"],
    "pd_budget:scenario-compare": ["scenarios", "page"],
    "pd_budget:consistency": ["year", "stream", "jurisdiction", "centre_type", "outliers", "page"],
    "pd_budget:scenario-detail": ["sort", "page"],
}


def _query(draw, names: list[str]) -> dict:
    return {
        name: draw(st.one_of(TEXT, st.lists(TEXT, min_size=2, max_size=3)))
        for name in names
        if draw(st.booleans())
    }


@pytest.mark.parametrize(("url_name", "role", "kwargs"), FILTER_PAGES, ids=[p[0] for p in FILTER_PAGES])
def test_hostile_filters_never_fail(client, world, url_name, role, kwargs):
    client_ = _sign_in(client, world.users[role])
    url = reverse(url_name, kwargs=kwargs(world))
    TRIED.setdefault(url_name + " (filters)", 0)

    @HYPOTHESIS
    @given(st.data())
    def get_hostile(data):
        before = row_counts()
        response = client_.get(url, _query(data.draw, FILTER_FIELDS[url_name]))
        TRIED[url_name + " (filters)"] += 1
        assert response.status_code in (200, 302, 400, 404), response.status_code
        assert row_counts() == before

    get_hostile()


@pytest.mark.parametrize("key", ["groups-roster", "learning-events", "evaluations", "pd-allocations",
                                 "pd-survey-results", "pd-equity-analysis",
                                 "pd-scenarios", "pd-consistency"])  # fmt: skip
def test_hostile_report_filters_never_fail(client, world, key):
    """Report pages and downloads (GET, both formats) and export jobs (POST) with hostile filters."""
    from portal.models import ExportJob
    from portal.reports import REPORTS

    report = REPORTS[key]
    names = list(report.filter_form().fields) if report.filter_form else []
    names += ["export", "page"]
    client_ = _sign_in(client, world.users["staff"])
    TRIED.setdefault(f"report {key}", 0)

    @HYPOTHESIS
    @given(st.data(), st.sampled_from(["report-detail", "report-download", "post"]))
    def hostile_report(data, target):
        before = row_counts()
        query = _query(data.draw, names)
        if target == "post":
            url = reverse("report-download", kwargs={"key": key})
            response = client_.post(url, query)
            TRIED[f"report {key}"] += 1
            assert response.status_code == 302
            if _error_messages(response):
                assert row_counts() == before
            else:
                assert ExportJob.objects.count() <= before["portal.ExportJob"] + 1
            return
        response = client_.get(reverse(target, kwargs={"key": key}), query)
        TRIED[f"report {key}"] += 1
        assert response.status_code in (200, 302, 400), response.status_code
        if response.status_code == 200 and response.streaming:
            b"".join(response.streaming_content)  # the file is written to the end without failing
        assert row_counts() == before

    hostile_report()


# --- The workbook import -------------------------------------------------------------------------
def _workbook(sheets: dict[str, list[list]]) -> bytes:
    """Written with openpyxl, which refuses control characters in cells: those become "?".

    A workbook always holds a sheet (openpyxl, like Excel, cannot save one without): with every sheet
    dropped it is one empty sheet, as a spreadsheet program saves it.
    """
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = openpyxl.Workbook()
    if not sheets:
        return _save(workbook)
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        # Sheet names too: a control character there is refused ("?" is not allowed in a name).
        sheet = workbook.create_sheet(title=ILLEGAL_CHARACTERS_RE.sub("_", name)[:31] or "Sheet")
        for row in rows:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("?", v) if isinstance(v, str) else v for v in row])
    return _save(workbook)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _good_sheets() -> dict[str, list[list]]:
    """The providers workbook as the export writes it today (so hypothesis breaks a real one)."""
    import openpyxl

    from pd_budget.services.workbook import export_workbook

    buffer = io.BytesIO()
    export_workbook(buffer, user=SYSTEM)
    buffer.seek(0)
    workbook = openpyxl.load_workbook(buffer)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets
    }


CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", '=HYPERLINK("http://x","y")', "=A1", "A" * 32_000]),
)


@st.composite
def broken_workbooks(draw, good: dict[str, list[list]]) -> bytes:
    """A real export broken in one or more ways, or bytes that are not a workbook at all."""
    kind = draw(st.sampled_from(["mutated", "mutated", "mutated", "bytes", "truncated", "empty-zip"]))
    if kind == "bytes":
        return draw(st.one_of(st.binary(max_size=2048), st.just(b""), st.just(PDF)))
    if kind == "empty-zip":
        return _zip({})
    sheets = {name: [list(row) for row in rows] for name, rows in good.items()}
    if kind == "truncated":
        data = _workbook(sheets)  # its length varies with the zip's timestamps: cut at a fraction
        return data[: len(data) * draw(st.integers(min_value=0, max_value=999)) // 1000]
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        action = draw(
            st.sampled_from(
                ["drop-sheet", "rename-sheet", "drop-header", "rename-header", "cell", "add-row", "add-sheet"]
            )
        )
        names = list(sheets)
        if action == "add-sheet" or not names:
            sheets[draw(st.text(min_size=1, max_size=31).filter(lambda n: not set(n) & set("[]:*?/\\")))] = [
                [draw(CELL) for _ in range(3)]
            ]
            continue
        name = draw(st.sampled_from(names))
        rows = sheets[name]
        if action == "drop-sheet":
            del sheets[name]
        elif action == "rename-sheet":
            new_name = draw(st.sampled_from(["x", "Providers ", "PROVIDERS", "sites2", "agreements "]))
            sheets[new_name] = sheets.pop(name)
        elif action == "drop-header" and rows:
            rows.pop(0)
        elif action == "rename-header" and rows and rows[0]:
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(CELL)
        elif action == "cell" and rows:
            row = rows[draw(st.integers(0, len(rows) - 1))]
            if row:
                row[draw(st.integers(0, len(row) - 1))] = draw(CELL)
        elif action == "add-row":
            width = len(rows[0]) if rows and rows[0] else 3
            rows.append([draw(CELL) for _ in range(width)])
    return _workbook(sheets)


@pytest.fixture
def import_ready(world):
    """A world with providers, sites and agreements, so that an export has rows for hypothesis to break."""
    from tests.pd_budget.factories import AgreementFactory

    AgreementFactory(provider=world.provider_a)
    return world


def test_broken_workbooks_are_refused_whole(import_ready, tmp_path):
    """The service and the command: a clear error, never another exception, never a partial write."""
    from pd_budget.services.workbook import import_providers_workbook

    good = _good_sheets()
    admin = import_ready.users["admin"]
    path = tmp_path / "broken.xlsx"
    TRIED.setdefault("import_workbook", 0)

    @HYPOTHESIS
    @given(broken_workbooks(good), st.booleans())
    @example(_workbook({}), False)  # every sheet dropped: once flaky, now tried on every run
    def import_broken(data, dry_run):
        TRIED["import_workbook"] += 1
        before = row_counts()
        result = import_providers_workbook(data, user=admin, dry_run=dry_run)
        if result.ok:
            # Some breakages are harmless (an extra sheet, a new valid row): then it may import.
            if dry_run:
                assert row_counts() == before
        else:
            assert result.problems and all(str(p).strip() for p in result.problems)
            assert row_counts() == before, "a refused workbook wrote rows"
        # The command, on the same bytes: CommandError or success, and the same all-or-nothing.
        path.write_bytes(data)
        before = row_counts()
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_workbook", str(path), "--dry-run", stdout=out, stderr=err)
        except CommandError as exc:
            assert str(exc).strip()
            assert err.getvalue().strip(), "the command says what is wrong"
        assert row_counts() == before, "a dry run wrote rows"

    import_broken()


def test_workbook_import_refuses_what_is_not_a_workbook(import_ready, tmp_path):
    from pd_budget.services.workbook import import_providers_workbook

    admin = import_ready.users["admin"]
    for data in [b"", b"not a workbook", PDF, _zip({}), _workbook({}), _workbook({"nothing": [["a"]]})]:
        before = row_counts()
        result = import_providers_workbook(data, user=admin)
        assert not result.ok and result.problems
        assert row_counts() == before
        path = tmp_path / "bad.xlsx"
        path.write_bytes(data)
        with pytest.raises(CommandError):
            call_command("import_workbook", str(path), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize(
    ("url_name", "kwargs", "field"),
    [
        ("groups:group-create", lambda w: {}, "depends_on"),
        ("groups:group-update", lambda w: {"slug": w.group.slug}, "depends_on"),
        ("groups:meeting-create", lambda w: {"pk": w.committee.pk}, "attendees"),
        ("groups:community-create", lambda w: {}, "umbrellas"),
    ],
)
def test_a_key_past_64_bits_is_a_form_error_not_a_500(client, world, url_name, kwargs, field):
    """Found by hypothesis: SQLite raised OverflowError on `pk__in` with 2**63 in a multiple choice."""
    client_ = _sign_in(client, world.users["staff"])
    before = row_counts()
    response = client_.post(reverse(url_name, kwargs=kwargs(world)), {field: [str(2**63), "1"]})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert row_counts() == before
