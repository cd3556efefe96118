"""Who may see or change this app's objects: predicates registered with portal.permissions.

IRCC staff run the cycles, read every template and the analysis, and reopen submitted templates.
Provider staff fill in their own organisation's template and read the regional summary; another
provider's template is hidden by `templates_visible_to`, so it answers 404.
"""

import rules
from django.db.models import QuerySet

from portal.permissions import is_ircc_staff, is_provider_staff

from .models import PDTemplate


def templates_visible_to(user) -> QuerySet[PDTemplate]:
    """IRCC staff see every template; provider staff only their own organisation's."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return PDTemplate.objects.none()
    if user.is_ircc_staff:
        return PDTemplate.objects.all()
    if user.is_provider_staff:
        return PDTemplate.objects.filter(provider_id=user.provider_id)
    return PDTemplate.objects.none()


@rules.predicate
def is_own_template(user, template) -> bool:
    return (
        template is not None
        and bool(getattr(user, "is_provider_staff", False))
        and template.provider_id == user.provider_id
    )


can_view_template = is_ircc_staff | is_own_template

rules.add_perm("surveys.view_survey_home", is_ircc_staff | is_provider_staff)
rules.add_perm("surveys.view_regional_summary", is_ircc_staff | is_provider_staff)
rules.add_perm("surveys.view_template", can_view_template)
# Only the provider's own staff write its answers; IRCC staff read them and may reopen them.
rules.add_perm("surveys.fill_template", is_provider_staff)
rules.add_perm("surveys.change_template", is_own_template)
rules.add_perm("surveys.submit_template", is_own_template)
rules.add_perm("surveys.reopen_template", is_ircc_staff)
rules.add_perm("surveys.manage_cycle", is_ircc_staff)
rules.add_perm("surveys.run_aggregation", is_ircc_staff)
rules.add_perm("surveys.view_analysis", is_ircc_staff)
