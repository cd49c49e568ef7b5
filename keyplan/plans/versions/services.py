"""Writes to account plans: creating, changing, moving along their states, revising
and deleting. Each runs in one transaction, checks the access rule and keeps history
(who, when, what; deletions included). The items' writes are in items.services.

- plan_create(*, user, account, period, starts_on, ends_on, summary="") -> AccountPlan
- plan_update(*, user, plan, data, seen_updated_at=None) -> AccountPlan
  (period, starts_on, ends_on, summary; drafts and plans in review only)
- plan_transition(*, user, plan, to_state, comment="") -> AccountPlan, and its three
  named forms plan_submit (draft -> in review; team), plan_return (in review -> draft;
  team or approver) and plan_approve (in review -> approved; directors and admins)
- plan_mark_reviewed(*, user, plan) -> AccountPlan: "we went through it, it holds"
  (the completeness rule "plan not reviewed this quarter")
- plan_revise(*, user, plan) -> AccountPlan: an approved plan becomes superseded and a
  new draft version gets copies of all its items (same origin keys)
- plan_delete(*, user, plan) (also plan_archive): drafts only; archives, deletes
  nothing; an archived revision gives the previous version back its approved state
- plan_restore(*, user, plan): an archived plan back as a draft

A stale `seen_updated_at` raises ConflictError(current) and writes nothing: the page
shows both versions, the API answers 409.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.access import can_write_account
from keyplan.accounts.models import Account
from keyplan.core.errors import ConflictError
from keyplan.plans.access import can_approve_plans, can_delete_plan
from keyplan.plans.common.services import (
    changed_fields,
    lock_plan,
    read_only_error,
    require_editable,
    require_write,
    save,
)
from keyplan.plans.models import (
    CURRENT_STATES,
    ITEM_MODELS,
    RELATED_NAMES,
    AccountPlan,
    Action,
    CustomerGoal,
    CustomerProblem,
    PlanState,
)
from keyplan.users.audit.services import record
from keyplan.users.models import AuditKind, User

PLAN_FIELDS = ("period", "starts_on", "ends_on", "summary")


# --- plans -------------------------------------------------------------------------------


def _validate_plan(plan: AccountPlan) -> None:
    errors: dict[str, list[str]] = {}
    plan.period = (plan.period or "").strip()
    if not plan.period:
        errors["period"] = [_("Name the period, e.g. FY2026.")]
    if plan.starts_on and plan.ends_on and plan.starts_on > plan.ends_on:
        errors["ends_on"] = [_("The plan must start before it ends.")]
    if (
        plan.period
        and plan.is_current
        and AccountPlan.objects.filter(
            account_id=plan.account_id, period=plan.period, state__in=CURRENT_STATES
        )
        .exclude(pk=plan.pk)
        .exists()
    ):
        errors["period"] = [
            _("This account already has a current plan for %(period)s; change or revise that one.")
            % {"period": plan.period}
        ]
    try:
        plan.full_clean(
            exclude=[*errors, "account", "previous", "created_by", "approved_by"],
            validate_constraints=False,
        )
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(
    *,
    user: User,
    account: Account,
    period: str,
    starts_on: date,
    ends_on: date,
    summary: str = "",
) -> AccountPlan:
    """A new draft plan for `account` and `period`. If earlier versions of the same
    period exist (all superseded), the new plan continues their numbering."""
    if not can_write_account(user, account):
        raise PermissionDenied
    latest = (
        AccountPlan.objects.filter(account=account, period=(period or "").strip())
        .order_by("-version")
        .first()
    )
    plan = AccountPlan(
        account=account,
        period=period,
        starts_on=starts_on,
        ends_on=ends_on,
        summary=summary,
        version=latest.version + 1 if latest else 1,
        previous=latest,
        created_by=user,
    )
    _validate_plan(plan)
    save(plan, user=user)
    return plan


@transaction.atomic
def plan_update(
    *,
    user: User,
    plan: AccountPlan,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> AccountPlan:
    """Change the plan's period, dates or summary (drafts and plans in review)."""
    require_write(user, plan)
    current = lock_plan(plan)
    if seen_updated_at is not None and current.updated_at != seen_updated_at:
        raise ConflictError(current)
    changes = changed_fields(current, data, PLAN_FIELDS)
    if not changes:
        return current
    require_editable(current)
    for key, value in changes.items():
        setattr(current, key, value)
    _validate_plan(current)
    save(current, user=user)
    return current


