"""The search's pure rules: what a query is, how the recent items list changes.

No ORM here: tested without a database."""

from __future__ import annotations

from collections.abc import Sequence

MIN_LENGTH = 2  # shorter queries find nothing (they would match half the database)
MAX_LENGTH = 100
MAX_TERMS = 5  # words of a query that must each match; the rest is ignored
PER_KIND = 5  # hits of each kind on the search page and in the API
SUGGEST_PER_KIND = 3  # hits of each kind in the dropdown under the search field
RECENT_LIMIT = 10

ACCOUNT = "account"
CONTACT = "contact"
ACTION = "action"
PLAN = "plan"
COMPETITOR = "competitor"
KINDS: tuple[str, ...] = (ACCOUNT, CONTACT, ACTION, PLAN, COMPETITOR)
RECENT_KINDS: frozenset[str] = frozenset({ACCOUNT, PLAN})


def clean_query(raw: object) -> str:
    """The query as searched: control characters dropped, spaces collapsed, at most
    MAX_LENGTH characters."""
    if not isinstance(raw, str):
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(text.split())[:MAX_LENGTH].strip()


def is_searchable(query: str) -> bool:
    """Whether `query` (cleaned) is long enough to search."""
    return len(query) >= MIN_LENGTH


def terms(query: str) -> list[str]:
    """The words that must each match (the first MAX_TERMS, duplicates once)."""
    seen: list[str] = []
    for word in query.split():
        if word.casefold() not in {w.casefold() for w in seen}:
            seen.append(word)
    return seen[:MAX_TERMS]


def parse_kind(raw: object) -> str:
    """A kind of KINDS, or "" (every kind) for anything else."""
    return raw if isinstance(raw, str) and raw in KINDS else ""


def remember(
    entries: Sequence[object], kind: str, pk: int, *, limit: int = RECENT_LIMIT
) -> list[list]:
    """The recent items after opening (`kind`, `pk`): it goes first, once; the list is
    cut at `limit`. Malformed entries (a tampered or an old session) are dropped."""
    kept: list[list] = [[kind, pk]]
    for entry in entries:
        if not isinstance(entry, list | tuple) or len(entry) != 2:
            continue
        entry_kind, entry_pk = entry
        if entry_kind not in RECENT_KINDS or not isinstance(entry_pk, int) or entry_pk < 1:
            continue
        if (entry_kind, entry_pk) == (kind, pk) or [entry_kind, entry_pk] in kept:
            continue
        kept.append([entry_kind, entry_pk])
    return kept[:limit]


def clean_recent(entries: object, *, limit: int = RECENT_LIMIT) -> list[tuple[str, int]]:
    """The valid (kind, pk) entries of a stored list, in order, at most `limit`."""
    if not isinstance(entries, list):
        return []
    found: list[tuple[str, int]] = []
    for entry in entries:
        if not isinstance(entry, list | tuple) or len(entry) != 2:
            continue
        kind, pk = entry
        if kind in RECENT_KINDS and isinstance(pk, int) and pk > 0 and (kind, pk) not in found:
            found.append((kind, pk))
    return found[:limit]
