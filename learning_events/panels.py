"""Sections other apps add to an evaluation's page (its recommendations and actions, from the results
app), so this app never imports them: `register_evaluation_panel(template=, build=)` in the other
app's `AppConfig.ready()`; `build(user=, evaluation=)` returns the section's context, scoped to the user.
"""

from collections.abc import Callable

from portal.panels import Panels

_PANELS = Panels()


def register_evaluation_panel(*, template: str, build: Callable[..., object]) -> None:
    """Add (or replace, for the same template) a section of the evaluation page."""
    _PANELS.register(template=template, build=build)


def evaluation_panels(*, user, evaluation) -> list[dict]:
    return _PANELS.render_context(user=user, evaluation=evaluation)
