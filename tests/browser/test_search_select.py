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


def test_staff_search_two_organisations_and_send_them_the_survey(page, sign_in_page, staff_user, seeded):
    """The multiple search: each search refills the list and keeps every organisation chosen before;
    a click chooses one without dropping the others."""
    from learning_events.models import Invitation, LearningEvent, Questionnaire
    from tests.factories import UserFactory

    for n in range(40):
        ProviderFactory(name=f"Prairie provider {n:02d}")
    north = ProviderFactory(name="Yellowknife Newcomer Hub", jurisdiction_id="NT")
    prairie = ProviderFactory(name="Prairie provider 07")  # one of the forty
    for provider in (north, prairie):
        UserFactory(username=f"staff-of-{provider.pk}", role="provider", provider=provider)
    event = LearningEvent.objects.filter(series__isnull=True).order_by("pk").first()
    survey = Questionnaire.objects.create(
        event=event, kind="needs", title_en="Needs", title_fr="Besoins", status="open", created_by=staff_user
    )
    sign_in_page("staff")
    page.goto(f"/en/events/questionnaires/{survey.pk}/send/")
    select = page.locator("select[name=providers]")
    assert select.locator("option").count() == 0  # nothing listed before a search
    search = page.locator("#id_providers_search")

    search.press_sequentially("yellowkn")
    select.locator("option", has_text="Yellowknife Newcomer Hub").click()
    search.fill("")
    search.press_sequentially("prairie provider 0")
    page.wait_for_selector("select[name=providers] option:nth-child(5)", state="attached")
    assert "13 found" in page.locator("#id_providers_status").inner_text()  # 00-09, 10, 20, 30
    select.locator("option", has_text="Prairie provider 07").click()
    chosen = select.evaluate("s => Array.from(s.selectedOptions, o => o.textContent)")
    assert chosen == ["Yellowknife Newcomer Hub (NT)", "Prairie provider 07 (AB)"]
    select.locator("option", has_text="Prairie provider 03").click()
    select.locator("option", has_text="Prairie provider 03").click()  # a second click takes it back
    assert select.evaluate("s => s.selectedOptions.length") == 2

    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/en/events/questionnaires/{survey.pk}/")
    invited = set(Invitation.objects.filter(questionnaire=survey).values_list("user__provider", flat=True))
    assert invited == {north.pk, prairie.pk}
