"""The production task queue (django-tasks on rq) made to survive a killed worker (ADR 0035).

django-tasks-rq enqueues jobs without retries, and rq only notices a worker that died with
``kill -9`` when the job's heartbeat expires (its monitoring interval plus a minute) and some
worker's maintenance runs (every ten minutes): the task would sit there, or be dropped to the
failed registry for good. Here every job may be retried (``RETRIES``), a job's heartbeat
lapses after ``HEARTBEAT_SECONDS`` + ``GRACE_SECONDS``, and workers look for abandoned jobs
every ``MAINTENANCE_SECONDS``: a task killed mid-way runs again within about half a minute.
Tasks are idempotent (each one says how), so running one again does nothing twice.
"""

from typing import Any

import django_rq
from django_tasks.base import TASK_MAX_PRIORITY, Task, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq.backend import Job, RQBackend, failed_callback, success_callback
from rq import Retry
from rq import Worker as RQWorker
from rq.job import Callback, JobStatus

RETRIES = 3
HEARTBEAT_SECONDS = 5
GRACE_SECONDS = 10
MAINTENANCE_SECONDS = 15


class RetryingRQBackend(RQBackend):
    """django-tasks-rq's backend, its ``enqueue`` as upstream but with ``Retry(max=RETRIES)``
    given to the job when it is created (set afterwards, a worker could take it first)."""

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:  # type: ignore[type-arg]
        self.validate_task(task)
        task_result: TaskResult = TaskResult(  # type: ignore[type-arg]
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        queue = django_rq.get_queue(task.queue_name, job_class=Job)
        job = queue.create_job(
            task.module_path,
            args=args,
            kwargs=kwargs,
            job_id=task_result.id,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            on_failure=Callback(failed_callback),
            on_success=Callback(success_callback),
            meta={"backend_name": self.alias},
            retry=Retry(max=RETRIES),
        )
        if task.run_after is None:
            job = queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
        else:
            job = queue.schedule_job(job, task.run_after)
        object.__setattr__(task_result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=task_result)
        return task_result


class Worker(RQWorker):
    """``secretariat rqworker`` uses this class (``RQ["WORKER_CLASS"]``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("job_monitoring_interval", HEARTBEAT_SECONDS)
        kwargs.setdefault("maintenance_interval", MAINTENANCE_SECONDS)
        super().__init__(*args, **kwargs)

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        return self.job_monitoring_interval + GRACE_SECONDS
