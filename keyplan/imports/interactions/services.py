"""Writing one batch of the `interactions` kind (meetings, calls, visits, e-mails, e.g.
from a calendar export), idempotently.

- The account must exist (found by external id, tax id or name); interactions never
  create accounts.
- `our_people`: user names, e-mails or full names of active internal users, separated
  by ";" or ","; `their_people`: e-mails or full names ("first last" or "last first")
  of the account's contacts. A name that matches nobody (or several contacts) rejects
  the row, naming the person.
- The key (`Interaction.source_key`) is the source's id (`external_id`, e.g. a calendar
  event id), else a fingerprint of the row's account, date, type and subject (see
  `keyplan.imports.pipeline.domain.Keys`): re-running a file changes nothing, and a
  corrected note or participant list updates the interaction it belongs to.
- Only the mapped columns are compared and written: a file without notes keeps the
  stored notes.
- Each interaction keeps one time entry per participant of ours (its duration, source
  "interaction"), and the last-contact dates of the accounts touched are recomputed
  (`keyplan.stakeholders.interactions.services.refresh_last_contacts`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyplan.accounts.models import Contact
from keyplan.stakeholders.interactions.selectors import internal_users
from keyplan.stakeholders.interactions.services import (
    refresh_last_contacts,
    sync_time_entries,
)
from keyplan.stakeholders.models import Interaction, TimeEntry, TimeSource

from ..lookups.services import AccountRef
from ..writing.services import BatchResult, Context, Item, account_problem

# Import field -> Interaction field.
FIELDS = {
    "date": "occurred_on",
    "type": "kind",
    "duration": "duration_minutes",
    "subject": "subject",
    "notes": "notes",
    "next_step": "next_step",
}
MAX_MINUTES = 24 * 60
_SPLIT = re.compile(r"[;,]")

# (account pk, source key) -> (line, the interaction's values, our people, their people);
# a list of participants is None when the file has no column for them.
Wanted = dict[tuple[int, str], tuple[int, dict[str, Any], list[int] | None, list[int] | None]]
# An interaction to create or update, with the participants to give it.
Planned = tuple[Interaction, list[int] | None, list[int] | None]


def _names(text: str | None) -> list[str]:
    return [" ".join(part.split()) for part in _SPLIT.split(text or "") if part.strip()]


def _our_people(ctx: Context) -> dict[str, int]:
    """Active internal users by user name, e-mail and full name (once per run)."""
    found = ctx.people
    if found is None:
        found = {}
        for pk, username, email, first, last in internal_users().values_list(
            "pk", "username", "email", "first_name", "last_name"
        ):
            for key in (username, email, f"{first} {last}".strip()):
                if key:
                    found.setdefault(" ".join(key.split()).casefold(), pk)
        ctx.people = found
    return found


def _contacts_by_key(account_ids: list[int]) -> dict[int, dict[str, set[int]]]:
    """account -> e-mail or full name (either order), casefolded -> contact ids."""
    result: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for start in range(0, len(account_ids), 900):
        rows = Contact.objects.filter(account_id__in=account_ids[start : start + 900])
        for pk, account_id, first, last, email in rows.values_list(
            "pk", "account_id", "first_name", "last_name", "email"
        ):
            keys = result[account_id]
            for key in (email, f"{first} {last}", f"{last} {first}", last if not first else ""):
                key = " ".join(key.split()).casefold()
                if key:
                    keys[key].add(pk)
    return result


def _duration(value: Decimal | None) -> int | None:
    if value is None:
        return 0
    if value != value.to_integral_value() or not 0 <= value <= MAX_MINUTES:
        return None
    return int(value)


def write_interactions(ctx: Context, items: list[Item], *, dry_run: bool) -> BatchResult:
    result = BatchResult()
    people = _our_people(ctx)
    refs: dict[int, AccountRef] = {}
    for item in items:
        ref = ctx.accounts.find(item.record)
        if ref is None:
            result.errors.append(account_problem(ctx, "interactions", item))
            continue
        refs[item.line] = ref
    contacts = _contacts_by_key(sorted({ref.pk for ref in refs.values()}))
    mapped = [f for f in FIELDS if f in ctx.headers]
    wanted: Wanted = {}
    for item in items:
        ref = refs.get(item.line)
        if ref is None:
            continue
        row = _clean(ctx, item, mapped, people, contacts.get(ref.pk, {}), result)
        if row is None:
            continue
        values, ours, theirs = row
        key = (ref.pk, item.key[0])
        if key in wanted:
            reason = gettext("duplicate of line %(line)s") % {"line": wanted[key][0]}
            result.errors.append((item.line, "", "", reason))
            continue
        wanted[key] = (item.line, values, ours, theirs)
    _write(ctx, wanted, result, dry_run=dry_run)
    return result


def _clean(
    ctx: Context,
    item: Item,
    mapped: list[str],
    people: dict[str, int],
    contacts: dict[str, set[int]],
    result: BatchResult,
) -> tuple[dict[str, Any], list[int] | None, list[int] | None] | None:
    """The interaction's values and participants of one row, or None (error recorded)."""
    record = item.record
    values: dict[str, Any] = {}
    for name in mapped:
        value = record.get(name)
        if name == "duration":
            minutes = _duration(value)
            if minutes is None:
                reason = gettext("the duration must be whole minutes from 0 to 1440")
                result.errors.append((item.line, ctx.column(name), str(value), reason))
                return None
            value = minutes
        values[FIELDS[name]] = value if value is not None else ""
    ours: list[int] | None = None
    if "our_people" in ctx.headers:
        ours = []
        for name in _names(record.get("our_people")):
            pk = people.get(name.casefold())
            if pk is None:
                reason = gettext("no active user of ours with this user name, e-mail or name")
                result.errors.append((item.line, ctx.column("our_people"), name, reason))
                return None
            if pk not in ours:
                ours.append(pk)
    theirs: list[int] | None = None
    if "their_people" in ctx.headers:
        theirs = []
        for name in _names(record.get("their_people")):
            found = contacts.get(name.casefold(), set())
            if len(found) != 1:
                reason = (
                    gettext("no contact of this account with this e-mail or name")
                    if not found
                    else gettext("several contacts of this account have this name: use the e-mail")
                )
                result.errors.append((item.line, ctx.column("their_people"), name, reason))
                return None
            pk = next(iter(found))
            if pk not in theirs:
                theirs.append(pk)
    return values, ours, theirs


