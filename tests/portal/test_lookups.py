"""Search-as-you-type choices (portal/lookups.py, portal/widgets.py SearchSelect): a page that offers
a choice among every account or provider no longer grows with them, and the search answers only
IRCC staff, with what they may pick."""

import pytest
from django.urls import reverse

from learning_events.models import Evaluation, ReportAccessGrant
from organisations.models import Provider
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def lookup(client, name, q):
    return client.get(reverse("lookup", kwargs={"name": name}), {"q": q})


def test_staff_find_providers_by_every_word_they_type(client_for, staff_user, seeded):
    ProviderFactory(name="Saskatoon Open Door Society")
    ProviderFactory(name="Regina Open Door Society")
    answer = lookup(client_for(staff_user), "providers", "open  door sask")
    assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    assert [row["text"].split(" (")[0] for row in answer.json()["results"]] == ["Saskatoon Open Door Society"]


def test_an_answer_holds_at_most_twenty_results(client_for, staff_user, seeded):
    for n in range(30):
        ProviderFactory(name=f"Lookup provider {n:02d}")
    results = lookup(client_for(staff_user), "providers", "lookup provider").json()["results"]
    assert len(results) == 20


def test_account_search_finds_by_name_username_or_organisation(client_for, staff_user, provider_a_user):
    provider_a_user.first_name, provider_a_user.last_name = "Amélie", "Nguyen"
    provider_a_user.save()
    client = client_for(staff_user)
    for query in ("nguyen", provider_a_user.username, provider_a_user.provider.name[:6]):
        texts = [row["text"] for row in lookup(client, "provider-accounts", query).json()["results"]]
        assert any("Amélie Nguyen" in text for text in texts), query
    # Provider accounts only: staff accounts are not offered there.
    assert lookup(client, "provider-accounts", staff_user.username).json()["results"] == []


def test_inactive_accounts_are_not_offered(client_for, staff_user, provider_a_user):
    provider_a_user.is_active = False
    provider_a_user.save()
    assert lookup(client_for(staff_user), "accounts", provider_a_user.username).json()["results"] == []


def test_providers_may_not_search_the_portal(client_for, provider_a_user):
    assert lookup(client_for(provider_a_user), "accounts", "a").status_code == 403
    assert lookup(client_for(provider_a_user), "providers", "a").status_code == 403


def test_an_unknown_lookup_is_not_found(client_for, staff_user):
    assert lookup(client_for(staff_user), "passwords", "a").status_code == 404


def test_a_very_long_search_is_cut_not_refused(client_for, staff_user, seeded):
    assert lookup(client_for(staff_user), "providers", "x" * 5000).status_code == 200


def test_the_evaluation_page_does_not_list_every_account_and_provider(client_for, staff_user, seeded):
    evaluation = Evaluation.objects.get(slug="language-assessment-calgary")
    url = evaluation.get_absolute_url()
    client = client_for(staff_user)
    before = len(client.get(url).content)
    for n in range(150):
        provider = ProviderFactory(name=f"Grown provider {n:03d}")
        UserFactory(username=f"grown-{n:03d}", role="provider", provider=provider)
    page = client.get(url).content.decode()
    assert "Grown provider" not in page and "grown-0" not in page
    assert len(page) - before < 500  # the same page, whatever the number of providers
    assert 'data-lookup="/en/lookup/provider-accounts/"' in page
    assert 'data-lookup="/en/lookup/providers/"' in page


