"""The one JSON API: ``/api/``, OpenAPI at ``/api/openapi.json``, docs at ``/api/docs``."""

from secretariat.accounts.api import router as accounts_router
from secretariat.comments.api import router as comments_router
from secretariat.commitments.api import router as commitments_router
from secretariat.core.api_auth import read_auth
from secretariat.core.api_errors import install_problem_handlers
from secretariat.core.api_schema import SecretariatAPI
from secretariat.core.text_input import StorableJsonParser
from secretariat.events.api import router as events_router
from secretariat.liaisons.api import router as liaisons_router
from secretariat.meetings.api import router as meetings_router
from secretariat.meetings.api_agenda import router as meetings_agenda_router
from secretariat.meetings.api_materials import router as meetings_materials_router
from secretariat.minutes.api import router as minutes_router
from secretariat.negotiation.api import router as negotiation_router
from secretariat.negotiation.api_import import router as negotiation_import_router
from secretariat.negotiation.api_outputs import router as negotiation_outputs_router
from secretariat.negotiation.api_record import router as negotiation_record_router
from secretariat.news.api import router as news_router
from secretariat.notifications.api import router as notifications_router
from secretariat.outcomes.api import router as outcomes_router
from secretariat.projects.api import router as projects_router
from secretariat.registrations.api import router as registrations_router
from secretariat.registry.api import router as registry_router

api = SecretariatAPI(
    title="Secretariat API",
    version="1",
    description=(
        "The JSON API of Secretariat. Reads are open to whoever may see the object; writes need "
        "a session with a CSRF token or an API token with the `write` scope. Errors are RFC 7807 "
        "`application/problem+json`. Updates carry the `version` they were based on; a stale one "
        "gets 409 with the current state."
    ),
    auth=read_auth,
    parser=StorableJsonParser(),
    urls_namespace="api",
)
install_problem_handlers(api)
api.add_router("/registry", registry_router)
api.add_router("/accounts", accounts_router)
api.add_router("/meetings", meetings_router)
api.add_router("/meetings", meetings_materials_router)
api.add_router("/meetings", meetings_agenda_router)
api.add_router("/negotiation", negotiation_router)
api.add_router("/negotiation", negotiation_outputs_router)
api.add_router("/negotiation", negotiation_record_router)
api.add_router("/negotiation", negotiation_import_router)
api.add_router("/registrations", registrations_router)
api.add_router("/minutes", minutes_router)
api.add_router("/events", events_router)
api.add_router("/notifications", notifications_router)
api.add_router("/news", news_router)
api.add_router("/outcomes", outcomes_router)
api.add_router("/comments", comments_router)
api.add_router("/liaisons", liaisons_router)
api.add_router("/commitments", commitments_router)
api.add_router("/projects", projects_router)
