"""Sections one app adds to another app's page, so the page's app never imports the one adding.

An app keeps one `Panels` registry per page (`groups.panels`: the group page; `learning_events.panels`:
the evaluation page); another app registers its section once, in its `AppConfig.ready()`, with the
template that renders it and `build(user=, **page_objects)` returning the section's context, scoped to
the user (rendered with the template as `panel`). Sections show in registration order (INSTALLED_APPS).
"""

from collections.abc import Callable


class Panels:
    """The sections registered for one page."""

    def __init__(self) -> None:
        self._builders: dict[str, Callable[..., object]] = {}

    def register(self, *, template: str, build: Callable[..., object]) -> None:
        """Add (or replace, for the same template) a section of the page."""
        self._builders[template] = build

    def render_context(self, **page_objects) -> list[dict]:
        return [
            {"template": template, "panel": build(**page_objects)}
            for template, build in self._builders.items()
        ]
