from django.urls import path

from . import (
    views,
    views_actions,
    views_composer,
    views_composer_layout,
    views_import,
    views_live,
    views_outputs,
    views_record,
)

app_name = "negotiation"
urlpatterns = [
    path("", views.texts, name="texts"),
    # Two segments, so no text's slug can take these addresses.
    path("import/word/", views_import.import_draft, name="import_draft"),
    path("import/word/confirm/", views_import.confirm_import, name="confirm_import"),
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
    path("<slug:slug>/outstanding/", views.outstanding, name="outstanding"),
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

# The version composer (chair and secretariat): the working draft of the next version.
urlpatterns += [
    path("<slug:slug>/compose/", views_composer.compose, name="compose"),
    path("<slug:slug>/compose/start/", views_composer.start, name="compose_start"),
    path(
        "<slug:slug>/compose/paragraphs/<str:key>/",
        views_composer.paragraph,
        name="compose_paragraph",
    ),
    path(
        "<slug:slug>/compose/paragraphs/<str:key>/holders/",
        views_composer.holders,
        name="compose_holders",
    ),
    path("<slug:slug>/compose/add/", views_composer_layout.add, name="compose_add"),
    path("<slug:slug>/compose/delete/", views_composer_layout.delete, name="compose_delete"),
    path("<slug:slug>/compose/move/", views_composer_layout.move, name="compose_move"),
    path("<slug:slug>/compose/renumber/", views_composer_layout.renumber, name="compose_renumber"),
    path("<slug:slug>/compose/preview/", views_composer.preview, name="compose_preview"),
    path("<slug:slug>/compose/publish/", views_composer.publish, name="compose_publish"),
    path("<slug:slug>/compose/discard/", views_composer.discard, name="compose_discard"),
]

# The negotiating record's derestriction (ADR 0020).
urlpatterns += [
    path(
        "<slug:slug>/record/derestrict/",
        views_record.derestrict_record,
        name="derestrict_record",
    ),
]
