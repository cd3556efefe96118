"""Form fields the apps share."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator
from django.utils.translation import gettext_lazy as _

from .numbers import UnreadableNumber, format_number, parse_number

# The widest integer key a database column holds (bigint).
_MAX_PK = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing integer keys no database column can hold.

    Django guards `pk=` lookups against out-of-range integers but not `pk__in=`, and SQLite then
    raises OverflowError: a 500 for a tampered form instead of "not a valid value".
    """

    def _check_values(self, value):
        if self.queryset.model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField"):
            for pk in value:
                try:
                    number = int(str(pk).strip())
                except ValueError:
                    continue  # not a number: Django refuses it with the same message
                if abs(number) > _MAX_PK:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


# --- Numbers as people type them ----------------------------------------------------------------
class NumberTextInput(forms.TextInput):
    """A text box for a number, never `<input type=number>`: Chromium drops what that input does not
    understand (a French `2500,75` arrived as 250075) and the user never sees it happen."""

    inputmode = "decimal"

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": self.inputmode, "autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )


class WholeNumberTextInput(NumberTextInput):
    inputmode = "numeric"


def _limit(value) -> Decimal:
    return Decimal(value() if callable(value) else value)


class LocalizedDecimalField(forms.DecimalField):
    """A number or an amount typed as people write it in the page's language, read exactly
    (`portal.numbers`), shown back the same way; an unreadable value is refused with an example.

    `money=True` takes a dollar sign and says "amount" in its messages. The smallest and largest
    values are said in the user's format ("Enter 0,01 or more"); without a largest value, the
    largest that `max_digits` and `decimal_places` allow."""

    widget = NumberTextInput
    example = Decimal("12.5")
    default_error_messages = {
        "invalid": _("Write a number like %(example)s."),
        "invalid_money": _("Write an amount like %(example)s."),
        "min_value": _("Enter %(limit_value)s or more."),
        "max_value": _("Enter %(limit_value)s or less."),
    }

    def __init__(
        self, *, money: bool = False, grouping: bool = True, min_value=None, max_value=None, **kwargs
    ):
        self.money, self.grouping = money, grouping
        kwargs.pop("localize", None)  # always: the page's language
        super().__init__(**kwargs)
        if max_value is None and self.max_digits is not None and self.decimal_places is not None:
            max_value = (
                Decimal(10) ** (self.max_digits - self.decimal_places) - Decimal(10) ** -self.decimal_places
            )
        self.min_value, self.max_value = min_value, max_value

    def _language(self) -> str:
        from .i18n import current_language

        return current_language()

    def _example(self) -> str:
        example = Decimal("2500.75") if self.money else self.example
        return format_number(example, language=self._language())

    def _unreadable(self) -> ValidationError:
        key = "invalid_money" if self.money else "invalid"
        return ValidationError(self.error_messages[key], code="invalid", params={"example": self._example()})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return parse_number(str(value), language=self._language(), money=self.money)
        except UnreadableNumber:
            raise self._unreadable() from None

    def validate(self, value):
        forms.Field.validate(self, value)  # required; the parser only ever returns finite numbers
        if value in self.empty_values:
            return
        for key, limit, outside in (
            ("min_value", self.min_value, lambda v, lim: v < lim),
            ("max_value", self.max_value, lambda v, lim: v > lim),
        ):
            if limit is not None and outside(value, _limit(limit)):
                shown = format_number(_limit(limit), language=self._language(), grouping=self.grouping)
                raise ValidationError(self.error_messages[key], code=key, params={"limit_value": shown})

    def prepare_value(self, value):
        """A value from the database (or `initial`) in the user's format; what they typed, as typed."""
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return format_number(value, language=self._language(), grouping=self.grouping)
        return value

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return self.to_python(data) != (None if initial in self.empty_values else Decimal(initial))
        except (ValidationError, ArithmeticError, ValueError, TypeError):
            return True


class LocalizedIntegerField(LocalizedDecimalField):
    """The same, for a count or a year: a whole number (`12,0` is 12; `12,5` is refused)."""

    widget = WholeNumberTextInput
    example = Decimal("1250")
    default_error_messages = {"invalid": _("Write a whole number like %(example)s.")}

    def __init__(self, *, grouping: bool = True, **kwargs):
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        super().__init__(money=False, grouping=grouping, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, DecimalValidator)]

    def _example(self) -> str:
        return format_number(self.example, language=self._language(), grouping=self.grouping)

    def to_python(self, value):
        number = super().to_python(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise self._unreadable()
        return int(number)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return self.to_python(data) != (None if initial in self.empty_values else int(initial))
        except (ValidationError, ArithmeticError, ValueError, TypeError):
            return True


def number_formfield(db_field, *, plain_numbers=(), **kwargs):
    """`Meta.formfield_callback` of a model form: its number fields as people type them.

    Decimal fields with cents are money, except those named in `plain_numbers` (FTEs); a model's
    integer range (a small integer stops at 32,767) becomes the form's largest value, so that its
    message is in the user's format; years are shown without a thousands separator."""
    from django.db import models

    if db_field.choices or isinstance(db_field, models.AutoField | models.ForeignKey):
        return db_field.formfield(**kwargs)
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", LocalizedDecimalField)
        kwargs.setdefault("money", db_field.decimal_places == 2 and db_field.name not in plain_numbers)
    elif isinstance(db_field, models.IntegerField):
        kwargs.setdefault("form_class", LocalizedIntegerField)
        for validator in db_field.validators:
            if isinstance(validator, MaxValueValidator):
                kwargs.setdefault("max_value", validator.limit_value)
        if db_field.name in ("fiscal_year", "year"):
            kwargs.setdefault("grouping", False)
    return db_field.formfield(**kwargs)


# --- Content in both official languages (portal/i18n.py) ----------------------------------------
class BilingualFormMixin:
    """Every `X_en`/`X_fr` pair of the form: each input carries its `lang`; a pair named in
    `one_language_required` needs one language, either one, the other stays optional;
    `one_language_only()` names the pairs saved in one language (the view warns, never refuses).
    `templates/portal/form.html` shows each pair side by side (stacked on a narrow screen)."""

    one_language_required: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for stem in self.bilingual_stems():
            for lang in ("en", "fr"):
                field = self.fields[f"{stem}_{lang}"]
                field.widget.attrs["lang"] = lang
                if stem in self.one_language_required:
                    field.required = False

    def bilingual_stems(self) -> list[str]:
        return [
            name[:-3] for name in self.fields if name.endswith("_en") and f"{name[:-3]}_fr" in self.fields
        ]

    def clean(self):
        cleaned = super().clean()
        for stem in self.one_language_required:
            en, fr = f"{stem}_en", f"{stem}_fr"
            if en in self.fields and not (cleaned.get(en) or cleaned.get(fr)) and en not in self.errors:
                self.add_error(en, _("Write it in English or in French (or both)."))
        return cleaned

    def one_language_only(self) -> list[str]:
        """Labels of the pairs that have one language and not the other, once the form is valid."""
        from .i18n import LANGUAGES

        labels = []
        for stem in self.bilingual_stems():
            values = [(self.cleaned_data.get(f"{stem}_{lang}") or "").strip() for lang in LANGUAGES]
            if any(values) and not all(values):
                label = str(self.fields[f"{stem}_en"].label or stem)
                labels.append(label.replace(" (English)", "").replace(" (anglais)", ""))
        return labels
