"""The preferences form: one choice per kind of notice the person's role can receive."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import Delivery, Kind, default_delivery, kinds_for_role


class PreferencesForm(forms.Form):
    submit_label = _("Save my choices")

    def __init__(self, *args, user, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds_for_role(user.role, is_superuser=user.is_superuser):
            self.fields[kind] = forms.ChoiceField(
                label=Kind(kind).label,
                choices=Delivery.choices,
                initial=current.get(kind, default_delivery(kind)),
                widget=forms.RadioSelect,
            )
