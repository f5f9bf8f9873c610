"""What the API says about motions, commitments, papers, dossiers, members, parties, ministries
and change-feed events. Read-only shapes, plus the body of a status change.

Every representation carries absolute links: ``url`` (itself in the API) and ``web_url`` (the page).
Views fetch with select_related/prefetch_related first; nothing here runs a query per row.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from letters.models import suggestion_shape
from letters.reading.answers import LABELS
from motions.models import (
    Commitment,
    Event,
    Kabinetsappreciatie,
    Kamerstuk,
    Member,
    Motion,
    Outcome,
    Sponsorship,
    Status,
    Vote,
    votes_complete,
)
from motions.models import is_overdue as overdue_now

# --- Helpers -------------------------------------------------------------------------------------------------


def absolute(context: Mapping[str, Any], path: str) -> str:
    """An absolute URL for a site path. The host part is computed once per response."""
    base = context.get("_base")
    if base is None:
        request = context.get("request")
        base = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
        if isinstance(context, dict):  # DRF's context is a dict: computed once per response
            context["_base"] = base
    return base + path


def motion_path(key: str) -> str:
    return f"/api/v1/motions/{key}/"


def motion_page(key: str) -> str:
    return f"/moties/{key}/"


class NullableChoiceField(serializers.ChoiceField):
    """A choice that may be unset in the database (""): null in the API, never an empty string."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class LinkField(serializers.Field):
    """An absolute link built from the object by ``path(obj)``."""

    def __init__(self, path, **kwargs):
        self.path = path
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        path = self.path(obj)
        return absolute(self.context, path) if path else None


extend_schema_field({"type": "string", "format": "uri"})(LinkField)


# --- Small nested shapes -------------------------------------------------------------------------------------


class MinistryRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    abbreviation = serializers.CharField()
    url = LinkField(lambda m: f"/api/v1/ministries/{m.slug}/")


class PartyRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    abbreviation = serializers.CharField()
    name = serializers.CharField()
    url = LinkField(lambda p: f"/api/v1/parties/{p.slug}/")


class SubmitterSerializer(serializers.Serializer):
    name = serializers.CharField(source="member.display_name", help_text="As motions name a member: 'Van der Lee'.")
    full_name = serializers.CharField(source="member.full_name", help_text="As the register writes it: 'T.M.T. van der Lee'.")
    slug = serializers.CharField(source="member.slug")
    party = serializers.SerializerMethodField(help_text="Party abbreviation at the time of submitting, when known.")
    role = serializers.ChoiceField(choices=Sponsorship.Role.choices, read_only=True)
    url = LinkField(lambda s: f"/api/v1/members/{s.member.slug}/")

    @extend_schema_field({"type": "string", "nullable": True})
    def get_party(self, obj: Sponsorship) -> str | None:
        party = obj.party or obj.member.party
        return party.abbreviation if party else None


# --- Motions ------------------------------------------------------------------------------------------------------


class MotionSerializer(serializers.Serializer):
    key = serializers.CharField(source="kamerstuk.key", help_text="Stable key, as officielebekendmakingen without 'kst-': 35207-83.")
    url = LinkField(lambda m: motion_path(m.kamerstuk.key))
    web_url = LinkField(lambda m: motion_page(m.kamerstuk.key))
    dossier = serializers.CharField(source="kamerstuk.dossier.key", help_text="Dossier key: 35207, 36600-V.")
    number = serializers.CharField(source="kamerstuk.number", help_text="Ondernummer (nr.) in the dossier.")
    title = serializers.CharField()
    submitted_on = serializers.DateField(allow_null=True)
    outcome = NullableChoiceField(choices=Outcome.choices, help_text="What the Kamer decided; null until known.")
    kabinetsappreciatie = NullableChoiceField(choices=Kabinetsappreciatie.choices, help_text="The cabinet's advice before the vote.")
    vote_date = serializers.DateField(allow_null=True)
    status = NullableChoiceField(choices=Status.choices, help_text="Implementation status; null for motions that are not tracked (not adopted).")
    deadline = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    ministry = MinistryRefSerializer(allow_null=True)
    submitters = SubmitterSerializer(source="sponsorships.all", many=True)
    version = serializers.IntegerField(help_text="Goes up with every change of status, owner, ministry or deadline.")
    updated_at = serializers.DateTimeField()

    def get_overdue(self, obj: Motion) -> bool:
        return is_overdue(obj, _today(self.context))


