"""Reads of the search: each kind's hits under the one access rule, and the recent items.

- accounts: `visible_accounts(user)` (archived ones left out);
- contacts: `visible_contacts(user)`, the people of the accounts the user may see;
- actions and plans: of the accounts the user may see, archived plans left out;
- competitors: the registry, which every internal user reads (keyplan.competition.access).

Each kind costs one query (LIMIT rows + 1, to know whether there are more), whatever the
data size; the recent items two. The caller checked that the user is internal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.access import visible_accounts, visible_contacts
from keyplan.competition.models import Competitor
from keyplan.plans.models import AccountPlan, Action
from keyplan.users.models import User

from . import domain

LABELS = {
    domain.ACCOUNT: _("Accounts"),
    domain.CONTACT: _("Contacts"),
    domain.ACTION: _("Actions"),
    domain.PLAN: _("Plans"),
    domain.COMPETITOR: _("Competitors"),
}


@dataclass(frozen=True)
class Hit:
    kind: str
    pk: int
    title: str
    detail: str
    url: str


@dataclass
class Group:
    kind: str
    hits: list[Hit] = field(default_factory=list)
    has_more: bool = False

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])


@dataclass
class Results:
    query: str
    groups: list[Group] = field(default_factory=list)

    @property
    def searched(self) -> bool:
        return domain.is_searchable(self.query)

    @property
    def total(self) -> int:
        return sum(len(group.hits) for group in self.groups)


def _every_term(query: str, fields: Iterable[str]) -> Q:
    """Each word of the query in one of `fields` (case-insensitive)."""
    names = list(fields)
    per_term = [
        reduce(lambda a, b: a | b, (Q(**{f"{name}__icontains": term}) for name in names))
        for term in domain.terms(query)
    ]
    return reduce(and_, per_term, Q())


def _person(first: str, last: str) -> str:
    return f"{first} {last}".strip()


# --- each kind: a queryset and how a row reads ----------------------------------------------


def account_hits(user: User, query: str) -> QuerySet:
    return (
        visible_accounts(user)
        .filter(_every_term(query, ("name", "external_id")))
        .order_by("name", "pk")
    )


def _account_hit(account) -> Hit:
    label = account.get_account_class_display()
    detail = " · ".join(part for part in (account.external_id, str(label)) if part)
    return Hit(
        domain.ACCOUNT,
        account.pk,
        account.name,
        detail,
        reverse("accounts:detail", args=[account.pk]),
    )


def contact_hits(user: User, query: str) -> QuerySet:
    return (
        visible_contacts(user)
        .filter(_every_term(query, ("first_name", "last_name", "email", "title")))
        .select_related("account")
        .order_by("last_name", "first_name", "pk")
    )


def _contact_hit(contact) -> Hit:
    detail = " · ".join(part for part in (contact.title, contact.account.name) if part)
    url = reverse("people:account", args=[contact.account_id]) + f"#contact-{contact.pk}"
    return Hit(
        domain.CONTACT, contact.pk, _person(contact.first_name, contact.last_name), detail, url
    )


def _live_plans(user: User) -> QuerySet[AccountPlan]:
    return AccountPlan.objects.filter(account__in=visible_accounts(user), archived_at__isnull=True)


def action_hits(user: User, query: str) -> QuerySet:
    return (
        Action.objects.filter(plan__in=_live_plans(user))
        .filter(_every_term(query, ("title",)))
        .select_related("plan", "plan__account")
        .order_by("title", "pk")
    )


def _action_hit(action) -> Hit:
    url = reverse("plans:section", args=[action.plan_id, "actions"]) + f"#item-action-{action.pk}"
    detail = f"{action.plan.account.name} · {action.plan} · {action.get_status_display()}"
    return Hit(domain.ACTION, action.pk, action.title, detail, url)


def plan_hits(user: User, query: str) -> QuerySet:
    return (
        _live_plans(user)
        .filter(_every_term(query, ("period", "account__name", "summary")))
        .select_related("account")
        .order_by("account__name", "-starts_on", "-version", "pk")
    )


def _plan_hit(plan) -> Hit:
    title = f"{plan.account.name}: {plan}"
    return Hit(
        domain.PLAN,
        plan.pk,
        title,
        plan.get_state_display(),
        reverse("plans:detail", args=[plan.pk]),
    )


def competitor_hits(user: User, query: str) -> QuerySet:
    # The registry is read by every internal user (keyplan.competition.access).
    return Competitor.objects.filter(_every_term(query, ("name", "products"))).order_by(
        "-is_active", "name", "pk"
    )


def _competitor_hit(competitor) -> Hit:
    detail = "" if competitor.is_active else str(_("inactive"))
    url = reverse("competition:detail", args=[competitor.pk])
    return Hit(domain.COMPETITOR, competitor.pk, competitor.name, detail, url)


KIND_READS: dict[str, tuple[Callable[[User, str], QuerySet], Callable[..., Hit]]] = {
    domain.ACCOUNT: (account_hits, _account_hit),
    domain.CONTACT: (contact_hits, _contact_hit),
    domain.ACTION: (action_hits, _action_hit),
    domain.PLAN: (plan_hits, _plan_hit),
    domain.COMPETITOR: (competitor_hits, _competitor_hit),
}


def kind_queryset(user: User, kind: str, query: str) -> QuerySet:
    """Every hit of one kind, in order (for the paginated "more" page)."""
    return KIND_READS[kind][0](user, query)


def as_hits(kind: str, rows: Iterable) -> list[Hit]:
    return [KIND_READS[kind][1](row) for row in rows]


def search(
    *, user: User, query: str, per_kind: int = domain.PER_KIND, kinds: Iterable[str] = domain.KINDS
) -> Results:
    """The first `per_kind` hits of each kind `user` may see (one query a kind), grouped in
    KINDS order; kinds without a hit are left out. A query shorter than MIN_LENGTH finds
    nothing and costs no query."""
    query = domain.clean_query(query)
    results = Results(query=query)
    if not domain.is_searchable(query):
        return results
    for kind in kinds:
        rows = list(kind_queryset(user, kind, query)[: per_kind + 1])
        if rows:
            hits = as_hits(kind, rows[:per_kind])
            results.groups.append(Group(kind, hits, has_more=len(rows) > per_kind))
    return results


# --- recent items ---------------------------------------------------------------------------


def recent_items(*, user: User, entries: object) -> list[Hit]:
    """The recent items stored in the session, still visible to `user`, latest first
    (two queries; an account or plan no longer visible or archived is dropped)."""
    found = domain.clean_recent(entries)
    account_ids = [pk for kind, pk in found if kind == domain.ACCOUNT]
    plan_ids = [pk for kind, pk in found if kind == domain.PLAN]
    rows: dict[tuple[str, int], Hit] = {}
    if account_ids:
        for account in visible_accounts(user).filter(pk__in=account_ids):
            rows[(domain.ACCOUNT, account.pk)] = _account_hit(account)
    if plan_ids:
        for plan in _live_plans(user).filter(pk__in=plan_ids).select_related("account"):
            rows[(domain.PLAN, plan.pk)] = _plan_hit(plan)
    return [rows[entry] for entry in found if entry in rows]
