"""People type numbers into the real fields in Chromium, in French and in English; the database holds
the value they meant (a French « 2500,75 » once arrived as 250075 through `<input type=number>`)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from pd_budget.models import PDRequest, PolicyYear, SiteFTE
from portal.fiscal import fiscal_year_of
from surveys.models import PDTemplate
from tests.pd_budget.factories import PolicyYearFactory, add_site
from tests.surveys.factories import SurveyCycleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NBSP, NNBSP = "\u00a0", "\u202f"
#: PD requests may only be made against an open fiscal year: use the current one.
YEAR = fiscal_year_of(timezone.localdate())


def type_into(locator, text: str) -> None:
    """Clear the field, then type `text` key by key, as a person does."""
    locator.click()
    locator.fill("")
    locator.press_sequentially(text)
    assert locator.input_value() == text, "the browser changed what was typed"


def assert_text_input(locator, inputmode: str = "decimal") -> None:
    assert locator.get_attribute("type") == "text"
    assert locator.get_attribute("inputmode") == inputmode
    assert locator.get_attribute("autocomplete") == "off"


@pytest.fixture
def open_cycle(db):
    return SurveyCycleFactory(fiscal_year=2018, status="open")


def test_french_pd_template_stores_the_amount_typed(
    page, sign_in_page, provider_a_user, open_cycle, live_server
):
    sign_in_page("provider-a")
    page.goto(f"{live_server.url}/fr/surveys/2018/my-template/")
    funding = page.get_by_label("Financement actuel du PP")
    assert_text_input(funding)
    type_into(funding, "2500,75")
    type_into(page.get_by_label("Intervenants, volet langue"), "3")
    type_into(page.get_by_label("Nombre de personnes"), "1 200")
    type_into(page.get_by_label("Coût estimatif ($)"), f"12{NNBSP}500,50 $")
    page.locator("#id_needs-0-theme_text").fill("Gestion des cas")
    page.get_by_role("button", name="Enregistrer l'ébauche").click()
    page.get_by_text("Votre ébauche a été enregistrée.").wait_for()

    template = PDTemplate.objects.get(provider=provider_a_user.provider)
    assert template.current_pd_funding == Decimal("2500.75")  # never 250075
    assert template.practitioners_language == 3
    need = template.needs.get()
    assert (need.people, need.estimated_cost) == (1200, Decimal("12500.50"))
    # Shown back in French: a no-break space between the thousands, a decimal comma.
    assert page.get_by_label("Financement actuel du PP").input_value() == f"2{NBSP}500,75"
    assert page.locator("#id_needs-0-estimated_cost").input_value() == f"12{NBSP}500,50"


def test_english_pd_template_stores_the_amount_typed(
    page, sign_in_page, provider_a_user, open_cycle, live_server
):
    sign_in_page("provider-a")
    page.goto(f"{live_server.url}/en/surveys/2018/my-template/")
    type_into(page.get_by_label("Current PD funding"), "$2,500.75")
    type_into(page.get_by_label("Practitioners, language stream"), "1,024")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Your draft was saved.").wait_for()

    template = PDTemplate.objects.get(provider=provider_a_user.provider)
    assert template.current_pd_funding == Decimal("2500.75")
    assert template.practitioners_language == 1024
    assert page.get_by_label("Current PD funding").input_value() == "2,500.75"
    assert page.get_by_label("Practitioners, language stream").input_value() == "1,024"


@pytest.mark.parametrize(
    ("language", "typed", "hint", "button"),
    [
        ("fr", "2.500,75", f"Écrivez un montant comme 2{NBSP}500,75.", "Enregistrer l'ébauche"),
        ("fr", "1.500", f"Écrivez un montant comme 2{NBSP}500,75.", "Enregistrer l'ébauche"),
        ("en", "2500,75", "Write an amount like 2,500.75.", "Save draft"),
        ("en", "1,5", "Write an amount like 2,500.75.", "Save draft"),
    ],
)
def test_an_unreadable_amount_shows_the_hint_and_stores_nothing(
    page, sign_in_page, provider_a_user, open_cycle, live_server, language, typed, hint, button
):
    sign_in_page("provider-a")
    page.goto(f"{live_server.url}/{language}/surveys/2018/my-template/")
    funding = page.locator("#id_current_pd_funding")
    type_into(funding, typed)
    page.get_by_role("button", name=button).click()
    error = page.get_by_text(hint)
    error.wait_for()
    # The hint is tied to the field, the field is marked invalid, and what was typed is still there.
    assert funding.get_attribute("aria-invalid") == "true"
    described = [
        page.locator(f"#{i}").inner_text() for i in funding.get_attribute("aria-describedby").split()
    ]
    assert any(hint in text for text in described), described
    assert funding.input_value() == typed
    assert not PDTemplate.objects.exists()


@pytest.fixture
def funded_now(seeded, provider_a):
    """A policy and FTEs for the current fiscal year: language allocation 2 x 150 = 300."""
    PolicyYearFactory(fiscal_year=YEAR)
    return add_site(provider_a, "urban", language="2", settlement="1", year=YEAR, head_office=True)


@pytest.mark.parametrize(("language", "typed"), [("fr", "250,50"), ("fr", "250,50 $"), ("en", "$250.50")])
def test_pd_request_amount_is_stored_as_typed(
    page, sign_in_page, provider_a, provider_a_user, funded_now, live_server, language, typed
):
    sign_in_page("provider-a")
    page.goto(f"{live_server.url}/{language}/pd/providers/{provider_a.pk}/requests/new/?year={YEAR}")
    page.locator("#id_fiscal_year").select_option(str(YEAR))
    page.locator("#id_category").select_option("language")
    amount = page.locator("#id_amount")
    assert_text_input(amount)
    type_into(amount, typed)
    page.get_by_role(
        "button", name="Soumettre la demande" if language == "fr" else "Submit the request"
    ).click()
    page.wait_for_url(f"{live_server.url}/{language}/pd/providers/{provider_a.pk}/?year={YEAR}")

    assert PDRequest.objects.get(provider=provider_a).amount == Decimal("250.50")


def test_pd_request_refuses_an_english_amount_on_the_french_page(
    page, sign_in_page, provider_a, provider_a_user, funded_now, live_server
):
    sign_in_page("provider-a")
    page.goto(f"{live_server.url}/fr/pd/providers/{provider_a.pk}/requests/new/?year={YEAR}")
    page.locator("#id_category").select_option("language")
    type_into(page.locator("#id_amount"), "2,500.75")
    page.get_by_role("button", name="Soumettre la demande").click()
    page.get_by_text(f"Écrivez un montant comme 2{NBSP}500,75.", exact=True).wait_for()  # by the field
    assert page.get_by_role(
        "link", name=f"Montant ($){NBSP}: Écrivez un montant comme 2{NBSP}500,75."
    ).is_visible()
    assert not PDRequest.objects.exists()


@pytest.mark.parametrize(
    ("language", "language_fte", "settlement_fte", "button", "shown"),
    [
        ("fr", "1,5", f"2{NNBSP}000,25", "Enregistrer les ETP", f"2{NBSP}000,25"),
        ("en", "1.5", "2,000.25", "Save the FTEs", "2,000.25"),
    ],
)
def test_site_ftes_typed_by_staff_are_stored_as_typed(
    page,
    sign_in_page,
    provider_a,
    staff_user,
    funded_now,
    live_server,
    language,
    language_fte,
    settlement_fte,
    button,
    shown,
):
    """IRCC staff change accepted FTEs directly (providers declare them: see the next test)."""
    site = funded_now
    sign_in_page("staff")
    url = f"{live_server.url}/{language}/pd/providers/{provider_a.pk}/ftes/?year={YEAR}"
    page.goto(url)
    field = page.locator(f"#id_language_{site.pk}")
    assert_text_input(field)
    type_into(field, language_fte)
    type_into(page.locator(f"#id_settlement_{site.pk}"), settlement_fte)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(f"{live_server.url}/{language}/pd/providers/{provider_a.pk}/?year={YEAR}")

    fte = SiteFTE.objects.get(site=site, fiscal_year=YEAR)
    assert (fte.language_fte, fte.settlement_fte) == (Decimal("1.5"), Decimal("2000.25"))
    page.goto(url)
    assert page.locator(f"#id_settlement_{site.pk}").input_value() == shown


@pytest.mark.parametrize(
    ("language", "language_fte", "settlement_fte", "button", "sent"),
    [
        ("fr", "1,5", f"2{NNBSP}000,25", "Transmettre les ETP au personnel d'IRCC", "sont transmis"),
        ("en", "1.5", "2,000.25", "Send the FTEs to IRCC staff", "are sent to IRCC staff"),
    ],
)
def test_site_ftes_declared_by_a_provider_are_stored_as_typed(
    page,
    sign_in_page,
    provider_a,
    provider_a_user,
    funded_now,
    live_server,
    language,
    language_fte,
    settlement_fte,
    button,
    sent,
):
    from pd_budget.models import FTEDeclaration

    site = funded_now
    sign_in_page("provider-a")
    page.goto(f"{live_server.url}/{language}/pd/providers/{provider_a.pk}/ftes/?year={YEAR}")
    field = page.locator(f"#id_language_{site.pk}")
    assert_text_input(field)
    type_into(field, language_fte)
    type_into(page.locator(f"#id_settlement_{site.pk}"), settlement_fte)
    page.get_by_role("button", name=button).click()
    page.get_by_text(sent).first.wait_for()

    line = FTEDeclaration.objects.get(provider=provider_a, fiscal_year=YEAR).lines.get(site=site)
    assert (line.language_fte, line.settlement_fte) == (Decimal("1.5"), Decimal("2000.25"))
    fte = SiteFTE.objects.get(site=site, fiscal_year=YEAR)
    assert (fte.language_fte, fte.settlement_fte) == (Decimal("2"), Decimal("1"))  # not until staff accept


def test_site_fte_refuses_an_ambiguous_value(
    page, sign_in_page, provider_a, provider_a_user, funded_now, live_server
):
    site = funded_now
    sign_in_page("provider-a")
    page.goto(f"{live_server.url}/en/pd/providers/{provider_a.pk}/ftes/?year={YEAR}")
    type_into(page.locator(f"#id_language_{site.pk}"), "1,5")
    page.get_by_role("button", name="Send the FTEs to IRCC staff").click()
    page.get_by_text("Write a number like 12.5.", exact=True).wait_for()
    fte = SiteFTE.objects.get(site=site, fiscal_year=YEAR)
    assert fte.language_fte == Decimal("2")  # unchanged


@pytest.mark.parametrize(
    ("language", "typed", "button"), [("fr", "1 250", "Enregistrer"), ("en", "1,250", "Save")]
)
def test_meeting_attendance_is_stored_as_typed(
    page, sign_in_page, staff_user, seeded, live_server, language, typed, button
):
    from groups.models import Committee, CommitteeKind, Meeting, WorkingGroup

    committee = Committee.objects.create(
        kind=CommitteeKind.STEERING,
        group=WorkingGroup.objects.get(slug="case-management"),
        name_en="Steering committee",
        name_fr="Comité directeur",
    )
    sign_in_page("staff")
    page.goto(f"{live_server.url}/{language}/groups/committees/{committee.pk}/meetings/new/")
    page.locator("#id_date").fill("2018-11-05")
    page.locator("#id_format").select_option(index=1)
    count = page.locator("#id_attendee_count")
    assert_text_input(count, inputmode="numeric")
    type_into(count, typed)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url(f"{live_server.url}/{language}/groups/committees/{committee.pk}/")

    assert Meeting.objects.get(committee=committee).attendee_count == 1250


def test_meeting_attendance_refuses_a_fraction(page, sign_in_page, staff_user, seeded, live_server):
    from groups.models import Committee, CommitteeKind, Meeting, WorkingGroup

    committee = Committee.objects.create(
        kind=CommitteeKind.STEERING,
        group=WorkingGroup.objects.get(slug="case-management"),
        name_en="Steering committee",
        name_fr="Comité directeur",
    )
    sign_in_page("staff")
    page.goto(f"{live_server.url}/fr/groups/committees/{committee.pk}/meetings/new/")
    page.locator("#id_date").fill("2018-11-05")
    page.locator("#id_format").select_option(index=1)
    type_into(page.locator("#id_attendee_count"), "12,5")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.get_by_text(f"Écrivez un nombre entier comme 1{NBSP}250.", exact=True).wait_for()
    assert not Meeting.objects.exists()


FRENCH_RATES = {
    "conference_urban": "2 700,00",
    "conference_small": f"3{NBSP}000",
    "conference_north": "3000,50 $",
    "language_per_fte": "150,25",
    "settlement_per_fte": "300",
}
ENGLISH_RATES = {
    "conference_urban": "2,700.00",
    "conference_small": "$3,000",
    "conference_north": "3000.50",
    "language_per_fte": "150.25",
    "settlement_per_fte": "300",
}


@pytest.mark.parametrize(("language", "rates"), [("fr", FRENCH_RATES), ("en", ENGLISH_RATES)])
def test_admin_policy_rates_are_stored_as_typed(page, sign_in_page, admin_user, live_server, language, rates):
    sign_in_page("admin")
    page.goto(f"{live_server.url}/{language}/admin/pd_budget/policyyear/add/")
    year = page.locator("#id_fiscal_year")
    assert_text_input(year, inputmode="numeric")
    type_into(year, str(YEAR + 1))
    for name, typed in rates.items():
        field = page.locator(f"#id_{name}")
        assert_text_input(field)
        type_into(field, typed)
    page.locator("input[name=_save]").click()
    page.wait_for_url(f"{live_server.url}/{language}/admin/pd_budget/policyyear/")

    policy = PolicyYear.objects.get(fiscal_year=YEAR + 1)
    assert [policy.conference_urban, policy.conference_small, policy.conference_north] == [
        Decimal("2700.00"),
        Decimal("3000.00"),
        Decimal("3000.50"),
    ]
    assert (policy.language_per_fte, policy.settlement_per_fte) == (Decimal("150.25"), Decimal("300.00"))
    # The edit page shows the stored rates back in the admin's language.
    page.goto(f"{live_server.url}/{language}/admin/pd_budget/policyyear/{policy.pk}/change/")
    shown = f"2{NBSP}700,00" if language == "fr" else "2,700.00"
    assert page.locator("#id_conference_urban").input_value() == shown
    assert page.locator("#id_fiscal_year").input_value() == str(YEAR + 1)


def test_admin_agreement_amount_refuses_a_value_it_cannot_read(
    page, sign_in_page, admin_user, provider_a, live_server
):
    from tests.pd_budget.factories import AgreementFactory

    agreement = AgreementFactory(provider=provider_a, fiscal_year=YEAR, amount=Decimal("125000.00"))
    sign_in_page("admin")
    url = f"{live_server.url}/fr/admin/pd_budget/agreement/{agreement.pk}/change/"
    page.goto(url)
    amount = page.locator("#id_amount")
    assert amount.input_value() == f"125{NBSP}000,00"
    type_into(amount, "125.000,50")
    page.locator("input[name=_save]").click()
    page.get_by_text(f"Écrivez un montant comme 2{NBSP}500,75.").wait_for()
    agreement.refresh_from_db()
    assert agreement.amount == Decimal("125000.00")

    type_into(page.locator("#id_amount"), "125 000,50 $")
    page.locator("input[name=_save]").click()
    page.wait_for_url(f"{live_server.url}/fr/admin/pd_budget/agreement/")
    agreement.refresh_from_db()
    assert agreement.amount == Decimal("125000.50")