def _today(context: Mapping[str, Any]) -> dt.date:
    if "_today" in context:
        return context["_today"]
    today = timezone.localdate()
    if isinstance(context, dict):  # once per response
        context["_today"] = today
    return today


class VoteSerializer(serializers.Serializer):
    party = serializers.CharField(help_text="Party abbreviation (roll-call votes are added up per party).")
    choice = serializers.ChoiceField(choices=Vote.Choice.choices)
    seats = serializers.IntegerField()
    mistake = serializers.BooleanField(help_text="The party or one of its members reported a mistake.")


class LetterRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    url = LinkField(lambda letter: f"/api/v1/letters/{letter.pk}/")
    web_url = LinkField(lambda letter: f"/brieven/{letter.pk}/")


SUGGESTION_LABELS = LABELS  # the answer reader's (letters.reading.answers)


class EvidenceSerializer(serializers.Serializer):
    quote = serializers.CharField(help_text="The letter's words that made the suggestion.")
    # A declared field, not Field.label: DRF's metaclass moves it into _declared_fields.
    label = serializers.CharField(help_text="The status these words speak for.")  # type: ignore[assignment]
    start = serializers.IntegerField(allow_null=True, help_text="Offset of the words in the letter's text.")
    end = serializers.IntegerField(allow_null=True)


class SuggestionSerializer(serializers.Serializer):
    """What the answer reader (letters/answers.py) read in the letter about this motion or commitment: a
    suggestion for staff, never a status by itself."""

    status = NullableChoiceField(choices=[(v, v) for v in SUGGESTION_LABELS], help_text="Suggested implementation status; 'uitstel' = the letter defers; 'geen' = a mere mention; null when nothing was read.")
    confidence = serializers.FloatField(allow_null=True, help_text="0–1.")
    evidence = EvidenceSerializer(many=True)
    deadline = serializers.DateField(allow_null=True, help_text="A new deadline the letter names ('voor de zomer' → 21 June), or null.")
    deadline_text = serializers.CharField(help_text="The letter's words for that deadline, or ''.")
    accepted_by_staff = serializers.BooleanField(allow_null=True, help_text="true: staff took the suggestion; false: staff chose otherwise; null: not reviewed yet.")


class ResponseSerializer(serializers.Serializer):
    """A letter that answers the motion or commitment (a citation not rejected by staff)."""

    citation = serializers.IntegerField(source="pk", help_text="Citation id: confirm or reject it at /api/v1/citations/{id}/.")
    letter = LetterRefSerializer()
    date = serializers.DateField(source="letter.date", allow_null=True)
    excerpt = serializers.CharField(help_text="The sentence that carries the citation (for a footnote: the sentence with its marker).")
    section = serializers.CharField(help_text="The heading of the letter's section, or ''.")
    review = serializers.ChoiceField(choices=[("confirmed", "confirmed"), ("suggested", "suggested")], help_text="confirmed by staff, or suggested by the parser.")
    web_url = LinkField(lambda c: f"/brieven/{c.letter_id}/#cite-{c.pk}")
    suggestion = serializers.SerializerMethodField(help_text="What the letter says happened to it: suggested status, confidence, the quoted words, a new deadline, and whether staff accepted it.")

    @extend_schema_field(SuggestionSerializer(allow_null=True))
    def get_suggestion(self, obj) -> dict | None:
        return suggestion_shape(
            obj.suggested_status, obj.suggestion_confidence, obj.suggestion_evidence, obj.suggested_deadline,
            obj.suggested_deadline_text, obj.suggestion_accepted, target=obj.target,
        )


class HistorySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    old_status = NullableChoiceField(choices=Status.choices)
    new_status = serializers.ChoiceField(choices=Status.choices)
    reason = serializers.CharField()
    by = serializers.SerializerMethodField()
    deadline = serializers.DateField(allow_null=True, help_text="New deadline set with this change.")
    citation = serializers.IntegerField(source="citation_id", allow_null=True, help_text="The letter citation that justifies it.")
    letter = LetterRefSerializer(source="citation.letter", allow_null=True, default=None)

    @extend_schema_field({"type": "string", "nullable": True, "description": "Who made the change: the ministry for the public, the person for staff with a token; null for the sync."})
    def get_by(self, obj) -> str | None:
        if obj.by is None:
            return None
        profile = getattr(obj.by, "staff_profile", None)
        ministry = profile.ministry.name if profile is not None and profile.ministry is not None else None
        return changed_by(self.context, obj.by.get_username(), obj.by.first_name, obj.by.last_name, ministry)


