"""The pages through real URLs: the figures of the page, the API and the CSV are the same;
report drafting and submission; the CSV import's line numbers; constant queries."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.commitments import page, services
from secretariat.commitments.choices import CommitmentState, Stage
from secretariat.commitments.models import Commitment, ImplementationReport, Score
from secretariat.commitments.suggest import wording_hash
from secretariat.core.i18n import translations
from secretariat.testing.world import client_for

from .factories import confirmed_commitments, cycle, statement


@pytest.fixture
def setup(world):  # type: ignore[no-untyped-def]
    text = statement(world)
    return confirmed_commitments(world, text), cycle("2025")


def _score(world, commitment, the_cycle, economy, value, stage=Stage.FINAL):  # type: ignore[no-untyped-def]
    return services.record_score(
        actor=world.users["secretariat"],
        commitment=commitment,
        economy=economy,
        cycle=the_cycle,
        stage=stage,
        value=value,
        justification="See the report.",
    )


def _fill_scores(world, commitments, the_cycle):  # type: ignore[no-untyped-def]
    economies = [world.economy_a, world.economy_b, world.economy_c]
    for i, commitment in enumerate(commitments):
        for j, economy in enumerate(economies):
            if (i + j) % 4:  # some missing
                _score(world, commitment, the_cycle, economy, ((i * 3 + j) % 3) - 1)


def _economy_averages(html):  # type: ignore[no-untyped-def]
    """Each heat map row's last cell (the economy's average), by economy code."""
    return {
        code: average.strip()
        for code, average in re.findall(
            r'<tr><th scope="row">([A-Z]+)</th><td id="s-.*?<td>([^<]*)</td></tr>', html
        )
    }


def test_the_page_the_api_and_the_csv_show_the_same_figures(world, setup, monkeypatch):
    # Two commitments a page: the cells of each page are the API's for its commitments, and
    # every page shows the averages over all of them.
    monkeypatch.setattr(page, "COLUMNS_PER_PAGE", 2)
    commitments, the_cycle = setup
    _fill_scores(world, commitments, the_cycle)
    _score(world, commitments[0], the_cycle, world.economy_b, 1)  # a re-score
    services.publish_cycle(actor=world.users["secretariat"], cycle=the_cycle)
    client = client_for("anonymous", world)
    query = f"?cycle={the_cycle.pk}&stage=final"
    api = json.loads(client.get("/api/commitments/heat-map" + query).content)
    rows = list(
        csv.reader(io.StringIO(client.get("/en/commitments/heat-map.csv" + query).content.decode()))
    )
    pages = [
        client.get(f"/en/commitments/heat-map/{query}&page={number}").content.decode()
        for number in (1, 2)
    ]
    from_csv = {
        (r[0], r[1] or r[2] or r[3]): (r[4], r[5], r[6]) for r in rows[1:] if r[0] != "cell"
    }

    def shown(figure):  # type: ignore[no-untyped-def]
        if figure["count"] == 0:
            return ("", "", "0")
        return (f"{figure['score']:.2f}", str(figure["percent"]), str(figure["count"]))

    def written(figure):  # type: ignore[no-untyped-def]
        sign = "+" if figure["score"] > 0 else ""
        return f"{sign}{figure['score']:.2f} ({figure['percent']}%, n={figure['count']})"

    assert len(api["commitments"]) == len(commitments) == 3  # all, not a page
    assert from_csv[("overall", "")] == shown(api["overall"])
    for item in api["by_economy"]:
        assert from_csv[("economy", item["key"])] == shown(item)
    for item in api["by_commitment"]:
        assert from_csv[("commitment", item["key"])] == shown(item)
    for item in api["by_theme"]:
        assert from_csv[("theme", item["key"])] == shown(item)
    cells = {(c["economy"], c["commitment"]): c["value"] for c in api["cells"]}
    assert cells == {(r[1], int(r[2])): int(r[4]) for r in rows[1:] if r[0] == "cell"}
    on_page = [api["commitments"][:2], api["commitments"][2:]]
    averages = {item["key"]: written(item) for item in api["by_economy"] if item["count"]}
    assert len(averages) == 3
    for html, shown_ids in zip(pages, on_page, strict=True):
        for (code, commitment_id), value in cells.items():
            needle = f'id="s-{code}-{commitment_id}" data-score="{value}"'
            assert (needle in html) == (commitment_id in shown_ids), (needle, shown_ids)
        assert {k: v for k, v in _economy_averages(html).items() if k in averages} == averages
        for item in api["by_theme"]:
            if item["count"]:
                assert written(item) in html
        eids = {str(c.pk): c.eid for c in commitments}
        for item in api["by_commitment"]:
            if item["count"]:
                row = f'<tr><th scope="row">{eids[item["key"]]}</th><td>{written(item)}'
                assert (row in html) == (int(item["key"]) in shown_ids)
        overall = api["overall"]
        assert f"{overall['score']:+.2f} ({overall['percent']}%, n={overall['count']})" in html


def test_the_heat_map_pages_its_commitments_keeping_the_filters(world, setup, monkeypatch):
    monkeypatch.setattr(page, "COLUMNS_PER_PAGE", 2)
    commitments, the_cycle = setup
    theme = commitments[0].theme_id
    client = client_for("anonymous", world)
    base = f"/en/commitments/heat-map/?cycle={the_cycle.pk}&stage=interim"
    first = client.get(base).content.decode()
    assert '<p id="heat-shown">Commitments 1–2 of 3</p>' in first
    assert f'<a href="?cycle={the_cycle.pk}&amp;stage=interim&amp;page=2">Next</a>' in first
    assert "cover all 3 commitments matching the filters" in first
    assert f'href="/en/commitments/heat-map.csv?cycle={the_cycle.pk}&amp;stage=interim"' in first
    korean = client.get(base.replace("/en/", "/ko/")).content.decode()
    assert "공약 3개 중 1–2번째" in korean and "공약 3개 전체를 대상으로" in korean
    second = client.get(base + "&page=2").content.decode()
    assert '<p id="heat-shown">Commitments 3–3 of 3</p>' in second
    assert f'<a href="?cycle={the_cycle.pk}&amp;stage=interim&amp;page=1">Previous</a>' in second
    assert f'id="s-KR-{commitments[2].pk}"' in second
    assert f'id="s-KR-{commitments[0].pk}"' not in second
    # An interim score on the second page: its economy sees it there, the public does not.
    _score(world, commitments[2], the_cycle, world.economy_a, 1, Stage.INTERIM)
    cell = f'id="s-KR-{commitments[2].pk}" data-score="1"'
    assert cell not in client.get(base + "&page=2").content.decode()
    assert cell in client_for("delegate_a", world).get(base + "&page=2").content.decode()
    # Not a page number: the first page; past the end: the last; never a 500.
    assert "Commitments 1–2 of 3" in client.get(base + "&page=x%C2%B2").content.decode()
    assert "Commitments 3–3 of 3" in client.get(base + "&page=99").content.decode()
    # The theme filter narrows the columns, then the pages: one page, no page links.
    one_theme = client.get(f"{base}&theme={theme}&page=2").content.decode()
    in_theme = [c for c in commitments if c.theme_id == theme]
    assert f"Commitments 1–{len(in_theme)} of {len(in_theme)}" in one_theme
    assert 'class="pagination"' not in one_theme and "cover all" not in one_theme


def test_the_charts_are_accessible_svg_with_a_table_beside(world, setup):
    html = client_for("anonymous", world).get("/en/commitments/heat-map/").content.decode()
    assert html.count('role="img"') == 2
    assert '<title id="heat-title">' in html and '<desc id="progress-desc">' in html
    assert '<table id="heat-table">' in html


def test_a_delegate_drafts_and_the_head_submits_through_the_pages(world, setup):
    commitments, the_cycle = setup
    url = f"/en/commitments/{commitments[0].pk}/reports/{the_cycle.pk}/KR/"
    delegate = client_for("delegate_a", world)
    response = delegate.post(url, {"body": "Done.", "evidence_links": "ftp://nope"})
    assert response.status_code == 422 and not ImplementationReport.objects.exists()
    assert (
        delegate.post(url, {"body": "Done.", "evidence_links": "https://example.org"}).status_code
        == 302
    )
    report = ImplementationReport.objects.get()
    page = delegate.get(url).content.decode()
    assert "Submit the report" not in page  # a delegate may not submit
    head = client_for("head_a", world)
    assert "Submit the report" in head.get(url).content.decode()
    head.post(f"/en/commitments/reports/{report.pk}/submit/", {"version": report.version})
    report.refresh_from_db()
    assert report.submitted_at is not None and report.submitted_by == world.users["head_a"]


def test_the_import_page_names_the_bad_line_and_imports_nothing(world, setup):
    commitments, the_cycle = setup
    body = (
        "commitment,economy,cycle,stage,value,justification\n"
        f"{commitments[0].pk},KR,{the_cycle.pk},final,1,p. 2\n"
        f"{commitments[0].pk},US,{the_cycle.pk},final,5,p. 3\n"
    )
    response = client_for("secretariat", world).post(
        "/en/commitments/scores/import/", {"csv": body}
    )
    assert response.status_code == 422
    assert "line 3" in response.content.decode() and not Score.objects.exists()


def _more_commitments(world, text, n):  # type: ignore[no-untyped-def]
    made = []
    for i in range(n):
        wording = f"We will do thing {i}."
        made.append(
            Commitment.objects.create(
                text=text,
                source_version=text.current_version,
                eid=f"extra_{Commitment.objects.count()}_{i}",
                wording=wording,
                wording_hash=wording_hash(wording),
                title=translations("en", en=wording),
                state=CommitmentState.CONFIRMED,
                theme=text.themes.first(),
            )
        )
    return made


def _count(client, url):  # type: ignore[no-untyped-def]
    client.get(url)  # session and caches warm
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", ["anonymous", "delegate_a", "secretariat"])
def test_heat_map_index_and_detail_queries_do_not_grow(world, setup, role):
    commitments, the_cycle = setup
    text = commitments[0].text
    _fill_scores(world, commitments, the_cycle)
    client = client_for(role, world)
    detail = f"/en/commitments/{commitments[0].pk}/"
    urls = [
        "/en/commitments/heat-map/?stage=interim",
        "/en/commitments/heat-map/",
        "/en/commitments/",
        detail,
    ]
    small = [_count(client, url) for url in urls]
    later = cycle("2026")
    more = _more_commitments(world, text, 12)
    _fill_scores(world, commitments + more, later)
    _fill_scores(world, more, the_cycle)
    for economy in (world.economy_a, world.economy_b):
        services.save_report(
            actor=world.users["head_a" if economy == world.economy_a else "head_b"],
            commitment=commitments[0],
            economy=economy,
            cycle=later,
            body="x",
            evidence_links=[],
        )
    large = [_count(client, url) for url in urls]
    assert small == large


def test_the_text_page_links_each_paragraph_to_its_commitments(world, setup):
    commitments, _cycle = setup
    text = commitments[0].text
    html = client_for("delegate_a", world).get(f"/en/negotiation/{text.slug}/").content.decode()
    for commitment in commitments:
        assert f'Commitment: <a href="/en/commitments/{commitment.pk}/">' in html
        assert f'<dt><a href="#{commitment.eid}">{commitment.eid}</a></dt>' in html


@pytest.mark.django_db
def test_the_prepared_paragraph_commitments_are_the_visible_confirmed_ones(world, setup):
    """The text page's read of the commitments per paragraph (prepared once per process)
    gives what ``commitments_visible_to`` gives, confirmed ones only, for every reader; a
    restricted text's commitments only to its forum and the secretariat."""
    from django.contrib.auth.models import AnonymousUser

    from secretariat.commitments import selectors
    from secretariat.commitments.paragraph_links import paragraph_commitments
    from secretariat.core.i18n import resolve
    from secretariat.registry.permissions import principal_for

    commitments, _cycle = setup
    Commitment.objects.filter(pk=commitments[-1].pk).update(state=CommitmentState.SUGGESTED)
    restricted = statement(world, "restricted-statement", published=False, forum=world.other_forum)
    confirmed_commitments(world, restricted)
    readers = [AnonymousUser(), *(world.users[name] for name in
               ("reader", "delegate_a", "head_b", "secretariat"))]  # fmt: skip
    for text in (commitments[0].text, restricted):
        for user in readers:
            principal = principal_for(user)
            expected = [
                (c.eid, f"/en/commitments/{c.pk}/", resolve(c.title).text)
                for c in selectors.commitments_visible_to(principal)
                .filter(text=text, state=CommitmentState.CONFIRMED)
                .order_by("pk")
            ]
            found = [(link.eid, link.url, link.label) for link in
                     paragraph_commitments(text, principal)]  # fmt: skip
            assert found == expected
    secretariat = principal_for(world.users["secretariat"])
    assert paragraph_commitments(restricted, secretariat)
    assert not paragraph_commitments(restricted, principal_for(world.users["delegate_a"]))


