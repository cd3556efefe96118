"""Passwords built from the user's names, e-mail or the portal's own words are refused, in the
user's language (portal.passwords.PortalWordsValidator and Django's similarity check)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.models import User


@pytest.fixture
def jean():
    return User(
        username="jtremblay", first_name="Jean", last_name="Tremblay", email="jean.tremblay@example.org"
    )


@pytest.mark.parametrize(
    "password",
    [
        "JeanTremblay2024!",
        "tremblay-jean-1987",
        "Jtremblay#2025",
        "jean.tremblay@2024",
        "TREMBLAY!!2026portal",
        "Jéan Trémblay 2024",
    ],
)
def test_passwords_built_from_the_users_names_are_refused(jean, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=jean)


@pytest.mark.parametrize(
    "password",
    [
        "Portal2024!!",
        "IRCC-2025-ircc",
        "pnt2018pnt2018",
        "Demo-Portal-2018",
        "Settlement2026!",
        "Établissement2025",
    ],
)
def test_passwords_built_from_the_portals_words_are_refused(jean, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=jean)
    with pytest.raises(ValidationError):
        validate_password(password, user=None)


@pytest.mark.parametrize(
    "password", ["correct-horse-battery", "Jean likes 7 quiet lakes", "Saskatoon-river-walk-93"]
)
def test_other_passwords_pass(jean, password):
    validate_password(password, user=jean)


def test_the_refusal_is_in_french(jean):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        validate_password("IRCC-Portail-2024", user=jean)
    assert "portail" in " ".join(refused.value.messages).lower()
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        validate_password("JeanTremblay2024!", user=jean)
    assert "votre nom" in " ".join(refused.value.messages)