def test_a_searched_choice_is_still_checked_when_posted(client_for, staff_user, provider_a_user, seeded):
    evaluation = Evaluation.objects.get(slug="language-assessment-calgary")
    url = reverse("learning_events:grant-create", kwargs={"slug": evaluation.slug})
    client = client_for(staff_user)
    # A staff account is not a provider account: not a valid choice, whatever the page showed.
    answer = client.post(url, {"user": staff_user.pk})
    assert answer.status_code == 200 and not ReportAccessGrant.objects.filter(user=staff_user).exists()
    assert client.post(url, {"user": provider_a_user.pk}).status_code == 302
    assert ReportAccessGrant.objects.filter(user=provider_a_user, evaluation=evaluation).exists()
    # The page sent back with an error keeps the chosen provider, by its name.
    provider = Provider.objects.get(pk=provider_a_user.provider_id)
    answer = client.post(url, {"user": provider_a_user.pk, "provider": provider.pk})
    assert answer.status_code == 200
    chosen = f'<option value="{provider.pk}" selected>{provider.name} ({provider.jurisdiction_id})</option>'
    assert chosen in answer.content.decode()


def test_the_calendar_and_report_filters_search_the_groups(client_for, provider_a_user, seeded):
    from groups.models import Category, WorkingGroup

    category = Category.objects.first()
    for n in range(60):
        WorkingGroup.objects.create(
            slug=f"grown-{n:02d}",
            name_en=f"Grown group {n:02d}",
            name_fr=f"Groupe élargi {n:02d}",
            category=category,
        )
    client = client_for(provider_a_user)  # every signed-in user may read, so search, the groups
    for url in ("/en/events/", "/en/events/reports/"):
        page = client.get(url).content.decode()
        assert "Grown group" not in page and 'data-lookup="/en/lookup/groups/"' in page, url
    found = lookup(client, "groups", "élargi 07").json()["results"]
    assert [row["text"] for row in found] == ["Grown group 07"]
    french = client.get("/fr/lookup/groups/", {"q": "grown 07"}).json()["results"]
    assert [row["text"] for row in french] == ["Groupe élargi 07"]
    group = WorkingGroup.objects.get(slug="grown-07")
    chosen = client.get("/en/events/", {"group": group.pk}).content.decode()
    assert f'<option value="{group.pk}" selected>Grown group 07</option>' in chosen


#: Every lookup, and whether provider staff (with no seat anywhere) may search it.
LOOKUPS = {
    "accounts": False,
    "provider-accounts": False,
    "providers": False,
    "groups": True,
    "parent-groups": False,
    "series": False,
    "questionnaire-providers": False,
    "work-plan-items": False,
}


@pytest.mark.parametrize(("name", "provider_may"), LOOKUPS.items())
def test_each_search_answers_only_those_who_may_pick(
    client_for, staff_user, provider_a_user, name, provider_may
):
    assert lookup(client_for(staff_user), name, "a").status_code == 200
    assert lookup(client_for(provider_a_user), name, "a").status_code == (200 if provider_may else 403)
    assert lookup(client_for(None), name, "a").status_code == 302  # to the sign-in page


def test_every_lookup_is_in_the_table():
    from portal.lookups import _REGISTRY, get_lookup

    get_lookup("groups")  # discovers every app's lookups
    assert set(_REGISTRY) == set(LOOKUPS)


def test_the_multiple_search_reads_every_value_and_renders_only_the_chosen(django_assert_num_queries):
    from django import forms
    from django.http import QueryDict

    from portal.forms import ModelMultipleChoiceField
    from portal.widgets import SearchSelectMultiple

    class Form(forms.Form):
        providers = ModelMultipleChoiceField(
            queryset=Provider.objects.order_by("name"),
            required=False,
            widget=SearchSelectMultiple("providers"),
        )

    chosen = [ProviderFactory(name="Chosen one"), ProviderFactory(name="Chosen two")]
    for n in range(30):
        ProviderFactory(name=f"Not chosen {n:02d}")
    data = QueryDict(mutable=True)
    data.setlist("providers", [str(p.pk) for p in chosen])
    form = Form(data)
    assert form.fields["providers"].widget.value_from_datadict(data, {}, "providers") == data.getlist(
        "providers"
    )
    assert form.is_valid() and list(form.cleaned_data["providers"]) == chosen
    with django_assert_num_queries(1):  # the chosen ones by key, never the queryset
        html = str(form["providers"])
    assert html.count("<option") == 2 and "Not chosen" not in html
    assert f'<option value="{chosen[0].pk}" selected>Chosen one (AB)</option>' in html
    # A tampered key is shown as no choice (never an OverflowError), the form refuses it.
    tampered = Form({"providers": [str(chosen[0].pk), "9" * 30, "²", "-1"]})
    assert not tampered.is_valid() and str(tampered["providers"]).count("<option") == 1


