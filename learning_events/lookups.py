"""This app's search-as-you-type choices (portal/lookups.py): an event's series (staff, who edit
events) and the organisations a questionnaire is sent to (whoever may send one: staff and the
members of a group's advisory body), 20,000 providers at scale 100."""

from dataclasses import replace

from organisations.lookups import PROVIDERS
from portal.lookups import Lookup, register

from .models import EventSeries

SERIES = register(
    Lookup(
        "series",
        "learning_events.add_event",
        lambda _user: EventSeries.objects.only("pk", "slug", "title_en", "title_fr").order_by("slug"),
        ("title_en", "title_fr", "slug"),
        lambda series: str(series.title),  # the page's language, else the other
    )
)
# The same providers, labelled the same, behind the permission of those who send questionnaires.
QUESTIONNAIRE_PROVIDERS = register(
    replace(PROVIDERS, name="questionnaire-providers", permission="learning_events.look_up_providers")
)
