"""The fuzzy-date rule (`learning_events/fuzzy_dates.py`): what each precision needs and leaves
empty, the days it can mean, how the seed writes it in both languages, and every place that applies
it (the database constraint, the service, the form, the scale loader)."""

import datetime
import random

import pytest
from django.db import IntegrityError, transaction

from learning_events import fuzzy_dates
from learning_events.forms import EventForm
from learning_events.fuzzy_dates import Precision, date_fields, date_range, format_date, format_period
from learning_events.models import LearningEvent

D = datetime.date


@pytest.mark.parametrize(
    ("precision", "anchors", "start", "end"),
    [
        (Precision.DAY, {"on_date": D(2017, 8, 23)}, D(2017, 8, 23), D(2017, 8, 23)),
        (Precision.MONTH, {"year": 2018, "month": 3}, D(2018, 3, 1), D(2018, 3, 31)),
        (Precision.MONTH, {"year": 2020, "month": 2}, D(2020, 2, 1), D(2020, 2, 29)),
        (Precision.MONTH, {"year": 2019, "month": 2}, D(2019, 2, 1), D(2019, 2, 28)),
        (Precision.MONTH, {"year": 2018, "month": 12}, D(2018, 12, 1), D(2018, 12, 31)),
        (Precision.SEASON, {"year": 2018, "season": "fall"}, D(2018, 9, 23), D(2018, 12, 20)),
        (Precision.SEASON, {"year": 2019, "season": "spring"}, D(2019, 3, 20), D(2019, 6, 20)),
        (Precision.SEASON, {"year": 2019, "season": "summer"}, D(2019, 6, 21), D(2019, 9, 22)),
        (Precision.SEASON, {"year": 2019, "season": "winter"}, D(2018, 12, 21), D(2019, 3, 19)),
        (Precision.FISCAL_YEAR, {"year": 2018}, D(2018, 4, 1), D(2019, 3, 31)),
        (Precision.YEAR, {"year": 2019}, D(2019, 1, 1), D(2019, 12, 31)),
        (Precision.UNDATED, {}, None, None),
    ],
)
def test_date_range(precision, anchors, start, end):
    assert date_range(precision, **anchors) == (start, end)


@pytest.mark.parametrize(
    ("precision", "anchors"),
    [
        (Precision.DAY, {}),
        (Precision.MONTH, {"year": 2018}),
        (Precision.MONTH, {"year": 2018, "month": 13}),
        (Precision.SEASON, {"year": 2018}),
        (Precision.SEASON, {"year": 2018, "season": "monsoon"}),
        (Precision.YEAR, {}),
        (Precision.FISCAL_YEAR, {}),
        ("fortnight", {"year": 2018}),
    ],
)
def test_date_range_refuses_missing_anchors(precision, anchors):
    with pytest.raises(ValueError):
        date_range(precision, **anchors)


@pytest.mark.parametrize(
    ("precision", "anchors", "english", "french"),
    [
        (Precision.DAY, {"on_date": D(2017, 8, 23)}, "23 August 2017", "23 août 2017"),
        (Precision.DAY, {"on_date": D(2017, 8, 1)}, "1 August 2017", "1er août 2017"),
        (Precision.MONTH, {"year": 2018, "month": 3}, "March 2018", "mars 2018"),
        (Precision.MONTH, {"year": 2017, "month": 2}, "February 2017", "février 2017"),
        (Precision.MONTH, {"year": 2017, "month": 12}, "December 2017", "décembre 2017"),
        (Precision.SEASON, {"year": 2018, "season": "fall"}, "fall 2018", "automne 2018"),
        (Precision.SEASON, {"year": 2019, "season": "summer"}, "summer 2019", "été 2019"),
        (Precision.SEASON, {"year": 2019, "season": "winter"}, "winter 2019", "hiver 2019"),
        (Precision.SEASON, {"year": 2019, "season": "spring"}, "spring 2019", "printemps 2019"),
        (Precision.FISCAL_YEAR, {"year": 2018}, "2018-19", "2018-19"),
        (Precision.FISCAL_YEAR, {"year": 2099}, "2099-00", "2099-00"),
        (Precision.YEAR, {"year": 2019}, "2019", "2019"),
        (Precision.UNDATED, {}, "", ""),
    ],
)
def test_format_date_in_both_languages(precision, anchors, english, french):
    assert format_date(precision, language="en", **anchors) == english
    assert format_date(precision, language="fr", **anchors) == french
    assert format_date(precision, language="fr-ca", **anchors) == french


def test_format_period():
    assert format_period(D(2017, 11, 1), D(2018, 3, 31), language="en") == "November 2017 to March 2018"
    assert format_period(D(2017, 11, 1), D(2018, 3, 31), language="fr") == "novembre 2017 à mars 2018"
    assert format_period(D(2018, 3, 1), D(2018, 3, 31), language="fr") == "mars 2018"


