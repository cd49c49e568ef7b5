"""A contact's personal data: export it (the right of access) and erase it (the right
to erasure), SPEC §5.

Who: administrators and the account's owner (`access.py`). Anyone else who sees the
account gets PermissionDenied (403); whoever does not see it gets Http404, as everywhere.

Export gathers the contact's own fields, the people they report to and who report to
them, their relationships with our people, the interactions they took part in and the
history of their record, as a JSON-ready dict.

Erasure anonymises the contact everywhere, in one transaction:

1. the contact (archived ones too): last name "Erased contact #<id>", first name,
   title, e-mail, phone and notes cleared, `erased_at` set; the same on every
   historical version of it;
2. every text column (CharField, TextField, e-mail...) of every model and historical
   model of the project (and of the installed apps: admin log, task results...) is
   scrubbed of the old names, e-mails and phones, DB-side (`UPDATE ... SET col =
   REPLACE(col, ...)`, one statement per column); JSON columns are scrubbed row by
   row, only in the rows whose text holds a needle. The needles are every value the
   contact ever had (history included): "first last", "last first", "last, first",
   the last name alone (when 3 characters or longer: shorter ones would shred common
   words; other people's own name columns are left alone), e-mail and phone, each
   also in lower and upper case. Replacement is case-sensitive per variant.
3. figures stay: interactions, time entries, invoices, roles and scores remain, now
   about an anonymous person.
4. a `PersonalDataLog` entry records who erased which contact id and when, never the data.

Session data (signed, opaque) and uploaded files on disk are not scanned.
"""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Left, Replace
from django.utils import timezone

from keyplan.accounts.models import Contact
from keyplan.core import pagecache
from keyplan.core.history import save_with_history
from keyplan.users.audit.services import record
from keyplan.users.models import AuditKind

from ..models import Interaction, PersonalDataAction, PersonalDataLog, Relationship
from .access import personal_data_access

SKIPPED_APPS = frozenset({"sessions", "contenttypes"})
NEEDLES_PER_UPDATE = 8
MIN_BARE_NAME = 3  # a bare last name shorter than this is not scrubbed (see above)


def erased_name(contact_id: int) -> str:
    return f"Erased contact #{contact_id}"


# --- export -------------------------------------------------------------------------------

CONTACT_EXPORT_FIELDS = (
    "first_name",
    "last_name",
    "title",
    "email",
    "phone",
    "notes",
    "buying_roles",
    "level",
    "authority",
    "influence",
    "interest",
    "attitude",
    "competitor_attitude",
    "biased_against_us",
    "last_contact_on",
    "erased_at",
    "created_at",
    "updated_at",
)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _person(contact: Contact | None) -> dict[str, Any] | None:
    if contact is None:
        return None
    return {"id": contact.pk, "name": str(contact), "title": contact.title}


def contact_export(*, user, contact: Contact) -> dict[str, Any]:
    """Everything stored about `contact`, JSON-ready; logged (without the data)."""
    contact, access = personal_data_access(user, contact)
    relationships = Relationship.objects.filter(contact=contact).select_related("user")
    interactions = (
        Interaction.objects.filter(their_people=contact)
        .prefetch_related("our_people", "their_people")
        .order_by("occurred_on", "pk")
    )
    history = contact.history.select_related("history_user").order_by("history_date", "pk")
    data = {
        "exported_at": timezone.now().isoformat(),
        "contact": {
            "id": contact.pk,
            **{name: _plain(getattr(contact, name)) for name in CONTACT_EXPORT_FIELDS},
        },
        "account": {"id": access.account.pk, "name": access.account.name},
        "reports_to": _person(contact.reports_to),
        "reports": [
            _person(c)
            for c in Contact.all_objects.filter(reports_to=contact).order_by("last_name", "pk")
        ],
        "relationships": [
            {
                "our_person": str(r.user),
                "strength": r.strength,
                "last_interaction_on": _plain(r.last_interaction_on),
                "notes": r.notes,
            }
            for r in relationships
        ],
        "interactions": [
            {
                "id": i.pk,
                "type": i.kind,
                "date": i.occurred_on.isoformat(),
                "duration_minutes": i.duration_minutes,
                "subject": i.subject,
                "notes": i.notes,
                "next_step": i.next_step,
                "our_people": [str(u) for u in i.our_people.all()],
                # Other customer people are their own data: only whether they were there.
                "other_participants": sum(1 for c in i.their_people.all() if c.pk != contact.pk),
            }
            for i in interactions
        ],
        "history": [
            {
                "date": h.history_date.isoformat(),
                "type": {"+": "created", "~": "changed", "-": "deleted"}.get(h.history_type),
                "by": str(h.history_user) if h.history_user else None,
                "reason": h.history_change_reason,
                "values": {
                    name: _plain(getattr(h, name))
                    for name in CONTACT_EXPORT_FIELDS
                    if name != "updated_at"
                },
            }
            for h in history
        ],
    }
    PersonalDataLog.objects.create(
        action=PersonalDataAction.EXPORT,
        contact_id_ref=contact.pk,
        account=access.account,
        done_by=user,
    )
    return data


# --- erasure ------------------------------------------------------------------------------


