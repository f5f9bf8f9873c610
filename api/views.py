"""The read API for the parliamentary record, the change feed, and status changes by token.

Reads are anonymous, cacheable (ETag + If-None-Match → 304, Cache-Control) and use a constant
number of queries per request. Writes go through ``motions.services`` only: the view checks the
If-Match precondition against the item's versioned ETag and hands the version to the service,
which checks it again under the row lock; the service's WorkflowError becomes the HTTP status.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.db.models import (
    Count,
    Model,
    Prefetch,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import readmodel
from api import serializers as s
from common.api_errors import ApiError, ErrorSerializer
from common.http import (
    both_ways,
    CachingMixin,
    KeysetPagination,
    PreconditionRequired,
    SortKey,
    check_query_params,
    decode_seq,
    encode_seq,
    make_etag,
    none_match,
    not_modified,
    required_version,
    table_fingerprint,
)
from letters.filters import CommitmentFilter, MotionFilter
from letters.models import Citation
from motions.events import last_seq
from motions.filters import KamerstukFilter, MemberFilter
from motions.keys import InvalidKey, format_dossier_key, parse_dossier_key, parse_key
from motions.models import (
    Commitment,
    Dossier,
    Event,
    Kamerstuk,
    Member,
    Ministry,
    Motion,
    Party,
    ReadRow,
    Sponsorship,
    Status,
    overdue_annotation,
)
from motions.services import StaleVersion, WorkflowError, record_status

EARLY = dt.date(1, 1, 1)
LATE = dt.date(9999, 12, 31)

# WorkflowError.code → HTTP status. Anything the workflow refuses is the client's to fix: never a 500.
WORKFLOW_STATUS = {
    "stale": 412,
    "forbidden": 403,
    "invalid_transition": 409,
    "not_tracked": 409,
    "reason_required": 400,
    "invalid": 400,
}

# --- Schema pieces ----------------------------------------------------------------------------------------------

KEY_PATTERN = r"^(kst-)?[1-9][0-9]{0,5}(-([A-Za-z]{1,6}|[0-9]{1,3}))?-([1-9][0-9]{0,5}|[A-Za-z]{1,3})$"
KEY_PARAM = OpenApiParameter(
    "key",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    pattern=KEY_PATTERN,
    description="Kamerstuk key: 35207-83, 36600-V-31, 21501-20-2243; kst-35207-83 and free spellings such as '35 207, nr. 83' (URL-encoded) reach the same motion.",
)
DOSSIER_PARAM = OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=r"^[1-9][0-9]{0,5}(-([A-Za-z]{1,6}|[0-9]{1,3}))?$", description="Dossier key: 35207, 36600-V, 21501-20.")
SLUG_PARAM = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=r"^[-a-zA-Z0-9_]+$")
ID_PARAM = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)
IF_NONE_MATCH = OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False, description="An ETag you hold; 304 when it is still current.")
IF_MATCH = OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True, description="The ETag you last read (`etag` in the detail, or its ETag header): 428 without it, 412 when stale.")

ERROR = OpenApiResponse(ErrorSerializer, description="Error (see the shape).")
NOT_MODIFIED = OpenApiResponse(None, description="Not modified: your If-None-Match ETag is current.")
READ_ERRORS: dict[int, Any] = {304: NOT_MODIFIED, 400: ERROR, 406: ERROR, 429: ERROR}
DETAIL_ERRORS: dict[int, Any] = {**READ_ERRORS, 404: ERROR}
WRITE_ERRORS: dict[int, Any] = {
    400: ERROR,
    401: ERROR,
    403: ERROR,
    404: ERROR,
    409: OpenApiResponse(ErrorSerializer, description="The workflow refuses this transition (invalid_transition, not_tracked)."),
    412: OpenApiResponse(ErrorSerializer, description="Stale: the item changed since you read it; its current ETag is in the ETag header."),
    413: ERROR,
    415: ERROR,
    428: OpenApiResponse(ErrorSerializer, description="If-Match is missing."),
    429: ERROR,
}


def workflow_error(exc: WorkflowError, *, current_etag: str | None = None) -> ApiError:
    status = WORKFLOW_STATUS.get(exc.code, 400)
    fields = {"reason": [str(exc)]} if exc.code == "reason_required" else ({"status": [str(exc)]} if status == 400 else None)
    headers = {"ETag": current_etag} if (isinstance(exc, StaleVersion) and current_etag) else None
    return ApiError(status, exc.code, str(exc), fields=fields, headers=headers)


def parse_key_or_400(value: str):
    try:
        return parse_key(value)
    except InvalidKey as exc:
        raise ApiError(400, "invalid_key", str(exc), fields={"key": [str(exc)]})


# --- Base --------------------------------------------------------------------------------------------------------------


class ReadViewSet(CachingMixin, viewsets.GenericViewSet):
    """Lists with keyset cursors and cheap ETags; details with ETags. Subclasses say how."""

    permission_classes = [AllowAny]
    pagination_class: type[KeysetPagination] | None = KeysetPagination
    filter_backends = [DjangoFilterBackend]
    # (model, column, count rows?) whose change may change the list; None: hash the page instead.
    fingerprint: tuple[tuple[type, str | None, bool], ...] | None = None
    orderings: dict[str, SortKey] = {}
    default_ordering = ""
    detail_serializer_class: type | None = None

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        check_query_params(request)

    def validate_params(self, request: Request) -> None:
        """Filters, ordering, page size and cursor checked up front (no query): 400 before anything."""
        for backend in self.filter_backends:
            get_filterset = getattr(backend(), "get_filterset", None)
            if get_filterset is not None:
                filterset = get_filterset(request, self.get_queryset().none(), self)
                if filterset is not None and not filterset.is_valid():
                    raise exceptions.ValidationError(filterset.errors)
        paginator = self.paginator
        if paginator is not None and hasattr(paginator, "validate"):
            paginator.validate(request, self)

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def represent(self, page: list) -> list:
        return self.get_serializer(page, many=True).data

    def with_etag(self, request: Request, response: Response, etag: str | None) -> Response:
        """Set the ETag; without a cheap one, hash the data (fine for small tables)."""
        etag = etag or make_etag(request.get_full_path(), response.data)
        if none_match(request, etag):
            return not_modified(etag)
        response["ETag"] = etag
        return response


class ListMixin:
    """``list`` with a cheap ETag checked before the list query runs (when the view has one)."""

    def list(self: ReadViewSet, request: Request, *args, **kwargs) -> Response:  # type: ignore[misc]
        etag = None
        self.validate_params(request)  # a bad query has no representation to be "not modified"
        if self.fingerprint is not None:
            etag = make_etag(type(self).__name__, table_fingerprint(*self.fingerprint), request.get_full_path())
            if none_match(request, etag):
                return not_modified(etag)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset) or []
        response = self.get_paginated_response(self.represent(page))
        return self.with_etag(request, response, etag)


def annotate(obj: Model, **values: Any) -> None:
    """Attach what a view computed for an object (its ETag, the rows of its body) for the request;
    the serializers read them as ``source="api_…"`` attributes."""
    obj.__dict__.update(values)


def etag_of(obj: Model) -> str:
    """The ETag ``load_motion``/``load_commitment`` attached: the stored body's (``api.readmodel``)."""
    return str(obj.__dict__["api_etag"])


