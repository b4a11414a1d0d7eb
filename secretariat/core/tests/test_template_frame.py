"""``{% extends %}`` (``core/template_frame.py``) renders what Django's tag renders: the same
inheritance chains through an engine with Django's tag and one with ours, several times (the
second rendering uses the blocks kept from the first), and the project's pages use ours."""

import pytest
from django.template import Context, Engine, engines
from django.template.loader_tags import ExtendsNode

from secretariat.core.template_frame import FrameExtendsNode

TEMPLATES = {
    "root.html": (
        "<title>{% block title %}Root{% endblock %}</title>"
        "{% if show %}{% block header %}H{{ n }}{% endblock %}{% endif %}"
        "{% for i in items %}{% if forloop.first %}{% block first %}first {{ i }}"
        "{% endblock %}{% endif %}{% endfor %}"
        "{% with x=n %}{% block body %}body {{ x }}{% endblock %}{% endwith %}"
        "{% block footer %}F{% block inner %}I{% endblock %}{% endblock %}"
    ),
    "middle.html": (
        '{% extends "root.html" %}{% block title %}Middle {{ block.super }}{% endblock %}'
        "{% block inner %}[{{ block.super }}]{% endblock %}"
    ),
    "leaf.html": (
        '{% extends "middle.html" %}{% block title %}Leaf {{ block.super }}{% endblock %}'
        "{% block body %}{{ block.super }} and leaf{% endblock %}"
        "{% block header %}{{ block.super }}!{% endblock %}"
    ),
    "direct.html": '{% extends "root.html" %}{% block first %}{{ block.super }}+{% endblock %}',
    "nothing.html": '{% extends "root.html" %}',
    "by_variable.html": "{% extends parent %}{% block footer %}V{% endblock %}",
}


def _engine(ours: bool) -> Engine:
    return Engine(
        loaders=[
            (
                "django.template.loaders.cached.Loader",
                [("django.template.loaders.locmem.Loader", TEMPLATES)],
            )
        ],
        builtins=["secretariat.core.template_frame"] if ours else [],
    )


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@pytest.mark.parametrize("show", [True, False])
def test_the_frames_tag_renders_what_djangos_renders(name, show):
    djangos, ours = _engine(False), _engine(True)
    for _ in range(3):
        for n in (1, 2):
            rendered = []
            for engine in (djangos, ours):
                context = {"show": show, "n": n, "items": ["a", "b"]}
                context["parent"] = engine.get_template("middle.html") if n == 2 else "root.html"
                rendered.append(engine.get_template(name).render(Context(context)))
            assert rendered[0] == rendered[1]


def test_ours_is_the_tag_of_the_projects_templates():
    engine = engines["django"].engine
    assert type(engine.from_string('{% extends "base.html" %}').nodelist[0]) is FrameExtendsNode
    assert type(_engine(False).from_string('{% extends "root.html" %}').nodelist[0]) is ExtendsNode
