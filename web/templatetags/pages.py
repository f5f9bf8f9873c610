"""Template helpers for the public pages."""

from __future__ import annotations

from django import template
from django.core.paginator import Page
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def page_numbers(page: Page) -> list[int | str]:
    """Page numbers around the current one, with an ellipsis for the gaps: 1 … 4 5 6 … 40."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def seats_share(seats: int, total: int) -> int:
    """A whole percentage, for text next to the vote bar."""
    return round(100 * seats / total) if total else 0


@register.simple_tag
def facet_item(value) -> str:
    """One facet value (views.FacetValue) as a list item: a link that toggles it, or plain text
    when choosing it would find nothing. Rendered here rather than by {% include %}: a list page
    shows some two hundred of them."""
    count = format_html('<span class="facet-count">{}<span class="visually-hidden"> {}</span></span>', value.count, _("moties"))
    label = format_html('<span class="facet-label">{}</span>', value.label)
    if value.selected:
        hint = format_html('<span class="visually-hidden"> ({})</span>', _("gekozen; kies opnieuw om dit filter weg te halen"))
        return format_html('<li><a href="{}" class="facet-link selected" aria-current="true">{} {}{}</a></li>', value.url, label, count, hint)
    if value.count:
        return format_html('<li><a href="{}" class="facet-link">{} {}</a></li>', value.url, label, count)
    return format_html('<li><span class="facet-link empty">{} {}</span></li>', label, count)
