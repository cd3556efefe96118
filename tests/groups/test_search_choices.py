"""The group and community forms search the groups as staff type (issue 22): a group's parent (among
the top-level groups, never itself), the groups it depends on (several, kept as more are searched) and
a community's group; the page holds only what is chosen, the fields still check what is posted."""

import html

import pytest
from django.urls import reverse

from groups.models import CommunityOfPractice, WorkingGroup
from tests.search_choices import (
    NOT_A_CHOICE,
    form_data,
    found,
    grow_groups,
    lookup,
    not_choices,
    options,
    refused_then_saved,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def grown(seeded):
    return grow_groups()


def test_the_group_form_lists_only_its_parent_and_dependencies(client_for, staff_user, grown):
    group, parent, dependency = grown[0], WorkingGroup.objects.get(slug="youth"), grown[1]
    group.parent = parent
    group.save()
    group.depends_on.set([dependency])
    url = reverse("groups:group-update", kwargs={"slug": group.slug})
    page = client_for(staff_user).get(url).content.decode()
    assert not any(f"Grown group {n:02d}" in page for n in range(2, 30))  # neither listed nor named
    assert options(page, "parent") == ["", str(parent.pk)]
    assert options(page, "depends_on") == [str(dependency.pk)]
    assert f'<option value="{dependency.pk}" selected>Grown group 01</option>' in page
    assert f'data-lookup="/en/lookup/parent-groups/?exclude={group.pk}"' in page
    assert f'data-lookup="/en/lookup/groups/?exclude={group.pk}"' in page
    assert 'id="id_depends_on" size="8" multiple' in page


def test_the_dependencies_searched_are_saved_and_the_group_itself_is_refused(client_for, staff_user, grown):
    group, first, second = grown[0], grown[7], grown[21]
    url = reverse("groups:group-update", kwargs={"slug": group.slug})
    client = client_for(staff_user)
    data = form_data(client.get(url).context["form"])
    assert client.post(url, {**data, "depends_on": [first.pk, second.pk]}).status_code == 302
    assert set(group.depends_on.all()) == {first, second}

    refused = client.post(url, {**data, "depends_on": [first.pk, group.pk]})
    assert refused.status_code == 200 and not_choices(group.pk) in refused.content.decode()
    # Sent back, the list holds the choices posted that are choices, and nothing else.
    assert options(refused.content.decode(), "depends_on") == [str(first.pk)]
    assert set(group.depends_on.all()) == {first, second}


def test_a_parent_is_a_top_level_group_other_than_itself(client_for, staff_user, grown):
    group, parent = grown[0], grown[1]
    sub = WorkingGroup.objects.create(
        slug="grown-sub", name_en="Grown sub", name_fr="Sous-groupe", category=parent.category, parent=parent
    )
    url = reverse("groups:group-update", kwargs={"slug": group.slug})
    client = client_for(staff_user)
    data = form_data(client.get(url).context["form"])
    for refused_parent in (sub, group):
        refused = client.post(url, {**data, "parent": refused_parent.pk})
        assert refused.status_code == 200 and html.escape(NOT_A_CHOICE) in refused.content.decode()
    assert client.post(url, {**data, "parent": parent.pk}).status_code == 302
    group.refresh_from_db()
    assert group.parent == parent


def test_the_parent_search_answers_top_level_groups_but_the_one_edited(
    client_for, staff_user, provider_a_user, grown
):
    parent = grown[3]
    WorkingGroup.objects.create(
        slug="grown-sub",
        name_en="Grown group 03 sub",
        name_fr="Sous",
        category=parent.category,
        parent=parent,
    )
    client = client_for(staff_user)
    assert found(client, "parent-groups", "grown group 03") == ["Grown group 03"]  # not the sub-group
    assert found(client, "parent-groups", "grown group 03", exclude=parent.pk) == []
    assert found(client, "groups", "grown group 03", exclude=parent.pk) == ["Grown group 03 sub"]
    assert found(client, "parent-groups", "grown group 03", exclude="9" * 40) == ["Grown group 03"]  # ignored
    assert lookup(client_for(provider_a_user), "parent-groups", "grown").status_code == 403


def test_the_community_form_searches_its_group(client_for, staff_user, grown):
    url = reverse("groups:community-create")
    client = client_for(staff_user)
    page = client.get(url).content.decode()
    assert "Grown group" not in page and options(page, "group") == [""]
    assert 'data-lookup="/en/lookup/groups/"' in page
    data = {"name_en": "Northern coordinators", "name_fr": "Coordonnateurs du Nord", "slug": "northern"}
    refused_then_saved(client, url, data, "group", refused=grown[-1].pk + 1000, saved=grown[5].pk)
    assert CommunityOfPractice.objects.get(slug="northern").group == grown[5]
