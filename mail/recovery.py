"""Tasks a dead worker left running are run again (at least once): by every worker, every RECOVERY_INTERVAL."""

import datetime
import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

RECOVERY_INTERVAL = 30  # seconds


def requeue_stalled() -> int:
    """Make every task running for longer than TASK_RUNNING_TIMEOUT ready again; returns how many.

    No task runs that long while its worker lives (a mail gives up after EMAIL_TIMEOUT), so its worker is gone.
    """
    now = timezone.now()
    stalled = DBTaskResult.objects.running().filter(
        started_at__lt=now - datetime.timedelta(seconds=settings.TASK_RUNNING_TIMEOUT)
    )
    count = stalled.update(status=TaskResultStatus.READY, run_after=now)
    if count:
        logger.warning("%d task(s) left running by a stopped worker queued again", count)
    return count


def start_recovery() -> threading.Thread:
    """Requeue stalled tasks now and every RECOVERY_INTERVAL, beside the worker's loop."""

    def loop() -> None:
        while True:
            try:
                requeue_stalled()
            except Exception:  # the database may be away: the next round tries again
                logger.warning("Requeueing stalled tasks failed; retried in %d s", RECOVERY_INTERVAL)
            finally:
                close_old_connections()
                connection.close()
            time.sleep(RECOVERY_INTERVAL)

    thread = threading.Thread(target=loop, name="task-recovery", daemon=True)
    thread.start()
    return thread
