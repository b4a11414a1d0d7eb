"""``{% extends %}`` as Django's, finding the blocks of the frame once per compiled template.

Django's ``ExtendsNode.render`` walks the whole tree of the template at the root of an
inheritance chain (``base.html``: 261 nodes — every ``if``, ``url`` and ``translate`` of the
header, navigation and footer, most of them inside ``{% cache %}``) on every rendering of
every page, only to collect its ``{% block %}`` nodes: about 40 µs of each page, a sixth of
rendering the frame. A compiled template does not change once parsed (Django's cached loader
shares one among every rendering and thread, and nodes keep their per-rendering state in the
context), so its blocks are found once per compiled template and kept beside it, weakly: a
template compiled anew (the loaders without cache, ``{% extends variable %}``) goes with them.

Installed for every template as a builtin (``TEMPLATES``' ``builtins``), so it replaces
Django's tag of the same name. ``render`` is Django 5.2's with that one change;
``tests/test_template_frame.py`` renders inheritance chains with both tags and compares."""

from typing import Any, cast
from weakref import WeakKeyDictionary

from django import template
from django.template.base import Template, TextNode
from django.template.loader_tags import (
    BLOCK_CONTEXT_KEY,
    BlockContext,
    BlockNode,
    ExtendsNode,
    do_extends,
)

register = template.Library()

_ROOT_BLOCKS: "WeakKeyDictionary[Template, dict[str, BlockNode]]" = WeakKeyDictionary()


def _root_blocks(root: Template) -> dict[str, BlockNode]:
    """The block nodes anywhere in ``root``'s tree, by name (as Django collects them)."""
    blocks = _ROOT_BLOCKS.get(root)
    if blocks is None:
        found = cast("list[BlockNode]", root.nodelist.get_nodes_by_type(BlockNode))
        blocks = {n.name: n for n in found}
        _ROOT_BLOCKS[root] = blocks
    return blocks


class FrameExtendsNode(ExtendsNode):
    def render(self, context: Any) -> Any:
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        # Add the block nodes from this node to the block context.
        block_context.add_blocks(self.blocks)
        # If the parent does not extend another template, it is the root, and its block nodes
        # join the block context too (``add_blocks`` only reads the dictionary).
        for node in compiled_parent.nodelist:
            # The ExtendsNode has to be the first non-text node.
            if not isinstance(node, TextNode):
                if not isinstance(node, ExtendsNode):
                    block_context.add_blocks(_root_blocks(compiled_parent))
                break
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)  # type: ignore[attr-defined] # Django's own


@register.tag("extends")
def do_frame_extends(parser: Any, token: Any) -> FrameExtendsNode:
    """Django's ``do_extends`` (its checks and parsing), making a ``FrameExtendsNode``."""
    node = do_extends(parser, token)
    return FrameExtendsNode(node.nodelist, node.parent_name, node.template_dirs)
