"""A local fake of the Tweede Kamer OData v4 API, for tests and benchmarks, plus entity builders.

``FakeOData`` is a real HTTP server (``http.server.ThreadingHTTPServer``, HTTP/1.1 keep-alive) on
127.0.0.1 with a random free port, run in a background thread::

    with FakeOData(page_size=2) as fake:
        fake.add("Zaak", [make_zaak(...), ...])
        client = ODataClient(fake.base_url)          # "http://127.0.0.1:PORT/OData/v4/2.0/"
        ...
        assert "$top" not in fake.requests[0]

What it answers, like the real service
--------------------------------------
``GET /OData/v4/2.0/<EntitySet>?$filter=…&$expand=…&$orderby=…&$select=…&$skip=N&$top=N&$count=true``
returns ``{"@odata.context": "<base>$metadata#Zaak(...)", "value": [...], "@odata.nextLink": "<absolute
URL with the same options and $skip=N+page_size>"}``. The nextLink is only sent while rows remain, and
never when ``$top`` is given (as the real API; that is why a client must not send ``$top``). Set
``fake.next_link_style = "relative"`` to get nextLinks relative to the service root instead.
``GET /OData/v4/2.0/`` is the service document and ``<EntitySet>(<guid>)`` returns one entity.

* ``$filter``: a small parser for ``and``/``or``/``not``/parentheses, ``eq ne gt ge lt le`` and
  ``contains``/``startswith``/``endswith``, on top-level fields and single-valued paths
  (``HuidigeDocumentVersie/ExterneIdentifier``). Literals: strings (``'…'`` with ``''`` escaping),
  numbers, ``true``/``false``/``null``, GUIDs, dates and DateTimeOffsets (compared as instants with
  100 ns precision, so ``2025-04-15T16:39:17.3241093+02:00`` equals ``…14:39:17.3241093Z``). For the
  entity types in ``SCHEMA`` (taken from the real ``$metadata``) field names and literal types are
  checked like the real API does: an unknown field, a string compared with a DateTimeOffset or a quoted
  GUID is a 400. ``any``/``all`` lambdas are not implemented (400).
* ``$orderby``: comma list of fields, each optionally ``asc``/``desc``; nulls sort first.
* ``$expand``: rows are stored with all their navigation data nested inside (as builders make them);
  a navigation property (a list or dict value) is returned only when it is named in ``$expand``, at every
  level, so tests can check that the client asks for what it needs. Nested options
  ``Document($expand=Kamerstukdossier;$select=Id,Volgnummer;$filter=Verwijderd eq false)`` are supported.
  An expanded property that a row lacks comes back as ``[]`` (collection) or ``null``.
* ``$select``, ``$skip``, ``$top``, ``$count=true`` (``@odata.count``).
* Errors use the OData body ``{"error": {"code": "...", "message": "..."}}``: unknown entity set → 404,
  malformed or unsupported query option → 400.

Data: ``add(entity, rows)`` appends, ``set_rows(entity, rows)`` replaces. Filter and sort results are
cached per query, so after changing a stored row in place call ``set_rows`` again (or ``touch()``).

Recorded: ``fake.requests`` (path + query of every request, as received, still percent-encoded),
``fake.headers`` (their headers) and ``fake.params(i)`` (the decoded query options of request ``i``).

Faults
------
``fake.faults`` is a queue. Each request takes the first fault in it that matches, removes it, and
suffers it; a request that matches none is answered normally. Entries:

* ``"503"``, ``"500"``, ``"404"``, … (any 3-digit code, or an int): that HTTP status with an OData error body
* ``("429", 7)``, ``("503", 7)``: that status with ``Retry-After: 7``
* ``"timeout"`` or ``("timeout", s)``: wait ``s`` seconds (default ``fake.timeout_delay`` = 2.0), then answer
  normally; give the client a shorter timeout
* ``"truncated"``: a 200 whose JSON body is cut in half (Content-Length matches the cut body)
* ``"short_read"``: a 200 that promises the whole body, sends half and closes the connection
* ``"not_json"``: a 200 with an HTML error page (``text/html``)
* ``"no_value"``: a 200 with a JSON object that has no ``value`` list
* ``"reset"``: close the connection (TCP RST) without answering
* ``("fail_page", k, fault)``: ``fault`` (one of the above), only for a request whose ``$skip`` is ``k``

A process kill between pages is simulated on the client side (a callback that raises), not here.

Builders
--------
``make_zaak``, ``make_besluit``, ``make_stemming``, ``make_toezegging``, ``make_dossier`` and ``make_motions`` build
entities in the real shapes of ``shared/opendata-samples`` (PascalCase fields, GUID ``Id``,
``GewijzigdOp`` in Dutch local time with offset, ``ApiGewijzigdOp`` in UTC with 7 fractional digits,
``Verwijderd``; ``@odata`` annotations only at page level). Members and parties of the seed motions carry
their real ``Persoon_Id``/``Fractie_Id``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import re
import socket
import struct
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import quote, unquote, unquote_plus

__all__ = [
    "MEMBERS",
    "PARTIES",
    "SCHEMA",
    "FakeOData",
    "QueryError",
    "api_timestamp",
    "compile_filter",
    "local_timestamp",
    "make_besluit",
    "make_dossier",
    "make_motions",
    "make_stemming",
    "make_toezegging",
    "make_zaak",
]

SERVICE_PATH = "/OData/v4/2.0/"
_NS = "TK.DA.GGM.OData"

# ---------------------------------------------------------------------------------------------------
# Schema: the entity types that matter here, copied from shared/opendata-samples/metadata.xml.
# Properties: a suffix gives the Edm type (none = String, @ = DateTimeOffset, # = Guid, % = Int32,
# ? = Boolean, ! = Date). Navigation properties: * = collection, :Type when the target type differs
# from the name. Entity set names equal entity type names in this API.
# ---------------------------------------------------------------------------------------------------
_SCHEMA_SOURCE: dict[str, tuple[str, str]] = {
    "Zaak": (
        "Id# Nummer Soort Titel Citeertitel Alias Status Onderwerp GestartOp@ Organisatie Grondslagvoorhang"
        " Termijn@ Vergaderjaar Volgnummer% HuidigeBehandelstatus Afgedaan? GrootProject? GewijzigdOp@"
        " ApiGewijzigdOp@ Verwijderd? Kabinetsappreciatie",
        "ZaakActor* Activiteit* Agendapunt* Besluit* Document* Kamerstukdossier* VervangenDoor*:Zaak"
        " GerelateerdNaar*:Zaak GerelateerdVanuit*:Zaak VervangenVanuit*:Zaak",
    ),
    "ZaakActor": (
        "Id# Zaak_Id# ActorNaam ActorFractie ActorAfkorting Functie Relatie SidActor Persoon_Id# Fractie_Id#"
        " Commissie_Id# GewijzigdOp@ ApiGewijzigdOp@ Verwijderd?",
        "Commissie Fractie Persoon Zaak",
    ),
    "Document": (
        "Id# Soort DocumentNummer Titel Onderwerp Datum@ Vergaderjaar Kamer% Volgnummer% Citeertitel Alias"
        " DatumRegistratie@ DatumOntvangst@ Aanhangselnummer KenmerkAfzender Organisatie ContentType"
        " ContentLength% GewijzigdOp@ ApiGewijzigdOp@ Verwijderd? HuidigeDocumentVersie_Id#",
        "DocumentActor* DocumentVersie* HuidigeDocumentVersie:DocumentVersie Activiteit* Agendapunt*"
        " BijlageDocument*:Document BronDocument*:Document Kamerstukdossier* Zaak*",
    ),
    "DocumentVersie": (
        "Id# Status Versienummer% Bestandsgrootte% Extensie Datum@ GewijzigdOp@ ApiGewijzigdOp@ Verwijderd?"
        " Document_Id# ExterneIdentifier",
        "Document DocumentPublicatie* DocumentPublicatieMetadata*",
    ),
    "DocumentPublicatie": (
        "Id# Identifier DocumentType FileName Source ContentLength% ContentType Url PublicatieDatum@"
        " GewijzigdOp@ ApiGewijzigdOp@ Verwijderd? DocumentVersie_Id#",
        "DocumentVersie",
    ),
    "DocumentActor": (
        "Id# Document_Id# ActorNaam ActorFractie Functie Relatie SidActor GewijzigdOp@ ApiGewijzigdOp@"
        " Verwijderd? Persoon_Id# Fractie_Id# Commissie_Id#",
        "Commissie Document Fractie Persoon",
    ),
    "Kamerstukdossier": (
        "Id# Titel Citeertitel Alias Nummer% Toevoeging HoogsteVolgnummer% Afgesloten? Kamer GewijzigdOp@"
        " ApiGewijzigdOp@ Verwijderd?",
        "Document* Zaak*",
    ),
    "Besluit": (
        "Id# Agendapunt_Id# StemmingsSoort BesluitSoort BesluitTekst Opmerking Status"
        " AgendapuntZaakBesluitVolgorde% GewijzigdOp@ ApiGewijzigdOp@ Verwijderd?",
        "Agendapunt Stemming* Zaak*",
    ),
    "Stemming": (
        "Id# Besluit_Id# Soort FractieGrootte% ActorNaam ActorFractie Vergissing? SidActorLid SidActorFractie"
        " Persoon_Id# Fractie_Id# GewijzigdOp@ ApiGewijzigdOp@ Verwijderd?",
        "Besluit Fractie Persoon",
    ),
    "Toezegging": (
        "Id# Aanmaakdatum@ Nummer ActiviteitNummer Naam Achternaam Initialen Voornaam Achtervoegsel"
        " Titulatuur Functie Status DatumNakoming@ KamerbriefNakoming Ministerie Tekst Verwijderd?"
        " GewijzigdOp@ ApiGewijzigdOp@ Tussenvoegsel",
        "Activiteit* ToegezegdAanFractie*:Fractie ToegezegdAanPersoon*:Persoon IsHerhalingVan*:Toezegging"
        " IsWijzigingVan*:Toezegging IsAanvullingOp*:Toezegging IsAangevuldVanuit*:Toezegging"
        " IsHerhaaldDoor*:Toezegging IsGewijzigdDoor*:Toezegging",
    ),
    "Fractie": (
        "Id# Nummer% Afkorting NaamNL NaamEN AantalZetels% AantalStemmen% DatumActief@ DatumInactief@"
        " ContentType ContentLength% GewijzigdOp@ ApiGewijzigdOp@ Verwijderd?",
        "ActiviteitActor* CommissieVastVacature*:CommissieZetelVastVacature"
        " CommissieVervangerVacature*:CommissieZetelVervangerVacature DocumentActor* FractieZetel* Stemming*"
        " ZaakActor* Toezegging*",
    ),
    "Persoon": (
        "Id# Nummer% Titels Initialen Tussenvoegsel Achternaam Voornamen Roepnaam Geslacht Functie"
        " Geboortedatum! Geboorteplaats Geboorteland Overlijdensdatum! Overlijdensplaats Woonplaats Land"
        " ContentType ContentLength% GewijzigdOp@ ApiGewijzigdOp@ Verwijderd? Fractielabel",
        "ActiviteitActor* CommissieZetelVastPersoon* CommissieZetelVervangerPersoon* DocumentActor*"
        " FractieZetelPersoon* PersoonContactinformatie* PersoonGeschenk* PersoonLoopbaan* PersoonNevenfunctie*"
        " PersoonOnderwijs* PersoonReis* Stemming* ZaakActor* Toezegging*",
    ),
    "Agendapunt": (
        "Id# Nummer Onderwerp Aanvangstijd@ Eindtijd@ Volgorde% Rubriek Noot Status GewijzigdOp@"
        " ApiGewijzigdOp@ Verwijderd? Activiteit_Id#",
        "Activiteit Besluit* Document* Zaak*",
    ),
    "Activiteit": (
        "Id# Soort Nummer Onderwerp DatumSoort Datum@ Aanvangstijd@ Eindtijd@ Locatie Besloten? Status"
        " Vergaderjaar Kamer Noot VRSNummer SidVoortouw Voortouwnaam Voortouwafkorting Voortouwkortenaam"
        " Voortouwcommissie_Id# Aanvraagdatum@ DatumVerzoekEersteVerlenging@ DatumMededelingEersteVerlenging@"
        " DatumVerzoekTweedeVerlenging@ DatumMededelingTweedeVerlenging@ Vervaldatum@ GewijzigdOp@"
        " ApiGewijzigdOp@ Verwijderd?",
        "Voortouwcommissie:Commissie ActiviteitActor* Agendapunt* VoortgezetIn*:Activiteit"
        " VervangenDoor*:Activiteit VervangenVanuit*:Activiteit VoortgezetVanuit*:Activiteit Document*"
        " Reservering* Toezegging* Zaak*",
    ),
    "Commissie": (
        "Id# Nummer% Soort Afkorting NaamNL NaamEN NaamWebNL NaamWebEN Inhoudsopgave DatumActief@"
        " DatumInactief@ GewijzigdOp@ ApiGewijzigdOp@ Verwijderd?",
        "Activiteit* ActiviteitActor* CommissieContactinformatie* CommissieZetel* DocumentActor* ZaakActor*",
    ),
}
_TYPE_CODES = {"": "String", "@": "DateTimeOffset", "#": "Guid", "%": "Int32", "?": "Boolean", "!": "Date"}


class _EntityType:
    def __init__(self, name: str, props: str, navs: str) -> None:
        self.name = name
        self.props: dict[str, str] = {}
        for token in props.split():
            code = token[-1] if token[-1] in "@#%?!" else ""
            self.props[token.rstrip("@#%?!")] = _TYPE_CODES[code]
        # nav name -> (target type, is collection)
        self.navs: dict[str, tuple[str, bool]] = {}
        for token in navs.split():
            name_part, _, target = token.partition(":")
            collection = name_part.endswith("*")
            nav = name_part.rstrip("*")
            self.navs[nav] = (target or nav, collection)


SCHEMA: dict[str, _EntityType] = {
    name: _EntityType(name, props, navs) for name, (props, navs) in _SCHEMA_SOURCE.items()
}


class QueryError(Exception):
    """A query option the fake (or the real API) rejects: answered with 400."""


# ---------------------------------------------------------------------------------------------------
# Timestamps
# ---------------------------------------------------------------------------------------------------
_DT_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$"
)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@functools.lru_cache(maxsize=200_000)
def _instant(value: str) -> int | None:
    """An ISO 8601 timestamp with offset as integer nanoseconds since the epoch (None if not one)."""
    m = _DT_RE.match(value)
    if not m:
        return None
    year, month, day, hour, minute, second, frac, tz = m.groups()
    if tz == "Z":
        offset = 0
    else:
        sign = 1 if tz[0] == "+" else -1
        offset = sign * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
    try:
        base = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                        tzinfo=timezone.utc)
    except ValueError:
        return None
    seconds = (base - _EPOCH) // timedelta(seconds=1) - offset
    return seconds * 1_000_000_000 + int((frac or "").ljust(9, "0"))


# ---------------------------------------------------------------------------------------------------
# $filter
# ---------------------------------------------------------------------------------------------------
_TOKEN_RE = re.compile(
    r"""\s*(?:
        (?P<str>'(?:[^']|'')*')
      | (?P<dt>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))
      | (?P<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})
      | (?P<date>\d{4}-\d{2}-\d{2})
      | (?P<num>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*)
      | (?P<punc>[(),:])
    )""",
    re.VERBOSE,
)
_COMPARISONS = {"eq", "ne", "gt", "ge", "lt", "le"}
_FLIPPED = {"eq": "eq", "ne": "ne", "gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
_FUNCTIONS = {"contains", "startswith", "endswith"}
_MISSING = object()


def _tokenize(text: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            raise QueryError(f"Syntax error at position {pos} in '{text}'.")
        pos = m.end()
        kind = m.lastgroup
        raw = m.group(kind)  # type: ignore[arg-type]
        if kind == "str":
            tokens.append(("lit", ("String", raw[1:-1].replace("''", "'"))))
        elif kind == "dt":
            instant = _instant(raw)
            if instant is None:
                raise QueryError(f"The DateTimeOffset literal '{raw}' is not valid.")
            tokens.append(("lit", ("DateTimeOffset", instant)))
        elif kind == "guid":
            tokens.append(("lit", ("Guid", raw.lower())))
        elif kind == "date":
            tokens.append(("lit", ("Date", raw)))
        elif kind == "num":
            tokens.append(("lit", ("Number", float(raw) if any(c in raw for c in ".eE") else int(raw))))
        elif kind == "name":
            if raw in ("true", "false"):
                tokens.append(("lit", ("Boolean", raw == "true")))
            elif raw == "null":
                tokens.append(("lit", ("Null", None)))
            elif raw in _COMPARISONS or raw in ("and", "or", "not"):
                tokens.append(("op", raw))
            else:
                tokens.append(("name", raw))
        else:
            tokens.append(("punc", raw))
    return tokens


def _compatible(prop_type: str | None, lit_type: str) -> bool:
    if prop_type is None or lit_type == "Null":
        return True
    if prop_type in ("Int32",):
        return lit_type == "Number"
    return prop_type == lit_type


def _normaliser(prop_type: str | None, lit_type: str) -> Callable[[Any], Any]:
    if prop_type == "DateTimeOffset" or (prop_type is None and lit_type == "DateTimeOffset"):
        return lambda v: _instant(v) if isinstance(v, str) else None
    if prop_type == "Guid" or (prop_type is None and lit_type == "Guid"):
        return lambda v: v.lower() if isinstance(v, str) else v
    return lambda v: v


def _compare(op: str, left: Any, right: Any) -> bool:
    if left is None or right is None:
        if op == "eq":
            return left is None and right is None
        if op == "ne":
            return not (left is None and right is None)
        return False
    try:
        if op == "eq":
            return bool(left == right)
        if op == "ne":
            return bool(left != right)
        if op == "gt":
            return bool(left > right)
        if op == "ge":
            return bool(left >= right)
        if op == "lt":
            return bool(left < right)
        return bool(left <= right)
    except TypeError:
        return False


class _FilterParser:
    """Recursive descent over the tokens; compiles straight into closures over a row dict."""

    def __init__(self, text: str, etype: str | None, known_fields: set[str] | None) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.pos = 0
        self.etype = etype
        self.known_fields = known_fields

    def parse(self) -> Callable[[dict[str, Any]], bool]:
        if not self.tokens:
            raise QueryError("The $filter expression is empty.")
        fn = self._or()
        if self.pos != len(self.tokens):
            raise QueryError(f"Syntax error: unexpected '{self._show(self.tokens[self.pos])}' in '{self.text}'.")
        return fn

    @staticmethod
    def _show(token: tuple[str, Any]) -> str:
        kind, value = token
        return str(value[1]) if kind == "lit" else str(value)

    def _peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _next(self) -> tuple[str, Any]:
        token = self._peek()
        if token is None:
            raise QueryError(f"Syntax error: unexpected end of '{self.text}'.")
        self.pos += 1
        return token

    def _expect(self, kind: str, value: str) -> None:
        token = self._next()
        if token != (kind, value):
            raise QueryError(f"Syntax error: expected '{value}' but found '{self._show(token)}' in '{self.text}'.")

    def _or(self) -> Callable[[dict[str, Any]], bool]:
        parts = [self._and()]
        while self._peek() == ("op", "or"):
            self.pos += 1
            parts.append(self._and())
        if len(parts) == 1:
            return parts[0]
        return lambda row: any(p(row) for p in parts)

    def _and(self) -> Callable[[dict[str, Any]], bool]:
        parts = [self._unary()]
        while self._peek() == ("op", "and"):
            self.pos += 1
            parts.append(self._unary())
        if len(parts) == 1:
            return parts[0]
        return lambda row: all(p(row) for p in parts)

    def _unary(self) -> Callable[[dict[str, Any]], bool]:
        if self._peek() == ("op", "not"):
            self.pos += 1
            inner = self._unary()
            return lambda row: not inner(row)
        if self._peek() == ("punc", "("):
            self.pos += 1
            inner = self._or()
            self._expect("punc", ")")
            return inner
        return self._comparison()

    def _operand(self) -> tuple[str, Any]:
        """('lit', (type, value)) | ('prop', (getter, type)) | ('func', callable)."""
        token = self._next()
        kind, value = token
        if kind == "lit":
            return token
        if kind == "name":
            nxt = self._peek()
            if nxt == ("punc", "("):
                return ("func", self._function(value))
            return ("prop", self._property(value))
        raise QueryError(f"Syntax error: unexpected '{self._show(token)}' in '{self.text}'.")

    def _function(self, name: str) -> Callable[[dict[str, Any]], bool]:
        if name.endswith("/any") or name.endswith("/all"):
            raise QueryError("Lambda operators (any/all) are not supported by FakeOData.")
        if name not in _FUNCTIONS:
            raise QueryError(f"Unknown function '{name}'.")
        self._expect("punc", "(")
        first = self._operand()
        self._expect("punc", ",")
        second = self._operand()
        self._expect("punc", ")")
        if first[0] != "prop" or second[0] != "lit" or second[1][0] != "String":
            raise QueryError(f"{name}() takes a string property and a string literal.")
        getter, prop_type = first[1]
        if prop_type not in (None, "String"):
            raise QueryError(f"{name}() needs a string property.")
        needle: str = second[1][1]

        def test(row: dict[str, Any]) -> bool:
            value = getter(row)
            if not isinstance(value, str):
                return False
            if name == "contains":
                return needle in value
            if name == "startswith":
                return value.startswith(needle)
            return value.endswith(needle)

        return test

    def _property(self, path: str) -> tuple[Callable[[dict[str, Any]], Any], str | None]:
        segments = path.split("/")
        etype = SCHEMA.get(self.etype) if self.etype else None
        prop_type: str | None = None
        for i, segment in enumerate(segments):
            last = i == len(segments) - 1
            if etype is None:
                if i == 0 and self.known_fields is not None and segment not in self.known_fields:
                    raise QueryError(f"Could not find a property named '{segment}' on type '{_NS}.{self.etype}'.")
                continue
            if last and segment in etype.props:
                prop_type = etype.props[segment]
            elif segment in etype.navs:
                target, collection = etype.navs[segment]
                if collection:
                    raise QueryError(
                        f"'{segment}' is a collection: property access can only be applied to a single value "
                        f"(any/all lambdas are not supported by FakeOData)."
                    )
                if last:
                    raise QueryError(f"A navigation property '{segment}' cannot be compared.")
                etype = SCHEMA.get(target)
            else:
                raise QueryError(f"Could not find a property named '{segment}' on type '{_NS}.{etype.name}'.")

        def getter(row: dict[str, Any]) -> Any:
            value: Any = row
            for segment in segments:
                if not isinstance(value, dict):
                    return None
                value = value.get(segment)
            return value

        return getter, prop_type

    def _comparison(self) -> Callable[[dict[str, Any]], bool]:
        left = self._operand()
        if left[0] == "func":
            return left[1]  # type: ignore[no-any-return]
        token = self._next()
        if token[0] != "op" or token[1] not in _COMPARISONS:
            raise QueryError(f"Syntax error: expected a comparison operator but found '{self._show(token)}' in '{self.text}'.")
        op = token[1]
        right = self._operand()
        if left[0] == "lit" and right[0] == "prop":
            left, right = right, left
            op = _FLIPPED[op]
        if left[0] == "prop" and right[0] == "lit":
            getter, prop_type = left[1]
            lit_type, lit_value = right[1]
            if not _compatible(prop_type, lit_type):
                raise QueryError(
                    f"A binary operator with incompatible types was detected. Found operand types "
                    f"'Edm.{prop_type}' and 'Edm.{lit_type}' for operator kind '{op}'."
                )
            norm = _normaliser(prop_type, lit_type)
            return lambda row: _compare(op, norm(getter(row)), lit_value)
        if left[0] == "prop" and right[0] == "prop":
            lget, ltype = left[1]
            rget, rtype = right[1]
            lnorm = _normaliser(ltype, "")
            rnorm = _normaliser(rtype, "")
            return lambda row: _compare(op, lnorm(lget(row)), rnorm(rget(row)))
        if left[0] == "lit" and right[0] == "lit":
            result = _compare(op, left[1][1], right[1][1])
            return lambda row: result
        raise QueryError(f"Unsupported comparison in '{self.text}'.")


def compile_filter(
    text: str, entity: str | None = None, known_fields: set[str] | None = None
) -> Callable[[dict[str, Any]], bool]:
    """Compile an OData ``$filter`` into a predicate over row dicts (raises QueryError)."""
    return _FilterParser(text, entity, known_fields).parse()


# ---------------------------------------------------------------------------------------------------
# $orderby, $expand, $select
# ---------------------------------------------------------------------------------------------------


def _split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside parentheses and string literals."""
    parts: list[str] = []
    depth = 0
    in_str = False
    current: list[str] = []
    for ch in text:
        if ch == "'":
            in_str = not in_str
        elif not in_str and ch == "(":
            depth += 1
        elif not in_str and ch == ")":
            depth -= 1
            if depth < 0:
                raise QueryError(f"Unbalanced parentheses in '{text}'.")
        if ch == sep and depth == 0 and not in_str:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if depth != 0 or in_str:
        raise QueryError(f"Unbalanced parentheses or quotes in '{text}'.")
    parts.append("".join(current))
    return parts


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, 0)
    if isinstance(value, str):
        instant = _instant(value)
        if instant is not None:
            return (1, instant)
        return (2, value)
    if isinstance(value, bool):
        return (1, int(value))
    return (1, value)


