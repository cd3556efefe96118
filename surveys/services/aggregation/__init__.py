"""The survey's aggregation: common requests, regional candidates, PD funding per FTE, medians,
the Gini coefficient and the equity flags, computed in the database and stored as the cycle's
one current result. Runs as a Celery job tracked by portal.jobs (start, heartbeat, end, failure,
attempts cap).

Three parts along the seams: `queries` (the database reads), `figures` (the result, applying the
equity rule of `surveys/equity.py`) and `runs` (the job)."""

from .figures import aggregate_survey, command_json
from .queries import CENTRE_TYPES, provider_rows, theme_rows
from .runs import AGGREGATION_TASK, run_aggregation, start_aggregation, sweep_stale_runs

__all__ = [
    "AGGREGATION_TASK",
    "CENTRE_TYPES",
    "aggregate_survey",
    "command_json",
    "provider_rows",
    "run_aggregation",
    "start_aggregation",
    "sweep_stale_runs",
    "theme_rows",
]
