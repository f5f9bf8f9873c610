"""Read what a government letter says happened to each motion or commitment it cites.

A pure module (no Django, no I/O), like the citation parser: ``classify(text, citations, …)`` returns,
for each motion or commitment citation, a ``Suggestion`` — one of ``LABELS``, a confidence, the
character spans of the words that decided it, an obstacle when the letter reports one next to
committed effort, and for a deferral (or a promised next report) the date turned into a deadline.
Staff always decide; this only reads.

Scope: which words speak about one citation
-------------------------------------------
Sentences are split on ``.``/``?``/``!`` + space + a capital (``nr.``, ``c.s.`` before a name,
``o.a.`` and other abbreviations excepted). For one citation the scope is, in this order:

1. its *own sentence* when the citation stands in a footnote ("Conform motie 35 207, nr. 92 …"),
   weight factor 1.0;
2. its *excerpt sentence* — the sentence that carries it, or for a footnote the body sentence with
   the marker — factor 1.0;
3. the *following sentences of the same paragraph*, up to (not including) the first sentence that
   carries another motion or commitment citation (its text or its footnote marker) with another
   key; factor 0.8 for the next sentence, then 0.7, 0.6, and 0.5 for the rest. Letters often give
   the outcome there: "… moties Boswijk meegenomen[12]. De Kamer zal in december … worden
   geïnformeerd.";
4. *the whole letter, for a letter about one subject*: when every motion/commitment citation in the
   letter has the same key, or all stand in one sentence ("de moties X (…) en Y (…) zijn aangenomen")
   — a deferral letter, a "uitvoering motie …" letter — every other sentence is read too, factor
   0.7, but only with the rules marked ``letter_wide`` (those that name "de motie", "deze
   toezegging", the term or the deferral itself, so a policy verb elsewhere in the letter does not
   count), and a sentence that names a submitter ("de motie van het lid Smit") speaks only for
   the citations of that submitter.

Scoring and confidence
----------------------
Every rule match in the scope is a hit worth ``rule.weight × factor``. Per label, hits combine as a
noisy-or, ``S = 1 − Π(1 − w)``. The label with the highest S wins (ties: afgedaan, uitstel,
niet_uitgevoerd, in_uitvoering); no hit at all means ``geen`` (only a mention).
``confidence = 0.5 + 0.5 × (S_best − S_second)``, two decimals: a lone weak hit ("conform de motie",
0.45) gives 0.72, a formula like "hiermee beschouw ik de motie als afgedaan" 0.97, and two labels
with equal evidence 0.5, a coin toss between them. ``geen`` has ``GEEN_CONFIDENCE`` (0.6: no
evidence is as often a missed formula as a real mention). The calibration is rough on purpose: on
the labelled set the suggestions are right more often than these numbers say, but real letters
phrase things the set does not; they order the review queue, they are not probabilities.

Negation, modality, reported speech
-----------------------------------
* A hit for ``afgedaan`` or ``in_uitvoering`` with "niet"/"geen"/"nooit" inside it or in the same
  clause just before it is negated: it counts for ``niet_uitgevoerd`` ("niet meegenomen", "geen
  uitvoering gegeven"). "nog niet"/"nog geen" means *not yet*: an ``afgedaan`` hit then counts for
  ``in_uitvoering``, an ``in_uitvoering`` hit is dropped. "zodra", "nadat", "na afronding" anywhere
  before an ``afgedaan`` hit in its sentence do the same for it ("Zodra het onderzoek is afgerond,
  beschouw ik de motie als afgedaan"). Idioms like "niet alleen" negate nothing.
* "wel" in an ``in_uitvoering`` hit marks effort on an alternative after a refusal ("Dat is niet
  haalbaar. Ik zet mij wel in voor …"): half weight.
* The motion's own request is not the government's answer: in "de motie … verzoekt de regering zich
  in te zetten voor …" everything after the verb, to the end of the sentence or a ";", is ignored.

Obstacles
---------
Rules marked ``obstacle`` ("onvoldoende steun/draagvlak", "geen meerderheid", "stuit op verzet")
describe what stands in the way. When the scope also has evidence of effort or progress (any
``in_uitvoering``, ``afgedaan`` or ``uitstel`` hit), they do not count against it: the primary label
stands and the strongest obstacle is returned as ``obstacle``. Without such evidence an obstacle is
a reason not to act and counts for ``niet_uitgevoerd``.

Deadlines
---------
For ``uitstel`` and ``in_uitvoering`` only, the first *promise sentence* in the scope (future or
present tense of informing, sending, reporting — "zal … informeren", "verwacht u … te kunnen
sturen", "komt … met een voorstel" — not "is geïnformeerd") that holds a time phrase of
``TIME_PHRASES`` gives the deadline; with several phrases in it, the latest date. A phrase without
a year takes the letter's year, and the next year when that date lies before the letter date ("in
februari" in a November letter is next February). Without ``letter_date`` such a phrase keeps its
words but gets no date. The table:

================================================  ===============================================
"in december", "in december 2025"                  last day of that month
"begin/medio/eind juni [2026]"                     10th / 15th / last day of that month
"voor|vóór|uiterlijk 1 juni [2026]"                that date
"voor de zomer", "voor het zomerreces"             1 July
"na de zomer", "na het zomerreces"                 1 October
"in/voor het voorjaar [van 2026]"                  1 June
"in/voor het najaar [van 2026]"                    1 December
"voor het herfstreces" / "voor het kerstreces"     15 October / 20 December
"voor het einde van het jaar", "eind dit jaar"     31 December
"(in het) eerste … vierde kwartaal [van 2026]"     last day of that quarter
"begin / medio / eind / in (de loop van) 2026"     31 March / 30 June / 31 December / 31 December
"begin / medio / eind / in volgend jaar"           the same, next year
"rond/voor/met Prinsjesdag"                        third Tuesday of September
"binnen twee weken / drie maanden"                 letter date + that period
================================================  ===============================================

Decisions on the seed letter (Kamerbrief on a new China strategy, 3 October 2025)
--------------------------------------------------------------------------------
* 21501-20-2243 "Daarnaast is er een landenneutrale risicoanalyse uitgevoerd, ter uitvoering van de
  motie Boswijk": ``afgedaan``. The motion asked for that analysis and it is done (the registry's
  paper 2243 is the letter reporting it); the "vervolgonderzoek" that follows carries out the two
  later Boswijk motions, which get ``in_uitvoering`` themselves. Its words stay visible as
  ``in_uitvoering`` evidence after the deciding words.
* 32852-333, the commitment to Idsinga: "is uw Kamer … conform de toezegging … verder
  geïnformeerd" → ``afgedaan``: a commitment to inform is met once the Kamer has it in writing
  (rule ``kamer_geinformeerd``, commitments only; for a motion the same words report progress).
"""