def _existing(
    keys: list[tuple[int, str]],
) -> dict[tuple[int, str], tuple[Interaction, set[int], set[int]]]:
    """The stored interactions under `keys`, each with its participants' ids (ours,
    theirs)."""
    found: dict[tuple[int, str], Interaction] = {}
    account_ids = sorted({a for a, _k in keys})
    source_keys = sorted({k for _a, k in keys})
    for start in range(0, len(source_keys), 900):
        for interaction in Interaction.objects.filter(
            account_id__in=account_ids, source_key__in=source_keys[start : start + 900]
        ):
            found[(interaction.account_id, interaction.source_key)] = interaction
    ids = [i.pk for i in found.values()]
    ours: dict[int, set[int]] = defaultdict(set)
    theirs: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for iid, uid in Interaction.our_people.through.objects.filter(
            interaction_id__in=chunk
        ).values_list("interaction_id", "user_id"):
            ours[iid].add(uid)
        for iid, cid in Interaction.their_people.through.objects.filter(
            interaction_id__in=chunk
        ).values_list("interaction_id", "contact_id"):
            theirs[iid].add(cid)
    return {key: (i, ours[i.pk], theirs[i.pk]) for key, i in found.items()}


def _write(ctx: Context, wanted: Wanted, result: BatchResult, *, dry_run: bool) -> None:
    existing = _existing(list(wanted))
    user_id = ctx.user.pk if ctx.user is not None else None
    now = timezone.now()
    new: list[Planned] = []
    changed: list[Planned] = []
    for (account_id, source_key), (_line, values, ours, theirs) in wanted.items():
        stored = existing.get((account_id, source_key))
        if stored is None:
            interaction = Interaction(
                account_id=account_id, source_key=source_key, created_by_id=user_id, **values
            )
            new.append((interaction, ours, theirs))
            continue
        interaction, stored_ours, stored_theirs = stored
        differs = any(getattr(interaction, k) != v for k, v in values.items())
        differs = differs or (ours is not None and set(ours) != stored_ours)
        differs = differs or (theirs is not None and set(theirs) != stored_theirs)
        if not differs:
            result.unchanged += 1
            continue
        for key, value in values.items():
            setattr(interaction, key, value)
        interaction.updated_at = now  # bulk_update does not apply auto_now
        changed.append((interaction, ours, theirs))
    result.created, result.updated = len(new), len(changed)
    if dry_run or not (new or changed):
        return
    created = bulk_create_with_history(
        [i for i, _o, _t in new],
        Interaction,
        batch_size=1000,
        default_user=ctx.user,
        default_change_reason="import",
    )
    for (interaction, _ours, _theirs), saved in zip(new, created, strict=True):
        interaction.pk = saved.pk
    _link_new(ctx, new)
    if changed:
        bulk_update_with_history(
            [i for i, _o, _t in changed],
            Interaction,
            [*FIELDS.values(), "updated_at"],
            batch_size=1000,
            default_user=ctx.user,
            default_change_reason="import",
        )
        for interaction, ours, theirs in changed:
            if ours is not None:
                interaction.our_people.set(ours)
            if theirs is not None:
                interaction.their_people.set(theirs)
            sync_time_entries(interaction, user=ctx.user)
    refresh_last_contacts(account_ids={i.account_id for i, _o, _t in [*new, *changed]})


def _link_new(ctx: Context, new: list[Planned]) -> None:
    """Participants and time entries of the new interactions, in a few inserts."""
    our_through = Interaction.our_people.through
    their_through = Interaction.their_people.through
    our_links, their_links, entries = [], [], []
    for interaction, ours, theirs in new:
        for uid in ours or ():
            our_links.append(our_through(interaction_id=interaction.pk, user_id=uid))
            if interaction.duration_minutes:
                entries.append(
                    TimeEntry(
                        user_id=uid,
                        account_id=interaction.account_id,
                        spent_on=interaction.occurred_on,
                        minutes=interaction.duration_minutes,
                        note=interaction.subject[:255],
                        source=TimeSource.INTERACTION,
                        interaction_id=interaction.pk,
                    )
                )
        for cid in theirs or ():
            their_links.append(their_through(interaction_id=interaction.pk, contact_id=cid))
    our_through.objects.bulk_create(our_links, batch_size=1000)
    their_through.objects.bulk_create(their_links, batch_size=1000)
    bulk_create_with_history(
        entries,
        TimeEntry,
        batch_size=1000,
        default_user=ctx.user,
        default_change_reason="import",
    )