def sees_staff(context: Mapping[str, Any]) -> bool:
    """Staff identities are not public: only a staff member (token or session) sees who changed what."""
    user = getattr(context.get("request"), "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def changed_by(context: Mapping[str, Any], username: str | None, first: str | None, last: str | None, ministry: str | None) -> str | None:
    """``history[].by``: the person for staff, the ministry they act for for everyone else."""
    if not username:
        return None
    if sees_staff(context):
        return f"{first or ''} {last or ''}".strip() or username
    return ministry


class MotionRefSerializer(serializers.Serializer):
    key = serializers.CharField(source="kamerstuk.key")
    url = LinkField(lambda m: motion_path(m.kamerstuk.key))


class MotionDetailSerializer(MotionSerializer):
    text = serializers.CharField()
    outcome_raw = serializers.CharField(help_text="The decision as open data words it.")
    outcome_note = serializers.CharField()
    kabinetsappreciatie_raw = serializers.CharField()
    vergaderjaar = serializers.CharField(source="kamerstuk.vergaderjaar")
    zaak_number = serializers.CharField()
    official_url = serializers.URLField(help_text="The paper on officielebekendmakingen.")
    tweedekamer_url = serializers.URLField(allow_null=True)
    feed_url = LinkField(lambda m: f"/feeds/motions/{m.kamerstuk.key}.atom")
    votes = serializers.SerializerMethodField()
    votes_for = serializers.SerializerMethodField(help_text="Seats voting for.")
    votes_against = serializers.SerializerMethodField(help_text="Seats voting against.")
    votes_seats = serializers.SerializerMethodField(help_text="Seats the vote rows account for (for, against, not taking part).")
    votes_complete = serializers.SerializerMethodField(help_text="True when the rows account for all 150 seats; false when the source gave only some (the outcome still comes from the decision); null without votes.")
    responses = ResponseSerializer(source="api_responses", many=True)
    history = HistorySerializer(source="status_changes.all", many=True)
    replaces = MotionRefSerializer(allow_null=True)
    replaced_by = MotionRefSerializer(source="replaced_by.all", many=True)
    withdrawn = serializers.BooleanField(help_text="Open data marked the case as deleted; we keep it.")
    created_at = serializers.DateTimeField()
    etag = serializers.CharField(source="api_etag", help_text="The ETag of this representation: send it as If-Match when changing the status.")

    @extend_schema_field(VoteSerializer(many=True))
    def get_votes(self, obj: Motion) -> list[dict[str, Any]]:
        """Votes by party: show-of-hands rows as they are, roll-call rows added up per party."""
        by_party: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
        for vote in obj.votes.all():
            party = vote.party or (vote.member.party if vote.member else None)
            name = party.abbreviation if party else (vote.member.display_name if vote.member else "?")
            row = by_party.setdefault((name, vote.choice), {"party": name, "choice": vote.choice, "seats": 0, "mistake": False})
            row["seats"] += vote.seats
            row["mistake"] = row["mistake"] or vote.mistake
        return sorted(by_party.values(), key=lambda r: (r["choice"], -r["seats"], r["party"]))

    def get_votes_for(self, obj: Motion) -> int:
        return sum(v.seats for v in obj.votes.all() if v.choice == Vote.Choice.VOOR)

    def get_votes_against(self, obj: Motion) -> int:
        return sum(v.seats for v in obj.votes.all() if v.choice == Vote.Choice.TEGEN)

    def get_votes_seats(self, obj: Motion) -> int:
        return sum(v.seats for v in obj.votes.all())

    @extend_schema_field({"type": "boolean", "nullable": True})
    def get_votes_complete(self, obj: Motion) -> bool | None:
        return votes_complete(self.get_votes_seats(obj))


class StatusChangeRequestSerializer(serializers.Serializer):
    """The body of POST …/status/."""

    status = serializers.ChoiceField(choices=Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="", help_text="Required for niet_uitgevoerd, vervallen and reopening.")
    citation = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**62, help_text="Id of a citation (a letter's response to this item) that justifies the change.")
    deadline = serializers.DateField(required=False, allow_null=True, help_text="A new deadline, set with the change.")


