"""A realistic, deterministic data set at full scale, for benchmarks and load tests.

``generate(motions=100_000, letters=20_000, seed=1)`` writes dossiers with toevoegingen, parties and
members over time, motions with submitters, votes per party, outcomes in realistic proportions,
implementation histories with change-feed events, letters with citations and excerpts, and
commitments. Rows are written with COPY on PostgreSQL (executemany on SQLite) and primary keys
assigned here, so 100,000 motions take minutes, not hours. Same seed, same data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sys
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import cast
from pathlib import Path

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction

from letters.models import Citation, Letter, refresh_answered_on
from motions.demo import ensure_ministries
from motions.keys import format_key
from motions.models import (
    Commitment,
    Dossier,
    Event,
    EventCounter,
    Kamerstuk,
    Member,
    Motion,
    Party,
    Sponsorship,
    StatusChange,
    Vote,
)

UTC = dt.timezone.utc
FIRST_YEAR = 2008
LAST_DAY = dt.date(2026, 6, 30)

# Parties with seats, and the years they sat (roughly); the generator seats 150 members at any time.
PARTIES = [
    ("VVD", "Volkspartij voor Vrijheid en Democratie", 2008, 2026, 24),
    ("PVV", "Partij voor de Vrijheid", 2008, 2026, 30),
    ("CDA", "Christen-Democratisch Appèl", 2008, 2026, 12),
    ("D66", "Democraten 66", 2008, 2026, 14),
    ("SP", "Socialistische Partij", 2008, 2026, 9),
    ("PvdA", "Partij van de Arbeid", 2008, 2023, 20),
    ("GroenLinks", "GroenLinks", 2008, 2023, 8),
    ("GroenLinks-PvdA", "GroenLinks-PvdA", 2023, 2026, 25),
    ("ChristenUnie", "ChristenUnie", 2008, 2026, 5),
    ("SGP", "Staatkundig Gereformeerde Partij", 2008, 2026, 3),
    ("PvdD", "Partij voor de Dieren", 2008, 2026, 4),
    ("50PLUS", "50PLUS", 2012, 2021, 2),
    ("DENK", "DENK", 2014, 2026, 3),
    ("FVD", "Forum voor Democratie", 2017, 2026, 3),
    ("JA21", "JA21", 2021, 2026, 2),
    ("Volt", "Volt", 2021, 2026, 2),
    ("BBB", "BoerBurgerBeweging", 2021, 2026, 7),
    ("NSC", "Nieuw Sociaal Contract", 2023, 2026, 20),
]
SURNAMES = [
    "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
    "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel",
    "van der Veen", "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek",
    "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "van der Wal",
    "Prins", "Blom", "Huisman", "Peeters", "de Jong", "van Dijk", "Kramer", "van Wijk", "Postma", "Kuipers",
]
TOPICS = [
    "de Chinese invloed op kritieke infrastructuur", "betaalbare huurwoningen", "de stikstofaanpak", "het lerarentekort",
    "wachtlijsten in de jeugdzorg", "sancties tegen Rusland", "de energierekening", "mensenrechten in Xinjiang",
    "de veiligheid van elektrische voertuigen", "de asielinstroom", "het openbaar vervoer in de regio", "cybersecurity",
    "de positie van boeren", "de toeslagenaffaire", "de NAVO-norm", "klimaatadaptatie", "de zorgkosten", "Taiwan",
    "persvrijheid", "de inzet in de EU", "drinkwater", "de grondstoffenstrategie", "armoede onder kinderen",
    "het minimumloon", "de Groningse gaswinning", "desinformatie", "de digitale overheid", "defensie-uitgaven",
    "ontwikkelingssamenwerking", "de rechtsstaat", "politiecapaciteit", "de mestmarkt", "de verduurzaming van woningen",
]
REQUESTS = [
    "verzoekt de regering {t} met voorrang aan te pakken", "verzoekt het kabinet in EU-verband te pleiten voor {t}",
    "verzoekt de regering de Kamer voor de zomer te informeren over {t}", "verzoekt de regering een plan van aanpak te maken voor {t}",
    "verzoekt het kabinet geen onomkeerbare stappen te zetten inzake {t}", "verzoekt de regering onderzoek te doen naar {t}",
]
CHAPTERS = ["V", "VI", "VII", "VIII", "IX", "X", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "A", "B"]
OUTCOMES = [("aangenomen", 0.43), ("verworpen", 0.49), ("ingetrokken", 0.03), ("aangehouden", 0.03), ("overgenomen", 0.01), ("ingediend", 0.01)]
APPRECIATIES = [("oordeel_kamer", "Oordeel Kamer", 0.4), ("ontraden", "Ontraden", 0.4), ("ontijdig", "Ontijdig", 0.05), ("overbodig", "Overbodig", 0.05), ("ontraden_tenzij_gewijzigd", "Ontraden, tenzij gewijzigd", 0.05), ("", "", 0.05)]
ACTIONS = [
    ("zet het kabinet zich in voor", "in_uitvoering"), ("is uitvoering gegeven aan", "afgedaan"), ("wordt meegenomen in de uitwerking van", "in_uitvoering"),
    ("beschouw ik als afgedaan", "afgedaan"), ("acht het kabinet onwenselijk", "niet_uitgevoerd"), ("zal uw Kamer voor de zomer worden geïnformeerd over", "in_uitvoering"),
]


def _pick(rng: random.Random, weighted: Sequence[tuple]) -> tuple:
    r, acc = rng.random(), 0.0
    for item in weighted:
        acc += item[-1]
        if r <= acc:
            return item
    return weighted[-1]


def vergaderjaar(day: dt.date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def spaced(dossier: int) -> str:
    """35207 → '35 207', as letters write dossier numbers."""
    text = str(dossier)
    return f"{text[:-3]} {text[-3:]}" if len(text) > 3 else text


class Writer:
    """Fast inserts with primary keys assigned here: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self) -> None:
        self.next_ids: dict[type[models.Model], int] = {}

    def ids(self, model: type[models.Model], n: int) -> range:
        if model not in self.next_ids:
            self.next_ids[model] = (model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        first = self.next_ids[model]
        self.next_ids[model] = first + n
        return range(first, first + n)

    def write(self, model: type[models.Model], rows: Iterable[dict]) -> int:
        fields = [f for f in model._meta.concrete_fields]
        columns = cast(list[str], [f.column for f in fields])  # a concrete field always has a column
        names = [f.attname for f in fields]
        # A column the caller does not mention gets the model's default, so new fields need no edit here.
        defaults = {f.attname: f.get_default() for f in fields}
        rows = ({**defaults, **row} for row in rows)
        table = model._meta.db_table
        count = 0
        if connection.vendor == "postgresql":
            cols = ", ".join(connection.ops.quote_name(c) for c in columns)
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([_db(row.get(n)) for n in names])
                        count += 1
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({', '.join(connection.ops.quote_name(c) for c in columns)}) VALUES ({placeholders})"
            batch: list[list] = []
            with connection.cursor() as cursor:
                for row in rows:
                    batch.append([_db(row.get(n)) for n in names])
                    if len(batch) >= 5000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        return count

    def reset_sequences(self, models_: Sequence[type[models.Model]]) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(models_)):
                cursor.execute(sql)