# (from, to) -> who may: "team" (anyone who may write the account) or "approver".
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (PlanState.DRAFT, PlanState.IN_REVIEW): frozenset({"team"}),
    (PlanState.IN_REVIEW, PlanState.DRAFT): frozenset({"team", "approver"}),
    (PlanState.IN_REVIEW, PlanState.APPROVED): frozenset({"approver"}),
}


@transaction.atomic
def plan_transition(
    *, user: User, plan: AccountPlan, to_state: str, comment: str = ""
) -> AccountPlan:
    """Move the plan along draft -> in review -> approved (or back to draft from review).
    Submitting and returning are for the account team; approving for directors and
    administrators. `comment` is kept in the history as the reason."""
    current = lock_plan(plan)
    allowed = TRANSITIONS.get((current.state, to_state))
    if allowed is None:
        raise ValidationError(
            {
                "to_state": [
                    _("A plan that is %(from)s cannot become %(to)s.")
                    % {
                        "from": PlanState(current.state).label.lower(),
                        "to": str(dict(PlanState.choices).get(to_state, to_state)).lower(),
                    }
                ]
            }
        )
    is_team = can_write_account(user, current.account)
    is_approver = can_approve_plans(user)
    if not (("team" in allowed and is_team) or ("approver" in allowed and is_approver)):
        raise PermissionDenied
    now = timezone.now()
    current.state = to_state
    if to_state == PlanState.IN_REVIEW:
        current.submitted_at = now
    if to_state == PlanState.APPROVED:
        current.approved_by = user
        current.approved_at = now
        current.reviewed_at = now
    save(current, user=user, reason=comment.strip()[:500])
    return current


def plan_submit(*, user: User, plan: AccountPlan, comment: str = "") -> AccountPlan:
    return plan_transition(user=user, plan=plan, to_state=PlanState.IN_REVIEW, comment=comment)


def plan_return(*, user: User, plan: AccountPlan, comment: str = "") -> AccountPlan:
    return plan_transition(user=user, plan=plan, to_state=PlanState.DRAFT, comment=comment)


def plan_approve(*, user: User, plan: AccountPlan, comment: str = "") -> AccountPlan:
    return plan_transition(user=user, plan=plan, to_state=PlanState.APPROVED, comment=comment)


@transaction.atomic
def plan_mark_reviewed(*, user: User, plan: AccountPlan) -> AccountPlan:
    """Record that the team went through the plan and it still holds (also on an
    approved plan: reviewing is not changing)."""
    require_write(user, plan)
    current = lock_plan(plan)
    if not current.is_current:
        raise read_only_error(current)
    current.reviewed_at = timezone.now()
    save(current, user=user, reason=_("Reviewed"))
    return current