def _stored(kind: str, key: str, object_id: int | None = None) -> readmodel.Stored:
    stored = readmodel.read(kind, key, object_id)
    if stored is None:
        raise exceptions.NotFound(_("Niet gevonden: %(key)s.") % {"key": key})
    return stored


def read_motion(key: str) -> readmodel.Stored:
    """A motion's stored body by any spelling of its key (one indexed read); 400 or 404 otherwise."""
    parsed = parse_key_or_400(key)
    stored = readmodel.read(ReadRow.Kind.MOTION, str(parsed))
    if stored is None:
        raise exceptions.NotFound(_("Geen motie met sleutel %(key)s.") % {"key": parsed})
    return stored


def load_motion(key: str) -> Motion:
    """The motion (for a write) by any spelling of its key, with its current ETag; 400 or 404 otherwise."""
    parsed = parse_key_or_400(key)
    motion = Motion.objects.select_related("kamerstuk", "ministry").defer("search_vector", "text").filter(kamerstuk__key=str(parsed)).order_by().first()
    if motion is None:
        raise exceptions.NotFound(_("Geen motie met sleutel %(key)s.") % {"key": parsed})
    annotate(motion, api_etag=_stored(ReadRow.Kind.MOTION, motion.kamerstuk.key, motion.pk).etag)
    return motion


