"""What the groups' cached values are computed from (portal.datacache): a write to any of these
models shows at once on the pages that use them."""

from portal import datacache


def register_cache_topics() -> None:
    from learning_events.models import LearningEvent
    from organisations.models import Jurisdiction, Provider, UmbrellaOrganisation
    from pd_budget.models import Site
    from portal.models import User

    from .models import (
        Category,
        Committee,
        CommitteeMember,
        CommunityOfPractice,
        Meeting,
        NationalCommunityLink,
        WorkingGroup,
        WorkPlan,
        WorkPlanItem,
    )
    from .selectors import GOVERNANCE_TOPIC, GROUP_ROWS_TOPIC, HEALTH_TOPIC

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
    # groups.selectors.group_governance: the committees, seats, meetings held, work plans and
    # communities of a group page, with the names they show (seat holders, item owners, hosts).
    datacache.register(
        GOVERNANCE_TOPIC,
        WorkingGroup,
        Committee,
        CommitteeMember,
        Meeting,
        WorkPlan,
        WorkPlanItem,
        CommunityOfPractice,
        CommunityOfPractice.umbrellas.through,
        NationalCommunityLink,
        Provider,
        Jurisdiction,
        UmbrellaOrganisation,
        User,
    )
    # The groups list's rows (groups/_workinggroup_rows.html, beside HEALTH_TOPIC): each group's
    # name, category, parent, stage and lead.
    datacache.register(GROUP_ROWS_TOPIC, WorkingGroup, Category, User)