from __future__ import annotations

import bisect

import calendar
import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .sentences import sentence_spans, strip_span

__all__ = [
    "GEEN_CONFIDENCE",
    "LABELS",
    "RULES",
    "TIME_PHRASES",
    "CitationInput",
    "Evidence",
    "Rule",
    "Suggestion",
    "classify",
    "resolve_time_phrase",
]

LABELS = ("afgedaan", "in_uitvoering", "uitstel", "niet_uitgevoerd", "geen")
GEEN_CONFIDENCE = 0.6
_TIE_ORDER = ("afgedaan", "uitstel", "niet_uitgevoerd", "in_uitvoering")


@dataclass(frozen=True)
class CitationInput:
    start: int  # the citation's span in `text`
    end: int
    target: str  # "motion" or "commitment"; anything else gets no suggestion
    excerpt_start: int  # the sentence that carries it (for a footnote: the body sentence with the marker)
    excerpt_end: int
    footnote_ref_offset: int | None = None  # where the footnote marker stands, for a citation in a footnote
    key: str | None = None  # "35207-83"; tells one motion from another (default: the citation's text)
    submitters: tuple[str, ...] = ()  # lets "de motie van het lid Smit" speak for Smit's motion only


@dataclass(frozen=True)
class Evidence:
    start: int  # absolute offsets in `text`
    end: int
    label: str
    pattern: str  # the rule's name


@dataclass(frozen=True)
class Suggestion:
    label: str  # one of LABELS
    confidence: float  # 0..1, see the module docstring
    evidence: tuple[Evidence, ...]  # deciding words first (label == self.label), then other hits
    obstacle: Evidence | None
    proposed_deadline: datetime.date | None
    deadline_text: str | None


@dataclass(frozen=True)
class Rule:
    label: str
    name: str
    pattern: str  # see _compile: " … " is a gap of a few words, " ~ " a gap without zal/niet/dat/…
    weight: float
    letter_wide: bool = False  # names the motion or the deferral: may be read anywhere in a one-subject letter
    obstacle: bool = False  # what stands in the way; set aside when the scope also shows effort
    negatable: bool = True  # False when the pattern itself holds its negation ("nog niet afgerond")
    only: str | None = None  # "motion" or "commitment" when the rule applies to one kind only


# --- the rule table ---------------------------------------------------------------------------
# Word pieces shared by the patterns (plain regex, spaces become \s+).
_MOTIE = r"(?:moties?|motie-\w+|toezeggingen|toezegging)"
_DEZE = r"(?:de|deze|die|beide|genoemde|bovengenoemde|voornoemde|eerstgenoemde|laatstgenoemde|eerste|tweede)"
_HIERMEE = r"(?:hiermee|hiermede|daarmee|daarmede|hierbij|met deze (?:brief|rapportage|notitie|regeling|wijziging|aanpassing)|met dit (?:overzicht|besluit|rapport))"
_DONE = (
    r"(?:uitgevoerd|afgerond|voltooid|gerealiseerd|gepubliceerd|ingevoerd|aangepast|gewijzigd|vastgesteld|"
    r"opgericht|ingesteld|opengesteld|verhoogd|verlaagd|verlengd|verstuurd|verzonden|toegezonden|aangeboden|"
    r"ingericht|afgeschaft|geregeld|beschikbaar gesteld|opgeleverd|in werking getreden)"
)
_SELF = r"(?:zich|mij|me|ons|zichzelf)"
_INFORM_WORDS = "informeren|geïnformeerd|berichten|toesturen|toezenden|sturen|zenden|rapporteren|terugkomen|aanbieden|voorleggen|doen toekomen"
_INFORM = f"(?:{_INFORM_WORDS})"