def test_the_report_page_links_its_evidence_documents(world, setup):
    from secretariat.meetings.tests.factories import DocumentFactory

    commitments, the_cycle = setup
    document = DocumentFactory(number="2030/DAIB/008")
    url = f"/en/commitments/{commitments[0].pk}/reports/{the_cycle.pk}/KR/"
    client = client_for("head_a", world)
    client.post(url, {"body": "Done.", "evidence_documents": document.number})
    report = ImplementationReport.objects.get()
    client.post(f"/en/commitments/reports/{report.pk}/submit/", {"version": report.version})
    html = client.get(url).content.decode()
    assert f'href="/en/meetings/documents/{document.pk}/"' in html


_THEME_LOOP = (
    '{% load secretariat %}{% for t, figure in by_theme %}<tr><th scope="row">{{ t.name|tr }}'
    '</th><td>{% include "commitments/_figure.html" %}</td></tr>{% endfor %}'
)
_PROGRESS_LOOP = (
    '{% for cycle, figure in points %}<tr><th scope="row">{{ cycle.name }}</th><td>'
    '{% include "commitments/_figure.html" %}</td></tr>{% endfor %}'
)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_theme_and_progress_rows_are_what_the_template_loops_wrote(language):
    """Written in Python for speed, the rows must stay what the template wrote: names
    escaped, a fallback's language marked, each figure as ``_figure.html`` shows it."""
    from django.template import Context, Template
    from django.utils import translation

    from secretariat.commitments.figures import NOTHING, Figure
    from secretariat.commitments.models import Cycle, Theme

    themes = [
        (Theme(name=translations("en", en='Trade <b> & "tariffs"')), Figure(3, 4)),
        (Theme(name=translations("fr", fr="Thème <i>'x'</i>")), None),
        (Theme(name=translations("en", en="Digital")), NOTHING),
        (Theme(name=translations("en", en="Energy")), Figure(-2, 5)),
    ]
    points = [
        (Cycle(name="2025 <&> 'one'"), Figure(1, 3)),
        (Cycle(name="2026"), NOTHING),
        (Cycle(name="2027"), Figure(-7, 7)),
    ]
    with translation.override(language):
        assert page.theme_rows(themes) == Template(_THEME_LOOP).render(
            Context({"by_theme": themes})
        )
        assert page.progress_rows(points) == Template(_PROGRESS_LOOP).render(
            Context({"points": points})
        )


# The filters' form as the heat map's template wrote it before ``page.filter_form``.
_FILTER_FORM = """{% load i18n secretariat %}<form method="get" class="filters">
  <label for="f-cycle">{% translate "Cycle" %}</label>
  <select id="f-cycle" name="cycle">{% for c in cycles %}<option value="{{ c.pk }}"{% if heat.cycle and c.pk == heat.cycle.pk %} selected{% endif %}>{{ c.name }}</option>{% endfor %}</select>
  <label for="f-stage">{% translate "Stage" %}</label>
  <select id="f-stage" name="stage"><option value="final"{% if heat.stage == "final" %} selected{% endif %}>{% translate "final" %}</option><option value="interim"{% if heat.stage == "interim" %} selected{% endif %}>{% translate "interim" %}</option></select>
  <label for="f-theme">{% translate "Theme" %}</label>
  <select id="f-theme" name="theme"><option value="">{% translate "All themes" %}</option>{% for t in themes %}<option value="{{ t.pk }}"{% if t.pk == theme_id %} selected{% endif %}>{{ t.name|tr }}</option>{% endfor %}</select>
  <button type="submit">{% translate "Show" %}</button>
  <a href="{% url 'commitments:heat_map_csv' %}?{{ query }}">{% translate "Every figure as CSV" %}</a>
</form>"""  # noqa: E501 - the template's lines as they were


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("stage", [Stage.FINAL, Stage.INTERIM])
@pytest.mark.parametrize("shown", [0, 1, None])
def test_the_filter_form_is_what_the_template_wrote(language, stage, shown):
    """Written in Python for speed, the form must stay what the template wrote: the shown
    cycle, stage and theme selected, names escaped, a fallback's language marked."""
    from django.template import Context, Template
    from django.utils import translation

    from secretariat.commitments.models import Cycle, Theme
    from secretariat.commitments.selectors import HeatMap

    cycles = [Cycle(pk=7, name="2025 <&> 'one'"), Cycle(pk=12345, name="2026")]
    themes = [
        Theme(pk=3, name=translations("en", en='Trade <b> & "tariffs"')),
        Theme(pk=4, name=translations("fr", fr="Thème <i>'x'</i>")),
        Theme(pk=5, name=translations("ko", ko="디지털", en="Digital")),
    ]
    the_cycle = None if shown is None else cycles[shown]
    heat = HeatMap(the_cycle, stage, [], [], [], {}, {})
    for theme_id, query in [(None, ""), (4, "cycle=7&stage=final&theme=4&x=%3C%22%3E")]:
        with translation.override(language):
            written = page.filter_form(cycles, heat, themes, theme_id, query)
            assert written == Template(_FILTER_FORM).render(
                Context(
                    {
                        "cycles": cycles,
                        "heat": heat,
                        "themes": themes,
                        "theme_id": theme_id,
                        "query": query,
                    }
                )
            )


@pytest.mark.parametrize("grouped", [False, True])
def test_a_figure_is_what_the_figure_template_wrote_in_every_language(grouped, settings):
    """``page.figure_html`` writes the figures' numbers itself (``page.figure_numbers``),
    not through ``localize``: in every language (Spanish writes a decimal comma), with and
    without thousands grouped, it writes what ``_figure.html`` does, "-0.00" included."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from secretariat.commitments.figures import NOTHING, Figure

    settings.USE_THOUSAND_SEPARATOR = grouped
    shown = [None, NOTHING, Figure(0, 0)]
    shown += [
        Figure(total, count) for count in (1, 3, 7, 300) for total in range(-count, count + 1)
    ]
    shown += [Figure(-1, 201), Figure(1, 201), Figure(4_199, 4_200), Figure(-123_456, 1_234_567)]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            number = page.figure_numbers()
            for figure in shown:
                expected = render_to_string("commitments/_figure.html", {"figure": figure})
                assert page.figure_html(figure) == expected, (language, figure)
                assert page.figure_html(figure, number) == expected, (language, figure)
    assert "-0.00" in page.figure_html(Figure(-1, 201))


# The heat map's content as its template wrote it before ``page.heat_map_top`` and
# ``page.heat_map_tables`` (the secretariat's publishing forms stay in the template).
_HEAT_MAP_CONTENT = """{% load i18n %}
<h1>{% translate "Compliance heat map" %}</h1>
{{ filter_form }}
<p>{% translate "Key: + full compliance (+1), ○ partial (0), − no compliance (−1), · no score, blank: not bound." %}
{% if heat.cycle and not heat.cycle.final_published_at %}<strong>{% translate "Not published: restricted." %}</strong>{% endif %}</p>
<p>{% translate "Overall" %}: <span id="overall">{{ overall_html }}</span></p>
{% if shown %}<p id="heat-shown">{{ shown }}</p>{% endif %}
{% include "registry/_pagination.html" %}
<div class="chart-with-table">
{{ heat_svg }}
<table id="heat-table">
  <caption>{% translate "Scores by economy and commitment" %}{% if page.paginator.num_pages > 1 %} — {{ shown }}. {% blocktranslate with total=page.paginator.count %}The averages per economy, per theme and overall cover all {{ total }} commitments matching the filters, on every page.{% endblocktranslate %}{% endif %}</caption>
  <thead><tr><th scope="col">{% translate "Economy" %}</th>{{ heat_head }}<th scope="col">{% translate "Average" %}</th></tr></thead>
  <tbody>
  {{ heat_rows }}
  </tbody>
