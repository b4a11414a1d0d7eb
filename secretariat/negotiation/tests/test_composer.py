"""The version composer: the draft's services, the bracket notation, and its pages."""

import pytest

from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.core.models import AuditEntry
from secretariat.negotiation import composer, composer_layout, composer_markup
from secretariat.negotiation.models import Paragraph, Version, VersionDraft
from secretariat.testing.world import client_for

from .factories import make_text

COMPOSE = "/en/negotiation/statement/compose/"
HX = {"HTTP_HX_REQUEST": "true"}


def _start(world):  # type: ignore[no-untyped-def]
    text = make_text(world)
    return text, composer.start_draft(actor=world.users["chair"], text=text)


def _keys(draft) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["key"] for item in draft.paragraphs]


# The notation -----------------------------------------------------------------------------


def test_the_notation_round_trips_brackets_and_options():
    content = [
        {"text": "We will pursue research on "},
        {
            "options": [
                {"text": "AI compute", "holders": ["KR"]},
                {"text": "ISO/IEC", "holders": []},
            ]
        },
        {"text": " and "},
        {"bracket": "align frameworks", "holders": ["CN"]},
        {"text": "."},
    ]
    markup = composer_markup.to_markup(content)
    assert markup == "We will pursue research on [AI compute / ISO/IEC] and [align frameworks]."
    parsed = composer_markup.parse(markup)
    assert [span.field for span in composer_markup.spans(parsed)] == [
        "holders-1-1",
        "holders-1-2",
        "holders-2",
    ]
    kept = composer_markup.with_holders(parsed, {})
    assert kept[1]["options"][1] == {"text": "ISO/IEC", "holders": []}


@pytest.mark.parametrize(
    ("markup", "message", "near"),
    [
        ("We will [promote trustworthy AI.", "never closed", "[promote"),
        ("We will promote] AI.", "no opening bracket", "promote]"),
        ("We [will [promote]] AI.", "nested", "[will [promote"),
        ("We will [] AI.", "empty", "[]"),
        ("We [a /  / b] AI.", "option is empty", "[a /"),
    ],
)
def test_unreadable_notation_says_what_and_where(markup, message, near):
    with pytest.raises(composer_markup.MarkupError) as caught:
        composer_markup.parse(markup)
    assert message in caught.value.message and near in caught.value.excerpt


def test_holders_follow_the_words_when_a_bracket_is_typed_before_another():
    # The form showed one bracket "promote" held by US; the chair typed a new bracket first.
    parsed = composer_markup.parse("We [will] [promote] AI.")
    content = composer_markup.with_holders(parsed, {"holders-1": ("promote", ["US"])})
    assert content[1] == {"bracket": "will", "holders": []}
    assert content[3] == {"bracket": "promote", "holders": ["US"]}


def test_a_reworded_bracket_keeps_its_holders():
    parsed = composer_markup.parse("We will [foster] AI.")
    content = composer_markup.with_holders(parsed, {"holders-1": ("promote", ["US"])})
    assert content[1] == {"bracket": "foster", "holders": ["US"]}


# Services ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_starts_from_the_current_version_once_per_text(world):
    text, draft = _start(world)
    assert draft.base_version == text.current_version
    assert _keys(draft) == ["para_1", "para_2", "para_3"]
    assert draft.paragraphs[2]["content"][1] == {"bracket": "promote", "holders": ["US"]}
    again = composer.start_draft(actor=world.users["secretariat"], text=text)
    assert again.pk == draft.pk and VersionDraft.objects.count() == 1


@pytest.mark.django_db
def test_a_stale_draft_version_is_refused_and_nothing_is_lost(world):
    _text, draft = _start(world)
    composer_layout.renumber(actor=world.users["chair"], draft=draft, version=draft.version)
    saved = VersionDraft.objects.get().paragraphs
    with pytest.raises(Conflict):
        composer_layout.delete_paragraph(
            actor=world.users["secretariat"], draft=draft, version=1, key="para_1"
        )
    assert VersionDraft.objects.get().paragraphs == saved