# --- Commitments --------------------------------------------------------------------------------------------------


class KamerstukRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    url = LinkField(lambda k: f"/api/v1/kamerstukken/{k.key}/")


class MemberRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField(source="display_name")
    url = LinkField(lambda m: f"/api/v1/members/{m.slug}/")


class CommitmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = LinkField(lambda c: f"/api/v1/commitments/{c.pk}/")
    web_url = LinkField(lambda c: f"/toezeggingen/{c.pk}/")
    number = serializers.CharField(help_text="Number in the Kamer's register, or ''.")
    text = serializers.CharField()
    minister = serializers.CharField()
    minister_function = serializers.CharField()
    ministry = MinistryRefSerializer(allow_null=True)
    made_to_member = MemberRefSerializer(allow_null=True)
    made_to_party = PartyRefSerializer(allow_null=True)
    made_to_raw = serializers.CharField()
    kamerstuk = KamerstukRefSerializer(allow_null=True, help_text="The paper in or about which it was made.")
    made_on = serializers.DateField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices)
    overdue = serializers.SerializerMethodField()
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()

    def get_overdue(self, obj: Commitment) -> bool:
        return is_overdue(obj, _today(self.context))


class CommitmentDetailSerializer(CommitmentSerializer):
    debate = serializers.CharField()
    source_status_raw = serializers.CharField()
    withdrawn = serializers.BooleanField()
    responses = ResponseSerializer(source="api_responses", many=True)
    history = HistorySerializer(source="status_changes.all", many=True)
    created_at = serializers.DateTimeField()
    etag = serializers.CharField(source="api_etag", help_text="Send it as If-Match when changing the status.")


# --- Papers, dossiers, people ---------------------------------------------------------------------------------------


class KamerstukSerializer(serializers.Serializer):
    key = serializers.CharField()
    url = LinkField(lambda k: f"/api/v1/kamerstukken/{k.key}/")
    dossier = serializers.CharField(source="dossier.key")
    number = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kamerstuk.Kind.choices)
    kind_raw = serializers.CharField()
    title = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    vergaderjaar = serializers.CharField()
    document_number = serializers.CharField()
    is_placeholder = serializers.BooleanField(help_text="Known only because a letter cites it; the sync fills it in.")
    official_url = serializers.URLField()
    motion = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True, "description": "The motion printed in this paper, if it is one."})
    def get_motion(self, obj: Kamerstuk) -> str | None:
        motion_id = getattr(obj, "motion_id_api", None)
        return absolute(self.context, motion_path(obj.key)) if motion_id else None


class DossierMotionSerializer(serializers.Serializer):
    key = serializers.CharField(source="kamerstuk.key")
    url = LinkField(lambda m: motion_path(m.kamerstuk.key))
    title = serializers.CharField()
    submitted_on = serializers.DateField(allow_null=True)
    outcome = NullableChoiceField(choices=Outcome.choices)
    status = NullableChoiceField(choices=Status.choices)


class DossierSerializer(serializers.Serializer):
    key = serializers.CharField()
    url = LinkField(lambda d: f"/api/v1/dossiers/{d.key}/")
    web_url = LinkField(lambda d: f"/dossiers/{d.key}/")
    number = serializers.IntegerField()
    toevoeging = serializers.CharField()
    title = serializers.CharField()
    closed = serializers.BooleanField()


class DossierDetailSerializer(DossierSerializer):
    feed_url = LinkField(lambda d: f"/feeds/dossiers/{d.key}.atom")
    motions_url = LinkField(lambda d: f"/api/v1/motions/?dossier={d.key}")
    papers = KamerstukSerializer(source="api_papers", many=True, help_text="Papers that are not motions.")
    motions = DossierMotionSerializer(source="api_motions", many=True)


class MemberSerializer(serializers.Serializer):
    slug = serializers.CharField()
    url = LinkField(lambda m: f"/api/v1/members/{m.slug}/")
    web_url = LinkField(lambda m: f"/leden/{m.slug}/")
    name = serializers.CharField(source="display_name")
    full_name = serializers.CharField()
    initials = serializers.CharField()
    first_name = serializers.CharField()
    tussenvoegsel = serializers.CharField()
    surname = serializers.CharField()
    party = PartyRefSerializer(allow_null=True)


