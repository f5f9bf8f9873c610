"""Entity builders in the real shapes of the Tweede Kamer OData API, for tests and benchmarks.

``make_zaak``, ``make_besluit``, ``make_stemming``, ``make_toezegging``, ``make_dossier``,
``make_document`` and ``make_motions`` build entities as ``shared/opendata-samples`` shows them
(PascalCase fields, GUID ``Id``, ``GewijzigdOp`` in Dutch local time with offset, ``ApiGewijzigdOp`` in
UTC with 7 fractional digits, ``Verwijderd``; ``@odata`` annotations only at page level). Members and
parties of the seed motions carry their real ``Persoon_Id``/``Fractie_Id``. Navigation properties are
nested inside each row, as ``tests.fake_odata.FakeOData`` stores them; it returns only what a query
expands. Re-exported by ``tests.fake_odata``.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

__all__ = [
    "DEFAULT_API_TS",
    "MEMBERS",
    "PARTIES",
    "api_timestamp",
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

# ---------------------------------------------------------------------------------------------------
# Timestamps (the fake compares them as instants, with these functions)
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
# Full names as Fractie.NaamNL gives them (stemming_expand_besluit_agendapunt_zaak_fractie_persoon.json and
# the demo fixtures); the others use their abbreviation there too.
_PARTY_NAMES = {"CDA": "Christen-Democratisch Appèl", "D66": "Democraten 66", "PVV": "Partij voor de Vrijheid", "VVD": "Volkspartij voor Vrijheid en Democratie"}

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
    api_gewijzigd_op: str = DEFAULT_API_TS, afgesloten: bool = False, documents: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A Kamerstukdossier entity (stable Id per dossier number and toevoeging); ``documents`` nests its
    ``Document`` rows (``make_document``) for ``Kamerstukdossier?$expand=Document(...)``."""
    extra: dict[str, Any] = {"Document": list(documents)} if documents is not None else {}
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
        **extra,
    }


def make_document(
    *,
    volgnummer: int,
    soort: str = "Brief regering",
    onderwerp: str = "Brief van de minister",
    titel: str | None = None,
    datum: str = "2025-03-19T00:00:00+01:00",
    document_nummer: str | None = None,
    vergaderjaar: str = "2024-2025",
    api_gewijzigd_op: str = "2025-03-25T15:36:23.8749067Z",
    zaken: Sequence[dict[str, Any]] = (),
    id: str | None = None,
    verwijderd: bool = False,
) -> dict[str, Any]:
    """A Document as ``Document`` or ``Kamerstukdossier/Document`` returns it (shape of the real record of
    21501-20 nr. 2243 in ``document_china_letters.values.json``); ``zaken`` nests its ``Zaak`` rows."""
    return {
        "Id": id or _stable_id("Document", soort, volgnummer, onderwerp),
        "Soort": soort,
        "DocumentNummer": document_nummer or f"{datum[:4]}D{_stable_int('D', soort, volgnummer) % 90000 + 10000}",
        "Titel": titel,
        "Onderwerp": onderwerp,
        "Datum": datum,
        "Vergaderjaar": vergaderjaar,
        "Kamer": 2,
        "Volgnummer": volgnummer,
        "Citeertitel": None,
        "Alias": None,
        "DatumRegistratie": datum,
        "DatumOntvangst": None,
        "Aanhangselnummer": None,
        "KenmerkAfzender": None,
        "Organisatie": "Tweede Kamer",
        "ContentType": "application/pdf",
        "ContentLength": 20000 + _stable_int("len", soort, volgnummer) % 9000,
        "GewijzigdOp": _local_from_api(api_gewijzigd_op),
        "ApiGewijzigdOp": api_gewijzigd_op,
        "Verwijderd": verwijderd,
        "Zaak": [_scalars(z) for z in zaken],
    }


def make_activiteit(datum: str, *, soort: str = "Stemmingen", onderwerp: str = "Stemmingen", id: str | None = None) -> dict[str, Any]:
    """An Activiteit (shape of ``activiteit_top3.json``): the vote day a Besluit hangs under."""
    return {
        "Id": id or _stable_id("Activiteit", soort, datum),
        "Soort": soort,
        "Nummer": f"{datum[:4]}A{_stable_int('A', datum) % 90000 + 10000}",
        "Onderwerp": onderwerp,
        "DatumSoort": "Dag",
        "Datum": datum,
        "Aanvangstijd": datum,
        "Eindtijd": None,
        "Locatie": None,
        "Besloten": False,
        "Status": "Uitgevoerd",
        "Vergaderjaar": None,
        "Kamer": "Tweede Kamer",
        "GewijzigdOp": datum,
        "ApiGewijzigdOp": api_timestamp(_parse_ts(datum)),
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
        # Navigation properties, returned only when expanded (Stemming($expand=Fractie,Persoon)).
        "Fractie": _fractie_entity(fractie, api_gewijzigd_op),
        "Persoon": _persoon_entity(persoon, api_gewijzigd_op) if persoon is not None else None,
    }


def _fractie_entity(name: str, api: str) -> dict[str, Any]:
    return {
        "Id": _fractie(name)[0], "Nummer": None, "Afkorting": name, "NaamNL": _PARTY_NAMES.get(name, name), "NaamEN": None,
        "AantalZetels": _PARTY.get(name, (None,))[0], "AantalStemmen": None, "DatumActief": None, "DatumInactief": None,
        "ContentType": None, "ContentLength": None, "GewijzigdOp": _local_from_api(api), "ApiGewijzigdOp": api,
        "Verwijderd": False,
    }


