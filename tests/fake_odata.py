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
* ``("request", n, fault)``: ``fault`` only for the ``n``-th request the server receives (0-based, counting
  every request): the way to hit "the third page" of a client that pages by key rather than by ``$skip``
* ``("delay", s)``: the same as ``("timeout", s)``; reads better where the point is to slow a page down
  (a test that kills the client process while it waits)

Builders
--------
The entity builders (``make_zaak``, ``make_motions``, ``make_toezegging``, ``make_document``, …) live in
``tests/odata_builders.py`` and are re-exported here.
"""

from __future__ import annotations

import functools
import json
import re
import socket
import struct
import threading
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import quote, unquote, unquote_plus

__all__ = [
    "DEFAULT_API_TS",
    "MEMBERS",
    "PARTIES",
    "SCHEMA",
    "FakeOData",
    "QueryError",
    "api_timestamp",
    "compile_filter",
    "local_timestamp",
    "make_activiteit",
    "make_besluit",
    "make_document",
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
        if fault in ("timeout", "delay"):
            return ("timeout", default_timeout)
        if fault in ("truncated", "short_read", "not_json", "no_value", "reset"):
            return (fault,)
        raise ValueError(f"unknown fault {fault!r}")
    if isinstance(fault, tuple) and fault:
        head = fault[0]
        if head == "fail_page":
            _, skip, inner = fault
            return ("fail_page", int(skip), _normalise_fault(inner, default_timeout))
        if head == "request":
            _, index, inner = fault
            return ("request", int(index), _normalise_fault(inner, default_timeout))
        if head in ("timeout", "delay"):
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

    def _record(self, path: str, headers: dict[str, str]) -> int:
        with self._lock:
            self.requests.append(path)
            self.headers.append(headers)
            return len(self.requests) - 1

    def _take_fault(self, skip: int, index: int = -1) -> tuple[Any, ...] | None:
        with self._lock:
            for i, raw in enumerate(self.faults):
                fault = _normalise_fault(raw, self.timeout_delay)
                if fault[0] == "fail_page":
                    if fault[1] != skip:
                        continue
                    del self.faults[i]
                    return fault[2]  # type: ignore[no-any-return]
                if fault[0] == "request":
                    if fault[1] != index:
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
        index = fake._record(self.path, {k: v for k, v in self.headers.items()})
        path, _, query = self.path.partition("?")
        try:
            options = parse_query(query)
            skip = _int_option(options, "$skip") or 0
        except QueryError as exc:
            self._send(400, _error_body("", str(exc)))
            return
        try:
            fault = fake._take_fault(skip, index)
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


# The builders live in tests/odata_builders.py; they are re-exported here for existing imports.
from tests.odata_builders import (  # noqa: E402
    DEFAULT_API_TS,
    MEMBERS,
    PARTIES,
    _instant,
    api_timestamp,
    local_timestamp,
    make_activiteit,
    make_besluit,
    make_document,
    make_dossier,
    make_motions,
    make_stemming,
    make_toezegging,
    make_zaak,
)
