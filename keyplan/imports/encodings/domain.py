"""Which text encoding an import file is in, when nobody said (pure: no Django at all).

`detect_encoding` looks at a bounded prefix of the file and decides, in this order:

1. a UTF-8 byte order mark: "utf-8-sig";
2. the prefix is valid UTF-8: "utf-8" (one C-speed decode, so a UTF-8 file costs nothing
   more);
3. the header: its non-ASCII column names are decoded in every candidate encoding, and
   the one candidate in which they are column names we know (a preset's, the kind's
   field names and aliases, the columns the user mapped) decides. An export whose only
   non-ASCII text is its header (1C with Latin-script customer names: the NBSPs and the
   curly quotes of its data read the same in cp1251, cp1250 and cp1252) is told apart
   by nothing else;
4. otherwise the text, from the first line with a non-ASCII byte, at most
   `DETECTION_WINDOW_BYTES`: a code page that lacks one of its bytes is out; in each of
   the others, the non-ASCII characters are checked for what a wrong code page makes of
   text (symbols and control characters inside words, a Cyrillic letter between Latin
   ones, a capital after a small letter; more weakly, non-ASCII Latin letters side by
   side), and charset-normalizer, a maintained detector, ranks the cleanest by its mess
   and language-coherence measures (each measured on its own over the lines that hold
   non-ASCII bytes). The winner is trusted when at most `CLEAN_SHARE` of its non-ASCII
   characters are odd, or at most `MAX_ODD_SHARE` and charset-normalizer does not reject
   it as too messy; otherwise `encoding` is None, and the caller asks the user to name
   the encoding (a header that narrowed the choice is trusted regardless).

Identical bytes give identical answers: no randomness, ties are broken by a fixed order.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Literal

from ..common.domain import KiB, normalise_header

__all__ = ["CANDIDATES", "DETECTION_WINDOW_BYTES", "EncodingGuess", "detect_encoding"]

# The single-byte encodings an export may be in, in the order that breaks ties: Windows
# code pages before their ISO and KOI8 cousins; Western first, as what it shares with the
# others (NBSP, “ ” « », é ü ö ß with cp1250) reads the same in them.
SINGLE_BYTE = ("cp1252", "cp1251", "cp1250", "iso-8859-2", "koi8-r")
CANDIDATES = ("utf-8", "cp1251", "cp1250", "cp1252", "iso-8859-2", "koi8-r")  # all tried

DETECTION_WINDOW_BYTES = 64 * KiB  # text looked at in step 4
DETECTOR_SAMPLE_BYTES = 16 * KiB  # of it, the non-ASCII lines charset-normalizer measures
MAX_EVIDENCE = 8_000  # non-ASCII bytes weighed in step 4 (bounded work on any file)
# Of the non-ASCII characters of the best decoding, the share that may be STRONG-ly odd:
# up to CLEAN_SHARE it is trusted, up to MAX_ODD_SHARE only if charset-normalizer agrees.
CLEAN_SHARE = 0.05
MAX_ODD_SHARE = 0.3
STRONG, WEAK = 2, 1
DETECTOR_THRESHOLD = 0.2  # charset-normalizer's own default: above it, "too messy"

_CHARSET_NORMALIZER_NAMES = {
    "cp1251": "cp1251",
    "cp1252": "cp1252",
    "cp1250": "cp1250",
    "iso-8859-2": "iso8859_2",
    "koi8-r": "koi8_r",
}
_HIGH = re.compile(rb"[\x80-\xff]")
_SPACE = 0x20  # what stands beyond either end of the window
_UTF8_BOM = codecs.BOM_UTF8


@dataclass(frozen=True)
class EncodingGuess:
    encoding: str | None  # None: no encoding reads the file plausibly
    reason: Literal["bom", "utf-8", "header", "text", "undecided"]
    tried: tuple[str, ...] = CANDIDATES


def detect_encoding(
    head: bytes,
    *,
    complete: bool,
    expected_columns: Collection[str] = (),
    delimiters: Sequence[str] = (";", ",", "\t"),
) -> EncodingGuess:
    """The encoding of a file that starts with `head` (`complete`: `head` is the whole
    file). `expected_columns` are column names (normalised with `normalise_header`) that
    a correctly decoded header may contain; `delimiters` the ones its cells may be
    separated by."""
    if head.startswith(_UTF8_BOM):
        return EncodingGuess("utf-8-sig", "bom")
    if is_utf8(head, complete=complete):
        return EncodingGuess("utf-8", "utf-8")
    pool: Sequence[str] = SINGLE_BYTE
    header_winners = _header_winners(head, expected_columns, delimiters)
    if len(header_winners) == 1:
        return EncodingGuess(header_winners[0], "header")
    if header_winners:  # they read the header alike: the text chooses among them
        pool = [e for e in header_winners if e in SINGLE_BYTE]
    window = _window(head, complete=complete)
    best, trusted = _best_for_text(window, pool)
    if best is None or not (trusted or header_winners):
        return EncodingGuess(None, "undecided")
    return EncodingGuess(best, "text")


def is_utf8(sample: bytes, *, complete: bool) -> bool:
    """True when `sample` is valid UTF-8, ignoring a character cut off at the sample's end
    (unless the sample is the whole file)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# the header


