"""Numbers as people type them: the parser, the one form field, and that every form and admin uses it."""

import importlib
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from portal.forms import LocalizedDecimalField, LocalizedIntegerField, number_formfield
from portal.numbers import UnreadableNumber, format_number, parse_number

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"

# --- The parser ---------------------------------------------------------------------------------
READ = [
    # English
    ("en", "2500.75", True, "2500.75"),
    ("en", "2,500.75", True, "2500.75"),
    ("en", "$2,500.75", True, "2500.75"),
    ("en", "$ 2,500.75", True, "2500.75"),
    ("en", "2,500.75 $", True, "2500.75"),
    ("en", "  2500.75  ", True, "2500.75"),
    ("en", "2 500.75", True, "2500.75"),
    ("en", f"2{NBSP}500.75", True, "2500.75"),
    ("en", "1,500", False, "1500"),
    ("en", "1,234,567.89", True, "1234567.89"),
    ("en", "0.5", False, "0.5"),
    ("en", ".5", False, "0.5"),
    ("en", "5.", False, "5"),
    ("en", "007", False, "7"),
    ("en", "2500", True, "2500"),
    ("en", "-3", False, "-3"),
    ("en", "\u22123.5", False, "-3.5"),
    ("en", "-$5", True, "-5"),
    ("en", "$-5", True, "-5"),
    ("en", "-0", False, "0"),
    ("en", "0", False, "0"),
    # French
    ("fr", "2500,75", True, "2500.75"),
    ("fr", "2 500,75", True, "2500.75"),
    ("fr", f"2{NBSP}500,75", True, "2500.75"),
    ("fr", f"2{NNBSP}500,75", True, "2500.75"),
    ("fr", f"2{THIN}500,75", True, "2500.75"),
    ("fr", "2 500,75 $", True, "2500.75"),
    ("fr", f"2{NBSP}500,75{NBSP}$", True, "2500.75"),
    ("fr", "2500,75$", True, "2500.75"),
    ("fr", "$2500,75", True, "2500.75"),
    ("fr", "1 234 567,89", True, "1234567.89"),
    ("fr", "1,5", False, "1.5"),
    ("fr", ",5", False, "0.5"),
    ("fr", "12", False, "12"),
    ("fr", "1 500", False, "1500"),
    ("fr", "-2,5", False, "-2.5"),
    # A period in French is a decimal point where it cannot be a thousands separator.
    ("fr", "1.5", False, "1.5"),
    ("fr", "2500.75", True, "2500.75"),
    ("fr", "2 500.75", True, "2500.75"),
    ("fr", "1.50", False, "1.50"),
]


@pytest.mark.parametrize(("language", "text", "money", "expected"), READ)
def test_reads_what_people_type(language, text, money, expected):
    value = parse_number(text, language=language, money=money)
    assert value == Decimal(expected)
    assert isinstance(value, Decimal)


def test_keeps_the_decimals_typed():
    """1,50 is stored as 1.50, not 1.5 and never 150."""
    assert str(parse_number("1,50", language="fr")) == "1.50"
    assert str(parse_number("3 200,00", language="fr")) == "3200.00"


