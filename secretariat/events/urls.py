from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.events, name="events"),
    path("forums/<id:meeting_id>/", views.forum, name="forum"),
    path("forums/<id:meeting_id>/speakers/new/", views.add_speaker, name="add_speaker"),
    path("exhibitions/<id:meeting_id>/", views.exhibition, name="exhibition"),
    path("exhibitors/<id:exhibitor_id>/", views.exhibitor, name="exhibitor"),
    path("exhibitors/<id:exhibitor_id>/edit/", views.edit_exhibitor, name="edit_exhibitor"),
    path(
        "exhibitors/<id:exhibitor_id>/contact/", views.contact_exhibitor, name="contact_exhibitor"
    ),
    path("contact-requests/", views.contact_requests, name="contact_requests"),
    path(
        "contact-requests/<id:request_id>/close/",
        views.close_contact_request,
        name="close_contact_request",
    ),
]
