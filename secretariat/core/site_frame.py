"""The frame every HTML page shares (``base.html``: its head, header and footer) written in
Python. Through the template language the frame cost a page 0.4-0.8 ms of CPU on every
request — about what a whole trivial view costs — in three ``{% cache %}`` look-ups (a key's
md5, a lock, a pickle), a dozen ``{% translate %}`` and ``{% url %}`` tags, variable
look-ups, and the walk of the frame's nodes on every ``{% extends %}``.

The parts that are the same for every viewer of a page in a language (the links, labels,
language menu and footer, and the navigation for each section) are written once per
process in ``_memo``, a plain dict; what differs per request (the CSRF token, the page's
own path, the search words, the user, the messages) is escaped as the template's
autoescape escaped it. The output is byte for byte what the template wrote
(``tests/test_site_frame.py`` compares it with the template it replaced).
"""

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.template.context import Context
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import conditional_escape, escape
from django.utils.translation import get_language, get_language_info, gettext

from secretariat.core.url_writer import fixed_url

# The site's navigation: (route, label, what marks it the current section). A section is
# marked by its app's namespace ("app") or, for the registry's lists and the home page,
# by its url name ("url"), as the template compared them.
_NAV = (
    ("portal:home", "Home", "url", "home"),
    ("outcomes:outcomes", "Outcomes", "app", "outcomes"),
    ("news:list", "News", "app", "news"),
    ("commitments:index", "Commitments", "app", "commitments"),
    ("projects:list", "Projects", "app", "projects"),
    ("negotiation:texts", "Negotiations", "app", "negotiation"),
    ("meetings:meetings", "Meetings", "app", "meetings"),
    ("events:events", "Forums and exhibitions", "app", "events"),
    ("liaisons:list", "Liaisons", "app", "liaisons"),
    ("registry:fora", "Fora", "url", "fora"),
    ("registry:economies", "Economies", "url", "economies"),
    ("registry:organisations", "Organisations", "url", "organisations"),
    ("registry:people", "People", "url", "people"),
)

# The fixed parts for each (language, script prefix, URLconf), with the navigation for each
# section under "nav"; emptied when a setting changes (``context_processors.
# _forget_site_chrome``), as the routes, labels and names may then.
_memo: dict[tuple[Any, ...], dict[str, Any]] = {}
# Where a rendering keeps its fixed parts between the frame's tags: the page's language and
# routes are looked up once (each look-up reads a context-local value).
_RENDERING_KEY = "secretariat.core.site_frame"


def forget() -> None:
    _memo.clear()


def _fixed(context: Context) -> dict[str, Any]:
    """The frame's parts that depend only on the language (and the site's settings)."""
    rendering = context.render_context
    fixed = rendering.get(_RENDERING_KEY)
    if fixed is None:
        language = get_language()
        key = (language, get_script_prefix(), get_urlconf())
        fixed = _memo.get(key)
        if fixed is None:
            fixed = _memo[key] = _write_fixed(language)
        rendering[_RENDERING_KEY] = fixed
    return fixed


def _write_fixed(language: str) -> dict[str, Any]:
    # Labels as ``{% translate "…" %}`` writes a literal's translation: not escaped.
    site_name = escape(settings.SITE_NAME)
    body_name = escape(settings.BODY_NAME)
    from secretariat.core.context_processors import site_links

    links = {name: escape(url) for name, url in site_links(language, get_script_prefix()).items()}
    infos = [get_language_info(code) for code, _name in settings.LANGUAGES]
    options = "".join(
        f'\n              <option value="{escape(info["code"])}" lang="{escape(info["code"])}"'
        f"{' selected' if info['code'] == language else ''}>"
        f"{escape(info['name_local'])}</option>\n            "
        for info in infos
    )
    footer_words = gettext(
        "%(SITE_NAME)s — the digital secretariat of the %(BODY_NAME)s process."
    ) % {"SITE_NAME": site_name, "BODY_NAME": body_name}
    search = gettext("Search")
    return {
        "language": language,
        "html_open": f'\n\n\n<html lang="{escape(language)}">\n<head>\n  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n  <title>',
        "head_links": f" · {site_name}</title>\n"
        f'  <link rel="stylesheet" href="{links["stylesheet"]}">\n'
        f'  <script src="{links["htmx"]}" defer></script>\n  \n  ',
        "body_open": '\n</head>\n<body hx-headers=\'{"X-CSRFToken": "',
        "header_top": "\"}'>\n"
        f'  <a class="skip-link" href="#main">{gettext("Skip to content")}</a>\n'
        '  <header class="site-header">\n    <div class="bar">\n'
        f'      <a class="brand" href="{links["home"]}">{body_name}<small>{site_name}</small></a>\n'
        '      <div class="tools">\n'
        f'        <form action="{links["search"]}" method="get" role="search"'
        ' class="site-search">\n'
        f'          <label for="site-search-q" class="visually-hidden">{search}</label>\n'
        '          <input id="site-search-q" type="search" name="q" maxlength="500" value="',
        "search_end": f'">\n          <button type="submit">{search}</button>\n        </form>\n'
        f'        <form action="{links["set_language"]}" method="post" class="language-switcher">\n'
        "          ",
        "next_open": '\n          <input name="next" type="hidden" value="',
        "languages": f'">\n          <label for="language-select">{gettext("Language")}</label>\n'
        '          \n          <select id="language-select" name="language">\n            '
        f"{options}\n          </select>\n"
        f'          <button type="submit">{gettext("Switch")}</button>\n        </form>\n        ',
        "profile_open": f'\n          <a href="{links["profile"]}">',
        "signed_in_end": f'</a>\n          <a href="{links["notifications"]}">'
        f"{gettext('E-mail notifications')}</a>\n"
        f'          <form action="{links["sign_out"]}" method="post">',
        "sign_out_end": f'\n            <button type="submit">{gettext("Sign out")}</button>\n'
        "          </form>\n        ",
        "sign_in_open": f'\n          <a href="{links["sign_in"]}?next=',
        "sign_in_end": f'">{gettext("Sign in")}</a>\n        ',
        "tools_end": "\n      </div>\n    </div>\n    ",
        "main_open": '\n  </header>\n  <main id="main" tabindex="-1">\n    ',
        "nav": {},
        "footer": "\n  </main>\n  \n"
        '  <footer class="site-footer">\n    <div class="bar">\n'
        f"      <p>{footer_words}</p>\n"
        f'      <p><a href="/api/docs">{gettext("API documentation")}</a></p>\n'
        "    </div>\n  </footer>\n  \n  ",
    }


