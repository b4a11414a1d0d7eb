"""Process time per rendering of a page extending the frame: the template the frame was
(``core/tests/templates/base_before.html``) against ``base.html`` written in Python
(``core/site_frame.py``), interleaved, with a ``RequestFactory`` request and the context
processors (the principal's read stubbed out: the frame alone). ADR 0019, frame15.

    PYTHONPATH=. python scripts/measure_site_frame.py [--signed]
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secretariat.config.settings.test")
import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
# The old template kept its fixed parts in a cache of the process's own memory.
settings.CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import resolve  # noqa: E402
from django.utils import translation  # noqa: E402

import secretariat.registry.context_processors as registry_processors  # noqa: E402

RENDERS = int(os.environ.get("N", "3000"))
engine = engines["django"]
before = engine.from_string((Path("secretariat/core/tests/templates/base_before.html")).read_text())
after = engine.engine.get_template("base.html")
page = engine.from_string("{% extends frame %}{% block content %}<p>hello</p>{% endblock %}")
token_only = engine.from_string("{{ csrf_token }}<p>hello</p>")
registry_processors.principal_for = lambda user: None  # type: ignore[assignment,return-value]


class SignedIn:
    pk = None
    is_authenticated = True

    def get_username(self) -> str:
        return "delegate"


def request() -> Any:
    made = RequestFactory().get("/en/meetings/?q=x")
    made.user = SignedIn() if "--signed" in sys.argv else AnonymousUser()
    made.resolver_match = resolve("/en/meetings/")
    return made


def per_render(template: Any, context: dict[str, Any]) -> float:
    requests = [request() for _ in range(RENDERS)]
    started = time.process_time()
    for each in requests:
        template.render(context, each)
    return (time.process_time() - started) / RENDERS * 1000


with translation.override("en"):
    page.render({"frame": before}, request())
    page.render({"frame": after}, request())
    for name, frame in (("before", before), ("after", after)) * 2:
        print(f"{name}: {per_render(page, {'frame': frame}):.3f} ms CPU per render")
    print(f"no frame, a masked token only: {per_render(token_only, {}):.3f} ms CPU per render")
    for name, frame in (("before", before), ("after", after)):
        profile = cProfile.Profile()
        requests = [request() for _ in range(500)]
        profile.enable()
        for each in requests:
            page.render({"frame": frame}, each)
        profile.disable()
        print(f"{name}: {pstats.Stats(profile).total_calls / 500:.0f} Python calls per render")