RULES: tuple[Rule, ...] = (
    # afgedaan: the letter says the motion is carried out or the commitment met
    Rule("afgedaan", "beschouw_als_afgedaan", rf"(?:beschouw|beschouwt|beschouwen|acht|achten) … {_DEZE} {_MOTIE} … (?:als )?(?:afgedaan|afgerond|uitgevoerd|afgehandeld|ingelost|vervuld)", 0.95, letter_wide=True),
    Rule("afgedaan", "hiermee_uitvoering_gegeven", rf"{_HIERMEE} (?:is|zijn|wordt|worden|heb|heeft|hebben) … (?:uitvoering|invulling|gevolg|gehoor) gegeven aan", 0.9, letter_wide=True),
    Rule("afgedaan", "motie_is_uitgevoerd", rf"(?:is|zijn) (?:hiermee |daarmee |nu |inmiddels |daarmede )?{_DEZE} {_MOTIE} ~ (?:uitgevoerd|afgedaan|afgerond|ingelost|nagekomen)|{_DEZE} {_MOTIE} ~ (?:is|zijn) ~ (?:uitgevoerd|afgedaan|afgerond|ingelost|nagekomen)", 0.85, letter_wide=True),
    Rule("afgedaan", "hiermee_geef_ik_invulling", rf"{_HIERMEE} (?:geef|geeft|geven) … (?:uitvoering|invulling|gevolg|gehoor) aan|{_HIERMEE} (?:kom|komt|komen) … tegemoet aan|{_HIERMEE} (?:voldoe|voldoet|voldoen) … aan", 0.85, letter_wide=True),
    Rule("afgedaan", "toezegging_nagekomen", r"(?:kom|komt|komen) … (?:toezegging|toezeggingen|verzoek) na|(?:doe|doet|doen) … (?:toezegging|toezeggingen) gestand", 0.85, letter_wide=True),
    Rule("afgedaan", "voldaan_aan_motie", rf"(?:is|zijn|wordt|worden) … voldaan aan (?:{_DEZE} {_MOTIE}|het verzoek)|aan … {_MOTIE} (?:is|zijn) … voldaan", 0.85, letter_wide=True),
    Rule("afgedaan", "tegemoetgekomen_aan", r"(?:is|zijn|wordt|worden) … tegemoet\s?gekomen aan", 0.75, letter_wide=True),
    Rule("afgedaan", "uitvoering_gegeven", rf"(?:is|zijn|werd|werden|heb|heeft|hebben) … (?:uitvoering|invulling|gevolg) gegeven aan|aan {_DEZE} {_MOTIE} … (?:is|zijn|werd|werden) … (?:uitvoering|invulling|gevolg) gegeven", 0.75, letter_wide=True),
    Rule("afgedaan", "ter_uitvoering_uitgevoerd", rf"(?:ter|in) uitvoering van {_DEZE} {_MOTIE} … (?:is|zijn|werd|werden|heeft|hebben) ~ {_DONE}|(?:is|zijn|werd|werden|heeft|hebben) ~ {_DONE},? (?:ter|in) uitvoering van", 0.8),
    Rule("afgedaan", "is_afgerond", rf"(?:is|zijn|werd|werden|heb|heeft|hebben) ~ {_DONE}", 0.6),
    Rule("afgedaan", "in_werking", r"(?:treedt|treden|trad|traden) … in werking", 0.5),
    Rule("afgedaan", "bijlage_aangeboden", r"(?:treft|vindt) u … (?:als |in de )?bijlage|(?:bied|biedt|bieden) … (?:hierbij|bij deze brief) … aan|hierbij (?:bied|ontvangt|stuur|zend)|als bijlage … (?:aangeboden|gevoegd|bijgevoegd)", 0.45),
    Rule("afgedaan", "kamer_geinformeerd", r"(?:is|zijn|heb|heeft|hebben|werd) ~ (?:uw |de )?kamer ~ geïnformeerd", 0.6, only="commitment"),
    # in_uitvoering: work under way, or a continuing line of policy
    Rule("in_uitvoering", "blijft_zich_inzetten", rf"(?:blijf|blijft|blijven|bleef|bleven) … {_SELF} … in(?:zetten| te zetten)|{_SELF} … in (?:blijven|te blijven|blijft) zetten|(?:blijf|blijft|blijven) … (?:inzetten|pleiten|aandringen|agenderen|aandacht vragen|opbrengen|aankaarten|bepleiten|uitdragen|steunen)", 0.75),
    Rule("in_uitvoering", "zet_zich_in", rf"(?:zet|zetten|zette) … {_SELF} … in|{_SELF} … (?:inzetten|in te zetten|ingezet)", 0.65),
    Rule("in_uitvoering", "inzet_gericht_op", r"inzet … (?:is )?(?:er)?op gericht|inzet … gericht op|(?:zet|zetten) … in op", 0.6),
    Rule("in_uitvoering", "pleit_voor", r"(?:pleit|pleiten|pleitte|bepleit|bepleiten) … voor|(?:dringt|dringen|drong) … aan op|(?:vraagt|vragen|vroeg) … aandacht voor|(?:agendeert|agenderen|agendeerde)|(?:kaart|kaarten|kaartte) … aan", 0.5),
    Rule("in_uitvoering", "spreekt_zich_uit", r"(?:spreekt|spreken|sprak|spraken) … uit|zich … uit(?:spreken| te spreken)", 0.5),
    Rule("in_uitvoering", "wordt_meegenomen", r"(?:wordt|worden|zal|zullen|is|zijn|werd|werden) … (?:meegenomen|verwerkt|betrokken (?:in|bij))|(?:neem|neemt|nemen) … mee (?:in|bij)|(?:betrek|betrekt|betrekken) … bij", 0.6),
    Rule("in_uitvoering", "is_gestart", r"(?:is|zijn|wordt|worden|werd|werden) … (?:gestart|begonnen|opgestart|in gang gezet|aanbesteed|uitgezet)|(?:start|starten|begint|beginnen) … (?:met|in)", 0.55),
    Rule("in_uitvoering", "wordt_uitgevoerd", r"(?:wordt|worden) … (?:uitgevoerd|uitgewerkt|onderzocht|verkend|voorbereid|ontwikkeld|opgesteld)", 0.55),
    Rule("in_uitvoering", "werkt_aan", r"(?:werk|werkt|werken|werkte) … aan|(?:wordt|worden) … gewerkt aan", 0.5),
    Rule("in_uitvoering", "onderzoekt_of", r"(?:onderzoek|onderzoekt|onderzoeken|verken|verkent|verkennen|bezie|beziet|bezien|bekijk|bekijkt|bekijken|inventariseer|inventariseert|analyseer|analyseert) … (?:of|hoe|welke|waar|in hoeverre)|(?:breng|brengt|brengen) … in kaart", 0.55),
    Rule("in_uitvoering", "zal_doen", r"(?:zal|zullen|ga|gaat|gaan) … (?:overwegen|bezien|bekijken|onderzoeken|verkennen|uitwerken|voorbereiden|opstellen|uitvoeren|invoeren|aanpassen|wijzigen|betrekken|meenemen|realiseren|ontwikkelen|starten|laten onderzoeken|laten uitvoeren|opnemen|verhogen|verlengen|indienen|inbrengen)", 0.5),
    Rule("in_uitvoering", "bereidt_voor", r"(?:bereid|bereidt|bereiden) … voor|in voorbereiding|(?:werk|werkt|werken) … uit", 0.5),
    Rule("in_uitvoering", "wetsvoorstel_aanhangig", r"(?:wetsvoorstel|voorstel van wet|ontwerpbesluit|wijzigingsbesluit) … (?:ingediend|aanhangig|in consultatie|in internetconsultatie)", 0.55),
    Rule("in_uitvoering", "conform_motie", r"(?:conform|overeenkomstig|in lijn met|in het verlengde van|in navolging van|in de geest van) (?:het verzoek (?:in|uit|van) )?(?:de |deze |die |eerdere |bovengenoemde |genoemde )?(?:aangenomen )?moties?", 0.45),
    Rule("in_uitvoering", "naar_aanleiding_van_motie", r"(?:zoals|als) (?:gevraagd|verzocht|bedoeld) in (?:de |deze )?moties?|(?:naar aanleiding|op grond|ter uitvoering|in uitvoering) van (?:de |deze )?moties?", 0.3),
    Rule("in_uitvoering", "kamer_wordt_geinformeerd", rf"(?:zal|zullen|wordt|worden) … {_INFORM}|(?:informeer|stuur|bericht|rapporteer) (?:ik|het kabinet|wij|we) … (?:uw kamer|u)|(?:kom|komt|komen) … met (?:een|het|de)", 0.45),
    Rule("in_uitvoering", "loopt_nog", r"(?:loopt|lopen|is|zijn) (?:nog|momenteel|op dit moment|thans) (?:gaande|lopende|in volle gang|in uitvoering|in behandeling|in voorbereiding)|(?:gesprekken|overleg|onderhandelingen|onderzoek|gesprek) … (?:loopt|lopen) nog|(?:is|zijn) … nog niet (?:afgerond|gereed|voltooid)", 0.55, negatable=False),
    Rule("in_uitvoering", "in_gesprek", r"(?:ben|is|zijn|blijf|blijft|blijven) … in (?:gesprek|overleg|contact) met|(?:bespreek|bespreekt|bespreken) … met", 0.4),
    Rule("in_uitvoering", "consequent", r"consequent|onverminderd|voortdurend|doorlopend|stelselmatig", 0.3),
    # uitstel: a deferral
    Rule("uitstel", "niet_binnen_termijn", r"niet … binnen … (?:termijn|maanden|weken)|niet mogelijk … (?:binnen|tijdig)|(?:overschrijd|overschrijdt|overschreden) … termijn|niet tijdig", 0.9, letter_wide=True),
    Rule("uitstel", "uitstel_of_meer_tijd", r"uitstel(?:brief)?|uitgesteld|vertraging|vertraagd|later dan (?:voorzien|gepland|verwacht|toegezegd|beoogd|gevraagd)|(?:meer|extra|langer) tijd (?:nodig|vergt|vraagt|kost)|(?:vergt|vraagt|kost|neemt) (?:meer|extra) tijd|meer tijd dan", 0.7, letter_wide=True),
    Rule("uitstel", "spoedig_informeren", rf"spoedig … {_INFORM}|(?:informeren|berichten) … (?:zo )?spoedig|zo (?:snel|spoedig) mogelijk … {_INFORM}", 0.6, letter_wide=True),
    Rule("uitstel", "verwacht_te_informeren", rf"(?:verwacht|verwachten|streef|streeft|streven|hoop|hoopt|hopen) … (?:u|uw kamer|de kamer|uw commissie) … te (?:kunnen )?(?:{_INFORM}|delen|reageren)", 0.5, letter_wide=True),
    Rule("uitstel", "pas_later", r"(?:kan|kunnen|zal|zullen) … pas (?:in|na|voor|rond|begin|eind|medio|over)", 0.5, letter_wide=True),
    Rule("uitstel", "nog_niet_sturen", rf"nog (?:niet|geen) … (?:{_INFORM}|beantwoorden|reageren|afdoen|afronden|afhandelen)", 0.55, letter_wide=True),
    Rule("uitstel", "tot_mijn_spijt", r"tot (?:mijn|onze) spijt|helaas", 0.25, letter_wide=True),
    # niet_uitgevoerd: the government declines, or says it cannot
    Rule("niet_uitgevoerd", "motie_niet_uitvoeren", rf"{_DEZE} {_MOTIE} … niet (?:zal |zullen )?(?:uitvoeren|uit te voeren|overnemen|over te nemen)|{_DEZE} {_MOTIE} … (?:voer|voert|voeren|neem|neemt|nemen) … niet (?:uit|over)|(?:voer|voert|voeren) … {_DEZE} {_MOTIE} … niet uit", 0.9, letter_wide=True),
    Rule("niet_uitgevoerd", "zal_niet_uitvoeren", r"(?:zal|zullen|ga|gaat|gaan|kan|kunnen) … niet (?:uitvoeren|invoeren|overnemen|realiseren|inbrengen|indienen)", 0.7),
    Rule("niet_uitgevoerd", "acht_onwenselijk", r"(?:acht|achten|vind|vindt|vinden|is|zijn|lijkt) … (?:onwenselijk|niet wenselijk|ongewenst|niet opportuun|niet proportioneel|disproportioneel|onverstandig|niet verstandig|niet doelmatig)", 0.8),
    Rule("niet_uitgevoerd", "in_strijd_met", r"niet in overeenstemming met|in strijd met|strijdig met|niet verenigbaar met|onverenigbaar met", 0.7),
    Rule("niet_uitgevoerd", "geen_aanleiding", r"(?:zie|ziet|zien|zag|is|bestaat) … geen (?:aanleiding|reden|noodzaak|ruimte|grond)|onvoldoende grond", 0.75),
    Rule("niet_uitgevoerd", "ontraden", r"ontra(?:den|ad|adt|adde)", 0.45),
    Rule("niet_uitgevoerd", "niet_mogelijk", r"(?:is|zijn|blijkt|lijkt) … niet (?:mogelijk|haalbaar|uitvoerbaar|realiseerbaar|toegestaan)(?! … (?:binnen|termijn))|(?:kan|kunnen) … niet (?:worden )?(?:uitgevoerd|gerealiseerd|ingevoerd)|onuitvoerbaar|onhaalbaar", 0.7),
    Rule("niet_uitgevoerd", "geen_gevolg_geven", r"(?<!nog\s)geen (?:uitvoering|gevolg|gehoor|invulling) … (?:geven|gegeven|te geven)", 0.8, letter_wide=True),
    Rule("niet_uitgevoerd", "onvoldoende_steun", r"onvoldoende (?:steun|draagvlak|animo|bereidheid|medewerking)|(?:geen|weinig|beperkt|nauwelijks) (?:steun|draagvlak|animo|bijval)", 0.6, obstacle=True),
    Rule("niet_uitgevoerd", "geen_meerderheid", r"geen (?:gekwalificeerde |politieke )?meerderheid", 0.6, obstacle=True),
    Rule("niet_uitgevoerd", "stuit_op_verzet", r"(?:stuit|stuiten|stuitte) … op (?:verzet|bezwaren|weerstand|tegenstand|een veto)|(?:blokkeert|blokkeren|blokkeerde|blokkeerden)", 0.6, obstacle=True),
    Rule("niet_uitgevoerd", "niet_gelukt", r"(?:is|zijn) … (?:nog )?niet (?:gelukt|geslaagd)", 0.5, obstacle=True),
)

