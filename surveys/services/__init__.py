"""Every write and rule of the PD survey (see the modules): templates, cycles, aggregation."""

from .aggregation import (
    aggregate_survey,
    command_json,
    run_aggregation,
    start_aggregation,
    sweep_stale_runs,
)
from .cycles import (
    close_cycle,
    close_due_cycles,
    escalate_missing_templates,
    non_respondents,
    open_cycle,
    save_cycle,
    send_due_reminders,
    send_reminders,
)
from .templates import (
    plausibility_thresholds,
    reopen_template,
    save_draft,
    start_template,
    submission_errors,
    submit_template,
    template_outliers,
)

__all__ = [
    "aggregate_survey",
    "close_cycle",
    "close_due_cycles",
    "command_json",
    "escalate_missing_templates",
    "non_respondents",
    "open_cycle",
    "plausibility_thresholds",
    "reopen_template",
    "run_aggregation",
    "save_cycle",
    "save_draft",
    "send_due_reminders",
    "send_reminders",
    "start_aggregation",
    "start_template",
    "submission_errors",
    "submit_template",
    "sweep_stale_runs",
    "template_outliers",
]
