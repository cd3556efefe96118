"""Names are stored plain (portal.text): NFKC, no invisible characters; a provider or umbrella
organisation that only differs from an existing one by those, by case or by look-alike letters is
refused with a clear error, in both languages, wherever it is entered (model clean: forms, admin)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from organisations.models import Provider, UmbrellaOrganisation
from portal.text import name_key, normalise_name

NAME = "Provider A Settlement Society"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Provider\u200b A", "Provider A"),  # zero-width space
        ("\u202eProvider A", "Provider A"),  # right-to-left override
        ("Provider\x00 A", "Provider A"),  # NUL
        ("Pro\u00advider A", "Provider A"),  # soft hyphen
        ("\ufeffProvider\u2060 A\u200d", "Provider A"),  # BOM, word joiner, zero-width joiner
        ("Ｐｒｏｖｉｄｅｒ　Ａ", "Provider A"),  # full-width letters and space
        ("  Provider \t\n A  ", "Provider A"),
        ("Centre d\u2019accueil Québec", "Centre d\u2019accueil Québec"),  # accents and apostrophes stay
        ("Cafe\u0301 Société", "Café Société"),  # combining accent composed
    ],
)
def test_names_are_normalised(typed, stored):
    assert normalise_name(typed) == stored


def test_lookalike_letters_share_a_key_but_accents_do_not():
    assert name_key("Prоvider A") == name_key("provider a")  # Cyrillic о
    assert name_key("Québec") != name_key("Quebec")


@pytest.fixture
def existing(db):
    return Provider.objects.create(name=NAME, jurisdiction_id="AB")


@pytest.mark.parametrize(
    "lookalike",
    [
        "Provider A\u200b Settlement Society",
        "\u202eProvider A Settlement Society",
        "Provider A Settlement Society\x00",
        "Prоvider A Settlement Society",  # Cyrillic о
        "PROVIDER A SETTLEMENT SOCIETY",
        "Ｐrovider A Settlement Society",
    ],
)
def test_a_provider_that_only_looks_different_is_refused(existing, lookalike):
    provider = Provider(name=lookalike, jurisdiction_id="BC")
    with pytest.raises(ValidationError) as refused:
        provider.full_clean()
    assert "looks the same as" in refused.value.message_dict["name"][0]
    assert Provider.objects.count() == 1


def test_a_new_provider_is_stored_normalised(existing):
    provider = Provider(name="\u200bNewcomer\u202e Centre ", jurisdiction_id="BC")
    provider.full_clean()
    provider.save()
    assert Provider.objects.get(pk=provider.pk).name == "Newcomer Centre"


def test_editing_a_provider_keeps_its_own_name(existing):
    existing.jurisdiction_id = "BC"
    existing.full_clean()  # its own name is no look-alike of itself


def test_a_name_of_invisible_characters_only_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        Provider(name="\u200b\u202e\x00", jurisdiction_id="AB").full_clean()
    assert "name" in refused.value.message_dict


def test_the_refusal_is_in_french(existing):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        Provider(name="Provider A\u200b Settlement Society", jurisdiction_id="BC").full_clean()
    assert "ressemble" in refused.value.message_dict["name"][0]


def test_umbrella_organisations_too(db):
    UmbrellaOrganisation.objects.create(
        acronym="XYZA", name_en="Alberta test", name_fr="Test Alberta", jurisdiction_id="AB"
    )
    with pytest.raises(ValidationError) as refused:
        UmbrellaOrganisation(
            acronym="XYZА", name_en="Other", name_fr="Autre", jurisdiction_id="AB"
        ).full_clean()
    assert "acronym" in refused.value.message_dict  # a Cyrillic А at the end


def test_the_admin_refuses_a_lookalike_provider(client_for, admin_user, existing):
    response = client_for(admin_user).post(
        "/en/admin/organisations/provider/add/",
        {"name": "Provider A\u200b Settlement Society", "jurisdiction": "BC"},
    )
    assert response.status_code == 200
    assert "looks the same as" in response.content.decode()
    assert Provider.objects.count() == 1


def test_working_group_names_are_stored_plain(seeded):
    from groups.models import WorkingGroup

    group = WorkingGroup.objects.get(slug="case-management")
    group.name_en = "Case\u200b management\u202e"
    group.full_clean()
    assert group.name_en == "Case management"
