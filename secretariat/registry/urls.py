from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("economies/", views.economies, name="economies"),
    path("economies/<str:code>/", views.economy, name="economy"),
    path("economies/<str:code>/history/", views.economy_history, name="economy_history"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path(
        "organisations/<slug:slug>/history/",
        views.organisation_history,
        name="organisation_history",
    ),
    path("fora/", views.fora, name="fora"),
    path("fora/<slug:slug>/", views.forum, name="forum"),
    path("fora/<slug:slug>/history/", views.forum_history, name="forum_history"),
    path("people/", views.people, name="people"),
    path("people/<id:person_id>/", views.person, name="person"),
    path("people/<id:person_id>/history/", views.person_history, name="person_history"),
    path("delegations/<id:delegation_id>/", views.delegation, name="delegation"),
    path(
        "delegations/<id:delegation_id>/history/",
        views.delegation_history,
        name="delegation_history",
    ),
    path("delegations/<id:delegation_id>/accredit/", views.accredit, name="accredit"),
    path("delegations/<id:delegation_id>/notes/", views.add_note, name="add_note"),
    path("notes/<id:note_id>/edit/", views.edit_note, name="edit_note"),
    path("notes/<id:note_id>/delete/", views.delete_note, name="delete_note"),
    path("roles/<id:role_id>/remove/", views.remove_role, name="remove_role"),
]