class MemberDetailSerializer(MemberSerializer):
    motions_url = LinkField(lambda m: f"/api/v1/motions/?submitter={m.slug}")
    feed_url = LinkField(lambda m: f"/feeds/members/{m.slug}.atom")


class PartySerializer(serializers.Serializer):
    slug = serializers.CharField()
    url = LinkField(lambda p: f"/api/v1/parties/{p.slug}/")
    web_url = LinkField(lambda p: f"/fracties/{p.slug}/")
    abbreviation = serializers.CharField()
    name = serializers.CharField()
    seats = serializers.IntegerField(allow_null=True)


class PartyDetailSerializer(PartySerializer):
    motions_url = LinkField(lambda p: f"/api/v1/motions/?party={p.slug}")
    members = MemberRefSerializer(source="members.all", many=True)


class StatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    count = serializers.IntegerField()


class MinistrySerializer(serializers.Serializer):
    slug = serializers.CharField()
    url = LinkField(lambda m: f"/api/v1/ministries/{m.slug}/")
    web_url = LinkField(lambda m: f"/ministeries/{m.slug}/")
    name = serializers.CharField()
    abbreviation = serializers.CharField()


class MinistryDetailSerializer(MinistrySerializer):
    motions_url = LinkField(lambda m: f"/api/v1/motions/?ministry={m.slug}")
    commitments_url = LinkField(lambda m: f"/api/v1/commitments/?ministry={m.slug}")
    feed_url = LinkField(lambda m: f"/feeds/ministries/{m.slug}.atom")
    motions_by_status = StatusCountSerializer(source="api_motion_counts", many=True)
    commitments_by_status = StatusCountSerializer(source="api_commitment_counts", many=True)
    overdue_motions = serializers.IntegerField(source="api_overdue_motions")
    overdue_commitments = serializers.IntegerField(source="api_overdue_commitments")


# --- The change feed ---------------------------------------------------------------------------------------------------


class EventStatusChangeSerializer(serializers.Serializer):
    old_status = NullableChoiceField(choices=Status.choices)
    new_status = serializers.ChoiceField(choices=Status.choices)
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class EventSerializer(serializers.Serializer):
    seq = serializers.IntegerField(help_text="Position in commit order; strictly increasing.")
    cursor = serializers.CharField(help_text="Pass as ?since= to continue right after this event.")
    kind = serializers.ChoiceField(choices=Event.Kind.choices)
    at = serializers.DateTimeField()
    motion = serializers.SerializerMethodField()
    commitment = serializers.SerializerMethodField()
    status_change = EventStatusChangeSerializer(allow_null=True)
    citation = serializers.IntegerField(source="citation_id", allow_null=True)
    letter = serializers.SerializerMethodField()
    payload = serializers.DictField(help_text="What the event says in its own words (key, title, old/new status, excerpt, …).")

    @extend_schema_field({"type": "object", "nullable": True, "properties": {"key": {"type": "string"}, "url": {"type": "string", "format": "uri"}}, "required": ["key", "url"]})
    def get_motion(self, event: Event) -> dict | None:
        if event.motion_id is None or event.motion is None:
            return None
        key = event.motion.kamerstuk.key
        return {"key": key, "url": absolute(self.context, motion_path(key))}

    @extend_schema_field({"type": "object", "nullable": True, "properties": {"id": {"type": "integer"}, "url": {"type": "string", "format": "uri"}}, "required": ["id", "url"]})
    def get_commitment(self, event: Event) -> dict | None:
        if event.commitment_id is None:
            return None
        return {"id": event.commitment_id, "url": absolute(self.context, f"/api/v1/commitments/{event.commitment_id}/")}

    @extend_schema_field({"type": "object", "nullable": True, "properties": {"id": {"type": "integer"}, "url": {"type": "string", "format": "uri"}}, "required": ["id", "url"]})
    def get_letter(self, event: Event) -> dict | None:
        if event.letter_id is None:
            return None
        return {"id": event.letter_id, "url": absolute(self.context, f"/api/v1/letters/{event.letter_id}/")}


