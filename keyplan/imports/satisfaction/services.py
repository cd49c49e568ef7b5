"""Writing one batch of the `satisfaction` kind (answers to "how satisfied are you with
us", 0 to 10), idempotently (see `keyplan.imports.writing.services`), with their change
history.

- The account must exist (found by external id, tax id or name): an answer for an
  account keyplan does not know is a mistake in the file, so this kind never creates
  accounts.
- The respondent (optional) is one of the account's contacts, by e-mail or full name
  ("first last" or "last first"). A respondent that matches no contact of the account,
  or several, rejects the row, naming the person: an answer is never silently filed as
  anonymous, nor under the wrong person. An empty cell is an answer of nobody in
  particular.
- The key is the answer's id in the source (`external_id`, unique), else a fingerprint of
  the row (`SatisfactionAnswer.import_key`, see `keyplan.imports.pipeline.domain.Keys`):
  re-running a file changes nothing; a corrected row with an id updates its answer, one
  without an id is another answer.
- Only the mapped columns are compared and written: a file without comments keeps the
  stored comments, one without respondents the stored respondents.
- The rules of a valid answer are the page's and the API's
  (keyplan.stakeholders.satisfaction.domain): a whole score from 0 to 10, a date not in
  the future. An answer the file updates keeps its source (one entered by hand and later
  exported and imported back stays "manual").
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyplan.accounts.models import Contact
from keyplan.stakeholders.models import SatisfactionAnswer, SatisfactionSource
from keyplan.stakeholders.satisfaction.domain import answered_on_problem, score_problem

from ..writing.services import BatchResult, Context, Item, RowProblem, account_problem

CHUNK = 900  # ids per IN (...) query: under SQLite's limit on parameters

# (external id, "") or ("", import key) -> (line, the answer's values)
Key = tuple[str, str]
Wanted = dict[Key, tuple[int, dict[str, Any]]]
# account -> e-mail or full name (casefolded) -> contact ids
People = dict[int, dict[str, set[int]]]


def write_satisfaction(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    wanted = _wanted(ctx, items, result)
    existing = _existing(list(wanted))
    user_id = ctx.user.pk if ctx.user is not None else None
    now = timezone.now()
    new: list[SatisfactionAnswer] = []
    changed: list[SatisfactionAnswer] = []
    for key, (_line, values) in wanted.items():
        found = existing.get(key)
        if found is None:
            values.setdefault("comment", "")
            external_id, import_key = key
            new.append(
                SatisfactionAnswer(
                    external_id=external_id,
                    import_key=import_key,
                    source=SatisfactionSource.IMPORT,
                    created_by_id=user_id,
                    **values,
                )
            )
        elif any(getattr(found, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(found, k, v)
            found.updated_at = now  # bulk_update does not apply auto_now
            changed.append(found)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)
    if not dry_run:
        _save(ctx, new, changed, list(wanted.values()))
    return result


def _wanted(ctx: Context, items: list[Item], result: BatchResult) -> Wanted:
    """key -> (line, the answer's values) for the batch's good rows; the others are
    rejected into `result` with their line, column, value and reason."""
    wanted: Wanted = {}
    today = timezone.localdate()
    found = [(item, ctx.accounts.find(item.record)) for item in items]
    people = _people(sorted({ref.pk for _item, ref in found if ref is not None}))
    for item, ref in found:
        if ref is None:
            result.errors.append(account_problem(ctx, "satisfaction", item))
            continue
        record = item.record
        values: dict[str, Any] = {"account_id": ref.pk, "answered_on": record["answered_on"]}
        problem = _problem(ctx, item, today)
        if problem is None and "respondent" in ctx.headers:
            contact_id, problem = _respondent(ctx, item, people.get(ref.pk, {}))
            values["contact_id"] = contact_id
        if problem is not None:
            result.errors.append(problem)
            continue
        values["score"] = int(record["score"])
        if "comment" in ctx.headers:
            values["comment"] = record.get("comment", "")
        external_id = record.get("external_id", "")
        key = (external_id, "") if external_id else ("", item.key[0])
        if key in wanted:  # the pipeline reports repeated keys; kept as a safeguard
            reason = gettext("duplicate of line %(line)s") % {"line": wanted[key][0]}
            result.errors.append((item.line, "", "", reason))
            continue
        wanted[key] = (item.line, values)
    return wanted


def _problem(ctx: Context, item: Item, today: date) -> RowProblem | None:
    """Why a row cannot be an answer (the page's and the API's rules), or None."""
    record = item.record
    problem = score_problem(record["score"])
    if problem is not None:
        return (item.line, ctx.column("score"), _shown(record["score"]), problem)
    problem = answered_on_problem(record["answered_on"], today)
    if problem is not None:
        return (item.line, ctx.column("answered_on"), record["answered_on"].isoformat(), problem)
    return None


def _shown(value: Any) -> str:
    text = str(value)
    return format(value, "f") if "E" in text or "e" in text else text


def _respondent(
    ctx: Context, item: Item, people: dict[str, set[int]]
) -> tuple[int | None, RowProblem | None]:
    """The contact the row's respondent names (None for an empty cell), or the problem."""
    name = " ".join(str(item.record.get("respondent") or "").split())
    if not name:
        return None, None
    ids = people.get(name.casefold(), set())
    if len(ids) == 1:
        return next(iter(ids)), None
    reason = (
        gettext("no contact of this account with this e-mail or name")
        if not ids
        else gettext("several contacts of this account have this name: use the e-mail")
    )
    return None, (item.line, ctx.column("respondent"), name, reason)


def _people(account_ids: list[int]) -> People:
    """The contacts of the accounts by e-mail and full name (either order), casefolded."""
    result: People = defaultdict(lambda: defaultdict(set))
    for start in range(0, len(account_ids), CHUNK):
        rows = Contact.objects.filter(account_id__in=account_ids[start : start + CHUNK])
        for pk, account_id, first, last, email in rows.values_list(
            "pk", "account_id", "first_name", "last_name", "email"
        ):
            for key in (email, f"{first} {last}", f"{last} {first}"):
                key = " ".join(key.split()).casefold()
                if key:
                    result[account_id][key].add(pk)
    return result


def _existing(keys: list[Key]) -> dict[Key, SatisfactionAnswer]:
    """The stored answers under `keys`, by external id or by import key."""
    found: dict[Key, SatisfactionAnswer] = {}
    external_ids = sorted({e for e, _k in keys if e})
    import_keys = sorted({k for _e, k in keys if k})
    for start in range(0, len(external_ids), CHUNK):
        chunk = external_ids[start : start + CHUNK]
        for answer in SatisfactionAnswer.objects.filter(external_id__in=chunk):
            found[(answer.external_id, "")] = answer
    for start in range(0, len(import_keys), CHUNK):
        chunk = import_keys[start : start + CHUNK]
        for answer in SatisfactionAnswer.objects.filter(import_key__in=chunk):
            found[("", answer.import_key)] = answer
    return found


def _save(
    ctx: Context,
    new: list[SatisfactionAnswer],
    changed: list[SatisfactionAnswer],
    wanted: list[tuple[int, dict[str, Any]]],
) -> None:
    bulk_create_with_history(
        new,
        SatisfactionAnswer,
        batch_size=1000,
        default_user=ctx.user,
        default_change_reason="import",
    )
    if changed:
        written = {name for _line, values in wanted for name in values}
        fields = [name.removesuffix("_id") for name in sorted(written)]
        bulk_update_with_history(
            changed,
            SatisfactionAnswer,
            [*fields, "updated_at"],
            batch_size=1000,
            default_user=ctx.user,
            default_change_reason="import",
        )
