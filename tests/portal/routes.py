"""Rows for tests/test_routes_authz.py ROUTES (merged there): every portal URL name.

Team side: whoever sees the account reads; the account's owner, administrators and
directors manage (team members and viewers 403); outsiders and portal users 404.
Customer side: portal users of the account only (the matrix's `portal` user belongs to
another account: 404, like everyone internal). tests/portal/test_route_matrix.py runs
every row again with a portal user of world.account (`CUSTOMER` holds where that user's
answer differs from the other account's portal user).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from keyplan.portal.models import PortalInvitation, SharedSection
from keyplan.users.models import User, hash_token
from tests.factories import UserFactory
from tests.test_routes_authz import ANONYMOUS, LOGIN, USERS, Call, scoped

PASSWORD = "Blue-Harbour-Lantern-77"


def managers(ok) -> dict[str, Any]:
    return scoped(ok, viewer=403, member=403)


def nobody_but_anonymous(ok) -> dict[str, Any]:
    return {name: 404 for name in USERS} | {ANONYMOUS: ok}


def account(w) -> dict[str, Any]:
    return {"pk": w.account.pk}


def _portal_user(w) -> User:
    user = User.objects.filter(username="anna@polmet.example").first()
    return user or UserFactory(
        username="anna@polmet.example", role="portal", portal_account=w.account
    )


def _invitation(w, raw: str = "raw-token") -> PortalInvitation:
    now = timezone.now()
    return PortalInvitation.objects.create(
        account=w.account,
        email="piotr@polmet.example",
        language="pl",
        token_hash=hash_token(raw),
        invited_by=w.owner,
        expires_at=now + timedelta(days=7),
    )


def _token(w) -> dict[str, Any]:
    _invitation(w, "raw-token")
    return {"token": "raw-token"}


def _shareable(w) -> dict[str, Any]:
    from keyplan.portal.models import AccountSharing

    AccountSharing.objects.update_or_create(account=w.account, defaults={"level": "strategic"})
    return {"pk": w.account.pk, "section": "swot"}


def customer_only(w=None) -> dict[str, Any]:
    """A portal page of world.account: its portal users only (see CUSTOMER); the matrix's
    portal user (another account) and every internal user 404; anonymous to login."""
    return {name: 404 for name in USERS} | {ANONYMOUS: LOGIN}


def _shared_section(w) -> dict[str, Any]:
    from tests.plans.support import add, this_year

    from .support import share

    add(this_year(w), "swot", w.owner)
    share(w, "swot")
    return {"section": "swot"}


def _shared_report(w) -> dict[str, Any]:
    from .support import issued_report, share

    share(w, "reports")
    return {"pk": issued_report(w).pk}


def _shared_item(w) -> dict[str, Any]:
    from tests.plans.support import add, this_year

    from .support import share

    w.item = add(this_year(w), "swot", w.owner)
    share(w, "swot")
    return {"kind": "swot", "item_pk": w.item.pk}


def _commented(w) -> dict[str, Any]:
    kwargs = _shared_item(w)
    return {"pk": w.account.pk, **kwargs}


def _comments(w) -> int:
    from keyplan.portal.models import PortalComment

    return PortalComment.objects.count()


def _joint_shared(w) -> dict[str, Any]:
    from .support import share

    share(w, "joint_actions", level="basic")
    return {}


def _done_joint_action(w) -> dict[str, Any]:
    from keyplan.plans.actions.services import action_set_joint
    from tests.plans.support import add, this_year

    _joint_shared(w)
    w.action = add(this_year(w), "action", w.owner, status="done")
    action_set_joint(user=w.owner, action=w.action, joint=True)
    return {"pk": w.action.pk}


def _plain_action(w) -> dict[str, Any]:
    from tests.plans.support import add, this_year

    w.action = add(this_year(w), "action", w.owner)
    return {"pk": w.account.pk, "action_pk": w.action.pk}


def _proposal(w) -> dict[str, Any]:
    from keyplan.portal.models import ActionProposal

    return {"pk": ActionProposal.objects.create(account=w.account, title="Free pallets").pk}


def _model_exists(name: str, **filters) -> bool:
    from keyplan.portal import models

    return getattr(models, name).objects.filter(**filters).exists()


def _survey_shared(w) -> dict[str, Any]:
    from .support import share

    share(w, "survey", level="basic")
    return {}


ROUTES: dict[str, tuple[Call, ...]] = {
    "portal:survey": (
        Call("get", _survey_shared, customer_only()),
        Call(
            "post",
            _survey_shared,
            customer_only(),
            data=lambda w: {"satisfaction": "8"},
            effect=lambda w: _model_exists("SurveyResponse"),
        ),
    ),
    "portal:team-survey": (Call("get", account, scoped(200)),),
    "portal:joint-actions": (
        Call("get", _joint_shared, customer_only()),
        Call(
            "post",
            _joint_shared,
            customer_only(),
            data=lambda w: {"title": "Train our operators"},
            effect=lambda w: _model_exists("ActionProposal"),
        ),
    ),
    "portal:joint-confirm": (
        Call(
            "post",
            _done_joint_action,
            customer_only(),
            data=lambda w: {"decision": "confirmed"},
            effect=lambda w: _model_exists("JointConfirmation"),
        ),
    ),
    "portal:team-joint": (Call("get", account, scoped(200)),),
    "portal:action-joint": (
        Call(
            "post",
            _plain_action,
            scoped("/portal/", viewer=403),
            data=lambda w: {"joint": "1"},
            effect=lambda w: type(w.action).objects.get(pk=w.action.pk).joint,
        ),
    ),
    "portal:proposal-decide": (
        Call(
            "post",
            _proposal,
            scoped("/portal/", viewer=403),
            data=lambda w: {"accept": "0"},
            effect=lambda w: _model_exists("ActionProposal", status="declined"),
        ),
    ),
    "portal:comment-add": (
        Call(
            "post",
            _shared_item,
            customer_only(),
            data=lambda w: {"body": "Looks right"},
            effect=lambda w: _comments(w) == 1,
        ),
    ),
    "portal:comments": (Call("get", account, scoped(200)),),
    "portal:comment-reply": (
        Call(
            "post",
            _commented,
            scoped("/portal/", viewer=403),
            data=lambda w: {"body": "Thanks"},
            effect=lambda w: _comments(w) == 1,
        ),
    ),
    "portal:section": (Call("get", _shared_section, customer_only()),),
    "portal:report": (Call("get", _shared_report, customer_only()),),
    "portal:report-pdf": (Call("get", _shared_report, customer_only()),),
    "portal:people": (
        Call("get", account, scoped(200)),
        Call(
            "post",
            account,
            managers("/portal/"),
            data=lambda w: {"email": "ewa@polmet.example", "language": "pl"},
            effect=lambda w: PortalInvitation.objects.filter(email="ewa@polmet.example").exists(),
        ),
    ),
    "portal:user-deactivate": (
        Call(
            "post",
            lambda w: {"pk": w.account.pk, "user_pk": _portal_user(w).pk},
            managers("/portal/"),
            effect=lambda w: not _portal_user(w).is_active,
        ),
    ),
    "portal:invitation-revoke": (
        Call(
            "post",
            lambda w: {"pk": _invitation(w).pk},
            managers("/portal/"),
            effect=lambda w: PortalInvitation.objects.get().revoked_at is not None,
        ),
    ),
    "portal:accept": (
        Call("get", _token, nobody_but_anonymous(200)),
        Call(
            "post",
            _token,
            nobody_but_anonymous("/portal/"),
            data=lambda w: {"password": PASSWORD, "password_again": PASSWORD},
            effect=lambda w: User.objects.filter(username="piotr@polmet.example").exists(),
        ),
    ),
    "portal:sharing": (Call("get", account, scoped(200)),),
    "portal:sharing-level": (
        Call(
            "post",
            account,
            managers("/portal/"),
            data=lambda w: {"level": "basic"},
            effect=lambda w: _level(w) == "basic",
        ),
    ),
    "portal:sharing-section": (
        Call(
            "post",
            _shareable,
            managers("/portal/"),
            data=lambda w: {"shared": "1"},
            effect=lambda w: SharedSection.objects.filter(section="swot").exists(),
        ),
    ),
}


def _level(w) -> str | None:
    from keyplan.portal.models import AccountSharing

    return AccountSharing.objects.filter(account=w.account).values_list("level", flat=True).first()


# A portal user of world.account: where their answer differs from `portal`'s (another
# account's portal user). Every other row: the same as `portal`.
CUSTOMER: dict[tuple[str, int], Any] = {
    ("portal-home", 0): 200,
    ("portal:section", 0): 200,
    ("portal:report", 0): 200,
    ("portal:report-pdf", 0): 200,
    ("portal:comment-add", 0): "/portal/",
    ("portal:joint-actions", 0): 200,
    ("portal:joint-actions", 1): "/portal/",
    ("portal:joint-confirm", 0): "/portal/",
    ("portal:survey", 0): 200,
    ("portal:survey", 1): "/portal/",
}


def _api_mounted() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("api:portal_overview")
    except NoReverseMatch:
        return False
    return True


# The portal API's rows, once keyplan/api/api.py mounts keyplan.portal.api.router (its own
# session auth: everyone but portal users 401). tests/portal/test_api.py tests it either way.
if _api_mounted():

    def _api(ok_portal, ok_customer=200) -> dict[str, Any]:
        return {name: 401 for name in USERS} | {ANONYMOUS: 401, "portal": ok_portal}

    def _api_item(w) -> dict[str, Any]:
        kwargs = _shared_item(w)
        return {"kind": kwargs["kind"], "item_id": kwargs["item_pk"]}

    ROUTES.update(
        {
            "api:portal_overview": (Call("get", lambda w: {}, _api(200), api=True),),
            "api:portal_section": (Call("get", lambda w: _shared_section(w), _api(404), api=True),),
            "api:portal_joint_actions": (
                Call("get", lambda w: _joint_shared(w), _api(404), api=True),
            ),
            "api:portal_comment": (
                Call(
                    "post",
                    _api_item,
                    _api(404),
                    data=lambda w: {"body": "Agreed"},
                    api=True,
                    effect=lambda w: _comments(w) == 1,
                ),
            ),
        }
    )
    CUSTOMER.update(
        {
            ("api:portal_overview", 0): 200,
            ("api:portal_section", 0): 200,
            ("api:portal_joint_actions", 0): 200,
            ("api:portal_comment", 0): 201,
        }
    )
