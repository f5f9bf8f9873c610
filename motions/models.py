"""The parliamentary record: dossiers, papers, motions, votes, commitments, and their history.

Two statuses live here and must not be confused (see DESIGN.md):
``Motion.outcome`` is what the Kamer decided; ``status`` is how far the government
has carried an adopted motion out. Status history is the append-only ``StatusChange``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .keys import format_dossier_key, format_key, parse_key

if TYPE_CHECKING:
    from .keys import PaperKey


_MINISTERIE_PREFIX = re.compile(r"^(?:het\s+)?ministerie\s+(?:van|voor)\s+", re.IGNORECASE)
_FUNCTION = re.compile(r"\b(?:minister|staatssecretaris|bewindspersoon|minister-president)\b.*?\b(?:van|voor)\s+(.+?)[,.]?$", re.IGNORECASE)
# Portfolios of a minister or state secretary that belong to another ministry's name.
_PORTFOLIOS = {
    "buitenlandse handel en ontwikkelingshulp": "Buitenlandse Zaken",
    "buitenlandse handel en ontwikkelingssamenwerking": "Buitenlandse Zaken",
    "ontwikkelingssamenwerking": "Buitenlandse Zaken",
    "europese zaken": "Buitenlandse Zaken",
    "primair en voortgezet onderwijs": "Onderwijs, Cultuur en Wetenschap",
    "rechtsbescherming": "Justitie en Veiligheid",
    "medische zorg": "Volksgezondheid, Welzijn en Sport",
    "langdurige zorg, jeugd en sport": "Volksgezondheid, Welzijn en Sport",
}


def ministry_name(text: str) -> str:
    """The name of the ministry a text means: "Ministerie van Buitenlandse Zaken", "De minister
    voor Buitenlandse Handel en Ontwikkelingshulp" and "Buitenlandse Zaken" all give
    "Buitenlandse Zaken". Anything else comes back with its spaces tidied."""
    text = " ".join(text.split())
    function = _FUNCTION.search(text)
    name = function.group(1) if function else _MINISTERIE_PREFIX.sub("", text)
    return _PORTFOLIOS.get(name.lower(), name)


class MinistryQuerySet(models.QuerySet["Ministry"]):
    def named(self, text: str) -> Ministry | None:
        """The one way to find a ministry by what people and the open data write: its name,
        abbreviation or slug, "Ministerie van …", or a minister's function ("De minister van …").
        None when nothing, or more than one ministry, fits."""
        name = ministry_name(text or "")
        if not name:
            return None
        exact = list(self.filter(Q(name__iexact=name) | Q(abbreviation__iexact=name) | Q(slug__iexact=name))[:2])
        if exact:
            return exact[0] if len(exact) == 1 else None
        partial = list(self.filter(name__icontains=name)[:2])
        return partial[0] if len(partial) == 1 else None


class Ministry(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True, help_text=_("Bijv. Buitenlandse Zaken"))
    abbreviation = models.CharField(_("afkorting"), max_length=20, blank=True, help_text=_("Bijv. BZ"))
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ministerie")
        verbose_name_plural = _("ministeries")

    objects = MinistryQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("ministry-detail", args=[self.slug])


class Party(models.Model):
    """A fractie (parliamentary party group)."""

    name = models.CharField(_("naam"), max_length=200)
    abbreviation = models.CharField(_("afkorting"), max_length=50, unique=True, help_text=_("Zoals in open data: D66, CDA, GroenLinks-PvdA"))
    slug = models.SlugField(max_length=60, unique=True)
    source_id = models.UUIDField(_("Fractie-Id (open data)"), null=True, blank=True, unique=True)
    seats = models.PositiveSmallIntegerField(_("zetels"), null=True, blank=True)

    class Meta:
        ordering = ["abbreviation"]
        verbose_name = _("fractie")
        verbose_name_plural = _("fracties")

    def __str__(self) -> str:
        return self.abbreviation

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.abbreviation)[:60] or "fractie"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("party-detail", args=[self.slug])


class Member(models.Model):
    """A member of parliament (Persoon)."""

    initials = models.CharField(_("voorletters"), max_length=30, blank=True)
    first_name = models.CharField(_("roepnaam"), max_length=100, blank=True)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=30, blank=True, help_text=_("Bijv. 'van der'"))
    surname = models.CharField(_("achternaam"), max_length=150)
    party = models.ForeignKey(Party, verbose_name=_("fractie"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    slug = models.SlugField(max_length=200, unique=True)
    source_id = models.UUIDField(_("Persoon-Id (open data)"), null=True, blank=True, unique=True)

    class Meta:
        ordering = ["surname", "initials"]
        verbose_name = _("Kamerlid")
        verbose_name_plural = _("Kamerleden")
        indexes = [models.Index(fields=["surname"])]

    def __str__(self) -> str:
        return self.full_name

    @staticmethod
    def format_full_name(initials: str, tussenvoegsel: str, surname: str) -> str:
        """As the register writes a member: ``T.M.T. van der Lee`` (also for plain rows)."""
        return " ".join(p for p in (initials, tussenvoegsel, surname) if p)

    @staticmethod
    def format_display_name(tussenvoegsel: str, surname: str) -> str:
        """As letters and motions name a member: ``Van der Lee`` (also for plain rows)."""
        return f"{tussenvoegsel[:1].upper()}{tussenvoegsel[1:]} {surname}" if tussenvoegsel else surname

    @property
    def full_name(self) -> str:
        return self.format_full_name(self.initials, self.tussenvoegsel, self.surname)

    @property
    def display_name(self) -> str:
        return self.format_display_name(self.tussenvoegsel, self.surname)

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = self.make_slug(self.initials, self.tussenvoegsel, self.surname)
        super().save(*args, **kwargs)

    @staticmethod
    def make_slug(initials: str, tussenvoegsel: str, surname: str) -> str:
        return slugify(f"{initials.replace('.', '')} {tussenvoegsel} {surname}")[:200] or "lid"

    def get_absolute_url(self) -> str:
        return reverse("member-detail", args=[self.slug])


class Dossier(models.Model):
    """A Kamerstukdossier: number plus toevoeging (budget chapter ``V`` or sub-dossier ``20``)."""

    number = models.PositiveIntegerField(_("dossiernummer"))
    toevoeging = models.CharField(_("toevoeging"), max_length=10, blank=True, help_text=_("Begrotingshoofdstuk (V, XVII) of subdossier (20); leeg als er geen is"))
    title = models.TextField(_("titel"), blank=True)
    closed = models.BooleanField(_("afgesloten"), default=False)
    source_id = models.UUIDField(_("Kamerstukdossier-Id (open data)"), null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-number", "toevoeging"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [models.UniqueConstraint(fields=["number", "toevoeging"], name="dossier_number_toevoeging_unique")]

    def __str__(self) -> str:
        return f"{self.key} {self.title[:60]}".strip()

    @property
    def key(self) -> str:
        return format_dossier_key(self.number, self.toevoeging)

    def get_absolute_url(self) -> str:
        return reverse("dossier-detail", args=[self.key])


class KamerstukQuerySet(models.QuerySet):
    def by_key(self, value: str | PaperKey) -> Self:
        """Filter on any accepted spelling of a key; raises InvalidKey when it is none."""
        key = value if not isinstance(value, str) else parse_key(value)
        return self.filter(key=str(key))


class Kamerstuk(models.Model):
    """A numbered parliamentary paper. ``key`` is derived from dossier and number."""

    class Kind(models.TextChoices):
        MOTIE = "motie", _("motie")
        AMENDEMENT = "amendement", _("amendement")
        BRIEF_REGERING = "brief_regering", _("brief regering")
        INITIATIEFNOTA = "initiatiefnota", _("initiatiefnota")
        WETSVOORSTEL = "wetsvoorstel", _("wetsvoorstel")
        VERSLAG = "verslag", _("verslag")
        OVERIG = "overig", _("overig")
        ONBEKEND = "onbekend", _("nog onbekend")

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="kamerstukken")
    number = models.CharField(_("ondernummer"), max_length=10, help_text=_("Tekst: de Eerste Kamer nummert met letters (A, AI)"))
    key = models.CharField(_("sleutel"), max_length=40, unique=True, editable=False, help_text=_("Bijv. 35207-83, 36600-V-31"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.ONBEKEND)
    kind_raw = models.CharField(_("soort (bron)"), max_length=100, blank=True, help_text=_("Document.Soort zoals open data het noemt"))
    title = models.TextField(_("titel"), blank=True)
    date = models.DateField(_("datum"), null=True, blank=True)
    vergaderjaar = models.CharField(_("vergaderjaar"), max_length=9, blank=True, help_text=_("Bijv. 2024-2025"))
    document_number = models.CharField(_("documentnummer"), max_length=20, blank=True, help_text=_("Bijv. 2025D15872"))
    source_id = models.UUIDField(_("Document-Id (open data)"), null=True, blank=True, unique=True)
    is_placeholder = models.BooleanField(_("nog niet gesynchroniseerd"), default=False, help_text=_("Aangemaakt omdat een brief het noemt; de open-data-synchronisatie vult het aan"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KamerstukQuerySet.as_manager()

    class Meta:
        ordering = ["-dossier__number", "key"]
        verbose_name = _("Kamerstuk")
        verbose_name_plural = _("Kamerstukken")
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="kamerstuk_dossier_number_unique")]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return self.key

    def save(self, *args, **kwargs) -> None:
        self.key = self.compute_key()
        super().save(*args, **kwargs)

    def compute_key(self) -> str:
        return format_key(self.dossier.number, self.dossier.toevoeging, self.number)

    @property
    def official_url(self) -> str:
        return f"https://zoek.officielebekendmakingen.nl/kst-{self.key}.html"

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.MOTIE and hasattr(self, "motion"):
            return reverse("motion-detail", args=[self.key])
        return reverse("dossier-detail", args=[self.dossier.key]) + f"#kst-{self.key}"


class Outcome(models.TextChoices):
    """What the Kamer decided on a motion. Empty means not yet known (a placeholder)."""

    INGEDIEND = "ingediend", _("ingediend")
    AANGENOMEN = "aangenomen", _("aangenomen")
    VERWORPEN = "verworpen", _("verworpen")
    AANGEHOUDEN = "aangehouden", _("aangehouden")
    INGETROKKEN = "ingetrokken", _("ingetrokken")
    OVERGENOMEN = "overgenomen", _("overgenomen")
    VERVALLEN = "vervallen", _("vervallen")

    @classmethod
    def tracked(cls) -> list[str]:
        """Only adopted or taken-over motions get an implementation status."""
        return [cls.AANGENOMEN, cls.OVERGENOMEN]


class Kabinetsappreciatie(models.TextChoices):
    """The cabinet's advice before the vote, normalised; the raw text is kept beside it."""

    OORDEEL_KAMER = "oordeel_kamer", _("Oordeel Kamer")
    ONTRADEN = "ontraden", _("Ontraden")
    ONTRADEN_TENZIJ = "ontraden_tenzij_gewijzigd", _("Ontraden, tenzij gewijzigd")
    OVERGENOMEN = "overgenomen", _("Overgenomen")
    AANHOUDEN = "verzocht_aan_te_houden", _("Verzocht motie aan te houden")
    GEEN = "geen_appreciatie", _("Geen (expliciete) appreciatie")
    NOG_NIET_BEKEND = "nog_niet_bekend", _("Nog niet bekend")
    NOG_TE_ONTVANGEN = "nog_te_ontvangen", _("Nog te ontvangen")
    NIET_BESCHIKBAAR = "niet_beschikbaar", _("Niet beschikbaar")
    ONTIJDIG = "ontijdig", _("Ontijdig")
    OVERBODIG = "overbodig", _("Overbodig")
    ONBEKEND = "onbekend", _("Andere waarde (zie bron)")

    @classmethod
    def normalise(cls, raw: str | None) -> str:
        """Map the open-data spelling to a choice; '' for none, ONBEKEND for a value we do not know."""
        if not raw or not raw.strip():
            return ""
        text = " ".join(raw.replace(",", " ").lower().split())
        table = {
            "oordeel kamer": cls.OORDEEL_KAMER,
            "ontraden": cls.ONTRADEN,
            "ontraden tenzij gewijzigd": cls.ONTRADEN_TENZIJ,
            "overgenomen": cls.OVERGENOMEN,
            "verzocht motie aan te houden": cls.AANHOUDEN,
            "geen (expliciete) appreciatie": cls.GEEN,
            "nog niet bekend": cls.NOG_NIET_BEKEND,
            "nog te ontvangen": cls.NOG_TE_ONTVANGEN,
            "ontijdig": cls.ONTIJDIG,
            "overbodig": cls.OVERBODIG,
        }
        if text in table:
            return table[text]
        if text.startswith("niet beschikbaar"):
            return cls.NIET_BESCHIKBAAR
        return cls.ONBEKEND


