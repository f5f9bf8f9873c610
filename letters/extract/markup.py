"""Markup: officielebekendmakingen XML and HTML, read by one tree walker."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from .assemble import _LINE_BREAK, _Draft, _marker, _Note, _Para
from .letter import Signature

# --------------------------------------------------------------------------------------------------
# XML and HTML share a tree walker: block elements become paragraphs, everything else is inline text.


class _TreeWalker:
    blocks: frozenset[str] = frozenset()
    headings: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()
    spaced: frozenset[str] = frozenset()  # inline elements whose neighbours need a space between them

    def __init__(self) -> None:
        self.paras: list[_Para] = []
        self.buffer: list[str] = []
        self.heading_depth = 0
        self.block_depth = 0

    def name(self, element: Any) -> str:
        raise NotImplementedError  # each subclass knows its own tag naming

    def special(self, element: Any, name: str) -> bool:
        """Handle an element entirely (footnotes, markers, line breaks); True when handled."""
        return False

    def is_heading(self, element: Any, name: str) -> bool:
        return name in self.headings

    def flush(self) -> None:
        raw = "".join(self.buffer)
        self.buffer = []
        if raw.strip():
            self.paras.append(_Para(raw, self.heading_depth > 0))

    def walk(self, element: Any) -> None:
        if not isinstance(element.tag, str):
            return
        name = self.name(element)
        if name in self.skipped or self.special(element, name):
            return
        # Inside a heading, nested "blocks" (<kop><nr/><titel/></kop>) are parts of one line.
        is_block = name in self.blocks and self.heading_depth == 0
        heading = is_block and self.is_heading(element, name)
        if is_block:
            self.flush()
            self.block_depth += 1
            self.heading_depth += heading
        if element.text:
            self.buffer.append(element.text)
        for child in element:
            self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)
        if name in self.spaced:
            self.buffer.append(" ")
        if is_block:
            self.flush()
            self.block_depth -= 1
            self.heading_depth -= heading


def _plain_text(element: Any, skip: Callable[[Any], bool] = lambda e: False) -> str:
    """All text under element, with a space between elements, skipping subtrees where skip() says so."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and not skip(child):
                parts.append(" ")
                walk(child)
                parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join("".join(parts).split())


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


# --------------------------------------------------------------------------------------------------
# officielebekendmakingen XML (<officiele-publicatie>, <kamerstuk>, …)


class _OfficialXmlWalker(_TreeWalker):
    blocks = frozenset(
        """al tussenkop kop titel subtitel dossiernummer stuknr datumtekst dagtekening functie naam li
        row tekstregel aanhef slotformulering plaats considerans.al wie p para adres""".split()
    )
    headings = frozenset({"tussenkop", "kop", "titel", "subtitel"})
    skipped = frozenset({"metadata", "meta", "kamerstukkop", "noot.nr", "nootnr"})
    spaced = frozenset({"nr", "titel", "label", "li.nr", "entry", "voornaam", "tussenvoegsel", "achternaam"})
    notelists = frozenset({"noten", "voetnoten", "noot.lijst", "notes"})

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[_Note] = []
        self.signature: Signature | None = None
        self.auto_number = 0

    def name(self, element: Any) -> str:
        return _local(element)

    def is_heading(self, element: Any, name: str) -> bool:
        # The paper's own title is ExtractedLetter.title, not a section of the letter.
        parent = element.getparent()
        if name == "titel" and parent is not None and _local(parent) in ("dossier", "stuk"):
            return False
        return name in self.headings

    def special(self, element: Any, name: str) -> bool:
        if name == "noot":
            self.note(element)
            return True
        if name in ("nootref", "notenref", "noot-ref", "noteref"):
            refid = element.get("refid") or element.get("ref") or element.get("idref")
            number = element.get("nr") or _plain_text(element)
            if refid:
                self.buffer.append(_marker("id:" + refid))
            elif number:
                self.buffer.append(_marker("nr:" + number))
            return True
        if name == "ondertekening" and self.signature is None:
            functions = element.xpath(".//*[local-name()='functie']")
            people = element.xpath(".//*[local-name()='naam']")
            if functions and people and _plain_text(people[0]):
                self.signature = Signature(_plain_text(functions[0]).rstrip(" ,"), _plain_text(people[0]))
        return False

    def note(self, element: Any) -> None:
        number_element = next(
            (child for child in element if _local(child) in ("noot.nr", "nootnr", "nr")), None
        )
        number = element.get("nr") or (_plain_text(number_element) if number_element is not None else "")
        if not number:
            self.auto_number += 1
            number = str(self.auto_number)
        note_id = element.get("id") or f"auto-{len(self.notes)}"
        text = _plain_text(element, skip=lambda e: e is number_element or _local(e) == "noot")
        self.notes.append(_Note(("id:" + note_id, "nr:" + number), number, text))
        parent = element.getparent()
        # A note inside running text stands where its marker is; one in a list of notes does not.
        if self.block_depth > 0 and (parent is None or _local(parent) not in self.notelists):
            self.buffer.append(_marker("id:" + note_id))


