"""Helpers of the search-as-you-type tests (issue 22): what a page's list holds, what a lookup
answers, and the fields' own refusals."""

import html
import re

from django import forms
from django.urls import reverse

#: The fields' own messages for a value outside their queryset.
NOT_A_CHOICE = str(forms.ModelChoiceField.default_error_messages["invalid_choice"])
NOT_CHOICES = str(forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"])


def options(page: str, name: str) -> list[str]:
    """The values of the options the page's `<select name=...>` holds."""
    found = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    assert found, f"no <select name={name}> in the page"
    return re.findall(r'<option value="([^"]*)"', found.group(1))


def lookup(client, name: str, q: str, **params):
    return client.get(reverse("lookup", kwargs={"name": name}), {"q": q, **params})


def found(client, name: str, q: str, **params) -> list[str]:
    """The labels a lookup answers for `q`."""
    answer = lookup(client, name, q, **params)
    assert answer.status_code == 200, answer.status_code
    return [row["text"] for row in answer.json()["results"]]


def not_choices(value) -> str:
    """The multiple field's message for `value`, as the page writes it."""
    return html.escape(NOT_CHOICES % {"value": value})


def form_data(form) -> dict:
    """What the browser would post back for `form` as the page shows it."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif value is not None:
            data[bound.html_name] = str(value)
    return data


def refused_then_saved(client, url: str, data: dict, name: str, *, refused, saved) -> None:
    """Posting `refused` as `name` is refused with the field's own message (no 500); `saved` saves."""
    answer = client.post(url, {**data, name: refused})
    assert answer.status_code == 200 and html.escape(NOT_A_CHOICE) in answer.content.decode()
    assert client.post(url, {**data, name: saved}).status_code == 302


def grow_groups(count: int = 30) -> list:
    """`count` more working groups, "Grown group NN" ("Groupe élargi NN" in French)."""
    from groups.models import Category, WorkingGroup

    category = Category.objects.first()
    return [
        WorkingGroup.objects.create(
            slug=f"grown-{n:02d}",
            name_en=f"Grown group {n:02d}",
            name_fr=f"Groupe élargi {n:02d}",
            category=category,
        )
        for n in range(count)
    ]
