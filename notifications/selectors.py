"""Reads of a person's own notices."""

from django.db.models import QuerySet

from .models import Notification


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