class ChangesSerializer(serializers.Serializer):
    events = EventSerializer(many=True)
    next = serializers.CharField(help_text="Cursor to poll with next (?since=…); equals the one you sent when nothing new has come.")
    next_url = serializers.URLField()
    has_more = serializers.BooleanField(help_text="True when more events are waiting right now: poll again at once.")



# --- Fast paths -------------------------------------------------------------------------------------------------
# The hot endpoints (motion list and detail, change feed) build their JSON here from plain rows
# (``values_list`` queries, no model instances, no serializer machinery): DRF's field-by-field
# serialization cost more than the queries at 50 rows a page. The serializers above stay the
# declared shape (OpenAPI); tests/api/test_schemathesis_finds_nothing.py checks that the two agree.

SUBMITTER_COLUMNS = ("motion_id", "member__slug", "member__initials", "member__tussenvoegsel", "member__surname", "role", "party__abbreviation", "member__party__abbreviation")


def submitters_by_motion(rows, context: Mapping[str, Any]) -> dict[int, list[dict]]:
    """``SUBMITTER_COLUMNS`` rows (ordered) → submitters per motion id."""
    base = absolute(context, "/api/v1/members/")
    out: dict[int, list[dict]] = {}
    for motion_id, slug, initials, tussenvoegsel, surname, role, party, member_party in rows:
        out.setdefault(motion_id, []).append(
            {
                "name": Member.format_display_name(tussenvoegsel, surname),
                "full_name": Member.format_full_name(initials, tussenvoegsel, surname),
                "slug": slug,
                "party": party or member_party,
                "role": role,
                "url": f"{base}{slug}/",
            }
        )
    return out


def ministry_ref(ministry, context: Mapping[str, Any]) -> dict | None:
    if ministry is None:
        return None
    return {"slug": ministry.slug, "name": ministry.name, "abbreviation": ministry.abbreviation, "url": absolute(context, f"/api/v1/ministries/{ministry.slug}/")}


def motion_row(motion: Motion, submitters: list[dict], context: Mapping[str, Any]) -> dict[str, Any]:
    """The list shape (MotionSerializer) of a motion fetched with kamerstuk, dossier and ministry."""
    key = motion.kamerstuk.key
    status = motion.status or None
    return {
        "key": key,
        "url": absolute(context, motion_path(key)),
        "web_url": absolute(context, motion_page(key)),
        # The key is the dossier key plus "-" and the number: no join with the dossier needed.
        "dossier": key[: -len(motion.kamerstuk.number) - 1],
        "number": motion.kamerstuk.number,
        "title": motion.title,
        "submitted_on": _iso(motion.submitted_on),
        "outcome": motion.outcome or None,
        "kabinetsappreciatie": motion.kabinetsappreciatie or None,
        "vote_date": _iso(motion.vote_date),
        "status": status,
        "deadline": _iso(motion.deadline),
        "overdue": is_overdue(motion, _today(context)),
        "ministry": ministry_ref(motion.ministry, context),
        "submitters": submitters,
        "version": motion.version,
        "updated_at": _iso_datetime(motion.updated_at),
    }




def _letter_ref(letter_id, title, date, context: Mapping[str, Any]) -> dict | None:
    if letter_id is None:
        return None
    return {"id": letter_id, "title": title, "date": _iso(date), "url": absolute(context, f"/api/v1/letters/{letter_id}/"), "web_url": absolute(context, f"/brieven/{letter_id}/")}


