"""Staff admin for the parliamentary record.

Lists stay fast at 100,000 motions: every changelist names its joins in
``list_select_related``, foreign keys use autocomplete or raw ids instead of
<select> boxes with every row, and exact counts are skipped on big tables.
Status history is read-only here: it is written only by the status service.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyMixin, ViewOnlyMixin

from .events import touch
from .keys import InvalidKey, parse_key
from .models import Commitment, Dossier, Kamerstuk, Member, Ministry, Motion, Party, Sponsorship, StaffProfile, Status, StatusChange, Vote
from .services import TRANSITIONS, NotAllowed, WorkflowError, assign, can_change, editable_ministry_ids, is_coordinator, profile_of, record_status


class KeepsReadModel:
    """An edit or deletion here reaches the stored public representations (``motions.events.touch``)
    of everything the object shows on, in the save's transaction."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        touch_for(obj)

    def delete_model(self, request, obj):
        affected = affected_by(obj)
        super().delete_model(request, obj)  # type: ignore[misc]
        touch(**affected)


def affected_by(obj) -> dict[str, Any]:
    if isinstance(obj, Motion):
        return {"motions": [obj.pk]}
    if isinstance(obj, Commitment):
        return {"commitments": [obj.pk]}
    if isinstance(obj, Kamerstuk):
        return {"papers": [obj.pk]}
    if isinstance(obj, Dossier):
        return {"dossiers": [obj.pk], "motions": list(Motion.objects.filter(kamerstuk__dossier=obj).values_list("pk", flat=True))}
    if isinstance(obj, Member):
        return {"members": [obj.pk]}
    if isinstance(obj, Party):
        signed = Sponsorship.objects.filter(Q(party=obj) | Q(member__party=obj)).values_list("motion_id", flat=True)
        voted = Vote.objects.filter(Q(party=obj) | Q(member__party=obj)).values_list("motion_id", flat=True)
        return {"motions": [*signed, *voted]}
    if isinstance(obj, Ministry):
        return {"motions": list(Motion.objects.filter(ministry=obj).values_list("pk", flat=True)), "commitments": list(Commitment.objects.filter(ministry=obj).values_list("pk", flat=True))}
    if isinstance(obj, StaffProfile):  # the public sees the ministry of whoever changed a status
        changes = StatusChange.objects.filter(by_id=obj.user_id)
        return {"motions": list(changes.values_list("motion_id", flat=True)), "commitments": list(changes.values_list("commitment_id", flat=True))}
    return {}


def touch_for(obj) -> None:
    touch(**affected_by(obj))


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
class MinistryAdmin(KeepsReadModel, admin.ModelAdmin):
    list_display = ["name", "abbreviation", "slug"]
    search_fields = ["name", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Party)
class PartyAdmin(KeepsReadModel, admin.ModelAdmin):
    list_display = ["abbreviation", "name", "seats"]
    search_fields = ["abbreviation", "name"]
    prepopulated_fields = {"slug": ["abbreviation"]}


@admin.register(Member)
class MemberAdmin(KeepsReadModel, admin.ModelAdmin):
    list_display = ["surname", "tussenvoegsel", "initials", "party"]
    list_select_related = ["party"]
    list_filter = ["party"]
    search_fields = ["surname", "initials", "first_name", "slug"]
    autocomplete_fields = ["party"]
    readonly_fields = ["source_id"]


@admin.register(Dossier)
class DossierAdmin(KeepsReadModel, admin.ModelAdmin):
    list_display = ["key_display", "title", "closed"]
    list_filter = ["closed"]
    search_fields = ["=number", "title"]
    show_full_result_count = False

    @admin.display(description=_("dossier"), ordering="number")
    def key_display(self, obj: Dossier) -> str:
        return obj.key


@admin.register(Kamerstuk)
class KamerstukAdmin(KeepsReadModel, KeySearchMixin, admin.ModelAdmin):
    key_lookup = "key"
    list_display = ["key", "kind", "title", "date", "is_placeholder"]
    list_select_related = ["dossier"]
    list_filter = ["kind", "is_placeholder", "vergaderjaar"]
    search_fields = ["key", "title", "document_number"]
    raw_id_fields = ["dossier"]
    readonly_fields = ["key", "source_id", "created_at", "updated_at"]
    date_hierarchy = "date"
    show_full_result_count = False