def _row_sort_key(name: str, row: dict[str, Any]) -> tuple[int, Any]:
    return _sort_key(row.get(name))


def _parse_orderby(text: str, entity: str | None, known_fields: set[str] | None) -> list[tuple[str, bool]]:
    keys: list[tuple[str, bool]] = []
    etype = SCHEMA.get(entity) if entity else None
    for part in _split_top(text, ","):
        words = part.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
            raise QueryError(f"Syntax error in $orderby '{text}'.")
        name = words[0]
        if etype is not None:
            if name not in etype.props:
                raise QueryError(f"Could not find a property named '{name}' on type '{_NS}.{etype.name}'.")
        elif known_fields is not None and name not in known_fields:
            raise QueryError(f"Could not find a property named '{name}' on type '{_NS}.{entity}'.")
        keys.append((name, len(words) == 2 and words[1] == "desc"))
    return keys


class _Shape:
    """What to return of an entity: selected properties and expanded navigation properties."""

    def __init__(self, entity: str | None) -> None:
        self.entity = entity
        self.select: set[str] | None = None
        self.expand: dict[str, _Shape] = {}
        self.filter: Callable[[dict[str, Any]], bool] | None = None

    def context(self) -> str:
        inner = ",".join(f"{name}({shape.context()})" for name, shape in self.expand.items())
        return inner


