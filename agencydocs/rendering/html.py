"""Resolved context -> HTML, through the sandboxed Jinja2 environment.

The template of a kind is ``<kind>/<kind>.html`` (workspace override first).
It receives the context as ``doc`` and only places its strings; autoescape
keeps data such as ``<script>`` or ``{{ 7*7 }}`` literal. The stylesheet is
inlined so the HTML file stands alone; its fonts use ``agencydocs:`` URLs that
only the PDF renderer resolves (a browser falls back to system fonts).
"""

from __future__ import annotations

import re

from agencydocs.kinds import RenderContext
from agencydocs.rendering.limits import join_limited
from agencydocs.rendering.templates import TemplateSource

DEFAULT_BRAND_COLOR = "#1f4e79"
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def template_name(kind: str) -> str:
    """The HTML template of a document kind, e.g. ``invoice/invoice.html``."""
    return f"{kind}/{kind}.html"


def render_html(ctx: RenderContext, templates: TemplateSource, *, max_bytes: int | None = None) -> str:
    """Render ``ctx`` with its kind's HTML template; the same context gives the same text.

    With ``max_bytes`` the output is streamed and the render stops with
    :class:`~agencydocs.rendering.limits.OutputTooLarge` as soon as it is
    longer, before a runaway template fills the memory.
    """
    template = templates.html_env.get_template(template_name(ctx.kind))
    variables = {"doc": ctx, "brand_color": brand_color(ctx.brand_color)}
    if max_bytes is None:
        return template.render(variables)
    return join_limited(template.generate(variables), max_bytes)


def brand_color(value: str) -> str:
    """The brand colour if it is a plain ``#rrggbb`` value: it is placed inside CSS."""
    return value.lower() if _HEX_COLOR.fullmatch(value) else DEFAULT_BRAND_COLOR
