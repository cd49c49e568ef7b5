"""Writes to the interaction log and the time our people spend on accounts (SPEC §2.1,
§4; seed 000: relationship analysis).

Rules the services keep:

- An interaction belongs to one account. Our participants are active internal users;
  their participants are contacts of the same account; the goal or action it served
  belongs to a plan (any version) of the same account.
- Each interaction keeps one `TimeEntry` (source "interaction") per participant of
  ours, for its date and duration. An interaction without a duration (0 minutes, e.g.
  an e-mail logged without time) writes no time entries.
- `Contact.last_contact_on` is the latest date of the interactions the contact took
  part in; `Relationship.last_interaction_on` is the latest date of the interactions
  both people of the link took part in. Both are recomputed on every create, update and
  delete, and in bulk by `refresh_last_contacts` (imports, demo). They are derived
  figures, written with a queryset update: no history record, no new `updated_at`, so
  logging a call never makes someone's open contact form stale.
- Manual time entries: a user logs time for themselves; managers (administrators and
  directors) for anyone. Time that comes from an interaction changes with the
  interaction only.

Every write takes the account's write access (`account_for_user(write=True)`: 404 for
an account the user cannot see, 403 for a read-only viewer), and every update or delete
the `updated_at` the caller saw (stale: `ConflictError`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import Account, Contact
from keyplan.core.errors import ConflictError
from keyplan.plans.models import Action, Goal
from keyplan.users.models import User

from ..models import Interaction, Relationship, TimeEntry, TimeSource
from .access import is_manager
from .selectors import internal_users

# The fields a caller sets on an interaction; participants go as id lists in
# "our_people" and "their_people".
INTERACTION_FIELDS = (
    "kind",
    "occurred_on",
    "duration_minutes",
    "subject",
    "notes",
    "next_step",
    "goal_id",
    "action_id",
)
TIME_ENTRY_FIELDS = ("user_id", "spent_on", "minutes", "note")


def _save_by(obj: models.Model, user: User | None) -> None:
    """Save `obj` with `user` as the author of its history record (no change reason)."""
    obj._history_user = user  # type: ignore[attr-defined]  # simple-history's hook, not a field
    obj.save()


def _delete_by(obj: models.Model, user: User | None) -> None:
    """Delete `obj` with `user` as the author of its history record (no change reason)."""
    obj._history_user = user  # type: ignore[attr-defined]  # simple-history's hook, not a field
    obj.delete()


def _write_account(user: User, account: Account | int) -> Account:
    return account_for_user(user, getattr(account, "pk", account), write=True).account


def _ids(values: Iterable[Any] | None) -> list[int]:
    result: list[int] = []
    for value in values or ():
        pk = getattr(value, "pk", value)
        try:
            number = int(pk)
        except (TypeError, ValueError):
            number = 0
        if number not in result:
            result.append(number)
    return result


def _check_participants(account: Account, data: dict[str, Any], errors: dict) -> None:
    if "our_people" in data:
        wanted = set(_ids(data["our_people"]))
        found = set(internal_users().filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted - found:
            errors["our_people"] = [_("Choose active people of our company.")]
    if "their_people" in data:
        wanted = set(_ids(data["their_people"]))
        found = set(
            Contact.objects.filter(pk__in=wanted, account=account).values_list("pk", flat=True)
        )
        if wanted - found:
            errors["their_people"] = [_("Choose contacts of this account.")]


def _check_plan_links(interaction: Interaction, errors: dict) -> None:
    account_id = interaction.account_id
    if (
        interaction.goal_id is not None
        and not Goal.objects.filter(pk=interaction.goal_id, plan__account_id=account_id).exists()
    ):
        errors["goal_id"] = [_("Choose a goal of this account's plan.")]
    if (
        interaction.action_id is not None
        and not Action.objects.filter(
            pk=interaction.action_id, plan__account_id=account_id
        ).exists()
    ):
        errors["action_id"] = [_("Choose an action of this account's plan.")]


def _validate(interaction: Interaction, data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    interaction.subject = (interaction.subject or "").strip()
    _check_participants(interaction.account, data, errors)
    _check_plan_links(interaction, errors)
    exclude = ["account", "goal", "action", "created_by", *errors]
    try:
        interaction.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def sync_time_entries(interaction: Interaction, *, user: User | None = None) -> None:
    """One time entry per participant of ours, for the interaction's date and duration;
    none when it has no duration. Entries of people no longer taking part go."""
    entries = {e.user_id: e for e in TimeEntry.objects.filter(interaction=interaction)}
    wanted = (
        set(interaction.our_people.values_list("pk", flat=True))
        if interaction.duration_minutes
        else set()
    )
    note = interaction.subject[:255]
    for user_id, entry in entries.items():
        if user_id not in wanted:
            _delete_by(entry, user)
            continue
        if (
            entry.spent_on != interaction.occurred_on
            or entry.minutes != interaction.duration_minutes
            or entry.note != note
            or entry.account_id != interaction.account_id
        ):
            entry.spent_on = interaction.occurred_on
            entry.minutes = interaction.duration_minutes
            entry.note = note
            entry.account_id = interaction.account_id
            _save_by(entry, user)
    for user_id in sorted(wanted - set(entries)):
        entry = TimeEntry(
            user_id=user_id,
            account_id=interaction.account_id,
            spent_on=interaction.occurred_on,
            minutes=interaction.duration_minutes,
            note=note,
            source=TimeSource.INTERACTION,
            interaction=interaction,
        )
        _save_by(entry, user)


def _latest_with_contact() -> Subquery:
    return Subquery(
        Interaction.objects.filter(their_people=OuterRef("pk"))
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )


def _latest_with_pair() -> Subquery:
    return Subquery(
        Interaction.objects.filter(
            their_people=OuterRef("contact_id"), our_people=OuterRef("user_id")
        )
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )


def refresh_contacts(contact_ids: Iterable[int]) -> None:
    """Recompute the last contact of these contacts and of their relationships."""
    ids = sorted(set(contact_ids))
    if not ids:
        return
    Contact.objects.filter(pk__in=ids).update(last_contact_on=_latest_with_contact())
    Relationship.objects.filter(contact_id__in=ids).update(last_interaction_on=_latest_with_pair())


def refresh_last_contacts(*, account_ids: Iterable[int] | None = None) -> None:
    """Recompute `Contact.last_contact_on` and `Relationship.last_interaction_on` in bulk
    from the interactions (all accounts, or those of `account_ids`): two UPDATE
    statements, whatever the number of contacts. Used by the import and the demo."""
    contacts = Contact.objects.all()
    relationships = Relationship.objects.all()
    if account_ids is not None:
        ids = sorted(set(account_ids))
        contacts = contacts.filter(account_id__in=ids)
        relationships = relationships.filter(account_id__in=ids)
    contacts.update(last_contact_on=_latest_with_contact())
    relationships.update(last_interaction_on=_latest_with_pair())


def _set_participants(interaction: Interaction, data: dict[str, Any]) -> set[int]:
    """Apply the participant lists in `data`; the contact ids touched (before and after)."""
    touched = set(interaction.their_people.values_list("pk", flat=True))
    if "our_people" in data:
        interaction.our_people.set(_ids(data["our_people"]))
    if "their_people" in data:
        new = _ids(data["their_people"])
        interaction.their_people.set(new)
        touched |= set(new)
    return touched


def _source_key_taken(interaction: Interaction) -> bool:
    if not interaction.source_key:
        return False
    return (
        Interaction.objects.filter(
            account_id=interaction.account_id, source_key=interaction.source_key
        )
        .exclude(pk=interaction.pk)
        .exists()
    )


@transaction.atomic
def interaction_create(*, user: User, account: Account | int, data: dict[str, Any]) -> Interaction:
    """Log an interaction with `account`; writes its time entries and refreshes the
    last-contact dates of the people in it."""
    account = _write_account(user, account)
    values = {k: v for k, v in data.items() if k in INTERACTION_FIELDS}
    interaction = Interaction(account=account, created_by=user, **values)
    if data.get("source_key"):
        interaction.source_key = str(data["source_key"])[:100]
    _validate(interaction, data)
    if _source_key_taken(interaction):
        raise ValidationError({"source_key": [_("An interaction with this key already exists.")]})
    _save_by(interaction, user)
    touched = _set_participants(interaction, data)
    sync_time_entries(interaction, user=user)
    refresh_contacts(touched)
    return interaction


def _locked(interaction: Interaction, seen_updated_at: datetime | None) -> Interaction:
    current = (
        Interaction.objects.select_for_update(of=("self",))
        .select_related("account")
        .filter(pk=interaction.pk)
        .first()
    )
    if current is None or (seen_updated_at is not None and current.updated_at != seen_updated_at):
        raise ConflictError(current)
    return current


@transaction.atomic
def interaction_update(
    *,
    user: User,
    interaction: Interaction,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> Interaction:
    """Change an interaction (fields and participants); time entries and last-contact
    dates follow. Stale `seen_updated_at` (or deleted meanwhile): ConflictError."""
    _write_account(user, interaction.account_id)
    current = _locked(interaction, seen_updated_at)
    changes = {
        k: v for k, v in data.items() if k in INTERACTION_FIELDS and getattr(current, k) != v
    }
    before_our = set(current.our_people.values_list("pk", flat=True))
    before_their = set(current.their_people.values_list("pk", flat=True))
    people_change = ("our_people" in data and set(_ids(data["our_people"])) != before_our) or (
        "their_people" in data and set(_ids(data["their_people"])) != before_their
    )
    if not changes and not people_change:
        return current
    for key, value in changes.items():
        setattr(current, key, value)
    _validate(current, data)
    _save_by(current, user)  # a new updated_at even when only the participants changed
    touched = _set_participants(current, data) | before_their
    sync_time_entries(current, user=user)
    refresh_contacts(touched)
    return current


@transaction.atomic
def interaction_delete(
    *, user: User, interaction: Interaction, seen_updated_at: datetime | None = None
) -> None:
    """Delete an interaction with its time entries; the last-contact dates of its people
    fall back to their previous interactions."""
    _write_account(user, interaction.account_id)
    current = Interaction.objects.select_for_update(of=("self",)).filter(pk=interaction.pk).first()
    if current is None:
        return  # already gone: deleting is idempotent
    if seen_updated_at is not None and current.updated_at != seen_updated_at:
        raise ConflictError(current)
    touched = set(current.their_people.values_list("pk", flat=True))
    for entry in TimeEntry.objects.filter(interaction=current):
        _delete_by(entry, user)
    _delete_by(current, user)
    refresh_contacts(touched)


# --- manual time entries -----------------------------------------------------------------


def _check_time_user(user: User, target_id: Any, errors: dict) -> None:
    if target_id != user.pk and not is_manager(user):
        raise PermissionDenied
    if not internal_users().filter(pk=target_id).exists():
        errors["user_id"] = [_("Choose an active person of our company.")]


def _validate_entry(entry: TimeEntry, errors: dict[str, list[str]]) -> None:
    entry.note = (entry.note or "").strip()
    try:
        entry.full_clean(exclude=["user", "account", "interaction", *errors])
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def time_entry_create(*, user: User, account: Account | int, data: dict[str, Any]) -> TimeEntry:
    """Log time spent on `account` (for oneself; managers for anyone: `user_id`)."""
    account = _write_account(user, account)
    values = {k: v for k, v in data.items() if k in TIME_ENTRY_FIELDS}
    values.setdefault("user_id", user.pk)
    if values["user_id"] is None:
        values["user_id"] = user.pk
    errors: dict[str, list[str]] = {}
    _check_time_user(user, values["user_id"], errors)
    entry = TimeEntry(account=account, source=TimeSource.MANUAL, **values)
    _validate_entry(entry, errors)
    _save_by(entry, user)
    return entry


def _locked_entry(user: User, entry: TimeEntry, seen_updated_at: datetime | None) -> TimeEntry:
    _write_account(user, entry.account_id)
    current = TimeEntry.objects.select_for_update(of=("self",)).filter(pk=entry.pk).first()
    if current is None or (seen_updated_at is not None and current.updated_at != seen_updated_at):
        raise ConflictError(current)
    if current.user_id != user.pk and not is_manager(user):
        raise PermissionDenied
    if current.source != TimeSource.MANUAL:
        raise ValidationError(
            _("This time comes from an interaction: change or delete the interaction.")
        )
    return current


@transaction.atomic
def time_entry_update(
    *,
    user: User,
    entry: TimeEntry,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> TimeEntry:
    """Change a manual time entry (one's own; managers any)."""
    current = _locked_entry(user, entry, seen_updated_at)
    changes = {k: v for k, v in data.items() if k in TIME_ENTRY_FIELDS and getattr(current, k) != v}
    if not changes:
        return current
    errors: dict[str, list[str]] = {}
    if "user_id" in changes:
        _check_time_user(user, changes["user_id"], errors)
    for key, value in changes.items():
        setattr(current, key, value)
    _validate_entry(current, errors)
    _save_by(current, user)
    return current


@transaction.atomic
def time_entry_delete(
    *, user: User, entry: TimeEntry, seen_updated_at: datetime | None = None
) -> None:
    """Delete a manual time entry (one's own; managers any)."""
    if not TimeEntry.objects.filter(pk=entry.pk).exists():
        _write_account(user, entry.account_id)
        return
    current = _locked_entry(user, entry, seen_updated_at)
    _delete_by(current, user)
