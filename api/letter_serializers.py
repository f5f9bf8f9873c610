"""What the API says about letters and their citations, and the bodies of uploads and reviews."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import (
    KamerstukRefSerializer,
    LinkField,
    MinistryRefSerializer,
    NullableChoiceField,
    SuggestionSerializer,
    absolute,
    motion_path,
)
from letters.models import Citation, Letter, suggestion_shape
from motions.models import Status

REF: dict[str, Any] = {"type": "object", "nullable": True, "properties": {"url": {"type": "string", "format": "uri"}}}


class CitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = LinkField(lambda c: f"/api/v1/citations/{c.pk}/")
    letter = LinkField(lambda c: f"/api/v1/letters/{c.letter_id}/")
    raw = serializers.CharField(help_text="The citation as the letter writes it.")
    kind = serializers.ChoiceField(choices=Citation.Kind.choices)
    target = serializers.ChoiceField(choices=Citation.Target.choices, help_text="What it refers to: a motion, a commitment, another paper, or something else.")
    # A declared field, not Field.source: DRF's metaclass moves it into _declared_fields.
    source = serializers.ChoiceField(choices=Citation.Source.choices, help_text="Where the link comes from: the text, a footnote, or for a harvested letter the open data (its onderwerp, a Zaak/document number, a commitment's fulfilment).")  # type: ignore[assignment]
    key = serializers.CharField(help_text="Key of the cited paper (35207-83) or other identifier; '' when unknown.")
    kamerstuk = KamerstukRefSerializer(allow_null=True)
    motion = serializers.SerializerMethodField()
    commitment = serializers.SerializerMethodField()
    excerpt = serializers.CharField(help_text="The sentence that carries it (for a footnote: the sentence with the marker).")
    section = serializers.CharField()
    footnote = serializers.CharField(help_text="Number of the footnote it stands in, or ''.")
    submitters = serializers.ListField(child=serializers.CharField(), help_text="Submitters as the letter names them.")
    review = NullableChoiceField(choices=[c for c in Citation.Review.choices if c[0]], help_text="For responses: suggested, confirmed or rejected; null for other citations.")
    reviewed_at = serializers.DateTimeField(allow_null=True)
    suggestion = serializers.SerializerMethodField(help_text="For a motion or commitment: what the letter says happened to it (suggested status, confidence, the quoted words, a new deadline, whether staff accepted it); null for other citations.")

    @extend_schema_field(SuggestionSerializer(allow_null=True))
    def get_suggestion(self, obj: Citation) -> dict | None:
        return suggestion_shape(
            obj.suggested_status, obj.suggestion_confidence, obj.suggestion_evidence, obj.suggested_deadline,
            obj.suggested_deadline_text, obj.suggestion_accepted, target=obj.target,
        )

    @extend_schema_field({**REF, "properties": {"key": {"type": "string"}, **REF["properties"]}})
    def get_motion(self, obj: Citation) -> dict | None:
        if obj.target != Citation.Target.MOTION or obj.kamerstuk is None:
            return None
        return {"key": obj.kamerstuk.key, "url": absolute(self.context, motion_path(obj.kamerstuk.key))}

    @extend_schema_field({**REF, "properties": {"id": {"type": "integer"}, **REF["properties"]}})
    def get_commitment(self, obj: Citation) -> dict | None:
        if obj.commitment_id is None:
            return None
        return {"id": obj.commitment_id, "url": absolute(self.context, f"/api/v1/commitments/{obj.commitment_id}/")}


class LetterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = LinkField(lambda letter: f"/api/v1/letters/{letter.pk}/")
    web_url = LinkField(lambda letter: f"/brieven/{letter.pk}/")
    title = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    sender_function = serializers.CharField()
    sender_name = serializers.CharField()
    ministry = MinistryRefSerializer(allow_null=True)
    kamerstuk = KamerstukRefSerializer(allow_null=True, help_text="The letter's own paper, when it is printed as one.")
    document_number = serializers.CharField(help_text="The open data's document number (2025D16691) of a harvested letter, or ''.")
    state = serializers.ChoiceField(choices=Letter.State.choices, help_text="Processing: received → queued → processing → done (or failed).")
    error = serializers.CharField(help_text="Why processing failed, or ''.")
    format = serializers.CharField()
    original_filename = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    processed_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class LetterDetailSerializer(LetterSerializer):
    citations = CitationSerializer(source="api_citations", many=True)


class LetterUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The letter: .txt, .docx, .pdf, officielebekendmakingen .xml or .html.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    date = serializers.DateField(required=False, allow_null=True)


class UploadAcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="Poll it to follow the processing state.")
    state = serializers.ChoiceField(choices=Letter.State.choices)
    created = serializers.BooleanField(help_text="False when the same file was uploaded before.")


class ReviewRequestSerializer(serializers.Serializer):
    """Body of …/confirm/ (all optional). With ``status`` the item's status is recorded in the same
    step, with this citation as its source; then If-Match must carry the item's ETag."""

    status = serializers.ChoiceField(choices=Status.choices, required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    deadline = serializers.DateField(required=False, allow_null=True)
