"""Government letters and the citations found in them.

A ``Citation`` is one place in a letter that names a Kamerstuk (or Handelingen, or
Staatscourant). When it names a motion or a commitment it is also a *response*: a
suggestion that this letter reports on that motion, which staff confirm or reject.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motions.models import Commitment, Kamerstuk, Ministry, Motion
from motions.events import touch


def letter_upload_to(instance: Letter, filename: str) -> str:
    # Content-addressed: the same file twice is the same letter, and names never collide.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    suffix = "".join(ch for ch in suffix if ch.isalnum())[:8] or "bin"
    return f"letters/{instance.sha256[:2]}/{instance.sha256}.{suffix}"


class LetterQuerySet(models.QuerySet):
    def processed(self) -> models.QuerySet:
        return self.filter(state=Letter.State.DONE)


class Letter(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", _("ontvangen")
        QUEUED = "queued", _("in de wachtrij")
        PROCESSING = "processing", _("wordt verwerkt")
        DONE = "done", _("verwerkt")
        FAILED = "failed", _("mislukt")

    title = models.CharField(_("titel"), max_length=500, blank=True)
    date = models.DateField(_("datum"), null=True, blank=True)
    sender_function = models.CharField(_("afzender (functie)"), max_length=300, blank=True, help_text=_("Bijv. De minister van Buitenlandse Zaken"))
    sender_name = models.CharField(_("afzender (naam)"), max_length=200, blank=True, help_text=_("Bijv. D.M. van Weel"))
    ministry = models.ForeignKey(Ministry, verbose_name=_("ministerie"), null=True, blank=True, on_delete=models.SET_NULL, related_name="letters")
    kamerstuk = models.ForeignKey(Kamerstuk, verbose_name=_("eigen Kamerstuk"), null=True, blank=True, on_delete=models.SET_NULL, related_name="letters", help_text=_("Als de brief zelf als Kamerstuk is gedrukt"))
    file = models.FileField(_("bestand"), upload_to=letter_upload_to, max_length=300)
    original_filename = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=300, blank=True)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    format = models.CharField(_("formaat"), max_length=10, blank=True, help_text=_("text, docx, pdf, xml of html"))
    text = models.TextField(_("tekst"), blank=True)
    structure = models.JSONField(_("structuur"), default=dict, blank=True, help_text=_("Alinea's, kopjes en voetnoten met hun posities in de tekst"))
    state = models.CharField(_("verwerking"), max_length=20, choices=State.choices, default=State.RECEIVED, db_index=True)
    error = models.TextField(_("foutmelding"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    # When the processing job was last handed to the broker; a periodic task re-queues letters that
    # were never queued (broker down at upload) or whose worker died (see letters.tasks).
    enqueued_at = models.DateTimeField(_("in de wachtrij gezet op"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("geüpload door"), null=True, blank=True, on_delete=models.SET_NULL, related_name="letters")
    uploaded_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    processed_at = models.DateTimeField(_("verwerkt op"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Harvested from the open data (letters/harvest.py): the Document it is, and the version whose
    # file was read; a newer version is fetched and read again, a re-sent one is not.
    document_id = models.UUIDField(_("Document-Id (open data)"), null=True, blank=True, unique=True)
    document_number = models.CharField(_("documentnummer"), max_length=20, blank=True, db_index=True, help_text=_("Bijv. 2025D16691"))
    version_id = models.UUIDField(_("DocumentVersie-Id"), null=True, blank=True)
    version_number = models.PositiveIntegerField(_("versienummer"), null=True, blank=True)
    version_size = models.BigIntegerField(_("bestandsgrootte volgens de bron"), null=True, blank=True)
    harvested_at = models.DateTimeField(_("geoogst op"), null=True, blank=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")

    def __str__(self) -> str:
        return self.title or self.original_filename or f"brief {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("letter-detail", args=[self.pk])

    @property
    def sender(self) -> str:
        return ", ".join(p for p in (self.sender_function, self.sender_name) if p)


class CitationQuerySet(models.QuerySet):
    def responses(self) -> models.QuerySet:
        """Citations that say a letter answers a motion or commitment (suggested or confirmed, not
        rejected). The one definition of "a response": pages, the API, filters and the annex use it."""
        return self.filter(target__in=[Citation.Target.MOTION, Citation.Target.COMMITMENT]).exclude(review=Citation.Review.REJECTED)

    def answering_motion(self) -> Exists:
        """For annotating or filtering motions: a response cites the outer motion's paper."""
        return Exists(self.responses().filter(kamerstuk_id=OuterRef("kamerstuk_id")))

    def answering_commitment(self) -> Exists:
        """For annotating or filtering commitments: a response names the outer commitment."""
        return Exists(self.responses().filter(commitment_id=OuterRef("pk")))

    def answered_papers(self) -> models.QuerySet:
        """The papers with a response, for ``kamerstuk_id__in``: PostgreSQL hashes this subquery once
        where an EXISTS inside an aggregate's FILTER would run once per row."""
        return self.responses().filter(kamerstuk_id__isnull=False).values("kamerstuk_id")

    def suggested(self) -> models.QuerySet:
        return self.filter(review=Citation.Review.SUGGESTED)

    def confirmed(self) -> models.QuerySet:
        return self.filter(review=Citation.Review.CONFIRMED)


