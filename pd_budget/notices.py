"""Who the PD budget tells, and what: thin calls from the services into `notifications.notify`.

Each function runs inside the service's transaction; the notices are written with it and their
e-mails leave after commit. Event keys make a second call for the same event notify nobody again.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.kinds import Kind
from notifications.services import Notice, notify
from portal.money import format_money

from .models import PDRequest, RequestStatus


def _approvers():
    """The IRCC staff who decide PD requests (pd_budget.decide_pdrequest: staff and administrators)."""
    return get_user_model().objects.filter(is_active=True, role__in=["staff", "admin"]).order_by("pk")


def _filers(pd_request: PDRequest):
    """The provider staff member who filed the request; if that account is gone, the provider's staff."""
    user = pd_request.requested_by
    if user is not None and user.is_active and user.provider_id == pd_request.provider_id:
        return [user]
    return list(
        get_user_model().objects.filter(is_active=True, role="provider", provider_id=pd_request.provider_id)
    )


def _what(pd_request: PDRequest) -> str:
    label = pd_request.conference_label or pd_request.get_category_display()
    return _("%(what)s, %(amount)s (%(year)s)") % {
        "what": label,
        "amount": format_money(pd_request.amount),
        "year": pd_request.fiscal_year_label,
    }


def request_waiting(pd_request: PDRequest) -> None:
    """A case-by-case request (a non-designated conference, a large training request) waits for staff."""
    if pd_request.status != RequestStatus.PENDING:
        return

    def render() -> Notice:
        return Notice(
            title=_("%(provider)s asks for a decision on a PD request") % {"provider": pd_request.provider},
            body=_("%(what)s, filed on %(date)s, waits for a decision (not a designated conference).")
            % {"what": _what(pd_request), "date": date_format(pd_request.requested_at, "DATE_FORMAT")},
            url=reverse("pd_budget:approval-queue"),
        )

    notify(
        recipients=_approvers(),
        kind=Kind.REQUEST_WAITING,
        key=f"pdrequest:{pd_request.pk}:waiting",
        render=render,
    )


def request_decided(pd_request: PDRequest) -> None:
    """Approved, refused or cancelled: the provider staff who filed it learn the decision and its reason."""
    status = pd_request.status

    def render() -> Notice:
        if status == RequestStatus.APPROVED:
            title = _("Your PD request was approved: %(what)s") % {"what": _what(pd_request)}
        elif status == RequestStatus.REFUSED:
            title = _("Your PD request was refused: %(what)s") % {"what": _what(pd_request)}
        else:
            title = _("Your approved PD request was cancelled: %(what)s") % {"what": _what(pd_request)}
        body = _("Reason: %(reason)s") % {"reason": pd_request.reason} if pd_request.reason else ""
        return Notice(title=title, body=body, url=reverse("pd_budget:pdrequest-list"))

    notify(
        recipients=_filers(pd_request),
        kind=Kind.REQUEST_DECIDED,
        key=f"pdrequest:{pd_request.pk}:{status}",
        render=render,
    )


def import_applied(run) -> None:
    """A workbook import was applied: the administrators are told who imported what."""
    admins = get_user_model().objects.filter(is_active=True, role="admin").order_by("pk")
    who = run.applied_by.display_name if run.applied_by_id else _("the system")

    def render() -> Notice:
        return Notice(
            title=_("Workbook imported: %(file)s") % {"file": run.original_name},
            body=_("Imported by %(who)s.") % {"who": who},
            url=reverse("pd_budget:importrun-detail", kwargs={"pk": run.pk}),
        )

    notify(recipients=admins, kind=Kind.IMPORT_APPLIED, key=f"importrun:{run.pk}:applied", render=render)
