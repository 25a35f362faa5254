"""Rules that change monitor state, one module per subdomain:

- `campaigns`: save a draft, launch (requested by the officer, run by a task), close, and
  the beat job's scan with its reminders and lost launches;
- `answering`: one person's draft and the submit that hands their answers over;
- `moving`: held answers into responses, in batches of the minimum group of one report unit;
- `results`: the results computed once at close, and the rewrite of responses to their
  published units;
- `measures`: measures and their reminders;
- `storage`: vacuum and counting, which these share.

The tree rules of report units (who reports where, where figures are published) are pure
functions in `surveys.monitor.reporting`, next to `privacy`.

Called by views, the beat task, management commands and tests alike, always through this
package: `from surveys.monitor import services; services.campaign_close(campaign=...)`.
"""

from .answering import draft_save, response_send, response_submit
from .campaigns import (
    campaign_close,
    campaign_launch,
    campaign_launch_request,
    campaign_launch_run,
    campaign_save,
    launches_resume,
    monitor_scan,
    reminders_scan,
)
from .measures import measure_check, measure_save
from .moving import held_move
from .results import responses_coarsen, results_compute
from .storage import vacuum

__all__ = [
    "campaign_close",
    "campaign_launch",
    "campaign_launch_request",
    "campaign_launch_run",
    "campaign_save",
    "draft_save",
    "held_move",
    "launches_resume",
    "measure_check",
    "measure_save",
    "monitor_scan",
    "reminders_scan",
    "response_send",
    "response_submit",
    "responses_coarsen",
    "results_compute",
    "vacuum",
]