class Status(models.TextChoices):
    """Implementation status, tracked by ministry staff for adopted motions and commitments."""

    OPEN = "open", _("open")
    IN_UITVOERING = "in_uitvoering", _("in uitvoering")
    DEELS_AFGEDAAN = "deels_afgedaan", _("deels afgedaan")
    AFGEDAAN = "afgedaan", _("afgedaan")
    NIET_UITGEVOERD = "niet_uitgevoerd", _("niet uitgevoerd")
    VERVALLEN = "vervallen", _("vervallen")

    @classmethod
    def finished(cls) -> list[str]:
        return [cls.AFGEDAAN, cls.NIET_UITGEVOERD, cls.VERVALLEN]

    @classmethod
    def unfinished(cls) -> list[str]:
        return [cls.OPEN, cls.IN_UITVOERING, cls.DEELS_AFGEDAAN]

    @classmethod
    def can_be_overdue(cls) -> list[str]:
        """Partly done (deels afgedaan) is unfinished, but not simply "over de termijn"."""
        return [cls.OPEN, cls.IN_UITVOERING]


def overdue_condition(model: type[models.Model] | None = None, today: dt.date | None = None) -> Q:
    """``overdue()`` as a Q, for annotations and conditional counts over motions or commitments:
    open or in progress, past the deadline, and not answered by a letter dated on or before it
    (``answered_on``, kept by the letters app). ``model`` is accepted for symmetry and unused."""
    today = today or timezone.localdate()
    in_time = Q(answered_on__isnull=False, answered_on__lte=models.F("deadline"))
    return Q(status__in=Status.can_be_overdue(), deadline__lt=today) & ~in_time


