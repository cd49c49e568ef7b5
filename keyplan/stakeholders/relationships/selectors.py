"""Reads of the zipper: an account's links, its coverage matrix and its risks, and the
portfolio list of accounts at risk. The facts of many accounts are read with a fixed
number of queries (contacts, links, interaction counts and participations, each one
query for all the accounts), so a page costs the same whatever the data size.

- thresholds(settings=None) -> domain.Thresholds
- relationships_for_account(account, *, sort=DEFAULT_SORT) -> QuerySet[Relationship]
- account_risks(account, *, today=None) -> AccountRisks (coverage and risks)
- at_risk_accounts(user, *, account_class="", owner_id=None, sort=DEFAULT_RISK_SORT,
  today=None) -> list[AtRiskRow]: visible accounts (closed ones left out) with at least
  one risk.
- relationship_facts(accounts, *, today) and risks_from_facts(facts, *, limits, today):
  the facts of many accounts at once, and the risks found in one account's facts.
- risks_of_accounts(account_ids, *, today=None) -> {account id: risks}: the accounts of
  `account_ids` with at least one risk (the caller has checked access).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, AccountClass, AccountStatus, Contact

from ..models import Interaction, Relationship, SellingSettings
from . import domain

SORTS = {
    "contact": ("contact__last_name", "contact__first_name", "user__username", "pk"),
    "user": ("user__last_name", "user__first_name", "user__username", "contact__last_name", "pk"),
    "strength": ("strength", "contact__last_name", "pk"),
    "last": ("last_interaction_on", "contact__last_name", "pk"),
}
DEFAULT_SORT = "contact"

RISK_SORTS = ("name", "class", "owner", "risks", "high")
DEFAULT_RISK_SORT = "-high"
CLASS_ORDER = {value: index for index, value in enumerate(AccountClass.values)}


def thresholds(settings: SellingSettings | None = None) -> domain.Thresholds:
    settings = settings or SellingSettings.load()
    return domain.Thresholds(
        single_thread_share=settings.single_thread_share,
        key_stakeholder_level=settings.key_stakeholder_level,
        strong_link_strength=settings.strong_link_strength,
        freshness_days=settings.freshness_days,
    )


def relationships_for_account(account: Account, *, sort: str = DEFAULT_SORT) -> QuerySet:
    """The account's links, people joined; `sort` is a key of SORTS, "-" for descending."""
    key = sort.lstrip("-")
    fields = SORTS.get(key, SORTS[DEFAULT_SORT])
    if sort.startswith("-") and key in SORTS:
        fields = tuple(f"-{name}" for name in fields)
    return (
        Relationship.objects.filter(account=account)
        .select_related("contact", "user")
        .order_by(*fields)
    )


def _person(first: str, last: str, username: str = "") -> str:
    return f"{first} {last}".strip() or username


@dataclass
class RelationshipFacts:
    """What the rules of `domain` judge one account's relationships by."""

    contacts: list[domain.ContactFacts]
    links: list[domain.LinkFacts]
    participations: domain.Participations
    our_names: dict[int, str]


# The accounts to read the facts of: a queryset (used as a subquery) or a list of ids.
Accounts = QuerySet | list[int]
# account id -> person id -> a count or a name
PerAccount = dict[int, dict[int, int]]


def _contact_facts(accounts: Accounts) -> dict[int, list[domain.ContactFacts]]:
    contacts: dict[int, list[domain.ContactFacts]] = defaultdict(list)
    for contact_row in Contact.objects.filter(account__in=accounts).values_list(
        "account_id",
        "id",
        "first_name",
        "last_name",
        "level",
        "authority",
        "influence",
        "last_contact_on",
    ):
        account_id, pk, first, last, level, authority, influence, last_on = contact_row
        contacts[account_id].append(
            domain.ContactFacts(
                id=pk,
                name=_person(first, last),
                level=level or domain.NOT_SET,
                authority=authority,
                influence=influence,
                last_contact_on=last_on,
            )
        )
    return contacts