def load_commitment(pk: str | int) -> Commitment:
    commitment = Commitment.objects.select_related("ministry").filter(pk=int(pk)).order_by().first()
    if commitment is None:
        raise exceptions.NotFound(_("Geen toezegging met id %(id)s.") % {"id": pk})
    annotate(commitment, api_etag=_stored(ReadRow.Kind.COMMITMENT, str(commitment.pk), commitment.pk).etag)
    return commitment


class StoredResponse(Response):
    """A response whose JSON is already written (a stored body): rendered as it is, not re-encoded."""

    def __init__(self, text: str, etag: str, status: int = 200):
        super().__init__(data=None, status=status)
        self.text = text
        self["ETag"] = etag

    @property
    def rendered_content(self):
        renderer = getattr(self, "accepted_renderer", None)
        if renderer is not None and renderer.format == "json":
            self["Content-Type"] = f"{renderer.media_type}; charset={renderer.charset or 'utf-8'}"
            return self.text.encode()
        self.data = json.loads(self.text)
        return super().rendered_content


def stored_response(request: Request, stored: readmodel.Stored, *, status: int = 200, canonical: str | None = None) -> Response:
    """The stored body for this request: its host in the links, names for staff."""
    base = request.build_absolute_uri("/").rstrip("/")
    response = StoredResponse(stored.text(base, staff=s.sees_staff({"request": request})), stored.etag, status)
    if canonical and request.path != canonical:
        response["Content-Location"] = request.build_absolute_uri(canonical)
    return response


