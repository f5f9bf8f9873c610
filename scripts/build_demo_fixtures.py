"""Build the demo fixtures in motions/fixtures/demo/ from the real records in ../shared/.

Run once by a developer (`python scripts/build_demo_fixtures.py`); its output is committed so
that the app never reads ../shared/ at run time. What is real and what is built is written
into motions/fixtures/demo/README.md.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "opendata-samples"
OUT = ROOT / "motions" / "fixtures" / "demo"


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def val(field):
    """seed-motions.json wraps most fields as {"value": …, "source": …}."""
    return field.get("value") if isinstance(field, dict) and "value" in field else field


def key_of(summary: dict) -> str:
    suffix = f"-{summary['suffix']}" if summary.get("suffix") else ""
    return f"{summary['dossier']}{suffix}-{summary['number']}"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "publications").mkdir(exist_ok=True)
    summaries = load(SAMPLES / "seed-motions.json")

    # Real person and party ids, where the 500 recorded motions name the same member.
    actors_by_name: dict[str, dict] = {}
    for zaak in load(SAMPLES / "zaak_motie_expand_zaakactor_document.values.json")["value"]:
        for actor in zaak.get("ZaakActor") or []:
            if actor.get("Persoon_Id"):
                actors_by_name.setdefault(actor["ActorNaam"], actor)

    # Real vote rows of the recorded Stemming pages, by Besluit id, and party sizes per page.
    rows_by_besluit: dict[str, list[dict]] = {}
    sizes: dict[str, dict[str, tuple[int, dict]]] = {}
    for name in ("stemming_expand_page0785_china_tweeminutendebat_2025-04-15.json", "stemming_expand_page1080_avvn_2025-09-18.json"):
        page = load(SAMPLES / name)
        table = sizes.setdefault(name, {})
        for row in page["value"]:
            besluit = row.get("Besluit") or {}
            rows_by_besluit.setdefault(besluit.get("Id"), []).append(row)
            if row.get("ActorFractie") and row.get("FractieGrootte"):
                table[row["ActorFractie"]] = (row["FractieGrootte"], row.get("Fractie") or {})
    april = sizes["stemming_expand_page0785_china_tweeminutendebat_2025-04-15.json"]
    september = {**april, **sizes["stemming_expand_page1080_avvn_2025-09-18.json"]}

    zaken, papers = [], []
    seed_zaken = {p.name[len("zaak_kst-"):-len(".json")]: load(p) for p in (SAMPLES / "zaak-seed-motions").glob("zaak_kst-*.json")}
    by_key = {key_of(s): s for s in summaries}
    for key, zaak in sorted(seed_zaken.items()):
        summary = by_key[key]
        entity = {k: v for k, v in zaak.items()}
        entity["Kamerstukdossier"] = [{
            "Nummer": int(summary["dossier"]),
            "Toevoeging": summary.get("suffix"),
            "Titel": summary["dossier_title"]["value"],
            "Verwijderd": False,
        }]
        actors = []
        for i, person in enumerate(summary["submitters"]["value"]):
            real = actors_by_name.get(person["full_name"], {})
            actors.append({
                "ActorNaam": person["full_name"],
                "ActorFractie": person["party"],
                "Relatie": "Indiener" if person["role"] == "indiener" else "Medeindiener",
                "Persoon_Id": real.get("Persoon_Id"),
                "Fractie_Id": real.get("Fractie_Id") if real.get("ActorFractie") == person["party"] else None,
                "Verwijderd": False,
            })
        entity["ZaakActor"] = actors
        note = ""
        inferred = summary.get("vote_inferred_from_odata")
        reported = summary.get("vote_reported")
        if inferred:
            table = september if inferred["besluit_date"] >= "2025-09-01" else april
            real_rows = rows_by_besluit.get(inferred["besluit_id"], [])
            if inferred.get("complete") and len(real_rows) == inferred.get("fracties_recorded"):
                stemmingen = [{k: v for k, v in r.items() if k not in ("Besluit",)} for r in real_rows]
                vote_origin = "de Stemming-rijen van die pagina"
            else:
                stemmingen = []
                for soort, parties in (("Voor", inferred["fracties_voor"]), ("Tegen", inferred["fracties_tegen"])):
                    for party in parties:
                        size, fractie = table.get(party, (0, {}))
                        stemmingen.append({
                            "Soort": soort, "ActorNaam": party, "ActorFractie": party, "FractieGrootte": size,
                            "Vergissing": False, "Persoon_Id": None, "Fractie_Id": fractie.get("Id"),
                            "Fractie": {k: fractie.get(k) for k in ("Id", "Afkorting", "NaamNL", "AantalZetels")} if fractie else None,
                            "Verwijderd": False,
                        })
                vote_origin = "partijgroottes van dezelfde stemmingsdag"
            entity["Besluit"] = [{
                "Id": inferred["besluit_id"],
                "StemmingsSoort": "Met handopsteken",
                "BesluitSoort": "Stemmen - aangenomen" if inferred["result"] == "aangenomen" else "Stemmen - verworpen",
                "BesluitTekst": "Aangenomen." if inferred["result"] == "aangenomen" else "Verworpen.",
                "Status": "Besluit",
                "GewijzigdOp": inferred["besluit_date"] + "T18:00:00+02:00",
                "Verwijderd": False,
                "Agendapunt": {"Onderwerp": (inferred.get("agendapunt") or {}).get("Onderwerp"), "Activiteit": {"Soort": "Stemmingen", "Datum": inferred["besluit_date"] + "T00:00:00+02:00"}},
                "Stemming": stemmingen,
            }]
            if reported:
                note = f"Uitslag gemeld door een openbare bron ({reported.get('source', '').split(' ')[0]}); stemverdeling afgeleid uit open data ({vote_origin})."
            else:
                note = f"Uitslag afgeleid uit de open-data-stemmingen van {inferred['besluit_date']} (niet gezaghebbend; {vote_origin})."
        elif reported:
            note = f"Uitslag gemeld door een openbare bron: {reported.get('detail', '')[:200]}"
        if key == "35207-88":
            entity["VervangenDoor"] = [{"Id": seed_zaken["35207-98"]["Id"], "Nummer": seed_zaken["35207-98"]["Nummer"], "Verwijderd": False}]
            note = "Vervangen door de gewijzigde motie 35207-98 vóór de stemming."
        if key == "35207-98":
            entity["VervangenVanuit"] = [{"Id": seed_zaken["35207-88"]["Id"], "Nummer": seed_zaken["35207-88"]["Nummer"], "Verwijderd": False}]
        entity["_motietracker"] = {"outcome_note": note, "source": "zaak-seed-motions/zaak_kst-%s.json + seed-motions.json" % key}
        zaken.append(entity)
        shutil.copy(SAMPLES / "motion-publications" / f"kst-{key}.xml", OUT / "publications" / f"kst-{key}.xml")

    for summary in summaries:
        key = key_of(summary)
        if key in seed_zaken:
            continue
        papers.append({
            "key": key, "kind_raw": val(summary.get("document_soort")), "title": val(summary.get("title")),
            "date": val(summary.get("date")), "document_number": val(summary.get("document_nummer")),
            "dossier_title": val(summary.get("dossier_title")),
            "note": " ".join(summary.get("notes") or []),
        })
    # Papers the seed letter cites that no sample describes: known only by their key.
    for key in ("30821-249", "26643-1229", "32852-224", "30821-244", "30821-302", "32852-333"):
        papers.append({"key": key, "kind_raw": None, "title": None, "date": None, "document_number": None, "dossier_title": None, "note": "cited by the seed letter; not in the samples"})

    commitments = [{
        "text": "Uw Kamer informeren over de status en voortgang van de kabinetsinzet op economische veiligheid.",
        "made_to": "Idsinga",
        "kamerstuk": "32852-333",
        "ministry": "Economische Zaken",
        "note": "Built from the seed letter: 'conform de toezegging aan het Lid Idsinga' with footnote 7 (Kamerstuk 32852, nr. 333). No Toezegging record is in the samples.",
    }]
    (OUT / "zaken.json").write_text(json.dumps(zaken, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (OUT / "papers.json").write_text(json.dumps(papers, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (OUT / "commitments.json").write_text(json.dumps(commitments, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    letters_dir = ROOT / "letters" / "fixtures"
    letters_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(SHARED / "corpus" / "seed-letter-china-strategie.txt", letters_dir / "seed-letter-china-strategie.txt")
    print(f"wrote {len(zaken)} zaken, {len(papers)} papers, {len(commitments)} commitments to {OUT}")


if __name__ == "__main__":
    main()