_GAP = r"\s(?:[^;]{0,100}?\s)?"
# A gap that does not run past a future, a negation or a subordinate clause: "is … aangepast" must not
# read "is het nodig dat de regeling wordt aangepast".
_TGAP = r"\s(?:(?:(?!\b(?:zal|zullen|wordt|worden|dat|om|of|te|nog|niet|geen)\b)[^;]){0,100}?\s)?"


def _compile(pattern: str) -> re.Pattern[str]:
    pattern = pattern.replace(" … ", _GAP).replace(" ~ ", _TGAP).replace(" ", r"\s+")
    if "…" in pattern or "~" in pattern:
        raise ValueError(f"a gap must stand between spaces: {pattern}")
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


_COMPILED = tuple((rule, _compile(rule.pattern)) for rule in RULES)

# Modifiers (see the docstring).
_NEGATION = re.compile(r"\b(?:niet|geen|nooit|noch)\b(?!\s+(?:alleen|enkel|eerder dan|minder dan|in de laatste plaats|onbelangrijk))", re.I)
_NOT_YET = re.compile(r"\bnog\s+(?:niet|geen)\b", re.I)
# A condition stands in its own clause before the main one ("Zodra het onderzoek is afgerond, beschouw
# ik de motie als afgedaan"), so it is looked for from the start of the sentence.
_CONDITION = re.compile(r"\b(?:zodra|nadat|na\s+afronding|pas\s+als|pas\s+wanneer)\b", re.I)
_ALTERNATIVE = re.compile(r"\bwel\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:maar|echter|wel|en)\b", re.I)
_REPORTED = re.compile(
    r"\b(?:verzoekt|verzoeken|verzocht|vraagt|vragen|vroeg|vroegen|roept|riep)\b(?:\s+\w+){0,2}?\s+(?:de\s+regering|het\s+kabinet|de\s+minister|de\s+staatssecretaris|mij|ons)\b"
    r"|\bmoties?\b[^;]{0,200}?\b(?:verzoekt|verzoeken|verzocht|vraagt|vragen|vroeg|vroegen|roept|riep)\s+(?:de\s+regering|het\s+kabinet|de\s+minister|de\s+staatssecretaris|mij|ons|om|naar|te)\b"
    r"|\b(?:de\s+regering|het\s+kabinet)\s+(?:verzoekt|verzoeken|verzocht|vraagt|vroeg|oproept|opriep)\b"
    r"|\b(?:de\s+regering|het\s+kabinet)\s+(?:wordt|werd)\s+(?:verzocht|gevraagd|opgeroepen)\b"
    r"|\bwaarin\b[^;]{0,80}?\b(?:gevraagd|verzocht|opgeroepen)\b",
    re.I,
)
_PROMISE_FUTURE = re.compile(r"\b(?:zal|zullen|zult|wordt|worden|verwacht|verwachten|streef|streeft|streven|kom|komt|komen|stuur|stuurt|informeer|informeert|ontvangt|bericht|waarna|voornemens)\b", re.I)
_PROMISE_INFORM = re.compile(rf"\b(?:{_INFORM_WORDS}|informeer|informeert|stuur|stuurt|bericht|ontvangt|delen|reageren|beantwoorden)\b|\b(?:kom|komt|komen)\b[^;]{{0,60}}?\b(?:met|terug)\b", re.I)
# "in februari jl." is the past, never a promise.
_PAST_MARK = re.compile(r"\s*(?:jl\.?|j\.l\.|jongstleden|laatstleden|ll\.)", re.I)

