"""My work and my notifications over REST (issue #8): about the caller only, for
internal users (portal users 404, anonymous 401).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import MAX_ID

from ..models import Notification
from . import services
from .schemas import MarkReadIn, MarkReadOut, NotificationOut, NotificationsQuery, WorkOut
from .selectors import Section, my_work, unread_count

router = Router(tags=["work"])


def _person(user) -> str | None:
    return str(user) if user is not None else None


def _request_row(req) -> dict:
    return {
        "id": req.pk,
        "title": req.title,
        "account_id": req.account_id,
        "account_name": req.account.name,
        "business_unit_id": req.business_unit_id,
        "business_unit": req.business_unit.name,
        "resource_type": req.resource_type,
        "amount": req.amount,
        "currency": req.currency,
        "status": req.status,
        "granted_amount": req.granted_amount,
        "requested_by": _person(req.requested_by),
        "decided_by": _person(req.decided_by) if req.decided_by_id else None,
        "created_at": req.created_at,
        "decided_at": req.decided_at,
    }


def _requests(section: Section) -> dict:
    return {"total": section.total, "items": [_request_row(r) for r in section.rows]}


@router.get(
    "/me/work",
    response={200: WorkOut, **ERRORS},
    summary="My work: actions due, checkpoints to answer, decisions, my accounts' risks",
)
def get_my_work(request):
    user = request.auth
    work = my_work(user)
    return {
        "today": work.today,
        "week_end": work.week_end,
        "overdue_actions": work.overdue_actions,
        "actions": {
            "total": work.actions.total,
            "items": [
                {
                    "id": a.pk,
                    "title": a.title,
                    "account_id": a.plan.account_id,
                    "account_name": a.plan.account.name,
                    "plan_id": a.plan_id,
                    "due_on": a.due_on,
                    "status": a.status,
                    "overdue": a.overdue,
                }
                for a in work.actions.rows
            ],
        },
        "checkpoints": {
            "total": work.checkpoints.total,
            "items": [
                {
                    "id": c.pk,
                    "account_id": c.account_id,
                    "account_name": c.account.name,
                    "kind": c.kind,
                    "period_start": c.period_start,
                    "due_on": c.due_on,
                    "overdue": c.due_on < work.today,
                }
                for c in work.checkpoints.rows
            ],
        },
        "to_decide": _requests(work.to_decide),
        "answered": _requests(work.answered),
        "accounts": [
            {
                "account_id": row.account_id,
                "name": row.name,
                "account_class": row.account_class,
                "relationship_risks": [
                    {"code": r.code, "severity": r.severity, "message": r.message}
                    for r in row.risks
                ],
                "competition_alerts": [
                    {"code": a.code, "competitor": a.competitor, "message": a.message}
                    for a in row.alerts
                ],
                "overdue_actions": row.overdue_actions,
            }
            for row in work.accounts
        ],
        "unread_notifications": work.unread,
    }


@router.get(
    "/me/notifications",
    response={200: list[NotificationOut], **ERRORS},
    summary="My notifications, newest first",
)
@paginate(Pagination)
def list_my_notifications(request, filters: Query[NotificationsQuery]):
    user = request.auth
    qs = Notification.objects.filter(user=user)
    if filters.unread:
        qs = qs.filter(read_at__isnull=True)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("-created_at", "-pk")


@router.post(
    "/me/notifications/read",
    response={200: MarkReadOut, **BODY_ERRORS},
    summary="Mark my notifications read: the given ids, or all",
)
def mark_notifications_read(request, payload: MarkReadIn):
    user = request.auth
    if not payload.all and not payload.ids:
        raise ValidationError({"ids": [_("Give the ids to mark read, or all: true.")]})
    if any(not 0 < pk <= MAX_ID for pk in payload.ids):
        raise ValidationError({"ids": [_("Ids are whole numbers from 1.")]})
    marked = services.mark_read(user=user, ids=payload.ids, all=payload.all)
    return {"marked": marked, "unread": unread_count(user)}
