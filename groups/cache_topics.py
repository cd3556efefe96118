"""What the groups' cached values are computed from (portal.datacache): a write to any of these
models shows at once on the pages that use them."""

from portal import datacache


def register_cache_topics() -> None:
    from learning_events.models import LearningEvent
    from organisations.models import Provider
    from pd_budget.models import Site

    from .models import Committee, CommitteeMember, Meeting, WorkingGroup, WorkPlan, WorkPlanItem
    from .selectors import HEALTH_TOPIC

    # groups.selectors.group_health_map and committee_health_map
    datacache.register(
        HEALTH_TOPIC,
        WorkingGroup,
        WorkingGroup.jurisdictions.through,
        Committee,
        CommitteeMember,
        Meeting,
        Meeting.attendees.through,
        WorkPlan,
        WorkPlanItem,
        LearningEvent,
        Provider,
        Site,
    )