class ReadOnlyInline(ViewOnlyMixin, admin.TabularInline):
    """Submitters and votes come from open data; the sync would overwrite hand edits."""

    extra = 0
    can_delete = False


class SponsorshipInline(ReadOnlyInline):
    model = Sponsorship
    # A tuple: one value for both attributes (a list would be typed for only one of them).
    fields = readonly_fields = ("order", "member", "role", "party")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("member", "party")


class VoteInline(ReadOnlyInline):
    model = Vote
    fields = readonly_fields = ("party", "member", "choice", "seats", "mistake")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("member", "party")


class StatusChangeInline(ReadOnlyInline):
    """The timeline, read-only: history is written only through the status service."""

    model = StatusChange
    fk_name = "motion"
    fields = readonly_fields = ("at", "old_status", "new_status", "by", "reason", "citation", "deadline")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("by", "citation__letter")


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("nieuwe status"))
    reason = forms.CharField(label=_("reden"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("nieuwe termijn (optioneel)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    citation = forms.TypedChoiceField(label=_("bron (antwoordbrief)"), required=False, coerce=int, empty_value=None)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item, responses=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = item.status or ""
        allowed = TRANSITIONS.get(current, set(Status.values))
        self.fields["to"].choices = [(v, label) for v, label in Status.choices if v in allowed]
        self.fields["citation"].choices = [("", "—")] + [(c.pk, f"{c.letter} — {c.excerpt[:80]}") for c in responses]


class BulkStatusForm(forms.Form):
    reason = forms.CharField(label=_("reden"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MyMinistryFilter(admin.SimpleListFilter):
    """Staff land on their own ministry's items; 'alle' shows everything (reading is open)."""

    title = _("ministerie")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("mijn ministerie")), ("all", _("alle ministeries"))]

    def _default(self, request) -> str:
        ids = editable_ministry_ids(request.user)
        return "1" if ids else "all"

    def choices(self, changelist):
        value = self.value() or self._default(changelist.model_admin._request)
        for lookup, title in self.lookup_choices:
            yield {"selected": value == lookup, "query_string": changelist.get_query_string({self.parameter_name: lookup}), "display": title}

    def queryset(self, request, queryset):
        value = self.value() or self._default(request)
        ids = editable_ministry_ids(request.user)
        if value == "1" and ids:
            return queryset.filter(ministry_id__in=ids)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("termijn")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("over de termijn")), ("30", _("binnen 30 dagen")), ("no", _("op tijd of afgerond"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "30":
            return queryset.due_within(30)
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.overdue().values("pk"))
        return queryset


class HasResponseFilter(admin.SimpleListFilter):
    title = _("antwoordbrief")
    parameter_name = "response"

    def lookups(self, request, model_admin):
        return [("yes", _("met antwoord")), ("no", _("zonder antwoord"))]

    def queryset(self, request, queryset):
        # Citations live in the letters app; the reverse relation from Kamerstuk needs no import.
        answered = Q(kamerstuk__citations__target="motion") & ~Q(kamerstuk__citations__review="rejected")
        if self.value() == "yes":
            return queryset.filter(pk__in=Motion.objects.filter(answered).values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=Motion.objects.filter(answered).values("pk"))
        return queryset


class PartyFilter(admin.SimpleListFilter):
    title = _("fractie van een indiener")
    parameter_name = "party"

    def lookups(self, request, model_admin):
        return [(p.pk, p.abbreviation) for p in Party.objects.order_by("abbreviation")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(pk__in=Sponsorship.objects.filter(party_id=self.value()).values("motion_id"))
        return queryset


def _status_action(to: str):
    def action(modeladmin, request, queryset):
        return modeladmin.bulk_status(request, queryset, to)

    action.__name__ = f"mark_{to}"
    return admin.action(description=_("Status wijzigen naar: %(s)s") % {"s": Status(to).label})(action)


class TrackedAdmin(admin.ModelAdmin):
    """Admin for items with an implementation status: every change goes through motions.services."""

    change_form_template = "admin/motions/tracked_change_form.html"
    actions = [_status_action(s) for s in Status.values]
    assignment_fields = ("ministry", "owner", "deadline")

    # Ministry staff use the admin without Django model permissions: the service decides per item.
    def has_view_permission(self, request, obj=None):
        return bool(profile_of(request.user)) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        if obj is None:
            return bool(profile_of(request.user))
        return can_change(request.user, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # items come from the register; withdrawn ones are marked, never deleted

    def get_changelist(self, request, **kwargs):
        self._request = request  # the default of MyMinistryFilter depends on who asks
        return super().get_changelist(request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        editable = {"owner", "deadline"} | ({"ministry"} if is_coordinator(request.user) else set())
        return [f.name for f in self.model._meta.fields if f.name not in editable] + [
            f for f in self.readonly_fields if f not in {x.name for x in self.model._meta.fields}
        ]

    def get_form(self, request, obj=None, **kwargs):
        # seen_version is a form field, not a model field: keep it out of the ModelForm's field list.
        if "fields" in kwargs and kwargs["fields"] is None:
            form = super().get_form(request, obj, **kwargs)  # Django asking which fields exist
        else:
            fields = kwargs.pop("fields", None) or flatten_fieldsets(self.get_fieldsets(request, obj))
            form = super().get_form(request, obj, fields=[f for f in fields if f != "seen_version"], **kwargs)

        class VersionedForm(form):  # type: ignore[misc, valid-type]
            seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if self.instance.pk:
                    self.fields["seen_version"].initial = self.instance.version

            def clean(self):
                data = super().clean()
                seen = data.get("seen_version")
                if self.instance.pk and seen is not None:
                    current = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
                    if current != seen:
                        raise forms.ValidationError(
                            _("Iemand anders heeft dit item intussen gewijzigd (versie %(v)s). Laad de pagina opnieuw; uw wijziging is niet opgeslagen.") % {"v": current}
                        )
                return data

        return VersionedForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields + ["seen_version"] if "seen_version" not in fields else fields

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            touch_for(obj)
            return
        assigned = {name: form.cleaned_data[name] for name in self.assignment_fields if name in form.changed_data}
        other = [name for name in form.changed_data if name not in self.assignment_fields and name != "seen_version"]
        try:
            if other and request.user.is_superuser:
                type(obj).objects.filter(pk=obj.pk).update(**{name: form.cleaned_data[name] for name in other})
                touch_for(obj)
            if assigned:
                assign(obj, by=request.user, expected_version=form.cleaned_data.get("seen_version"), **assigned)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc))
        except WorkflowError as exc:
            messages.error(request, str(exc))

    def save_related(self, request, form, formsets, change):
        if request.user.is_superuser:
            super().save_related(request, form, formsets, change)

    def get_urls(self):
        opts = self.model._meta
        extra = [path("<int:pk>/status/", self.admin_site.admin_view(self.status_view), name=f"{opts.app_label}_{opts.model_name}_status")]
        return extra + super().get_urls()

    def responses_for(self, item):
        return []

    def status_view(self, request, pk: int):
        item = get_object_or_404(self.get_queryset(request), pk=pk)
        if not can_change(request.user, item):
            raise PermissionDenied(_("U mag de status van dit item niet wijzigen."))
        responses = self.responses_for(item)
        form = StatusForm(request.POST or None, item=item, responses=responses, initial={"version": item.version})
        if request.method == "POST" and form.is_valid():
            citation = next((c for c in responses if c.pk == form.cleaned_data["citation"]), None)
            try:
                record_status(
                    item,
                    to=form.cleaned_data["to"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    citation=citation,
                    expected_version=form.cleaned_data["version"],
                    deadline=form.cleaned_data["deadline"],
                )
            except NotAllowed as exc:
                raise PermissionDenied(str(exc))
            except WorkflowError as exc:
                messages.error(request, str(exc))
                if exc.item is not None:
                    item = exc.item  # show the current state, not what the user saw
                data = request.POST.copy()
                data["version"] = str(item.version)
                form = StatusForm(data, item=item, responses=responses, initial={"version": item.version})
            else:
                messages.success(request, _("Status vastgelegd."))
                return redirect(reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Status wijzigen: %(item)s") % {"item": item},
            "item": item,
            "form": form,
            "opts": self.model._meta,
            "history": item.status_changes.select_related("by", "citation__letter").order_by("at", "id"),
        }
        return TemplateResponse(request, "admin/motions/status_form.html", context)

    def bulk_status(self, request, queryset, to: str):
        """Bulk actions go through the service one item at a time, with one reason for all."""
        form = BulkStatusForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done, refused = 0, []
            for item in queryset.select_related("ministry"):
                try:
                    record_status(item, to=to, by=request.user, reason=form.cleaned_data["reason"])
                    done += 1
                except WorkflowError as exc:
                    refused.append(f"{item}: {exc}")
            if done:
                messages.success(request, _("%(n)d item(s) naar %(s)s.") % {"n": done, "s": Status(to).label})
            for line in refused[:20]:
                messages.error(request, line)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Status wijzigen naar: %(s)s") % {"s": Status(to).label},
            "queryset": queryset,
            "form": form,
            "action": f"mark_{to}",
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/motions/bulk_status.html", context)


@admin.register(Motion)
class MotionAdmin(KeySearchMixin, TrackedAdmin):
    list_display = ["key_display", "title", "outcome", "status", "deadline", "ministry", "owner"]
    list_select_related = ["kamerstuk", "ministry", "owner"]
    list_filter = [MyMinistryFilter, "status", OverdueFilter, ("deadline", admin.DateFieldListFilter), HasResponseFilter, "outcome", PartyFilter, "kabinetsappreciatie", "withdrawn"]
    search_fields = ["=kamerstuk__dossier__number", "kamerstuk__key", "title", "zaak_number", "submitters__surname"]
    raw_id_fields = ["kamerstuk", "replaces"]
    autocomplete_fields = ["ministry", "owner"]
    readonly_fields = ["status", "version", "zaak_id", "created_at", "updated_at"]
    inlines = [SponsorshipInline, VoteInline, StatusChangeInline]
    show_full_result_count = False
    ordering = ["-submitted_on", "-id"]

    @admin.display(description=_("motie"), ordering="kamerstuk__key")
    def key_display(self, obj: Motion) -> str:
        return obj.kamerstuk.key

    def responses_for(self, item):
        return list(item.kamerstuk.citations.filter(target="motion").exclude(review="rejected").select_related("letter"))


@admin.register(Commitment)
class CommitmentAdmin(TrackedAdmin):
    list_display = ["number", "short_text", "minister", "ministry", "status", "deadline", "owner"]
    list_select_related = ["ministry", "owner"]
    list_filter = [MyMinistryFilter, "status", OverdueFilter, ("deadline", admin.DateFieldListFilter)]
    search_fields = ["number", "text", "minister", "made_to_raw"]
    autocomplete_fields = ["ministry", "made_to_member", "made_to_party", "owner"]
    raw_id_fields = ["kamerstuk"]
    readonly_fields = ["status", "version", "source_id", "created_at", "updated_at"]
    show_full_result_count = False

    @admin.display(description=_("tekst"))
    def short_text(self, obj: Commitment) -> str:
        return obj.text[:100]

    def responses_for(self, item):
        return list(item.citations.exclude(review="rejected").select_related("letter"))


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: the audit trail is appended by the status service, never edited."""

    list_display = ["at", "subject_display", "old_status", "new_status", "by", "reason"]
    list_select_related = ["motion__kamerstuk", "commitment", "by"]
    list_filter = ["new_status"]
    search_fields = ["motion__kamerstuk__key", "reason", "commitment__number"]
    date_hierarchy = "at"
    show_full_result_count = False

    @admin.display(description=_("onderwerp"))
    def subject_display(self, obj: StatusChange) -> str:
        if obj.motion is not None:
            return obj.motion.kamerstuk.key
        return str(obj.commitment)


@admin.register(StaffProfile)
class StaffProfileAdmin(KeepsReadModel, admin.ModelAdmin):
    list_display = ["user", "role", "ministry"]
    list_select_related = ["user", "ministry"]
    list_filter = ["role", "ministry"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user", "ministry"]