def test_a_search_leaves_out_the_key_it_is_told_to(client_for, staff_user, seeded):
    """`?exclude=` (a group is not its own parent): an answer without that key; a key that is not
    one is ignored, never an error."""
    wanted, other = ProviderFactory(name="Excluded centre one"), ProviderFactory(name="Excluded centre two")
    client = client_for(staff_user)

    def ids(exclude):
        answer = client.get("/en/lookup/providers/", {"q": "excluded centre", "exclude": exclude})
        return [row["id"] for row in answer.json()["results"]]

    assert ids(wanted.pk) == [other.pk]
    assert ids("9" * 40) == ids("²") == ids("-1") == [wanted.pk, other.pk]


# --- No choice among thousands slips back into a drop-down ---------------------------------------
#: The apps whose forms people fill in (the Django admin is out of scope).
APPS = ("accounts", "api", "groups", "learning_events", "notifications", "organisations", "pd_budget")
APPS += ("portal", "results", "search", "surveys")

#: Constructor arguments of the forms that need some, per variant (a form the page builds two ways).
FORM_KWARGS = {
    "accounts.forms.NewPasswordForm": {"": lambda users: {"user": users["staff"]}},
    "accounts.forms.ChangePasswordForm": {"": lambda users: {"user": users["staff"]}},
    "groups.forms.MemberForm": {
        "staff": lambda users: {"editor": users["staff"]},
        "chair": lambda users: {"editor": users["provider"]},
    },
    "groups.forms.WorkPlanItemFilterForm": {"": lambda users: {"owners": []}},
    "learning_events.forms.AnswerForm": {"": lambda users: {"questionnaire": _NoQuestions()}},
    "notifications.forms.PreferencesForm": {"": lambda users: {"user": users["staff"], "current": {}}},
    "pd_budget.forms.DecideForm": {"": lambda users: {"queue": _pd_requests()}},
    "pd_budget.forms.SiteFTEForm": {"": lambda users: {"sites": [], "ftes": {}}},
}

#: Choices over these models may stay plain lists only when bounded by design, each for its reason.
BOUNDED = {
    ("groups.forms.GroupFilterForm", "lead", ""): "IRCC's own accounts (staff, administrators): tens, "
    "not the providers' thousands, and the filter is every signed-in user's",
    ("groups.forms.GroupForm", "lead", ""): "IRCC's own accounts (staff, administrators)",
    ("groups.forms.MemberForm", "provider", "chair"): "a chair seats their own organisation or one "
    "already on the committee",
    ("groups.forms.WorkPlanItemForm", "owner_member", ""): "the seats of the plan's group's committees",
    ("groups.forms.MeetingForm", "attendees", ""): "the members of the meeting's committee, ticked",
}


class _NoQuestions:
    class questions:  # noqa: N801 - stands for a related manager
        @staticmethod
        def all():
            return []


def _pd_requests():
    from pd_budget.models import PDRequest

    return PDRequest.objects.none()


def _watched_models():
    from django.contrib.auth import get_user_model

    from groups.models import CommitteeMember, WorkingGroup, WorkPlanItem
    from learning_events.models import EventSeries, LearningEvent
    from pd_budget.models import Site

    return (
        Provider,
        get_user_model(),
        WorkingGroup,
        LearningEvent,
        EventSeries,
        WorkPlanItem,
        Site,
        CommitteeMember,
    )


