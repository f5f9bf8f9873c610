"""50 concurrent clients for 60 seconds against gunicorn on loopback: reads, status changes with
ETags and letter uploads — then zero 5xx and zero lost updates, or a non-zero exit.

    python bench/bench_reliability.py [--clients 50] [--seconds 60] [--database-url postgres://…/motietracker_rel]

The database is a separate one (default ``motietracker_rel``: created, migrated and filled with
``generate_data --motions 5000 --letters 1000 --seed 1`` when empty) so the writes disturb no other
benchmark. Celery runs eagerly (no broker): an uploaded letter is processed after its commit,
inside the request, which is the heaviest an upload can be.

Each client loops over a weighted mix: API motion detail (half of them conditional, If-None-Match
with the ETag it saw last: 304s), API list pages (filters, search), web pages, a status change
(GET the motion for its ETag and status, POST …/status/ with If-Match and a reason that names the
client and attempt) and a letter upload (POST /api/v1/letters/, a small text letter unique per
upload). The status changes all go to a pool of 25 tracked motions, so clients race for the same
rows and 412s are expected.

At the end: the StatusChange history of every pool motion written during the run must equal,
row for row and in order, the changes the clients were told succeeded (200, sorted by the version
each answer carried) — nothing lost, nothing extra, nothing doubled — and no answer may be a 5xx
or a transport error.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ROOT, p, setup_django  # noqa: E402

REL_DB = os.environ.get("REL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/motietracker_rel")
POOL = 25
WEIGHTS = {"api_detail": 30, "api_list": 15, "page": 15, "status_change": 30, "upload": 10}
SEARCHES = ["sancties", '"klimaat" -kolen', "onderwijs", "stikstof & | !", "wonen"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(database_url: str) -> tuple[str, list[str], str]:
    """Migrate and fill the database if needed; a coordinator with a fresh token; the motion pool."""
    setup_django(database_url)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from motions.models import Motion, StaffProfile
    from tracker.models import ApiToken

    call_command("migrate", verbosity=0)
    if Motion.objects.count() < 1000:
        call_command("generate_data", motions=5000, letters=1000, seed=1)
    user, _ = get_user_model().objects.get_or_create(username="bench-reliability", defaults={"email": "bench@example.org", "is_staff": True})
    StaffProfile.objects.update_or_create(user=user, defaults={"role": "coordinator", "ministry": None})
    _, secret = ApiToken.issue(user, name="bench_reliability")
    keys = list(Motion.objects.tracked().order_by("id").values_list("kamerstuk__key", flat=True)[:POOL])
    if len(keys) < POOL:
        raise SystemExit(f"only {len(keys)} tracked motions in the database")
    run = uuid.uuid4().hex[:8]
    return secret, keys, run


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    codes: Counter = field(default_factory=Counter)
    by_kind: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    successes: dict[str, list[tuple[int, str, str]]] = field(default_factory=lambda: defaultdict(list))  # key → (version, status, reason)
    errors: list[str] = field(default_factory=list)
    five_xx: list[str] = field(default_factory=list)

    def note(self, kind: str, started: float, response) -> None:
        self.latencies[kind].append((time.perf_counter() - started) * 1000)
        code = response.status_code
        self.codes[code] += 1
        self.by_kind[kind][code] += 1
        if code >= 500:
            self.five_xx.append(f"{kind} {response.request.method} {response.request.url} → {code}: {response.text[:200]}")


async def client_loop(n: int, base: str, token: str, keys: list[str], run: str, deadline: float, results: Results, transitions: dict[str, set[str]]) -> None:
    import httpx

    rng = random.Random(f"{run}-{n}")
    kinds, weights = zip(*WEIGHTS.items())
    etags: dict[str, str] = {}
    auth = {"Authorization": f"Bearer {token}"}
    attempt = 0
    async with httpx.AsyncClient(base_url=base, timeout=60, headers={"Accept": "application/json"}) as http:
        while time.perf_counter() < deadline:
            kind = rng.choices(kinds, weights)[0]
            key = rng.choice(keys)
            started = time.perf_counter()
            try:
                if kind == "api_detail":
                    headers = {"If-None-Match": etags[key]} if key in etags and rng.random() < 0.5 else {}
                    response = await http.get(f"/api/v1/motions/{key}/", headers=headers)
                    if response.status_code == 200:
                        etags[key] = response.headers["ETag"]
                    results.note(kind, started, response)
                elif kind == "api_list":
                    params = rng.choice([{"status": "open"}, {"status": "afgedaan", "ordering": "-vote_date"}, {"q": rng.choice(SEARCHES)}, {"overdue": "true"}, {}])
                    results.note(kind, started, await http.get("/api/v1/motions/", params=params))
                elif kind == "page":
                    path = rng.choice([f"/moties/{key}/", "/moties/?q=" + rng.choice(SEARCHES), "/", "/brieven/"])
                    results.note(kind, started, await http.get(path, headers={"Accept": "text/html"}))
                elif kind == "status_change":
                    read = await http.get(f"/api/v1/motions/{key}/")
                    results.note("status_read", started, read)
                    if read.status_code != 200:
                        continue
                    body = read.json()
                    to = rng.choice(sorted(transitions[body["status"]]))
                    attempt += 1
                    reason = f"bench-rel {run} c{n} a{attempt}"
                    started = time.perf_counter()
                    response = await http.post(f"/api/v1/motions/{key}/status/", json={"status": to, "reason": reason}, headers={**auth, "If-Match": read.headers["ETag"]})
                    results.note("status_post", started, response)
                    if response.status_code == 200:
                        results.successes[key].append((response.json()["version"], to, reason))
                        etags[key] = response.headers["ETag"]
                elif kind == "upload":
                    attempt += 1
                    text = (
                        f"Brief {run}-{n}-{attempt}\n\nDatum: 3 oktober 2025\n\nGeachte voorzitter,\n\n"
                        f"Met deze brief reageer ik op de motie (Kamerstuk {key}). De motie is uitgevoerd.\n\n"
                        "De minister van Buitenlandse Zaken,\n"
                    ).encode()
                    files = {"file": (f"brief-{n}-{attempt}.txt", text, "text/plain")}
                    response = await http.post("/api/v1/letters/", files=files, data={"title": f"Bench {run} {n} {attempt}"}, headers=auth)
                    results.note(kind, started, response)
            except httpx.HTTPError as exc:
                results.errors.append(f"{kind}: {type(exc).__name__}: {exc}")


def verify(keys: list[str], run: str, results: Results) -> list[str]:
    """The history written in this run, per motion, against what the clients were told."""
    from motions.models import Motion, StatusChange

    problems = []
    for key in keys:
        motion = Motion.objects.by_key(key).get()
        rows = list(StatusChange.objects.filter(motion=motion, reason__startswith=f"bench-rel {run} ").order_by("id").values_list("new_status", "reason"))
        told = sorted(results.successes.get(key, []))
        versions = [v for v, _, _ in told]
        if len(set(versions)) != len(versions):
            problems.append(f"{key}: two successes with the same version {versions}")
        if rows != [(status, reason) for _, status, reason in told]:
            problems.append(f"{key}: history {rows[:5]}… ({len(rows)} rows) ≠ what the clients were told ({len(told)} successes)")
        if told and motion.version < versions[-1]:
            problems.append(f"{key}: the motion is at version {motion.version}, a client was told {versions[-1]}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (gthread)")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--database-url", default=REL_DB)
    args = parser.parse_args()

    token, keys, run = prepare(args.database_url)
    from motions.services import TRANSITIONS

    transitions = {str(k): {str(v) for v in vs} for k, vs in TRANSITIONS.items()}
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}  # eager: no broker
    env.update(
        DATABASE_URL=args.database_url, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50),  # a throwaway key per run
        ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0", API_ANON_RATE="100000000/minute",
        API_USER_RATE="100000000/minute", LOG_LEVEL="WARNING", MEDIA_ROOT=str(ROOT / "var" / "bench-reliability-media"),
    )
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tracker.wsgi:application", "--worker-class", "gthread", "--workers", str(args.workers),
         "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120", "--backlog", "256"],
        cwd=ROOT, env=env,
    )
    results = Results()
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        base = f"http://127.0.0.1:{port}"

        async def run_all() -> float:
            started = time.perf_counter()
            deadline = started + args.seconds
            await asyncio.gather(*(client_loop(n, base, token, keys, run, deadline, results, transitions) for n in range(args.clients)))
            return time.perf_counter() - started

        elapsed = asyncio.run(run_all())
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    problems = verify(keys, run, results)
    total = sum(results.codes.values())
    lines = [f"reliability: {args.clients} clients, {elapsed:.1f} s, gunicorn {args.workers} workers × {args.threads} threads, run {run}"]
    lines.append(f"reliability: {total} requests, {total / elapsed:.1f} req/s")
    for kind in ("api_detail", "api_list", "page", "status_read", "status_post", "upload"):
        samples = results.latencies.get(kind)
        if samples:
            codes = ", ".join(f"{c}×{k}" for k, c in sorted(results.by_kind[kind].items()))
            lines.append(f"reliability: {kind:<12} {len(samples):>6} req  p50 {p(samples, 0.5):>8.1f} ms  p95 {p(samples, 0.95):>8.1f} ms  [{codes}]")
    classes = Counter()
    for code, count in results.codes.items():
        classes["2xx" if 200 <= code < 300 else "304" if code == 304 else "412" if code == 412 else "4xx" if 400 <= code < 500 else "5xx" if code >= 500 else "3xx"] += count
    lines.append("reliability: " + "  ".join(f"{name} {classes.get(name, 0)}" for name in ("2xx", "304", "412", "4xx", "5xx", "3xx")) + f"  transport errors {len(results.errors)}")
    changed = sum(len(v) for v in results.successes.values())
    lines.append(f"reliability: {changed} status changes succeeded on {len(results.successes)} motions; {results.by_kind['status_post'].get(412, 0)} refused as stale (412)")
    lines.append(f"reliability: lost or extra updates: {len(problems)}")
    for line in lines:
        print(line)
    for line in (results.five_xx + results.errors + problems)[:20]:
        print("  !", line)
    return 1 if (results.five_xx or results.errors or problems or classes.get("4xx")) else 0


if __name__ == "__main__":
    sys.exit(main())