def _read_xml(root: Any) -> _Draft:
    walker = _OfficialXmlWalker()
    walker.walk(root)
    walker.flush()

    def first(path: str) -> Any:
        found = root.xpath(path)
        return found[0] if found else None

    title_element = first("//*[local-name()='stuk']/*[local-name()='titel']")
    if title_element is None:
        title_element = first("//*[local-name()='dossier']/*[local-name()='titel']")
    title = _plain_text(title_element, skip=lambda e: _local(e) == "noot") if title_element is not None else None
    date = None
    iso = first(
        "//*[local-name()='dagtekening' or local-name()='datumtekst']//*[local-name()='datum']/@isodatum"
    )
    if iso:
        try:
            date = datetime.date.fromisoformat(str(iso)[:10])
        except ValueError:
            date = None
    return _Draft("xml", walker.paras, walker.notes, title=title, date=date, signature=walker.signature)


# --------------------------------------------------------------------------------------------------
# HTML (an officielebekendmakingen page or a saved Kamerbrief)

_HTML_DROP = ("script", "style", "nav", "noscript", "template", "svg", "form", "button", "iframe", "object",
              "header", "footer", "head")
_FOOTNOTE_LABEL_RE = re.compile(r"^\[?(\d{1,3}|[*†‡])\]?$")
_LEADING_LABEL_RE = re.compile(r"^\s*\[?\d{1,3}\]?[.)]?\s+")


class _HtmlWalker(_TreeWalker):
    blocks = frozenset(
        """p li h1 h2 h3 h4 h5 h6 dd dt blockquote td th caption pre div section article main body ul ol
        table tr address figcaption aside""".split()
    )
    headings = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self, refs: dict[Any, str], note_containers: set[Any]) -> None:
        super().__init__()
        self.refs = refs
        self.note_containers = note_containers

    def name(self, element: Any) -> str:
        return _local(element)

    def special(self, element: Any, name: str) -> bool:
        if element in self.note_containers:
            return True
        if element in self.refs:
            self.buffer.append(_marker(self.refs[element]))
            return True
        if name == "br":
            self.buffer.append(_LINE_BREAK)
            return True
        return False


def _read_html(markup: str) -> _Draft:
    import lxml.html

    document: Any = lxml.html.document_fromstring(markup)
    title_element = document.find(".//title")
    title = title_element.text_content() if title_element is not None else None
    for element in list(document.iter(*_HTML_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    refs, notes, containers = _html_footnotes(document)
    walker = _HtmlWalker(refs, containers)
    body = document.find("body")
    walker.walk(body if body is not None else document)
    walker.flush()
    return _Draft("html", walker.paras, notes, title=title)


def _html_footnotes(document: Any) -> tuple[dict[Any, str], list[_Note], set[Any]]:
    """Footnote references (element → key), the notes, and the elements that hold the notes.

    A reference is a short numeric link to an anchor later in the page; back-links point backwards,
    which keeps a "1 ↩" link in the list of notes from turning body text into a footnote.
    """
    order = {element: index for index, element in enumerate(document.iter())}
    refs: dict[Any, str] = {}
    notes: list[_Note] = []
    containers: set[Any] = set()
    for link in document.iter("a"):
        href = link.get("href") or ""
        label = _FOOTNOTE_LABEL_RE.match(link.text_content().strip())
        if not href.startswith("#") or label is None:
            continue
        targets = document.xpath("//*[@id=$t or @name=$t]", t=href[1:])
        if not targets or order.get(targets[0], -1) <= order[link]:
            continue
        container = targets[0]
        while container is not None and _local(container) not in ("li", "p", "div", "dd", "aside", "td"):
            container = container.getparent()
        if container is None or container in containers:
            continue
        text = _plain_text(container, skip=lambda e: _local(e) == "a" and (e.get("href") or "").startswith("#"))
        notes.append(_Note((href[1:],), label[1], _LEADING_LABEL_RE.sub("", text)))
        containers.add(container)
        parent = link.getparent()
        # <sup><a>1</a></sup>: the whole superscript is the marker.
        only_child = _local(parent) == "sup" and len(parent) == 1 and not (parent.text or "").strip()
        refs[parent if only_child else link] = href[1:]
    return refs, notes, containers
