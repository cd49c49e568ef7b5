"""A contact's personal data over REST: everything stored about them (the right of
access) and its erasure (the right to erasure), for administrators and the account's
owner (`access.py`); the rules are in `services.py`.

No `from __future__ import annotations` here (ninja resolves annotations at runtime).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from keyplan.core.api.common import BODY_ERRORS, ERRORS

from . import services
from .access import personal_data_access

router = Router(tags=["contacts"])


@router.get(
    "/contacts/{contact_id}/personal-data",
    response={200: dict[str, Any], **ERRORS},
    summary="Everything stored about a contact (administrators and the account's owner)",
)
def contact_personal_data(request, contact_id: int):
    contact, _access = personal_data_access(request.auth, contact_id)
    return services.contact_export(user=request.auth, contact=contact)


@router.post(
    "/contacts/{contact_id}/erase",
    response={204: None, **BODY_ERRORS},
    summary="Erase a contact's personal data everywhere (administrators and the owner)",
)
def contact_erase_data(request, contact_id: int):
    contact, _access = personal_data_access(request.auth, contact_id)
    if contact.erased_at is not None:
        raise ValidationError(_("This contact's personal data has already been erased."))
    services.contact_erase(user=request.auth, contact=contact)
    return Status(204, None)