# The rule, written out by hand: the anchors each precision needs; every other anchor is empty.
NEEDS = [
    (Precision.DAY, {"on_date"}),
    (Precision.MONTH, {"year", "month"}),
    (Precision.SEASON, {"year", "season"}),
    (Precision.FISCAL_YEAR, {"year"}),
    (Precision.YEAR, {"year"}),
    (Precision.UNDATED, set()),
]
#: A usable value of each anchor, and what it holds when empty.
VALUE = {"on_date": D(2018, 10, 3), "year": 2018, "month": 10, "season": "fall"}
EMPTY = {"on_date": None, "year": None, "month": None, "season": ""}


def test_the_table_has_one_row_per_precision_the_model_offers():
    from learning_events.models import DatePrecision

    assert set(fuzzy_dates.RULES) == set(DatePrecision.values) == {p for p, _ in NEEDS}


@pytest.mark.parametrize(("precision", "needs"), NEEDS)
def test_date_fields_keep_what_the_precision_needs_and_empty_the_rest(precision, needs):
    fields = date_fields(precision, **VALUE)
    assert fields["precision"] == precision
    for anchor in fuzzy_dates.ANCHOR_FIELDS:
        assert fields[anchor] == (VALUE[anchor] if anchor in needs else EMPTY[anchor]), anchor
    assert (fields["starts_on"], fields["ends_on"]) == date_range(precision, **VALUE)


@pytest.mark.parametrize(("precision", "needs"), [row for row in NEEDS if row[1]])
def test_each_needed_anchor_is_required(precision, needs):
    for anchor in needs:
        given = {a: VALUE[a] for a in needs if a != anchor}
        with pytest.raises(ValueError):
            date_fields(precision, **given)
        assert format_date(precision, **given) == ""


def _insert(**fields):
    """A row written past the service (as the shell or a bulk load would), so only the database checks."""
    from groups.models import Category, WorkingGroup

    category, _ = Category.objects.get_or_create(
        code="fuzzy", defaults={"name_en": "Fuzzy", "name_fr": "Flou"}
    )
    group, _ = WorkingGroup.objects.get_or_create(
        slug="fuzzy-dates", defaults={"name_en": "Dates", "name_fr": "Dates", "category": category}
    )
    LearningEvent.objects.create(
        slug=f"fuzzy-{LearningEvent.objects.count()}", group=group, title_en="t", title_fr="t", **fields
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("precision", "needs"), NEEDS)
def test_the_database_refuses_a_missing_or_a_stray_anchor(precision, needs):
    _insert(**date_fields(precision, **VALUE))  # the rule's own fields are accepted
    for anchor in fuzzy_dates.ANCHOR_FIELDS:
        fields = date_fields(precision, **VALUE)
        if anchor in needs:
            fields[anchor] = EMPTY[anchor]
        else:
            fields[anchor] = VALUE[anchor]
        with pytest.raises(IntegrityError), transaction.atomic():
            _insert(**fields)
    assert LearningEvent.objects.filter(precision=precision).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_month_out_of_range_and_an_unknown_season():
    for fields in (
        {**date_fields(Precision.MONTH, year=2018, month=3), "month": 13},
        {**date_fields(Precision.SEASON, year=2018, season="fall"), "season": "autumn"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            _insert(**fields)
    assert not LearningEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("precision", "needs"), NEEDS)
def test_the_form_names_each_missing_anchor_on_its_field(precision, needs):
    data = {
        "title_en": "Call",
        "title_fr": "Appel",
        "format": "teleconference",
        "status": "planned",
        "precision": precision,
    }
    form = EventForm(data=data)
    assert not form.is_valid()
    anchor_errors = {f for f in form.errors if f in fuzzy_dates.ANCHOR_FIELDS}
    assert anchor_errors == (needs if precision != Precision.UNDATED else set())
    for field, message in fuzzy_dates.missing_anchors(precision, data):
        assert str(message) in form.errors[field]


@pytest.mark.django_db
@pytest.mark.parametrize(("precision", "needs"), NEEDS)
def test_the_service_stores_what_the_table_says(event_factory, precision, needs):
    event = event_factory(precision=precision, **VALUE)
    stored = LearningEvent.objects.get(pk=event.pk)
    expected = date_fields(precision, **VALUE)
    assert {f: getattr(stored, f) for f in expected} == expected


@pytest.mark.django_db
def test_the_scale_loader_writes_rows_the_database_accepts():
    from learning_events import scale
    from learning_events.models import DatePrecision

    _insert(**date_fields(Precision.UNDATED))  # a group for the generator to pick
    scale.generate(scale=2, rng=random.Random(4))
    rows = LearningEvent.objects.filter(slug__startswith="scale-")
    assert rows.count() == 500
    for event in rows:
        assert {f: getattr(event, f) for f in ("starts_on", "ends_on")} == dict(
            zip(
                ("starts_on", "ends_on"),
                date_range(event.precision, **{f: getattr(event, f) for f in fuzzy_dates.ANCHOR_FIELDS}),
                strict=True,
            )
        )
    assert {e.precision for e in rows} == set(DatePrecision.values) - {DatePrecision.UNDATED}
