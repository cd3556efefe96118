"""The audit trail: who changed what, when, before and after, for the records the policy cares
about (django-simple-history keeps the versions; this reads them for people)."""

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

# "app_label.model" of every audited record; staff read their history at /history/<model>/<pk>/.
AUDITED = [
    "pd_budget.policyyear",
    "pd_budget.designatedconference",
    "pd_budget.sitefte",
    "pd_budget.agreement",
    "pd_budget.pdrequest",
    "pd_budget.scenario",
    "surveys.pdtemplate",
    "learning_events.evaluation",
    "groups.committeemember",
]


def audited_model(label: str) -> type[models.Model]:
    if label not in AUDITED:
        raise LookupError(label)
    return apps.get_model(label)


def _records(source) -> QuerySet:
    """The historical records of an object (its `history`), or the queryset given."""
    if isinstance(source, QuerySet):
        return source
    return source.history.all()


def _compared_fields(history_model, names: Sequence[str] | None) -> list[models.Field]:
    tracked = [f for f in history_model.tracked_fields if f.editable and not f.primary_key]
    if names is None:
        return tracked
    by_name = {f.name: f for f in tracked}
    return [by_name[name] for name in names]


def _related_labels(fields: list[models.Field], records: list) -> dict:
    """{(related model, pk): label} for every related object any version names: one query per
    related model, however many versions there are."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for field in fields:
        if field.is_relation:
            for record in records:
                value = getattr(record, field.attname)
                if value is not None:
                    wanted[field.related_model].add(value)
    labels = {}
    for model, pks in wanted.items():
        for pk, obj in model._default_manager.in_bulk(pks).items():
            labels[(model, pk)] = getattr(obj, "display_name", None) or str(obj)
    return labels


def _shown(field: models.Field, value, labels: dict) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation:
        return labels.get((field.related_model, value), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value)


def history_rows(
    source,
    *,
    fields: Sequence[str] | None = None,
    label: Callable[[Any], str] | None = None,
    limit: int = 200,
) -> list[dict]:
    """The audit trail for people, newest first: one row per version with when, who, the action,
    `object` (`label(record)`, when given), `record`, and the fields that changed from the same
    object's version before (`field`, `before`, `after`; a creation lists its values).

    `source` is an audited object or a queryset of historical records (several objects of one model:
    a committee's seats). Related objects are looked up in bulk and the users with the versions, so
    a page costs the same number of queries with 5 versions as with 500. A save that changed nothing
    is left out. Every history page reads the trail through this function.
    """
    records = list(_records(source).select_related("history_user").order_by("history_date", "history_id"))
    if not records:
        return []
    history_model = type(records[0])
    compared = _compared_fields(history_model, fields)
    labels = _related_labels(compared, records)
    rows = []
    previous: dict = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        changes = []
        for field in compared:
            new = getattr(record, field.attname)
            old = getattr(before, field.attname) if before is not None else None
            if before is None and record.history_type == "+":
                if new is not None and new != "":
                    changes.append(
                        {"field": field.verbose_name, "before": "", "after": _shown(field, new, labels)}
                    )
            elif before is not None and old != new:
                changes.append(
                    {
                        "field": field.verbose_name,
                        "before": _shown(field, old, labels),
                        "after": _shown(field, new, labels),
                    }
                )
        if before is not None and record.history_type == "~" and not changes:
            continue  # a save that changed nothing (older re-seeds did this): nothing to show
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user.display_name if record.history_user else "",
                "action": record.get_history_type_display(),
                "kind": history_model.instance_type._meta.verbose_name,
                "object": label(record) if label else "",
                "record": record,
                "changes": changes,
            }
        )
    rows.reverse()
    return rows[:limit]
