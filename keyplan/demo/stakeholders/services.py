"""The demo's stakeholders (issue #6): org charts, zipper relationships, two years of
interactions and time, written in bulk, then the derived dates and sales profiles.

What the demo shows, and where it comes from:

- Org charts of 8 to 20 people for the largest strategic accounts (`TOP_ACCOUNTS`, by
  customer revenue): a managing director with finance and operations under them,
  purchasing, the plant, engineering and their people (`POSITIONS`). The account's
  existing contacts take the top positions; new people get names of the account's
  country, an e-mail at the account's domain and a local phone number. Every person
  has buying roles, a level, authority, influence, interest, attitudes to us and to the
  main competitor; some opponents are biased against us. A few accounts miss the
  economic buyer or the decision maker (a buying-centre gap).
- Relationships between our people and theirs: the owner (KAM) with purchasing and
  the plant, the director with the executives, the account team with their peers
  (service with maintenance, R&D with engineering...), strengths 0-5. Other owned
  accounts get the owner's link to their first contact.
- Interactions over two years (keyplan.demo.interactions): weekdays only, quieter in
  August and none between Christmas and New Year. A KAM spends most of the time on
  strategic accounts; one KAM (the one owning the fewest strategic accounts) is a
  hunter who spends most of it on prospects and suspects; another drifts below the
  strategic norm. A few accounts are single-threaded (the owner alone, always with
  the same contact); a few key stakeholders have not been reached for months.
- One time entry (source "interaction") per our participant of each interaction, plus
  manual entries (quotes, account plan updates).

Everything is seeded from `rng` and `today` and read in a fixed order, so the same
database and seed give the same demo. Writes use bulk inserts with history; then
`refresh_last_contacts` fills last-contact dates and `profiles_derive` the profiles.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from keyplan.accounts.models import Account, AccountTeamMember, Contact
from keyplan.plans.models import Action, Goal
from keyplan.stakeholders.interactions.services import refresh_last_contacts
from keyplan.stakeholders.models import Interaction, Relationship, TimeEntry
from keyplan.stakeholders.selling.services import profiles_derive
from keyplan.users.models import User

from ..accounts.domain import PHONE_PREFIX, language
from ..interactions.domain import REASON, Target, plan_activity
from ..interactions.services import write_activity
from .domain import (
    ATTITUDES,
    BY_KEY,
    COMPETITOR_WEIGHTS,
    CORE,
    EXEC,
    INTEREST,
    LINK_CHANCE,
    NAMING_OF_COUNTRY,
    PEERS,
    POSITIONS,
    STRENGTH_WEIGHTS,
    TITLES,
    TOP_ACCOUNTS,
    Position,
    agree,
    ascii_name,
    name_lists,
    surname,
)


def seed_stakeholders(
    *, rng: random.Random, today: date | None = None, top: int = TOP_ACCOUNTS
) -> dict[str, int]:
    """Write the demo's stakeholders, relationships, interactions and time (see the
    module docstring) over the accounts in the database; returns counts for the
    loader's summary."""
    today = today or timezone.localdate()
    accounts = sorted(
        Account.objects.select_related("owner"),
        key=lambda a: (-(a.annual_revenue or 0), a.name, a.pk),
    )
    users = {
        u.pk: u
        for u in User.objects.filter(is_active=True, role__in=["director", "kam", "team"]).order_by(
            "username"
        )
    }
    director = next((u for u in users.values() if u.role == "director"), None)
    team: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for member in (
        AccountTeamMember.objects.filter(user_id__in=[u for u in users if users[u].role == "team"])
        .select_related("business_unit", "user__business_unit")
        .order_by("account_id", "user__username")
    ):
        unit = member.business_unit or member.user.business_unit
        team[member.account_id].append((member.user_id, unit.code if unit else "sales"))
    contacts: dict[int, list] = defaultdict(list)
    for contact in Contact.objects.filter(erased_at__isnull=True).order_by("pk"):
        contacts[contact.account_id].append(contact)

    chart_accounts = [a for a in accounts if a.account_class == "strategic" and a.owner_id][:top]
    charts, counts = _org_charts(chart_accounts, contacts, rng)
    hunter = _hunter(accounts, users)
    single, stale_ids = _special_accounts(chart_accounts, hunter, rng)

    links = _relationships(accounts, charts, contacts, team, director, single, rng)
    rows = []
    for (user_id, contact_id, account_id), strength in links.items():
        link = Relationship(
            account_id=account_id, contact_id=contact_id, user_id=user_id, strength=strength
        )
        link._history_user = users.get(user_id)  # type: ignore[attr-defined]
        rows.append(link)
    bulk_create_with_history(rows, Relationship, batch_size=500, default_change_reason=REASON)
    counts["relationships"] = len(rows)

    plan_items = _plan_items([a.pk for a in chart_accounts])
    targets = _targets(accounts, charts, contacts, team, links, single, plan_items)
    for account_id in stale_ids:
        target = targets[account_id]
        key = [c for c in target.key_contacts if c in target.execs] or sorted(target.key_contacts)
        if key:
            target.stale[min(key)] = date.fromordinal(today.toordinal() - rng.randint(120, 330))
    kams = _kam_profiles(accounts, users, hunter)
    activity, manual = plan_activity(
        targets=[targets[a.pk] for a in accounts],
        kams=kams,
        team_users=sorted(u for u in users if users[u].role == "team"),
        director_id=director.pk if director else None,
        rng=rng,
        today=today,
    )
    counts |= write_activity(activity, manual)
    refresh_last_contacts()
    counts["profiles"] = profiles_derive(today=today)
    counts["single_threaded"] = len(single)
    counts["hunters"] = 1 if hunter else 0
    return counts