def is_overdue(item: Motion | Commitment, today: dt.date | None = None) -> bool:
    """``overdue()`` for one loaded motion or commitment."""
    today = today or timezone.localdate()
    if item.status not in Status.can_be_overdue() or not item.deadline or item.deadline >= today:
        return False
    return not (item.answered_on and item.answered_on <= item.deadline)


def overdue_annotation(model: type[models.Model], today: dt.date | None = None) -> models.Case:
    return models.Case(models.When(overdue_condition(model, today), then=models.Value(True)), default=models.Value(False), output_field=models.BooleanField())


class TrackedQuerySet(models.QuerySet):
    """Reads shared by motions and commitments: ``Motion.objects.overdue().for_ministry(m)``."""

    def tracked(self) -> Self:
        return self.exclude(status="")

    def unfinished(self) -> Self:
        return self.filter(status__in=Status.unfinished())

    def overdue(self, today: dt.date | None = None) -> Self:
        """Past the deadline with nothing to show for it: open or in progress, and no letter (suggested
        or confirmed response) dated on or before the deadline. The one definition of "over de termijn"."""
        return self.filter(overdue_condition(self.model, today))

    def answered_in_time(self) -> Self:
        """Items a letter answered on or before their deadline (a response not rejected by staff)."""
        return self.filter(answered_on__isnull=False, answered_on__lte=models.F("deadline"))

    def due_within(self, days: int, today: dt.date | None = None) -> Self:
        today = today or timezone.localdate()
        return self.unfinished().filter(deadline__gte=today, deadline__lte=today + dt.timedelta(days=days))

    def for_ministry(self, ministry: Ministry | int) -> Self:
        return self.filter(ministry=ministry)


