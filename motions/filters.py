"""Query-string filters of the API lists. A value that cannot mean anything is a 400 with the
parameter's name and why (the form fields below validate), never an empty list or a 500."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from common.http import parse_when

from .keys import InvalidKey, parse_dossier_key
from .models import Commitment, Kamerstuk, Member, Ministry, Motion, Outcome, Party, Sponsorship, Status
from .search import MAX_QUERY_LENGTH, search_motions

VERGADERJAAR = re.compile(r"^(\d{4})-(\d{4})$")
SLUG_SCHEMA = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "maxLength": 200}
DOSSIER_SCHEMA = {"type": "string", "pattern": r"^[1-9][0-9]{0,5}(-([A-Za-z]{1,6}|[0-9]{1,3}))?$", "description": "Dossier key, e.g. 35207, 36600-V or 21501-20."}


# --- Form fields that say what is wrong ----------------------------------------------------------------


class StrictBooleanField(forms.Field):
    """Django's NullBooleanField reads "maybe" as "no filter"; an API should say it is wrong."""

    TRUE = {"true", "1", "yes"}
    FALSE = {"false", "0", "no"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError("Use true or false.")


class ParsedField(forms.CharField):
    """A parameter that ``parse`` reads: empty means no filter (None); ``parse`` raises a
    ValidationError that says what is wrong."""

    def to_python(self, value):
        value = super().to_python(value)
        return self.parse(value) if value else None

    def parse(self, value: str) -> Any:
        raise NotImplementedError


class DossierKeyField(ParsedField):
    def parse(self, value: str) -> tuple[int, str]:
        try:
            number, toevoeging = parse_dossier_key(value)
        except InvalidKey as exc:
            raise forms.ValidationError(str(exc))
        if int(number) > 2_147_483_647:
            raise forms.ValidationError("dossier number is too large")
        return int(number), toevoeging


class VergaderjaarField(ParsedField):
    def parse(self, value: str) -> str:
        # A well-formed year that cannot exist (2024-2026) simply matches nothing.
        if not VERGADERJAAR.match(value):
            raise forms.ValidationError("A parliamentary year is written like 2024-2025.")
        return value


class SinceField(ParsedField):
    def parse(self, value: str) -> dt.datetime:
        try:
            return parse_when(value)
        except ValueError as exc:
            raise forms.ValidationError(f"Expected an ISO 8601 date or date-time, e.g. 2025-01-31T12:00:00Z ({exc}).")


class SlugField(ParsedField):
    def parse(self, value: str) -> str:
        if not re.fullmatch(r"[-a-zA-Z0-9_]+", value):
            raise forms.ValidationError("Not a slug (letters, digits, hyphens).")
        return value


class QueryField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if value and len(value) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(f"At most {MAX_QUERY_LENGTH} characters.")
        return value


# --- Filters --------------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


@extend_schema_field(DOSSIER_SCHEMA)
class DossierFilter(filters.Filter):
    field_class = DossierKeyField

    def filter(self, qs: QuerySet, value):
        if value is None:
            return qs
        number, toevoeging = value
        return qs.filter(**{f"{self.field_name}__number": number, f"{self.field_name}__toevoeging": toevoeging})


@extend_schema_field({"type": "string", "pattern": r"^[0-9]{4}-[0-9]{4}$", "description": "Parliamentary year, e.g. 2024-2025."})
class VergaderjaarFilter(filters.Filter):
    field_class = VergaderjaarField


@extend_schema_field({"type": "string", "format": "date-time", "description": "Only rows changed at or after this moment (ISO 8601; a date means its start)."})
class SinceFilter(filters.Filter):
    field_class = SinceField

    def filter(self, qs: QuerySet, value):
        return qs if value is None else qs.filter(**{f"{self.field_name}__gte": value})


@extend_schema_field(SLUG_SCHEMA)
class SlugFilter(filters.Filter):
    field_class = SlugField


@extend_schema_field({"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH, "description": "Full-text search: words, \"a phrase\", -excluded."})
class QueryFilter(filters.Filter):
    field_class = QueryField


class MotionFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=Status.choices, distinct=False, help_text="Implementation status (repeat for several).")
    outcome = filters.MultipleChoiceFilter(choices=Outcome.choices, distinct=False, help_text="What the Kamer decided (repeat for several).")
    dossier = DossierFilter(field_name="kamerstuk__dossier", help_text="Dossier key, e.g. 35207 or 36600-V.")
    toevoeging = extend_schema_field({"type": "string", "minLength": 1, "maxLength": 10, "description": "Budget chapter or sub-dossier, e.g. V or 20."})(
        filters.CharFilter(field_name="kamerstuk__dossier__toevoeging", lookup_expr="iexact", max_length=10)
    )
    submitter = SlugFilter(method="filter_submitter", help_text="Slug of a member who (co-)submitted the motion.")
    party = SlugFilter(method="filter_party", help_text="Slug of a party one of whose members submitted the motion.")
    ministry = SlugFilter(method="filter_ministry", help_text="Slug of the responsible ministry.")
    vergaderjaar = VergaderjaarFilter(field_name="kamerstuk__vergaderjaar", help_text="Parliamentary year of the paper, e.g. 2024-2025.")
    overdue = StrictBooleanFilter(method="filter_overdue", help_text="Open or in progress past the deadline, with no letter answering it by then (partly done is not overdue).")
    updated_since = SinceFilter(field_name="updated_at")
    q = QueryFilter(method="filter_q", help_text="Full-text search in title and text (Dutch stemming); a key in any spelling finds that motion, a member's name or a party the motions they signed.")

    class Meta:
        model = Motion
        fields: list[str] = []

    def filter_ministry(self, qs: QuerySet, name: str, value: str | None) -> QuerySet:
        if not value:
            return qs
        # A scalar subquery, not a join: PostgreSQL then reads the ministry's motions from an index
        # on (ministry_id, sort key) in page order instead of sorting them all.
        return qs.filter(ministry_id=Subquery(Ministry.objects.filter(slug=value).values("id")[:1]))

    def filter_submitter(self, qs: QuerySet, name: str, value: str | None) -> QuerySet:
        if not value:
            return qs
        return qs.filter(Exists(Sponsorship.objects.filter(motion=OuterRef("pk"), member__slug=value)))

    def filter_party(self, qs: QuerySet, name: str, value: str | None) -> QuerySet:
        if not value:
            return qs
        # The party at the time of submitting, or (when the source did not say) the member's party.
        # A semi-join on ids (IN, not a correlated EXISTS through four joins) plans in a fraction of
        # the time and lets PostgreSQL hash the party's sponsorships (bench/bench_explain.py).
        party = Party.objects.filter(slug=value).values("pk")
        members = Member.objects.filter(party__in=party).values("pk")
        sponsored = Sponsorship.objects.filter(Q(party__in=party) | Q(party__isnull=True, member__in=members)).values("motion_id")
        return qs.filter(pk__in=sponsored)

    def filter_overdue(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        overdue = Motion.objects.overdue().values("pk")
        return qs.filter(pk__in=overdue) if value else qs.exclude(pk__in=overdue)

    def filter_q(self, qs: QuerySet, name: str, value: str | None) -> QuerySet:
        return search_motions(qs, value) if value else qs


class CommitmentFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=Status.choices, distinct=False, help_text="Implementation status (repeat for several).")
    ministry = SlugFilter(field_name="ministry__slug", help_text="Slug of the ministry that made it.")
    member = SlugFilter(field_name="made_to_member__slug", help_text="Slug of the member it was made to.")
    party = SlugFilter(field_name="made_to_party__slug", help_text="Slug of the party it was made to.")
    dossier = DossierFilter(field_name="kamerstuk__dossier", help_text="Dossier of the paper where it was made.")
    overdue = StrictBooleanFilter(method="filter_overdue", help_text="Open or in progress past the deadline, with no letter answering it by then (partly done is not overdue).")
    updated_since = SinceFilter(field_name="updated_at")

    class Meta:
        model = Commitment
        fields: list[str] = []

    def filter_overdue(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        overdue = Commitment.objects.overdue().values("pk")
        return qs.filter(pk__in=overdue) if value else qs.exclude(pk__in=overdue)


class KamerstukFilter(filters.FilterSet):
    dossier = DossierFilter(field_name="dossier", help_text="Dossier key, e.g. 35207 or 36600-V.")
    kind = filters.MultipleChoiceFilter(choices=Kamerstuk.Kind.choices, distinct=False, help_text="Kind of paper (repeat for several).")
    vergaderjaar = VergaderjaarFilter(field_name="vergaderjaar", help_text="Parliamentary year, e.g. 2024-2025.")
    updated_since = SinceFilter(field_name="updated_at")

    class Meta:
        model = Kamerstuk
        fields: list[str] = []


class MemberFilter(filters.FilterSet):
    party = SlugFilter(field_name="party__slug", help_text="Slug of the member's party.")

    class Meta:
        model = Member
        fields: list[str] = []
