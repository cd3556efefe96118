from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.db.models import Model
from django.forms.widgets import Input
from django.urls import translate_url
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal import datacache
from portal.money import format_money

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


@register.inclusion_tag("portal/_sort_header.html", takes_context=True)
def sort_header(context, key: str, label, css_class: str = ""):
    """A sortable column header of a FilteredListView: the link keeps the other query parameters
    (filters, not the page), the sorted column says its direction in words and in `aria-sort`.

    A key the page's view does not sort by gives a plain header, so a table partial shared with a
    page that does not sort (a provider's own requests) uses the same tag."""
    from portal.views import SORT_PARAM

    request = context["request"]
    if key not in (context.get("sort_keys") or {}):
        return {"label": label, "css_class": css_class, "plain": True}
    current = context.get("sort", "")
    if current == key:
        direction, target = "ascending", f"-{key}"
    elif current == f"-{key}":
        direction, target = "descending", key
    else:
        direction, target = "", key
    query = request.GET.copy()
    query.pop("page", None)
    query[SORT_PARAM] = target
    return {
        "label": label,
        "css_class": css_class,
        "direction": direction,
        "next_descending": target.startswith("-"),
        "href": f"{request.path}?{query.urlencode()}",
        "htmx_target": context.get("list_target", ""),
    }


@register.filter
def money(value) -> str:
    """A Decimal as money in the active language: $2,775.00 or 2 775,00 $."""
    if value is None or value == "":
        return ""
    return format_money(value)


@register.filter
def as_decimal(value):
    from decimal import Decimal

    return Decimal(value)


@register.simple_tag
def money_difference(before: str, after: str) -> str:
    """after - before as signed money: +$450.00 or -150,00 $."""
    from decimal import Decimal

    difference = Decimal(after) - Decimal(before)
    return ("+" if difference > 0 else "") + format_money(difference)


@register.filter
def fiscal_year(value) -> str:
    """2018 -> 2018-19."""
    from portal.fiscal import fiscal_year_label

    try:
        return fiscal_year_label(int(value))
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def bilingual(value, lang: str = "", breaks: bool = False, block: bool = False):
    """Content in the reader's language, or the other one marked with its `lang` and a visible note
    ("English only"): `{% bilingual obj.title %}`, `{% bilingual obj.notes breaks=True %}`, text
    stored with its language `{% bilingual req.description lang=req.description_language %}`.
    See portal/i18n.py."""
    from portal.i18n import mark_language

    return mark_language(value, lang or None, breaks=breaks, block=block)


@register.simple_tag
def form_fields(form):
    """A form's fields as `{{ form|crispy }}` renders them, with each `X_en`/`X_fr` pair side by side
    (one column each from 768 px, stacked below)."""
    from crispy_forms.helper import FormHelper
    from crispy_forms.layout import Column, Layout, Row
    from crispy_forms.utils import render_crispy_form

    names = list(form.fields)
    stems = {n[:-3] for n in names if n.endswith("_en") and f"{n[:-3]}_fr" in form.fields}
    helper = FormHelper(form)
    helper.form_tag = False
    helper.disable_csrf = True
    if not stems:
        return render_crispy_form(form, helper)
    items = []
    for name in names:
        if name.endswith("_fr") and name[:-3] in stems:
            continue
        if name.endswith("_en") and name[:-3] in stems:
            stem = name[:-3]
            items.append(
                Row(
                    Column(f"{stem}_en", css_class="col-md-6"),
                    Column(f"{stem}_fr", css_class="col-md-6"),
                    css_class="bilingual-pair",
                )
            )
        else:
            items.append(name)
    helper.layout = Layout(*items)
    return render_crispy_form(form, helper)


def _as_decimal(value):
    from decimal import Decimal, InvalidOperation

    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def number(value, places=None) -> str:
    """A number (a Decimal, or a figure stored as text in JSON) in the page's language, to `places`
    decimals when given: `{{ gini|number:4 }}` is 0.2474 or 0,2474; grouped: 1,400 or 1 400."""
    from decimal import ROUND_HALF_UP, Decimal

    from portal.i18n import current_language
    from portal.numbers import format_number

    number_ = _as_decimal(value)
    if number_ is None:
        return "" if value is None else str(value)
    if places not in (None, ""):
        number_ = number_.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    return format_number(number_, language=current_language())