class MotionQuerySet(TrackedQuerySet):
    def adopted(self) -> Self:
        return self.filter(outcome__in=Outcome.tracked())

    def by_key(self, value: str | PaperKey) -> Self:
        key = value if not isinstance(value, str) else parse_key(value)
        return self.filter(kamerstuk__key=str(key))

    def with_related(self) -> Self:
        """What a list shows, in a constant number of queries."""
        return self.select_related("kamerstuk__dossier", "ministry", "owner").prefetch_related(
            models.Prefetch("sponsorships", queryset=Sponsorship.objects.select_related("member", "party").order_by("order"))
        )


class Motion(models.Model):
    """A motie. One-to-one with the Kamerstuk that prints it, addressed by that key."""

    kamerstuk = models.OneToOneField(Kamerstuk, verbose_name=_("Kamerstuk"), on_delete=models.PROTECT, related_name="motion")
    title = models.TextField(_("titel"), help_text=_("Het onderwerp, bijv. 'Motie van het lid Paternotte c.s. over …'"))
    text = models.TextField(_("tekst"), blank=True, help_text=_("De volledige tekst: overwegingen en 'verzoekt de regering …'"))
    submitted_on = models.DateField(_("ingediend op"), null=True, blank=True)
    outcome = models.CharField(_("uitslag"), max_length=20, choices=Outcome.choices, blank=True, db_index=True)
    outcome_raw = models.CharField(_("uitslag (bron)"), max_length=200, blank=True, help_text=_("BesluitSoort / BesluitTekst zoals open data ze noemt"))
    outcome_note = models.TextField(_("bron van de uitslag"), blank=True, help_text=_("Waar de uitslag vandaan komt, als dat niet het stemmingsbesluit zelf is"))
    kabinetsappreciatie = models.CharField(_("kabinetsappreciatie"), max_length=30, choices=Kabinetsappreciatie.choices, blank=True)
    kabinetsappreciatie_raw = models.CharField(_("kabinetsappreciatie (bron)"), max_length=200, blank=True)
    vote_date = models.DateField(_("stemmingsdatum"), null=True, blank=True)
    ministry = models.ForeignKey(Ministry, verbose_name=_("verantwoordelijk ministerie"), null=True, blank=True, on_delete=models.SET_NULL, related_name="motions")
    status = models.CharField(_("uitvoeringsstatus"), max_length=20, choices=Status.choices, blank=True, db_index=True, help_text=_("Alleen voor aangenomen of overgenomen moties; gewijzigd via een statuswijziging"))
    deadline = models.DateField(_("termijn"), null=True, blank=True)
    answered_on = models.DateField(
        _("beantwoord op"), null=True, blank=True, editable=False,
        help_text=_("Datum van de eerste brief die erop antwoordt (een antwoord dat niet is afgewezen); bijgehouden bij het lezen en beoordelen van brieven"),
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("behandelaar"), null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_motions")
    version = models.PositiveIntegerField(_("versie"), default=1, help_text=_("Verhoogd bij elke wijziging; voorkomt verloren updates"))
    zaak_id = models.UUIDField(_("Zaak-Id (open data)"), null=True, blank=True, unique=True)
    zaak_number = models.CharField(_("zaaknummer"), max_length=20, blank=True, help_text=_("Bijv. 2025Z06902"))
    replaces = models.ForeignKey("self", verbose_name=_("vervangt"), null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by", help_text=_("Een gewijzigde motie vervangt de oorspronkelijke"))
    withdrawn = models.BooleanField(_("verwijderd in de bron"), default=False, help_text=_("Open data markeerde de zaak als verwijderd; wij bewaren haar"))
    submitters = models.ManyToManyField(Member, through="Sponsorship", related_name="motions", verbose_name=_("indieners"))
    # Kept by a PostgreSQL trigger ('dutch' configuration, title weighted above text); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = MotionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("motie")
        verbose_name_plural = _("moties")
        indexes = [
            models.Index(fields=["ministry", "status", "deadline"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["-submitted_on", "-id"]),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.title[:80]}"

    @property
    def key(self) -> str:
        return self.kamerstuk.key

    @property
    def is_tracked(self) -> bool:
        return self.outcome in Outcome.tracked()

    def get_absolute_url(self) -> str:
        return reverse("motion-detail", args=[self.key])

    @property
    def official_url(self) -> str:
        return self.kamerstuk.official_url

    @property
    def tweedekamer_url(self) -> str | None:
        if not self.zaak_number:
            return None
        url = f"https://www.tweedekamer.nl/kamerstukken/moties/detail?id={self.zaak_number}"
        if self.kamerstuk.document_number:
            url += f"&did={self.kamerstuk.document_number}"
        return url

    def default_deadline(self) -> dt.date | None:
        if self.vote_date is None:
            return None
        return self.vote_date + dt.timedelta(days=settings.MOTION_DEFAULT_DEADLINE_DAYS)


class Sponsorship(models.Model):
    """A submitter of a motion: the first is the indiener, the others medeindieners."""

    class Role(models.TextChoices):
        INDIENER = "indiener", _("indiener")
        MEDEINDIENER = "medeindiener", _("medeindiener")

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="sponsorships")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="sponsorships")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.MEDEINDIENER)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    party = models.ForeignKey(Party, verbose_name=_("fractie bij indienen"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["motion", "order"]
        verbose_name = _("indiener")
        verbose_name_plural = _("indieners")
        constraints = [models.UniqueConstraint(fields=["motion", "member"], name="sponsorship_motion_member_unique")]
        indexes = [models.Index(fields=["member", "motion"])]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_role_display()})"


