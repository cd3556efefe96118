"""Filtering through the list pages' own filter forms and FilterSets (issue 21).

A viewset names its page's filter form (`filter_form_class`, the app's forms.py: it cleans and
translates the errors) and the FilterSet (`filterset_class`, the app's filters.py: the query behind
each field). The query string is cleaned by the form, and the cleaned values go through
`FilterSet.apply`, exactly as the page and its export do; a bad value answers 400 naming the field.
"""

from django import forms
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend


def _schema_type(field: forms.Field) -> dict:
    if isinstance(field, forms.ModelChoiceField):
        return {"type": "string", "description": "id"}
    if isinstance(field, forms.TypedChoiceField) and field.coerce is int:
        return {"type": "integer"}
    if isinstance(field, forms.ChoiceField):
        values = [str(value) for value, _label in field.choices if value != ""]
        return {"type": "string", "enum": values} if values else {"type": "string"}
    if isinstance(field, forms.IntegerField):
        return {"type": "integer"}
    return {"type": "string"}


class FormFilterBackend(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        form_class = getattr(view, "filter_form_class", None)
        filterset = getattr(view, "filterset_class", None)
        if form_class is None or filterset is None:
            return queryset
        names = set(form_class.base_fields)
        data = {k: v for k, v in request.query_params.items() if k in names}
        if not data:
            return queryset
        form = form_class(data)
        if not form.is_valid():
            raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        cleaned = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        return filterset.apply(queryset, cleaned, user=request.user)

    def get_schema_operation_parameters(self, view):
        form_class = getattr(view, "filter_form_class", None)
        if form_class is None:
            return []
        filterset = getattr(view, "filterset_class", None)
        known = set(filterset.base_filters) if filterset is not None else set()
        return [
            {
                "name": name,
                "required": False,
                "in": "query",
                "description": str(field.label or name),
                "schema": _schema_type(field),
            }
            for name, field in form_class.base_fields.items()
            if name in known
        ]
