"""The audit trail's writes: `record(...)` for the services, and the receivers of Django's
sign-in signals (connected in UsersConfig.ready).

Recorded: sign-ins, failed sign-ins (with the user name tried), sign-outs, and the
administrators' sensitive acts (invitations, role and unit changes, deactivation,
password resets, business units), and the sensitive acts of the apps above (accounts,
contacts, plans, portal users: they call `record` from their services). The IP address
is the one the server saw (REMOTE_ADDR: the proxy in front of keyplan is expected to
pass the client's own); the browser's user agent is cut to 200 characters."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address

from ..models import AuditEvent, AuditKind, User

USER_AGENT_LENGTH = 200


def _ip(request) -> str | None:
    address = (getattr(request, "META", {}) or {}).get("REMOTE_ADDR") or ""
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address


def _user_agent(request) -> str:
    agent = (getattr(request, "META", {}) or {}).get("HTTP_USER_AGENT") or ""
    return agent.replace("\x00", "")[:USER_AGENT_LENGTH]


def record(
    kind: str,
    *,
    actor: User | None = None,
    target: User | None = None,
    username: str = "",
    before: str = "",
    after: str = "",
    request=None,
) -> AuditEvent:
    """Append one event to the trail; `username` defaults to the target's (or actor's)."""
    who = target or actor
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor if actor is not None and actor.pk else None,
        target=target,
        username=(username or (who.get_username() if who else "")).replace("\x00", "")[:254],
        before=before[:200],
        after=after[:200],
        ip_address=_ip(request) if request is not None else None,
        user_agent=_user_agent(request) if request is not None else "",
    )


def audit_changes(*, actor: User, old: User | None, new: User, request=None) -> None:
    """Record what an edit outside keyplan's pages (Django's admin) changed: role,
    business unit, active."""
    if old is None:
        return
    if old.role != new.role:
        record(
            AuditKind.ROLE_CHANGED,
            actor=actor,
            target=new,
            before=old.role,
            after=new.role,
            request=request,
        )
    if old.business_unit_id != new.business_unit_id:
        before = old.business_unit.name if old.business_unit else ""
        after = new.business_unit.name if new.business_unit else ""
        record(
            AuditKind.UNIT_CHANGED,
            actor=actor,
            target=new,
            before=before,
            after=after,
            request=request,
        )
    if old.is_active != new.is_active:
        kind = AuditKind.REACTIVATED if new.is_active else AuditKind.DEACTIVATED
        record(kind, actor=actor, target=new, request=request)


def on_login(sender, request, user, **kwargs) -> None:
    record(AuditKind.LOGIN, actor=user, target=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    tried = str((credentials or {}).get("username") or "")
    target = User.objects.filter(username__iexact=tried).first() if tried else None
    record(AuditKind.LOGIN_FAILED, target=target, username=tried, request=request)


def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None and user.is_authenticated:
        record(AuditKind.LOGOUT, actor=user, target=user, request=request)


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="keyplan-audit-login")
    user_login_failed.connect(on_login_failed, dispatch_uid="keyplan-audit-login-failed")
    user_logged_out.connect(on_logout, dispatch_uid="keyplan-audit-logout")
