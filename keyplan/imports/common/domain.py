"""What the import's file readers and value parsers share: byte sizes, the way a
number or a cell's value is quoted in a message, and the way column names are compared."""

from __future__ import annotations

from django.utils.formats import get_format

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


def grouped(n: int) -> str:
    """12345 → "12,345" in English, "12 345" in Russian and Polish."""
    return f"{n:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))


def shown(text: str, limit: int = 40) -> str:
    """A cell's value as a message quotes it: stripped, and cut with "…" when long."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def normalise_header(name: str) -> str:
    """ " Kontrahent\u00a0 NIP\ufeff" → "kontrahent nip": for matching preset column names."""
    return " ".join(name.replace("\ufeff", "").split()).casefold()


class AmbiguousColumn(ValueError):
    """A column whose values can be read two ways; the user has to choose an option."""
