"""Letter ingestion (letters/second) beside reading the same files (the least machinery).

    DATABASE_URL=postgres://… python bench/bench_letters.py [--letters 200]

Uses a throwaway database it creates and drops (motietracker_bench_letters) unless
BENCH_DATABASE_URL is set; writes realistic letters (seed-letter style, 5–20 citations each).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import setup_django  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "letters" / "fixtures" / "seed-letter-china-strategie.txt"


def make_letters(n: int, folder: Path, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    base = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        extra = "\n\n".join(
            f"Conform de motie {rng.randint(30000, 36999):,}, nr. {rng.randint(1, 300)} van het lid Jansen c.s. zet het kabinet zich in voor betere uitvoering.".replace(",", " ", 1)
            for _ in range(rng.randint(3, 12))
        )
        path = folder / f"letter-{i}.txt"
        path.write_text(base + f"\n\nBijlage {i}\n\n" + extra, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=200)
    args = parser.parse_args()
    import os

    url = os.environ.get("BENCH_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/motietracker_bench_letters"
    if "BENCH_DATABASE_URL" not in os.environ:
        import subprocess

        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "motietracker_bench_letters"], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "motietracker_bench_letters"], check=True)
    setup_django(url)
    from django.conf import settings
    from django.core.management import call_command

    from letters.ingest import ingest_letter

    call_command("migrate", verbosity=0)
    folder = Path(tempfile.mkdtemp())
    settings.MEDIA_ROOT = folder / "media"
    paths = make_letters(args.letters, folder)
    size = sum(p.stat().st_size for p in paths)

    started = time.perf_counter()
    for path in paths:
        path.read_bytes()
    read_s = time.perf_counter() - started

    started = time.perf_counter()
    citations = 0
    for path in paths:
        citations += ingest_letter(path).citations.count()
    ingest_s = time.perf_counter() - started
    print(f"letters: {args.letters}, {size / 1e6:.2f} MB, {citations} citations")
    print(f"ingestion        {args.letters / ingest_s:8.1f} letters/s  ({ingest_s / args.letters * 1000:.1f} ms per letter)")
    print(f"reading files    {args.letters / read_s:8.0f} letters/s  ratio {ingest_s / read_s:,.0f}x")


if __name__ == "__main__":
    main()
