"""API benchmark: 100,000 motions in PostgreSQL, p50/p95 and queries per request for the API's hot
endpoints, each beside the same SQL replayed through psycopg (the least-machinery baseline).

    .venv/bin/python bench/bench_api.py            # fills motietracker_bench_api once, then measures
    .venv/bin/python bench/bench_api.py --refill   # a fresh database first

The filler is its own (deterministic with --seed): COPY into every table the endpoints read, with
keys, dates, outcomes, statuses, submitters, votes, history, letters, citations and change-feed
events at realistic proportions. Requests go through Django's test client (the whole stack but the
socket); the baseline replays exactly the SQL each request ran, captured once.

Targets (issue 6): detail p50 ≤ 15 ms, list of 50 ≤ 40 ms, search ≤ 80 ms, change-feed page
≤ 20 ms and flat whatever the cursor's position.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motietracker_bench_api"

TOPICS = [
    "stikstof", "woningbouw", "huurwoningen", "lerarentekort", "jeugdzorg", "sancties", "energierekening", "mensenrechten",
    "asielinstroom", "openbaar vervoer", "cybersecurity", "boeren", "toeslagen", "defensie", "klimaatadaptatie", "zorgkosten",
    "Taiwan", "persvrijheid", "drinkwater", "grondstoffen", "armoede", "China", "Oekraïne", "digitalisering", "privacy",
]
WORDS = (
    "verzoekt de regering constaterende dat overwegende dat het kabinet onderzoek uitvoering beleid gemeenten provincies "
    "maatregelen financiering kosten burgers bedrijven Europese Unie samenwerking toezicht wetgeving rapportage Kamer "
    "informeren voor de zomer jaarlijks evaluatie effecten knelpunten oplossingen middelen budget regio veiligheid"
).split()
PARTIES = ["VVD", "PVV", "CDA", "D66", "SP", "GroenLinks-PvdA", "ChristenUnie", "SGP", "PvdD", "DENK", "FVD", "JA21", "Volt", "BBB", "NSC"]
SURNAMES = ["Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker"]
ROMAN = ["V", "VI", "VII", "VIII", "IX", "X", "XII", "XIII", "XIV", "XV", "XVI", "XVII"]


# --- Setup ---------------------------------------------------------------------------------------------------


def ensure_database(url: str, refill: bool) -> bool:
    """Create the bench database if needed (drop it first with --refill); True when it is new."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and refill:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            return True
    return False


def motion_count(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            return conn.execute("SELECT count(*) FROM motions_motion").fetchone()[0]
    except psycopg.Error:
        return 0


def setup_django(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key-benchmark-only-key-0123456789")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ["API_ANON_RATE"] = "100000000/minute"  # measuring the API, not the throttle
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    import django

    django.setup()


# --- The filler ---------------------------------------------------------------------------------------------------


def copy_rows(model, rows: list[dict]) -> None:
    """COPY rows into the model's table; missing fields get the model's defaults."""
    from django.db import connection, models

    # Without ids in the rows, the table's identity column numbers them.
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and rows and f.attname not in rows[0])]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    defaults = {f.attname: f.get_default() for f in fields if not f.primary_key}
    now = dt.datetime.now(dt.timezone.utc)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = []
                for f in fields:
                    if f.attname in row:
                        value = row[f.attname]
                    elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                        value = now
                    else:
                        value = defaults.get(f.attname)
                    if isinstance(f, models.JSONField):
                        value = json.dumps(value)
                    values.append(value)
                copy.write_row(values)


def vergaderjaar(day: dt.date) -> str:
    start = day.year if day >= dt.date(day.year, 9, 16) else day.year - 1
    return f"{start}-{start + 1}"