def _persoon_entity(naam: str, api: str) -> dict[str, Any]:
    initialen, tussenvoegsel, achternaam = _split_name(naam)
    return {
        "Id": MEMBERS[naam][1] if naam in MEMBERS else _stable_id("Persoon", naam),
        "Nummer": _stable_int("Persoon", naam) % 900000 + 100000,
        "Titels": None, "Initialen": initialen, "Tussenvoegsel": tussenvoegsel, "Achternaam": achternaam,
        "Voornamen": None, "Roepnaam": None, "Geslacht": None, "Functie": "Tweede Kamerlid",
        "Geboortedatum": None, "Geboorteplaats": None, "Geboorteland": None, "Overlijdensdatum": None,
        "Overlijdensplaats": None, "Woonplaats": None, "Land": None, "ContentType": None,
        "ContentLength": None, "GewijzigdOp": _local_from_api(api),
        "ApiGewijzigdOp": api, "Verwijderd": False,
        "Fractielabel": MEMBERS[naam][0] if naam in MEMBERS else None,
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
    vote_date: str | None = None,
) -> dict[str, Any]:
    """A Besluit with its Stemming rows nested (their ``Besluit_Id`` is set to this Besluit's Id).

    With ``vote_date`` (e.g. ``"2025-04-15T00:00:00+02:00"``) it also holds its ``Agendapunt`` with the
    ``Activiteit`` of that day, for ``Besluit($expand=Agendapunt($expand=Activiteit))``.
    """
    besluit_id = id or str(uuid.uuid4())
    if api_gewijzigd_op is None:
        api_gewijzigd_op = api_timestamp(_parse_ts(gewijzigd_op) + timedelta(seconds=4, microseconds=843_218), 1)
    agendapunt_id = agendapunt_id or _stable_id("Agendapunt", (vote_date or gewijzigd_op)[:10])
    extra: dict[str, Any] = {}
    if vote_date is not None:
        activiteit = make_activiteit(vote_date)
        extra["Agendapunt"] = {
            "Id": agendapunt_id, "Nummer": None, "Onderwerp": "Stemmingen over moties", "Aanvangstijd": None,
            "Eindtijd": None, "Volgorde": volgorde, "Rubriek": None, "Noot": None, "Status": "Vrijgegeven",
            "GewijzigdOp": vote_date, "ApiGewijzigdOp": activiteit["ApiGewijzigdOp"], "Verwijderd": False,
            "Activiteit_Id": activiteit["Id"], "Activiteit": activiteit,
        }
    return {
        "Id": besluit_id,
        "Agendapunt_Id": agendapunt_id,
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
        **extra,
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
    persons: list[dict[str, Any]] = [_persoon_entity(toegezegd_aan, api_gewijzigd_op)] if toegezegd_aan else []
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
    fracties = {name: _fractie_entity(name, DEFAULT_API_TS) for name in party_names}  # shared: one object per party
    next_nr = {key: 40 + (_stable_int(key) % 150) for key in _MOTION_DOSSIERS}
    recent: dict[tuple[int, str | None], list[dict[str, Any]]] = {key: [] for key in _MOTION_DOSSIERS}
    agendapunt_ids: dict[str, Any] = {}

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
                    "Fractie": fracties[name], "Persoon": None,
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
    stemmingen: list[dict[str, Any]], agendapunt_ids: dict[str, Any],
) -> dict[str, Any]:
    besluit_id = _fast_uuid(rng)
    for s in stemmingen:
        s["Besluit_Id"] = besluit_id
    day = moment.isoformat()[:10]
    agendapunt = agendapunt_ids.get(day)
    if agendapunt is None:
        # One agenda item per voting day, shared by its decisions, with the day's Activiteit.
        datum = local_timestamp(moment.replace(hour=0, minute=0, second=0, microsecond=0), ms=False)
        datum = datum[:11] + "00:00:00" + datum[19:]
        activiteit = make_activiteit(datum, id=_fast_uuid(rng))
        agendapunt = agendapunt_ids[day] = {
            "Id": _fast_uuid(rng), "Nummer": None, "Onderwerp": "Stemmingen over moties", "Aanvangstijd": None,
            "Eindtijd": None, "Volgorde": 1, "Rubriek": None, "Noot": None, "Status": "Vrijgegeven",
            "GewijzigdOp": datum, "ApiGewijzigdOp": activiteit["ApiGewijzigdOp"], "Verwijderd": False,
            "Activiteit_Id": activiteit["Id"], "Activiteit": activiteit,
        }
    return {
        "Id": besluit_id, "Agendapunt_Id": agendapunt["Id"], "StemmingsSoort": stemmingssoort, "BesluitSoort": soort,
        "BesluitTekst": tekst, "Opmerking": None, "Status": "Besluit",
        "AgendapuntZaakBesluitVolgorde": rng.randint(1, 30),
        "GewijzigdOp": local_timestamp(moment - timedelta(seconds=5)),
        "ApiGewijzigdOp": api_timestamp(moment - timedelta(seconds=1), rng.randint(0, 9)),
        "Verwijderd": False, "Stemming": stemmingen, "Agendapunt": agendapunt,
    }
