import os

from django.conf import settings
from django.core.asgi import get_asgi_application

from secretariat.core.admission import AdmissionGate

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secretariat.config.settings.base")
application = get_asgi_application()

# With psycopg's pool (production), no more requests inside Django than it has connections:
# the others wait in the event loop instead of timing out on the pool (core/admission.py).
_pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
if isinstance(_pool, dict) and _pool.get("max_size"):
    application = AdmissionGate(application, int(_pool["max_size"]))  # type: ignore[assignment]