REFUSED = [
    # English: the comma only groups thousands by threes; the other language's habits are refused
    ("en", "1,5", True),  # one and a half, or fifteen?
    ("en", "2500,75", True),
    ("en", "2.500,75", True),
    ("en", "2 500,75", True),
    ("en", "1,2,3", False),
    ("en", "2,5.0", False),
    ("en", "1,5000", False),
    ("en", "12,50", True),
    ("en", "1.2.3", False),
    ("en", "2,500 000", False),  # two kinds of separator
    ("en", "1 5", False),
    ("en", "1,", False),
    # French
    ("fr", "1.500", False),  # one and a half, or fifteen hundred?
    ("fr", "2.500", True),
    ("fr", "1.500.000", False),
    ("fr", "2.500,75", True),
    ("fr", "2,500.75", True),
    ("fr", "1,2,3", False),
    ("fr", "2,5.0", False),
    ("fr", "1 5,5", False),
    ("fr", "12 34,5", False),
    ("fr", "1,5 0", False),
    ("fr", "2 500,75 $ $", True),
    # Either language
    *[
        (language, text, True)
        for language in ("en", "fr")
        for text in [
            "",
            " ",
            "abc",
            "12a",
            "a12",
            "1e3",
            "1e309",
            "NaN",
            "Infinity",
            "-inf",
            "0x10",
            "١٢٣",  # Arabic-Indic digits: Decimal() would take them
            "２０１８",  # full-width digits
            "$",
            "-",
            ".",
            ",",
            "--5",
            "+5",
            "5-",
            "(5)",
            "$$5",
            "€5",
            "5 €",
            "5%",
            "1/2",
            "=1+1",
            "1" * 61,
            "\x00",
            "5\n5",
            "5\t5",
        ]
    ],
]


@pytest.mark.parametrize(("language", "text", "money"), REFUSED)
def test_refuses_what_could_mean_two_values_or_none(language, text, money):
    with pytest.raises(UnreadableNumber):
        parse_number(text, language=language, money=money)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("text", ["$5", "5 $", "5$"])
def test_a_dollar_sign_only_where_the_value_is_money(language, text):
    with pytest.raises(UnreadableNumber):
        parse_number(text, language=language, money=False)
    assert parse_number(text, language=language, money=True) == 5


SHOWN = [
    ("en", "2500.75", True, "2,500.75"),
    ("fr", "2500.75", True, f"2{NBSP}500,75"),
    ("en", "3200.00", True, "3,200.00"),
    ("fr", "3200.00", True, f"3{NBSP}200,00"),
    ("en", "1234567.5", True, "1,234,567.5"),
    ("fr", "1234567.5", True, f"1{NBSP}234{NBSP}567,5"),
    ("fr", "1.50", True, "1,50"),
    ("en", "0", True, "0"),
    ("fr", "-2500.5", True, f"-2{NBSP}500,5"),
    ("en", "999", True, "999"),
    ("fr", "2018", False, "2018"),
    ("en", "1E+3", True, "1,000"),
]


@pytest.mark.parametrize(("language", "value", "grouping", "expected"), SHOWN)
def test_shows_numbers_as_people_write_them(language, value, grouping, expected):
    assert format_number(Decimal(value), language=language, grouping=grouping) == expected


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("value", ["0", "0.01", "2500.75", "3200.00", "1234567.89", "-12.5", "1000000"])
def test_what_is_shown_reads_back_as_the_same_value(language, value):
    shown = format_number(Decimal(value), language=language)
    assert parse_number(shown, language=language) == Decimal(value)
    assert str(parse_number(shown, language=language)) == value


# --- The form field -----------------------------------------------------------------------------
class AmountForm(forms.Form):
    amount = LocalizedDecimalField(min_value=Decimal("0.01"), max_digits=10, decimal_places=2, money=True)
    fte = LocalizedDecimalField(min_value=Decimal("0"), max_digits=7, decimal_places=2, required=False)
    people = LocalizedIntegerField(min_value=0, required=False)
    year = LocalizedIntegerField(min_value=1990, max_value=2100, grouping=False, required=False)


def _form(language: str, **data):
    translation.activate(language)
    return AmountForm(data=data)


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [
        ("fr", "2500,75", Decimal("2500.75")),
        ("fr", f"2{NNBSP}500,75 $", Decimal("2500.75")),
        ("en", "$2,500.75", Decimal("2500.75")),
        ("en", "2500.75", Decimal("2500.75")),
    ],
)
def test_the_field_stores_exactly_what_was_meant(language, typed, stored):
    form = _form(language, amount=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == stored


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("en", "2.500,75", "Write an amount like 2,500.75."),
        ("en", "1,5", "Write an amount like 2,500.75."),
        ("fr", "2.500,75", f"Écrivez un montant comme 2{NBSP}500,75."),
        ("fr", "1.500", f"Écrivez un montant comme 2{NBSP}500,75."),
        ("fr", "deux mille", f"Écrivez un montant comme 2{NBSP}500,75."),
    ],
)
def test_an_unreadable_amount_says_how_to_write_it_in_the_page_language(language, typed, message):
    form = _form(language, amount=typed)
    assert not form.is_valid()
    assert form.errors["amount"] == [message]


