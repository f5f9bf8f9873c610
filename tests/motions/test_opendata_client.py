"""The OData client against a real local HTTP server (tests/fake_odata.py): paging, query building, retries."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from motions.opendata import (
    USER_AGENT,
    ODataClient,
    ODataError,
    TransientError,
    odata_datetime,
    odata_string,
)
from tests.fake_odata import (
    PARTIES,
    FakeOData,
    compile_filter,
    make_besluit,
    make_motions,
    make_stemming,
    make_toezegging,
    make_zaak,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "opendata"
REAL_BASE = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
ZAAK_EXPAND = (
    "ZaakActor,Document($expand=HuidigeDocumentVersie,Kamerstukdossier),Kamerstukdossier,"
    "Besluit($expand=Stemming),VervangenDoor,VervangenVanuit"
)


@pytest.fixture
def fake() -> Iterator[FakeOData]:
    with FakeOData(page_size=2) as server:
        yield server


@pytest.fixture
def sleeps() -> list[float]:
    return []


def client_for(fake: FakeOData, sleeps: list[float], **kwargs: Any) -> ODataClient:
    kwargs.setdefault("timeout", 5.0)
    return ODataClient(fake.base_url, sleep=sleeps.append, **kwargs)


def six_motions() -> list[dict[str, Any]]:
    return make_motions(6, seed=7)


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["Id"] for row in rows]


def read_all(client: ODataClient, entity: str = "Zaak", **kwargs: Any) -> list[dict[str, Any]]:
    return [row for page in client.pages(entity, **kwargs) for row in page.items]


# -- paging ---------------------------------------------------------------------------------------


def test_it_follows_next_links_across_three_pages_and_yields_every_row_once(fake, sleeps):
    motions = six_motions()
    fake.add("Zaak", motions)
    with client_for(fake, sleeps) as client:
        pages = list(client.pages("Zaak", orderby="ApiGewijzigdOp,Id"))

    assert [page.number for page in pages] == [0, 1, 2]
    assert [len(page.items) for page in pages] == [2, 2, 2]
    assert ids([row for page in pages for row in page.items]) == ids(motions)
    assert pages[0].next_url == pages[1].url and pages[1].next_url == pages[2].url
    assert pages[2].next_url is None
    assert len(fake.requests) == 3
    assert [fake.params(i).get("$skip") for i in range(3)] == [None, "2", "4"]
    assert sleeps == []


def test_it_never_sends_top(fake, sleeps):
    fake.add("Zaak", six_motions())
    with client_for(fake, sleeps) as client:
        read_all(client, filter="Soort eq 'Motie'", expand="ZaakActor", orderby="Id", select="Id,Nummer")

    assert len(fake.requests) == 3
    for i in range(3):
        assert "$top" not in fake.params(i)
        assert "top" not in fake.requests[i].lower()


def test_it_always_filters_out_deleted_rows(fake, sleeps):
    live, deleted = make_motions(2, seed=3)
    deleted["Verwijderd"] = True
    fake.add("Zaak", [live, deleted])
    with client_for(fake, sleeps) as client:
        filtered = read_all(client, filter="Soort eq 'Motie'")
        unfiltered = read_all(client)

    assert ids(filtered) == ids(unfiltered) == [live["Id"]]
    assert fake.params(0)["$filter"] == "(Soort eq 'Motie') and Verwijderd eq false"
    assert fake.params(1)["$filter"] == "Verwijderd eq false"


def test_it_includes_deleted_rows_only_when_asked(fake, sleeps):
    live, deleted = make_motions(2, seed=3)
    deleted["Verwijderd"] = True
    fake.add("Zaak", [live, deleted])
    with client_for(fake, sleeps) as client:
        everything = read_all(client, include_deleted=True)
        changed = read_all(client, filter=f"Id eq {deleted['Id']}", include_deleted=True)

    assert ids(everything) == [live["Id"], deleted["Id"]]
    assert ids(changed) == [deleted["Id"]]
    assert "$filter" not in fake.params(0)
    assert fake.params(1)["$filter"] == f"Id eq {deleted['Id']}"


def test_it_resolves_relative_next_links_against_the_base_url(fake, sleeps):
    fake.next_link_style = "relative"
    motions = six_motions()
    fake.add("Zaak", motions)
    with client_for(fake, sleeps) as client:
        pages = list(client.pages("Zaak"))

    assert ids([row for page in pages for row in page.items]) == ids(motions)
    assert all(page.url.startswith(fake.base_url + "Zaak?") for page in pages)


def test_it_resumes_from_a_stored_next_link(fake, sleeps):
    motions = six_motions()
    fake.add("Zaak", motions)
    saved: list[str] = []
    stored_cursor: str | None = None

    class Killed(Exception):
        pass

    def save(page_items: list[dict[str, Any]]) -> None:
        saved.extend(ids(page_items))
        if len(saved) == 2:
            raise Killed  # the process dies after the first page was committed

    with client_for(fake, sleeps) as client:
        with pytest.raises(Killed):
            for page in client.pages("Zaak", filter="Soort eq 'Motie'", expand=ZAAK_EXPAND, orderby="ApiGewijzigdOp,Id"):
                stored_cursor = page.next_url  # stored together with the page's rows
                save(page.items)

    assert stored_cursor is not None
    with client_for(fake, sleeps) as client:
        resumed = list(client.pages("Zaak", start_url=stored_cursor))

    saved.extend(ids([row for page in resumed for row in page.items]))
    assert saved == ids(motions)
    assert [page.number for page in resumed] == [0, 1]
    assert fake.params(1) == fake.params(0) | {"$skip": "2"}
    assert "ZaakActor" in resumed[0].items[0]  # the stored link still carries $expand


# -- query building --------------------------------------------------------------------------------


def test_it_encodes_nested_expands_so_the_server_reads_them_back(fake, sleeps):
    besluit = make_besluit(stemmingen=[make_stemming(fractie=name, grootte=seats) for name, seats, _, _ in PARTIES])
    zaak = make_zaak(dossier=35207, toevoeging=None, volgnummer=83, title="Motie van het lid Paternotte c.s.",
                     submitters=[("J.M. Paternotte", "D66", "Indiener")], besluiten=[besluit])
    fake.add("Zaak", [zaak])
    expand = "Document($expand=Kamerstukdossier;$select=Id,Volgnummer),Besluit($expand=Stemming),ZaakActor"
    with client_for(fake, sleeps) as client:
        (row,) = read_all(client, expand=expand)

    assert fake.params(0)["$expand"] == expand
    assert "%3B" in fake.requests[0] and "%3D" in fake.requests[0]  # ';' and '=' inside the value are escaped
    assert set(row["Document"][0]) == {"Id", "Volgnummer", "Kamerstukdossier"}
    assert row["Document"][0]["Kamerstukdossier"][0]["Nummer"] == 35207
    assert sum(s["FractieGrootte"] for s in row["Besluit"][0]["Stemming"]) == 150
    assert "VervangenDoor" not in row and "Kamerstukdossier" not in row  # not asked for, not sent


def test_it_builds_the_url_the_real_api_expects():
    client = ODataClient(REAL_BASE)
    url = client.build_url("Zaak", filter="Soort eq 'Motie'", expand="Besluit($expand=Stemming)", orderby="ApiGewijzigdOp,Id")
    client.close()

    assert url == (
        "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak"
        "?$filter=(Soort%20eq%20'Motie')%20and%20Verwijderd%20eq%20false"
        "&$expand=Besluit($expand%3DStemming)&$orderby=ApiGewijzigdOp,Id"
    )


def test_it_encodes_string_literals_with_quotes_ampersands_and_plus_signs(fake, sleeps):
    odd = make_zaak(dossier=35207, toevoeging=None, volgnummer=1, title="Motie over 't Hooft & Zn. + 1",
                    submitters=[("D.G. Boswijk", "CDA", "Indiener")])
    other = make_zaak(dossier=35207, toevoeging=None, volgnummer=2, title="Motie over iets anders",
                      submitters=[("D.G. Boswijk", "CDA", "Indiener")])
    fake.add("Zaak", [odd, other])
    with client_for(fake, sleeps) as client:
        rows = read_all(client, filter=f"Onderwerp eq {odata_string(odd['Onderwerp'])}")

    assert ids(rows) == [odd["Id"]]
    assert fake.params(0)["$filter"] == "(Onderwerp eq 'Motie over ''t Hooft & Zn. + 1') and Verwijderd eq false"


def test_it_sends_a_descriptive_user_agent(fake, sleeps):
    fake.add("Zaak", six_motions())
    with client_for(fake, sleeps) as client:
        read_all(client)

    assert {headers["User-Agent"] for headers in fake.headers} == {USER_AGENT}
    assert USER_AGENT.startswith("Motietracker/") and "open data sync" in USER_AGENT


def test_a_user_agent_can_be_given(fake, sleeps):
    fake.add("Zaak", six_motions())
    with client_for(fake, sleeps, user_agent="Motietracker-test/1") as client:
        read_all(client)

    assert fake.headers[0]["User-Agent"] == "Motietracker-test/1"


def test_odata_datetime_writes_utc_literals():
    amsterdam = timezone(timedelta(hours=2))
    assert odata_datetime(datetime(2025, 4, 15, 16, 39, 17, 324109, tzinfo=amsterdam)) == "2025-04-15T14:39:17.324109Z"
    assert odata_datetime(datetime(2025, 4, 15, 14, 39, 17, tzinfo=timezone.utc)) == "2025-04-15T14:39:17Z"
    assert odata_datetime("2025-04-15T14:39:17.3241093Z") == "2025-04-15T14:39:17.3241093Z"
    assert odata_datetime("2025-04-16T07:59:40.747+02:00") == "2025-04-16T05:59:40.747Z"
    with pytest.raises(ValueError):
        odata_datetime(datetime(2025, 4, 15, 14, 39, 17))
    with pytest.raises(ValueError):
        odata_datetime("15 april 2025")


def test_odata_string_doubles_single_quotes():
    assert odata_string("Motie") == "'Motie'"
    assert odata_string("'s-Hertogenbosch") == "'''s-Hertogenbosch'"


# -- transient faults ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    ["503", "500", "502", ("timeout", 1.5), "truncated", "short_read", "not_json", "no_value", "reset"],
    ids=lambda f: f if isinstance(f, str) else f[0],
)
def test_each_transient_fault_is_retried_and_rows_come_through_exactly_once(fake, sleeps, fault):
    motions = six_motions()
    fake.add("Zaak", motions)
    fake.faults.append(("fail_page", 2, fault))  # hits the second page, in the middle of the run
    with client_for(fake, sleeps, timeout=0.5) as client:
        rows = read_all(client, orderby="ApiGewijzigdOp,Id")

    assert ids(rows) == ids(motions)
    assert len(fake.requests) == 4  # three pages, one of them twice
    assert fake.requests[1] == fake.requests[2]
    assert sleeps == [1.0]
    assert fake.faults == []


def test_it_honours_retry_after_on_429_and_503(fake, sleeps):
    fake.add("Zaak", six_motions())
    fake.faults.extend([("429", 7), ("503", 3)])
    with client_for(fake, sleeps) as client:
        rows = read_all(client)

    assert len(rows) == 6
    assert sleeps == [7.0, 3.0]


def test_retry_after_is_capped_by_max_backoff(fake, sleeps):
    fake.add("Zaak", six_motions())
    fake.faults.append(("429", 3600))
    with client_for(fake, sleeps, max_backoff=30.0) as client:
        read_all(client)

    assert sleeps == [30.0]


def test_backoff_grows_exponentially_and_is_capped(fake, sleeps):
    fake.add("Zaak", six_motions())
    fake.faults.extend(["500"] * 5)
    with client_for(fake, sleeps, max_attempts=6, backoff=1.0, max_backoff=5.0) as client:
        rows = read_all(client)

    assert len(rows) == 6
    assert sleeps == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_it_raises_a_transient_error_after_max_attempts(fake, sleeps):
    fake.add("Zaak", six_motions())
    fake.faults.extend(["503"] * 3)
    with client_for(fake, sleeps, max_attempts=3, backoff=0.5) as client:
        with pytest.raises(TransientError) as excinfo:
            read_all(client)

    assert len(fake.requests) == 3
    assert sleeps == [0.5, 1.0]
    assert "after 3 attempts" in str(excinfo.value) and "503 Service Unavailable" in str(excinfo.value)
    assert isinstance(excinfo.value, ODataError)


def test_it_logs_each_retry_at_warning(fake, sleeps, caplog):
    fake.add("Zaak", six_motions())
    fake.faults.extend(["503", "not_json"])
    with caplog.at_level(logging.WARNING, logger="motions.opendata"):
        with client_for(fake, sleeps) as client:
            read_all(client)

    messages = [r.getMessage() for r in caplog.records if r.name == "motions.opendata"]
    assert len(messages) == 2
    assert "503 Service Unavailable" in messages[0] and "attempt 1/5" in messages[0]
    assert "not valid JSON" in messages[1]
    assert all(r.levelno == logging.WARNING for r in caplog.records if r.name == "motions.opendata")


def test_connection_refused_is_retried_then_raised(sleeps):
    with FakeOData() as server:
        base_url = server.base_url  # the port is free again once the server stops
    with ODataClient(base_url, sleep=sleeps.append, max_attempts=2, timeout=1.0) as client:
        with pytest.raises(TransientError, match="connection error"):
            client.get_json(client.build_url("Zaak"))
    assert sleeps == [1.0]


# -- permanent failures ----------------------------------------------------------------------------


def test_a_404_raises_at_once_without_retrying(fake, sleeps):
    fake.add("Zaak", six_motions())
    with client_for(fake, sleeps) as client:
        with pytest.raises(ODataError) as excinfo:
            read_all(client, entity="Zaken")

    error = excinfo.value
    assert not isinstance(error, TransientError)
    assert len(fake.requests) == 1 and sleeps == []
    assert str(error).startswith(f"OData request failed: 404 Not Found for {fake.base_url}Zaken?")
    assert '"error"' in str(error) and "\n" not in str(error)
    assert error.status_code == 404


def test_a_malformed_filter_raises_a_400_at_once(fake, sleeps):
    fake.add("Zaak", six_motions())
    with client_for(fake, sleeps) as client:
        with pytest.raises(ODataError) as excinfo:
            read_all(client, filter="Soort eq 'Motie")

    assert not isinstance(excinfo.value, TransientError)
    assert excinfo.value.status_code == 400
    assert len(fake.requests) == 1 and sleeps == []


def test_an_injected_404_is_not_retried(fake, sleeps):
    fake.add("Zaak", six_motions())
    fake.faults.append("404")
    with client_for(fake, sleeps) as client:
        with pytest.raises(ODataError, match="404 Not Found"):
            read_all(client)
    assert len(fake.requests) == 1


# -- the fake server itself ------------------------------------------------------------------------


def test_the_fake_compares_api_gewijzigd_op_as_instants_with_100ns_precision():
    rows = [{"Id": str(i), "ApiGewijzigdOp": ts} for i, ts in enumerate([
        "2025-04-15T14:39:17.3241093Z",
        "2025-04-15T14:39:17.3241094Z",
        "2025-04-15T16:39:17.3241092+02:00",
        "2025-04-16T11:35:39.9746353Z",
        None,
    ])]
    after = compile_filter("ApiGewijzigdOp gt 2025-04-15T14:39:17.3241093Z", "Zaak")
    same = compile_filter("ApiGewijzigdOp eq 2025-04-15T16:39:17.3241093+02:00", "Zaak")

    assert [r["Id"] for r in rows if after(r)] == ["1", "3"]
    assert [r["Id"] for r in rows if same(r)] == ["0"]


def test_the_fake_filters_strings_with_doubled_quotes_and_boolean_logic():
    rows = [
        {"Soort": "Motie", "Onderwerp": "over 't Hooft", "Volgnummer": 83, "Verwijderd": False},
        {"Soort": "Motie", "Onderwerp": "over iets", "Volgnummer": -1, "Verwijderd": True},
        {"Soort": "Amendement", "Onderwerp": "over 't Hooft", "Volgnummer": 12, "Verwijderd": False},
    ]

    def matching(text: str) -> list[int]:
        predicate = compile_filter(text, "Zaak")
        return [i for i, row in enumerate(rows) if predicate(row)]

    assert matching("Onderwerp eq 'over ''t Hooft'") == [0, 2]
    assert matching("(Soort eq 'Motie' and Onderwerp eq 'over ''t Hooft') and Verwijderd eq false") == [0]
    assert matching("Soort eq 'Amendement' or (Volgnummer lt 0 and not (Verwijderd eq false))") == [1, 2]
    assert matching("Kabinetsappreciatie eq null and Volgnummer ge 12") == [0, 2]
    assert matching("startswith(Onderwerp,'over ''t') and Soort ne 'Motie'") == [2]


@pytest.mark.parametrize("bad", [
    "Soort eq 'Motie",                      # unterminated literal
    "Soort eq",                             # missing operand
    "(Soort eq 'Motie'",                    # unbalanced
    "Sort eq 'Motie'",                      # unknown property
    "ApiGewijzigdOp gt '2025-04-15'",       # string for a DateTimeOffset
    "Id eq 'dced1578-8b92-405b-92b3-199f9d4e3a67'",  # quoted GUID
    "ZaakActor/any(a: a/Relatie eq 'Indiener')",     # lambdas are not implemented
])
def test_the_fake_answers_400_to_malformed_or_unsupported_filters(fake, bad):
    fake.add("Zaak", six_motions())
    response = httpx.get(fake.base_url + "Zaak", params={"$filter": bad})
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message"}


def test_the_fake_suppresses_the_next_link_when_top_is_given(fake):
    fake.add("Zaak", six_motions())
    with_top = httpx.get(fake.base_url + "Zaak", params={"$top": "3"}).json()
    without = httpx.get(fake.base_url + "Zaak").json()

    assert len(with_top["value"]) == 2 and "@odata.nextLink" not in with_top  # capped at the page size
    assert "@odata.nextLink" in without
    assert without["@odata.nextLink"].startswith(fake.base_url + "Zaak?") and "$skip=2" in without["@odata.nextLink"]


def test_the_fake_orders_by_several_fields_with_desc(fake):
    rows = [{"Id": f"0000000{i}-0000-4000-8000-000000000000", "ApiGewijzigdOp": ts, "Verwijderd": False}
            for i, ts in enumerate(["2025-01-02T00:00:00Z", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"])]
    fake.page_size = 250
    fake.add("Stemming", rows)
    body = httpx.get(fake.base_url + "Stemming", params={"$orderby": "ApiGewijzigdOp desc,Id"}).json()
    assert [r["Id"][7] for r in body["value"]] == ["0", "2", "1"]


def test_the_fake_strips_navigation_properties_that_are_not_expanded(fake):
    fake.add("Toezegging", [make_toezegging(nummer="TZ202502-071", tekst="Brief voor de zomer", toegezegd_aan="D.G. Boswijk")])
    plain = httpx.get(fake.base_url + "Toezegging").json()["value"][0]
    expanded = httpx.get(fake.base_url + "Toezegging", params={"$expand": "ToegezegdAanPersoon,Activiteit"}).json()["value"][0]

    assert "ToegezegdAanPersoon" not in plain and plain["Nummer"] == "TZ202502-071"
    assert expanded["ToegezegdAanPersoon"][0]["Achternaam"] == "Boswijk"
    assert expanded["Activiteit"] == []  # a navigation property the row does not hold comes back empty
    bad = httpx.get(fake.base_url + "Toezegging", params={"$expand": "ToegezegdAan"})
    assert bad.status_code == 400


def test_make_motions_is_deterministic_and_votes_add_up():
    first, second = make_motions(200, seed=5), make_motions(200, seed=5)
    assert first == second
    assert sum(seats for _, seats, _, _ in PARTIES) == 150 and len(PARTIES) == 15
    keys = {z["Document"][0]["HuidigeDocumentVersie"]["ExterneIdentifier"] for z in first}
    assert len(keys) == 200 and len({z["Id"] for z in first}) == 200
    for zaak in first:
        assert [a["Relatie"] for a in zaak["ZaakActor"]][0] == "Indiener"
        assert zaak["ZaakActor"][-1]["Relatie"] == "Voortouwcommissie"
        for besluit in zaak["Besluit"]:
            if besluit["Stemming"]:
                assert sum(s["FractieGrootte"] for s in besluit["Stemming"]) == 150
                voor = sum(s["FractieGrootte"] for s in besluit["Stemming"] if s["Soort"] == "Voor")
                assert (besluit["BesluitSoort"] == "Stemmen - aangenomen") == (voor > 75)
    api = [z["ApiGewijzigdOp"] for z in first]
    assert api == sorted(api)


def test_the_fixture_pages_are_what_the_fake_serves_for_the_same_query():
    pages = [json.loads((FIXTURES / f"zaak_page{i}.json").read_text()) for i in (1, 2, 3)]
    rows = [row for page in pages for row in page["value"]]
    assert len(rows) == 12
    assert [("@odata.nextLink" in page) for page in pages] == [True, True, False]

    with FakeOData(page_size=5) as server:
        server.add("Zaak", rows)
        with ODataClient(server.base_url) as client:
            served = list(client.pages("Zaak", filter="Soort eq 'Motie'", expand=ZAAK_EXPAND, orderby="ApiGewijzigdOp,Id"))
            bodies = [client.get_json(page.url) for page in served]
        as_real = [json.loads(json.dumps(body).replace(server.base_url, REAL_BASE)) for body in bodies]

    assert as_real == pages
    seed = {z["Nummer"]: z for z in rows}
    assert seed["2025Z07129"]["VervangenVanuit"][0]["Nummer"] == "2025Z06909"  # 35207-98 replaces 35207-88
    assert seed["2025Z06902"]["Document"][0]["HuidigeDocumentVersie"]["ExterneIdentifier"] == "kst-35207-83"
