"""Letters in the API: read them with their citations, upload new ones (processed in Celery),
and confirm or reject suggested responses."""

from __future__ import annotations

import django_filters as filters
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api import letter_serializers as s
from api.views import (
    DETAIL_ERRORS,
    EARLY,
    IF_NONE_MATCH,
    READ_ERRORS,
    WRITE_ERRORS,
    ListMixin,
    ReadViewSet,
    load_commitment,
    load_motion,
    workflow_error,
)
from common.api_errors import ApiError
from common.http import (
    both_ways,
    PreconditionRequired,
    make_etag,
    none_match,
    not_modified,
    required_version,
)
from letters.ingest import LetterError, receive_letter
from letters.models import Citation, Letter
from letters.review import ReviewError, confirm_response, reject_response
from motions.filters import SinceFilter, SlugFilter
from motions.models import Event
from motions.services import WorkflowError, profile_of


class LetterFilter(filters.FilterSet):
    state = filters.MultipleChoiceFilter(choices=Letter.State.choices, distinct=False, help_text="Processing state (repeat for several).")
    ministry = SlugFilter(field_name="ministry__slug", help_text="Slug of the sending ministry.")
    updated_since = SinceFilter(field_name="updated_at")

    class Meta:
        model = Letter
        fields: list[str] = []


def _citations() -> QuerySet:
    return Citation.objects.select_related("kamerstuk", "commitment").order_by("start", "id")