def _db(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, uuid.UUID) and connection.vendor != "postgresql":
        return value.hex
    return value


class Progress:
    def __init__(self, label: str, total: int, out=sys.stderr) -> None:
        self.label, self.total, self.out = label, max(total, 1), out
        self.started = time.monotonic()
        self.last = 0.0

    def update(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < 1.0 and done < self.total:
            return
        self.last = now
        width = 30
        filled = int(width * done / self.total)
        elapsed = now - self.started
        rate = done / elapsed if elapsed else 0
        self.out.write(f"\r{self.label:<12} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}/{self.total:,} {rate:,.0f}/s {elapsed:6.1f}s")
        if done >= self.total:
            self.out.write("\n")
        self.out.flush()


def _ts(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.randint(8, 20), rng.randint(0, 59), tzinfo=UTC)


def generate(*, motions: int, letters: int, seed: int = 1, out=sys.stderr) -> dict[str, int]:
    rng = random.Random(seed)
    writer = Writer()
    counts: dict[str, int] = {}
    ministries = list(ensure_ministries().values())
    span_days = (LAST_DAY - dt.date(FIRST_YEAR, 1, 1)).days

    with transaction.atomic():
        # Parties and members: ~40 members per party over the years, each tied to one party.
        party_ids = writer.ids(Party, len(PARTIES))
        existing = set(Party.objects.values_list("abbreviation", flat=True))
        parties = []
        for pid, (abbr, name, first, last, seats) in zip(party_ids, PARTIES):
            if abbr in existing:
                continue
            parties.append({"id": pid, "name": name, "abbreviation": abbr, "slug": f"gen-{abbr.lower()}", "source_id": None, "seats": seats})
        writer.write(Party, parties)
        party_by_abbr = {p.abbreviation: p for p in Party.objects.all()}
        members: list[tuple[int, str, int, int, int]] = []  # id, display name, party id, first, last
        member_rows = []
        member_ids = iter(writer.ids(Member, len(PARTIES) * 40))
        for abbr, _name, first, last, seats in PARTIES:
            for i in range(max(seats * 2, 10)):
                mid = next(member_ids, None)
                if mid is None:
                    break
                surname = SURNAMES[(i * 7 + len(abbr)) % len(SURNAMES)]
                parts = surname.split()
                tussen, last_name = " ".join(parts[:-1]), parts[-1]
                initials = "".join(f"{rng.choice('ABCDEFGHIJKLMNOPRSTW')}." for _ in range(rng.randint(1, 3)))
                start = rng.randint(first, max(first, last - 2))
                member_rows.append({
                    "id": mid, "initials": initials, "first_name": "", "tussenvoegsel": tussen, "surname": last_name,
                    "party_id": party_by_abbr[abbr].pk, "slug": f"gen-{mid}-{last_name.lower()}", "source_id": None,
                })
                display = (tussen[:1].upper() + tussen[1:] + " " + last_name) if tussen else last_name
                members.append((mid, display, party_by_abbr[abbr].pk, start, min(last, start + rng.randint(2, 12))))
        counts["members"] = writer.write(Member, member_rows)

        # Dossiers: plain numbers, budget chapters (36600-V) and sub-dossiers (21501-20).
        n_dossiers = max(motions // 12, 10)
        dossier_rows, dossiers = [], []
        for did, i in zip(writer.ids(Dossier, n_dossiers), range(n_dossiers)):
            number = 40000 + i // 3 if i % 3 else 20000 + i
            toevoeging = CHAPTERS[i % len(CHAPTERS)] if i % 7 == 0 else (str(10 + i % 30) if i % 11 == 0 else "")
            if i % 3 and not toevoeging:
                toevoeging = CHAPTERS[(i // 3) % len(CHAPTERS)]
            dossier_rows.append({"id": did, "number": number, "toevoeging": toevoeging, "title": f"Dossier over {TOPICS[i % len(TOPICS)]}", "closed": False, "source_id": None})
            dossiers.append((did, number, toevoeging))
        # Some generated numbers collide with existing dossiers (demo data): drop those.
        taken = set(Dossier.objects.values_list("number", "toevoeging"))
        seen: set[tuple[int, str]] = set()
        unique_rows, unique_dossiers = [], []
        for row, d in zip(dossier_rows, dossiers):
            key = (d[1], d[2])
            if key in taken or key in seen:
                continue
            seen.add(key)
            unique_rows.append(row)
            unique_dossiers.append(d)
        counts["dossiers"] = writer.write(Dossier, unique_rows)
        dossiers = unique_dossiers
        next_number = {d[0]: 1 for d in dossiers}

        # Motions with their papers, submitters, votes, history and events.
        progress = Progress("motions", motions, out)
        paper_ids = iter(writer.ids(Kamerstuk, motions + letters))
        motion_ids = iter(writer.ids(Motion, motions))
        adopted: list[tuple[int, int, str, int, str, dt.date]] = []  # motion id, paper id, key, ministry, submitter, vote date
        sponsorship_rows, vote_rows, change_rows, events = [], [], [], []
        sp_ids = iter(writer.ids(Sponsorship, motions * 4))
        vote_ids = iter(writer.ids(Vote, motions * len(PARTIES)))
        sc_ids = iter(writer.ids(StatusChange, motions * 3))
        now = dt.datetime(2026, 7, 1, tzinfo=UTC)

        def motion_rows():
            for i in range(motions):
                mid, pid = next(motion_ids), next(paper_ids)
                did, number, toevoeging = dossiers[rng.randrange(len(dossiers))]
                nr = next_number[did]
                next_number[did] += 1
                key = format_key(number, toevoeging, nr)
                day = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=int(span_days * (i + rng.random()) / motions))
                year = day.year
                alive = [m for m in members[rng.randrange(len(members)) :: 37] if m[3] <= year <= m[4]] or [members[i % len(members)]]
                submitters = rng.sample(alive, k=min(len(alive), rng.choice((1, 1, 2, 2, 3, 4))))
                topic = rng.choice(TOPICS)
                first = submitters[0][1]
                title = f"Motie van het lid {first}{' c.s.' if len(submitters) > 1 else ''} over {topic}"
                text = (
                    "De Kamer,\n\ngehoord de beraadslaging,\n\nconstaterende dat " + topic + " de aandacht van het kabinet vraagt;\n\n"
                    + rng.choice(REQUESTS).format(t=topic) + ",\n\nen gaat over tot de orde van de dag."
                )
                outcome = _pick(rng, OUTCOMES)[0]
                app_value, app_raw, _ = _pick(rng, APPRECIATIES)
                vote_date = day + dt.timedelta(days=rng.randint(2, 9)) if outcome not in ("ingediend", "aangehouden") else None
                tracked = outcome in ("aangenomen", "overgenomen")
                ministry = ministries[rng.randrange(len(ministries))].pk if tracked else None
                deadline = vote_date + dt.timedelta(days=settings.MOTION_DEFAULT_DEADLINE_DAYS) if tracked and vote_date else None
                status, version = "", 1
                created = _ts(day, rng)
                if tracked:
                    # A history: open, then most move on; older motions are more often finished.
                    path = ["open"]
                    age = (LAST_DAY - day).days
                    if rng.random() < min(0.9, age / 1500 + 0.3):
                        path.append("in_uitvoering")
                        if rng.random() < min(0.85, age / 2000 + 0.2):
                            path.append(rng.choice(["afgedaan", "afgedaan", "afgedaan", "deels_afgedaan", "niet_uitgevoerd"]))
                    previous, at = "", _ts(vote_date or day, rng)
                    for step in path:
                        scid = next(sc_ids)
                        change_rows.append({"id": scid, "motion_id": mid, "commitment_id": None, "old_status": previous, "new_status": step, "by_id": None, "at": at, "reason": "" if step != "niet_uitgevoerd" else "Het kabinet acht uitvoering onwenselijk.", "citation_id": None, "deadline": None})
                        events.append(("status_changed", at, mid, scid, {"key": key, "old": previous, "new": step}))
                        previous = step
                        at = at + dt.timedelta(days=rng.randint(20, 400))
                    status, version = previous, len(path)
                    adopted.append((mid, pid, key, ministry, first, vote_date or day))
                events.append(("motion_created", created, mid, None, {"key": key, "title": title[:200]}))
                if vote_date:
                    events.append(("vote_recorded", _ts(vote_date, rng), mid, None, {"key": key, "outcome": outcome}))
                for order, (member_id, _name, party_id, _f, _l) in enumerate(submitters):
                    sponsorship_rows.append({"id": next(sp_ids), "motion_id": mid, "member_id": member_id, "role": "indiener" if order == 0 else "medeindiener", "order": order, "party_id": party_id})
                if vote_date:
                    sitting = [(abbr, seats) for abbr, _n, f, l, seats in PARTIES if f <= vote_date.year <= l]
                    for_share = 0.7 if outcome in ("aangenomen", "overgenomen") else 0.3
                    for abbr, seats in sitting:
                        choice = "voor" if rng.random() < for_share else ("tegen" if rng.random() < 0.97 else "niet_deelgenomen")
                        vote_rows.append({"id": next(vote_ids), "motion_id": mid, "party_id": party_by_abbr[abbr].pk, "member_id": None, "choice": choice, "seats": seats, "mistake": rng.random() < 0.002, "source_id": None})
                yield "paper", {
                    "id": pid, "dossier_id": did, "number": str(nr), "key": key, "kind": "motie", "kind_raw": "Motie", "title": title, "date": day,
                    "vergaderjaar": vergaderjaar(day), "document_number": f"{year}D{i:05d}", "source_id": None, "is_placeholder": False,
                    "created_at": created, "updated_at": created,
                }
                yield "motion", {
                    "id": mid, "kamerstuk_id": pid, "title": title, "text": text, "submitted_on": day, "outcome": outcome,
                    "outcome_raw": f"Stemmen - {outcome}" if vote_date else "", "outcome_note": "", "kabinetsappreciatie": app_value,
                    "kabinetsappreciatie_raw": app_raw, "vote_date": vote_date, "ministry_id": ministry, "status": status, "deadline": deadline,
                    "owner_id": None, "version": version, "zaak_id": uuid.UUID(int=rng.getrandbits(128)), "zaak_number": f"{year}Z{i:05d}",
                    "replaces_id": None, "withdrawn": False, "search_vector": None, "created_at": created, "updated_at": max(created, now - dt.timedelta(days=rng.randint(0, 3000))),
                }
                progress.update(i + 1)

        papers_buf: list[dict] = []
        motions_buf: list[dict] = []
        for kind, row in motion_rows():
            (papers_buf if kind == "paper" else motions_buf).append(row)
            if len(motions_buf) >= 10_000:
                writer.write(Kamerstuk, papers_buf)
                writer.write(Motion, motions_buf)
                papers_buf, motions_buf = [], []
        writer.write(Kamerstuk, papers_buf)
        writer.write(Motion, motions_buf)
        counts["motions"] = motions
        counts["sponsorships"] = writer.write(Sponsorship, sponsorship_rows)
        vprogress = Progress("votes", len(vote_rows), out)
        for start in range(0, len(vote_rows), 100_000):
            writer.write(Vote, vote_rows[start : start + 100_000])
            vprogress.update(min(start + 100_000, len(vote_rows)))
        counts["votes"] = len(vote_rows)
        counts["status_changes"] = writer.write(StatusChange, change_rows)

        # Letters from ministries, each answering several adopted motions of that ministry.
        by_ministry: dict[int, list] = {}
        for item in adopted:
            by_ministry.setdefault(item[3], []).append(item)
        lprogress = Progress("letters", letters, out)
        letter_ids = iter(writer.ids(Letter, letters))
        citation_ids = iter(writer.ids(Citation, letters * 8))
        letter_rows, citation_rows = [], []
        media = Path(settings.MEDIA_ROOT) / "letters" / "generated"
        media.mkdir(parents=True, exist_ok=True)
        ministry_names = {m.pk: m.name for m in ministries}
        pool = [m for m in ministries if by_ministry.get(m.pk)]
        for n in range(letters):
            lid = next(letter_ids)
            ministry = pool[rng.randrange(len(pool))]
            candidates = by_ministry[ministry.pk]
            cited = rng.sample(candidates, k=min(len(candidates), rng.randint(2, 6)))
            day = min(max(c[5] for c in cited) + dt.timedelta(days=rng.randint(30, 400)), LAST_DAY)
            paragraphs, spans = ["Geachte voorzitter,"], []
            offset = len(paragraphs[0]) + 2
            for mid, pid, key, _m, first, _d in cited:
                parts = key.split("-")
                dossier, number = parts[0], parts[-1]
                toevoeging = parts[1] if len(parts) == 3 else ""
                citation = f"{spaced(int(dossier))}{' ' + toevoeging if toevoeging else ''}, nr. {number}"
                action, _status = rng.choice(ACTIONS)
                sentence = f"Conform de motie {citation} van het lid {first} c.s. {action} {rng.choice(TOPICS)}."
                start = offset + sentence.index(citation)
                spans.append((mid, pid, key, citation, start, start + len(citation), sentence, offset))
                filler = " Het kabinet blijft hierover met de betrokken partijen in gesprek."
                paragraphs.append(sentence + filler)
                offset += len(sentence) + len(filler) + 2
            paragraphs.append(f"De minister van {ministry_names[ministry.pk]},\n\nA.B. Voorbeeld")
            text = "\n\n".join(paragraphs)
            digest = hashlib.sha256(f"{seed}:{n}:{text}".encode()).hexdigest()
            (media / f"{lid}.txt").write_text(text, encoding="utf-8")
            processed = _ts(day, rng)
            letter_rows.append({
                "id": lid, "title": f"Voortgang moties {ministry_names[ministry.pk]} {day:%B %Y}", "date": day,
                "sender_function": f"De minister van {ministry_names[ministry.pk]}", "sender_name": "A.B. Voorbeeld", "ministry_id": ministry.pk,
                "kamerstuk_id": None, "file": f"letters/generated/{lid}.txt", "original_filename": f"brief-{lid}.txt", "size": len(text.encode()),
                "sha256": digest, "format": "text", "text": text, "structure": {"body_end": len(text), "paragraphs": [], "headings": [], "footnotes": []},
                "state": "done", "error": "", "attempts": 1, "uploaded_by_id": None, "uploaded_at": processed, "processed_at": processed, "updated_at": processed,
            })
            for mid, pid, key, raw, start, end, sentence, sentence_start in spans:
                parts = key.split("-")
                cid = next(citation_ids)
                review = "confirmed" if rng.random() < 0.6 else "suggested"
                citation_rows.append({
                    "id": cid, "letter_id": lid, "start": start, "end": end, "raw": raw, "kind": "motie", "target": "motion", "key": key,
                    "dossier": parts[0], "toevoeging": parts[1] if len(parts) == 3 else "", "number": parts[-1], "item": "", "chamber": "", "session": "",
                    "submitters": [], "kamerstuk_id": pid, "commitment_id": None, "excerpt": sentence, "excerpt_start": sentence_start,
                    "excerpt_end": sentence_start + len(sentence), "section": "", "footnote": "", "review": review, "reviewed_by_id": None,
                    "reviewed_at": processed if review == "confirmed" else None, "created_at": processed,
                })
                events.append(("response_added", processed, mid, None, {"key": key, "letter": lid}))
            lprogress.update(n + 1)
        counts["letters"] = writer.write(Letter, letter_rows)
        counts["citations"] = writer.write(Citation, citation_rows)

        # Commitments: one for every ten motions, spread over the ministries.
        commitment_rows = []
        for cid, i in zip(writer.ids(Commitment, motions // 10), range(motions // 10)):
            day = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(span_days))
            member = members[rng.randrange(len(members))]
            commitment_rows.append({
                "id": cid, "number": f"TZ{day:%Y%m}-{i:05d}", "text": f"De minister zal de Kamer informeren over {rng.choice(TOPICS)}.",
                "minister": "A.B. Voorbeeld", "minister_function": "minister", "ministry_id": ministries[i % len(ministries)].pk,
                "made_to_member_id": member[0], "made_to_party_id": None, "made_to_raw": member[1], "kamerstuk_id": None, "debate": "",
                "made_on": day, "deadline": day + dt.timedelta(days=rng.randint(30, 365)), "status": rng.choice(["open", "afgedaan", "afgedaan", "in_uitvoering"]),
                "source_status_raw": "", "owner_id": None, "version": 1, "source_id": None, "withdrawn": False, "created_at": _ts(day, rng), "updated_at": _ts(day, rng),
            })
        counts["commitments"] = writer.write(Commitment, commitment_rows)

        # The change feed, numbered in time order as if written live.
        events.sort(key=lambda e: (e[1], e[2]))
        counter, _ = EventCounter.objects.select_for_update().get_or_create(name="events")
        first_seq = counter.value + 1
        event_ids = iter(writer.ids(Event, len(events)))
        counts["events"] = writer.write(
            Event,
            (
                {"id": next(event_ids), "seq": first_seq + i, "kind": kind, "at": at, "motion_id": mid, "commitment_id": None, "status_change_id": scid, "citation_id": None, "letter_id": None, "payload": payload}
                for i, (kind, at, mid, scid, payload) in enumerate(events)
            ),
        )
        counter.value = first_seq + len(events) - 1
        counter.save(update_fields=["value"])
        writer.reset_sequences([Party, Member, Dossier, Kamerstuk, Motion, Sponsorship, Vote, StatusChange, Letter, Citation, Commitment, Event])
        refresh_answered_on(everything=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts
