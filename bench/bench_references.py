"""How fast does ``extract_references`` read letter text?

    python bench/bench_references.py [--mb 6] [--runs 5] [--target 35] [--dense-target 5]

Builds deterministic corpora (fixed seed) of several MB: the seed letter plus generated paragraphs in
its style that carry citations of every form the parser reads, and prose with the numbers that must
not be read (amounts, dates, years, article numbers). "dense" has two citations in every paragraph
(one per ~150 characters, seven times the seed letter's density: the hard case); "letter-like" has
the seed letter's density (one per ~1,000 characters). Runs the parser over each on one core and
prints MB/s, citations found, and the ratio to two least-machinery baselines: ``str.count`` of "nr"
over the same text (one C-speed pass), and one pass of a single compiled regular expression for the
commonest form ("35 207, nr. 83", with an optional "Kamerstuk" before it), which is what a parser
made of one or two patterns costs at least. Times are CPU time of this process
(``time.process_time``), the best of several runs, so that other work on a shared machine does not
count against the parser. The target (issue 17) is on "letter-like", the mixed letter text: exits 1
when it reads slower than --target MB/s, or the dense corpus slower than --dense-target. No Django.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from letters.reading.citations import extract_references  # noqa: E402

SEED_LETTER = ROOT / "tests" / "fixtures" / "seed-letter-china-strategie.txt"

NAMES = ["Boswijk", "Paternotte", "Van der Lee", "Van Baarle", "Kahraman", "De Roon", "Van der Burg", "Dassen", "Bikker"]
PROSE = [
    "Het kabinet ziet dat de invloed van China mondiaal toeneemt en dat het inzet op een alternatieve wereldorde.",
    "In 2024 bedroeg de totale waarde van de bilaterale handelsrelatie met China EUR 90 miljard.",
    "De eerstvolgende dialoog staat gepland op 11 november 2025.",
    "Tijdens de 60e VN-Mensenrechtenraad in september jl. sprak Nederland deze zorgen uit.",
    "Dit volgt uit artikel 12, lid 3, van de wet en geldt sinds 1 januari 2023.",
    "Nederland is het nummer 1 investeringsland voor China in de EU.",
    "De algemene vergadering vond plaats van 23 september tot 3 oktober.",
    "Uw Kamer is laatstelijk in het najaar van 2024 geïnformeerd over de voortgang.",
    "Zie https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=OJ:L_202403015 voor de tekst.",
    "Het kabinet blijft zich inzetten voor de verbetering van de mensenrechtensituatie, inclusief in Xinjiang en Tibet.",
]


def _session(rng: random.Random) -> str:
    year = rng.randint(2015, 2025)
    return rng.choice([f"{year}-{year + 1}", f"{year}/{(year + 1) % 100:02d}", f"{year}–{year + 1}"])


def _dossier(rng: random.Random) -> str:
    d = str(rng.randint(21000, 36999))
    return rng.choice([d, f"{d[:2]} {d[2:]}"])


def _citation(rng: random.Random) -> str:
    d = _dossier(rng)
    n = rng.randint(1, 2500)
    name = rng.choice(NAMES)
    forms = [
        f"Kamerstuk {d}, nr. {n}",
        f"Kamerstukken II, vergaderjaar {_session(rng)}, {d}, nr. {n}",
        f"Kamerstukken II {_session(rng)}, {d}, nr. {n}",
        f"Kamerstuk {d} {rng.choice(['V', 'XVII', 'VII'])}, nr. {n}",
        f"Kamerstuk 21 501-{rng.choice(['02', '20', '32'])}, nr. {n}",
        f"de motie {d}, nr. {n} van het lid {name} c.s.",
        f"motie {name}-{rng.choice(NAMES)} {d} nr. {n}",
        f"motie {d}, nr. {n} van de leden {name} en {rng.choice(NAMES)}",
        f"de motie {name} (Kamerstuk 21 501-20, nr. {n})",
        f"moties {d}, nrs. {n} en {n + 6}",
        f"{d}, nrs. {n}, {n + 4} en {n + 9}",
        f"Kamerstuk {d}, nrs. {n} t/m {n + 3}",
        f"(Kamerstuk {d.replace(' ', '')}-{n})",
        f"het amendement van het lid {name} (Kamerstuk 36 600 V, nr. {n})",
        f"Handelingen II {_session(rng)}, nr. {rng.randint(1, 99)}, item {rng.randint(1, 40)}",
        f"Aanhangsel Handelingen II {_session(rng)}, nr. {n}",
        f"Stcrt. {rng.randint(2015, 2025)}, {rng.randint(1000, 40000)}",
        f"Kamerstukken I 2012/13, 33 328, {rng.choice(['A', 'AI', 'K'])}",
        f"Kamerstuk 36 600 V, nr. {n} en Kamerstuk {d}, nr. {n + 1}, bijlage",
        # issue 17's forms: the minutes' lists, several dossiers, legal styles, Zaak numbers
        f"de volgende moties aan te houden: {d.replace(' ', '')}-{n}; 21501-32-{n + 1}; 23908-(R1519)-{n + 2}",
        f"({d.replace(' ', '')}, 27021, nr. {n})",
        f"Zij krijgt nr. {n} ({d.replace(' ', '')})",
        f"Kamerstukken II {_session(rng)}, 32123.VIII, {n % 200 + 1}",
        f"Kamerstukken I {_session(rng)}, 33 802, {rng.choice(['C', 'AB', 'E'])}",
        f"de motie van het lid Th.C. de Graaf (Kamerstuk {d}, nr. {n})",
        f"het verzoek van de commissie ({rng.randint(2015, 2025)}Z{rng.randint(10000, 99999)})",
    ]
    return rng.choice(forms)


def build_corpus(megabytes: float, *, prose_sentences: int = 3, seed: int = 20250901) -> str:
    """The seed letter, then paragraphs of ``prose_sentences`` sentences plus two citations each."""
    rng = random.Random(seed)
    parts = [SEED_LETTER.read_text(encoding="utf-8")]
    size = len(parts[0])
    footnote = 100
    while size < megabytes * 1_000_000:
        sentences = [rng.choice(PROSE) for _ in range(prose_sentences)]
        sentences.insert(rng.randint(0, 3), f"Conform {_citation(rng)} zet het kabinet zich hiervoor in.")
        footnote += 1
        paragraph = " ".join(sentences) + f"[footnoteRef:{footnote}] [{footnote}:  {_citation(rng)}.]\n\n"
        parts.append(paragraph)
        size += len(paragraph)
    return "".join(parts)


def _best(runs: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


# One compiled pattern for the commonest form, as a one-pattern parser would have it.
ONE_REGEX = re.compile(r"(?:[Kk]amerstuk(?:ken)?\s+)?\b[0-9]{2}[ .]?[0-9]{3}(?:[ -][0-9A-Z]{1,5})?,?\s*nr\.?\s*[0-9]{1,5}")


def run(name: str, text: str, runs: int) -> float:
    megabytes = len(text.encode("utf-8")) / 1_000_000
    found = len(extract_references(text))
    parse_s = _best(runs, lambda: extract_references(text))
    count_s = _best(runs, lambda: text.count("nr"))
    regex_s = _best(runs, lambda: ONE_REGEX.findall(text))
    rate = megabytes / parse_s
    print(f"{name}: {megabytes:.2f} MB, {found:,} citations (one per {len(text) // max(found, 1):,} characters)")
    print(f"  extract_references  {parse_s:7.3f} s CPU = {rate:6.1f} MB/s")
    print(f"  one regex pass      {regex_s:7.4f} s CPU = {megabytes / regex_s:6.1f} MB/s ({len(ONE_REGEX.findall(text)):,} matches)")
    print(f"  str.count baseline  {count_s:7.4f} s CPU = {megabytes / count_s:6.0f} MB/s")
    print(f"  the parser takes {parse_s / regex_s:.1f}x one regex pass and {parse_s / count_s:.0f}x one str.count pass")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=6.0, help="corpus size in MB (default 6)")
    parser.add_argument("--runs", type=int, default=5, help="runs; the fastest counts (default 5)")
    parser.add_argument("--target", type=float, default=35.0, help="MB/s the letter-like corpus must reach (default 35)")
    parser.add_argument("--dense-target", type=float, default=5.0, help="MB/s the dense corpus must reach (default 5)")
    args = parser.parse_args()

    dense = run("dense", build_corpus(args.mb), args.runs)
    letter = run("letter-like", build_corpus(args.mb, prose_sentences=30), args.runs)
    ok = True
    for name, rate, target in (("letter-like", letter, args.target), ("dense", dense, args.dense_target)):
        verdict = "meets" if rate >= target else "MISSES"
        ok = ok and rate >= target
        print(f"{name} corpus {verdict} the target of {target:g} MB/s on one core")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