class Citation(models.Model):
    class Kind(models.TextChoices):
        KAMERSTUK = "kamerstuk", _("Kamerstuk")
        MOTIE = "motie", _("motie")
        AMENDEMENT = "amendement", _("amendement")
        HANDELINGEN = "handelingen", _("Handelingen")
        AANHANGSEL = "aanhangsel", _("Aanhangsel Handelingen")
        STAATSCOURANT = "staatscourant", _("Staatscourant")
        ZAAK = "zaak", _("zaaknummer")
        DOCUMENT = "document", _("documentnummer")

    class Target(models.TextChoices):
        MOTION = "motion", _("motie")
        COMMITMENT = "commitment", _("toezegging")
        PAPER = "paper", _("Kamerstuk")
        OTHER = "other", _("overig")

    class Suggestion(models.TextChoices):
        AFGEDAAN = "afgedaan", _("afgedaan")
        IN_UITVOERING = "in_uitvoering", _("in uitvoering")
        UITSTEL = "uitstel", _("uitstel")
        NIET_UITGEVOERD = "niet_uitgevoerd", _("niet uitgevoerd")
        GEEN = "geen", _("alleen een vermelding")

    class Review(models.TextChoices):
        NONE = "", _("n.v.t.")
        SUGGESTED = "suggested", _("voorgesteld")
        CONFIRMED = "confirmed", _("bevestigd")
        REJECTED = "rejected", _("afgewezen")

    class Source(models.TextChoices):
        TEXT = "text", _("tekst")
        FOOTNOTE = "footnote", _("voetnoot")
        ONDERWERP = "onderwerp", _("onderwerp van het document")
        NUMBER = "number", _("zaak- of documentnummer")
        COMMITMENT = "commitment", _("nakoming van een toezegging")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="citations")
    source = models.CharField(_("bron van de koppeling"), max_length=20, choices=Source.choices, default=Source.TEXT, help_text=_("Waar de koppeling vandaan komt"))
    start = models.PositiveIntegerField(_("begin"))
    end = models.PositiveIntegerField(_("einde"))
    raw = models.TextField(_("tekst van de verwijzing"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    target = models.CharField(_("doel"), max_length=20, choices=Target.choices, default=Target.PAPER, db_index=True)
    key = models.CharField(_("sleutel"), max_length=60, blank=True, db_index=True)
    dossier = models.CharField(max_length=10, blank=True)
    toevoeging = models.CharField(max_length=10, blank=True)
    number = models.CharField(max_length=20, blank=True)
    item = models.CharField(max_length=20, blank=True)
    chamber = models.CharField(max_length=2, blank=True)
    session = models.CharField(max_length=9, blank=True)
    submitters = models.JSONField(_("indieners volgens de brief"), default=list, blank=True)
    kamerstuk = models.ForeignKey(Kamerstuk, verbose_name=_("Kamerstuk"), null=True, blank=True, on_delete=models.PROTECT, related_name="citations")
    commitment = models.ForeignKey(Commitment, verbose_name=_("toezegging"), null=True, blank=True, on_delete=models.PROTECT, related_name="citations")
    excerpt = models.TextField(_("fragment"), blank=True, help_text=_("De zin die de verwijzing draagt (bij een voetnoot: de zin met het voetnootteken)"))
    excerpt_start = models.PositiveIntegerField(null=True, blank=True)
    excerpt_end = models.PositiveIntegerField(null=True, blank=True)
    section = models.CharField(_("paragraaf"), max_length=300, blank=True)
    footnote = models.CharField(_("voetnoot"), max_length=10, blank=True, help_text=_("Nummer van de voetnoot waarin de verwijzing staat"))
    # What letters/answers.py reads in the letter about this motion or commitment (a suggestion only).
    suggested_status = models.CharField(_("voorgestelde status"), max_length=20, choices=Suggestion.choices, blank=True)
    suggestion_confidence = models.FloatField(_("zekerheid"), null=True, blank=True)
    suggestion_evidence = models.JSONField(_("bewijs"), default=list, blank=True, help_text=_("De woorden die de suggestie bepaalden: [{start, end, label, pattern}]"))
    suggestion_obstacle = models.JSONField(_("belemmering"), null=True, blank=True)
    suggested_deadline = models.DateField(_("voorgestelde termijn"), null=True, blank=True)
    suggested_deadline_text = models.CharField(_("termijn volgens de brief"), max_length=100, blank=True)
    suggestion_accepted = models.BooleanField(_("suggestie overgenomen"), null=True, blank=True, help_text=_("Ja: overgenomen; nee: staf koos iets anders; leeg: nog niet beoordeeld"))
    review = models.CharField(_("beoordeling"), max_length=20, choices=Review.choices, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("beoordeeld door"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["letter", "start"]
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="citation_span_nonempty"),
            models.UniqueConstraint(fields=["letter", "start", "end", "key"], name="citation_unique_span_key"),
        ]
        indexes = [
            models.Index(fields=["kamerstuk", "review"]),
            models.Index(fields=["commitment", "review"]),
        ]

    def __str__(self) -> str:
        return f"{self.raw[:60]} ({self.get_target_display()})"

    @property
    def is_response(self) -> bool:
        return self.target in (self.Target.MOTION, self.Target.COMMITMENT)

    def get_absolute_url(self) -> str:
        return reverse("letter-detail", args=[self.letter_id]) + f"#cite-{self.pk}"


class Response(Citation):
    """The review queue's view of citations: those that suggest a letter answers a motion or commitment."""

    class Meta:
        proxy = True
        verbose_name = _("voorgesteld antwoord")
        verbose_name_plural = _("beoordelingswachtrij")


class HarvestQuerySet(models.QuerySet):
    def failed(self) -> models.QuerySet:
        return self.filter(state=Harvest.State.FAILED)

    def waiting(self) -> models.QuerySet:
        return self.filter(state__in=[Harvest.State.QUEUED, Harvest.State.RUNNING])


class Harvest(models.Model):
    """One government letter (a mirrored Document) to be harvested: the job and its state.

    A row is written with the mirror page that brought the Document (or by ``harvest_letters``), so
    a kill at any moment leaves it queued and the sweep picks it up. A failure keeps its reason; it is
    retried only by hand (``harvest_letters --retry-failed``).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        RUNNING = "running", _("wordt opgehaald")
        DONE = "done", _("binnen")
        FAILED = "failed", _("mislukt")
        SKIPPED = "skipped", _("overgeslagen")

    document = models.UUIDField(_("Document-Id (open data)"), unique=True)
    document_number = models.CharField(_("documentnummer"), max_length=20, blank=True)
    state = models.CharField(_("toestand"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    reason = models.TextField(_("reden"), blank=True, help_text=_("Waarom het ophalen of lezen mislukte (of werd overgeslagen)"))
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    again = models.BooleanField(_("opnieuw"), default=False, help_text=_("Tijdens het ophalen veranderde het Document: daarna nog eens"))
    downloads = models.PositiveIntegerField(_("downloads"), default=0, help_text=_("Hoe vaak het bestand is opgehaald"))
    letter = models.ForeignKey(Letter, verbose_name=_("brief"), null=True, blank=True, on_delete=models.SET_NULL, related_name="harvests")
    queued_at = models.DateTimeField(_("in de wachtrij gezet op"), null=True, blank=True)
    enqueued_at = models.DateTimeField(_("aan de taakrij gegeven op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = HarvestQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("oogst van een brief")
        verbose_name_plural = _("oogst van brieven")

    def __str__(self) -> str:
        return f"{self.document_number or self.document} ({self.get_state_display()})"


def refresh_answered_on(*, papers: Iterable[int | None] = (), commitments: Iterable[int | None] = (), everything: bool = False) -> None:
    """Keep ``answered_on`` of the motions on ``papers`` and of ``commitments`` true: the date of the
    first letter with a response to it (``responses()``: suggested or confirmed). Called wherever a
    response appears, goes or is reviewed, in that transaction; "over de termijn" reads it."""
    responses = Citation.objects.responses().filter(letter__date__isnull=False)

    def first(**match):
        return Subquery(responses.filter(**match).order_by("letter__date").values("letter__date")[:1])

    paper_ids = {p for p in papers if p}
    commitment_ids = {c for c in commitments if c}
    if everything:  # after a bulk load that wrote citations without this function
        Motion.objects.update(answered_on=first(kamerstuk_id=OuterRef("kamerstuk_id")))
        Commitment.objects.update(answered_on=first(commitment_id=OuterRef("pk")))
        return
    if paper_ids:
        Motion.objects.filter(kamerstuk_id__in=paper_ids).update(answered_on=first(kamerstuk_id=OuterRef("kamerstuk_id")))
    if commitment_ids:
        Commitment.objects.filter(pk__in=commitment_ids).update(answered_on=first(commitment_id=OuterRef("pk")))
    # Their answers (and "over de termijn") may read differently now: the stored representations follow.
    touch(papers=paper_ids, commitments=commitment_ids)


class MotionMentionQuerySet(models.QuerySet):
    def unresolved(self) -> models.QuerySet:
        """Mentions no motion was proposed for: for staff to link by hand (the review queue)."""
        return self.filter(citation__isnull=True)

    def proposed(self) -> models.QuerySet:
        return self.filter(citation__isnull=False)

    def for_review(self) -> models.QuerySet:
        """Every unresolved mention with what staff need to judge it, oldest letter first."""
        return self.unresolved().select_related("letter", "best__kamerstuk", "runner_up__kamerstuk").order_by("letter__date", "letter_id", "start")


class MotionMention(models.Model):
    """A motion the letter names by its submitters (and subject) without its number.

    ``best`` and ``runner_up`` are what letters/mentions.py ranked highest; when the best is good
    and clearly ahead, a suggested Citation links it (``citation``) for staff to confirm. Otherwise
    the mention stays unresolved, shown on the letter page and in the review queue.
    """

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="mentions")
    start = models.PositiveIntegerField(_("begin"))
    end = models.PositiveIntegerField(_("einde"))
    raw = models.TextField(_("tekst van de vermelding"))
    submitters = models.JSONField(_("indieners volgens de brief"), default=list, blank=True)
    subject = models.TextField(_("onderwerp volgens de brief"), blank=True)
    best = models.ForeignKey("motions.Motion", verbose_name=_("beste kandidaat"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confidence = models.FloatField(_("zekerheid"), default=0.0)
    runner_up = models.ForeignKey("motions.Motion", verbose_name=_("tweede kandidaat"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    runner_up_confidence = models.FloatField(_("zekerheid tweede kandidaat"), default=0.0)
    citation = models.OneToOneField(Citation, verbose_name=_("voorgestelde koppeling"), null=True, blank=True, on_delete=models.SET_NULL, related_name="mention")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MotionMentionQuerySet.as_manager()

    class Meta:
        ordering = ["letter", "start"]
        verbose_name = _("vermelding zonder nummer")
        verbose_name_plural = _("vermeldingen zonder nummer")
        constraints = [models.UniqueConstraint(fields=["letter", "start", "end"], name="mention_unique_span")]

    def __str__(self) -> str:
        return self.raw[:80]

    @property
    def is_resolved(self) -> bool:
        return self.citation_id is not None


def suggestion_shape(status, confidence, evidence, deadline, deadline_text, accepted, *, target: str) -> dict | None:
    """The answer reader's suggestion as the API, the change feed and ``ingest_letter --json`` show it,
    from a citation's columns (also raw SQL rows, where SQLite gives JSON and dates as text); None for
    a citation that names a paper, not a motion or commitment."""
    if target not in ("motion", "commitment"):
        return None
    if isinstance(evidence, str):  # SQLite hands JSON back as text
        evidence = json.loads(evidence or "[]")
    if isinstance(deadline, str):
        deadline = dt.date.fromisoformat(deadline)
    return {
        "status": status or None,
        "confidence": confidence,
        "evidence": [{"quote": e.get("quote", ""), "label": e.get("label", ""), "start": e.get("start"), "end": e.get("end")} for e in evidence or []],
        "deadline": deadline.isoformat() if deadline else None,
        "deadline_text": deadline_text or "",
        "accepted_by_staff": None if accepted is None else bool(accepted),
    }
