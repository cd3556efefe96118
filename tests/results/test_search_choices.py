"""An action's owner and work-plan item search as staff type (issue 22): every active account and
every group's items of every year are choices, and the page holds only the chosen ones; the fields
still check what is posted (an inactive account is no owner)."""

import html

import pytest
from django.urls import reverse

from groups.models import WorkingGroup, WorkPlan, WorkPlanItem
from learning_events.models import Evaluation
from results import services
from results.models import ActionItem, Recommendation
from tests.factories import ProviderFactory, UserFactory
from tests.search_choices import NOT_A_CHOICE, found, lookup, options

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation(seeded, staff_user):
    evaluation = Evaluation.objects.get(slug="youth-summer-programs-saskatoon")
    return services.save_recommendation(
        user=staff_user, instance=Recommendation(evaluation=evaluation, text_en="Do better")
    )


@pytest.fixture
def items(seeded):
    group = WorkingGroup.objects.get(slug="summer-programs")
    plan = WorkPlan.objects.create(group=group, fiscal_year=2018)
    return [
        WorkPlanItem.objects.create(work_plan=plan, title_en=f"Grown deliverable {n:02d}") for n in range(30)
    ]


def test_the_action_form_searches_owners_and_items(
    client_for, staff_user, provider_a_user, recommendation, items
):
    for n in range(30):
        UserFactory(
            username=f"grown-{n:02d}", role="provider", provider=ProviderFactory(name=f"Grown org {n:02d}")
        )
    gone = UserFactory(username="gone", role="staff", is_active=False)
    url = reverse("results:action-create", kwargs={"pk": recommendation.pk})
    client = client_for(staff_user)
    page = client.get(url).content.decode()
    assert "grown-0" not in page and "Grown deliverable" not in page
    assert options(page, "owner") == ["", str(staff_user.pk)]  # the page proposes the author
    assert options(page, "work_plan_item") == [""]
    assert (
        'data-lookup="/en/lookup/accounts/"' in page and 'data-lookup="/en/lookup/work-plan-items/"' in page
    )

    data = {"text_en": "Find a host", "text_fr": "", "due_date": "2099-01-31", "status": "in_progress"}
    for refused_data in ({"owner": gone.pk}, {"owner": staff_user.pk, "work_plan_item": items[-1].pk + 1000}):
        refused = client.post(url, {**data, **refused_data})
        assert refused.status_code == 200 and html.escape(NOT_A_CHOICE) in refused.content.decode()
    assert not ActionItem.objects.exists()

    item = items[17]
    assert (
        client.post(url, {**data, "owner": provider_a_user.pk, "work_plan_item": item.pk}).status_code == 302
    )
    action = ActionItem.objects.get()
    assert (action.owner, action.work_plan_item) == (provider_a_user, item)
    edit = client.get(reverse("results:action-update", kwargs={"pk": action.pk})).content.decode()
    assert options(edit, "owner") == ["", str(provider_a_user.pk)]
    label = "Summer programs 2018-19: Grown deliverable 17"
    assert f'<option value="{item.pk}" selected>{label}</option>' in edit  # as the search labels it
    assert found(client, "work-plan-items", "summer deliverable 17") == [label]


def test_providers_may_not_search_the_work_plan_items(client_for, provider_a_user, items):
    assert lookup(client_for(provider_a_user), "work-plan-items", "grown").status_code == 403
