"""The portal's one edit flow (portal/views.py) and its one form page (templates/portal/form.html)."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.forms import GroupForm, WorkPlanItemForm
from groups.models import Meeting, WorkingGroup, WorkPlan, WorkPlanItem
from organisations.models import Jurisdiction
from portal.permissions import SYSTEM, acting_person, require
from portal.views import ScopedParentMixin, ServiceCreateView, apply_service_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(seeded):
    return WorkPlan.objects.create(group=WorkingGroup.objects.get(slug="case-management"), fiscal_year=2018)


# --- The scoped lookup -------------------------------------------------------------------------
def test_another_providers_object_answers_404(client_for, provider_a_user, provider_b_user):
    client = client_for(provider_a_user)
    assert client.get(reverse("pd_budget:allocation", args=[provider_a_user.provider_id])).status_code == 200
    assert client.get(reverse("pd_budget:allocation", args=[provider_b_user.provider_id])).status_code == 404
    assert (
        client.get(reverse("pd_budget:pdrequest-create", args=[provider_b_user.provider_id])).status_code
        == 404
    )


def test_a_meeting_of_a_committee_the_user_does_not_sit_on_answers_404(client_for, provider_a_user, seeded):
    from groups.models import Committee, CommitteeKind

    committee = Committee.objects.create(
        kind=CommitteeKind.STEERING,
        group=WorkingGroup.objects.get(slug="case-management"),
        name_en="Steering",
        name_fr="Comité directeur",
    )
    meeting = Meeting.objects.create(committee=committee, date=datetime.date(2018, 5, 1), format="online")
    client = client_for(provider_a_user)
    for url in (
        reverse("groups:meeting-update", args=[meeting.pk]),
        reverse("groups:meeting-update", args=[0]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"date": "2018-06-01", "format": "online"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2018, 5, 1)


def test_the_object_is_fetched_once_per_request(client_for, staff_user, plan):
    item = WorkPlanItem.objects.create(work_plan=plan, title="Map the referral paths")
    client = client_for(staff_user)
    url = reverse("groups:workplanitem-update", args=[item.pk])
    client.get(url)  # warm the session and the permission caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    lookups = [q["sql"] for q in queries if re.search(r'FROM "groups_workplanitem"', q["sql"])]
    assert len(lookups) == 1, lookups


# --- Service errors go back on the form ---------------------------------------------------------
def _refusing(errors):
    def service(*, user, instance, **extra):
        instance.save()  # written, then refused: the transaction must undo it
        raise ValidationError(errors)

    return service


def _post(view_class, user, data, **kwargs):
    request = RequestFactory().post("/", data)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return view_class.as_view()(request, **kwargs)


class _ItemCreate(ScopedParentMixin, ServiceCreateView):
    permission_required = "groups.change_workplan"
    form_class = WorkPlanItemForm
    success_url = "/done/"

    def get_parent_queryset(self):
        return WorkPlan.objects.all()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": WorkPlanItem(work_plan=self.get_parent())}


def test_a_service_refusal_lands_on_its_field_and_nothing_is_saved(staff_user, plan):
    view = type(
        "V", (_ItemCreate,), {"service": _refusing({"owner": "Name one person.", "notes_en": "Too vague."})}
    )
    response = _post(view, staff_user, {"title_en": "Map", "status": "not_started"}, pk=plan.pk)
    form = response.context_data["form"]
    assert response.status_code == 200
    assert form.errors["owner"] == ["Name one person."]
    assert form.errors["notes_en"] == ["Too vague."]
    assert form.instance.pk is None  # still a new item: the page says "add", not "edit"
    assert not WorkPlanItem.objects.exists()
    html = response.rendered_content
    assert 'href="#id_owner"' in html and 'id="id_owner"' in html


def test_a_refusal_about_no_field_of_the_form_is_listed_on_top(staff_user, plan):
    view = type("V", (_ItemCreate,), {"service": _refusing({"work_plan": "The plan is closed."})})
    response = _post(view, staff_user, {"title_en": "Map", "status": "not_started"}, pk=plan.pk)
    assert response.context_data["form"].non_field_errors() == ["The plan is closed."]
    view = type("V", (_ItemCreate,), {"service": _refusing("The plan is closed for 2018-19.")})
    response = _post(view, staff_user, {"title_en": "Map", "status": "not_started"}, pk=plan.pk)
    assert response.context_data["form"].non_field_errors() == ["The plan is closed for 2018-19."]
    assert "The plan is closed for 2018-19." in response.rendered_content
    assert not WorkPlanItem.objects.exists()


def test_the_service_gets_the_user_the_unsaved_instance_and_the_views_extras(staff_user, plan):
    seen = {}

    def service(*, user, instance, note):
        seen.update(user=user, pk=instance.pk, title=instance.title, note=note)
        instance.save()
        return instance

    view = type(
        "V", (_ItemCreate,), {"service": service, "get_service_kwargs": lambda self, form: {"note": 1}}
    )
    response = _post(view, staff_user, {"title_en": "Map", "status": "not_started"}, pk=plan.pk)
    assert response.status_code == 302 and response["Location"] == "/done/"
    assert seen == {"user": staff_user, "pk": None, "title": "Map", "note": 1}


def test_many_to_many_fields_are_saved_after_the_service(admin_user, seeded):
    class GroupCreate(ServiceCreateView):
        permission_required = "groups.add_group"
        form_class = GroupForm
        success_url = "/done/"

        @staticmethod
        def service(*, user, instance):
            assert not instance.pk
            instance.save()
            return instance

    sk = Jurisdiction.objects.get(code="SK")
    data = {"name_en": "Rural", "name_fr": "Rural", "slug": "rural", "stage": "active", "order": "1"}
    data["jurisdictions"] = [sk.pk]
    category = WorkingGroup.objects.exclude(category=None).first().category
    data["category"] = category.pk
    response = _post(GroupCreate, admin_user, data)
    assert response.status_code == 302, response.context_data["form"].errors
    assert list(WorkingGroup.objects.get(slug="rural").jurisdictions.all()) == [sk]


def test_apply_service_errors_is_the_only_copy():
    """The helper that puts a service's refusal on a form exists once (it was in three apps)."""
    root = Path(settings.BASE_DIR)
    copies = []
    for path in root.glob("*/*.py"):
        if path.parts[-2] in {".venv", "node_modules", "build", "tests"}:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^def \w+\(form, exc: ValidationError\)", text, re.M):
            copies.append(str(path.relative_to(root)))
    assert copies == ["portal/views.py"]
    assert apply_service_errors.__module__ == "portal.views"