def _link_facts(
    accounts: Accounts, names: dict[int, dict[int, str]]
) -> dict[int, list[domain.LinkFacts]]:
    """The links by account; our people's names go into `names`."""
    links: dict[int, list[domain.LinkFacts]] = defaultdict(list)
    for link_row in Relationship.objects.filter(account__in=accounts).values_list(
        "account_id",
        "contact_id",
        "user_id",
        "strength",
        "user__role",
        "user__first_name",
        "user__last_name",
        "user__username",
    ):
        account_id, contact_id, user_id, strength, role, first, last, username = link_row
        links[account_id].append(
            domain.LinkFacts(
                contact_id=contact_id,
                user_id=user_id,
                strength=strength,
                our_level=domain.our_level(role),
            )
        )
        names[account_id][user_id] = _person(first, last, username)
    return links


def _participations(
    accounts: Accounts, since: date, names: dict[int, dict[int, str]]
) -> tuple[dict[int, int], PerAccount, PerAccount]:
    """Interactions since `since` by account, and each person's participations in them,
    ours and theirs (three queries); the names of our people not linked go into `names`."""
    window = Interaction.objects.filter(account__in=accounts, occurred_on__gte=since)
    counts = dict(
        window.order_by()
        .values_list("account_id")
        .annotate(n=Count("id"))
        .values_list("account_id", "n")
    )
    ours: PerAccount = defaultdict(dict)
    for account_id, user_id, first, last, username, n in (
        Interaction.our_people.through.objects.filter(interaction__in=window)
        .order_by()
        .values_list(
            "interaction__account_id",
            "user_id",
            "user__first_name",
            "user__last_name",
            "user__username",
        )
        .annotate(n=Count("id"))
    ):
        ours[account_id][user_id] = n
        names[account_id].setdefault(user_id, _person(first, last, username))
    theirs: PerAccount = defaultdict(dict)
    for account_id, contact_id, n in (
        Interaction.their_people.through.objects.filter(interaction__in=window)
        .order_by()
        .values_list("interaction__account_id", "contact_id")
        .annotate(n=Count("id"))
    ):
        theirs[account_id][contact_id] = n
    return counts, ours, theirs


def relationship_facts(accounts: Accounts, *, today: date) -> dict[int, RelationshipFacts]:
    """The zipper facts of every account in `accounts` (a queryset, used as a subquery,
    or a list of ids): five queries whatever their number."""
    names: dict[int, dict[int, str]] = defaultdict(dict)
    contacts = _contact_facts(accounts)
    links = _link_facts(accounts, names)
    since = today - timedelta(days=domain.INTERACTION_WINDOW_DAYS)
    counts, ours, theirs = _participations(accounts, since, names)
    ids = set(contacts) | set(links) | set(counts)
    return {
        account_id: RelationshipFacts(
            contacts=contacts.get(account_id, []),
            links=links.get(account_id, []),
            participations=domain.Participations(
                interactions=counts.get(account_id, 0),
                ours=ours.get(account_id, {}),
                theirs=theirs.get(account_id, {}),
            ),
            our_names=names.get(account_id, {}),
        )
        for account_id in ids
    }


EMPTY_FACTS = RelationshipFacts([], [], domain.Participations(), {})


def risks_from_facts(
    facts: RelationshipFacts, *, limits: domain.Thresholds, today: date
) -> list[domain.Risk]:
    """The risks `domain.assess` finds in one account's facts (of relationship_facts)."""
    return domain.assess(
        facts.contacts,
        facts.links,
        thresholds=limits,
        today=today,
        participations=facts.participations,
        our_names=facts.our_names,
    )


@dataclass(frozen=True)
class AccountRisks:
    account: Account
    coverage: domain.Coverage
    risks: tuple[domain.Risk, ...]
    thresholds: domain.Thresholds

    @property
    def high(self) -> int:
        return sum(1 for risk in self.risks if risk.severity == domain.HIGH)

    @property
    def medium(self) -> int:
        return sum(1 for risk in self.risks if risk.severity == domain.MEDIUM)