def motion_detail(motion: Motion, *, submitters, votes, history, responses, replaced_by, context: Mapping[str, Any]) -> dict[str, Any]:
    """The detail shape (MotionDetailSerializer) from the motion and the rows of ``api.views.DETAIL_SQL``
    (and the responses query compiled from ``CitationQuerySet.responses()``), in their column order."""
    data = motion_row(motion, submitters_by_motion(submitters, context).get(motion.pk, []), context)
    by_party: dict[tuple[str, str], dict[str, Any]] = {}
    seats_for = seats_against = seats_all = 0
    for party, member_party, tussenvoegsel, surname, choice, seats, mistake in votes:
        name = party or member_party or (Member.format_display_name(tussenvoegsel, surname) if surname else "?")
        row = by_party.setdefault((name, choice), {"party": name, "choice": choice, "seats": 0, "mistake": False})
        row["seats"] += seats
        row["mistake"] = row["mistake"] or mistake
        seats_for += seats if choice == Vote.Choice.VOOR else 0
        seats_against += seats if choice == Vote.Choice.TEGEN else 0
        seats_all += seats
    key = motion.kamerstuk.key
    data.update(
        text=motion.text,
        outcome_raw=motion.outcome_raw,
        outcome_note=motion.outcome_note,
        kabinetsappreciatie_raw=motion.kabinetsappreciatie_raw,
        vergaderjaar=motion.kamerstuk.vergaderjaar,
        zaak_number=motion.zaak_number,
        official_url=motion.official_url,
        tweedekamer_url=motion.tweedekamer_url,
        feed_url=absolute(context, f"/feeds/motions/{key}.atom"),
        votes=sorted(by_party.values(), key=lambda r: (r["choice"], -r["seats"], r["party"])),
        votes_for=seats_for,
        votes_against=seats_against,
        votes_seats=seats_all,
        votes_complete=votes_complete(seats_all),
        responses=[
            {
                "citation": pk,
                "letter": _letter_ref(letter_id, title, date, context),
                "date": _iso(date),
                "excerpt": excerpt,
                "section": section,
                "review": review,
                "web_url": absolute(context, f"/brieven/{letter_id}/#cite-{pk}"),
                "suggestion": suggestion_shape(*suggestion, target="motion"),
            }
            for pk, letter_id, title, date, excerpt, section, review, *suggestion in responses
        ],
        history=[
            {
                "at": _iso_datetime(at),
                "old_status": old or None,
                "new_status": new,
                "reason": reason,
                "by": changed_by(context, username, first, last, ministry),
                "deadline": _iso(deadline),
                "citation": citation_id,
                "letter": _letter_ref(letter_id, title, date, context),
            }
            for at, old, new, reason, username, first, last, deadline, citation_id, letter_id, title, date, ministry in history
        ],
        replaces={"key": replaces, "url": absolute(context, motion_path(replaces))} if (replaces := getattr(motion, "replaces_key", None)) else None,
        replaced_by=[{"key": k, "url": absolute(context, motion_path(k))} for k in replaced_by],
        withdrawn=motion.withdrawn,
        created_at=_iso_datetime(motion.created_at),
        etag=motion.__dict__["api_etag"],
    )
    return data


EVENT_COLUMNS = ("seq", "kind", "at", "motion_id", "motion__kamerstuk__key", "commitment_id", "status_change_id", "status_change__old_status", "status_change__new_status", "status_change__reason", "status_change__at", "citation_id", "letter_id", "payload")


def event_rows(rows, context: dict, encode) -> list[dict[str, Any]]:
    """``EVENT_COLUMNS`` rows → the EventSerializer shape; ``encode(seq)`` makes the cursor."""
    out = []
    staff = sees_staff(context)
    for seq, kind, at, motion_id, key, commitment_id, change_id, old, new, reason, change_at, citation_id, letter_id, payload in rows:
        if isinstance(payload, dict) and payload.get("by") and not staff:
            payload = {**payload, "by": ""}  # staff identities are not public (see ``changed_by``)
        out.append(
            {
                "seq": seq,
                "cursor": encode(seq),
                "kind": kind,
                "at": _iso_datetime(at),
                "motion": {"key": key, "url": absolute(context, motion_path(key))} if motion_id is not None and key else None,
                "commitment": {"id": commitment_id, "url": absolute(context, f"/api/v1/commitments/{commitment_id}/")} if commitment_id is not None else None,
                "status_change": {"old_status": old or None, "new_status": new, "reason": reason, "at": _iso_datetime(change_at)} if change_id is not None else None,
                "citation": citation_id,
                "letter": {"id": letter_id, "url": absolute(context, f"/api/v1/letters/{letter_id}/")} if letter_id is not None else None,
                "payload": payload if isinstance(payload, dict) else {},
            }
        )
    return out


UNFINISHED = frozenset(Status.unfinished())


def is_overdue(item: Motion | Commitment, today) -> bool:
    """As ``overdue()`` reads it (the views may annotate ``is_overdue``)."""
    annotated = getattr(item, "is_overdue", None)
    if annotated is not None:
        return bool(annotated)
    return overdue_now(item, today)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _iso_datetime(value) -> str | None:
    # As DRF renders datetimes: in the current time zone, ISO 8601.
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