# Seats in the Tweede Kamer: a vote whose rows add up to fewer is missing parties or members.
HOUSE_SEATS = 150


def votes_complete(seats: int) -> bool | None:
    """Whether vote rows adding up to ``seats`` are the whole vote; None when there are none."""
    if not seats:
        return None
    return seats == HOUSE_SEATS


class Vote(models.Model):
    """One recorded vote on a motion: per party (show of hands) or per member (roll call)."""

    class Choice(models.TextChoices):
        VOOR = "voor", _("voor")
        TEGEN = "tegen", _("tegen")
        NIET_DEELGENOMEN = "niet_deelgenomen", _("niet deelgenomen")

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="votes")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("stem"), max_length=20, choices=Choice.choices)
    seats = models.PositiveSmallIntegerField(_("zetels"), default=1)
    mistake = models.BooleanField(_("vergissing"), default=False, help_text=_("Het lid of de fractie meldde een vergissing"))
    source_id = models.UUIDField(_("Stemming-Id (open data)"), null=True, blank=True, unique=True)

    class Meta:
        ordering = ["motion", "-seats"]
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")
        constraints = [
            models.CheckConstraint(condition=Q(party__isnull=False) | Q(member__isnull=False), name="vote_has_party_or_member"),
            models.UniqueConstraint(fields=["motion", "party"], condition=Q(member__isnull=True), name="vote_once_per_party"),
            models.UniqueConstraint(fields=["motion", "member"], condition=Q(member__isnull=False), name="vote_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member or self.party}: {self.get_choice_display()} ({self.seats})"


class CommitmentQuerySet(TrackedQuerySet):
    def with_related(self) -> Self:
        return self.select_related("ministry", "made_to_member", "made_to_party", "kamerstuk", "owner")


class Commitment(models.Model):
    """A toezegging: a minister's promise to the Kamer, with a deadline."""

    number = models.CharField(_("nummer"), max_length=30, blank=True, help_text=_("Toezeggingnummer uit het register, bijv. TZ202501-012"))
    text = models.TextField(_("tekst"))
    minister = models.CharField(_("bewindspersoon"), max_length=200, blank=True)
    minister_function = models.CharField(_("functie"), max_length=200, blank=True)
    ministry = models.ForeignKey(Ministry, verbose_name=_("ministerie"), null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments")
    made_to_member = models.ForeignKey(Member, verbose_name=_("toegezegd aan (lid)"), null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments")
    made_to_party = models.ForeignKey(Party, verbose_name=_("toegezegd aan (fractie)"), null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments")
    made_to_raw = models.CharField(_("toegezegd aan (bron)"), max_length=300, blank=True)
    kamerstuk = models.ForeignKey(Kamerstuk, verbose_name=_("vindplaats"), null=True, blank=True, on_delete=models.PROTECT, related_name="commitments", help_text=_("Het Kamerstuk waarin of waarover de toezegging is gedaan"))
    debate = models.CharField(_("debat"), max_length=300, blank=True)
    made_on = models.DateField(_("gedaan op"), null=True, blank=True)
    deadline = models.DateField(_("termijn"), null=True, blank=True)
    answered_on = models.DateField(
        _("beantwoord op"), null=True, blank=True, editable=False,
        help_text=_("Datum van de eerste brief die erop antwoordt (een antwoord dat niet is afgewezen); bijgehouden bij het lezen en beoordelen van brieven"),
    )
    status = models.CharField(_("uitvoeringsstatus"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    source_status_raw = models.CharField(_("status in het register"), max_length=50, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("behandelaar"), null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_commitments")
    version = models.PositiveIntegerField(_("versie"), default=1)
    source_id = models.UUIDField(_("Toezegging-Id (open data)"), null=True, blank=True, unique=True)
    withdrawn = models.BooleanField(_("verwijderd in de bron"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "-id"]
        verbose_name = _("toezegging")
        verbose_name_plural = _("toezeggingen")
        indexes = [models.Index(fields=["ministry", "status", "deadline"])]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="commitment_number_unique"),
        ]

    def __str__(self) -> str:
        label = self.number or f"#{self.pk}"
        return f"{label} {self.text[:80]}"

    @property
    def is_tracked(self) -> bool:
        return True

    def get_absolute_url(self) -> str:
        return reverse("commitment-detail", args=[self.pk])


class StatusChangeImmutable(Exception):
    """StatusChange rows are the audit trail: they are never edited or deleted."""


class StatusChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise StatusChangeImmutable("status changes are append-only and cannot be updated")

    def delete(self):  # type: ignore[override]
        raise StatusChangeImmutable("status changes are append-only and cannot be deleted")


class StatusChange(models.Model):
    """One change of implementation status: the history, the change feed and the alert queue at once.

    Append-only: ``save()`` on an existing row, ``delete()`` and queryset ``update()``/``delete()``
    raise, and a database trigger refuses UPDATE and DELETE (see migration 0002).
    """

    motion = models.ForeignKey(Motion, null=True, blank=True, on_delete=models.PROTECT, related_name="status_changes")
    commitment = models.ForeignKey(Commitment, null=True, blank=True, on_delete=models.PROTECT, related_name="status_changes")
    old_status = models.CharField(_("oude status"), max_length=20, choices=Status.choices, blank=True)
    new_status = models.CharField(_("nieuwe status"), max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, blank=True, on_delete=models.PROTECT, related_name="status_changes")
    at = models.DateTimeField(_("op"), default=timezone.now, db_index=True)
    reason = models.TextField(_("reden"), blank=True)
    # A string reference: motions never imports letters (STYLE.md, rule 8).
    citation = models.ForeignKey("letters.Citation", verbose_name=_("bron (brief)"), null=True, blank=True, on_delete=models.PROTECT, related_name="status_changes")
    deadline = models.DateField(_("nieuwe termijn"), null=True, blank=True, help_text=_("Als de wijziging ook de termijn verzette"))

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        constraints = [
            models.CheckConstraint(
                condition=(Q(motion__isnull=False) & Q(commitment__isnull=True)) | (Q(motion__isnull=True) & Q(commitment__isnull=False)),
                name="statuschange_one_subject",
            ),
        ]
        indexes = [models.Index(fields=["motion", "at"]), models.Index(fields=["commitment", "at"])]

    def __str__(self) -> str:
        return f"{self.subject}: {self.old_status or '—'} → {self.new_status}"

    @property
    def subject(self) -> Motion | Commitment | None:
        return self.motion or self.commitment

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise StatusChangeImmutable("status changes are append-only and cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise StatusChangeImmutable("status changes are append-only and cannot be deleted")


class StaffProfile(models.Model):
    """Who may change what: staff act for one ministry; coordinators assign items to ministries."""

    class Role(models.TextChoices):
        STAFF = "staff", _("medewerker")
        COORDINATOR = "coordinator", _("coördinator")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    ministry = models.ForeignKey(Ministry, verbose_name=_("ministerie"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.STAFF)

    class Meta:
        verbose_name = _("medewerkersprofiel")
        verbose_name_plural = _("medewerkersprofielen")
        constraints = [
            models.CheckConstraint(condition=Q(role="coordinator") | Q(ministry__isnull=False), name="staff_has_ministry"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.ministry or '—'})"


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise StatusChangeImmutable("events are append-only")

    def delete(self):  # type: ignore[override]
        raise StatusChangeImmutable("events are append-only")


class Event(models.Model):
    """One entry of the change feed, numbered in commit order (see ``motions.events``).

    The API change feed, the Atom feeds and the notification queue all read this table.
    """

    class Kind(models.TextChoices):
        MOTION_CREATED = "motion_created", _("nieuwe motie")
        MOTION_UPDATED = "motion_updated", _("motie gewijzigd")
        VOTE_RECORDED = "vote_recorded", _("stemmingsuitslag")
        STATUS_CHANGED = "status_changed", _("status gewijzigd")
        RESPONSE_ADDED = "response_added", _("nieuw antwoord voorgesteld")
        RESPONSE_CONFIRMED = "response_confirmed", _("antwoord bevestigd")
        RESPONSE_REJECTED = "response_rejected", _("antwoord afgewezen")
        ASSIGNED = "assigned", _("toegewezen")
        OVERDUE = "overdue", _("over de termijn")
        COMMITMENT_CREATED = "commitment_created", _("nieuwe toezegging")

    seq = models.BigIntegerField(_("volgnummer"), unique=True, help_text=_("Oplopend in de volgorde waarin transacties zijn vastgelegd"))
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices, db_index=True)
    at = models.DateTimeField(_("op"), default=timezone.now)
    # SET_NULL: a placeholder motion the registry turned out to be a letter may go; its events stay.
    motion = models.ForeignKey(Motion, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    commitment = models.ForeignKey(Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    status_change = models.ForeignKey(StatusChange, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    # A plain id, not a foreign key: motions never depends on letters, and a suggestion may be recomputed.
    citation_id = models.BigIntegerField(null=True, blank=True)
    letter_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    payload = models.JSONField(default=dict, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        indexes = [models.Index(fields=["motion", "seq"]), models.Index(fields=["commitment", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_kind_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise StatusChangeImmutable("events are append-only")
        super().save(*args, **kwargs)


class EventCounter(models.Model):
    """A single row whose lock orders event-writing transactions by commit (see motions.events)."""

    name = models.CharField(max_length=30, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("teller")


class OverdueNotice(models.Model):
    """That an item passed its deadline: one row per item and deadline, so the daily job is idempotent."""

    motion = models.ForeignKey(Motion, null=True, blank=True, on_delete=models.CASCADE, related_name="overdue_notices")
    commitment = models.ForeignKey(Commitment, null=True, blank=True, on_delete=models.CASCADE, related_name="overdue_notices")
    deadline = models.DateField()
    recorded_on = models.DateField(default=timezone.localdate)
    reminded = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("termijnoverschrijding")
        verbose_name_plural = _("termijnoverschrijdingen")
        constraints = [
            models.UniqueConstraint(fields=["motion", "deadline"], condition=Q(motion__isnull=False), name="overdue_once_per_motion_deadline"),
            models.UniqueConstraint(fields=["commitment", "deadline"], condition=Q(commitment__isnull=False), name="overdue_once_per_commitment_deadline"),
            models.CheckConstraint(condition=Q(motion__isnull=False) ^ Q(commitment__isnull=False), name="overdue_one_subject"),
        ]


# The open-data sync keeps its cursors and lock beside its code; imported here so Django registers them.
from .opendata.state import SyncLease, SyncState  # noqa: E402,F401
from .opendata.mirror import FeedEntity, FeedReference  # noqa: E402,F401
from .readrow import READ_BASE, ReadRow  # noqa: E402,F401
