"""The notifications JSON API: each signed-in user reads and sets their own preferences."""

from django.http import HttpRequest
from ninja import Router

from secretariat.core.api_auth import write_auth

from . import permissions, services
from .schemas import PreferenceOut, PreferenceUpdate

router = Router(tags=["notifications"])


@router.get("/preferences", response=PreferenceOut, operation_id="get_notification_preferences")
def get_preferences(request: HttpRequest):
    return permissions.access_own_preference(request.user)


@router.put(
    "/preferences",
    response=PreferenceOut,
    auth=write_auth,
    operation_id="update_notification_preferences",
)
def update_preferences(request: HttpRequest, payload: PreferenceUpdate):
    permissions.access_own_preference(request.user)
    return services.update_preferences(
        user=request.user,
        actor=request.user,
        version=payload.version,
        receives=[topic.value for topic in payload.receives],
    )
