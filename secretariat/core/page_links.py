"""A list page's links to its other pages, written in Python: what the template
``registry/_pagination.html`` writes, without rendering a template on every cold rendering of
the lists that write their bodies in Python (the project list, the heat map)."""

from typing import Any

from django.utils.html import escape


def pagination_html(page: Any, query: str, t: dict[str, str]) -> str:
    """What the page links' template (``registry/_pagination.html``) writes for ``page``
    and the filters' ``query``. ``t``: the page's words in the active language, escaped
    ("Previous", "Next", "Pages", and "Page %(number)s of %(total)s" as translated), as
    ``projects.list_html._body_texts`` gives them. Rendered as a template on every cold
    rendering, the links cost a fifth of the project list's body."""
    total = page.paginator.num_pages
    if total <= 1:
        return "\n"
    joined = f"?{escape(query)}&amp;" if query else "?"
    previous = following = ""
    if page.has_previous():
        previous = f'<a href="{joined}page={page.previous_page_number()}">{t["Previous"]}</a>'
    if page.has_next():
        following = f'<a href="{joined}page={page.next_page_number()}">{t["Next"]}</a>'
    where = t["Page %(number)s of %(total)s"] % {"number": page.number, "total": total}
    return (
        f'\n<nav class="pagination" aria-label="{t["Pages"]}">\n'
        f"  {previous}\n  <span>{where}</span>\n  {following}\n</nav>\n"
    )
