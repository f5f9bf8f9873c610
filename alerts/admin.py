"""Admin for subscriptions, webhooks and the delivery log (read-only), in bounded queries."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyMixin, ViewOnlyMixin

from . import services
from .models import Delivery, Subscription, Webhook

SUBJECT_RELATED = ("motion__kamerstuk", "dossier", "member", "party", "ministry")
SUBJECT_RAW_IDS = ("motion", "dossier", "member", "party", "ministry")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "subject_display", "language", "frequency", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["subject_kind", "language", "frequency", ("confirmed_at", admin.EmptyFieldListFilter), ("unsubscribed_at", admin.EmptyFieldListFilter)]
    list_select_related = SUBJECT_RELATED
    search_fields = ["email", "query"]
    date_hierarchy = "created_at"
    raw_id_fields = SUBJECT_RAW_IDS  # a select of 100,000 motions is no form
    readonly_fields = ["subject_key", "created_at", "confirmation_requested_at", "confirmation_sent_at"]
    fields = ["email", "subject_kind", *SUBJECT_RAW_IDS, "query", "facets", "subject_key", "language", "frequency", "created_at", "confirmation_requested_at", "confirmation_sent_at", "confirmed_at", "unsubscribed_at"]
    actions = ["unsubscribe_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related(*SUBJECT_RELATED)

    @admin.display(description=_("onderwerp"), ordering="subject_key")
    def subject_display(self, obj: Subscription) -> str:
        return obj.subject_label()

    @admin.action(description=_("Geselecteerde abonnementen beëindigen"), permissions=["change"])
    def unsubscribe_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for subscription in queryset.filter(unsubscribed_at__isnull=True):
            services.unsubscribe(subscription)
            count += 1
        self.message_user(request, _("%d abonnementen beëindigd.") % count, messages.SUCCESS)


class RecentDeliveryInline(ViewOnlyMixin, admin.TabularInline):
    """The newest deliveries of this webhook; the whole log is one click away (filtered list)."""

    model = Delivery
    fk_name = "webhook"
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("laatste bezorgingen")
    # A tuple: one value for both attributes (a list would be typed for only one of them).
    fields = readonly_fields = ("event", "state", "attempts", "response_status", "last_error", "next_attempt_at", "sent_at")
    RECENT = 20

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request).select_related("event")
        match = request.resolver_match
        object_id = match.kwargs.get("object_id") if match else None
        if object_id is None or not str(object_id).isdigit():
            return qs.none()
        recent = Delivery.objects.filter(webhook_id=int(object_id)).order_by("-id").values("pk")[: self.RECENT]
        return qs.filter(pk__in=Subquery(recent)).order_by("-id")


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "owner", "subject_display", "active", "consecutive_failures", "disabled_at", "last_success_at", "log"]
    list_filter = ["active", "subject_kind"]
    list_select_related = ("owner", *SUBJECT_RELATED)
    search_fields = ["url", "description", "owner__username"]
    raw_id_fields = ("owner", *SUBJECT_RAW_IDS)
    readonly_fields = ["secret_hint", "subject_key", "consecutive_failures", "disabled_at", "last_success_at", "created_at", "log"]
    fields = ["owner", "url", "description", "subject_kind", *SUBJECT_RAW_IDS, "query", "facets", "subject_key", "kinds", "active", "secret_hint", "consecutive_failures", "disabled_at", "last_success_at", "created_at", "log"]
    inlines = [RecentDeliveryInline]
    actions = ["enable_selected"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("onderwerp"), ordering="subject_key")
    def subject_display(self, obj: Webhook) -> str:
        return obj.subject_label()

    @admin.display(description=_("geheim"))
    def secret_hint(self, obj: Webhook) -> str:
        # Shown once through the API; here only enough to tell two secrets apart.
        return f"{obj.secret[:10]}…" if obj.secret else "—"

    @admin.display(description=_("bezorglog"))
    def log(self, obj: Webhook) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("admin:alerts_delivery_changelist") + f"?webhook__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("alle bezorgingen"))

    @admin.action(description=_("Weer aanzetten (en versturen wat bleef liggen)"), permissions=["change"])
    def enable_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for webhook in queryset.filter(active=False):
            services.enable_webhook(webhook)
            count += 1
        self.message_user(request, _("%d webhooks aangezet.") % count, messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The delivery log: what was sent to whom, when, after how many attempts. Read-only."""

    list_display = ["id", "recipient", "event", "state", "digest", "attempts", "response_status", "next_attempt_at", "sent_at", "error"]
    list_filter = ["state", "digest", ("webhook", admin.EmptyFieldListFilter)]
    list_select_related = ("subscription", "webhook", "event")
    search_fields = ["subscription__email", "webhook__url", "last_error"]
    date_hierarchy = "created_at"
    show_full_result_count = False  # counting millions of log rows on every page is not worth it
    actions = ["retry_now"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("subscription", "webhook", "event")

    @admin.display(description=_("ontvanger"))
    def recipient(self, obj: Delivery) -> str:
        if obj.subscription_id and obj.subscription is not None:
            return obj.subscription.email
        return obj.webhook.url if obj.webhook is not None else "—"

    @admin.display(description=_("fout"))
    def error(self, obj: Delivery) -> str:
        return obj.last_error[:80]

    @admin.action(description=_("Nu opnieuw proberen (mislukte of wachtende)"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        from .fanout import queue_deliveries

        now = timezone.now()
        rows = list(queryset.filter(state__in=[Delivery.State.FAILED, Delivery.State.PENDING]).values_list("pk", "webhook_id", "digest"))
        Delivery.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(state=Delivery.State.PENDING, next_attempt_at=now)
        queue_deliveries([pk for pk, hook, digest in rows if hook is None and not digest], [pk for pk, hook, _ in rows if hook is not None])
        self.message_user(request, _("%d bezorgingen opnieuw ingepland.") % len(rows), messages.SUCCESS)
