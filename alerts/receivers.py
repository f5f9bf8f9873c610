"""The nudge: fan out right after a status change commits, instead of waiting for the next beat.

Only status changes send a signal (``motions.services.status_recorded``, after commit). Answers,
votes and new motions are picked up by the beat's fan-out within a minute; the beat is also what
makes the nudge optional — a nudge that fails (broker down) loses nothing.
"""

from __future__ import annotations

import logging

from django.dispatch import receiver

from common.tasks import queue
from motions.services import status_recorded

logger = logging.getLogger("alerts")


@receiver(status_recorded, dispatch_uid="alerts.nudge_fan_out")
def nudge_fan_out(sender, change, **kwargs) -> None:
    try:
        queue("alerts.tasks.fan_out_task")
    except Exception:  # never fail the caller's request over a nudge; the beat catches up
        logger.warning("could not nudge the fan-out after status change %s", getattr(change, "pk", None), exc_info=True)