@pytest.mark.django_db
def test_moves_swap_within_a_part_and_cross_into_the_next_part_at_its_edge(world):
    text = make_text(
        world,
        paragraphs=[
            {"part": "preamble", "num": "1", "content": [{"text": "Recalling."}]},
            {"part": "body", "num": "2", "content": [{"text": "First."}]},
            {"part": "body", "num": "3", "content": [{"text": "Second."}]},
        ],
    )
    draft = composer.start_draft(actor=world.users["chair"], text=text)
    draft = composer_layout.move_paragraph(
        actor=world.users["chair"], draft=draft, version=draft.version, key="para_2", direction="up"
    )
    assert _keys(draft) == ["recital_1", "para_2", "para_1"]
    draft = composer_layout.move_paragraph(
        actor=world.users["chair"], draft=draft, version=draft.version, key="para_2", direction="up"
    )
    assert _keys(draft) == ["recital_1", "para_2", "para_1"]
    assert draft.paragraphs[1]["part"] == "preamble"
    with pytest.raises(ValidationFailed):
        composer_layout.move_paragraph(
            actor=world.users["chair"],
            draft=draft,
            version=draft.version,
            key="recital_1",
            direction="up",
        )


@pytest.mark.django_db
def test_publishing_keeps_eids_gives_new_ones_and_keeps_the_first_number_as_wid(world):
    text, draft = _start(world)
    chair = world.users["chair"]
    draft = composer_layout.delete_paragraph(
        actor=chair, draft=draft, version=draft.version, key="para_2"
    )
    draft, key = composer_layout.add_paragraph(
        actor=chair, draft=draft, version=draft.version, after="para_3"
    )
    draft = composer.save_paragraph(
        actor=chair,
        draft=draft,
        version=draft.version,
        key=key,
        content=[{"text": "We will "}, {"bracket": "meet again", "holders": ["KR", "US"]}],
        heading="Next steps",
        num="",
        illustrative=False,
    )
    draft = composer_layout.move_paragraph(
        actor=chair, draft=draft, version=draft.version, key="para_3", direction="up"
    )
    draft = composer_layout.renumber(actor=chair, draft=draft, version=draft.version)
    assert [item["num"] for item in draft.paragraphs] == ["1", "2", "3"]
    version = composer.publish_draft(
        actor=chair, draft=draft, version=draft.version, kind="rolling_text", note="Second round."
    )
    assert version.number == 2 and version.note == "Second round."
    rows = list(Paragraph.objects.filter(version=version).select_related("provision"))
    assert [(p.provision.eid, p.num, p.wid) for p in rows] == [
        ("para_3", "1", "para_3"),
        ("para_1", "2", "para_1"),
        ("para_4", "3", "para_3"),
    ]
    assert rows[2].content[1] == {"bracket": "meet again", "holders": ["KR", "US"]}
    assert not VersionDraft.objects.exists()
    text.refresh_from_db()
    assert text.current_version == version


@pytest.mark.django_db
def test_a_paragraph_without_wording_stops_publication_and_is_named(world):
    _text, draft = _start(world)
    draft, key = composer_layout.add_paragraph(
        actor=world.users["chair"], draft=draft, version=draft.version, after=None, part="annex"
    )
    assert _keys(draft)[-1] == key and draft.paragraphs[-1]["part"] == "annex"
    with pytest.raises(ValidationFailed) as caught:
        composer.publish_draft(
            actor=world.users["chair"],
            draft=draft,
            version=draft.version,
            kind="chairs_text",
            note="",
        )
    assert set(caught.value.errors) == {key}
    assert Version.objects.count() == 1 and VersionDraft.objects.exists()


@pytest.mark.django_db
def test_holders_must_be_delegations_to_the_forum(world):
    _text, draft = _start(world)
    with pytest.raises(ValidationFailed) as caught:
        composer.save_paragraph(
            actor=world.users["chair"],
            draft=draft,
            version=draft.version,
            key="para_1",
            content=[{"bracket": "We met.", "holders": ["JP"]}],  # Japan is in forum B only
            heading="",
            num="1",
            illustrative=False,
        )
    assert "JP" in caught.value.detail and set(caught.value.errors) == {"para_1"}