def _header_winners(
    head: bytes, expected: Collection[str], delimiters: Sequence[str]
) -> tuple[str, ...]:
    """The candidates in which the most non-ASCII header cells are known column names
    (none when no candidate reads any of them as one)."""
    line = _header_line(head)
    if not expected or not line or not _HIGH.search(line):
        return ()
    scores: dict[str, int] = {}
    for encoding in ("utf-8", *SINGLE_BYTE):
        try:
            text = line.decode(encoding)
        except UnicodeDecodeError:
            continue
        scores[encoding] = max(_known_cells(text, d, expected) for d in delimiters)
    top = max(scores.values(), default=0)
    if top == 0:
        return ()
    return tuple(encoding for encoding, score in scores.items() if score == top)


def _header_line(head: bytes) -> bytes:
    """The first line that is not blank (b"\\n" never occurs inside a character of the
    candidate encodings)."""
    for line in head.split(b"\n", 64):  # a header after 63 blank lines is no header
        if line.strip():
            return line.rstrip(b"\r")
    return b""


def _known_cells(text: str, delimiter: str, expected: Collection[str]) -> int:
    cells = next(csv.reader([text], delimiter=delimiter), [])
    return sum(1 for cell in cells if not cell.isascii() and normalise_header(cell) in expected)


# ---------------------------------------------------------------------------------------------
# the text


def _window(head: bytes, *, complete: bool) -> bytes:
    """At most DETECTION_WINDOW_BYTES of whole lines, from the line of the first
    non-ASCII byte on (an ASCII prefix says nothing about the code page)."""
    first = _HIGH.search(head)
    start = head.rfind(b"\n", 0, first.start()) + 1 if first else 0
    window = head[start : start + DETECTION_WINDOW_BYTES]
    if not complete or start + DETECTION_WINDOW_BYTES < len(head):
        cut = window.rfind(b"\n")
        if cut > 0:
            window = window[: cut + 1]
    return window


def _best_for_text(window: bytes, pool: Sequence[str]) -> tuple[str | None, bool]:
    """The candidate in `pool` that reads `window` best, and whether to trust it."""
    contexts = _contexts(window)
    seen = max(sum(contexts.values()), 1)
    oddness: dict[str, tuple[int, int]] = {}  # encoding -> (weighted sum, strong ones)
    for encoding in pool:
        classes = _classes(encoding)
        if any(classes[here] is _Class.UNDEFINED for _left, here, _right in contexts):
            continue  # a byte this code page does not have: not this one
        total = strong = 0
        for (left, here, right), count in contexts.items():
            weight = _oddness(classes[here], classes[left], classes[right])
            total += weight * count
            strong += count if weight == STRONG else 0
        oddness[encoding] = (total, strong)
    if not oddness:
        return None, False
    fewest = min(total for total, _strong in oddness.values())
    cleanest = [e for e in SINGLE_BYTE if e in oddness and oddness[e][0] == fewest]
    verdicts = _detector_verdicts(_evidence(window), cleanest)
    order = {encoding: index for index, encoding in enumerate(SINGLE_BYTE)}
    best = min(cleanest, key=lambda e: (*verdicts.get(e, (1.0, 0.0)), order[e]))
    share = oddness[best][1] / seen
    # Clean text is trusted as it is (on a few lines the detector's measures are noise);
    # text with some oddities only when the detector agrees it is not a mess.
    trusted = share <= CLEAN_SHARE or (share <= MAX_ODD_SHARE and best in verdicts)
    return best, trusted


def _contexts(window: bytes) -> Counter[tuple[int, int, int]]:
    """(byte before, non-ASCII byte, byte after) for the first MAX_EVIDENCE non-ASCII
    bytes, counted: a file repeats the same few, so each is weighed once per candidate."""
    last = len(window) - 1
    contexts: Counter[tuple[int, int, int]] = Counter()
    for n, match in enumerate(_HIGH.finditer(window)):
        if n == MAX_EVIDENCE:
            break
        i = match.start()
        left = window[i - 1] if i > 0 else _SPACE
        right = window[i + 1] if i < last else _SPACE
        contexts[left, window[i], right] += 1
    return contexts


