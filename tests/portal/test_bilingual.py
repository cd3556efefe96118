"""Content in both official languages: the one mechanism (portal/i18n.py), its form, its warning,
and the parity page that lists exactly the content lacking a language."""

import pytest
from django.urls import reverse
from django.utils import translation

from groups.forms import WorkPlanItemForm
from groups.models import Committee, CommitteeMember, Meeting, WorkingGroup, WorkPlan, WorkPlanItem
from portal.i18n import LangText, guess_language, in_each_language, mark_language, written_pair
from portal.selectors import parity_counts, parity_rows


# --- The value and its marking ------------------------------------------------------------------
def test_translated_reads_the_page_language_and_knows_the_fallback_language():
    item = WorkPlanItem(title_en="Plan the event", title_fr="")
    with translation.override("fr"):
        assert item.title == "Plan the event"
        assert item.title.lang == "en"
        assert item.title.is_other_language
    with translation.override("en"):
        assert item.title.lang == "en"
        assert not item.title.is_other_language


def test_assigning_writes_the_writers_language():
    with translation.override("fr"):
        item = WorkPlanItem(title="Planifier l'activité")
    assert (item.title_en, item.title_fr) == ("", "Planifier l'activité")


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("en", "Plan &lt;b&gt;it&lt;/b&gt;"),
        (
            "fr",
            '<span lang="en">Plan &lt;b&gt;it&lt;/b&gt;</span> '
            '<small class="lang-note">(en anglais seulement)</small>',
        ),
    ],
)
def test_mark_language_escapes_and_marks_only_the_other_language(page, expected):
    with translation.override(page):
        assert mark_language(LangText("Plan <b>it</b>", "en")) == expected


def test_mark_language_with_breaks_and_a_stored_language():
    with translation.override("en"):
        html = mark_language("Ligne 1\nLigne 2", "fr", breaks=True)
    assert html == '<span lang="fr">Ligne 1<br>Ligne 2</span> <small class="lang-note">(French only)</small>'


def test_a_plain_value_without_a_language_is_only_escaped():
    with translation.override("fr"):
        assert mark_language("a & b") == "a &amp; b"
        assert mark_language("") == ""


def test_the_value_is_a_plain_string_where_markup_would_break():
    value = LangText("Réunion", "fr")
    assert str(value) == "Réunion" and type(str(value)) is str
    assert not hasattr(value, "__html__")  # <title>, attributes and <option> get plain text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Finish the typology and share it with the group", "en"),
        ("Terminer la typologie et la diffuser aux membres du groupe", "fr"),
        ("Représentant de l'AAISA", "fr"),
        ("AAISA representative", "en"),
        ("", "en"),
    ],
)
def test_guess_language_files_existing_text(text, lang):
    assert guess_language(text) == lang


def test_a_message_the_portal_writes_is_stored_in_both_languages():
    from pd_budget.services.requests import ELIGIBLE_REASON

    assert in_each_language("reason", ELIGIBLE_REASON) == {
        "reason_en": "Eligible under the PD policy.",
        "reason_fr": "Admissible selon la politique de PP.",
    }


def test_written_pair_puts_free_text_in_the_writers_language():
    with translation.override("fr"):
        assert written_pair("reason", text=" Hors délai ") == {"reason_en": "", "reason_fr": "Hors délai"}


# --- The form -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_form_needs_one_language_either_one_and_marks_each_input():
    form = WorkPlanItemForm(data={"title_en": "", "title_fr": "", "status": "not_started"})
    assert not form.is_valid()
    assert "title_en" in form.errors
    assert form.fields["title_fr"].widget.attrs["lang"] == "fr"
    form = WorkPlanItemForm(data={"title_en": "", "title_fr": "Planifier", "status": "not_started"})
    assert form.is_valid(), form.errors
    assert form.one_language_only() == ["Item"]
    form = WorkPlanItemForm(data={"title_en": "Plan", "title_fr": "Planifier", "status": "not_started"})
    assert form.is_valid() and form.one_language_only() == []


def test_the_database_refuses_an_item_with_no_title_in_either_language(seeded):
    from django.db import IntegrityError, transaction

    plan = WorkPlan.objects.create(group=WorkingGroup.objects.first(), fiscal_year=2030)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkPlanItem.objects.create(work_plan=plan, title_en="", title_fr="")


@pytest.mark.django_db
def test_saving_in_one_language_warns_and_never_blocks(client_for, staff_user, seeded):
    plan = WorkPlan.objects.create(group=WorkingGroup.objects.first(), fiscal_year=2030)
    client = client_for(staff_user)
    url = reverse("groups:workplanitem-create", args=[plan.pk])
    response = client.post(url, {"title_en": "Plan the fall event", "status": "not_started"}, follow=True)
    assert WorkPlanItem.objects.filter(work_plan=plan, title_en="Plan the fall event", title_fr="").exists()
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings and "Item" in warnings[0]


@pytest.mark.django_db
def test_the_form_page_shows_each_pair_side_by_side(client_for, staff_user, seeded):
    plan = WorkPlan.objects.create(group=WorkingGroup.objects.first(), fiscal_year=2030)
    html = client_for(staff_user).get(reverse("groups:workplanitem-create", args=[plan.pk])).content.decode()
    assert html.count('class="row bilingual-pair') == 2  # title, notes
    assert 'lang="en"' in html and 'name="title_fr"' in html


