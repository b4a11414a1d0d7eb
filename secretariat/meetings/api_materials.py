"""A meeting's materials as one zip: request it, poll its status, then download it from
``download_url``."""

from django.http import HttpRequest
from ninja import Router

from secretariat.core.api_auth import write_auth
from secretariat.core.schemas import IdPath
from secretariat.registry.permissions import principal_for

from . import materials, permissions
from .schemas import MaterialsArchiveOut

router = Router(tags=["meetings"])


@router.post(
    "/meetings/{meeting_id}/materials",
    response={202: MaterialsArchiveOut},
    auth=write_auth,
    operation_id="request_materials_archive",
)
def request_materials_archive(request: HttpRequest, meeting_id: IdPath):
    """Queue a zip of the meeting's documents that *you* may see (one build at a time)."""
    meeting = permissions.access_meeting(request.user, meeting_id, need="materials")
    return 202, materials.request_archive(meeting=meeting, actor=request.user)


@router.get(
    "/materials/{archive_id}",
    response=MaterialsArchiveOut,
    operation_id="get_materials_archive",
)
def get_materials_archive(request: HttpRequest, archive_id: IdPath):
    return permissions.access_materials_archive(request.user, archive_id)


@router.get(
    "/materials/{archive_id}/file",
    response={200: str},
    operation_id="download_materials_archive",
    openapi_extra={
        "responses": {
            200: {
                "description": "The zip",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_materials_archive(request: HttpRequest, archive_id: IdPath):
    """The zip, once ready: 404 if it expired or a document in it is no longer yours to see."""
    archive = permissions.access_materials_archive(request.user, archive_id)
    materials.check_downloadable(archive, principal_for(request.user))
    return materials.file_response(archive)