def _evidence(window: bytes) -> bytes:
    """The lines of `window` that hold non-ASCII bytes, at most DETECTOR_SAMPLE_BYTES: what
    tells code pages apart, without the ASCII lines in between."""
    kept: list[bytes] = []
    size = 0
    for line in window.splitlines(keepends=True):
        if _HIGH.search(line):
            if size + len(line) > DETECTOR_SAMPLE_BYTES and kept:
                break
            kept.append(line[:DETECTOR_SAMPLE_BYTES])
            size += len(kept[-1])
    return b"".join(kept)


def _detector_verdicts(sample: bytes, pool: Sequence[str]) -> dict[str, tuple[float, float]]:
    """charset-normalizer's verdict on each candidate it does not reject as too messy:
    (mess ratio, minus language coherence), lower is better. Each candidate is measured
    on its own, over the whole sample: together, the detector stops at the first clean
    one and leaves the others unmeasured."""
    from charset_normalizer import from_bytes  # imported when a file is not UTF-8

    verdicts: dict[str, tuple[float, float]] = {}
    for encoding in pool:
        match = from_bytes(
            sample,
            steps=1,
            chunk_size=max(len(sample), 1),
            cp_isolation=[_CHARSET_NORMALIZER_NAMES[encoding]],
            threshold=DETECTOR_THRESHOLD,
            preemptive_behaviour=False,  # a cell saying "charset=..." is data
            enable_fallback=False,
        ).best()
        if match is not None:
            verdicts[encoding] = (round(match.chaos, 4), -round(match.coherence, 4))
    return verdicts


class _Class(Enum):
    """What a byte is in a code page, as far as telling code pages apart goes."""

    UNDEFINED = "undefined"
    CONTROL = "control"
    SYMBOL = "symbol"  # ³ ¯ £ ¦ ± ─ ...: not part of a word
    PUNCTUATION = "punctuation"  # « » “ „ ¿ – ...: beside words, not inside them
    APOSTROPHE = "apostrophe"  # ’ ‘ ·: may stand inside a word (O’Brien, l·l)
    OTHER = "other"  # ASCII digits and punctuation, spaces (NBSP too), soft hyphen


@dataclass(frozen=True)
class _Letter:
    script: str  # "latin" | "cyrillic" | "other"
    ascii: bool
    upper: bool
    lower: bool


ByteClass = _Class | _Letter


@cache
def _classes(encoding: str) -> tuple[ByteClass, ...]:
    """Each byte's class in `encoding` (a table, so that weighing a candidate never
    decodes the window)."""
    table: list[ByteClass] = []
    for byte in range(256):
        try:
            char = bytes([byte]).decode(encoding)
        except UnicodeDecodeError:
            table.append(_Class.UNDEFINED)
            continue
        table.append(_class_of(char))
    return tuple(table)


def _class_of(char: str) -> ByteClass:
    category = unicodedata.category(char)
    if char.isalpha():
        name = unicodedata.name(char, "")
        script = "latin" if "LATIN" in name else "cyrillic" if "CYRILLIC" in name else "other"
        return _Letter(script, char.isascii(), char.isupper(), char.islower())
    if char in "’‘·'":
        return _Class.APOSTROPHE
    if category == "Cc" and char not in "\t\n\r":
        return _Class.CONTROL
    if category[0] == "S" or category == "No":
        return _Class.SYMBOL
    if category[0] == "P" and not char.isascii():
        return _Class.PUNCTUATION
    return _Class.OTHER


def _oddness(here: ByteClass, left: ByteClass, right: ByteClass) -> int:
    """How much a non-ASCII character between `left` and `right` looks like a wrong code
    page: STRONG, WEAK or 0."""
    if isinstance(here, _Letter):
        return _letter_oddness(here, left, right)
    if here is _Class.CONTROL:
        return STRONG
    if here is _Class.SYMBOL:  # "Zak³ad", "£ódŸ", "¯uraw"
        return STRONG if isinstance(left, _Letter) or isinstance(right, _Letter) else 0
    if here is _Class.PUNCTUATION:  # "mo¿liwe"
        return STRONG if isinstance(left, _Letter) and isinstance(right, _Letter) else 0
    return 0


def _letter_oddness(here: _Letter, left: ByteClass, right: ByteClass) -> int:
    neighbours = [c for c in (left, right) if isinstance(c, _Letter)]
    # A Cyrillic letter inside a Latin word ("Zakіad", "Mьller"), or the reverse.
    if len(neighbours) == 2 and all(n.script != here.script for n in neighbours):
        return STRONG
    # A capital right after a small letter: "кНМРПЮЦЕМР" is cp1251 read as KOI8-R.
    if here.upper and isinstance(left, _Letter) and left.lower:
        return STRONG
    # Non-ASCII Latin letters side by side, away from ASCII ones: all of "Êîíòðàãåíò"
    # (Cyrillic read as cp1252), but also "Łódź" now and then, hence only WEAK.
    if here.script == "latin" and not any(n.ascii for n in neighbours):
        return WEAK if any(not n.ascii for n in neighbours) else 0
    return 0