@pytest.mark.django_db
def test_a_version_published_meanwhile_refuses_the_draft_and_keeps_it(world):
    from secretariat.negotiation import services

    text, draft = _start(world)
    services.publish_version(
        actor=world.users["secretariat"],
        text=text,
        kind="chairs_text",
        based_on=1,
        paragraphs=[{"content": [{"text": "Other."}]}],
    )
    with pytest.raises(Conflict):
        composer.publish_draft(
            actor=world.users["chair"],
            draft=draft,
            version=draft.version,
            kind="chairs_text",
            note="",
        )
    assert VersionDraft.objects.filter(pk=draft.pk).exists()
    page = client_for("chair", world).get(COMPOSE).content.decode()
    assert "Version 2 was published after this draft was started" in page


@pytest.mark.django_db
def test_the_preview_redlines_the_draft_against_its_base(world):
    _text, draft = _start(world)
    chair = world.users["chair"]
    draft = composer.save_paragraph(
        actor=chair,
        draft=draft,
        version=draft.version,
        key="para_2",
        content=[
            {"text": "We recognise the "},
            {"bracket": "great", "holders": ["KR"]},
            {"text": " potential of AI."},
        ],
        heading="",
        num="2",
        illustrative=False,
    )
    draft = composer_layout.move_paragraph(
        actor=chair, draft=draft, version=draft.version, key="para_3", direction="up"
    )
    result = composer.preview(draft)
    assert result.counts["changed"] == 1 and result.counts["moved"] == 1
    changed = next(row for row in result.rows if row.eid == "para_2")
    assert [p.text for p in changed.pieces if p.op == "insert"] == [" [great]", "KR"]


# Pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_chair_starts_edits_and_publishes_from_the_pages(world):
    make_text(world)
    chair = client_for("chair", world)
    assert "compose/" in chair.get("/en/negotiation/statement/").content.decode()
    assert "Start the draft" in chair.get(COMPOSE).content.decode()
    assert chair.post(COMPOSE + "start/").status_code == 302
    draft = VersionDraft.objects.get()
    editor = chair.get(COMPOSE + "paragraphs/para_3/", **HX).content.decode()
    assert "We will [promote] trustworthy AI." in editor
    assert 'name="span-holders-1" value="promote"' in editor
    response = chair.post(
        COMPOSE + "paragraphs/para_3/",
        {
            "version": draft.version,
            "markup": "We will [promote / foster] trustworthy AI.",
            "span-holders-1": "promote",
            "holders-1": ["US"],
            "num": "3",
        },
        **HX,
    )
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert response["X-Draft-Version"] == str(draft.version)
    # The words "promote" keep the holder they had as a bracket, now as an option.
    assert draft.paragraphs[2]["content"][1] == {
        "options": [{"text": "promote", "holders": ["US"]}, {"text": "foster", "holders": []}]
    }
    preview = chair.get(COMPOSE + "preview/").content.decode()
    assert "1 paragraph changed" in preview
    response = chair.post(
        COMPOSE + "publish/", {"version": draft.version, "kind": "rolling_text", "note": "R2"}
    )
    assert response.status_code == 302 and Version.objects.filter(number=2).exists()