def fill(n_motions: int, seed: int) -> None:
    from django.db import connection, transaction

    from letters.models import Citation, Letter
    from motions.demo import ensure_ministries
    from motions.keys import format_key
    from motions.models import Dossier, Event, EventCounter, Kamerstuk, Member, Motion, Party, Sponsorship, StatusChange, Vote

    rng = random.Random(seed)
    started = time.perf_counter()

    def step(label: str) -> None:
        print(f"  {label:<40} {time.perf_counter() - started:6.1f} s", flush=True)

    with transaction.atomic():
        ministries = list(ensure_ministries().values())
        copy_rows(Party, [{"id": i + 1, "name": name, "abbreviation": name, "slug": name.lower().replace(" ", "-"), "seats": rng.randint(1, 30)} for i, name in enumerate(PARTIES)])
        members = []
        for i in range(1, 451):
            surname = rng.choice(SURNAMES)
            parts = surname.split(" ")
            members.append({"id": i, "initials": f"{chr(65 + i % 26)}.{chr(65 + (i * 7) % 26)}.", "tussenvoegsel": " ".join(parts[:-1]), "surname": parts[-1], "party_id": rng.randint(1, len(PARTIES)), "slug": f"lid-{i}"})
        copy_rows(Member, members)
        dossiers = []
        for i in range(1, 2501):
            toevoeging = rng.choice(ROMAN) if i % 10 == 0 else ""
            dossiers.append({"id": i, "number": 30000 + i, "toevoeging": toevoeging, "title": f"Dossier over {rng.choice(TOPICS)}"})
        copy_rows(Dossier, dossiers)
        step("parties, members, dossiers")

        first_day, span = dt.date(2008, 9, 16), (dt.date(2026, 6, 30) - dt.date(2008, 9, 16)).days
        next_number = {d["id"]: 0 for d in dossiers}
        papers, motions, sponsorships, votes = [], [], [], []
        outcomes = ["aangenomen"] * 45 + ["verworpen"] * 40 + ["ingetrokken"] * 5 + ["aangehouden"] * 5 + ["overgenomen"] * 5
        tracked: list[dict] = []
        for i in range(1, n_motions + 1):
            dossier = dossiers[rng.randrange(len(dossiers))]
            next_number[dossier["id"]] += 1
            number = next_number[dossier["id"]]
            day = first_day + dt.timedelta(days=rng.randrange(span))
            papers.append({"id": i, "dossier_id": dossier["id"], "number": str(number), "key": format_key(dossier["number"], dossier["toevoeging"], number), "kind": "motie", "kind_raw": "Motie", "date": day, "vergaderjaar": vergaderjaar(day)})
            outcome = rng.choice(outcomes)
            topic = rng.choice(TOPICS)
            text = " ".join(rng.choice(WORDS) for _ in range(60)) + f" over {topic}"
            vote_day = day + dt.timedelta(days=rng.randint(1, 14))
            motion = {"id": i, "kamerstuk_id": i, "title": f"Motie van het lid {rng.choice(SURNAMES)} over {topic}", "text": text, "submitted_on": day if i % 97 else None, "outcome": outcome, "vote_date": vote_day, "version": 1, "kabinetsappreciatie": rng.choice(["oordeel_kamer", "ontraden", ""])}
            if outcome in ("aangenomen", "overgenomen"):
                motion.update(status="open", ministry_id=rng.choice(ministries).pk, deadline=vote_day + dt.timedelta(days=90))
                tracked.append(motion)
            motions.append(motion)
            for order, member_id in enumerate(rng.sample(range(1, 451), rng.randint(1, 4))):
                sponsorships.append({"motion_id": i, "member_id": member_id, "role": "indiener" if order == 0 else "medeindiener", "order": order, "party_id": members[member_id - 1]["party_id"]})
            if outcome in ("aangenomen", "verworpen"):
                for party_id in rng.sample(range(1, len(PARTIES) + 1), 8):
                    votes.append({"motion_id": i, "party_id": party_id, "choice": rng.choice(["voor", "tegen"]), "seats": rng.randint(1, 30)})
        copy_rows(Kamerstuk, papers)
        step(f"{len(papers):,} kamerstukken")
        copy_rows(Motion, motions)  # the search trigger fills search_vector row by row
        step(f"{len(motions):,} motions (with search vectors)")
        copy_rows(Sponsorship, sponsorships)
        copy_rows(Vote, votes)
        step(f"{len(sponsorships):,} sponsorships, {len(votes):,} votes")

        # Letters with citations (responses) to adopted motions.
        letters, citations = [], []
        for i in range(1, 3001):
            letters.append({"id": i, "title": f"Kamerbrief over {rng.choice(TOPICS)}", "date": first_day + dt.timedelta(days=rng.randrange(span)), "sha256": f"{i:064x}", "file": f"letters/bench/{i}.txt", "state": "done", "format": "text", "ministry_id": rng.choice(ministries).pk})
        copy_rows(Letter, letters)
        for i in range(1, 25001):
            motion = rng.choice(tracked)
            citations.append({"id": i, "letter_id": rng.randint(1, len(letters)), "start": i * 10, "end": i * 10 + 8, "raw": "motie", "kind": "motie", "target": "motion", "key": papers[motion["id"] - 1]["key"], "kamerstuk_id": motion["id"], "excerpt": "Conform de motie is het beleid aangepast.", "review": rng.choice(["suggested", "confirmed", "rejected"])})
        copy_rows(Citation, citations)
        step(f"{len(letters):,} letters, {len(citations):,} citations")

        # History: every tracked motion starts open; some move on. One event per change, plus
        # one per citation (a suggested response), numbered in time order as commits would be.
        changes, events = [], []
        flow = ["in_uitvoering", "deels_afgedaan", "afgedaan"]
        change_id = 0
        for motion in tracked:
            at = dt.datetime.combine(motion["vote_date"], dt.time(12), tzinfo=dt.timezone.utc)
            status = "open"
            steps = [("", "open")] + [(a, b) for a, b in zip(["open"] + flow, flow)][: rng.choice([0, 0, 1, 1, 2, 3])]
            for old, new in steps:
                change_id += 1
                at += dt.timedelta(days=rng.randint(1, 60))
                changes.append({"id": change_id, "motion_id": motion["id"], "old_status": old, "new_status": new, "at": at, "reason": "bench"})
                events.append({"kind": "status_changed", "at": at, "motion_id": motion["id"], "status_change_id": change_id, "payload": {"key": papers[motion["id"] - 1]["key"], "old": old, "new": new}})
                status = new
            motion["status"] = status
        for c in citations:
            events.append({"kind": "response_added", "at": dt.datetime.combine(letters[c["letter_id"] - 1]["date"], dt.time(9), tzinfo=dt.timezone.utc), "motion_id": c["kamerstuk_id"], "citation_id": c["id"], "letter_id": c["letter_id"], "payload": {"key": c["key"]}})
        events.sort(key=lambda e: e["at"])
        for seq, event in enumerate(events, start=1):
            event["id"] = event["seq"] = seq
        copy_rows(StatusChange, changes)
        copy_rows(Event, events)
        with connection.cursor() as cursor:
            # Statuses as the history left them (a temp table and one UPDATE beats 50,000).
            cursor.execute("CREATE TEMP TABLE bench_status (id bigint, status text) ON COMMIT DROP")
            with cursor.cursor.copy("COPY bench_status FROM STDIN") as copy:
                for motion in tracked:
                    copy.write_row((motion["id"], motion["status"]))
            cursor.execute("UPDATE motions_motion m SET status = b.status FROM bench_status b WHERE m.id = b.id AND m.status <> b.status")
        EventCounter.objects.update_or_create(name="events", defaults={"value": len(events)})
        step(f"{len(changes):,} status changes, {len(events):,} events")

        with connection.cursor() as cursor:
            for model in (Party, Member, Dossier, Kamerstuk, Motion, Sponsorship, Vote, Letter, Citation, StatusChange, Event):
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    step("sequences, VACUUM ANALYZE")


