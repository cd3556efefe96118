"""Form fields the apps share."""

from django import forms
from django.core.exceptions import ValidationError

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