# --- The form page and its error summary ----------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "heading"), [("en", "There is a problem"), ("fr", "Il y a un problème")]
)
def test_a_refused_form_starts_with_a_summary_linking_each_error_to_its_field(
    client_for, staff_user, plan, language, heading
):
    client = client_for(staff_user)
    url = f"/{language}" + reverse("groups:workplanitem-create", args=[plan.pk])[3:]
    response = client.post(url, {"title_en": "", "due_date": "31/31/2018", "status": "not_started"})
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", html, re.S)
    assert summary, html
    tag = re.search(r"<div[^>]*data-error-summary[^>]*>", html).group(0)
    assert 'role="alert"' in tag and 'tabindex="-1"' in tag
    assert heading in summary.group(1)
    links = re.findall(r'href="#([\w-]+)"', summary.group(1))
    assert set(links) == {"id_title_en", "id_due_date"}
    for field_id in links:
        assert f'id="{field_id}"' in html  # each link has its field to land on
    assert html.index("data-error-summary") < html.index('name="title_en"')  # at the top of the form
    assert not WorkPlanItem.objects.exists()


def test_the_summary_is_absent_until_something_is_wrong(client_for, staff_user, plan):
    html = client_for(staff_user).get(reverse("groups:workplanitem-create", args=[plan.pk])).content.decode()
    assert "data-error-summary" not in html and 'name="title_en"' in html


def test_the_focus_script_is_a_static_file_not_inline(client_for, staff_user, plan):
    html = (
        client_for(staff_user)
        .post(reverse("groups:workplanitem-create", args=[plan.pk]), {})
        .content.decode()
    )
    assert 'src="/static/js/error-summary.js"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)  # no inline script (the CSP)
    script = (Path(settings.BASE_DIR) / "static" / "js" / "error-summary.js").read_text()
    assert "[data-error-summary]" in script and ".focus()" in script


@pytest.mark.parametrize(
    "name",
    [
        "groups:group-create",
        "learning_events:event-create",
        "learning_events:series-create",
        "learning_events:evaluation-create",
        "surveys:cycle-create",
    ],
)
def test_every_apps_create_page_is_the_shared_form_page(client_for, staff_user, seeded, name):
    response = client_for(staff_user).get(reverse(name))
    assert response.status_code == 200
    assert "portal/form.html" in [t.name for t in response.templates]


# --- The system actor ---------------------------------------------------------------------------
def test_the_system_passes_require_and_nobody_does_not(provider_a_user):
    require(SYSTEM, "surveys.manage_cycle")
    with pytest.raises(PermissionDenied):
        require(None, "surveys.manage_cycle")
    with pytest.raises(PermissionDenied):
        require(provider_a_user, "surveys.manage_cycle")
    assert acting_person(SYSTEM) is None and acting_person(provider_a_user) is provider_a_user
    assert str(SYSTEM) == "system"


def test_an_aggregation_started_by_the_system_is_recorded_without_a_person(seeded):
    from surveys import services
    from tests.surveys.factories import SurveyCycleFactory

    cycle = SurveyCycleFactory(fiscal_year=2019, status="closed")
    run = services.start_aggregation(cycle, user=SYSTEM)
    assert run.requested_by is None
