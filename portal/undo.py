"""Delete with undo: the one way a record is deleted through the portal.

A delete really deletes (rows gone, so compliance, counts, feeds, exports and every query leave the
record out without a filter to forget), after the django-simple-history "-" version of each deleted
row has been written. Undo re-creates the rows from those versions with the same primary keys,
parents first, puts back the many-to-many links and the links the delete emptied, and is allowed to
the person who deleted, within PORTAL_UNDO_MINUTES, once. Stored files stay where they are, reachable
by no view (the download views look the live row up), until the undo window has passed; then
`purge_expired_deletions` removes them.

Apps call `delete_with_undo` from their own services (`groups.services.delete_meeting`), which
check their own `delete_<noun>` permission first; this module imports no domain app.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Deletion
from .permissions import require

#: How many of each kind of dependent record the confirmation page names.
NAMED_PER_KIND = 5


def _label(model) -> str:
    return model._meta.label_lower


def _has_history(model) -> bool:
    return bool(getattr(model._meta, "simple_history_manager_attribute", None))


def _m2m_field(through) -> models.ManyToManyField | None:
    """The many-to-many field an auto-created through model serves."""
    owner = through._meta.auto_created
    if not owner:
        return None
    for candidate in owner._meta.many_to_many:
        if candidate.remote_field.through is through:
            return candidate
    return None


@dataclass
class Dependents:
    """One kind of record the delete takes with it, for the confirmation page."""

    name: str
    count: int
    examples: list[str] = field(default_factory=list)
    links_only: bool = False  # many-to-many links: the records on the other side stay


@dataclass
class DeletionPlan:
    """What deleting `obj` would remove, and why it may be refused."""

    obj: models.Model
    dependents: list[Dependents]
    protected: list[str]  # records that forbid the delete (on_delete=PROTECT)
    unrestorable: list[str]  # kinds of record the delete would take but undo could not bring back
    collector: NestedObjects

    @property
    def refusal(self) -> str:
        if self.protected:
            return _("“%(object)s” cannot be deleted: other records depend on it (%(records)s).") % {
                "object": self.obj,
                "records": ", ".join(self.protected[:NAMED_PER_KIND]),
            }
        if self.unrestorable:
            return _(
                "“%(object)s” cannot be deleted here: it would take with it records that could not be "
                "restored (%(records)s)."
            ) % {"object": self.obj, "records": ", ".join(self.unrestorable)}
        return ""


def deletion_plan(obj: models.Model) -> DeletionPlan:
    """Everything deleting `obj` removes (what Django's delete cascades to), grouped by kind."""
    collector = NestedObjects(using=router.db_for_write(type(obj), instance=obj))
    collector.collect([obj])
    dependents, unrestorable = [], []
    for model, instances in collector.data.items():
        instances = [i for i in instances if not (type(i) is type(obj) and i.pk == obj.pk)]
        if not instances:
            continue
        m2m = _m2m_field(model)
        if m2m is not None:
            dependents.append(Dependents(capfirst(m2m.verbose_name), len(instances), links_only=True))
            continue
        if not _has_history(model):
            unrestorable.append(str(model._meta.verbose_name_plural))
        dependents.append(
            Dependents(
                capfirst(model._meta.verbose_name_plural),
                len(instances),
                [str(i) for i in list(instances)[:NAMED_PER_KIND]],
            )
        )
    if not _has_history(type(obj)):
        unrestorable.append(str(type(obj)._meta.verbose_name_plural))
    protected = sorted({str(p) for p in collector.protected})
    return DeletionPlan(obj, dependents, protected, unrestorable, collector)


def _file_names(instance) -> list[str]:
    return [
        getattr(instance, f.attname).name
        for f in instance._meta.concrete_fields
        if isinstance(f, models.FileField) and getattr(instance, f.attname)
    ]


@transaction.atomic
def delete_with_undo(*, user, obj: models.Model, permission: str, return_url: str = "") -> Deletion:
    """Delete `obj` and what cascades from it, keeping what undo needs; refuses (ValidationError)
    when something protects it or the delete would take records that have no history."""
    require(user, permission, obj)
    plan = deletion_plan(obj)
    if plan.refusal:
        raise ValidationError(plan.refusal)
    collector = plan.collector
    collector.sort()
    records: list[dict] = []
    by_model: dict = {}
    for model, instances in collector.data.items():
        for instance in instances:
            entry = {"model": _label(model), "pk": instance.pk, "files": _file_names(instance)}
            if not _has_history(model):  # a many-to-many link: its two ids are all it holds
                fields = model._meta.concrete_fields
                entry["fields"] = {f.attname: getattr(instance, f.attname) for f in fields}
            records.append(entry)
            by_model.setdefault(model, []).append(entry)
    field_updates = []
    for (fk, value), targets in collector.field_updates.items():
        rows = []
        for target in targets:
            items = target if isinstance(target, QuerySet | list | set | tuple) else [target]
            rows.extend([item.pk, getattr(item, fk.attname)] for item in items)
        if rows and value is None:
            field_updates.append({"model": _label(fk.model), "field": fk.attname, "rows": rows})
    description = str(obj)[:300]
    model_label, object_pk = _label(type(obj)), str(obj.pk)
    obj._history_user = user
    obj.delete()
    for model, entries in by_model.items():
        if not _has_history(model):
            continue
        history = getattr(model, model._meta.simple_history_manager_attribute)
        pk_name = model._meta.pk.attname
        latest: dict = {}
        rows = history.filter(**{f"{pk_name}__in": [e["pk"] for e in entries]}, history_type="-")
        for pk, history_id in rows.values_list(pk_name, "history_id"):
            latest[pk] = max(history_id, latest.get(pk, 0))
        for entry in entries:
            entry["history_id"] = latest[entry["pk"]]
    # Roughly parents first (the delete removed dependents first); undo orders them by their links.
    records.reverse()
    return Deletion.objects.create(
        user=user,
        model=model_label,
        object_pk=object_pk,
        description=description,
        permission=permission,
        records=records,
        field_updates=field_updates,
        return_url=return_url,
    )


def deletions_for(user) -> QuerySet[Deletion]:
    """The user's own deletions that may still be undone, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Deletion.objects.none()
    since = timezone.now() - timedelta(minutes=settings.PORTAL_UNDO_MINUTES)
    return Deletion.objects.filter(user=user, undone_at__isnull=True, created_at__gt=since)


def _rebuilt(entry: dict) -> models.Model | None:
    model = apps.get_model(entry["model"])
    if "fields" in entry:
        return model(**entry["fields"])
    history = getattr(model, model._meta.simple_history_manager_attribute)
    return history.get(history_id=entry["history_id"]).instance


def _describe(instance) -> str:
    try:
        return str(instance)
    except ObjectDoesNotExist:  # its __str__ names a parent that is gone
        return str(instance._meta.verbose_name)


def _parents(instance) -> list[tuple]:
    """(field, label of the model it points to, value) of each link the row holds."""
    return [
        (fk, _label(fk.related_model), getattr(instance, fk.attname))
        for fk in instance._meta.concrete_fields
        if fk.is_relation and getattr(instance, fk.attname) is not None
    ]


def _check_parents(instance, restored: set) -> bool:
    """False when a link the row cannot do without points to a record that is gone (for a
    many-to-many link: skip it); optional links to a vanished record are emptied."""
    for fk, label, value in _parents(instance):
        if (label, value) in restored or fk.related_model._base_manager.filter(pk=value).exists():
            continue
        if fk.null:
            setattr(instance, fk.attname, None)
            continue
        return False
    return True


def _parents_first(rebuilt: list[tuple[dict, models.Model]]) -> list[tuple[dict, models.Model]]:
    """The rows in an order where every row comes after the deleted rows it points to."""
    keys = {(e["model"], i.pk) for e, i in rebuilt}
    placed: set = set()
    ordered: list = []
    pending = list(rebuilt)
    while pending:
        waiting = []
        for entry, instance in pending:
            needs = {(label, value) for _fk, label, value in _parents(instance)} & keys
            needs.discard((entry["model"], instance.pk))  # a row pointing to itself
            if needs <= placed:
                ordered.append((entry, instance))
                placed.add((entry["model"], instance.pk))
            else:
                waiting.append((entry, instance))
        if len(waiting) == len(pending):  # a cycle: keep the recorded order for the rest
            ordered.extend(waiting)
            break
        pending = waiting
    return ordered


@transaction.atomic
def undo_deletion(*, user, deletion: Deletion) -> models.Model:
    """Bring back what `deletion` removed: only its author, within the window, once."""
    deletion = Deletion.objects.select_for_update().get(pk=deletion.pk)
    if deletion.user_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Only the person who deleted this may undo it."))
    if deletion.undone_at is not None:
        raise ValidationError(_("This deletion has already been undone."))
    if not deletion.can_be_undone():
        raise ValidationError(
            _("The time to undo this deletion has passed (%(minutes)s minutes).")
            % {"minutes": settings.PORTAL_UNDO_MINUTES}
        )
    restored: set = set()
    root = None
    for entry, instance in _parents_first([(e, _rebuilt(e)) for e in deletion.records]):
        is_root = entry["model"] == deletion.model and str(entry["pk"]) == deletion.object_pk
        if not _check_parents(instance, restored):
            if "fields" in entry:
                continue  # a link to a record deleted since: the link cannot come back
            raise ValidationError(
                _("“%(object)s” cannot be restored: a record it belongs to has been deleted since.")
                % {"object": deletion.description if is_root else _describe(instance)}
            )
        if is_root:
            # The right to delete it is the right to bring it back (a chair no longer chairing: no).
            require(user, deletion.permission, instance)
            root = instance
        try:
            instance.validate_unique()
            instance.validate_constraints()
        except ValidationError as exc:
            raise ValidationError(
                _("“%(object)s” cannot be restored: %(reason)s")
                % {"object": _describe(instance), "reason": " ".join(exc.messages)}
            ) from exc
        instance._history_user = user
        try:
            with transaction.atomic():
                instance.save(force_insert=True)
        except IntegrityError as exc:
            raise ValidationError(
                _("“%(object)s” cannot be restored: a record in its place has been created since.")
                % {"object": _describe(instance)}
            ) from exc
        restored.add((entry["model"], instance.pk))
    for update in deletion.field_updates:
        model = apps.get_model(update["model"])
        for pk, value in update["rows"]:
            model._base_manager.filter(pk=pk, **{f"{update['field']}__isnull": True}).update(
                **{update["field"]: value}
            )
    deletion.undone_at = timezone.now()
    deletion.save(update_fields=["undone_at"])
    return root


def purge_expired_deletions(*, now=None) -> int:
    """Remove the stored files of deletions that can no longer be undone; returns how many deletions.

    A file some live record still names (restored, or shared) stays."""
    now = now or timezone.now()
    until = now - timedelta(minutes=settings.PORTAL_UNDO_MINUTES)
    done = 0
    expired = Deletion.objects.filter(undone_at__isnull=True, purged_at__isnull=True, created_at__lte=until)
    for deletion in expired:
        for entry in deletion.records:
            if not entry.get("files"):
                continue
            model = apps.get_model(entry["model"])
            file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
            for name in entry["files"]:
                named = models.Q()
                for file_field in file_fields:
                    named |= models.Q(**{file_field.attname: name})
                if file_fields and not model._base_manager.filter(named).exists():
                    file_fields[0].storage.delete(name)
        deletion.purged_at = now
        deletion.save(update_fields=["purged_at"])
        done += 1
    return done
