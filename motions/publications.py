"""Read the official publication XML of a motion (officielebekendmakingen ``kst-…xml``).

It holds what open data's Zaak does not: the full text ("constaterende …, verzoekt de
regering …") and the signatories in order. No Django imports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lxml import etree


class PublicationError(ValueError):
    pass


@dataclass
class MotionPublication:
    key: str | None
    heading: str
    dossier_title: str
    date: dt.date | None
    paragraphs: list[str] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def requests(self) -> list[str]:
        """The operative lines: 'verzoekt de regering …', 'spreekt uit …'."""
        return [p for p in self.paragraphs if p.lower().startswith(("verzoekt", "spreekt uit", "draagt", "roept"))]


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def parse_motion_publication(data: bytes) -> MotionPublication:
    try:
        # resolve_entities=False and no network: the XML comes from outside.
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PublicationError(f"not valid publication XML: {exc}") from exc
    stuk = root.find(".//stuk")
    if stuk is None:
        raise PublicationError("not a Kamerstuk publication: no <stuk> element")
    key = None
    meta = root.find(".//meta[@name='OVERHEIDop.externMetadataRecord']")
    if meta is not None:
        content = meta.get("content", "")
        marker = "/kst-"
        if marker in content:
            key = content.split(marker, 1)[1].split("/", 1)[0]
    heading_el = stuk.find("titel")
    dossier_title_el = root.find(".//dossier/titel")
    date_el = stuk.find(".//datum")
    date = None
    if date_el is not None and date_el.get("isodatum"):
        try:
            date = dt.date.fromisoformat(date_el.get("isodatum"))
        except ValueError:
            date = None
    tekst = stuk.find(".//tekst")
    paragraphs: list[str] = []
    signatories: list[str] = []
    if tekst is not None:
        groups = tekst.findall("al-groep")
        # Some motions also use <al-groep> for considerations; the signatories are the last group.
        signature_group = groups[-1] if groups else None
        for child in tekst:
            if signature_group is not None and child is signature_group:
                signatories = [_text(al) for al in child.findall("al") if _text(al)]
                continue
            if child.tag == "al":
                line = _text(child)
                if line:
                    paragraphs.append(line)
            elif child.tag == "al-groep":
                paragraphs.extend(_text(al) for al in child.findall("al") if _text(al))
    return MotionPublication(
        key=key,
        heading=_text(heading_el) if heading_el is not None else "",
        dossier_title=_text(dossier_title_el) if dossier_title_el is not None else "",
        date=date,
        paragraphs=paragraphs,
        signatories=signatories,
    )
