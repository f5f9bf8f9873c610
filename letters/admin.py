"""Staff admin for letters: upload, the letter with its citations, and the review queue."""

from __future__ import annotations

import hashlib

from django import forms
from django.core.files.base import ContentFile
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import path
from django.utils.safestring import mark_safe
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin import ViewOnlyMixin

from .ingest import LetterError, check_letter_bytes, enqueue_letter, read_upload, receive_letter
from motions.events import touch

from .models import Citation, Harvest, Letter, MotionMention, Response, refresh_answered_on
from motions.models import Status
from motions.services import NotAllowed, WorkflowError, profile_of

from .review import ReviewError, accept_suggestion, confirm_response, reject_response


class StaffAccessMixin:
    """Ministry staff (a StaffProfile) may read letters, upload them and review responses;
    per-item rules are enforced by the services, not by Django's model permissions."""

    def has_view_permission(self, request, obj=None):
        return bool(profile_of(request.user)) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return bool(profile_of(request.user)) or super().has_module_permission(request)


class CitationInline(ViewOnlyMixin, admin.TabularInline):
    model = Citation
    extra = 0
    can_delete = False
    # A tuple: one value for both attributes (a list would be typed for only one of them).
    fields = readonly_fields = ("raw", "kind", "target", "source", "key", "kamerstuk", "commitment", "review", "excerpt", "section")
    ordering = ["start"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("kamerstuk", "commitment")


class LetterForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["file", "title", "date", "ministry", "kamerstuk"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or self.instance.pk:
            return upload
        try:
            data, name = read_upload(upload)
            check_letter_bytes(data, name)
        except LetterError as exc:
            raise forms.ValidationError(str(exc))
        duplicate = Letter.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()
        if duplicate is not None:
            raise forms.ValidationError(
                format_html('Deze brief is al geüpload: <a href="{}">{}</a>', reverse("admin:letters_letter_change", args=[duplicate.pk]), duplicate)
            )
        self.upload_bytes, self.upload_name = data, name
        return upload


@admin.register(Letter)
class LetterAdmin(StaffAccessMixin, admin.ModelAdmin):
    form = LetterForm
    list_display = ["__str__", "date", "sender_function", "ministry", "state", "uploaded_at"]
    list_select_related = ["ministry"]
    list_filter = ["state", "format", "ministry"]
    search_fields = ["title", "sender_name", "sender_function", "sha256", "original_filename"]
    autocomplete_fields = ["ministry"]
    raw_id_fields = ["kamerstuk"]
    readonly_fields = [
        "page_link", "sender_function", "sender_name", "sha256", "size", "format", "state", "error", "attempts", "uploaded_by", "uploaded_at", "processed_at", "original_filename",
        "document_id", "document_number", "version_id", "version_number", "version_size", "harvested_at",
    ]
    inlines = [CitationInline]
    date_hierarchy = "date"
    show_full_result_count = False
    actions = ["reprocess"]

    def get_inlines(self, request, obj=None):
        return self.inlines if obj is not None else []  # citations exist only after processing

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["file", "title", "date", "ministry"]
        return ["page_link", "title", "date", "ministry", "kamerstuk", "sender_function", "sender_name", "file", "original_filename", "sha256", "size", "format", "state", "error", "attempts", "uploaded_by", "uploaded_at", "processed_at"]

    def has_add_permission(self, request):
        return bool(profile_of(request.user)) or super().has_add_permission(request)

    @admin.display(description=_("pagina"))
    def page_link(self, obj: Letter) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Bekijk de brief met gemarkeerde verwijzingen"))

    def save_model(self, request, obj: Letter, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            if form.changed_data:  # its date decides what it answered in time; title and date show on every answer
                answered = list(obj.citations.values_list("kamerstuk_id", "commitment_id"))
                refresh_answered_on(papers=[p for p, _ in answered], commitments=[c for _, c in answered])
            return
        # A new letter goes the one way in, like an upload through the API.
        upload = ContentFile(form.upload_bytes, name=form.upload_name)
        receipt = receive_letter(upload, title=obj.title or None, date=obj.date, ministry=obj.ministry, by=request.user)
        obj.pk, obj._state.adding = receipt.letter.pk, False
        messages.info(request, _("De brief wordt verwerkt; ververs de pagina om de verwijzingen te zien."))

    @admin.action(description=_("Opnieuw verwerken (beoordelingen blijven behouden)"))
    def reprocess(self, request, queryset) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(state=Letter.State.QUEUED)
        transaction.on_commit(lambda: [enqueue_letter(pk, force=True) for pk in ids])
        self.message_user(request, _("%(n)d brief(ven) opnieuw in de wachtrij gezet.") % {"n": len(ids)})


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["raw", "kind", "target", "source", "key", "letter", "review"]
    list_select_related = ["letter"]
    list_filter = ["target", "kind", "source", "review"]
    search_fields = ["key", "raw", "excerpt"]
    raw_id_fields = ["letter", "kamerstuk", "commitment"]
    readonly_fields = ["letter", "start", "end", "raw", "kind", "target", "source", "key", "excerpt", "section", "footnote", "review", "reviewed_by", "reviewed_at"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # citations come from ingestion

    def save_model(self, request, obj: Citation, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        touch(papers=[obj.kamerstuk_id], commitments=[obj.commitment_id])  # the answers they show

    def delete_model(self, request, obj: Citation) -> None:
        paper, commitment = obj.kamerstuk_id, obj.commitment_id
        super().delete_model(request, obj)
        refresh_answered_on(papers=[paper], commitments=[commitment])


class ReviewFilter(admin.SimpleListFilter):
    title = _("beoordeling")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("suggested", _("te beoordelen")), ("confirmed", _("bevestigd")), ("rejected", _("afgewezen")), ("all", _("alle"))]

    def choices(self, changelist):
        # "te beoordelen" is the default: the queue opens on what still needs a decision.
        value = self.value() or "suggested"
        for lookup, title in self.lookup_choices:
            yield {"selected": value == lookup, "query_string": changelist.get_query_string({self.parameter_name: lookup}), "display": title}

    def queryset(self, request, queryset):
        value = self.value() or "suggested"
        return queryset if value == "all" else queryset.filter(review=value)


class ConfirmWithStatusForm(forms.Form):
    reason = forms.CharField(label=_("reden (optioneel; standaard: de brief)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def _confirm_with(to: str):
    def action(modeladmin, request, queryset):
        return modeladmin.confirm_with_status(request, queryset, to)

    action.__name__ = f"confirm_{to}"
    return admin.action(description=_("Bevestigen en status vastleggen: %(s)s") % {"s": Status(to).label})(action)


@admin.register(Response)
class ResponseAdmin(StaffAccessMixin, admin.ModelAdmin):
    """The review queue: suggested responses with their excerpts and what the letter says happened;
    accept a suggestion in one click, confirm with another status, or reject — also in bulk."""

    change_list_template = "admin/letters/response_change_list.html"

    list_display = ["subject", "target", "submitters_display", "letter_link", "excerpt_display", "suggestion_display", "accept_button", "review"]
    list_select_related = ["letter", "kamerstuk", "commitment"]
    list_filter = [ReviewFilter, "target", "suggested_status", "letter__ministry"]
    search_fields = ["key", "excerpt", "letter__title"]
    actions = ["accept_suggestions", "confirm", "reject"] + [_confirm_with(s) for s in (Status.IN_UITVOERING, Status.DEELS_AFGEDAAN, Status.AFGEDAAN, Status.NIET_UITGEVOERD)]
    show_full_result_count = False
    ordering = ["-letter__date", "letter_id", "start"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(target__in=[Citation.Target.MOTION, Citation.Target.COMMITMENT])

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The changelist's actions need "change"; the per-item rule lives in letters.review.
        return obj is None and (bool(profile_of(request.user)) or super().has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("motie / toezegging"), ordering="key")
    def subject(self, obj: Citation) -> str:
        if obj.target == Citation.Target.MOTION:
            return format_html('<a href="{}">{}</a>', reverse("motion-detail", args=[obj.key]), obj.key)
        if obj.commitment is not None:
            return format_html('<a href="{}">{}</a>', obj.commitment.get_absolute_url(), obj.key or obj.commitment)
        return obj.key

    @admin.display(description=_("wat de brief zegt"))
    def suggestion_display(self, obj: Citation) -> str:
        if not obj.suggested_status:
            return "—"
        text = obj.letter.text or ""
        words = [text[e["start"] : e["end"]] for e in obj.suggestion_evidence if e.get("label") == obj.suggested_status][:3]
        parts = [format_html("<strong>{}</strong> ({})", obj.get_suggested_status_display(), f"{obj.suggestion_confidence or 0:.0%}")]
        if words:
            parts.append(format_html("<br><mark>{}</mark>", " … ".join(w.strip() for w in words)))
        if obj.suggestion_obstacle:
            o = obj.suggestion_obstacle
            parts.append(format_html("<br>{}: <mark>{}</mark>", _("belemmering"), text[o["start"] : o["end"]].strip()))
        if obj.suggested_deadline:
            parts.append(format_html("<br>{}: {} ({})", _("nieuwe termijn"), obj.suggested_deadline.strftime("%d-%m-%Y"), obj.suggested_deadline_text))
        if obj.suggestion_accepted is not None:
            parts.append(format_html("<br><em>{}</em>", _("overgenomen") if obj.suggestion_accepted else _("andere keuze")))
        return format_html("{}", mark_safe("".join(str(p) for p in parts)))

    @admin.display(description=_("overnemen"))
    def accept_button(self, obj: Citation) -> str:
        if obj.suggested_status in ("", Citation.Suggestion.GEEN) or obj.suggestion_accepted:
            return "—"
        return format_html(
            '<button type="submit" form="accept-{}" class="button">{}</button>',
            obj.pk,
            _("Suggestie overnemen"),
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            # One small form per row, outside the changelist form (forms cannot nest).
            rows = response.context_data["cl"].result_list
            response.context_data["accept_forms"] = [c.pk for c in rows]
        return response

    def get_urls(self):
        return [path("<int:pk>/accept/", self.admin_site.admin_view(self.accept_view), name="letters_response_accept")] + super().get_urls()

    def accept_view(self, request, pk: int):
        if request.method != "POST":
            return redirect("admin:letters_response_changelist")
        try:
            accept_suggestion(pk, by=request.user)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc))
        except (ReviewError, WorkflowError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Suggestie overgenomen en vastgelegd."))
        return redirect(request.META.get("HTTP_REFERER") or reverse("admin:letters_response_changelist"))

    @admin.action(description=_("Suggestie overnemen (status en termijn zoals de brief zegt)"))
    def accept_suggestions(self, request, queryset) -> None:
        self._apply(request, queryset, lambda c, by: accept_suggestion(c, by=by), str(_("overgenomen")))

    @admin.display(description=_("indieners volgens de brief"))
    def submitters_display(self, obj: Citation) -> str:
        return ", ".join(obj.submitters or [])

    @admin.display(description=_("brief"), ordering="letter__date")
    def letter_link(self, obj: Citation) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.letter)

    @admin.display(description=_("fragment"))
    def excerpt_display(self, obj: Citation) -> str:
        return obj.excerpt[:400]

    def _apply(self, request, queryset, service, label: str, **kwargs) -> None:
        done = 0
        for citation in queryset:
            try:
                service(citation, by=request.user, **kwargs)
                done += 1
            except (ReviewError, WorkflowError) as exc:
                self.message_user(request, f"{citation.key}: {exc}", level=messages.ERROR)
        self.message_user(request, _("%(n)d antwoord(en) %(label)s.") % {"n": done, "label": label})

    def confirm_with_status(self, request, queryset, to: str):
        """Confirm and, in the same step, record the status the letter reports (source: the citation)."""
        form = ConfirmWithStatusForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self._apply(request, queryset, confirm_response, str(_("bevestigd")), status=to, reason=form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Bevestigen en status vastleggen: %(s)s") % {"s": Status(to).label},
            "queryset": queryset,
            "form": form,
            "action": f"confirm_{to}",
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/motions/bulk_status.html", context)

    @admin.action(description=_("Bevestigen: de brief antwoordt op deze motie/toezegging"))
    def confirm(self, request, queryset) -> None:
        self._apply(request, queryset, confirm_response, str(_("bevestigd")))

    @admin.action(description=_("Afwijzen: slechts een vermelding"))
    def reject(self, request, queryset) -> None:
        self._apply(request, queryset, reject_response, str(_("afgewezen")))


@admin.register(Harvest)
class HarvestAdmin(StaffAccessMixin, admin.ModelAdmin):
    """The harvest's rows, read-only: the overview is /beheer/oogst/, retrying is harvest_letters --retry-failed."""

    list_display = ["document_number", "state", "reason", "attempts", "downloads", "letter", "updated_at"]
    list_select_related = ["letter"]
    list_filter = ["state"]
    search_fields = ["document_number", "reason"]
    readonly_fields = ["document", "document_number", "state", "reason", "attempts", "downloads", "again", "letter", "queued_at", "enqueued_at", "finished_at", "updated_at"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class ResolvedFilter(admin.SimpleListFilter):
    title = _("gekoppeld")
    parameter_name = "resolved"

    def lookups(self, request, model_admin):
        return [("no", _("nee: voor de staf")), ("yes", _("ja: voorgesteld"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.unresolved()
        if self.value() == "yes":
            return queryset.proposed()
        return queryset


@admin.register(MotionMention)
class MotionMentionAdmin(StaffAccessMixin, ViewOnlyMixin, admin.ModelAdmin):
    """Motions letters name without a number: the unresolved ones are for staff to link by hand.
    Mentions come from ingestion: none is added or changed here."""

    list_display = ["raw", "letter", "best", "confidence", "runner_up", "runner_up_confidence", "citation"]
    list_select_related = ["letter", "best__kamerstuk", "runner_up__kamerstuk", "citation"]
    list_filter = [ResolvedFilter]
    search_fields = ["raw", "subject"]
    readonly_fields = ["letter", "start", "end", "raw", "submitters", "subject", "best", "confidence", "runner_up", "runner_up_confidence", "citation"]
    show_full_result_count = False
