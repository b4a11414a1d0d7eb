from django.urls import path

from . import views, views_live, views_outputs

app_name = "negotiation"
urlpatterns = [
    path("", views.texts, name="texts"),
    path("<slug:slug>/", views.text, name="text"),
    path("<slug:slug>/map/", views.consensus_map, name="map"),
    path("<slug:slug>/map/events/", views_live.map_events, name="map_events"),
    path("<slug:slug>/map/rows/<str:eid>/", views_live.map_row, name="map_row"),
]

# Outputs: redlines and reservations.
urlpatterns += [
    path("<slug:slug>/redline/", views_outputs.redline_page, name="redline"),
    path("<slug:slug>/reservations/", views_outputs.reservations_page, name="reservations"),
    path(
        "<slug:slug>/reservations/<int:reservation_id>/withdraw/",
        views_outputs.withdraw_reservation,
        name="withdraw_reservation",
    ),
]
