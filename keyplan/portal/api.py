"""The portal's REST API for the customer's people, under /api/v1/portal/...: what is
shared with their own account, its shared plan sections with their comments, its joint
actions, and commenting on a shared item.

Its own authentication: the browser session of an active portal user (CSRF checked on
writes). Internal users, API tokens (personal tokens are for internal users only) and
anonymous callers get 401; everything is read through keyplan.portal.access, so what is
not shared with the caller's account answers 404 like something missing.

Mount it on the API (keyplan/api/api.py) with its own auth, which it carries:
    from keyplan.portal.api import router as portal_router
    api.add_router("/portal/", portal_router)

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.http import Http404
from ninja import Router, Status
from ninja.security import SessionAuth

from keyplan.core.api.common import BODY_ERRORS, ERRORS

from . import domain
from .access import portal_account_for, require_section, shared_item
from .comments.selectors import attach_customer_comments
from .comments.services import comment_add_by_customer
from .joint.selectors import customer_joint_actions
from .pages import selectors as pages
from .schemas import CommentIn, CommentOut, ItemOut, JointActionOut, OverviewOut


class PortalSessionAuth(SessionAuth):
    """The session of an active portal user; anyone else is not authenticated here."""

    openapi_description = "The browser session of a signed-in customer portal user."

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or not user.is_active or user.role != "portal":
            return None
        return user


def _comment_out(comment) -> dict:
    return {
        "author": str(comment.author or ""),
        "body": comment.body,
        "created_at": comment.created_at,
    }


def _item_out(item) -> dict:
    return {
        "kind": item.kind,
        "id": item.pk,
        "title": item.title,
        "facts": [{"label": label, "value": value} for label, value in item.facts],
        "comments": [_comment_out(c) for c in item.comments],
    }


def build_router() -> Router:
    """A fresh router (a ninja router belongs to one API; the tests mount their own)."""
    router = Router(tags=["portal"], auth=PortalSessionAuth())

    @router.get("/overview", response={200: OverviewOut, **ERRORS}, summary="What is shared")
    def portal_overview(request):
        """The account's name, its shared sections and its shared monthly reports."""
        account = portal_account_for(request.auth)
        return {
            "account": account.name,
            "sections": [
                {"section": s.section, "label": s.label} for s in pages.home_sections(account)
            ],
            "reports": [
                {
                    "id": r.pk,
                    "month": r.month,
                    "version": r.version,
                    "issued_at": r.issued_at,
                    "summary": r.summary,
                }
                for r in pages.portal_reports(account)
            ],
        }

    @router.get(
        "/sections/{section}",
        response={200: list[ItemOut], **ERRORS},
        summary="A shared plan section",
    )
    def portal_section(request, section: str):
        """The items of a shared plan section of the current plan, with their comments."""
        account = portal_account_for(request.auth)
        if section not in domain.SECTION_KINDS:
            raise Http404
        require_section(account, section)
        items = pages.section_items(account, section)
        attach_customer_comments(account, items)
        return [_item_out(item) for item in items]

    @router.get(
        "/joint-actions", response={200: list[JointActionOut], **ERRORS}, summary="Joint actions"
    )
    def portal_joint_actions(request):
        account = portal_account_for(request.auth)
        require_section(account, "joint_actions")
        return [
            {
                "id": a.pk,
                "title": a.title,
                "status": a.status,
                "due_on": a.due_on,
                "co_owners": [str(c) for c in a.co_owners.all()],
            }
            for a in customer_joint_actions(account)
        ]

    @router.post(
        "/items/{kind}/{item_id}/comments",
        response={201: CommentOut, **BODY_ERRORS},
        summary="Comment on a shared item",
    )
    def portal_comment(request, kind: str, item_id: int, payload: CommentIn):
        """The account team is notified."""
        item = shared_item(portal_account_for(request.auth), kind, item_id)
        comment = comment_add_by_customer(user=request.auth, item=item, body=payload.body)
        return Status(201, _comment_out(comment))

    return router


router = build_router()