# --- Parity -------------------------------------------------------------------------------------
@pytest.fixture
def one_language_world(seeded):
    """Seed data is complete in both languages; add rows that lack exactly one language."""
    group = WorkingGroup.objects.first()
    plan = WorkPlan.objects.create(group=group, fiscal_year=2030, summary_en="Summary", summary_fr="Résumé")
    complete = WorkPlanItem.objects.create(work_plan=plan, title_en="Both", title_fr="Les deux")
    no_fr = WorkPlanItem.objects.create(work_plan=plan, title_en="English only", notes_en="A note")
    no_en = WorkPlanItem.objects.create(work_plan=plan, title_fr="Français seulement")
    committee = Committee.objects.filter(group__isnull=False).first() or Committee.objects.first()
    meeting = Meeting.objects.create(
        committee=committee, date="2030-05-01", format="online", decisions_fr="Adopté"
    )
    return {
        (WorkPlanItem, no_fr.pk, "title", "fr"),
        (WorkPlanItem, no_fr.pk, "notes", "fr"),
        (WorkPlanItem, no_en.pk, "title", "en"),
        (Meeting, meeting.pk, "decisions", "en"),
    }, complete


def _listed(user):
    return {
        (type(row["object"]), row["object"].pk, _stem(row), row["missing"]) for row in parity_rows(user=user)
    }


def _stem(row):
    from portal.i18n import bilingual_pairs

    return next(
        p.field for p in bilingual_pairs() if p.model is type(row["object"]) and p.label == row["field"]
    )


def test_parity_lists_exactly_the_content_that_lacks_a_language(one_language_world, staff_user):
    expected, complete = one_language_world
    assert _listed(staff_user) == expected
    assert sum(c["count"] for c in parity_counts()) == len(expected)


def test_parity_counts_in_one_query(one_language_world, django_assert_num_queries):
    with django_assert_num_queries(1):
        parity_counts()


def test_filling_the_missing_language_takes_it_off_the_list(one_language_world, staff_user):
    expected, _complete = one_language_world
    WorkPlanItem.objects.filter(title_fr="Français seulement").update(title_en="French only")
    assert len(_listed(staff_user)) == len(expected) - 1


def test_the_seed_is_complete_in_both_languages(seeded, staff_user):
    assert parity_rows(user=staff_user) == []


def test_the_demo_is_complete_in_both_languages(seeded, settings, staff_user):
    from portal import demo

    settings.DEBUG = True
    demo.load_demo(password="x-demo-password-1")
    assert [(str(r["object"]), r["field"]) for r in parity_rows(user=staff_user)] == []


@pytest.mark.django_db
def test_the_parity_page_links_each_row_to_its_edit_page(one_language_world, client_for, staff_user):
    html = client_for(staff_user).get(reverse("translation-parity")).content.decode()
    item = WorkPlanItem.objects.get(title_en="English only")
    assert reverse("groups:workplanitem-update", args=[item.pk]) in html
    meeting = Meeting.objects.get(decisions_fr="Adopté")
    assert reverse("groups:meeting-update", args=[meeting.pk]) in html
    assert html.count("data-parity-row") == 4


@pytest.mark.django_db
def test_the_staff_dashboard_counts_the_missing_languages(one_language_world, client_for, staff_user):
    response = client_for(staff_user).get(reverse("home"))
    card = next(
        c for c in response.context["dashboard"]["cards"] if c.get("url") == reverse("translation-parity")
    )
    assert card["figure"] == 4


@pytest.mark.django_db
def test_providers_neither_see_the_card_nor_the_page(one_language_world, client_for, provider_a_user):
    client = client_for(provider_a_user)
    assert client.get(reverse("translation-parity")).status_code == 403
    cards = client.get(reverse("home")).context["dashboard"]["cards"]
    assert all(c.get("url") != reverse("translation-parity") for c in cards)


def test_a_committee_seat_reads_in_each_language(seeded):
    seat = CommitteeMember.objects.filter(person_name_en="AAISA representative").get()
    with translation.override("fr"):
        assert seat.person_name == "Représentant de AAISA" or seat.person_name.startswith("Représentant")
        assert seat.organisation_name == "AAISA"


def test_english_dates_read_like_the_events_dates():
    import datetime

    from django.utils.formats import date_format

    from learning_events.fuzzy_dates import format_date

    day = datetime.date(2017, 8, 23)
    with translation.override("en"):
        assert date_format(day) == "23 August 2017"
        assert date_format(day) == format_date("day", on_date=day, language="en")
    with translation.override("fr"):
        assert date_format(day) == "23 août 2017"


def test_a_conference_the_provider_named_keeps_the_language_it_was_written_in():
    from pd_budget.models import PDRequest

    request = PDRequest(conference_name="Northern Summit", description_language="en")
    with translation.override("fr"):
        assert mark_language(request.conference_label) == (
            '<span lang="en">Northern Summit</span> <small class="lang-note">(en anglais seulement)</small>'
        )
    with translation.override("en"):
        assert mark_language(request.conference_label) == "Northern Summit"
