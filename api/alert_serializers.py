"""API shapes of the alerts app: subscribing by e-mail, webhooks, and their delivery log.

Subjects are addressed as everywhere in the API: a motion or dossier by its key (``35207-83``,
``36600-V``), a member, party or ministry by its slug; a saved search by ``query`` and ``facets``
(the motion list's filters, e.g. ``{"status": ["open"], "ministry": "bz"}``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alerts import services
from alerts.models import Delivery, SubjectKind, Subscription, Webhook
from motions.models import Event
from motions.search import MAX_QUERY_LENGTH


def _errors(exc: services.AlertError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.fields or {"non_field_errors": [exc.message]})


def natural_subject(obj: Subscription | Webhook) -> str | None:
    """How the API names the followed thing (reads the select_related subject; no query)."""
    kind = obj.subject_kind
    if kind == SubjectKind.MOTION and obj.motion is not None:
        return obj.motion.kamerstuk.key
    if kind == SubjectKind.DOSSIER and obj.dossier is not None:
        return obj.dossier.key
    if kind in (SubjectKind.MEMBER, SubjectKind.PARTY, SubjectKind.MINISTRY):
        subject = obj.subject
        return getattr(subject, "slug", None)
    return None


class SubjectMixin(serializers.Serializer):
    subject = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=200,
        help_text="Key or slug of what to follow: motion 35207-83, dossier 36600-V, member/party/ministry slug. Not for search or all.",
    )
    query = serializers.CharField(required=False, allow_blank=True, max_length=MAX_QUERY_LENGTH, help_text="Search words (subject_kind search).")
    facets = serializers.DictField(required=False, help_text='Filters of the motion list (subject_kind search), e.g. {"status": ["open"], "ministry": "bz"}.')

    allow_all = False

    def subject_data(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs.get("subject_kind")
        try:
            return services.subject_fields(kind, attrs.get("subject"), by_pk=False, query=attrs.get("query", ""), facets=attrs.get("facets"), allow_all=self.allow_all)
        except services.AlertError as exc:
            raise _errors(exc)


class SubscriptionRequestSerializer(SubjectMixin):
    email = serializers.EmailField(max_length=254)
    subject_kind = serializers.ChoiceField(choices=SubjectKind.for_subscriptions())
    language = serializers.ChoiceField(choices=Subscription.Language.choices, default=Subscription.Language.NL)
    frequency = serializers.ChoiceField(choices=Subscription.Frequency.choices, default=Subscription.Frequency.IMMEDIATE)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["subject_fields"] = self.subject_data(attrs)
        return attrs


class SubscriptionAcceptedSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="Always `confirmation_sent`: whether the address was subscribed already is not told.")
    detail = serializers.CharField()


class WebhookSerializer(SubjectMixin, serializers.ModelSerializer):
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.Kind.choices), required=False, max_length=len(Event.Kind.values),
        help_text="Event kinds to receive; empty: answers, status changes and votes (new motions for a search; all four for `all`).",
    )
    url = serializers.URLField(max_length=500)
    deliveries_url = serializers.SerializerMethodField()

    allow_all = True

    class Meta:
        model = Webhook
        fields = [
            "id", "url", "description", "subject_kind", "subject", "query", "facets", "kinds", "active",
            "consecutive_failures", "disabled_at", "last_success_at", "created_at", "deliveries_url",
        ]
        read_only_fields = ["id", "consecutive_failures", "disabled_at", "last_success_at", "created_at"]
        extra_kwargs = {"active": {"help_text": "Set to true to re-enable a webhook that was disabled after failures; what piled up is then sent."}}

    def to_representation(self, instance: Webhook) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["subject"] = natural_subject(instance)
        return data

    @extend_schema_field(OpenApiTypes.URI)
    def get_deliveries_url(self, obj: Webhook) -> str:
        request = self.context.get("request")
        path = f"/api/v1/webhooks/{obj.pk}/deliveries/"
        return request.build_absolute_uri(path) if request is not None else path

    def validate_url(self, value: str) -> str:
        try:
            services.check_webhook_url(value)
        except services.AlertError as exc:
            raise serializers.ValidationError(exc.fields.get("url") or [exc.message])
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        subject_given = any(name in attrs for name in ("subject_kind", "subject", "query", "facets"))
        if self.instance is None or subject_given:
            merged = {
                "subject_kind": attrs.get("subject_kind", getattr(self.instance, "subject_kind", None)),
                "subject": attrs.get("subject", natural_subject(self.instance) if self.instance else None),
                "query": attrs.get("query", getattr(self.instance, "query", "")),
                "facets": attrs.get("facets", getattr(self.instance, "facets", None)),
            }
            fields = self.subject_data(merged)
            # Every subject field is set: the old subject's foreign key must not linger.
            attrs.update({"motion": None, "dossier": None, "member": None, "party": None, "ministry": None, "query": "", "facets": {}, **fields})
        attrs.pop("subject", None)
        return attrs


class WebhookWithSecretSerializer(WebhookSerializer):
    secret = serializers.CharField(read_only=True, help_text="Shown only now: keep it. It signs every request (see docs/ALERTS.md).")

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class WebhookSecretSerializer(serializers.Serializer):
    secret = serializers.CharField(read_only=True, help_text="The new secret, shown only now. The old one stops working at once.")


class DeliveryEventSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Event.Kind.choices)
    key = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ["seq", "kind", "at", "key"]

    def get_key(self, obj: Event) -> str | None:
        return (obj.payload or {}).get("key")


class DeliverySerializer(serializers.ModelSerializer):
    event = DeliveryEventSerializer(read_only=True)
    state = serializers.ChoiceField(choices=Delivery.State.choices, read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "event", "state", "attempts", "next_attempt_at", "last_error", "response_status", "sent_at", "created_at"]
        read_only_fields = fields