@pytest.mark.parametrize(
    ("language", "data", "field", "message"),
    [
        ("en", {"amount": "5", "fte": "1,5"}, "fte", "Write a number like 12.5."),
        ("fr", {"amount": "5", "fte": "1.500"}, "fte", "Écrivez un nombre comme 12,5."),
        ("en", {"amount": "5", "fte": "$1.5"}, "fte", "Write a number like 12.5."),
        ("en", {"amount": "5", "people": "2.5"}, "people", "Write a whole number like 1,250."),
        ("fr", {"amount": "5", "people": "2,5"}, "people", f"Écrivez un nombre entier comme 1{NBSP}250."),
        ("fr", {"amount": "5", "people": "1,500"}, "people", f"Écrivez un nombre entier comme 1{NBSP}250."),
        ("en", {"amount": "0"}, "amount", "Enter 0.01 or more."),
        ("fr", {"amount": "0"}, "amount", "Entrez une valeur d’au moins 0,01."),
        ("fr", {"amount": "-5"}, "amount", "Entrez une valeur d’au moins 0,01."),
        ("en", {"amount": "100,000,000"}, "amount", "Enter 99,999,999.99 or less."),
        ("fr", {"amount": "100 000 000"}, "amount", f"Entrez une valeur d’au plus 99{NBSP}999{NBSP}999,99."),
        ("fr", {"amount": "5", "year": "2200"}, "year", "Entrez une valeur d’au plus 2100."),
        ("en", {"amount": "5", "people": "-1"}, "people", "Enter 0 or more."),
    ],
)
def test_refusals_are_translated_and_in_the_users_format(language, data, field, message):
    form = _form(language, **data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_too_many_decimals_are_refused_not_rounded():
    form = _form("fr", amount="12,345")
    assert not form.is_valid()
    assert "amount" in form.errors


def test_a_whole_number_may_be_written_with_zero_decimals():
    form = _form("fr", amount="5", people="12,0", year="2018")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["people"] == 12 and isinstance(form.cleaned_data["people"], int)
    assert form.cleaned_data["year"] == 2018


def test_the_widget_is_a_text_box_never_a_number_input():
    html = str(AmountForm()["amount"]) + str(AmountForm()["people"])
    assert 'type="number"' not in html
    assert html.count('type="text"') == 2
    assert 'inputmode="decimal"' in html and 'inputmode="numeric"' in html
    assert html.count('autocomplete="off"') == 2


@pytest.mark.parametrize(
    ("language", "amount", "people", "year"),
    [("fr", f"2{NBSP}500,75", f"1{NBSP}234", "2018"), ("en", "2,500.75", "1,234", "2018")],
)
def test_initial_values_are_shown_in_the_users_format(language, amount, people, year):
    translation.activate(language)
    form = AmountForm(initial={"amount": Decimal("2500.75"), "people": 1234, "year": 2018})
    assert form["amount"].value() == amount
    assert f'value="{amount}"' in str(form["amount"])
    assert form["people"].value() == people
    assert form["year"].value() == year


def test_a_refused_value_is_shown_back_as_typed():
    form = _form("fr", amount="2.500,75")
    assert not form.is_valid()
    assert 'value="2.500,75"' in str(form["amount"])


def test_has_changed_compares_values_not_text():
    translation.activate("fr")
    field = AmountForm.base_fields["amount"]
    assert not field.has_changed(Decimal("2500.75"), f"2{NBSP}500,75")
    assert not field.has_changed(Decimal("2500.75"), "2500,75 $")
    assert field.has_changed(Decimal("2500.75"), "2500,70")
    assert field.has_changed(Decimal("2500.75"), "illisible")
    assert not field.has_changed(None, "")
    people = AmountForm.base_fields["people"]
    assert not people.has_changed(1234, "1 234")
    assert people.has_changed(None, "3")


# --- Used everywhere a person types a number ----------------------------------------------------
APPS = ("groups", "learning_events", "pd_budget", "surveys", "accounts")


def _number_fields_of(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            yield name, field


def test_every_number_in_every_form_uses_the_localized_field():
    """A plain DecimalField/IntegerField renders <input type=number> or reads `2500,75` as it likes."""
    plain = []
    for app in APPS:
        module = importlib.import_module(f"{app}.forms")
        for name, obj in vars(module).items():
            ours = isinstance(obj, type) and obj.__module__ == module.__name__
            if ours and issubclass(obj, forms.BaseForm):
                for field_name, field in _number_fields_of(obj):
                    hidden = isinstance(field.widget, forms.HiddenInput)  # a version counter, not typed
                    if not hidden and not isinstance(field, LocalizedDecimalField):
                        plain.append(f"{name}.{field_name}")
    assert not plain, f"number fields that do not read numbers as people type them: {plain}"


@pytest.mark.django_db
def test_the_fte_and_request_forms_use_it(provider_a):
    from pd_budget.forms import PDRequestForm, SiteFTEForm
    from tests.pd_budget.factories import add_site

    site = add_site(provider_a, "urban", language="1", settlement="0")
    ftes = SiteFTEForm(sites=[site], ftes={})
    assert all(isinstance(f, LocalizedDecimalField) and not f.money for f in ftes.fields.values())
    assert PDRequestForm.base_fields["amount"].money


def _admin_request():
    from portal.models import User

    request = RequestFactory().get("/")
    request.user = User(username="root", is_superuser=True, is_staff=True, is_active=True)
    return request


@pytest.mark.django_db
def test_every_admin_form_reads_numbers_as_staff_type_them():
    """Policy rates, agreement amounts, FTEs, counts: in the admin too, `2 500,75` in French."""
    request = _admin_request()
    plain = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in (*APPS, "portal"):
            continue
        holders = [(model_admin, model_admin.get_form(request))]
        for inline in model_admin.get_inline_instances(request):
            holders.append((inline, inline.get_formset(request).form))
        for holder, form_class in holders:
            for name, field in _number_fields_of(form_class):
                if not isinstance(field, LocalizedDecimalField):
                    plain.append(f"{type(holder).__name__}.{name}")
                elif 'type="number"' in str(field.widget.render(name, None)):
                    plain.append(f"{type(holder).__name__}.{name} (widget)")
    assert not plain, f"admin number fields that do not read numbers as staff type them: {plain}"


@pytest.mark.django_db
def test_admin_money_and_ftes():
    from pd_budget.models import PolicyYear, SiteFTE

    request = _admin_request()
    policy = admin.site._registry[PolicyYear].get_form(request)
    assert policy.base_fields["language_per_fte"].money
    assert policy.base_fields["fiscal_year"].grouping is False
    fte = admin.site._registry[SiteFTE].get_form(request)
    assert not fte.base_fields["language_fte"].money


def test_number_formfield_leaves_choices_and_keys_alone():
    from learning_events.models import LearningEvent

    precision = LearningEvent._meta.get_field("precision")  # a choice: stays a drop-down
    assert isinstance(number_formfield(precision), forms.TypedChoiceField)
    assert number_formfield(LearningEvent._meta.get_field("group")).__class__ is not LocalizedIntegerField
    year = LearningEvent._meta.get_field("year")
    field = number_formfield(year)
    assert isinstance(field, LocalizedIntegerField) and field.grouping is False
