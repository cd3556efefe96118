"""The bell in the header: the signed-in person's unread count, one query per page."""

from django import template

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    user = context.get("user")
    return {"unread": unread_count(user=user) if user is not None else 0}
