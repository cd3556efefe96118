"""A French-speaking provider forgets their password: the sign-in page's link, the e-mail, the new
password, and signing in again, all in French. IRCC staff decide two requests at once, confirmed."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Glacier-otter-64-canoe"


def test_password_reset_by_email_in_french(page, live_server, provider_a):
    UserFactory(
        username="amelie",
        email="amelie@example.org",
        role="provider",
        provider=provider_a,
        preferred_language="fr",
    )
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.get_by_role("link", name="Mot de passe oublié").click()
    page.wait_for_url(f"{live_server.url}/fr/accounts/password-reset/")
    page.get_by_label("Adresse courriel de votre compte").fill("amelie@example.org")
    page.get_by_role("button", name="Envoyer le lien").click()
    page.wait_for_url(f"{live_server.url}/fr/accounts/password-reset/sent/")
    assert page.get_by_role("heading", level=1).inner_text() == "Consultez vos courriels"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amelie@example.org"] and "Réinitialisez votre mot de passe" in message.subject
    link = re.search(r"http://\S+/fr/accounts/reset/\S+/", message.body).group(0)
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Choisir un nouveau mot de passe"
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le nouveau mot de passe").click()
    page.wait_for_url(f"{live_server.url}/fr/accounts/reset/done/")
    assert page.get_by_role("heading", level=1).inner_text() == "Votre mot de passe est changé"

    page.get_by_role("main").get_by_role("link", name="Se connecter").click()
    page.locator("#id_username").fill("amelie")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/fr/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tableau de bord"
    # The used link no longer works.
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Ce lien ne fonctionne pas"


def test_staff_refuse_two_requests_at_once_after_confirming(
    page, sign_in_page, live_server, provider_a, provider_a_user, staff_user
):
    from pd_budget.models import PDRequest
    from pd_budget.services import submit_pd_request
    from tests.pd_budget.factories import PolicyYearFactory, add_site, this_fiscal_year

    year = this_fiscal_year()
    PolicyYearFactory(fiscal_year=year)
    add_site(provider_a, "urban", language="2", settlement="1", head_office=True, year=year)
    requests = [
        submit_pd_request(
            provider_a,
            user=provider_a_user,
            fiscal_year=year,
            category="conference",
            amount=amount,
            conference_name=name,
            conference_place="Regina",
        )
        for amount, name in (("400", "Prairie Forum"), ("600", "Northern Summit"))
    ]
    sign_in_page("staff")
    page.goto(f"{live_server.url}/en/pd/requests/approvals/")
    assert page.get_by_text("Regina").first.is_visible()
    for r in requests:
        page.locator(f"#choose-{r.pk}").check()
    page.get_by_label("Refuse", exact=True).check()
    page.locator("#batch-reason").fill("The conference budget is closed for the year.")
    page.get_by_role("button", name="Review the decision").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm the refusal"
    assert PDRequest.objects.filter(status="pending").count() == 2  # not yet
    page.get_by_role("button", name="Refuse 2 requests").click()
    page.wait_for_url(f"{live_server.url}/en/pd/requests/approvals/")
    assert page.get_by_text("Refused: 2 requests, $1,000.00.").is_visible()
    assert set(PDRequest.objects.values_list("status", flat=True)) == {"refused"}