def _form_classes():
    import importlib
    import inspect
    import pkgutil

    from django import forms

    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not info.name.rsplit(".", 1)[-1].endswith("forms"):
                continue
            module = importlib.import_module(info.name)
            for cls in vars(module).values():
                if not (inspect.isclass(cls) and issubclass(cls, forms.BaseForm)):
                    continue
                if cls.__module__ != module.__name__ or cls.__name__.startswith("_"):
                    continue
                if issubclass(cls, forms.BaseModelForm) and cls._meta.model is None:
                    continue  # an abstract base (its subclasses are checked)
                yield f"{module.__name__}.{cls.__name__}", cls


def _choice_fields(users):
    """`(form, field name, variant, field)` of every model choice over a watched model, as each form
    builds its fields (querysets and widgets are often set in `__init__`)."""
    from django import forms

    watched = _watched_models()
    for path, cls in _form_classes():
        for variant, kwargs in FORM_KWARGS.get(path, {"": lambda users: {}}).items():
            try:
                form = cls(**kwargs(users))
            except TypeError as exc:
                raise AssertionError(f"{path} needs arguments: add them to FORM_KWARGS ({exc})") from exc
            for name, field in form.fields.items():
                if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                    if issubclass(field.queryset.model, watched):
                        yield path, name, variant, field


def test_every_choice_that_grows_with_the_data_is_searched(staff_user, provider_a_user):
    """Every form of every app: a choice over a model that runs into thousands is a search (a multiple
    choice a multiple search) over a registered lookup of that model, unless BOUNDED says why not."""
    from django import forms

    from portal.lookups import get_lookup
    from portal.widgets import SearchSelect, SearchSelectMultiple

    users = {"staff": staff_user, "provider": provider_a_user}
    found, plain = set(), []
    for path, name, variant, field in _choice_fields(users):
        found.add((path, name, variant))
        multiple = isinstance(field, forms.ModelMultipleChoiceField)
        widget = SearchSelectMultiple if multiple else SearchSelect
        if (path, name, variant) in BOUNDED:
            continue
        if not isinstance(field.widget, widget):
            plain.append(f"{path}.{name}{f' ({variant})' if variant else ''}: {type(field.widget).__name__}")
            continue
        lookup = get_lookup(field.widget.lookup)
        assert lookup is not None, f"{path}.{name}: no lookup named {field.widget.lookup!r}"
        assert lookup.queryset(staff_user).model is field.queryset.model, f"{path}.{name}: another model"
    assert not plain, (
        "Choices over providers, accounts, groups, events, series, work-plan items, sites or seats must "
        f"search as the person types (portal.widgets.search_select), or be listed in BOUNDED: {plain}"
    )
    assert set(BOUNDED) <= found, f"BOUNDED names fields no form has: {sorted(set(BOUNDED) - found)}"
    assert len(found) >= 20  # the walk finds the forms (a broken discovery must not pass silently)


def test_the_bounded_lists_do_not_grow_with_the_data(staff_user, provider_a_user, seeded):
    """What BOUNDED lets stay a plain list keeps its length when providers, their accounts and groups
    multiply: the reason given holds."""
    from groups.models import Category, WorkingGroup

    users = {"staff": staff_user, "provider": provider_a_user}

    def lengths():
        return {
            (path, name, variant): len(list(field.choices))
            for path, name, variant, field in _choice_fields(users)
            if (path, name, variant) in BOUNDED
        }

    before = lengths()
    category = Category.objects.first()
    for n in range(30):
        provider = ProviderFactory(name=f"Bounded check provider {n:02d}")
        UserFactory(username=f"bounded-{n:02d}", role="provider", provider=provider)
        WorkingGroup.objects.create(
            slug=f"bounded-{n:02d}", name_en=f"Bounded {n}", name_fr=f"Borné {n}", category=category
        )
    assert lengths() == before and len(before) == len(BOUNDED)
