"""Staff admin for the parliamentary record.

Lists stay fast at 100,000 motions: every changelist names its joins in
``list_select_related``, foreign keys use autocomplete or raw ids instead of
<select> boxes with every row, and exact counts are skipped on big tables.
Status history is read-only here: it is written only by the status service.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .keys import InvalidKey, parse_key
from .models import Commitment, Dossier, Kamerstuk, Member, Ministry, Motion, Party, Sponsorship, StatusChange, Vote


class KeySearchMixin:
    """Searching for a key in any spelling (kst-35207-83, '35 207, nr. 83') finds the paper."""

    key_lookup = "kamerstuk__key"

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        try:
            key = parse_key(search_term)
        except InvalidKey:
            return super().get_search_results(request, queryset, search_term)  # type: ignore[misc]
        return queryset.filter(**{self.key_lookup: str(key)}), False


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "slug"]
    search_fields = ["name", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name", "seats"]
    search_fields = ["abbreviation", "name"]
    prepopulated_fields = {"slug": ["abbreviation"]}


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["surname", "tussenvoegsel", "initials", "party"]
    list_select_related = ["party"]
    list_filter = ["party"]
    search_fields = ["surname", "initials", "first_name", "slug"]
    autocomplete_fields = ["party"]
    readonly_fields = ["source_id"]


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["key_display", "title", "closed"]
    list_filter = ["closed"]
    search_fields = ["=number", "title"]
    show_full_result_count = False

    @admin.display(description=_("dossier"), ordering="number")
    def key_display(self, obj: Dossier) -> str:
        return obj.key


@admin.register(Kamerstuk)
class KamerstukAdmin(KeySearchMixin, admin.ModelAdmin):
    key_lookup = "key"
    list_display = ["key", "kind", "title", "date", "is_placeholder"]
    list_select_related = ["dossier"]
    list_filter = ["kind", "is_placeholder", "vergaderjaar"]
    search_fields = ["key", "title", "document_number"]
    raw_id_fields = ["dossier"]
    readonly_fields = ["key", "source_id", "created_at", "updated_at"]
    date_hierarchy = "date"
    show_full_result_count = False


class ReadOnlyInline(admin.TabularInline):
    """Submitters and votes come from open data; the sync would overwrite hand edits."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class SponsorshipInline(ReadOnlyInline):
    model = Sponsorship
    fields = ["order", "member", "role", "party"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("member", "party")


class VoteInline(ReadOnlyInline):
    model = Vote
    fields = ["party", "member", "choice", "seats", "mistake"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("member", "party")


class StatusChangeInline(ReadOnlyInline):
    """The timeline, read-only: history is written only through the status service."""

    model = StatusChange
    fk_name = "motion"
    fields = ["at", "old_status", "new_status", "by", "reason", "citation", "deadline"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("by", "citation__letter")


@admin.register(Motion)
class MotionAdmin(KeySearchMixin, admin.ModelAdmin):
    list_display = ["key_display", "title", "outcome", "status", "deadline", "ministry"]
    list_select_related = ["kamerstuk", "ministry"]
    list_filter = ["status", "outcome", "kabinetsappreciatie", "ministry", "withdrawn"]
    search_fields = ["kamerstuk__key", "title", "zaak_number", "submitters__surname"]
    raw_id_fields = ["kamerstuk", "replaces"]
    autocomplete_fields = ["ministry", "owner"]
    readonly_fields = ["status", "version", "zaak_id", "created_at", "updated_at"]
    inlines = [SponsorshipInline, VoteInline, StatusChangeInline]
    show_full_result_count = False
    ordering = ["-submitted_on", "-id"]

    @admin.display(description=_("motie"), ordering="kamerstuk__key")
    def key_display(self, obj: Motion) -> str:
        return obj.kamerstuk.key


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["number", "short_text", "minister", "ministry", "status", "deadline"]
    list_select_related = ["ministry"]
    list_filter = ["status", "ministry"]
    search_fields = ["number", "text", "minister", "made_to_raw"]
    autocomplete_fields = ["ministry", "made_to_member", "made_to_party", "owner"]
    raw_id_fields = ["kamerstuk"]
    readonly_fields = ["status", "version", "source_id", "created_at", "updated_at"]
    show_full_result_count = False

    @admin.display(description=_("tekst"))
    def short_text(self, obj: Commitment) -> str:
        return obj.text[:100]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is appended by the status service, never edited."""

    list_display = ["at", "subject_display", "old_status", "new_status", "by", "reason"]
    list_select_related = ["motion__kamerstuk", "commitment", "by"]
    list_filter = ["new_status"]
    search_fields = ["motion__kamerstuk__key", "reason", "commitment__number"]
    date_hierarchy = "at"
    show_full_result_count = False

    @admin.display(description=_("onderwerp"))
    def subject_display(self, obj: StatusChange) -> str:
        if obj.motion_id:
            return obj.motion.kamerstuk.key
        return str(obj.commitment)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