</table>
</div>
<h2>{% translate "Averages per commitment" %}</h2>
<table><caption>{% translate "Averages per commitment" %}{% if page.paginator.num_pages > 1 %} — {{ shown }}{% endif %}</caption>
<thead><tr><th scope="col">{% translate "Commitment" %}</th><th scope="col">{% translate "Average" %}</th></tr></thead>
<tbody>{{ commitment_rows }}</tbody></table>
<h2>{% translate "Averages per theme" %}</h2>
<table><caption>{% translate "Averages per theme" %}</caption>
<thead><tr><th scope="col">{% translate "Theme" %}</th><th scope="col">{% translate "Average" %}</th></tr></thead>
<tbody>{{ theme_rows }}</tbody></table>
<h2>{% translate "Progress over cycles" %}</h2>
<div class="chart-with-table">
{{ progress_svg }}
<table><caption>{% translate "Overall compliance per cycle" %}</caption>
<thead><tr><th scope="col">{% translate "Cycle" %}</th><th scope="col">{% translate "Average" %}</th></tr></thead>
<tbody>{{ progress_rows }}</tbody></table>
</div>
"""  # noqa: E501 - the template's lines as they were


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("commitments", [0, 3, 120])
@pytest.mark.parametrize("published", [True, False, None])
def test_the_heat_maps_content_is_what_the_template_wrote(language, commitments, published):
    """Written in Python for speed, the page's content around its pages' links must stay
    what the template wrote: its translations (left unescaped by ``{% translate %}``), the
    restricted note, the captions of one page and of several."""
    from django.core.paginator import Paginator
    from django.template import Context, Template
    from django.utils import timezone, translation
    from django.utils.safestring import mark_safe

    from secretariat.commitments.models import Cycle
    from secretariat.commitments.selectors import HeatMap

    the_cycle = None if published is None else Cycle(name="2025 <&>")
    if published:
        the_cycle.final_published_at = timezone.now()
    heat = HeatMap(the_cycle, Stage.FINAL, [], [], [], {}, {})
    parts = {
        name: mark_safe(f"<i>{name} & 'co'</i>")
        for name in (
            "filter_form", "overall_html", "heat_svg", "heat_head", "heat_rows",
            "commitment_rows", "theme_rows", "progress_svg", "progress_rows",
        )
    }  # fmt: skip
    with translation.override(language):
        columns = Paginator(list(range(commitments)), page.COLUMNS_PER_PAGE).get_page(2)
        shown = page.columns_shown(columns) + (" <&>" if commitments == 3 else "")
        context = {"heat": heat, "page": columns, "shown": shown, "query": "a=1&b=<2>", **parts}
        top = page.heat_map_top(
            heat, filter_form=parts["filter_form"], overall_html=parts["overall_html"], shown=shown
        )
        tables = page.heat_map_tables(
            columns,
            shown=shown,
            **{name: parts[name] for name in parts if name not in ("filter_form", "overall_html")},
        )
        written = top + page.pages_html(columns, context["query"]) + tables
        assert written == Template(_HEAT_MAP_CONTENT).render(Context(context))


# The secretariat's publishing forms and the title as the heat map's template wrote them
# before ``page.publish_forms`` and ``page.heat_map_title``.
_PUBLISH_FORMS = """{% load i18n %}{% for c in cycles %}{% if not c.final_published_at %}
<form method="post" action="{% url 'commitments:publish' c.pk %}">{% csrf_token %}<button type="submit">{% blocktranslate with name=c.name %}Publish the final scores of cycle {{ name }}{% endblocktranslate %}</button></form>
{% endif %}{% endfor %}"""  # noqa: E501 - the template's lines as they were


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("token", ["a1<b>&'c\"", "NOTPROVIDED", ""])
def test_the_publishing_forms_and_title_are_what_the_template_wrote(language, token):
    """Written in Python for speed, the forms must stay what the template wrote: one per
    unpublished cycle, its name escaped in the translated label, the CSRF token as
    ``{% csrf_token %}`` writes it; the title as ``{% translate %}`` left it."""
    from django.template import Context, Template
    from django.utils import timezone, translation

    from secretariat.commitments.models import Cycle

    cycles = [
        Cycle(pk=7, name="2025 <&> 'one' \"x\""),
        Cycle(pk=8, name="2026", final_published_at=timezone.now()),
        Cycle(pk=12345, name="2027 %(name)s %"),
    ]
    with translation.override(language):
        for shown in (cycles, cycles[1:2], []):
            written = page.publish_forms(shown, token)
            expected = Template(_PUBLISH_FORMS).render(
                Context({"cycles": shown, "csrf_token": token})
            )
            assert written == expected
        title = Template('{% load i18n %}{% translate "Compliance heat map" %}')
        assert page.heat_map_title() == title.render(Context())


def test_the_progress_chart_escapes_the_cycles_names():
    """Written with f-strings since, the chart escapes what ``format_html`` escaped."""
    from secretariat.commitments.figures import NOTHING, Figure
    from secretariat.commitments.models import Cycle
    from secretariat.commitments.svg import progress_svg

    drawn = progress_svg(
        [(Cycle(name="2025 <&> 'x'"), Figure(1, 3)), (Cycle(name="2026"), NOTHING)]
    )
    assert drawn.count("2025 &lt;&amp;&gt; &#x27;x&#x27;") == 2  # its label and its description
    assert "<&>" not in drawn
    assert '<text x="20" y="45" font-size="10">67%</text>' in drawn


def _cells_one_at_a_time(heat, columns):  # type: ignore[no-untyped-def]
    """The heat map's table rows and its SVG's cells written plainly, cell by cell, as the
    template loops wrote them: what ``page.heat_rows`` and ``svg.heat_map_svg`` must equal."""
    from django.utils.formats import localize
    from django.utils.html import escape

    from secretariat.commitments.svg import score_symbol

    rows, uses = [], []
    for n, economy in enumerate(heat.economies):
        code = escape(economy.code)
        cells = ""
        for i, c in enumerate(columns):
            value = heat.cell(economy.pk, c.pk)
            bound = economy.pk in heat.bound.get(c.pk, ())
            score = "" if value is None else escape(localize(value))
            symbol = escape(score_symbol(value)) if bound else ""
            cells += f'<td id="s-{code}-{c.pk}" data-score="{score}">{symbol}</td>'
            if value is not None:
                uses.append(f'<use href="#score{value + 1}" x="{36 + 14 * i}" y="{8 + 14 * n}"/>')
        average = page.figure_html(heat.summary.by_economy.get(economy.pk))
        rows.append(f'\n  <tr><th scope="row">{code}</th>{cells}<td>{average}</td></tr>\n  ')
    return "".join(rows), "".join(uses)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_heat_maps_cells_are_what_writing_them_one_by_one_gives(language):
    """Written by look-ups joined in C for speed, the cells of the table and of the chart
    must stay what writing each on its own gives: every score, no score, bound or not (an
    economy bound by every column, by some, by none), escaped codes, rows without scores."""
    import random

    from django.utils import translation

    from secretariat.commitments.figures import Figure, Summary
    from secretariat.commitments.selectors import HeatColumn, HeatEconomy, HeatMap
    from secretariat.commitments.svg import heat_map_svg

    chance = random.Random(10)
    economies = [HeatEconomy(n, code) for n, code in enumerate(["AU", "A<&>", "JP", "KR", "US"])]
    columns = [HeatColumn(100 + n, 1, f"p_{n}", None, "all", None, "{}") for n in range(37)]
    cells = {
        e.pk: {c.pk: v for c in columns if (v := chance.choice([1, 0, -1, None])) is not None}
        for e in economies[:-1]  # the last economy has no scores at all
    }
    everyone = frozenset(e.pk for e in economies)
    bound = {c.pk: everyone - {chance.choice([1, 2])} for c in columns}  # AU everywhere
    bound[columns[0].pk] = frozenset()  # one column binds no economy
    summary = Summary(by_economy={0: Figure(3, 7), 1: Figure(-1, 2), 2: Figure(0, 0)})
    heat = HeatMap(None, Stage.FINAL, economies, columns, [], cells, bound, summary)
    with translation.override(language):
        for drawn in (columns, columns[:1], []):
            rows, uses = _cells_one_at_a_time(heat, drawn)
            assert page.heat_rows(heat, drawn) == rows
            assert heat_map_svg(heat, drawn).endswith(f"</text>{uses}</svg>")


_CSRF = re.compile(rb'(?<="X-CSRFToken": ")[^"]+|(?<=name="csrfmiddlewaretoken" value=")[^"]+')


@pytest.mark.parametrize(
    "role", ["anonymous", "reader", "delegate_b", "head_a", "delegate_c", "secretariat"]
)
def test_the_heat_map_read_together_is_the_heat_map_read_one_by_one(
    world, setup, role, monkeypatch
):
    """The page reads everything together (one round trip to PostgreSQL, then the cycles
    scored off the map), the columns' order taken from the reader's themes, not from a join
    in their read: its HTML is the same, byte for byte, as with the reads one by one and
    the joined read (the ORM's ORDER BY the theme's order, nulls where the database puts
    them), for every kind of reader, published and unpublished cycles, final and interim,
    every theme or one, several pages of columns; with themes out of their ids' order, a
    commitment of another text, one without a theme and one off the map (suggested)."""
    from secretariat.commitments import selectors
    from secretariat.commitments.models import Theme
    from secretariat.core import cache_tokens

    commitments, the_cycle = setup
    text = commitments[0].text
    themes = list(Theme.objects.filter(text=text).order_by("pk"))
    Theme.objects.filter(pk=themes[0].pk).update(order=9)  # ids and orders disagree
    more = _more_commitments(world, text, 3)
    Commitment.objects.filter(pk=more[0].pk).update(theme=None)
    Commitment.objects.filter(pk=more[1].pk).update(theme=themes[-1])
    other = statement(world, "other-statement")
    others = confirmed_commitments(world, other)
    published = cycle("2024")
    every = commitments + more + others
    for the in (the_cycle, published):
        _fill_scores(world, every, the)
    _score(world, commitments[1], the_cycle, world.economy_a, 0, Stage.INTERIM)
    services.publish_cycle(actor=world.users["secretariat"], cycle=published)
    # Scored in one cycle, then off the map: that cycle's kept counts are not the map's.
    (off_map,) = _more_commitments(world, text, 1)
    _score(world, off_map, the_cycle, world.economy_b, 1)
    Commitment.objects.filter(pk=off_map.pk).update(state=CommitmentState.SUGGESTED)
    monkeypatch.setattr(page, "COLUMNS_PER_PAGE", 4)
    client = client_for(role, world)
    theme_ids = ["", *(str(t.pk) for t in themes)]
    urls = [
        f"/en/commitments/heat-map/?cycle={c.pk}&stage={stage}&theme={theme}&page={n}"
        for c in (the_cycle, published)
        for stage in ("final", "interim")
        for theme in theme_ids
        for n in (1, 2, 3)
    ]

    def pages() -> list[bytes]:
        found = []
        for url in urls:
            cache_tokens.renew(services.TOKEN)  # drawn, not served from the cache
            response = client.get(url)
            assert response.status_code == 200
            # The CSRF token is masked anew on every response; the rest must not differ.
            found.append(_CSRF.sub(b"csrf", response.content))
        return found

    read_together = pages()

    def one_by_one(principal, *, stage, theme_id):  # type: ignore[no-untyped-def]
        """The reads as they were: one statement after another, the columns in the order
        of their read (joined to their themes)."""
        rows = selectors.sheet_rows_visible_to(principal, stage=stage)
        return selectors.HeatMapReads(
            every_cycle=selectors.every_cycle(),
            themes_to_filter_by=selectors.themes_to_filter_by(principal),
            commitments=selectors.heat_map_commitments(principal, theme_id),
            sheet_rows=rows,
            counted=selectors._cycles_counted(principal, stage, theme_id, rows),
            economies=[selectors.HeatEconomy(*row) for row in selectors._ECONOMIES.rows()],
        )

    monkeypatch.setattr(selectors, "heat_map_reads", one_by_one)
    assert read_together == pages()
    assert any(b'data-score="' in body for body in read_together)