def _parse_select(text: str, shape: _Shape) -> None:
    names = [n.strip() for n in _split_top(text, ",")]
    etype = SCHEMA.get(shape.entity) if shape.entity else None
    for name in names:
        if not name:
            raise QueryError(f"Syntax error in $select '{text}'.")
        if name == "*":
            shape.select = None
            return
        if etype is not None and name not in etype.props and name not in etype.navs:
            raise QueryError(f"Could not find a property named '{name}' on type '{_NS}.{etype.name}'.")
    shape.select = set(names)


def _parse_expand(text: str, shape: _Shape, known_navs: set[str] | None = None) -> None:
    etype = SCHEMA.get(shape.entity) if shape.entity else None
    for item in _split_top(text, ","):
        item = item.strip()
        m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?", item, re.DOTALL)
        if not m:
            raise QueryError(f"Syntax error in $expand '{text}'.")
        name, options = m.group(1), m.group(2)
        target: str | None = None
        if etype is not None:
            if name not in etype.navs:
                raise QueryError(f"Could not find a property named '{name}' on type '{_NS}.{etype.name}'.")
            target = etype.navs[name][0]
        elif known_navs is not None and name not in known_navs:
            raise QueryError(f"Could not find a property named '{name}' on type '{_NS}.{shape.entity}'.")
        child = _Shape(target)
        if options:
            for option in _split_top(options, ";"):
                key, eq, value = option.strip().partition("=")
                if not eq:
                    raise QueryError(f"Syntax error in $expand option '{option}'.")
                if key == "$expand":
                    _parse_expand(value, child)
                elif key == "$select":
                    _parse_select(value, child)
                elif key == "$filter":
                    child.filter = compile_filter(value, target)
                else:
                    raise QueryError(f"The nested option '{key}' is not supported by FakeOData.")
        shape.expand[name] = child


def _project(row: dict[str, Any], shape: _Shape) -> dict[str, Any]:
    out: dict[str, Any] = {}
    select = shape.select
    for key, value in row.items():
        if key in shape.expand or isinstance(value, (list, dict)):
            continue  # navigation property: only when expanded
        if select is not None and key not in select:
            continue
        out[key] = value
    etype = SCHEMA.get(shape.entity) if shape.entity else None
    for name, child in shape.expand.items():
        value = row.get(name, _MISSING)
        if value is _MISSING or value is None:
            collection = etype.navs[name][1] if etype is not None and name in etype.navs else False
            out[name] = [] if collection else None
        elif isinstance(value, list):
            rows = value if child.filter is None else [v for v in value if child.filter(v)]
            out[name] = [_project(v, child) for v in rows]
        elif isinstance(value, dict):
            out[name] = _project(value, child)
        else:
            out[name] = value
    return out


# ---------------------------------------------------------------------------------------------------
# Query string
# ---------------------------------------------------------------------------------------------------
_ALLOWED_OPTIONS = {"$filter", "$expand", "$orderby", "$select", "$skip", "$top", "$count", "$format"}
_LINK_SAFE = "$(),'/:*@"


def parse_query(query: str) -> dict[str, str]:
    """Decode a query string into options ('+' is a space, as ASP.NET reads it). Duplicates are a 400."""
    options: dict[str, str] = {}
    if not query:
        return options
    for part in query.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        key = unquote_plus(key)
        value = unquote_plus(value)
        if key in options:
            raise QueryError(f"Query option '{key}' was specified more than once, but it must be specified at most once.")
        options[key] = value
    return options


def _encode(options: Iterable[tuple[str, str]]) -> str:
    return "&".join(f"{k}={quote(v, safe=_LINK_SAFE)}" for k, v in options)


# ---------------------------------------------------------------------------------------------------
# Server
# ---------------------------------------------------------------------------------------------------


