"""Render a Django template to PDF with WeasyPrint (certificates now, disclosure packs later)."""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The PDF bytes of ``template_name`` rendered with ``context``.

    The template carries its own print CSS (@page size, header, page numbers). Relative
    URLs resolve against the project directory, so a template may link static files.
    """
    # Imported here: WeasyPrint loads Pango at import time, which only PDF work needs.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def css_string(value: str) -> SafeString:
    """``value`` as a quoted CSS string, for page headers set in @page rules.

    Escapes what could end the string or the style element; the result is marked safe so
    HTML autoescaping does not put entities (which CSS would print literally) into it.
    """
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&\n\r' or ord(char) < 32 else char for char in str(value)
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every special character is escaped above