@transaction.atomic
def plan_revise(*, user: User, plan: AccountPlan) -> AccountPlan:
    """Revise an approved plan (seed 001: a guide, not a straitjacket): it becomes
    superseded and a new draft version gets a copy of every item, with the same origin
    keys so the two versions compare item by item, and links between items (action ->
    goal, problem -> customer goal) pointing at the copies."""
    require_write(user, plan)
    current = lock_plan(plan)
    if current.state != PlanState.APPROVED:
        raise ValidationError(
            _("Only an approved plan is revised; this one can be changed directly.")
        )
    latest_version = (
        AccountPlan.objects.filter(account_id=current.account_id, period=current.period).aggregate(
            v=Max("version")
        )["v"]
        or current.version
    )
    current.state = PlanState.SUPERSEDED
    save(current, user=user, reason=_("Superseded by version %(v)d") % {"v": latest_version + 1})
    revision = AccountPlan(
        account=current.account,
        period=current.period,
        starts_on=current.starts_on,
        ends_on=current.ends_on,
        summary=current.summary,
        version=latest_version + 1,
        previous=current,
        reviewed_at=current.reviewed_at,
        created_by=user,
    )
    reason = _("Copied from version %(v)d") % {"v": current.version}
    save(revision, user=user, reason=reason)
    copied: dict[str, dict[int, int]] = {}  # kind -> old pk -> new pk
    for kind, model in ITEM_MODELS.items():
        mapping: dict[int, int] = {}
        items = getattr(current, RELATED_NAMES[kind]).all()
        if model is CustomerGoal:
            items = items.prefetch_related("products")
        for item in items:
            old_pk = item.pk
            products = list(item.products.all()) if isinstance(item, CustomerGoal) else None
            item.pk = None
            item._state.adding = True
            item._prefetched_objects_cache = {}  # else products.set() sees the old links
            item.plan = revision
            if isinstance(item, Action) and item.goal_id is not None:
                item.goal_id = copied["goal"].get(item.goal_id)
            if isinstance(item, CustomerProblem) and item.customer_goal_id is not None:
                item.customer_goal_id = copied["customer_goal"].get(item.customer_goal_id)
            save(item, user=user, reason=reason)
            if products:
                item._history_user = user  # the m2m change is recorded too
                item.products.set(products)
            mapping[old_pk] = item.pk
        copied[kind] = mapping
    return revision


def _audit_name(plan: AccountPlan) -> str:
    """How the audit trail names a plan: its account, period and version."""
    return f"{plan.account.name}: {plan}"


@transaction.atomic
def plan_delete(*, user: User, plan: AccountPlan) -> AccountPlan:
    """Archive a draft (the former delete; directors, administrators and the account's
    owner): state "archived", nothing deleted, hidden from the plans list, restorable
    with plan_restore. Archiving a revision gives the version it revised back its
    approved state, as deleting it did."""
    if not can_write_account(user, plan.account) or not can_delete_plan(user, plan):
        raise PermissionDenied
    current = lock_plan(plan)
    if current.state == PlanState.ARCHIVED:
        return current
    if current.state != PlanState.DRAFT:
        raise ValidationError(_("Only a draft can be archived."))
    current.state = PlanState.ARCHIVED
    current.archived_at = timezone.now()
    current.archived_by = user
    save(current, user=user, reason="archived")
    record(AuditKind.PLAN_ARCHIVED, actor=user, after=_audit_name(current))
    previous = current.previous
    if previous is not None and previous.state == PlanState.SUPERSEDED:
        previous.state = PlanState.APPROVED
        save(previous, user=user, reason=_("Its revision was archived"))
    return current


plan_archive = plan_delete


@transaction.atomic
def plan_restore(*, user: User, plan: AccountPlan) -> AccountPlan:
    """An archived plan back as a draft (who may archive it). A revision takes its
    place again over the version it revised (superseded), unless that version has
    another live revision by now (ValidationError)."""
    if not can_write_account(user, plan.account) or not can_delete_plan(user, plan):
        raise PermissionDenied
    current = lock_plan(plan)
    if current.state != PlanState.ARCHIVED:
        return current
    previous = current.previous
    if previous is not None:
        rival = (
            AccountPlan.objects.filter(previous=previous)
            .exclude(pk=current.pk)
            .exclude(state=PlanState.ARCHIVED)
            .exists()
        )
        if rival or previous.state not in (PlanState.APPROVED, PlanState.SUPERSEDED):
            raise ValidationError(
                _("The version it revised has another revision now; it cannot come back.")
            )
    current.state = PlanState.DRAFT
    current.archived_at = None
    current.archived_by = None
    save(current, user=user, reason="restored")
    record(AuditKind.PLAN_RESTORED, actor=user, after=_audit_name(current))
    if previous is not None and previous.state == PlanState.APPROVED:
        previous.state = PlanState.SUPERSEDED
        save(previous, user=user, reason=_("Its revision was restored"))
    return current