def _needles(contact: Contact) -> tuple[list[str], list[str]]:
    """(needles scrubbed everywhere, bare last names scrubbed outside people's name
    columns), longest first so that "Jan Kowalski" goes before "Kowalski"."""
    versions = list(
        contact.history.values_list("first_name", "last_name", "email", "phone").distinct()
    )
    versions.append((contact.first_name, contact.last_name, contact.email, contact.phone))
    full: set[str] = set()
    bare: set[str] = set()
    for first, last, email, phone in versions:
        first, last = (first or "").strip(), (last or "").strip()
        if first and last:
            full.update({f"{first} {last}", f"{last} {first}", f"{last}, {first}"})
        if len(last) >= MIN_BARE_NAME:
            bare.add(last)
        for value in (email, phone):
            if value and value.strip():
                full.add(value.strip())
    placeholder = erased_name(contact.pk)

    def variants(values: set[str]) -> list[str]:
        out = {v for value in values for v in (value, value.lower(), value.upper())}
        out.discard(placeholder)
        return sorted((v for v in out if v), key=lambda v: (-len(v), v))

    return variants(full), variants(bare - full)


def _name_columns() -> set[tuple[type[models.Model], str]]:
    """People's own name columns: another contact or one of our users may share the last
    name, and their names are not the erased person's data."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    columns = set()
    for model in (Contact, Contact.history.model, user_model):
        for name in ("first_name", "last_name"):
            columns.add((model, name))
    history = getattr(user_model, "history", None)
    if history is not None:
        columns |= {(history.model, "first_name"), (history.model, "last_name")}
    return columns


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.primary_key
    ]


def _json_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]


def _replaced(expression, field: models.Field, needles: list[str], placeholder: str):
    for needle in needles:
        expression = Replace(expression, Value(needle), Value(placeholder))
    if isinstance(field, models.CharField) and field.max_length:
        expression = Left(expression, field.max_length)
    return expression


def _scrub_json(value: Any, needles: list[str], placeholder: str) -> Any:
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, placeholder)
        return value
    if isinstance(value, list):
        return [_scrub_json(v, needles, placeholder) for v in value]
    if isinstance(value, dict):
        return {
            _scrub_json(k, needles, placeholder): _scrub_json(v, needles, placeholder)
            for k, v in value.items()
        }
    return value


def _scrub_everywhere(full: list[str], bare: list[str], placeholder: str) -> None:
    name_columns = _name_columns()
    everything = full + bare
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in SKIPPED_APPS or not meta.managed or meta.proxy:
            continue
        manager = model._base_manager
        fields = _text_fields(model)
        # All the model's text columns in one statement per few needles (SQLite's parser
        # refuses deeply nested calls); a column without the needle is left as it is.
        for start in range(0, len(everything), NEEDLES_PER_UPDATE):
            chunk = everything[start : start + NEEDLES_PER_UPDATE]
            has_needle, changes = Q(), {}
            for field in fields:
                needles = [
                    n
                    for n in chunk
                    if (n in full or (model, field.name) not in name_columns)
                    and (not field.max_length or len(n) <= field.max_length)
                ]
                if not needles:
                    continue
                for needle in needles:
                    has_needle |= Q(**{f"{field.attname}__contains": needle})
                changes[field.attname] = _replaced(F(field.attname), field, needles, placeholder)
            if changes:
                manager.filter(has_needle).update(**changes)
        for field in _json_fields(model):
            encoded = {json.dumps(n)[1:-1] for n in everything} | set(everything)
            has_needle = Q()
            for needle in encoded:
                has_needle |= Q(_as_text__contains=needle)
            rows = (
                manager.annotate(_as_text=Cast(field.attname, models.TextField()))
                .filter(has_needle)
                .values_list("pk", field.attname)
            )
            for pk, value in list(rows):
                manager.filter(pk=pk).update(
                    **{field.attname: _scrub_json(value, everything, placeholder)}
                )


@transaction.atomic
def contact_erase(*, user, contact: Contact) -> None:
    """Anonymise `contact` everywhere (see the module docstring); logged, no data kept."""
    contact, access = personal_data_access(user, contact)
    # all_objects: an archived contact is erased too (it is only hidden, not gone).
    contact = Contact.all_objects.select_for_update(of=("self",)).get(pk=contact.pk)
    full, bare = _needles(contact)
    placeholder = erased_name(contact.pk)
    cleared = {"first_name": "", "last_name": placeholder, "title": "", "email": "", "phone": ""}
    for name, value in cleared.items():
        setattr(contact, name, value)
    contact.notes = ""
    contact.erased_at = timezone.now()
    save_with_history(contact, user, "Personal data erased")
    contact.history.model.objects.filter(id=contact.pk).update(**cleared, notes="")
    _scrub_everywhere(full, bare, placeholder)
    PersonalDataLog.objects.create(
        action=PersonalDataAction.ERASE,
        contact_id_ref=contact.pk,
        account=access.account,
        done_by=user,
    )
    # The trail names the account and the contact's id only: the person is gone.
    record(AuditKind.CONTACT_ERASED, actor=user, after=f"{access.account.name}: #{contact.pk}")
    # Kept pages may show the person: none outlives the erasure on disk.
    transaction.on_commit(pagecache.clear)
