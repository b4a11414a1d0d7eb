import os
import subprocess
import sys

import pytest
from django.conf import settings
from django_tasks import TaskResultStatus

from secretariat.core.tasks import verify_audit_chain
from secretariat.registry import demo


@pytest.mark.django_db
def test_tasks_run_in_process_in_the_embedded_default():
    demo.seed()
    result = verify_audit_chain.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["ok"] is True and result.return_value["checked"] > 100


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.REDIS_URL, reason="runs in the PostgreSQL + Redis pass")
def test_tasks_go_through_redis_to_a_separate_rq_worker_process(settings):
    """The production path: enqueue into Redis, a worker process picks the job up."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    demo.seed()
    result = verify_audit_chain.enqueue()
    assert result.status == TaskResultStatus.READY
    database = settings.DATABASES["default"]
    env = {
        # Not PYTEST_XDIST_WORKER: REDIS_URL below is already this worker's own database.
        **{name: value for name, value in os.environ.items() if name != "PYTEST_XDIST_WORKER"},
        "DJANGO_SETTINGS_MODULE": "secretariat.config.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
    }
    worker = subprocess.run(
        [sys.executable, "-m", "secretariat.cli", "rqworker", "default", "--burst"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL, worker.stderr[-2000:]
    assert result.return_value["ok"] is True and result.return_value["checked"] > 100