def _normalise_fault(fault: Any, default_timeout: float) -> tuple[Any, ...]:
    if isinstance(fault, int):
        return ("status", fault, None)
    if isinstance(fault, str):
        if fault.isdigit() and len(fault) == 3:
            return ("status", int(fault), None)
        if fault == "timeout":
            return ("timeout", default_timeout)
        if fault in ("truncated", "short_read", "not_json", "no_value", "reset"):
            return (fault,)
        raise ValueError(f"unknown fault {fault!r}")
    if isinstance(fault, tuple) and fault:
        head = fault[0]
        if head == "fail_page":
            _, skip, inner = fault
            return ("fail_page", int(skip), _normalise_fault(inner, default_timeout))
        if head == "timeout":
            return ("timeout", float(fault[1]) if len(fault) > 1 else default_timeout)
        if isinstance(head, (str, int)) and str(head).isdigit():
            return ("status", int(head), fault[1] if len(fault) > 1 else None)
        if len(fault) == 1:
            return _normalise_fault(head, default_timeout)
    raise ValueError(f"unknown fault {fault!r}")


class FakeOData:
    """A fake OData v4 service on 127.0.0.1 (see the module docstring)."""

    def __init__(self, *, page_size: int = 250, timeout_delay: float = 2.0, next_link_style: str = "absolute"):
        self.page_size = page_size
        self.timeout_delay = timeout_delay
        self.next_link_style = next_link_style  # "absolute" or "relative"
        self.faults: list[Any] = []
        self.requests: list[str] = []
        self.headers: list[dict[str, str]] = []
        self._rows: dict[str, list[dict[str, Any]]] = {}
        self._fields: dict[str, tuple[set[str], set[str]]] = {}
        self._version = 0
        self._cache: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self.base_url = ""

    # -- data ---------------------------------------------------------------------------------

    def add(self, entity: str, rows: list[dict[str, Any]]) -> None:
        with self._lock:
            self._rows.setdefault(entity, []).extend(rows)
            self.touch()

    def set_rows(self, entity: str, rows: list[dict[str, Any]]) -> None:
        with self._lock:
            self._rows[entity] = list(rows)
            self.touch()

    def rows(self, entity: str) -> list[dict[str, Any]]:
        return self._rows.get(entity, [])

    def touch(self) -> None:
        """Forget cached query results (call after changing stored rows in place)."""
        with self._lock:
            self._version += 1
            self._cache.clear()
            self._fields.clear()

    def params(self, index: int = -1) -> dict[str, str]:
        """The decoded query options of a recorded request."""
        return parse_query(self.requests[index].partition("?")[2])

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeOData:
        if self._server is not None:
            return self
        self._stopping.clear()
        handler = type("_BoundHandler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        self._server = server
        port = server.server_address[1]
        self.base_url = f"http://127.0.0.1:{port}{SERVICE_PATH}"
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="FakeOData", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOData:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- request handling (called from server threads) ----------------------------------------

    def _record(self, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append(path)
            self.headers.append(headers)

    def _take_fault(self, skip: int) -> tuple[Any, ...] | None:
        with self._lock:
            for i, raw in enumerate(self.faults):
                fault = _normalise_fault(raw, self.timeout_delay)
                if fault[0] == "fail_page":
                    if fault[1] != skip:
                        continue
                    del self.faults[i]
                    return fault[2]  # type: ignore[no-any-return]
                del self.faults[i]
                return fault
        return None

    def _known_fields(self, entity: str) -> tuple[set[str], set[str]]:
        with self._lock:
            cached = self._fields.get(entity)
            if cached is None:
                props: set[str] = set()
                navs: set[str] = set()
                for row in self._rows.get(entity, []):
                    for key, value in row.items():
                        (navs if isinstance(value, (list, dict)) else props).add(key)
                cached = (props, navs)
                self._fields[entity] = cached
            return cached

    def _selected(self, entity: str, options: dict[str, str]) -> list[dict[str, Any]]:
        """The rows of ``entity`` matching $filter, in $orderby order (cached per query)."""
        key = (entity, options.get("$filter"), options.get("$orderby"), self._version)
        with self._lock:
            cached = self._cache.get(key)
            rows = self._rows.get(entity, [])
        if cached is not None:
            return cached
        known = None if entity in SCHEMA else (self._known_fields(entity)[0] or None)
        result = list(rows)
        if options.get("$filter") is not None:
            predicate = compile_filter(options["$filter"], entity, known)
            result = [row for row in result if predicate(row)]
        if options.get("$orderby"):
            for name, desc in reversed(_parse_orderby(options["$orderby"], entity, known)):
                result.sort(key=functools.partial(_row_sort_key, name), reverse=desc)
        with self._lock:
            if key[-1] == self._version:
                self._cache[key] = result
        return result

    def _collection(self, entity: str, options: dict[str, str]) -> dict[str, Any]:
        for option in options:
            if option.startswith("$") and option not in _ALLOWED_OPTIONS:
                raise QueryError(f"The query parameter '{option}' is not supported.")
        shape = _Shape(entity)
        known_navs = None if entity in SCHEMA else (self._known_fields(entity)[1] or None)
        if options.get("$select"):
            _parse_select(options["$select"], shape)
        if options.get("$expand"):
            _parse_expand(options["$expand"], shape, known_navs)
        skip = _int_option(options, "$skip") or 0
        top = _int_option(options, "$top")
        rows = self._selected(entity, options)
        limit = self.page_size if top is None else min(top, self.page_size)
        page = rows[skip : skip + limit]
        body: dict[str, Any] = {"@odata.context": self._context(entity, shape)}
        if options.get("$count", "").lower() == "true":
            body["@odata.count"] = len(rows)
        body["value"] = [_project(row, shape) for row in page]
        if top is None and skip + limit < len(rows):
            next_options = [(k, v) for k, v in options.items() if k != "$skip"] + [("$skip", str(skip + limit))]
            link = f"{entity}?{_encode(next_options)}"
            body["@odata.nextLink"] = self.base_url + link if self.next_link_style == "absolute" else link
        return body

    def _context(self, entity: str, shape: _Shape, suffix: str = "") -> str:
        inner = shape.context()
        select = ",".join(sorted(shape.select)) if shape.select else ""
        parts = ",".join(p for p in (select, inner) if p)
        return f"{self.base_url}$metadata#{entity}" + (f"({parts})" if parts else "") + suffix

    def _single(self, entity: str, key: str, options: dict[str, str]) -> dict[str, Any] | None:
        shape = _Shape(entity)
        if options.get("$select"):
            _parse_select(options["$select"], shape)
        if options.get("$expand"):
            _parse_expand(options["$expand"], shape)
        for row in self._rows.get(entity, []):
            if str(row.get("Id", "")).lower() == key.lower():
                body = {"@odata.context": self._context(entity, shape, "/$entity")}
                body.update(_project(row, shape))
                return body
        return None

    def _service_document(self) -> dict[str, Any]:
        return {
            "@odata.context": f"{self.base_url}$metadata",
            "value": [{"name": n, "kind": "EntitySet", "url": n} for n in sorted(self._rows)],
        }


def _int_option(options: dict[str, str], name: str) -> int | None:
    value = options.get(name)
    if value is None:
        return None
    if not value.isdigit():
        raise QueryError(f"Invalid value '{value}' for {name} query option found.")
    return int(value)


def _error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


_ODATA_CONTENT_TYPE = "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8"
_HTML_ERROR = (
    b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head>"
    b"<body><h1>Er is een fout opgetreden</h1><p>The service is temporarily unavailable.</p></body></html>"
)
_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\((?:guid')?([0-9a-fA-F-]{36})'?\)$")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeOData/1.0"
    timeout = 60  # idle keep-alive connections are dropped after this
    fake: FakeOData

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def setup(self) -> None:
        super().setup()
        with self.fake._lock:
            self.fake._connections.add(self.connection)

    def finish(self) -> None:
        with self.fake._lock:
            self.fake._connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        fake = self.fake
        fake._record(self.path, {k: v for k, v in self.headers.items()})
        path, _, query = self.path.partition("?")
        try:
            options = parse_query(query)
            skip = _int_option(options, "$skip") or 0
        except QueryError as exc:
            self._send(400, _error_body("", str(exc)))
            return
        try:
            fault = fake._take_fault(skip)
        except ValueError as exc:
            self._send(500, _error_body("FakeOData", f"Bad fault in FakeOData.faults: {exc}"))
            return
        if fault is not None:
            kind = fault[0]
            if kind == "reset":
                self._reset()
                return
            if kind == "status":
                status, retry_after = fault[1], fault[2]
                extra = {"Retry-After": str(retry_after)} if retry_after is not None else {}
                self._send(status, _error_body(str(status), f"Injected fault: HTTP {status}."), extra)
                return
            if kind == "timeout":
                if fake._stopping.wait(fault[1]):
                    return
            if kind == "not_json":
                self._send(200, _HTML_ERROR, content_type="text/html; charset=utf-8")
                return
            if kind == "no_value":
                self._send(200, _dumps({"@odata.context": f"{fake.base_url}$metadata"}))
                return
        status, body = self._answer(unquote(path), options)
        if fault is not None and fault[0] == "truncated" and status == 200:
            self._send(200, body[: len(body) // 2])
            return
        if fault is not None and fault[0] == "short_read" and status == 200:
            self._send(200, body[: len(body) // 2], declared_length=len(body), close=True)
            return
        self._send(status, body)

    def do_POST(self) -> None:  # noqa: N802
        self.fake._record(self.path, {k: v for k, v in self.headers.items()})
        self._send(405, _error_body("", "The requested resource does not support http method 'POST'."))

    def _answer(self, path: str, options: dict[str, str]) -> tuple[int, bytes]:
        fake = self.fake
        if not path.startswith(SERVICE_PATH):
            return 404, _error_body("", f"No HTTP resource was found that matches the request URI '{path}'.")
        resource = path[len(SERVICE_PATH):]
        try:
            if resource == "":
                return 200, _dumps(fake._service_document())
            m = _KEY_RE.match(resource)
            if m:
                entity, key = m.groups()
                if entity not in fake._rows:
                    return 404, _error_body("", f"No HTTP resource was found that matches the request URI '{path}'.")
                single = fake._single(entity, key, options)
                if single is None:
                    return 404, _error_body("", f"No {entity} with key {key}.")
                return 200, _dumps(single)
            if resource not in fake._rows:
                return 404, _error_body("", f"No HTTP resource was found that matches the request URI '{path}'.")
            return 200, _dumps(fake._collection(resource, options))
        except QueryError as exc:
            return 400, _error_body("", str(exc))

    def _send(
        self,
        status: int,
        body: bytes,
        extra_headers: dict[str, str] | None = None,
        *,
        content_type: str = _ODATA_CONTENT_TYPE,
        declared_length: int | None = None,
        close: bool = False,
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(declared_length if declared_length is not None else len(body)))
            self.send_header("OData-Version", "4.0")
            for key, value in (extra_headers or {}).items():
                self.send_header(key, value)
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _reset(self) -> None:
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass


def _dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# ---------------------------------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------------------------------

# The 15 parties of the Tweede Kamer as recorded in the votes of 15 April 2025 (real Fractie_Id,
# SidActorFractie and FractieGrootte from stemming_expand_page0785_china_tweeminutendebat_2025-04-15.json);
# the seats add up to 150.
PARTIES: list[tuple[str, int, str, str]] = [
    ("PVV", 37, "65129918-f256-4975-9da4-488da34d6695", "S-1-365867521-2120874753-203711267-1259409971-1122177929-1764465637"),
    ("GroenLinks-PvdA", 25, "0208097d-ef04-438a-8c29-eebb84956204", "S-1-365867521-2120874753-4073584695-1095381795-2473312939-1823855426"),
    ("VVD", 24, "7476e97a-3243-4122-9df6-ba7d82a5279b", "S-1-365867521-2120874753-2712795160-1237583058-2671294620-1237654743"),
    ("NSC", 20, "ad182a43-bc8c-40b3-894d-4a92515e70e7", "S-1-365867521-2120874753-1047008486-1154286352-26167960-3781665883"),
    ("D66", 9, "4e9f6f5b-2544-4667-8134-6b85c4ebb4e0", "S-1-365867521-2120874753-1399399692-1206643224-3316825768-479228828"),
    ("BBB", 7, "626555ac-e836-44e3-9978-a6a7f0abc3ce", "S-1-365867521-2120874753-3989062109-1173306659-2208517255-2082135607"),
    ("CDA", 5, "62c1a13c-85ff-40ed-90f7-a9546d61f869", "S-1-365867521-2120874753-3726368973-1295802169-2588631453-4180503461"),
    ("SP", 5, "a3689bb6-3914-4d5c-a6a8-42e24582e299", "S-1-365867521-2120874753-3918075670-1133036099-4208265915-4115381510"),
    ("DENK", 3, "deb74bb5-63a9-4ffc-98ed-af577167452e", "S-1-365867521-2120874753-3073972497-1296662242-838683525-3414854606"),
    ("PvdD", 3, "d3b4d880-ef37-4ce6-99ec-4940266ac466", "S-1-365867521-2120874753-3375217526-1184288014-3809460365-2544511686"),
    ("FVD", 3, "e0b7b638-de3c-47cc-85bd-341dd65ea33d", "S-1-365867521-2120874753-318435223-1117601640-3929610418-2100278038"),
    ("SGP", 3, "77f9b6f1-b1a9-4d1b-a05e-9936e79d8fa5", "S-1-365867521-2120874753-1520352372-1191064225-1239257728-506288080"),
    ("ChristenUnie", 3, "d720f5af-0516-408a-b830-0b6ffb8a581c", "S-1-365867521-2120874753-1996180723-1207380569-88002741-3031566280"),
    ("Volt", 2, "ae48391e-ce4d-47e0-86e3-ee310282f66f", "S-1-365867521-2120874753-4235502623-1217496042-898446246-117104789"),
    ("JA21", 1, "fab6e7e1-9d63-446a-a6e1-e1c74e3f679e", "S-1-365867521-2120874753-1140273598-1293453027-78920086-3633335541"),
]
_PARTY = {name: (seats, fid, sid) for name, seats, fid, sid in PARTIES}

# Real ZaakActor identities of the seed motions' submitters (zaak_motie_expand_zaakactor_document.values.json).
MEMBERS: dict[str, tuple[str, str, str]] = {  # ActorNaam -> (ActorFractie, Persoon_Id, SidActor)
    "J.M. Paternotte": ("D66", "2690bccc-5463-459a-b1df-cb93e222b348", "S-1-365867521-2120874753-2721556274-1318873895-3273375626-2931313203"),
    "T.M.T. van der Lee": ("GroenLinks-PvdA", "75a44c3a-5914-4c8e-9ca4-d987853f5844", "S-1-365867521-2120874753-4111065324-1234878579-808534703-2822891597"),
    "D.H. Hirsch": ("GroenLinks-PvdA", "d516ef2b-8d19-4a06-8f98-848761b1ed0c", "S-1-365867521-2120874753-2539792982-1189931901-131228552-611084484"),
    "I. Kahraman": ("NSC", "95dfc7e8-9961-47e1-9e85-fe82b6f3807c", "S-1-365867521-2120874753-3555417757-1206686096-2489172641-3542088316"),
    "D.G. Boswijk": ("CDA", "1e8aa099-9c94-432d-bff7-ac9fe20ff3ff", "S-1-365867521-2120874753-14250204-1323208776-1270474650-2172786859"),
    "C. Stoffer": ("SGP", "98aa8bde-85b0-49ed-9795-e2eeb206e3b8", "S-1-365867521-2120874753-2525078353-1118481768-791814067-910191731"),
    "L.A.J.M. Dassen": ("Volt", "a68468b6-51ea-440c-9387-b44ba10ad8b6", "S-1-365867521-2120874753-1090915843-1219975008-1235541909-2504751357"),
    "D.G.M. Ceder": ("ChristenUnie", "7cbb2d95-46b2-4fcb-b129-9505f56e7f07", "S-1-365867521-2120874753-3158881742-1272572047-3834975883-3009082526"),
    "E. van der Burg": ("VVD", "ad900f22-2dd0-4525-bb71-96550fa7985f", "S-1-365867521-2120874753-877418883-1158617003-2552882572-1969819162"),
    "B.J. Eerdmans": ("JA21", "c6e26bd3-724f-45d3-93af-ef431e6fcd42", "S-1-365867521-2120874753-751551068-1320736930-4226786237-857380285"),
    "S.R.T. van Baarle": ("DENK", "859e1824-cc60-4304-9293-dca932ebbed2", "S-1-365867521-2120874753-366033497-1092650460-2654712232-1087133852"),
    "M. Oostenbrink": ("BBB", "1b9bcdaa-de75-4408-b894-0f22826ecf2a", "S-1-365867521-2120874753-4005492328-1211051283-2575332503-1139784351"),
    "C. Teunissen": ("PvdD", "7564c685-2691-4796-9159-ebd5df4fdc8d", "S-1-365867521-2120874753-1369226589-1121384367-1486449300-2893340938"),
}

# The Voortouwcommissie actor every motion carries in the real data.
_VOORTOUW = {
    "ActorNaam": "TK",
    "ActorFractie": None,
    "ActorAfkorting": "TK",
    "Functie": None,
    "Relatie": "Voortouwcommissie",
    "SidActor": "S-1-365867521-2120874753-3143952262-1187632469-254481591-812873857",
    "Persoon_Id": None,
    "Fractie_Id": None,
    "Commissie_Id": "38aacfcd-2cfa-4727-949d-e4270237dbbe",
}

def _voortouw_actor(actor_id: str, zaak_id: str, gewijzigd: str, api: str) -> dict[str, Any]:
    return {"Id": actor_id, "Zaak_Id": zaak_id, **_VOORTOUW, "GewijzigdOp": gewijzigd, "ApiGewijzigdOp": api,
            "Verwijderd": False}


DOSSIER_TITLES: dict[tuple[int, str | None], str] = {
    (35207, None): "China",
    (26150, None): "Algemene Vergadering der Verenigde Naties",
    (36600, "V"): "Vaststelling van de begrotingsstaat van het Ministerie van Buitenlandse Zaken (V) voor het jaar 2025",
    (21501, "20"): "Europese Raad",
    (21501, "02"): "Raad Algemene Zaken en Raad Buitenlandse Zaken",
    (36600, "XVII"): "Vaststelling van de begrotingsstaat van het Ministerie van Buitenlandse Handel en Ontwikkelingshulp (XVII) voor het jaar 2025",
    (36600, "X"): "Vaststelling van de begrotingsstaat van het Ministerie van Defensie (X) voor het jaar 2025",
    (32813, None): "Kabinetsaanpak Klimaatbeleid",
    (29544, None): "Arbeidsmarktbeleid",
    (31839, None): "Jeugdzorg",
    (30950, None): "Rassendiscriminatie",
    (32847, None): "Integrale visie op de woningmarkt",
    (29689, None): "Herziening Zorgstelsel",
    (31293, None): "Primair Onderwijs",
    (28089, None): "Stikstofproblematiek",
}

DEFAULT_API_TS = "2025-04-15T14:39:17.3241093Z"
_ONE_HOUR = timedelta(hours=1)
_TWO_HOURS = timedelta(hours=2)
_NAMESPACE = uuid.UUID("6f1d8a8e-3c55-4c1b-9a77-2f4f0b7d6c21")


def _stable_id(*parts: Any) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(p) for p in parts)))


def _stable_int(*parts: Any) -> int:
    return int.from_bytes(hashlib.sha1("|".join(str(p) for p in parts).encode()).digest()[:8], "big")


def _sid(*parts: Any) -> str:
    digest = hashlib.sha1("|".join(str(p) for p in ("sid", *parts)).encode()).digest()
    groups = (int.from_bytes(digest[i : i + 4], "big") for i in range(0, 16, 4))
    return "S-1-365867521-2120874753-" + "-".join(str(g) for g in groups)


@functools.lru_cache(maxsize=None)
def _summer_time(year: int) -> tuple[datetime, datetime]:
    """CEST runs from the last Sunday of March to the last Sunday of October, 01:00 UTC."""

    def last_sunday(month: int) -> datetime:
        day = datetime(year, month + 1, 1, 1, tzinfo=timezone.utc) - timedelta(days=1)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    return last_sunday(3), last_sunday(10)


def _amsterdam_offset(utc: datetime) -> timedelta:
    start, end = _summer_time(utc.year)
    return _TWO_HOURS if start <= utc < end else _ONE_HOUR


def _parse_ts(value: str) -> datetime:
    instant = _instant(value)
    if instant is None:
        raise ValueError(f"not a timestamp with offset: {value!r}")
    return _EPOCH + timedelta(microseconds=instant // 1000)


def api_timestamp(utc: datetime, ticks: int = 0) -> str:
    """``ApiGewijzigdOp`` style: UTC, 7 fractional digits with trailing zeros dropped."""
    frac = f"{utc.microsecond:06d}{ticks % 10}".rstrip("0")
    return utc.replace(tzinfo=None).isoformat(timespec="seconds") + (f".{frac}" if frac else "") + "Z"


def local_timestamp(utc: datetime, *, ms: bool = True) -> str:
    """``GewijzigdOp`` style: Dutch local time with offset, milliseconds with trailing zeros dropped."""
    offset = _amsterdam_offset(utc)
    local = (utc + offset).replace(tzinfo=None)
    text = local.isoformat(timespec="seconds")
    if ms and local.microsecond // 1000:
        text += "." + f"{local.microsecond // 1000:03d}".rstrip("0")
    return text + ("+02:00" if offset == _TWO_HOURS else "+01:00")


def _local_from_api(api: str, minus: timedelta = timedelta(seconds=4, milliseconds=300)) -> str:
    return local_timestamp(_parse_ts(api) - minus)


def _kst(dossier: int, toevoeging: str | None, nr: int) -> str:
    return f"kst-{dossier}" + (f"-{toevoeging}" if toevoeging else "") + f"-{nr}"


def _scalars(entity: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entity.items() if not isinstance(v, (list, dict))}


def _fractie(name: str | None) -> tuple[str | None, str | None]:
    if name is None:
        return None, None
    if name in _PARTY:
        _, fid, sid = _PARTY[name]
        return fid, sid
    return _stable_id("Fractie", name), _sid("Fractie", name)


def _zaak_actor(zaak_id: str, naam: str, fractie: str | None, relatie: str, gewijzigd: str, api: str) -> dict[str, Any]:
    persoon_id, sid = (MEMBERS[naam][1], MEMBERS[naam][2]) if naam in MEMBERS else (
        _stable_id("Persoon", naam), _sid("Persoon", naam))
    return {
        "Id": _stable_id("ZaakActor", zaak_id, naam, relatie),
        "Zaak_Id": zaak_id,
        "ActorNaam": naam,
        "ActorFractie": fractie,
        "ActorAfkorting": None,
        "Functie": "Tweede Kamerlid",
        "Relatie": relatie,
        "SidActor": sid,
        "Persoon_Id": persoon_id,
        "Fractie_Id": _fractie(fractie)[0],
        "Commissie_Id": None,
        "GewijzigdOp": gewijzigd,
        "ApiGewijzigdOp": api,
        "Verwijderd": False,
    }


def make_dossier(
    dossier: int, toevoeging: str | None, *, titel: str | None = None, hoogste_volgnummer: int | None = None,
    api_gewijzigd_op: str = DEFAULT_API_TS, afgesloten: bool = False,
) -> dict[str, Any]:
    """A Kamerstukdossier entity (stable Id per dossier number and toevoeging)."""
    return {
        "Id": _stable_id("Kamerstukdossier", dossier, toevoeging),
        "Titel": titel or DOSSIER_TITLES.get((dossier, toevoeging), f"Dossier {dossier}"),
        "Citeertitel": None,
        "Alias": None,
        "Nummer": dossier,
        "Toevoeging": toevoeging,
        "HoogsteVolgnummer": hoogste_volgnummer,
        "Afgesloten": afgesloten,
        "Kamer": "Tweede Kamer",
        "GewijzigdOp": _local_from_api(api_gewijzigd_op),
        "ApiGewijzigdOp": api_gewijzigd_op,
        "Verwijderd": False,
    }


def make_stemming(
    *,
    fractie: str,
    soort: str = "Voor",
    grootte: int = 10,
    persoon: str | None = None,
    vergissing: bool = False,
    id: str | None = None,
    besluit_id: str | None = None,
    api_gewijzigd_op: str = "2025-04-16T08:04:55.0587173Z",
    gewijzigd_op: str | None = None,
    verwijderd: bool = False,
) -> dict[str, Any]:
    """A Stemming: one row per party (show of hands) or, with ``persoon``, per member (roll call)."""
    fractie_id, fractie_sid = _fractie(fractie)
    persoon_id = sid_lid = None
    if persoon is not None:
        persoon_id = MEMBERS[persoon][1] if persoon in MEMBERS else _stable_id("Persoon", persoon)
        sid_lid = MEMBERS[persoon][2] if persoon in MEMBERS else _sid("Persoon", persoon)
    return {
        "Id": id or str(uuid.uuid4()),
        "Besluit_Id": besluit_id,
        "Soort": soort,
        "FractieGrootte": grootte,
        "ActorNaam": persoon or fractie,
        "ActorFractie": fractie,
        "Vergissing": vergissing,
        "SidActorLid": sid_lid,
        "SidActorFractie": fractie_sid,
        "Persoon_Id": persoon_id,
        "Fractie_Id": fractie_id,
        "GewijzigdOp": gewijzigd_op or _local_from_api(api_gewijzigd_op),
        "ApiGewijzigdOp": api_gewijzigd_op,
        "Verwijderd": verwijderd,
    }


def make_besluit(
    *,
    soort: str = "Stemmen - aangenomen",
    tekst: str = "Aangenomen.",
    stemmingssoort: str | None = "Met handopsteken",
    stemmingen: Sequence[dict[str, Any]] = (),
    volgorde: int | None = 1,
    gewijzigd_op: str = "2025-04-15T16:39:14.48+02:00",
    api_gewijzigd_op: str | None = None,
    id: str | None = None,
    agendapunt_id: str | None = None,
    status: str = "Besluit",
    opmerking: str | None = None,
    verwijderd: bool = False,
) -> dict[str, Any]:
    """A Besluit with its Stemming rows nested (their ``Besluit_Id`` is set to this Besluit's Id)."""
    besluit_id = id or str(uuid.uuid4())
    if api_gewijzigd_op is None:
        api_gewijzigd_op = api_timestamp(_parse_ts(gewijzigd_op) + timedelta(seconds=4, microseconds=843_218), 1)
    return {
        "Id": besluit_id,
        "Agendapunt_Id": agendapunt_id or _stable_id("Agendapunt", gewijzigd_op[:10]),
        "StemmingsSoort": stemmingssoort,
        "BesluitSoort": soort,
        "BesluitTekst": tekst,
        "Opmerking": opmerking,
        "Status": status,
        "AgendapuntZaakBesluitVolgorde": volgorde,
        "GewijzigdOp": gewijzigd_op,
        "ApiGewijzigdOp": api_gewijzigd_op,
        "Verwijderd": verwijderd,
        "Stemming": [dict(s, Besluit_Id=besluit_id) for s in stemmingen],
    }


def _related_zaak(value: str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(value, dict):
        return _scalars(value)
    return {
        "Id": value, "Nummer": None, "Soort": "Motie", "Titel": None, "Citeertitel": None, "Alias": None,
        "Status": "Vrijgegeven", "Onderwerp": None, "GestartOp": None, "Organisatie": "Tweede Kamer",
        "Grondslagvoorhang": None, "Termijn": None, "Vergaderjaar": None, "Volgnummer": None,
        "HuidigeBehandelstatus": None, "Afgedaan": None, "GrootProject": False, "GewijzigdOp": None,
        "ApiGewijzigdOp": None, "Verwijderd": False, "Kabinetsappreciatie": None,
    }


def make_zaak(
    *,
    dossier: int,
    toevoeging: str | None,
    volgnummer: int,
    title: str,
    submitters: Sequence[tuple[str, str | None, str]],
    kabinetsappreciatie: str | None = "Oordeel Kamer",
    besluiten: list[dict[str, Any]] | None = None,
    api_gewijzigd_op: str = DEFAULT_API_TS,
    verwijderd: bool = False,
    soort_document: str = "Motie",
    document_volgnummer: int | None = None,
    vervangen_vanuit: str | dict[str, Any] | None = None,
    vervangen_door: str | dict[str, Any] | None = None,
    id: str | None = None,
    vergaderjaar: str = "2024-2025",
    gestart_op: str = "2025-04-09T00:00:00+02:00",
    nummer: str | None = None,
    document_nummer: str | None = None,
    dossier_titel: str | None = None,
    afgedaan: bool | None = None,
) -> dict[str, Any]:
    """A motion Zaak as ``Zaak?$expand=ZaakActor,Document($expand=Kamerstukdossier,HuidigeDocumentVersie),
    Kamerstukdossier,Besluit($expand=Stemming),VervangenDoor,VervangenVanuit`` returns it.

    ``volgnummer`` is the printed "nr." (used for ``ExterneIdentifier`` ``kst-…``); ``document_volgnummer``
    is what ``Document.Volgnummer`` and ``Zaak.Volgnummer`` say (default the same; -1 on some gewijzigde
    moties, as in the real data). ``submitters`` are ``(ActorNaam, ActorFractie, Relatie)``;
    ``vervangen_vanuit``/``vervangen_door`` take a Zaak dict or just its Id.
    """
    key = _kst(dossier, toevoeging, volgnummer)
    zaak_id = id or _stable_id("Zaak", key, soort_document)
    doc_volgnummer = volgnummer if document_volgnummer is None else document_volgnummer
    year = gestart_op[:4]
    gewijzigd = _local_from_api(api_gewijzigd_op)
    titel = dossier_titel or DOSSIER_TITLES.get((dossier, toevoeging), f"Dossier {dossier}")
    ksd = make_dossier(dossier, toevoeging, titel=titel, hoogste_volgnummer=max(volgnummer, 1))
    document_id = _stable_id("Document", key, soort_document)
    versie_id = _stable_id("DocumentVersie", key, soort_document)
    doc_api = api_timestamp(_parse_ts(api_gewijzigd_op) + timedelta(seconds=19, microseconds=12_362), 7)
    actors = [_zaak_actor(zaak_id, naam, fractie, relatie, gewijzigd, api_gewijzigd_op)
              for naam, fractie, relatie in submitters]
    actors.append(_voortouw_actor(_stable_id("ZaakActor", zaak_id, "TK"), zaak_id, gewijzigd, api_gewijzigd_op))
    document = {
        "Id": document_id,
        "Soort": soort_document,
        "DocumentNummer": document_nummer or f"{year}D{_stable_int('D', key) % 90000 + 10000}",
        "Titel": titel,
        "Onderwerp": title,
        "Datum": gestart_op,
        "Vergaderjaar": vergaderjaar,
        "Kamer": 2,
        "Volgnummer": doc_volgnummer,
        "Citeertitel": None,
        "Alias": None,
        "DatumRegistratie": gestart_op,
        "DatumOntvangst": None,
        "Aanhangselnummer": None,
        "KenmerkAfzender": None,
        "Organisatie": "Tweede Kamer",
        "ContentType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "ContentLength": 18000 + _stable_int("len", key) % 9000,
        "GewijzigdOp": _local_from_api(doc_api),
        "ApiGewijzigdOp": doc_api,
        "Verwijderd": False,
        "HuidigeDocumentVersie_Id": versie_id,
        "HuidigeDocumentVersie": {
            "Id": versie_id,
            "Status": "Vrijgegeven",
            "Versienummer": 1,
            "Bestandsgrootte": 36,
            "Extensie": ".docx",
            "Datum": _local_from_api(doc_api),
            "GewijzigdOp": _local_from_api(doc_api),
            "ApiGewijzigdOp": doc_api,
            "Verwijderd": False,
            "Document_Id": document_id,
            "ExterneIdentifier": key,
        },
        "Kamerstukdossier": [ksd],
    }
    besluiten = besluiten or []
    return {
        "Id": zaak_id,
        "Nummer": nummer or f"{year}Z{_stable_int('Z', key) % 90000 + 10000}",
        "Soort": "Motie",
        "Titel": titel,
        "Citeertitel": None,
        "Alias": None,
        "Status": "Vrijgegeven",
        "Onderwerp": title,
        "GestartOp": gestart_op,
        "Organisatie": "Tweede Kamer",
        "Grondslagvoorhang": None,
        "Termijn": None,
        "Vergaderjaar": vergaderjaar,
        "Volgnummer": doc_volgnummer,
        "HuidigeBehandelstatus": None,
        "Afgedaan": bool(besluiten) if afgedaan is None else afgedaan,
        "GrootProject": False,
        "GewijzigdOp": gewijzigd,
        "ApiGewijzigdOp": api_gewijzigd_op,
        "Verwijderd": verwijderd,
        "Kabinetsappreciatie": kabinetsappreciatie,
        "ZaakActor": actors,
        "Document": [document],
        "Kamerstukdossier": [ksd],
        "Besluit": besluiten,
        "VervangenDoor": [_related_zaak(vervangen_door)] if vervangen_door else [],
        "VervangenVanuit": [_related_zaak(vervangen_vanuit)] if vervangen_vanuit else [],
    }


def _split_name(naam: str) -> tuple[str | None, str | None, str]:
    """'D.M. van Weel' -> ('D.M.', 'van', 'Weel')."""
    words = naam.split()
    initialen = words[0] if words and words[0].endswith(".") else None
    rest = words[1:] if initialen else words
    tussen = [w for w in rest[:-1] if w.islower()]
    return initialen, " ".join(tussen) or None, rest[-1] if rest else naam


def make_toezegging(
    *,
    nummer: str,
    tekst: str,
    status: str = "Openstaand",
    ministerie: str = "Buitenlandse Zaken",
    naam: str = "D.M. van Weel",
    functie: str = "minister van Buitenlandse Zaken",
    datum_nakoming: str = "2025-06-30T00:00:00+02:00",
    toegezegd_aan: str | None = None,
    toegezegd_aan_fractie: str | None = None,
    kamerbrief_nakoming: str | None = None,
    activiteit_nummer: str | None = None,
    aanmaakdatum: str = "2025-04-10T00:00:00+02:00",
    api_gewijzigd_op: str = "2025-04-11T09:12:44.1234567Z",
    gewijzigd_op: str | None = None,
    verwijderd: bool = False,
    id: str | None = None,
) -> dict[str, Any]:
    """A Toezegging. ``$metadata`` has no scalar "ToegezegdAan": the member and party it was made to are
    the collections ``ToegezegdAanPersoon`` and ``ToegezegdAanFractie`` (filled from ``toegezegd_aan``,
    a member's name, and ``toegezegd_aan_fractie``)."""
    initialen, tussenvoegsel, achternaam = _split_name(naam)
    persons: list[dict[str, Any]] = []
    if toegezegd_aan:
        p_init, p_tussen, p_achter = _split_name(toegezegd_aan)
        persons.append({
            "Id": MEMBERS[toegezegd_aan][1] if toegezegd_aan in MEMBERS else _stable_id("Persoon", toegezegd_aan),
            "Nummer": _stable_int("Persoon", toegezegd_aan) % 900000 + 100000,
            "Titels": None, "Initialen": p_init, "Tussenvoegsel": p_tussen, "Achternaam": p_achter,
            "Voornamen": None, "Roepnaam": None, "Geslacht": None, "Functie": "Tweede Kamerlid",
            "Geboortedatum": None, "Geboorteplaats": None, "Geboorteland": None, "Overlijdensdatum": None,
            "Overlijdensplaats": None, "Woonplaats": None, "Land": None, "ContentType": None,
            "ContentLength": None, "GewijzigdOp": _local_from_api(api_gewijzigd_op),
            "ApiGewijzigdOp": api_gewijzigd_op, "Verwijderd": False,
            "Fractielabel": MEMBERS[toegezegd_aan][0] if toegezegd_aan in MEMBERS else None,
        })
    fracties: list[dict[str, Any]] = []
    if toegezegd_aan_fractie:
        fid, _ = _fractie(toegezegd_aan_fractie)
        fracties.append({
            "Id": fid, "Nummer": None, "Afkorting": toegezegd_aan_fractie, "NaamNL": toegezegd_aan_fractie,
            "NaamEN": None, "AantalZetels": _PARTY.get(toegezegd_aan_fractie, (None,))[0],
            "AantalStemmen": None, "DatumActief": None, "DatumInactief": None, "ContentType": None,
            "ContentLength": None, "GewijzigdOp": _local_from_api(api_gewijzigd_op),
            "ApiGewijzigdOp": api_gewijzigd_op, "Verwijderd": False,
        })
    return {
        "Id": id or _stable_id("Toezegging", nummer),
        "Aanmaakdatum": aanmaakdatum,
        "Nummer": nummer,
        "ActiviteitNummer": activiteit_nummer,
        "Naam": naam,
        "Achternaam": achternaam,
        "Initialen": initialen,
        "Voornaam": None,
        "Achtervoegsel": None,
        "Titulatuur": None,
        "Functie": functie,
        "Status": status,
        "DatumNakoming": datum_nakoming,
        "KamerbriefNakoming": kamerbrief_nakoming,
        "Ministerie": ministerie,
        "Tekst": tekst,
        "Verwijderd": verwijderd,
        "GewijzigdOp": gewijzigd_op or _local_from_api(api_gewijzigd_op),
        "ApiGewijzigdOp": api_gewijzigd_op,
        "Tussenvoegsel": tussenvoegsel,
        "ToegezegdAanPersoon": persons,
        "ToegezegdAanFractie": fracties,
    }


# -- make_motions ------------------------------------------------------------------------------------

_SURNAMES = (
    "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
    "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
    "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten",
    "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam",
    "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "de Jonge", "Kuipers", "van Veen", "Post",
    "Kuiper", "Veenstra", "Kramer", "van den Brink", "Scholten", "van Wijk", "Postma", "Martens", "Vink",
    "de Ruiter", "Timmermans", "Groen", "Gerritsen", "Jonker", "van Loon", "Boer", "van der Velde",
    "Boersma", "Claassen", "van Dijk", "Koning", "Wolters", "Evers", "Bosman", "Hermans", "Zwart",
)
_INITIALS = ("A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "I.", "J.", "K.", "L.", "M.", "N.", "P.", "R.",
             "S.", "T.", "W.", "A.M.", "J.P.", "M.C.", "H.J.", "C.A.", "R.W.", "E.M.", "D.G.", "L.J.")
_TOPICS = (
    "de sanctielijst uitbreiden", "meer geld voor de jeugdzorg", "een onafhankelijk onderzoek naar de kosten",
    "het tegengaan van discriminatie op de arbeidsmarkt", "de bescherming van vitale infrastructuur",
    "het versterken van de positie van Taiwan in internationale organisaties",
    "het verlagen van de stikstofuitstoot zonder gedwongen onteigening", "betaalbare huurwoningen voor starters",
    "het terugdringen van de wachtlijsten in de ggz", "een verbod op gokreclames",
    "de digitale weerbaarheid van gemeenten", "het behoud van kleine scholen op het platteland",
    "een nationaal plan tegen laaggeletterdheid", "meer handhaving op uitbuiting van arbeidsmigranten",
    "een deltaplan voor de energie-infrastructuur", "het ondersteunen van mantelzorgers",
    "de Kamer halfjaarlijks informeren over de voortgang", "in EU-verband pleiten voor strengere exportcontroles",
)
_APPRECIATIES = (
    ("Ontraden", 145), ("Oordeel Kamer", 140), ("Nog niet bekend", 111), ("Ontijdig", 31), ("Overbodig", 17),
    ("Geen (expliciete) appreciatie", 15), ("Verzocht motie aan te houden", 7), ("Overgenomen", 1),
    ("Ontraden, tenzij gewijzigd", 1),
)
_MOTION_DOSSIERS = [k for k in DOSSIER_TITLES]


def _fast_uuid(rng: random.Random) -> str:
    """A random (version 4 shaped) GUID from ``rng``; the variant nibble is fixed for speed."""
    h = "%032x" % rng.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _vergaderjaar(utc: datetime) -> str:
    # Starts on the third Tuesday of September; the first of September is close enough here.
    start = utc.year if utc.month >= 9 else utc.year - 1
    return f"{start}-{start + 1}"


def make_motions(
    n: int,
    *,
    seed: int = 1,
    start: datetime = datetime(2024, 9, 17, 8, 0, tzinfo=timezone.utc),
    deleted_fraction: float = 0.0,
) -> list[dict[str, Any]]:
    """``n`` realistic, deterministic motion Zaken, in ``ApiGewijzigdOp`` order.

    Each has ZaakActor (indiener, 0-4 medeindieners from other parties, the Voortouwcommissie actor),
    one Document with HuidigeDocumentVersie and Kamerstukdossier, the Kamerstukdossier, and most a
    Besluit with one Stemming per party (15 parties, 150 seats; the result follows the seats). About 7%
    are gewijzigde moties that replace an earlier motion of the same dossier (VervangenVanuit/VervangenDoor;
    some with Volgnummer -1), some are aangehouden, ingetrokken or not yet voted. Every 50th motion shares
    its ApiGewijzigdOp with the previous one, so paging by ``ApiGewijzigdOp,Id`` needs the Id tiebreak.
    """
    rng = random.Random(seed)
    party_names = [p[0] for p in PARTIES]
    seat_weights = [p[1] for p in PARTIES]
    roster: dict[str, list[str]] = {}
    used: set[str] = set()
    for name, seats, _, _ in PARTIES:
        members = [m for m, (f, _, _) in MEMBERS.items() if f == name]
        while len(members) < seats:
            candidate = f"{rng.choice(_INITIALS)} {rng.choice(_SURNAMES)}"
            if candidate not in used and candidate not in MEMBERS:
                used.add(candidate)
                members.append(candidate)
        roster[name] = members
    identity: dict[str, tuple[str, str]] = {}  # ActorNaam -> (Persoon_Id, SidActor)
    for members in roster.values():
        for naam in members:
            identity[naam] = (MEMBERS[naam][1], MEMBERS[naam][2]) if naam in MEMBERS else (
                _stable_id("Persoon", naam), _sid("Persoon", naam))
    app_values = [a for a, _ in _APPRECIATIES]
    app_weights = [w for _, w in _APPRECIATIES]
    dossiers = {key: make_dossier(key[0], key[1]) for key in _MOTION_DOSSIERS}
    next_nr = {key: 40 + (_stable_int(key) % 150) for key in _MOTION_DOSSIERS}
    recent: dict[tuple[int, str | None], list[dict[str, Any]]] = {key: [] for key in _MOTION_DOSSIERS}
    agendapunt_ids: dict[str, str] = {}

    motions: list[dict[str, Any]] = []
    moment = start
    api = api_timestamp(moment, 0)
    for i in range(n):
        if i % 50 != 49 or i == 0:
            # About 25 motions on a working day: 10,000 span a bit more than a year.
            moment = moment + timedelta(seconds=rng.randint(60, 6000), microseconds=rng.randint(0, 999_999))
            api = api_timestamp(moment, rng.randint(0, 9))
        gewijzigd = local_timestamp(moment - timedelta(seconds=4, milliseconds=rng.randint(0, 999)))
        dossier_key = _MOTION_DOSSIERS[rng.randrange(len(_MOTION_DOSSIERS))]
        dossier_nr, toevoeging = dossier_key
        nr = next_nr[dossier_key]
        next_nr[dossier_key] = nr + 1
        zaak_id = _fast_uuid(rng)
        gestart = local_timestamp(moment.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=rng.randint(0, 6)), ms=False)
        gestart = gestart[:11] + "00:00:00" + gestart[19:]
        vergaderjaar = _vergaderjaar(moment)
        year = gestart[:4]

        party = rng.choices(party_names, weights=seat_weights)[0]
        indiener = rng.choice(roster[party])
        submitters = [(indiener, party, "Indiener")]
        for other in rng.sample(party_names, rng.choice((0, 0, 1, 1, 2, 3, 4))):
            if other != party:
                submitters.append((rng.choice(roster[other]), other, "Medeindiener"))
        surname = indiener.split(" ", 1)[1]
        surname = surname[0].upper() + surname[1:]
        if len(submitters) == 1:
            who = f"het lid {surname}"
        elif len(submitters) == 2:
            second = submitters[1][0].split(" ", 1)[1]
            who = f"de leden {surname} en {second[0].upper() + second[1:]}"
        else:
            who = f"het lid {surname} c.s."
        topic = _TOPICS[rng.randrange(len(_TOPICS))]

        replaced: dict[str, Any] | None = None
        if recent[dossier_key] and rng.random() < 0.07:
            replaced = recent[dossier_key].pop(rng.randrange(len(recent[dossier_key])))
        if replaced is not None:
            soort_document = "Motie (gewijzigd/nader)"
            replaced_nr = replaced["Document"][0]["HuidigeDocumentVersie"]["ExterneIdentifier"].rsplit("-", 1)[1]
            key_text = f"{dossier_nr}" + (f"-{toevoeging}" if toevoeging else "") + f"-{replaced_nr}"
            title = f"Gewijzigde motie van {who} over {topic} (t.v.v. {key_text})"
            appreciatie = "Niet beschikbaar bij gewijzigde moties en/of amendementen"
            doc_volgnummer = -1 if rng.random() < 0.43 else nr
        else:
            soort_document = "Motie"
            title = f"Motie van {who} over {topic}"
            appreciatie = rng.choices(app_values, weights=app_weights)[0]
            doc_volgnummer = nr

        key = _kst(dossier_nr, toevoeging, nr)
        ksd = dossiers[dossier_key]
        ksd["HoogsteVolgnummer"] = nr
        actors = []
        for naam, fractie, relatie in submitters:
            pid, sid = identity[naam]
            actors.append({
                "Id": _fast_uuid(rng), "Zaak_Id": zaak_id, "ActorNaam": naam, "ActorFractie": fractie,
                "ActorAfkorting": None, "Functie": "Tweede Kamerlid", "Relatie": relatie, "SidActor": sid,
                "Persoon_Id": pid, "Fractie_Id": _PARTY[fractie][1], "Commissie_Id": None,
                "GewijzigdOp": gewijzigd, "ApiGewijzigdOp": api, "Verwijderd": False,
            })
        actors.append(_voortouw_actor(_fast_uuid(rng), zaak_id, gewijzigd, api))
        document_id = _fast_uuid(rng)
        versie_id = _fast_uuid(rng)
        document = {
            "Id": document_id, "Soort": soort_document,
            "DocumentNummer": f"{year}D{10000 + (i * 7919) % 90000:05d}", "Titel": ksd["Titel"],
            "Onderwerp": title, "Datum": gestart, "Vergaderjaar": vergaderjaar, "Kamer": 2,
            "Volgnummer": doc_volgnummer, "Citeertitel": None, "Alias": None, "DatumRegistratie": gestart,
            "DatumOntvangst": None, "Aanhangselnummer": None, "KenmerkAfzender": None,
            "Organisatie": "Tweede Kamer",
            "ContentType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "ContentLength": rng.randint(15000, 40000), "GewijzigdOp": gewijzigd, "ApiGewijzigdOp": api,
            "Verwijderd": False, "HuidigeDocumentVersie_Id": versie_id,
            "HuidigeDocumentVersie": {
                "Id": versie_id, "Status": "Vrijgegeven", "Versienummer": 1, "Bestandsgrootte": 36,
                "Extensie": ".docx", "Datum": gewijzigd, "GewijzigdOp": gewijzigd, "ApiGewijzigdOp": api,
                "Verwijderd": False, "Document_Id": document_id, "ExterneIdentifier": key,
            },
            "Kamerstukdossier": [ksd],
        }

        besluiten: list[dict[str, Any]] = []
        roll = rng.random()
        if replaced is None and roll < 0.06:
            pass  # not voted on yet
        elif roll < 0.10:
            besluit_soort, besluit_tekst = rng.choice((
                ("Stemmen - aangehouden", "Aangehouden."), ("Stemmen - ingetrokken", "Ingetrokken.")))
            besluiten.append(_motion_besluit(rng, moment, besluit_soort, besluit_tekst, None, [], agendapunt_ids))
        else:
            supporters = {fractie for _, fractie, _ in submitters}
            lean = rng.random()
            stemmingen = []
            voor = tegen = 0
            for name, seats, fid, sid in PARTIES:
                is_voor = name in supporters or rng.random() < lean
                if is_voor:
                    voor += seats
                else:
                    tegen += seats
                stemmingen.append({
                    "Id": _fast_uuid(rng), "Besluit_Id": None, "Soort": "Voor" if is_voor else "Tegen",
                    "FractieGrootte": seats, "ActorNaam": name, "ActorFractie": name, "Vergissing": False,
                    "SidActorLid": None, "SidActorFractie": sid, "Persoon_Id": None, "Fractie_Id": fid,
                    "GewijzigdOp": gewijzigd, "ApiGewijzigdOp": api, "Verwijderd": False,
                })
            if voor > tegen:
                besluit_soort, besluit_tekst = "Stemmen - aangenomen", "Aangenomen."
            else:
                besluit_soort, besluit_tekst = "Stemmen - verworpen", "Verworpen."
            besluiten.append(_motion_besluit(rng, moment, besluit_soort, besluit_tekst, "Met handopsteken",
                                             stemmingen, agendapunt_ids))

        zaak = {
            "Id": zaak_id, "Nummer": f"{year}Z{10000 + (i * 104729) % 90000:05d}", "Soort": "Motie",
            "Titel": ksd["Titel"], "Citeertitel": None, "Alias": None, "Status": "Vrijgegeven",
            "Onderwerp": title, "GestartOp": gestart, "Organisatie": "Tweede Kamer",
            "Grondslagvoorhang": None, "Termijn": None, "Vergaderjaar": vergaderjaar,
            "Volgnummer": doc_volgnummer, "HuidigeBehandelstatus": None, "Afgedaan": bool(besluiten),
            "GrootProject": False, "GewijzigdOp": gewijzigd, "ApiGewijzigdOp": api,
            "Verwijderd": deleted_fraction > 0 and rng.random() < deleted_fraction,
            "Kabinetsappreciatie": appreciatie, "ZaakActor": actors, "Document": [document],
            "Kamerstukdossier": [ksd], "Besluit": besluiten, "VervangenDoor": [],
            "VervangenVanuit": [_scalars(replaced)] if replaced is not None else [],
        }
        if replaced is not None:
            # The replaced motion is not voted on; the API records the replacement on it too.
            replaced["VervangenDoor"] = [_scalars(zaak)]
            replaced["Besluit"] = []
            replaced["Afgedaan"] = True
        else:
            recent[dossier_key].append(zaak)
            if len(recent[dossier_key]) > 20:
                recent[dossier_key].pop(0)
        motions.append(zaak)
    return motions


def _motion_besluit(
    rng: random.Random, moment: datetime, soort: str, tekst: str, stemmingssoort: str | None,
    stemmingen: list[dict[str, Any]], agendapunt_ids: dict[str, str],
) -> dict[str, Any]:
    besluit_id = _fast_uuid(rng)
    for s in stemmingen:
        s["Besluit_Id"] = besluit_id
    day = moment.isoformat()[:10]
    agendapunt = agendapunt_ids.setdefault(day, _fast_uuid(rng))
    return {
        "Id": besluit_id, "Agendapunt_Id": agendapunt, "StemmingsSoort": stemmingssoort, "BesluitSoort": soort,
        "BesluitTekst": tekst, "Opmerking": None, "Status": "Besluit",
        "AgendapuntZaakBesluitVolgorde": rng.randint(1, 30),
        "GewijzigdOp": local_timestamp(moment - timedelta(seconds=5)),
        "ApiGewijzigdOp": api_timestamp(moment - timedelta(seconds=1), rng.randint(0, 9)),
        "Verwijderd": False, "Stemming": stemmingen,
    }
