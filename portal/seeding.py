"""Writers for the seed and demo loaders that compare before they save, so a second run writes no row
in any table (audit history included: django-simple-history records a version on every save)."""

from collections.abc import Iterable

from django.db import models


def _differs(obj: models.Model, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one or field.one_to_one:
        if name == field.name:
            # Compare keys, not related objects: no query per foreign key.
            wanted = value.pk if isinstance(value, models.Model) else value
            return getattr(obj, field.attname) != wanted
    return getattr(obj, name) != value


def upsert(model: type[models.Model], defaults: dict | None = None, **lookup) -> tuple[models.Model, bool]:
    """Like `update_or_create`, but saves only when a field differs and then only those fields.

    Returns (object, created). An unchanged row is not saved: no UPDATE, no history version.
    """
    obj, created, _changed = upsert_changes(model, defaults, **lookup)
    return obj, created


def upsert_changes(
    model: type[models.Model], defaults: dict | None = None, **lookup
) -> tuple[models.Model, bool, list[str]]:
    """`upsert` that also says which fields it changed on an existing row: (object, created, names)."""
    defaults = defaults or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **defaults), True, []
    changed = [name for name, value in defaults.items() if _differs(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        auto_now = [
            f.name
            for f in obj._meta.concrete_fields
            if getattr(f, "auto_now", False) and f.name not in changed
        ]
        obj.save(update_fields=[*changed, *auto_now])
    return obj, False, changed


def add_missing(related_manager, objs: Iterable[models.Model]) -> int:
    """Add to a many-to-many only the objects it lacks (keeps what admins added); returns how many."""
    present = set(related_manager.values_list("pk", flat=True))
    missing = [obj for obj in objs if obj.pk not in present]
    if missing:
        related_manager.add(*missing)
    return len(missing)