# --- time phrases ---------------------------------------------------------------------------------
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")
_MONTH = "(?P<month>" + "|".join(_MONTHS) + ")"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ORDINALS = {"eerste": 1, "1e": 1, "tweede": 2, "2e": 2, "derde": 3, "3e": 3, "vierde": 4, "4e": 4, "laatste": 4}
_NUMBERS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "acht": 8, "tien": 10, "twaalf": 12}


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _prinsjesdag(year: int) -> datetime.date:
    first = datetime.date(year, 9, 1)
    return first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 14)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# (name, pattern, resolver(match, year) -> date). `year` is the phrase's own year, or the letter's
# year (then the year after when the date lies before the letter). "binnen drie maanden" is _RELATIVE.
_Resolver = Callable[[re.Match[str], int], datetime.date]
TIME_PHRASES: tuple[tuple[str, str, _Resolver], ...] = (
    ("dag_maand", rf"(?:voor|vóór|uiterlijk|op) (?P<day>[0-3]?\d) {_MONTH}(?: {_YEAR})?", lambda m, y: datetime.date(y, _MONTHS.index(m["month"].lower()) + 1, int(m["day"]))),
    ("deel_maand", rf"(?:(?:uiterlijk|voor|vóór|in) )?(?P<part>begin|medio|half|eind|einde|eind van|einde van) {_MONTH}(?: {_YEAR})?", lambda m, y: _part_of_month(m, y)),
    ("in_maand", rf"(?:uiterlijk |nog )?in (?:de maand )?{_MONTH}(?: (?:van )?{_YEAR})?", lambda m, y: _month_end(y, _MONTHS.index(m["month"].lower()) + 1)),
    ("voor_de_zomer", r"(?:voor|vóór|rond) (?:de zomer|het zomerreces)", lambda m, y: datetime.date(y, 7, 1)),
    ("na_de_zomer", r"na (?:de zomer|het zomerreces)", lambda m, y: datetime.date(y, 10, 1)),
    ("voorjaar", rf"(?:in|voor|vóór) het voorjaar(?: van {_YEAR})?", lambda m, y: datetime.date(y, 6, 1)),
    ("najaar", rf"(?:in|voor|vóór) het najaar(?: van {_YEAR})?", lambda m, y: datetime.date(y, 12, 1)),
    ("herfstreces", r"(?:voor|vóór) het herfstreces", lambda m, y: datetime.date(y, 10, 15)),
    ("kerstreces", r"(?:voor|vóór) het kerstreces", lambda m, y: datetime.date(y, 12, 20)),
    ("einde_jaar", r"(?:voor|vóór|aan|tegen) het (?:einde?|eind) van (?:het|dit) jaar|eind(?:e)? (?:van )?dit jaar", lambda m, y: datetime.date(y, 12, 31)),
    ("kwartaal", rf"(?:(?:in|voor|vóór|uiterlijk in) het (?P<q>eerste|tweede|derde|vierde|laatste|1e|2e|3e|4e) kwartaal|Q(?P<qn>[1-4]))(?: (?:van )?{_YEAR})?", lambda m, y: _quarter_end(m, y)),
    ("jaar", rf"(?P<part>begin|medio|half|eind|einde|in de loop van|uiterlijk in|in) {_YEAR}", lambda m, y: _part_of_year(m, y)),
    ("volgend_jaar", r"(?P<part>begin|medio|half|eind|in de loop van|in) volgend jaar", lambda m, y: _part_of_year(m, y + 1)),
    ("prinsjesdag", r"(?:rond|voor|vóór|met|op) prinsjesdag", lambda m, y: _prinsjesdag(y)),
)
_RELATIVE = re.compile(r"(?<!niet )binnen (?P<n>\d{1,2}|een|één|twee|drie|vier|vijf|zes|acht|tien|twaalf) (?P<unit>weken|week|maanden|maand)\b", re.I)