@extend_schema_view(
    list=extend_schema(summary="Letters (Kamerbrieven)", parameters=[IF_NONE_MATCH], responses={200: s.LetterSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="A letter with its citations", parameters=[IF_NONE_MATCH], responses={200: s.LetterDetailSerializer, **DETAIL_ERRORS}),
)
class LetterViewSet(ListMixin, ReadViewSet):
    serializer_class = s.LetterSerializer
    detail_serializer_class = s.LetterDetailSerializer
    filterset_class = LetterFilter
    lookup_value_regex = r"[0-9]{1,18}"
    fingerprint = ((Letter, "updated_at", True), (Event, "seq", False))
    orderings = {**both_ways("date", "date", EARLY), **both_ways("updated_at", "datetime")}
    default_ordering = "-date"

    def get_queryset(self) -> QuerySet:
        return Letter.objects.select_related("ministry", "kamerstuk")

    def get_parsers(self):
        if getattr(self, "action", None) == "create" or (self.request is not None and self.request.method == "POST"):
            return [MultiPartParser(), FormParser()]
        return super().get_parsers()

    def get_permissions(self):
        if self.request is not None and self.request.method == "POST":
            return [IsAuthenticated()]
        return [AllowAny()]

    def retrieve(self, request: Request, pk: str) -> Response:
        letter = self.get_queryset().annotate(last_seq=Subquery(Event.objects.filter(letter_id=OuterRef("pk")).order_by("-seq").values("seq")[:1])).filter(pk=int(pk)).first()
        if letter is None:
            raise exceptions.NotFound(_("Geen brief met id %(id)s.") % {"id": pk})
        # Processing saves the letter (updated_at); reviews of its citations are events with its id.
        etag = make_etag("letter", letter.pk, letter.updated_at, letter.last_seq)
        if none_match(request, etag):
            return not_modified(etag)
        letter.api_citations = list(_citations().filter(letter=letter))
        response = Response(s.LetterDetailSerializer(letter, context=self.get_serializer_context()).data)
        response["ETag"] = etag
        return response

    @extend_schema(
        summary="Upload a letter",
        description="Multipart upload (field `file`, optional `title` and `date`). The file is checked and stored at once; text "
        "extraction and citation linking run in the background. Answers **202** with `Location` of the letter, whose `state` "
        "you poll until `done` (or `failed`). The same file again answers **303 See Other** with `Location` of the letter "
        "it already is (a failed one is queued again: 202).",
        request={"multipart/form-data": s.LetterUploadSerializer},
        responses={
            202: OpenApiResponse(s.UploadAcceptedSerializer, description="Stored and queued for processing."),
            303: OpenApiResponse(s.UploadAcceptedSerializer, description="This file was uploaded before: see Location."),
            **{k: v for k, v in WRITE_ERRORS.items() if k not in (409, 412, 428)},
        },
    )
    def create(self, request: Request) -> Response:
        if not (profile_of(request.user) or request.user.has_perm("letters.add_letter")):
            raise exceptions.PermissionDenied(_("Alleen medewerkers van een ministerie mogen brieven uploaden."))
        body = s.LetterUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            receipt = receive_letter(body.validated_data["file"], title=body.validated_data.get("title") or None, date=body.validated_data.get("date"), by=request.user)
        except LetterError as exc:
            raise ApiError(400, "invalid_letter", str(exc), fields={"file": [str(exc)]})
        letter = receipt.letter
        location = request.build_absolute_uri(f"/api/v1/letters/{letter.pk}/")
        payload = {"id": letter.pk, "url": location, "state": letter.state, "created": receipt.created}
        return Response(payload, status=202 if receipt.queued else 303, headers={"Location": location})


# --- Reviews ------------------------------------------------------------------------------------------------------------


@extend_schema_view(retrieve=extend_schema(summary="A citation", parameters=[IF_NONE_MATCH], responses={200: s.CitationSerializer, **DETAIL_ERRORS}))
class CitationViewSet(ReadViewSet):
    serializer_class = s.CitationSerializer
    filter_backends: list = []
    pagination_class = None
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet:
        return _citations()

    def retrieve(self, request: Request, pk: str) -> Response:
        citation = self.get_queryset().filter(pk=int(pk)).first()
        if citation is None:
            raise exceptions.NotFound(_("Geen verwijzing met id %(id)s.") % {"id": pk})
        return self.with_etag(request, Response(self.get_serializer(citation).data), None)

    def load(self, pk: str) -> Citation:
        citation = Citation.objects.select_related("letter", "kamerstuk__motion", "commitment").filter(pk=int(pk)).first()
        if citation is None:
            raise exceptions.NotFound(_("Geen verwijzing met id %(id)s.") % {"id": pk})
        return citation

    @extend_schema(
        summary="Confirm that the letter answers the cited motion or commitment",
        description="Optionally records a status in the same step (`status`, `reason`, `deadline`), with this citation as its "
        "source; then `If-Match` must carry the motion's or commitment's current ETag.",
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False, description="The item's ETag; required when `status` is given.")],
        request=s.ReviewRequestSerializer,
        responses={200: s.CitationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def confirm(self, request: Request, pk: str) -> Response:
        citation = self.load(pk)
        body = s.ReviewRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        status = body.validated_data.get("status")
        expected = None
        if status:
            subject = self._subject(citation)
            if not request.META.get("HTTP_IF_MATCH", "").strip():
                raise PreconditionRequired("Recording a status needs If-Match with the ETag of the motion or commitment.")
            expected = required_version(request, subject.api_etag)
        try:
            confirm_response(citation.pk, by=request.user, status=status, reason=body.validated_data.get("reason") or "", expected_version=expected, deadline=body.validated_data.get("deadline"))
        except ReviewError as exc:
            raise ApiError(400, "not_a_response", str(exc))
        except WorkflowError as exc:
            raise workflow_error(exc)
        return Response(self.get_serializer(self.get_queryset().get(pk=citation.pk)).data)

    @extend_schema(
        summary="Reject: the letter does not answer it (a mere mention)",
        request=None,
        responses={200: s.CitationSerializer, **{k: v for k, v in WRITE_ERRORS.items() if k not in (412, 428)}},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def reject(self, request: Request, pk: str) -> Response:
        citation = self.load(pk)
        try:
            reject_response(citation.pk, by=request.user)
        except ReviewError as exc:
            raise ApiError(400, "not_a_response", str(exc))
        except WorkflowError as exc:
            raise workflow_error(exc)
        return Response(self.get_serializer(self.get_queryset().get(pk=citation.pk)).data)

    def _subject(self, citation: Citation):
        if citation.target == Citation.Target.MOTION and citation.kamerstuk is not None and hasattr(citation.kamerstuk, "motion"):
            return load_motion(citation.kamerstuk.key)
        if citation.target == Citation.Target.COMMITMENT and citation.commitment_id:
            return load_commitment(citation.commitment_id)
        raise ApiError(400, "not_a_response", _("Deze verwijzing noemt geen motie of toezegging: er is geen status om vast te leggen."), fields={"status": [_("Niets om een status op vast te leggen.")]})

