"""Render search snippets safely: escape everything, then turn the match markers into <mark>."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(snippet: str | None) -> str:
    if not snippet:
        return ""
    escaped = escape(snippet)
    return mark_safe(escaped.replace("\u0001", "<mark>").replace("\u0002", "</mark>"))
