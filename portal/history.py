"""The audit trail: who changed what, when, before and after, for the records the policy cares
about (django-simple-history keeps the versions; this reads them for people)."""

from django.apps import apps
from django.db import models

# "app_label.model" of every audited record; staff read their history at /history/<model>/<pk>/.
AUDITED = [
    "pd_budget.policyyear",
    "pd_budget.designatedconference",
    "pd_budget.sitefte",
    "pd_budget.agreement",
    "pd_budget.pdrequest",
    "surveys.pdtemplate",
    "learning_events.evaluation",
    "groups.committeemember",
]


def audited_model(label: str) -> type[models.Model]:
    if label not in AUDITED:
        raise LookupError(label)
    return apps.get_model(label)


def _shown(model, name: str, value, related_cache: dict) -> str:
    field = model._meta.get_field(name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        # One lookup per related object, however many versions name it.
        key = (field.related_model, value)
        if key not in related_cache:
            related = field.related_model._default_manager.filter(pk=value).first()
            related_cache[key] = str(related) if related is not None else str(value)
        return related_cache[key]
    return str(value)


def history_entries(obj, *, limit: int = 200) -> list[dict]:
    """The object's versions, newest first, each with the fields that changed from the one before."""
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    related_cache: dict = {}
    for record, previous in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                changes.append(
                    {
                        "field": model._meta.get_field(change.field).verbose_name,
                        "before": _shown(model, change.field, change.old, related_cache),
                        "after": _shown(model, change.field, change.new, related_cache),
                    }
                )
        if previous is not None and record.history_type == "~" and not changes:
            # A save that changed nothing (older re-seeds did this): nothing to show.
            continue
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user.display_name if record.history_user else "",
                "action": record.get_history_type_display(),
                "changes": changes,
            }
        )
    return entries
