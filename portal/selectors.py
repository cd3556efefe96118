"""The dashboard: for each role, what matters to it, gathered from each app's selectors.

Each app may expose `<app>.selectors.dashboard_cards(user) -> list[dict]`; a card has a `title`
and any of `figure`, `text`, `items` (`[{"label", "url"}]`), `url` with `link_label`, and
`level` ("warning" for something that needs attention).
"""

from importlib import import_module

DASHBOARD_APPS = ["groups", "learning_events", "pd_budget", "surveys"]


def dashboard_for(user) -> dict:
    cards: list[dict] = []
    for app in DASHBOARD_APPS:
        selectors = import_module(f"{app}.selectors") if _has_selectors(app) else None
        if selectors is not None and hasattr(selectors, "dashboard_cards"):
            cards.extend(selectors.dashboard_cards(user))
    return {"cards": cards}


def _has_selectors(app: str) -> bool:
    try:
        import_module(f"{app}.selectors")
    except ModuleNotFoundError as exc:
        if exc.name == f"{app}.selectors":
            return False
        raise
    return True


def export_jobs_for(user):
    """The user's own export jobs, newest first: nobody sees another user's exports."""
    from .models import ExportJob

    return ExportJob.objects.filter(user=user).order_by("-created_at")
