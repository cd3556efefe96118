"""A choice among thousands, made in Chromium: staff type part of a provider's name in the grant form
of an evaluation, choose it in the list the search filled, and the grant is stored."""

import pytest

from learning_events.models import Evaluation, ReportAccessGrant
from tests.factories import ProviderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_staff_search_a_provider_and_grant_it_access(page, sign_in_page, staff_user, seeded, language):
    for n in range(40):
        ProviderFactory(name=f"Prairie provider {n:02d}")
    wanted = ProviderFactory(name="Yellowknife Newcomer Hub")
    evaluation = Evaluation.objects.get(slug="language-assessment-calgary")
    sign_in_page("staff")
    page.goto(f"/{language}{evaluation.get_absolute_url()[3:]}")
    select = page.locator("select[name=provider]")
    assert select.locator("option").count() == 1  # only "no provider": nothing listed before a search
    search = page.locator("#id_provider_search")
    search.press_sequentially("yellowk")
    page.wait_for_selector("select[name=provider] option:nth-child(2)", state="attached")
    status = page.locator("#id_provider_status").inner_text()
    assert ("1 found" in status) if language == "en" else ("1 trouvé" in status)
    select.select_option(label="Yellowknife Newcomer Hub (" + wanted.jurisdiction_id + ")")
    page.locator("form[action$='/grants/'] button[type=submit]").click()
    page.wait_for_url(f"**{evaluation.get_absolute_url()[3:]}")
    assert ReportAccessGrant.objects.filter(evaluation=evaluation, provider=wanted).exists()
