"""Reads of learning events, courses and evaluations, scoped to what the user may see."""


def group_panel(*, user, group) -> dict:
    """What the group page shows of this app: the group's events and evaluations.

    Contract used by the groups app: returns {"events": [...], "evaluations": [...]}, each already
    narrowed to what `user` may see; rendered by learning_events/_group_panel.html.
    """
    return {"events": [], "evaluations": []}