# --- Measuring -------------------------------------------------------------------------------------------------------


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(urls: list[str], repeat: int) -> tuple[list[float], int, list[str]]:
    """Time the requests (cycling through ``urls``); count queries and capture the SQL of the first."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(urls[0])
    assert response.status_code == 200, (urls[0], response.status_code, response.content[:300])
    sql = [q["sql"] for q in ctx.captured_queries]
    for url in urls[:5]:
        client.get(url)  # warm up
    samples = []
    for i in range(repeat):
        url = urls[i % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return samples, len(sql), sql


PREPARED = False


def measure_raw(url: str, sql: list[str], repeat: int) -> list[float]:
    """The same statements through a bare psycopg connection: no ORM, no serializer, no HTTP."""
    import psycopg

    samples = []
    # prepare_threshold=None: plan every time, as Django's client-side binding does; otherwise
    # psycopg would prepare the repeated statements and the baseline would skip planning.
    with psycopg.connect(url, autocommit=True, prepare_threshold=2 if PREPARED else None) as conn:
        sql = [q for q in sql if q.lstrip().upper().startswith(("SELECT", "WITH"))]  # the reads
        for _ in range(5):
            for statement in sql:
                conn.execute(statement).fetchall()
        for _ in range(repeat):
            started = time.perf_counter()
            for statement in sql:
                conn.execute(statement).fetchall()
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    global PREPARED
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_API_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--motions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--refill", action="store_true", help="drop and refill the bench database")
    parser.add_argument("--prepared", action="store_true", help="let Django use server-side binding with prepared statements (to see what planning costs)")
    args = parser.parse_args()

    fresh = ensure_database(args.database_url, args.refill)
    if not fresh and motion_count(args.database_url) < args.motions:
        fresh = ensure_database(args.database_url, True)  # a half-filled database from an interrupted run
    setup_django(args.database_url)
    from django.conf import settings as django_settings
    from django.core.management import call_command


    PREPARED = args.prepared
    if args.prepared:
        django_settings.DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)

    from motions.events import last_seq
    from motions.models import Motion
    from common.http import encode_seq

    call_command("migrate", verbosity=0)
    if fresh:
        print(f"Filling {args.database_url.rsplit('/', 1)[1]} with {args.motions:,} motions (seed {args.seed}) …")
        fill(args.motions, args.seed)
    from motions.models import ReadRow

    if ReadRow.objects.filter(kind="motion").count() < Motion.objects.count():
        call_command("rebuild_read_model", stdout=sys.stderr)  # the bulk fill writes no events

    total = Motion.objects.count()
    top = last_seq()
    rng = random.Random(args.seed)
    keys = [m for m in Motion.objects.filter(outcome="aangenomen").order_by("?").values_list("kamerstuk__key", flat=True)[:200]]
    rng.shuffle(keys)
    ministry = "buitenlandse-zaken"
    cases = [
        ("detail", [f"/api/v1/motions/{k}/" for k in keys], 15),
        ("list of 50", ["/api/v1/motions/?page_size=50"], 40),
        ("list of 50, deep cursor", [_deep_cursor_url()], 40),
        ("filtered list of 50", [f"/api/v1/motions/?page_size=50&status=open&ministry={ministry}&outcome=aangenomen"], 40),
        ("filtered list, party + has_response", ["/api/v1/motions/?page_size=50&party=d66&has_response=true"], 40),
        ("search (q=stikstof)", ["/api/v1/motions/?page_size=50&q=stikstof"], 80),
        ("search, two words", ["/api/v1/motions/?page_size=50&q=stikstof%20boeren"], 80),
        ("change feed, start", ["/api/v1/changes/?limit=100"], 20),
        ("change feed, middle", [f"/api/v1/changes/?limit=100&since={encode_seq(top // 2)}"], 20),
        ("change feed, end", [f"/api/v1/changes/?limit=100&since={encode_seq(max(top - 100, 0))}"], 20),
    ]
    print(f"\n{total:,} motions, {top:,} events; {args.repeat} requests per row; times in ms (Django test client, in process)\n")
    header = f"{'endpoint':<38} {'p50':>7} {'p95':>7} {'queries':>7} {'raw p50':>8} {'ratio':>6} {'target':>7}"
    print(header)
    print("-" * len(header))
    failed = []
    for label, urls, target in cases:
        samples, queries, sql = measure(urls, args.repeat)
        raw = measure_raw(args.database_url, sql, args.repeat)
        p50, p95, raw50 = statistics.median(samples), percentile(samples, 0.95), statistics.median(raw)
        ok = p50 <= target
        failed += [] if ok else [label]
        print(f"{label:<38} {p50:7.1f} {p95:7.1f} {queries:7d} {raw50:8.2f} {p50 / raw50:5.1f}x {'≤' + str(target):>6} {'ok' if ok else 'SLOW'}")
    print("\nraw p50: the same SQL statements replayed through psycopg; ratio = API p50 / raw p50.")
    if failed:
        print("Over target: " + ", ".join(failed))
    return 1 if failed else 0


def _deep_cursor_url() -> str:
    """The first page's URL with a cursor near the end of the default order (the oldest motions)."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce

    from api.views import EARLY
    from motions.models import Motion
    from common.http import _encode

    position = Motion.objects.annotate(s=Coalesce("submitted_on", Value(EARLY))).order_by("s", "id").values("s", "id")[200]
    cursor = _encode({"o": "-submitted_on", "v": position["s"].isoformat(), "id": position["id"]})
    return f"/api/v1/motions/?page_size=50&cursor={cursor}"


if __name__ == "__main__":
    sys.exit(main())
