from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language: str) -> str:
    """This page's address in the other language (i18n URL prefixes), keeping the query string."""
    request = context.get("request")
    if request is None:
        return f"/{language}/"
    url = translate_url(request.get_full_path(), language)
    if url == request.get_full_path():
        # translate_url could not resolve the path (404 page): fall back to that language's home.
        return f"/{language}/"
    return url


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("portal/_history_link.html", takes_context=True)
def history_link(context, obj):
    """A link to an audited record's history, for those who may read it."""
    from django.urls import reverse

    from portal.history import AUDITED

    request = context.get("request")
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    allowed = request is not None and label in AUDITED and request.user.has_perm("portal.view_audit")
    return {"url": reverse("history", kwargs={"model": label, "pk": obj.pk}) if allowed else ""}


@register.filter
def undo_deletion_id(message) -> str:
    """The deletion a success message offers to undo (portal.views.DeleteConfirmView), or ""."""
    for tag in (getattr(message, "extra_tags", "") or "").split():
        if tag.startswith("undo:") and tag[5:].isdigit():
            return tag[5:]
    return ""
