"""Plain text, including Word's "save as text" markup of the seed letter."""

from __future__ import annotations

import re

from .assemble import _SENTINELS_RE, _Draft, _marker, _Note, _Para

# --------------------------------------------------------------------------------------------------
# Plain text (including Word's "save as text" markup of the seed letter)

_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]\n]*\]")
_FOOTNOTE_REF_RE = re.compile(r"\[footnoteRef:\s*(\d+)\]")
_FOOTNOTE_BLOCK_START_RE = re.compile(r"\[(\d{1,4}):(?=\s)")
_BLANK_LINES_RE = re.compile(r"\n(?:[^\S\n]*\n)+")
_CONJUNCTION_RE = re.compile(r"(?:en|of|en/of|tot|noch|als|dan\s+wel|t/m)\b")


def _read_text(text: str) -> _Draft:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _SENTINELS_RE.sub(" ", text)
    text = _BOOKMARK_RE.sub("", text)
    notes: list[_Note] = []
    if _FOOTNOTE_REF_RE.search(text):
        text, notes = _cut_footnote_blocks(text)
        text = _FOOTNOTE_REF_RE.sub(lambda m: _marker(m[1]), text)
    blocks = [block for block in _BLANK_LINES_RE.split(text) if block.strip()]
    # Word's text export writes one line per paragraph; hard-wrapped text has short lines only.
    unwrapped = max((len(line) for line in text.split("\n")), default=0) > 200
    paras: list[_Para] = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if unwrapped:
            paras.extend(_Para(line) for line in lines)
        else:
            paras.append(_Para(_join_lines(lines)))
    return _Draft("text", paras, notes, guess_headings=True)


def _cut_footnote_blocks(text: str) -> tuple[str, list[_Note]]:
    """Remove every "[N: …]" footnote block (brackets may nest, as in URLs) and return its text."""
    notes: list[_Note] = []
    seen: set[str] = set()
    kept: list[str] = []
    position = 0
    while match := _FOOTNOTE_BLOCK_START_RE.search(text, position):
        depth, index = 0, match.start()
        close = -1
        while index < len(text):
            char = text[index]
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
                if depth == 0:
                    close = index
                    break
            index += 1
        if close < 0:  # unbalanced: the block runs to the end of its line
            line_end = text.find("\n", match.end())
            close = len(text) if line_end < 0 else line_end
        number = match[1]
        kept.append(text[position : match.start()])
        if number not in seen:
            seen.add(number)
            notes.append(_Note((number,), number, text[match.end() : close]))
        position = close + 1
    kept.append(text[position:])
    return "".join(kept), notes


def _join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph, undoing end-of-line hyphenation where it is safe.

    "verdien-/vermogen" → "verdienvermogen", but "innovatie-/en" keeps its hyphen (a Dutch elided
    compound) and "EU-/lidstaten" or "2021-/2022" keep theirs without a space.
    """
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("\u00ad"):
            out = out[:-1] + line
        elif len(out) >= 2 and out.endswith("-") and out[-2].isalnum():
            if line[0].islower() and not _CONJUNCTION_RE.match(line):
                out = out + line if (out[-2].isupper() or out[-2].isdigit()) else out[:-1] + line
            elif line[0].isupper() or line[0].isdigit():
                out += line
            else:
                out += " " + line
        else:
            out += " " + line
    return out