def _part_of_month(m: re.Match[str], year: int) -> datetime.date:
    month = _MONTHS.index(m["month"].lower()) + 1
    part = m["part"].lower()
    if part == "begin":
        return datetime.date(year, month, 10)
    if part in ("medio", "half"):
        return datetime.date(year, month, 15)
    return _month_end(year, month)


def _quarter_end(m: re.Match[str], year: int) -> datetime.date:
    quarter = int(m["qn"]) if m["qn"] else _ORDINALS[m["q"].lower()]
    return _month_end(year, quarter * 3)


def _part_of_year(m: re.Match[str], year: int) -> datetime.date:
    part = m["part"].lower()
    if part == "begin":
        return datetime.date(year, 3, 31)
    if part in ("medio", "half"):
        return datetime.date(year, 6, 30)
    return datetime.date(year, 12, 31)


_TIME_COMPILED = tuple((name, re.compile(rf"\b(?:{pattern.replace(' ', chr(92) + 's+')})\b", re.I), fn) for name, pattern, fn in TIME_PHRASES)


def resolve_time_phrase(phrase: str, letter_date: datetime.date | None) -> datetime.date | None:
    """The deadline a time phrase stands for ("in december" → 31 December), see the table above."""
    found = _time_phrases(phrase, 0, len(phrase), letter_date)
    return found[0][2] if found else None


def _time_phrases(text: str, start: int, end: int, letter_date: datetime.date | None) -> list[tuple[int, int, datetime.date | None]]:
    """Time phrases in text[start:end]: (start, end, date or None), longest match first where they overlap."""
    found: list[tuple[int, int, datetime.date | None]] = []
    for _name, pattern, resolve in _TIME_COMPILED:
        for m in pattern.finditer(text, start, end):
            if _PAST_MARK.match(text, m.end()):
                continue
            given = m.groupdict().get("year")
            if given is None and letter_date is None:
                found.append((m.start(), m.end(), None))
                continue
            base = int(given) if given else (letter_date.year if letter_date else 0)
            try:
                day = resolve(m, base)
                if given is None and letter_date is not None and day < letter_date:
                    day = resolve(m, base + 1)  # the month (or season) has passed: next year's
            except (ValueError, KeyError, IndexError):
                continue
            found.append((m.start(), m.end(), day))
    for m in _RELATIVE.finditer(text, start, end):
        if letter_date is None:
            found.append((m.start(), m.end(), None))
            continue
        raw = m["n"].lower()
        count = int(raw) if raw.isdigit() else _NUMBERS.get(raw, 1)
        if m["unit"].lower() in ("week", "weken"):
            found.append((m.start(), m.end(), letter_date + datetime.timedelta(weeks=count)))
        else:
            found.append((m.start(), m.end(), _add_months(letter_date, count)))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, datetime.date | None]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


