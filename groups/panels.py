"""Sections other apps add to a working group's page, so the groups app never imports them.

An app registers its section once, in its `AppConfig.ready()`:

    register_group_panel(template="learning_events/_group_panel.html", build=selectors.group_panel)

`build(user=, group=)` returns the section's context (scoped to the user), rendered with `template`
as `panel`. Sections show in the order the apps registered them (INSTALLED_APPS order).
"""

from collections.abc import Callable

from portal.panels import Panels

_PANELS = Panels()


def register_group_panel(*, template: str, build: Callable[..., object]) -> None:
    """Add (or replace, for the same template) a section of the group page."""
    _PANELS.register(template=template, build=build)


def group_panels(*, user, group) -> list[dict]:
    return _PANELS.render_context(user=user, group=group)