@pytest.mark.django_db
def test_unreadable_wording_is_refused_beside_its_paragraph_and_kept(world):
    _text, draft = _start(world)
    chair = client_for("chair", world)
    response = chair.post(
        COMPOSE + "paragraphs/para_2/",
        {"version": draft.version, "markup": "We recognise [the potential of AI."},
        **HX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="para_2-markup-error"' in html and "never closed" in html
    assert 'aria-describedby="para_2-markup-help para_2-markup-error"' in html
    assert "We recognise [the potential of AI.</textarea>" in html
    assert VersionDraft.objects.get().version == draft.version


@pytest.mark.django_db
def test_a_stale_edit_answers_409_with_the_text_kept(world):
    _text, draft = _start(world)
    chair = client_for("chair", world)
    chair.post(COMPOSE + "renumber/", {"version": draft.version}, **HX)
    audit_before = AuditEntry.objects.count()
    response = chair.post(
        COMPOSE + "paragraphs/para_1/",
        {"version": draft.version, "markup": "My own wording."},
        **HX,
    )
    assert response.status_code == 409
    assert "My own wording.</textarea>" in response.content.decode()
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_the_holders_fragment_offers_the_forums_delegations_for_each_span(world):
    _text, _draft = _start(world)
    chair = client_for("chair", world)
    response = chair.post(
        COMPOSE + "paragraphs/para_1/holders/", {"markup": "We [met / gathered] in [Incheon]."}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset>") == 3
    assert 'value="KR"' in html and 'value="US"' in html and 'value="JP"' not in html


@pytest.mark.django_db
def test_delegates_and_other_fora_cannot_compose(world):
    _start(world)
    assert client_for("head_a", world).get(COMPOSE).status_code == 403
    assert client_for("head_c", world).get(COMPOSE).status_code == 404
    assert (
        client_for("head_a", world).post(COMPOSE + "renumber/", {"version": 1}).status_code == 403
    )
    assert VersionDraft.objects.get().version == 1


@pytest.mark.django_db
def test_a_section_moves_as_a_block_within_its_part(world):
    def para(eid, heading):  # type: ignore[no-untyped-def]
        return {"eid": eid, "num": eid[-1], "heading": heading, "content": [{"text": eid}]}

    text = make_text(
        world,
        paragraphs=[
            para("para_1", ""),
            para("para_2", "Skills"),
            para("para_3", "Skills"),
            para("para_4", "Connectivity"),
        ],
    )
    chair = world.users["chair"]
    draft = composer.start_draft(actor=chair, text=text)
    draft = composer_layout.move_section(
        actor=chair, draft=draft, version=draft.version, key="para_4", direction="up"
    )
    assert _keys(draft) == ["para_1", "para_4", "para_2", "para_3"]
    with pytest.raises(ValidationFailed):  # para_1 has no heading: not a section
        composer_layout.move_section(
            actor=chair, draft=draft, version=draft.version, key="para_1", direction="down"
        )
    # Moving a paragraph past the edge of its section takes it into the next section instead.
    draft = composer_layout.move_paragraph(
        actor=chair, draft=draft, version=draft.version, key="para_4", direction="down"
    )
    assert _keys(draft)[1] == "para_4" and draft.paragraphs[1]["heading"] == "Skills"


@pytest.mark.django_db
def test_a_new_section_heading_redraws_the_list_with_the_section(world):
    _text, draft = _start(world)
    chair = client_for("chair", world)
    response = chair.post(
        COMPOSE + "paragraphs/para_2/",
        {
            "version": draft.version,
            "markup": "We recognise AI.",
            "heading": "Innovation",
            "num": "2",
        },
        **HX,
    )
    assert response["HX-Retarget"] == "#paragraphs"
    html = response.content.decode()
    assert "<h3>Innovation</h3>" in html and 'id="para_2-section-up"' in html
    assert 'id="para_2-edit"' in html and "autofocus" in html


@pytest.mark.django_db
def test_the_composer_speaks_korean(world):
    _start(world)
    page = client_for("chair", world).get("/ko/negotiation/statement/compose/?edit=para_3")
    html = page.content.decode()
    assert "버전 2 작성" in html and "괄호 1 “promote”: 제기 회원경제체" in html


@pytest.mark.django_db
def test_a_refused_move_is_said_beside_its_paragraph(world):
    _text, draft = _start(world)
    chair = client_for("chair", world)
    response = chair.post(
        COMPOSE + "move/", {"version": draft.version, "key": "para_1", "direction": "up"}, **HX
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="para_1-errors"' in html and "already the first" in html
    assert 'aria-describedby="para_1-errors"' in html and "Not done:" in html