def account_risks(
    account: Account, *, today: date | None = None, settings: SellingSettings | None = None
) -> AccountRisks:
    """The coverage matrix and the risks of one account (a fixed number of queries)."""
    today = today or timezone.localdate()
    limits = thresholds(settings)
    facts = relationship_facts([account.pk], today=today).get(account.pk, EMPTY_FACTS)
    return AccountRisks(
        account=account,
        coverage=domain.coverage(
            facts.contacts, facts.links, strong_link_strength=limits.strong_link_strength
        ),
        risks=tuple(risks_from_facts(facts, limits=limits, today=today)),
        thresholds=limits,
    )


@dataclass(frozen=True)
class AtRiskRow:
    account_id: int
    name: str
    account_class: str
    owner_id: int | None
    owner: str
    risks: tuple[domain.Risk, ...]

    @property
    def high(self) -> int:
        return sum(1 for risk in self.risks if risk.severity == domain.HIGH)

    @property
    def medium(self) -> int:
        return sum(1 for risk in self.risks if risk.severity == domain.MEDIUM)

    @property
    def class_label(self) -> str:
        return str(AccountClass(self.account_class).label)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(risk.code for risk in self.risks))


def _row_key(sort: str):
    key = sort.lstrip("-")
    if key == "class":
        return lambda row: (CLASS_ORDER.get(row.account_class, 9), row.name.lower(), row.account_id)
    if key == "owner":
        return lambda row: (row.owner.lower(), row.name.lower(), row.account_id)
    if key == "risks":
        return lambda row: (len(row.risks), row.high, row.name.lower(), row.account_id)
    if key == "high":
        return lambda row: (row.high, len(row.risks), row.name.lower(), row.account_id)
    return lambda row: (row.name.lower(), row.account_id)


def risks_of_accounts(
    account_ids: list[int], *, today: date | None = None
) -> dict[int, tuple[domain.Risk, ...]]:
    """The relationship risks of the accounts of `account_ids` that have any, by account
    id; six queries whatever their number. Reading by ids (which the caller got under the
    access rule) keeps the access subquery out of the facts' five queries."""
    today = today or timezone.localdate()
    limits = thresholds()
    found: dict[int, tuple[domain.Risk, ...]] = {}
    for pk, facts in relationship_facts(list(account_ids), today=today).items():
        risks = risks_from_facts(facts, limits=limits, today=today)
        if risks:
            found[pk] = tuple(risks)
    return found


def at_risk_accounts(
    user,
    *,
    account_class: str = "",
    owner_id: int | None = None,
    sort: str = DEFAULT_RISK_SORT,
    today: date | None = None,
) -> list[AtRiskRow]:
    """Visible, not closed accounts with at least one relationship risk, sorted by `sort`
    (a key of RISK_SORTS, "-" for descending; name ties always ascend). Seven queries
    whatever the number of accounts."""
    today = today or timezone.localdate()
    limits = thresholds()
    accounts = visible_accounts(user).exclude(status=AccountStatus.CLOSED)
    if account_class:
        accounts = accounts.filter(account_class=account_class)
    if owner_id:
        accounts = accounts.filter(owner_id=owner_id)
    facts = relationship_facts(accounts.values("pk"), today=today)
    rows = []
    for pk, name, klass, owner, first, last, username in accounts.values_list(
        "pk",
        "name",
        "account_class",
        "owner_id",
        "owner__first_name",
        "owner__last_name",
        "owner__username",
    ):
        risks = risks_from_facts(facts.get(pk, EMPTY_FACTS), limits=limits, today=today)
        if risks:
            rows.append(
                AtRiskRow(
                    account_id=pk,
                    name=name,
                    account_class=klass,
                    owner_id=owner,
                    owner=_person(first or "", last or "", username or ""),
                    risks=tuple(risks),
                )
            )
    key = sort.lstrip("-") if sort.lstrip("-") in RISK_SORTS else DEFAULT_RISK_SORT.lstrip("-")
    descending = sort.startswith("-") if sort.lstrip("-") in RISK_SORTS else True
    # Stable sorts: name ascending first, then the key in the asked direction.
    rows.sort(key=lambda row: (row.name.lower(), row.account_id))
    if key != "name":
        main = _row_key(key)
        rows.sort(key=lambda row: main(row)[:-2], reverse=descending)
    elif descending:
        rows.reverse()
    return rows
