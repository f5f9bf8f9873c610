"""Staff admin for letters and their citations."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Citation, Letter


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    can_delete = False
    fields = ["raw", "kind", "target", "key", "kamerstuk", "commitment", "review", "excerpt", "section"]
    readonly_fields = fields
    ordering = ["start"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("kamerstuk", "commitment")


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "date", "sender_function", "ministry", "state", "uploaded_at"]
    list_select_related = ["ministry"]
    list_filter = ["state", "format", "ministry"]
    search_fields = ["title", "sender_name", "sender_function", "sha256", "original_filename"]
    autocomplete_fields = ["ministry", "uploaded_by"]
    raw_id_fields = ["kamerstuk"]
    readonly_fields = ["sha256", "size", "format", "state", "error", "attempts", "uploaded_at", "processed_at", "original_filename"]
    exclude = ["text", "structure"]
    inlines = [CitationInline]
    date_hierarchy = "date"
    show_full_result_count = False


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["raw", "kind", "target", "key", "letter", "review"]
    list_select_related = ["letter"]
    list_filter = ["target", "kind", "review"]
    search_fields = ["key", "raw", "excerpt"]
    raw_id_fields = ["letter", "kamerstuk", "commitment"]
    readonly_fields = ["letter", "start", "end", "raw", "kind", "key", "excerpt", "section", "footnote", "reviewed_by", "reviewed_at"]
    show_full_result_count = False

    @admin.display(description=_("brief"))
    def letter_display(self, obj: Citation) -> str:
        return str(obj.letter)
