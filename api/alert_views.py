"""The alerts API: ``POST /api/v1/subscriptions/`` (anyone; double opt-in by e-mail) and
``/api/v1/webhooks/`` (a token's own webhooks, their secrets and their delivery log)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from alerts import services
from alerts.models import Delivery, Webhook
from api import alert_serializers as s
from common.api_errors import ErrorSerializer
from common.http import both_ways, KeysetPagination, SortKey, check_query_params

ERROR = OpenApiResponse(ErrorSerializer, description="Error (see the shape).")
AUTH_ERRORS: dict[int, Any] = {401: ERROR, 429: ERROR}
ID_PARAM = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The webhook's id.")


class SubscriptionsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Subscribe an e-mail address to a subject",
        description=(
            "Double opt-in: the address gets a mail with a confirmation link (valid SUBSCRIPTION_CONFIRM_DAYS days); "
            "nothing is sent before it is used. Always 202 with the same body, so the answer does not tell whether the "
            "address was subscribed already. Every message has a one-click unsubscribe link."
        ),
        request=s.SubscriptionRequestSerializer,
        responses={202: s.SubscriptionAcceptedSerializer, 400: ERROR, 413: ERROR, 415: ERROR, 429: ERROR},
        tags=["alerts"],
    )
    def post(self, request: Request) -> Response:
        serializer = s.SubscriptionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.subscribe(email=data["email"], subject=data["subject_fields"], language=data["language"], frequency=data["frequency"])
        except services.AlertError as exc:
            raise s._errors(exc)
        body = {"status": "confirmation_sent", "detail": "If the address is right, a confirmation link is on its way. Nothing is sent before it is used."}
        return Response(body, status=status.HTTP_202_ACCEPTED)


class DeliveryPagination(KeysetPagination):
    page_size = 50


@extend_schema_view(
    list=extend_schema(summary="Your webhooks", responses={200: s.WebhookSerializer(many=True), 400: ERROR, **AUTH_ERRORS}, tags=["webhooks"]),
    retrieve=extend_schema(summary="One of your webhooks", parameters=[ID_PARAM], responses={200: s.WebhookSerializer, 404: ERROR, **AUTH_ERRORS}, tags=["webhooks"]),
    create=extend_schema(
        summary="Register a webhook",
        description="Events are POSTed as JSON, signed with HMAC-SHA256 (header `Motietracker-Signature: t=<unix>,v1=<hex>`; see docs/ALERTS.md). "
        "The secret is in this response only.",
        responses={201: s.WebhookWithSecretSerializer, 400: ERROR, 413: ERROR, 415: ERROR, **AUTH_ERRORS},
        tags=["webhooks"],
    ),
    partial_update=extend_schema(
        summary="Change a webhook (or re-enable it: active=true)",
        parameters=[ID_PARAM],
        responses={200: s.WebhookSerializer, 400: ERROR, 404: ERROR, 413: ERROR, 415: ERROR, **AUTH_ERRORS},
        tags=["webhooks"],
    ),
    update=extend_schema(summary="Replace a webhook's settings", parameters=[ID_PARAM], responses={200: s.WebhookSerializer, 400: ERROR, 404: ERROR, 413: ERROR, 415: ERROR, **AUTH_ERRORS}, tags=["webhooks"]),
    destroy=extend_schema(summary="Remove a webhook (and its delivery log)", parameters=[ID_PARAM], responses={204: None, 404: ERROR, **AUTH_ERRORS}, tags=["webhooks"]),
)
class WebhookViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """A token's own webhooks. Someone else's webhook is a 404, not a 403: ids are not a directory."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.WebhookSerializer
    pagination_class = KeysetPagination
    filter_backends: list = []
    lookup_value_regex = r"[0-9]{1,18}"
    orderings = {**both_ways("created_at", "datetime")}
    default_ordering = "-created_at"

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        check_query_params(request)

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Webhook.objects.none()
        return Webhook.objects.for_owner(self.request.user).select_related("motion__kamerstuk", "dossier", "member", "party", "ministry")

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.save(owner=self.request.user)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(s.WebhookWithSecretSerializer(serializer.instance, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer: BaseSerializer) -> None:
        assert serializer.instance is not None  # update() passes the webhook it fetched
        was_active = serializer.instance.active
        with transaction.atomic():
            webhook = serializer.save()
            if webhook.active and not was_active:
                services.enable_webhook(webhook)

    @extend_schema(
        summary="Replace the webhook's secret",
        description="The old secret stops working at once; the new one is in this response only.",
        request=None,
        parameters=[ID_PARAM],
        responses={200: s.WebhookSecretSerializer, 404: ERROR, **AUTH_ERRORS},
        tags=["webhooks"],
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str | None = None) -> Response:
        webhook = self.get_object()
        return Response({"secret": services.rotate_secret(webhook)})

    @extend_schema(
        summary="The webhook's delivery log",
        description="One row per event sent (or being retried) to this webhook, newest first: state, attempts, "
        "the last error and HTTP status, when the next attempt is due.",
        parameters=[ID_PARAM],
        responses={200: s.DeliverySerializer(many=True), 400: ERROR, 404: ERROR, **AUTH_ERRORS},
        tags=["webhooks"],
    )
    @action(detail=True, methods=["get"], pagination_class=DeliveryPagination, orderings={"-id": SortKey("id", "int", True)}, default_ordering="-id")
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        webhook = self.get_object()
        rows = Delivery.objects.filter(webhook=webhook).select_related("event")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.DeliverySerializer(page, many=True).data)