def _org_charts(chart_accounts, contacts, rng: random.Random) -> tuple[dict, dict]:
    """Fill the org chart of each account: account id -> {position key: contact}."""
    charts: dict[int, dict] = {}
    new_by_depth: dict[int, list] = defaultdict(list)
    parents: dict[int, str | None] = {}  # id(contact) -> the position it reports to
    existing = []
    size = max(len(chart_accounts), 1)
    for rank, account in enumerate(chart_accounts):
        count = max(8, min(20, 20 - rank * 12 // size + rng.randint(-2, 1)))
        picks = sorted(rng.sample(range(CORE, len(POSITIONS)), k=count - CORE))
        chosen = list(POSITIONS[:CORE]) + [POSITIONS[i] for i in picks]
        present = {p.key for p in chosen}
        lang = language(account.country)
        group = NAMING_OF_COUNTRY.get(account.country, "de")
        have = contacts[account.pk]
        known = len(have)
        domain = next((c.email.split("@")[1] for c in have if "@" in c.email), None)
        domain = domain or f"customer{account.pk}.example"
        used = {c.email for c in have}
        chart: dict[str, object] = {}
        depth: dict[str, int] = {}
        # A few holes in the buying centre: no economic buyer, or no decision maker.
        missing = {"economic_buyer"} if rank % 10 == 4 else set()
        missing |= {"decision_maker"} if rank % 15 == 7 else set()
        for index, position in enumerate(chosen):
            parent = position.parent
            while parent is not None and parent not in present:
                parent = BY_KEY[parent].parent
            depth[position.key] = 0 if parent is None else depth[parent] + 1
            if index < known:
                contact = have[index]
                contact.last_name = agree(contact.first_name, contact.last_name, group)
                existing.append(contact)
            else:
                contact = _new_person(account, position, group, domain, used, rng)
                have.append(contact)
                new_by_depth[depth[position.key]].append(contact)
            contact.title = TITLES[lang][position.key]
            _describe(contact, position, rng, missing=missing)
            parents[id(contact)] = parent
            chart[position.key] = contact
        charts[account.pk] = chart
    created = 0
    for level in sorted(new_by_depth):
        rows = new_by_depth[level]
        for contact in rows:
            _set_manager(contact, parents, charts)
        bulk_create_with_history(rows, Contact, batch_size=500, default_change_reason=REASON)
        created += len(rows)
    for contact in existing:
        _set_manager(contact, parents, charts)
    fields = ["last_name", "title", "buying_roles", "level", "authority", "influence", "interest"]
    fields += ["attitude", "competitor_attitude", "biased_against_us", "reports_to"]
    for contact in existing:  # a few hundred: faster than bulk_update's CASE expressions
        contact._change_reason = REASON
        contact.save(update_fields=[*fields, "updated_at"])
    return charts, {"contacts_added": created, "contacts_described": len(existing)}


def _set_manager(contact, parents: dict, charts: dict) -> None:
    parent = parents[id(contact)]
    contact.reports_to = charts[contact.account_id][parent] if parent else None


def _new_person(
    account: Account, position: Position, group: str, domain: str, used: set, rng: random.Random
) -> Contact:
    male, female, last_names = name_lists(group)
    woman = rng.random() < (0.85 if position.key == "assistant" else 0.4)
    first = rng.choice(female if woman else male)
    last = surname(rng.choice(last_names), female=woman, group=group)
    local = f"{ascii_name(first)[:1]}.{ascii_name(last)}"
    email, n = f"{local}@{domain}", 2
    while email in used:
        email, n = f"{local}{n}@{domain}", n + 1
    used.add(email)
    prefix = PHONE_PREFIX.get(account.country, "+49")
    phone = f"{prefix} {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
    return Contact(account=account, first_name=first, last_name=last, email=email, phone=phone)


def _describe(contact, position: Position, rng: random.Random, *, missing: set[str]) -> None:
    """Level, roles, weights and attitudes of the person in `position`; the roles in
    `missing` are nobody's at this account (the person is an influencer instead)."""
    roles = [r for r in position.roles if r not in missing] or ["influencer"]
    attitude = rng.choices(ATTITUDES, weights=(1, 3, 4, 2, 1))[0]
    if attitude == "champion":
        roles.append("champion")
    elif attitude == "supporter" and position.level != EXEC and rng.random() < 0.3:
        roles.append("coach")
    low, high = INTEREST[position.roles[0]]
    contact.buying_roles = roles
    contact.level = position.level
    contact.authority = rng.randint(*position.authority)
    contact.influence = rng.randint(*position.influence)
    contact.interest = rng.randint(low, high)
    contact.attitude = attitude
    contact.competitor_attitude = rng.choices(ATTITUDES, weights=COMPETITOR_WEIGHTS[attitude])[0]
    contact.biased_against_us = attitude == "opponent" and rng.random() < 0.6


def _hunter(accounts, users) -> int | None:
    """The KAM owning the fewest strategic accounts (at least one): the demo's hunter."""
    owned: dict[int, int] = defaultdict(int)
    for account in accounts:
        owner = users.get(account.owner_id)
        if account.account_class == "strategic" and owner is not None and owner.role == "kam":
            owned[owner.pk] += 1
    if not owned:
        return None
    return min(owned, key=lambda pk: (owned[pk], users[pk].username))


def _special_accounts(chart_accounts, hunter, rng) -> tuple[dict[int, str], list[int]]:
    """Single-threaded accounts (account id -> the one position reached) and accounts
    with a stale key stakeholder: never the largest account, never the hunter's."""
    pool = [a.pk for a in chart_accounts[1:] if a.owner_id != hunter] or [
        a.pk for a in chart_accounts[1:]
    ]
    single = rng.sample(pool, k=min(len(pool), max(1, len(chart_accounts) // 10)))
    rest = [pk for pk in pool if pk not in single]
    stale = rng.sample(rest, k=min(len(rest), max(1, len(chart_accounts) // 7)))
    return dict.fromkeys(single, "purchasing"), stale


def _relationships(accounts, charts, contacts, team, director, single, rng) -> dict:
    """(user id, contact id, account id) -> strength."""
    links: dict[tuple[int, int, int], int] = {}

    def link(user_id: int, contact, kind: str) -> None:
        key = (user_id, contact.pk, contact.account_id)
        if key not in links:
            links[key] = rng.choices(range(6), weights=STRENGTH_WEIGHTS[kind])[0]

    for account in accounts:
        chart = charts.get(account.pk)
        if chart is None:
            have = contacts.get(account.pk, [])
            if account.owner_id and have:
                link(account.owner_id, have[0], "owner")
            members = team.get(account.pk, [])
            if members and have and rng.random() < 0.6:
                link(members[0][0], have[min(1, len(have) - 1)], "team")
            continue
        if account.pk in single:
            contact = chart[single[account.pk]]
            links[(account.owner_id, contact.pk, account.pk)] = 4
            continue
        ours = [(account.owner_id, "owner", "owner")]
        if director is not None and director.pk != account.owner_id:
            ours.append((director.pk, "director", "director"))
        ours += [(user_id, unit, "team") for user_id, unit in team.get(account.pk, [])]
        for user_id, peers, kind in ours:
            candidates = [chart[k] for k in PEERS.get(peers, PEERS["sales"]) if k in chart]
            for index, contact in enumerate(candidates):
                if (kind == "owner" and index == 0) or rng.random() < LINK_CHANCE[kind]:
                    link(user_id, contact, kind)
    return links


def _plan_items(account_ids: list[int]) -> dict[int, tuple[list, list]]:
    """Goals and actions of each account's newest plan: what meetings served."""
    newest: dict[int, int] = {}
    items: dict[int, tuple[list, list]] = {}
    for model, slot in ((Goal, 0), (Action, 1)):
        for pk, plan_id, account_id in (
            model.objects.filter(plan__account_id__in=account_ids)
            .order_by("plan_id", "pk")
            .values_list("pk", "plan_id", "plan__account_id")
        ):
            newest[account_id] = max(newest.get(account_id, 0), plan_id)
            items.setdefault(account_id, ([], []))[slot].append((plan_id, pk))
    return {
        account_id: (
            [pk for plan, pk in goals if plan == newest[account_id]],
            [pk for plan, pk in actions if plan == newest[account_id]],
        )
        for account_id, (goals, actions) in items.items()
    }


def _targets(accounts, charts, contacts, team, links, single, plan_items) -> dict[int, Target]:
    by_account: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for (user_id, contact_id, account_id), strength in sorted(links.items()):
        by_account[account_id][user_id].append((contact_id, strength))
    targets = {}
    rank_in_class: dict[str, int] = defaultdict(int)
    for account in accounts:
        rank = rank_in_class[account.account_class]
        rank_in_class[account.account_class] += 1
        people = contacts.get(account.pk, [])
        chart = charts.get(account.pk, {})
        goals, actions = plan_items.get(account.pk, ([], []))
        targets[account.pk] = Target(
            pk=account.pk,
            cls=account.account_class,
            language=language(account.country),
            owner_id=account.owner_id,
            weight=1 / (1 + 0.1 * rank),
            contacts=[c.pk for c in people],
            key_contacts={c.pk for c in people if max(c.authority or 0, c.influence or 0) >= 4},
            execs=[chart[k].pk for k in ("ceo", "cfo", "coo") if k in chart],
            links=dict(by_account[account.pk]),
            team=list(team.get(account.pk, [])),
            single=chart[single[account.pk]].pk if account.pk in single else None,
            goals=goals,
            actions=actions,
        )
    return targets


def _kam_profiles(accounts, users, hunter) -> dict[int, str]:
    """KAM id -> "hunter", "drifting" (below the strategic norm) or "farmer"."""
    owners = sorted(
        {a.owner_id for a in accounts if a.owner_id in users and users[a.owner_id].role == "kam"},
        key=lambda pk: users[pk].username,
    )
    profiles = {pk: "hunter" if pk == hunter else "farmer" for pk in owners}
    farmers = [pk for pk in owners if pk != hunter]
    if len(farmers) >= 2:
        profiles[farmers[1]] = "drifting"
    return profiles


def clear_stakeholders() -> None:
    """Before a demo reset removes every account: delete every interaction (with its
    participants), time entry and relationship, and their history, with one DELETE per
    table. Through the ORM each of the demo's thousands of rows would be loaded and given
    a deletion record, which made a reset take seconds per thousand rows; everything on
    the accounts goes anyway."""
    models: list[type[Model]] = [
        TimeEntry,
        Interaction.our_people.through,
        Interaction.their_people.through,
        Interaction,
        Relationship,
    ]
    models += [TimeEntry.history.model, Interaction.history.model, Relationship.history.model]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
