"""``base.html``'s frame (``secretariat.core.site_frame``) as tags: plain nodes, with no
arguments to resolve, each writing one stretch of the frame between the template's blocks."""

from collections.abc import Callable

from django import template
from django.template.base import Parser, Token
from django.template.context import Context

from secretariat.core import site_frame

register = template.Library()


class FrameNode(template.Node):
    def __init__(self, write: Callable[[Context], str]) -> None:
        self.write = write

    def render(self, context: Context) -> str:
        return self.write(context)


def _frame_tag(name: str, write: Callable[[Context], str]) -> None:
    def compile_tag(parser: Parser, token: Token) -> FrameNode:
        return FrameNode(write)

    register.tag(name, compile_tag)


_frame_tag("site_head_open", site_frame.head_open)
_frame_tag("site_head_links", site_frame.head_links)
_frame_tag("site_header", site_frame.header)
_frame_tag("site_footer", site_frame.footer)