# --- sentences and blocks ----------------------------------------------------------------------
_BLOCK_BREAK = re.compile(r"\n[^\S\n]*\n")


def _blocks(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraphs as given, plus blank-line separated blocks for the text they do not cover (footnotes)."""
    given = sorted((max(0, int(s)), min(len(text), int(e))) for s, e in paragraphs if int(e) > int(s))
    blocks: list[tuple[int, int]] = []
    position = 0
    breaks = [(m.start(), m.end()) for m in _BLOCK_BREAK.finditer(text)] + [(len(text), len(text))]
    for brk_start, brk_end in breaks:
        s, e = position, brk_start
        position = brk_end
        if e > s and not any(gs < e and s < ge for gs, ge in given):
            blocks.append((s, e))
    return sorted(given + blocks)


def _block_at(blocks: list[tuple[int, int]], offset: int, size: int) -> tuple[int, int]:
    for start, end in blocks:
        if start <= offset < end or (start <= offset == end):
            return start, end
    return 0, size


# --- scoring ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    label: str
    rule: Rule
    weight: float


def _follow_factor(index: int) -> float:
    return max(0.5, 0.9 - 0.1 * index)


class _Reader:
    def __init__(self, text: str, citations: Sequence[CitationInput], letter_date: datetime.date | None, paragraphs: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.letter_date = letter_date
        self.blocks = _blocks(text, paragraphs)
        self.sentences = [s for b in self.blocks for s in sentence_spans(text, b[0], b[1]) if s[1] > s[0]]
        self.starts = [s[0] for s in self.sentences]
        self.raw_hits: dict[tuple[int, int], list[tuple[Rule, int, int]]] = {}
        self.responses = [c for c in citations if c.target in ("motion", "commitment")]
        self.keys = {id(c): (c.key or _designation(text[c.start:c.end])) for c in self.responses}
        # Which keys are cited in which sentence: lets scope() stop at another motion's sentence
        # without comparing every citation with every other (letters with thousands of citations).
        self.keys_in: dict[int, set[str | None]] = {}
        for c in self.responses:
            index = self._index_of(_anchor(c))
            if index is not None:
                self.keys_in.setdefault(index, set()).add(self.keys[id(c)])
        anchors = {self._sentence_of(_anchor(c)) for c in self.responses}
        # One subject: one key, or every motion/commitment cited in the same sentence.
        self.one_subject = bool(self.responses) and (len(set(self.keys.values())) == 1 or len(anchors) == 1)
        self.surnames = {id(c): {n.split()[-1].lower() for n in c.submitters if n.split()} for c in self.responses}

    def _index_of(self, offset: int) -> int | None:
        """The first sentence containing offset (sentences are ordered and do not overlap)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        # A sentence ending exactly where the next begins: the earlier one wins, as a scan would.
        if i > 0 and self.sentences[i - 1][0] <= offset <= self.sentences[i - 1][1]:
            i -= 1
        if 0 <= i < len(self.sentences) and self.sentences[i][0] <= offset <= self.sentences[i][1]:
            return i
        return None

    def _sentence_of(self, offset: int) -> tuple[int, int]:
        i = self._index_of(offset)
        return self.sentences[i] if i is not None else (offset, offset)

    def hits_in(self, span: tuple[int, int]) -> list[tuple[Rule, int, int]]:
        cached = self.raw_hits.get(span)
        if cached is None:
            start, end = span
            masked = _REPORTED.search(self.text, start, end)
            mask_from = masked.start() if masked else end
            mask_to = self.text.find(";", mask_from, end) if masked else end
            mask_to = end if mask_to < 0 else mask_to
            cached = []
            for rule, pattern in _COMPILED:
                for m in pattern.finditer(self.text, start, end):
                    if mask_from <= m.start() < mask_to:
                        continue  # the motion's own request, not the answer
                    cached.append((rule, m.start(), m.end()))
            self.raw_hits[span] = cached
        return cached

    def scope(self, c: CitationInput) -> list[tuple[tuple[int, int], float, bool]]:
        """(sentence span, factor, letter_wide_only) in reading order; see the module docstring."""
        text = self.text
        parts: list[tuple[tuple[int, int], float, bool]] = []
        excerpt = strip_span(text, *_clamp(c.excerpt_start, c.excerpt_end, len(text)))
        if c.footnote_ref_offset is not None:
            own = self._sentence_of(c.start)
            if own != excerpt and own[1] > own[0]:
                parts.append((own, 1.0, False))
        if excerpt[1] > excerpt[0]:
            parts.append((excerpt, 1.0, False))
        block = _block_at(self.blocks, _anchor(c), len(text))
        own_key = self.keys[id(c)]
        index = 0
        for i in range(bisect.bisect_left(self.starts, max(excerpt[1], block[0])), len(self.sentences)):
            sentence = self.sentences[i]
            if sentence[1] > block[1]:
                break  # sentences are in order: the rest lie beyond this paragraph
            if sentence == excerpt:
                continue
            if self.keys_in.get(i, set()) - {own_key}:
                break
            index += 1
            parts.append((sentence, _follow_factor(index), False))
        if self.one_subject:
            seen = {p[0] for p in parts}
            for sentence in self.sentences:
                if sentence not in seen and not any(s[0] <= sentence[0] < s[1] for s in seen) and self._speaks_for(sentence, c):
                    parts.append((sentence, 0.7, True))
        return parts

    def _speaks_for(self, sentence: tuple[int, int], c: CitationInput) -> bool:
        words = set(re.findall(r"[\w'’]+", self.text[sentence[0]:sentence[1]].lower()))
        named = [cid for cid, names in self.surnames.items() if names & words]
        return not named or id(c) in named

    def read(self, c: CitationInput) -> Suggestion:
        parts = self.scope(c)
        hits: list[_Hit] = []
        for span, factor, wide_only in parts:
            for rule, start, end in self.hits_in(span):
                if wide_only and not rule.letter_wide:
                    continue
                if rule.only is not None and rule.only != c.target:
                    continue
                hit = self._modify(rule, start, end, span, factor)
                if hit is not None:
                    hits.append(hit)
        hits = _one_per_stretch(hits)
        effort = any(h.label in ("in_uitvoering", "afgedaan", "uitstel") for h in hits)
        obstacles = [h for h in hits if h.rule.obstacle and h.label == "niet_uitgevoerd"]
        counted = [h for h in hits if not (effort and h in obstacles)]
        scores = {label: 0.0 for label in _TIE_ORDER}
        for label in _TIE_ORDER:
            rest = 1.0
            for h in counted:
                if h.label == label:
                    rest *= 1.0 - min(h.weight, 0.99)
            scores[label] = 1.0 - rest
        ranked = sorted(_TIE_ORDER, key=lambda lab: (-scores[lab], _TIE_ORDER.index(lab)))
        best, second = ranked[0], ranked[1]
        if scores[best] <= 0.0:
            return Suggestion("geen", GEEN_CONFIDENCE, (), None, None, None)
        confidence = round(0.5 + 0.5 * (scores[best] - scores[second]), 2)
        ordered = sorted(counted, key=lambda h: (h.label != best, h.start))
        evidence = tuple(Evidence(h.start, h.end, h.label, h.rule.name) for h in ordered)
        obstacle = None
        if effort and obstacles and best != "niet_uitgevoerd":
            strongest = max(obstacles, key=lambda h: (h.weight, -h.start))
            obstacle = Evidence(strongest.start, strongest.end, "niet_uitgevoerd", strongest.rule.name)
        deadline, words = (None, None)
        if best in ("uitstel", "in_uitvoering"):
            deadline, words = self._deadline(parts)
        return Suggestion(best, confidence, evidence, obstacle, deadline, words)

    def _modify(self, rule: Rule, start: int, end: int, sentence: tuple[int, int], factor: float) -> _Hit | None:
        """Negation, "not yet" and "wel" (see the docstring) for afgedaan and in_uitvoering hits."""
        weight = rule.weight * factor
        if rule.label not in ("afgedaan", "in_uitvoering") or not rule.negatable:
            return _Hit(start, end, rule.label, rule, weight)
        text = self.text
        window_start = max(sentence[0], start - 40)
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, window_start, start)]
        window_start = breaks[-1] if breaks else window_start
        pending = rule.label == "afgedaan" and _CONDITION.search(text, sentence[0], end)
        if pending or _NOT_YET.search(text, window_start, end):
            if rule.label == "afgedaan":
                return _Hit(start, end, "in_uitvoering", rule, weight * 0.8)
            return None
        if _NEGATION.search(text, window_start, end):
            return _Hit(start, end, "niet_uitgevoerd", rule, weight * 0.8)
        if rule.label == "in_uitvoering" and _ALTERNATIVE.search(text, window_start, end):
            weight *= 0.5
        return _Hit(start, end, rule.label, rule, weight)

    def _deadline(self, parts: list[tuple[tuple[int, int], float, bool]]) -> tuple[datetime.date | None, str | None]:
        for (start, end), _factor, _wide in parts:
            if not (_PROMISE_FUTURE.search(self.text, start, end) and _PROMISE_INFORM.search(self.text, start, end)):
                continue
            found = _time_phrases(self.text, start, end, self.letter_date)
            if not found:
                continue
            dated = [f for f in found if f[2] is not None]
            chosen = max(dated, key=lambda f: f[2]) if dated else found[0]  # type: ignore[arg-type, return-value]
            words = " ".join(self.text[chosen[0]:chosen[1]].split())
            return chosen[2], words
        return None, None


