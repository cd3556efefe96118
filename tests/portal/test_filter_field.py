"""The list pages' filter fields (`|as_filter_field`) render the same HTML as crispy's
`|as_crispy_field`, for every filter form, valid or not, in both languages."""

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation

pytestmark = pytest.mark.django_db


def _forms():
    from accounts.forms import UserFilterForm
    from groups.forms import GroupFilterForm, WorkPlanItemFilterForm
    from learning_events.forms import EvaluationFilterForm, EventFilterForm
    from pd_budget.forms import ConsistencyFilterForm, OverviewFilterForm, RequestFilterForm
    from surveys.forms import AnalysisFilterForm, EquityFilterForm, SurveyYearFilterForm

    return [
        GroupFilterForm,
        WorkPlanItemFilterForm,
        EventFilterForm,
        EvaluationFilterForm,
        OverviewFilterForm,
        RequestFilterForm,
        ConsistencyFilterForm,
        AnalysisFilterForm,
        SurveyYearFilterForm,
        EquityFilterForm,
        UserFilterForm,
    ]


def _render(form, tag: str) -> str:
    source = "{% load crispy_forms_filters portal_tags %}{% for f in form %}{{ f|" + tag + " }}{% endfor %}"
    return Template(source).render(Context({"form": form}))


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("data", [None, {"q": "x" * 300, "year": "abc", "fiscal_year": "1", "stage": "no"}])
def test_the_same_html_as_crispy(seeded, language, data):
    with translation.override(language):
        for form_class in _forms():
            owners = [("u:1", "Ana"), ("t:Luc", "Luc")]
            kwargs = {"owners": owners} if form_class.__name__ == "WorkPlanItemFilterForm" else {}
            form = form_class(data, **kwargs)
            if data is not None:
                form.is_valid()
            ours = _render(form_class(data, **kwargs), "as_filter_field")
            crispy = _render(form, "as_crispy_field")
            assert parse_html(ours) == parse_html(crispy), form_class.__name__
            if data is not None and form.errors:
                assert "is-invalid" in ours and 'aria-invalid="true"' in ours
