from django.urls import path

from . import views, views_actions, views_live, views_outputs, views_record

app_name = "negotiation"
urlpatterns = [
    path("", views.texts, name="texts"),
    path("<slug:slug>/", views.text, name="text"),
    path("<slug:slug>/map/", views.consensus_map, name="map"),
    path("<slug:slug>/map/events/", views_live.map_events, name="map_events"),
    path("<slug:slug>/map/rows/<str:eid>/", views_live.map_row, name="map_row"),
    path("<slug:slug>/paragraphs/<str:eid>/", views_actions.paragraph, name="paragraph"),
    path("<slug:slug>/positions/<str:eid>/", views_actions.state_position, name="state_position"),
    path("<slug:slug>/amendments/", views_actions.amendments, name="amendments"),
    path("<slug:slug>/amendments/new/", views_actions.propose_amendment, name="propose_amendment"),
    path(
        "<slug:slug>/amendments/<id:amendment_id>/state/",
        views_actions.move_amendment,
        name="move_amendment",
    ),
    path("<slug:slug>/silence/", views_actions.start_silence, name="start_silence"),
    path("<slug:slug>/silence/break/", views_actions.break_silence, name="break_silence"),
    path("<slug:slug>/silence/withdraw/", views_actions.withdraw_silence, name="withdraw_silence"),
    path("<slug:slug>/adopt/", views_actions.adopt_text, name="adopt"),
    path(
        "<slug:slug>/chairs-statement/",
        views_actions.issue_as_chairs_statement,
        name="chairs_statement",
    ),
    path("<slug:slug>/report/", views_actions.report, name="report"),
]

# Outputs: redlines and reservations.
urlpatterns += [
    path("<slug:slug>/redline/", views_outputs.redline_page, name="redline"),
    path("<slug:slug>/reservations/", views_outputs.reservations_page, name="reservations"),
    path(
        "<slug:slug>/reservations/<id:reservation_id>/withdraw/",
        views_outputs.withdraw_reservation,
        name="withdraw_reservation",
    ),
]

# The negotiating record's derestriction (ADR 0020).
urlpatterns += [
    path(
        "<slug:slug>/record/derestrict/",
        views_record.derestrict_record,
        name="derestrict_record",
    ),
]