def _one_per_stretch(hits: list[_Hit]) -> list[_Hit]:
    """Overlapping hits for one label are one piece of evidence ("blijft zich inzetten" is not also
    "zich inzetten"): the strongest stays."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: -h.weight):
        if not any(k.label == hit.label and k.start < hit.end and hit.start < k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def _clamp(start: int, end: int, size: int) -> tuple[int, int]:
    start = min(max(0, int(start)), size)
    end = min(max(start, int(end)), size)
    return start, end


def _anchor(c: CitationInput) -> int:
    return c.footnote_ref_offset if c.footnote_ref_offset is not None else c.start


def _designation(raw: str) -> str:
    """The citation's digits and capitals: "35 207, nr. 83" and "35207, nr. 83" are one motion."""
    return re.sub(r"[^0-9A-Z]", "", re.sub(r"\b[Kk]amerstuk(?:ken)?\b|\b[Nn]rs?\b", "", raw))


def _classify(text: str, citations: Sequence[CitationInput], letter_date: datetime.date | None, paragraphs: Sequence[tuple[int, int]]) -> list[Suggestion | None]:
    reader = _Reader(text, citations, letter_date, paragraphs)
    return [reader.read(c) if c.target in ("motion", "commitment") else None for c in citations]


def classify(
    text: str,
    citations: Sequence[CitationInput],
    *,
    letter_date: datetime.date | None = None,
    paragraphs: Sequence[tuple[int, int]] = (),
) -> list[Suggestion | None]:
    """One suggestion per citation (None for targets other than motion and commitment). Never raises:
    input it cannot read gives ``geen`` with confidence 0 for every motion and commitment."""
    try:
        return _classify(text, citations, letter_date, paragraphs)
    except Exception:  # noqa: BLE001 - advice must never break ingestion; the tests call _classify
        return [Suggestion("geen", 0.0, (), None, None, None) if getattr(c, "target", None) in ("motion", "commitment") else None for c in citations]
