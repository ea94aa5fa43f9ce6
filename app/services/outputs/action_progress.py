"""One number for one fact: an action's status and percent complete as every published output gives them.

An action's progress is its latest update (by the period it covers; a late report of an earlier period
does not override it) from the same snapshot of the progress stage (its latest edition, or the drafts for
a draft), and the action's own status and percent when it has no update. The dashboard, the plan edition
and the strategy document all read it here, so they cannot disagree.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Progress:
    status: str
    percent: int
    period_end: date | None  # the period of the update it comes from; None: from the plan itself


def latest_updates(rows: Iterable[Any]) -> dict[int, Any]:
    """The latest update of each action, by the period it covers."""
    latest: dict[int, Any] = {}
    for row in sorted(rows, key=lambda u: (u.period_end, u.id)):
        latest[row.action_id] = row
    return latest


def progress_of(action: Any, update: Any | None) -> Progress:
    if update is not None:
        return Progress(str(update.status), int(update.percent_complete or 0), update.period_end)
    return Progress(str(action.status), int(action.percent_complete or 0), None)
