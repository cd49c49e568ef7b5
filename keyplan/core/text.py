"""Text that came from outside (a form, the API, an import file) and text that goes out
(a spreadsheet, an error message): the characters that must not pass, and server paths
that must not be shown.

- Control characters: C0 (U+0000..U+001F) and DEL (U+007F), except tab, line feed and
  carriage return, which ordinary text (a note, a pasted cell) holds. PostgreSQL refuses
  NUL in text, and XML (so XLSX) cannot hold any C0 character but those three: a name
  with one makes every spreadsheet export it appears in fail.
- Paths: an error raised while reading a file may quote where the server keeps it.
"""

from __future__ import annotations

import re

# Refused on the way in (DEL included: invisible, and no one types it).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What XML 1.0 (so openpyxl, which raises IllegalCharacterError) cannot write.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

# An absolute path of two parts or more (POSIX, Windows or a file: URL), not a part of a
# relative one ("xl/worksheets/sheet1.xml" stays) nor a date or fraction ("1/2").
_PATH = re.compile(r"(?<![\w.~/\\-])(?:file:/*|[A-Za-z]:)?(?:[/\\][^\s/\\'\"<>|()\[\],;:]+){2,}")
PATH_SHOWN = "…"


def control_character(text: str) -> str | None:
    """The first control character in `text`, or None."""
    match = CONTROL_CHARACTERS.search(text)
    return match.group() if match else None


def code_point(char: str) -> str:
    """ "\\x01" → "U+0001": how a message names an invisible character."""
    return f"U+{ord(char):04X}"


def xml_safe(text: str) -> str:
    """`text` without the characters an XLSX file cannot hold."""
    return XML_ILLEGAL.sub("", text)


def visible(text: str) -> str:
    """`text` with each control character shown as its code point, for a message that
    quotes a refused value (and so that the message itself can be stored)."""
    return CONTROL_CHARACTERS.sub(lambda match: f"<{code_point(match.group())}>", text)


def without_paths(text: str) -> str:
    """`text` with every absolute file path replaced by "…"."""
    return _PATH.sub(PATH_SHOWN, text)