@register.filter
def fte(value) -> str:
    """FTEs in the page's language with at most two decimals and no trailing zeros: 1 400, 14,5."""
    from decimal import ROUND_HALF_UP, Decimal

    number_ = _as_decimal(value)
    if number_ is None:
        return "" if value is None else str(value)
    number_ = number_.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    number_ = number_.to_integral_value() if number_ == number_.to_integral_value() else number_.normalize()
    return number(number_)


@register.filter
def percent(value, places=1) -> str:
    """A share (0.25) as a percentage in the page's language: 25% or 25 % (no-break space)."""
    from decimal import ROUND_HALF_UP, Decimal

    from portal.i18n import current_language

    share = _as_decimal(value)
    if share is None:
        return ""
    shown = (share * 100).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    shown = shown.to_integral_value() if shown == shown.to_integral_value() else shown.normalize()
    return f"{number(shown)}\u00a0%" if current_language() == "fr" else f"{number(shown)}%"


@register.simple_tag
def colon():
    """A colon as each language writes it: "Label: value", « Libellé : valeur » (no-break space)."""
    from portal.i18n import current_language

    return mark_safe("\u00a0:" if current_language() == "fr" else ":")


@register.filter
def as_filter_field(field):
    """`field|as_crispy_field`'s HTML for a text box or a drop-down, built in Python: a list page's
    filter form rendered through crispy's templates cost 2 ms a field (9 ms of the groups list at
    scale 10). Any other widget goes through crispy itself; tests/portal/test_filter_field.py holds
    the two to the same HTML."""
    widget = field.field.widget
    simple = isinstance(widget, forms.Select) or (
        isinstance(widget, Input) and not isinstance(widget, forms.CheckboxInput | forms.FileInput)
    )
    if field.is_hidden or not simple or getattr(widget, "widgets", None) or field.use_fieldset:
        return as_crispy_field(field)
    own = type(widget).__name__.lower()
    classes = widget.attrs.get("class", "")
    classes = (f"{classes} {own}" if own not in classes else classes) if classes else own
    classes += " form-select" if isinstance(widget, forms.Select) else " form-control"
    if field.errors:
        classes += " is-invalid"
    required = field.field.required
    label = ""
    if field.label:
        label = format_html(
            '<label{} class="form-label{}">{}{}</label>',
            format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            " requiredField" if required else "",
            field.label,
            mark_safe('<span class="asteriskField">*</span>') if required else "",
        )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            getattr(field.errors, "field_id", None) or field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, e) for n, e in enumerate(field.errors, start=1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div{} class="form-text">{}</div>',
            format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else "",
            mark_safe(field.help_text),
        )
    css = field.css_classes()
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        f" {css}" if css else "",
        label,
        field.as_widget(attrs={"class": classes}),
        errors,
        help_text,
    )


# --- Fragments kept until their data changes (issue 22) -----------------------------------------
def _key_part(value):
    """A fragment key's part: a model instance by its label and pk, a list of them by their pks."""
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    if isinstance(value, list | tuple) or hasattr(value, "object_list") or hasattr(value, "model"):
        return tuple(_key_part(item) for item in value)
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


class DataCacheNode(template.Node):
    def __init__(self, nodelist, topics, parts, *, where: str):
        self.nodelist, self.topics, self.parts, self.where = nodelist, topics, parts, where

    def render(self, context):
        topics = str(self.topics.resolve(context)).split()
        parts = [self.where, get_language(), timezone.localdate()]
        parts += [_key_part(part.resolve(context)) for part in self.parts]
        key = datacache.key(topics, parts)
        if key is not None:
            found = datacache.read(key)
            if found is not None:
                return found
        html = self.nodelist.render(context)
        if key is not None:
            datacache.keep(key, html)
        return html


@register.tag("datacache")
def do_datacache(parser, token):
    """`{% datacache "topic-a topic-b" part ... %}…{% enddatacache %}`: the block's HTML, kept until
    a write to one of the topics' models (portal.datacache), per language, day and parts.

    The parts must name everything else the block shows: the rows (model instances or lists of
    them count by their pks), the year, and whatever of the person decides what they may see. A
    block that differs per person (a CSRF token, a button only some may press) stays outside."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("datacache needs its topics, then the parts of its key")
    nodelist = parser.parse(("enddatacache",))
    parser.delete_first_token()
    origin = getattr(parser, "origin", None)
    where = f"{getattr(origin, 'template_name', '') or getattr(origin, 'name', '')}:{token.lineno}"
    return DataCacheNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]], where=where
    )