# --- Motions -------------------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Motions", parameters=[IF_NONE_MATCH], responses={200: s.MotionSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="A motion by its key", parameters=[KEY_PARAM, IF_NONE_MATCH], responses={200: s.MotionDetailSerializer, **DETAIL_ERRORS}),
)
class MotionViewSet(ListMixin, ReadViewSet):
    serializer_class = s.MotionSerializer
    detail_serializer_class = s.MotionDetailSerializer
    filterset_class = MotionFilter
    lookup_field = "key"
    lookup_value_regex = r"[^/]+"
    # No row count: counting 100,000 rows costs more than the page. Motions are never deleted but
    # for a placeholder the registry shows is no motion, and that sync also updates its paper.
    fingerprint = ((Motion, "updated_at", False), (Motion, None, False), (Kamerstuk, "updated_at", False), (Event, "seq", False))
    orderings = {**both_ways("submitted_on", "date", EARLY), **both_ways("vote_date", "date", EARLY), **both_ways("deadline", "date", LATE), **both_ways("updated_at", "datetime")}
    default_ordering = "-submitted_on"

    def get_queryset(self) -> QuerySet:
        # The list shows neither the text nor the search vector: they are most of a row's bytes.
        return Motion.objects.select_related("kamerstuk", "ministry").defer("text", "search_vector", "outcome_note").annotate(is_overdue=overdue_annotation(Motion))

    def load(self, key: str) -> Motion:
        return load_motion(key)

    def represent(self, page: list[Motion]) -> list[dict]:
        context = self.get_serializer_context()
        rows = Sponsorship.objects.filter(motion_id__in=[m.pk for m in page]).order_by("motion_id", "order", "id").values_list(*s.SUBMITTER_COLUMNS)
        submitters = s.submitters_by_motion(rows, context)
        return [s.motion_row(m, submitters.get(m.pk, []), context) for m in page]

    def detail_response(self, request: Request, motion: Motion, status: int = 200) -> Response:
        key = motion.kamerstuk.key
        return stored_response(request, _stored(ReadRow.Kind.MOTION, key, motion.pk), status=status, canonical=s.motion_path(key))

    def retrieve(self, request: Request, key: str) -> Response:
        stored = read_motion(key)
        if none_match(request, stored.etag):
            return not_modified(stored.etag)
        canonical = s.motion_path(str(parse_key(key)))
        return stored_response(request, stored, canonical=canonical)

    @extend_schema(
        summary="Change a motion's implementation status",
        description="Needs a token of staff of the motion's ministry (or a coordinator) and `If-Match` with the motion's current ETag. "
        "Answers with the updated motion and its new ETag.",
        parameters=[KEY_PARAM, IF_MATCH],
        request=s.StatusChangeRequestSerializer,
        responses={200: s.MotionDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="status", permission_classes=[IsAuthenticated])
    def status(self, request: Request, key: str) -> Response:
        motion = self.load(key)
        return change_status(self, request, motion, lambda: self.load(key), citations=Citation.objects.filter(kamerstuk_id=motion.kamerstuk_id, target="motion"))


def change_status(view: Any, request: Request, item: Motion | Commitment, reload, *, citations: QuerySet) -> Response:
    """The shared body of the two status endpoints."""
    if not request.META.get("HTTP_IF_MATCH", "").strip():
        raise PreconditionRequired()
    body = s.StatusChangeRequestSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    expected = required_version(request, etag_of(item))
    data = body.validated_data
    citation = None
    if data.get("citation"):
        citation = citations.exclude(review="rejected").select_related("letter").filter(pk=data["citation"]).first()
        if citation is None:
            raise ApiError(400, "invalid", _("Die verwijzing is geen antwoord op dit item."), fields={"citation": [_("Geen (niet-afgewezen) antwoord op dit item.")]})
    # The answer is read in the change's own transaction, under its row lock: it shows the state
    # this change made (its version and ETag), never a later change another client committed in
    # between — a client that chains writes on the ETag it got back skips nobody's change.
    with transaction.atomic():
        try:
            record_status(item, to=data["status"], by=request.user, reason=data.get("reason") or "", citation=citation, expected_version=expected, deadline=data.get("deadline"))
        except WorkflowError as exc:
            raise workflow_error(exc, current_etag=etag_of(reload()) if isinstance(exc, StaleVersion) else None)
        return view.detail_response(request, reload())


# --- Commitments ------------------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Commitments (toezeggingen)", parameters=[IF_NONE_MATCH], responses={200: s.CommitmentSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="A commitment", parameters=[IF_NONE_MATCH], responses={200: s.CommitmentDetailSerializer, **DETAIL_ERRORS}),
)
class CommitmentViewSet(ListMixin, ReadViewSet):
    serializer_class = s.CommitmentSerializer
    detail_serializer_class = s.CommitmentDetailSerializer
    filterset_class = CommitmentFilter
    lookup_value_regex = r"[0-9]{1,18}"
    fingerprint = ((Commitment, "updated_at", True), (Event, "seq", False))
    orderings = {**both_ways("made_on", "date", EARLY), **both_ways("deadline", "date", LATE), **both_ways("updated_at", "datetime")}
    default_ordering = "-made_on"

    def get_queryset(self) -> QuerySet:
        return Commitment.objects.select_related("ministry", "made_to_member", "made_to_party", "kamerstuk").annotate(is_overdue=overdue_annotation(Commitment))

    def load(self, pk: str | int) -> Commitment:
        return load_commitment(pk)

    def detail_response(self, request: Request, commitment: Commitment, status: int = 200) -> Response:
        return stored_response(request, _stored(ReadRow.Kind.COMMITMENT, str(commitment.pk), commitment.pk), status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        stored = readmodel.read(ReadRow.Kind.COMMITMENT, str(int(pk)))
        if stored is None:
            raise exceptions.NotFound(_("Geen toezegging met id %(id)s.") % {"id": pk})
        if none_match(request, stored.etag):
            return not_modified(stored.etag)
        return stored_response(request, stored)

    @extend_schema(
        summary="Change a commitment's implementation status",
        description="As for motions: a token of the commitment's ministry's staff and `If-Match` with its current ETag.",
        parameters=[IF_MATCH],
        request=s.StatusChangeRequestSerializer,
        responses={200: s.CommitmentDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="status", permission_classes=[IsAuthenticated])
    def status(self, request: Request, pk: str) -> Response:
        commitment = self.load(pk)
        return change_status(self, request, commitment, lambda: self.load(pk), citations=Citation.objects.filter(commitment_id=commitment.pk, target="commitment"))


# --- Papers and dossiers ------------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Kamerstukken (parliamentary papers)", parameters=[IF_NONE_MATCH], responses={200: s.KamerstukSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="A paper by its key", parameters=[KEY_PARAM, IF_NONE_MATCH], responses={200: s.KamerstukSerializer, **DETAIL_ERRORS}),
)
class KamerstukViewSet(ListMixin, ReadViewSet):
    serializer_class = s.KamerstukSerializer
    filterset_class = KamerstukFilter
    lookup_field = "key"
    lookup_value_regex = r"[^/]+"
    fingerprint = ((Kamerstuk, "updated_at", False), (Kamerstuk, None, False))  # papers are never deleted (PROTECT)
    orderings = {**both_ways("date", "date", EARLY), **both_ways("updated_at", "datetime")}
    default_ordering = "-date"

    def get_queryset(self) -> QuerySet:
        return Kamerstuk.objects.select_related("dossier").annotate(motion_id_api=Coalesce("motion__id", Value(0)))

    def retrieve(self, request: Request, key: str) -> Response:
        parsed = parse_key_or_400(key)
        paper = self.get_queryset().filter(key=str(parsed)).first()
        if paper is None:
            raise exceptions.NotFound(_("Geen Kamerstuk met sleutel %(key)s.") % {"key": parsed})
        etag = make_etag("paper", paper.pk, paper.updated_at, paper.motion_id_api)
        if none_match(request, etag):
            return not_modified(etag)
        response = Response(self.get_serializer(paper).data)
        response["ETag"] = etag
        return response


@extend_schema_view(
    list=extend_schema(summary="Dossiers", parameters=[IF_NONE_MATCH], responses={200: s.DossierSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="A dossier with its papers and motions", parameters=[DOSSIER_PARAM, IF_NONE_MATCH], responses={200: s.DossierDetailSerializer, **DETAIL_ERRORS}),
)
class DossierViewSet(ListMixin, ReadViewSet):
    serializer_class = s.DossierSerializer
    detail_serializer_class = s.DossierDetailSerializer
    queryset = Dossier.objects.all()
    filter_backends: list = []
    lookup_field = "key"
    lookup_value_regex = r"[^/]+"
    orderings = {**both_ways("number", "int")}
    default_ordering = "-number"

    def retrieve(self, request: Request, key: str) -> Response:
        try:
            number, toevoeging = parse_dossier_key(key)
        except InvalidKey as exc:
            raise ApiError(400, "invalid_key", str(exc), fields={"key": [str(exc)]})
        if int(number) > 2_147_483_647:
            raise exceptions.NotFound(_("Geen dossier %(key)s.") % {"key": key})
        key = format_dossier_key(number, toevoeging)
        stored = readmodel.read(ReadRow.Kind.DOSSIER, key)
        if stored is None:
            raise exceptions.NotFound(_("Geen dossier %(key)s.") % {"key": key})
        if none_match(request, stored.etag):
            return not_modified(stored.etag)
        return stored_response(request, stored)


# --- People and ministries ---------------------------------------------------------------------------------------------------------


# A list, and one item by its slug: members, parties and ministries. (A comment, not a docstring: the
# OpenAPI schema takes an operation's description from the nearest docstring of the view's classes.)
class SlugViewSet(ListMixin, ReadViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[^/]+"

    def detail_by_slug(self, request: Request, slug: str, missing: str, queryset: QuerySet | None = None) -> Response:
        """The item with this slug (from ``queryset``, or the view's), its ETag a hash of its data;
        404 with ``missing`` (which names ``%(slug)s``) when there is none."""
        item = (self.get_queryset() if queryset is None else queryset).filter(slug=slug).first()
        if item is None:
            raise exceptions.NotFound(missing % {"slug": slug[:100]})
        self.add_detail(item)
        return self.with_etag(request, Response(self.get_serializer(item).data), None)

    def add_detail(self, item: Any) -> None:
        """Attach what the detail shows beyond the row (the serializer's ``api_…`` attributes)."""


@extend_schema_view(
    list=extend_schema(summary="Members of parliament", parameters=[IF_NONE_MATCH], responses={200: s.MemberSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="A member by slug", parameters=[SLUG_PARAM, IF_NONE_MATCH], responses={200: s.MemberDetailSerializer, **DETAIL_ERRORS}),
)
class MemberViewSet(SlugViewSet):
    serializer_class = s.MemberSerializer
    detail_serializer_class = s.MemberDetailSerializer
    queryset = Member.objects.select_related("party")
    filterset_class = MemberFilter
    orderings = {**both_ways("surname", "str")}
    default_ordering = "surname"

    def retrieve(self, request: Request, slug: str) -> Response:
        return self.detail_by_slug(request, slug, _("Geen Kamerlid met slug %(slug)s."))


@extend_schema_view(
    list=extend_schema(summary="Parties (fracties)", parameters=[IF_NONE_MATCH], responses={200: s.PartySerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="A party by slug, with its members", parameters=[SLUG_PARAM, IF_NONE_MATCH], responses={200: s.PartyDetailSerializer, **DETAIL_ERRORS}),
)
class PartyViewSet(SlugViewSet):
    serializer_class = s.PartySerializer
    detail_serializer_class = s.PartyDetailSerializer
    queryset = Party.objects.all()
    filter_backends: list = []
    orderings = {**both_ways("abbreviation", "str")}
    default_ordering = "abbreviation"

    def retrieve(self, request: Request, slug: str) -> Response:
        members = Prefetch("members", queryset=Member.objects.order_by("surname", "id"))
        return self.detail_by_slug(request, slug, _("Geen fractie met slug %(slug)s."), Party.objects.prefetch_related(members))


@extend_schema_view(
    list=extend_schema(summary="Ministries", parameters=[IF_NONE_MATCH], responses={200: s.MinistrySerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="A ministry by slug, with its workload", parameters=[SLUG_PARAM, IF_NONE_MATCH], responses={200: s.MinistryDetailSerializer, **DETAIL_ERRORS}),
)
class MinistryViewSet(SlugViewSet):
    serializer_class = s.MinistrySerializer
    detail_serializer_class = s.MinistryDetailSerializer
    queryset = Ministry.objects.all()
    filter_backends: list = []
    orderings = {**both_ways("name", "str")}
    default_ordering = "name"

    def retrieve(self, request: Request, slug: str) -> Response:
        return self.detail_by_slug(request, slug, _("Geen ministerie met slug %(slug)s."))

    def add_detail(self, ministry: Ministry) -> None:
        for model, name in ((Motion, "motion"), (Commitment, "commitment")):
            items = model.objects.for_ministry(ministry)
            counts = dict(items.exclude(status="").values_list("status").annotate(n=Count("id")).values_list("status", "n"))
            setattr(ministry, f"api_{name}_counts", [{"status": value, "count": counts.get(value, 0)} for value in Status.values])
            setattr(ministry, f"api_overdue_{name}s", items.overdue().count())


# --- The change feed -------------------------------------------------------------------------------------------------------------------


class ChangesView(CachingMixin, APIView):
    """``GET /api/v1/changes/?since=<cursor>``: events in commit order, and the cursor to poll with.

    Events are numbered when their transaction commits (``motions.events``), so everything at or
    below a seen number is already visible: ``seq > cursor`` never skips and never repeats.
    """

    permission_classes = [AllowAny]
    max_limit = 1000
    default_limit = 100

    @extend_schema(
        summary="The change feed",
        description="Every status change, response, review, assignment and motion change in commit order. Poll with the `next` cursor: "
        "you never miss an event and never see one twice, also while writes are going on. Without `since` it starts at the beginning; "
        "`since=now` starts after the newest event.",
        parameters=[
            OpenApiParameter("since", OpenApiTypes.STR, OpenApiParameter.QUERY, description="A cursor from `next` (or an event's `cursor`), or `now`.", pattern=r"^([A-Za-z0-9_-]{1,40}|now)$"),
            OpenApiParameter("limit", {"type": "integer", "minimum": 1, "maximum": max_limit}, OpenApiParameter.QUERY, description=f"Events per page (default {default_limit})."),
            IF_NONE_MATCH,
        ],
        responses={200: s.ChangesSerializer, **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        check_query_params(request)
        since = self.since(request)
        limit = self.limit(request)
        # As motions.events.events_after (seq > cursor, in seq order), but only the columns the feed
        # shows: a motion's text and search vector are most of its row.
        events = list(Event.objects.filter(seq__gt=since).order_by("seq").values_list(*s.EVENT_COLUMNS)[: limit + 1])
        has_more = len(events) > limit
        events = events[:limit]
        # A full page can never change (events are append-only and numbered at commit); a partial
        # one grows as events come in, so it may be cached only briefly.
        self.max_age = 300 if has_more else 5
        etag = make_etag("changes", since, limit, [(e[0], e[3]) for e in events])
        if none_match(request, etag):
            return not_modified(etag)
        next_cursor = encode_seq(events[-1][0] if events else since)
        data = {
            "events": s.event_rows(events, {"request": request}, encode_seq),
            "next": next_cursor,
            "next_url": request.build_absolute_uri(f"{request.path}?since={next_cursor}" + (f"&limit={limit}" if limit != self.default_limit else "")),
            "has_more": has_more,
        }
        response = Response(data)
        response["ETag"] = etag
        return response

    def since(self, request: Request) -> int:
        raw = request.query_params.get("since", "").strip()
        if not raw:
            return 0
        if raw == "now":
            return last_seq()
        try:
            return decode_seq(raw)
        except ValueError:
            raise ApiError(400, "invalid_cursor", _("Geen cursor van deze stroom; geef `next` door zoals u die kreeg."), fields={"since": [_("Geen cursor van deze stroom.")]})

    def limit(self, request: Request) -> int:
        raw = request.query_params.get("limit", "").strip()
        if not raw:
            return self.default_limit
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_limit:
            raise ApiError(400, "invalid", _("limit moet een geheel getal van 1 tot en met %(max)s zijn.") % {"max": self.max_limit}, fields={"limit": [_("Een geheel getal van 1 tot en met %(max)s.") % {"max": self.max_limit}]})
        return int(raw)