def _nav_html(fixed: dict[str, Any], app_name: str | None, url_name: str | None) -> str:
    """The navigation with the page's section marked, written once per section."""
    nav: str | None = fixed["nav"].get((app_name, url_name))
    if nav is None:
        items = []
        for route, label, kind, section in _NAV:
            current = (url_name if kind == "url" else app_name) == section
            marked = ' aria-current="page"' if current else ""
            href = escape(fixed_url(route))
            items.append(f'\n        <li><a href="{href}"{marked}>{gettext(label)}</a></li>')
        nav = fixed["nav"][app_name, url_name] = (
            f'\n    <nav class="site-nav bar" aria-label="{gettext("Main")}">\n      \n'
            f"      <ul>{''.join(items)}\n"
            f'        <li><a href="/api/docs">{gettext("API")}</a></li>\n      </ul>\n      \n'
            "    </nav>\n    "
        )
    return nav


def _csrf_input(token: Any) -> str:
    """What ``{% csrf_token %}`` writes."""
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'


def _full_path(request: Any) -> str:
    return "" if request is None else request.get_full_path()


def head_open(context: Context) -> str:
    """From ``<!DOCTYPE html>`` to the title; sets ``LANGUAGE_CODE`` for the blocks, as
    ``{% get_current_language as LANGUAGE_CODE %}`` did."""
    fixed = _fixed(context)
    context["LANGUAGE_CODE"] = fixed["language"]
    return fixed["html_open"]


def head_links(context: Context) -> str:
    """After the title: the site's name, stylesheet and script."""
    return _fixed(context)["head_links"]


def header(context: Context) -> str:
    """From ``</head>`` to the page's content: the header, navigation and messages."""
    fixed = _fixed(context)
    token = context.get("csrf_token")
    csrf_input = _csrf_input(token)
    request = context.get("request")
    full_path = _full_path(request)
    search_query = context.get("search_query") or ""
    parts = [
        fixed["body_open"],
        "" if token is None else conditional_escape(str(token)),
        fixed["header_top"],
        conditional_escape(str(search_query)),
        fixed["search_end"],
        csrf_input,
        fixed["next_open"],
        conditional_escape(full_path),
        fixed["languages"],
    ]
    user = context.get("user")
    if user is not None and user.is_authenticated:
        parts += (
            fixed["profile_open"],
            conditional_escape(str(user.get_username())),
            fixed["signed_in_end"],
            csrf_input,
            fixed["sign_out_end"],
        )
    else:
        parts += (fixed["sign_in_open"], escape(quote(full_path)), fixed["sign_in_end"])
    parts.append(fixed["tools_end"])
    match = getattr(request, "resolver_match", None)
    parts.append(
        _nav_html(fixed, getattr(match, "app_name", None), getattr(match, "url_name", None))
    )
    parts.append(fixed["main_open"])
    parts.append(_messages_html(context.get("messages")))
    return "".join(parts)


def _messages_html(messages: Any) -> str:
    if not messages:
        return "\n    "
    # The live region wraps the list: role="status" on the <ul> itself unmade it a list.
    escaped = conditional_escape
    items = "".join(
        f'<li class="{escaped(str(message.tags))}">{escaped(str(message))}</li>'
        for message in messages
    )
    return (
        '\n      \n      <div role="status"><ul class="messages">\n        '
        f"{items}\n      </ul></div>\n    \n    "
    )


def footer(context: Context) -> str:
    """From ``</main>`` to the page's closing scripts: the footer."""
    return _fixed(context)["footer"]
