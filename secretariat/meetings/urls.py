from django.urls import path

from . import views, views_agenda

app_name = "meetings"
urlpatterns = [
    path("", views.meetings, name="meetings"),
    path("<id:meeting_id>/", views.meeting, name="meeting"),
    path("<id:meeting_id>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("<id:meeting_id>/documents/new/", views.submit_document, name="submit_document"),
    path("<id:meeting_id>/history/", views.meeting_history, name="meeting_history"),
    path("<id:meeting_id>/proposals/", views_agenda.proposals, name="agenda_proposals"),
    path("proposals/<id:proposal_id>/accept/", views_agenda.accept, name="accept_proposal"),
    path("proposals/<id:proposal_id>/dismiss/", views_agenda.dismiss, name="dismiss_proposal"),
    path("series/", views.series_list, name="series_list"),
    path("series/<slug:slug>/", views.series, name="series"),
    path("series/<slug:slug>/calendar.ics", views.series_ics, name="series_ics"),
    path("series/<slug:slug>/next/", views.schedule_next, name="schedule_next"),
    path("fora/<slug:slug>/calendar.ics", views.forum_ics, name="forum_ics"),
    path("documents/<id:document_id>/", views.document, name="document"),
    path("documents/<id:document_id>/file/", views.document_file, name="document_file"),
    path("<id:meeting_id>/materials/", views.request_materials, name="request_materials"),
    path("materials/<id:archive_id>/", views.materials_status, name="materials"),
    path(
        "materials/<id:archive_id>/download/", views.materials_download, name="materials_download"
    ),
]
