"""The demo's stakeholders (keyplan.demo.stakeholders): org charts of 8-20 people for the
top strategic accounts, relationships, two years of weekday interactions with one time
entry per participant of ours, a single-threaded account, a hunter owning strategic
accounts, a stale key stakeholder; the same seed and day give the same demo."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from django.db.models import Count
from django.test import override_settings

from keyplan.accounts.models import Account, BuyingRole, Contact
from keyplan.demo import services
from keyplan.demo.accounts.domain import generate
from keyplan.demo.stakeholders.domain import TOP_ACCOUNTS, agree, ascii_name, surname
from keyplan.demo.stakeholders.services import seed_stakeholders
from keyplan.stakeholders.models import (
    Interaction,
    Relationship,
    SalesProfile,
    SellingSettings,
    TimeEntry,
    TimeSource,
)

TODAY = date(2026, 6, 17)  # a Wednesday
ACCOUNTS = 120  # 12 strategic: enough for every pattern, quicker than the full 300
RUSSIAN = {"RU", "KZ", "BY"}
MINUTES = {"meeting": (60, 120), "call": (15, 30), "visit": (180, 480), "email": (10, 10)}


def cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def load(seed: int = 42) -> dict[str, int]:
    services.demo_load(generate(seed=seed, accounts=ACCOUNTS))
    return seed_stakeholders(rng=random.Random(seed + 6), today=TODAY)


@pytest.fixture
def demo(db, tmp_path):
    with override_settings(DATA_DIR=tmp_path):
        yield load()


def charted() -> list[Account]:
    strategic = Account.objects.filter(account_class="strategic", owner__isnull=False)
    return sorted(strategic, key=lambda a: (-(a.annual_revenue or 0), a.name, a.pk))[:TOP_ACCOUNTS]


# --- pure helpers ----------------------------------------------------------------------------


def test_names_agree_with_gender_and_fit_in_an_email_address():
    assert surname("Kowalski", female=True, group="pl") == "Kowalska"
    assert surname("Nowak", female=True, group="pl") == "Nowak"
    assert surname("Соловьёв", female=True, group="ru") == "Соловьёва"
    assert surname("Novák:Nováková", female=True, group="cz") == "Nováková"
    assert surname("Novák:Nováková", female=False, group="cz") == "Novák"
    assert agree("Joanna", "Kowalski", "pl") == "Kowalska"
    assert agree("Tomasz", "Dąbrowska", "pl") == "Dąbrowski"
    assert agree("Ольга", "Иванов", "ru") == "Иванова"
    assert agree("Сергей", "Смирнова", "ru") == "Смирнов"
    assert agree("Eva", "de Vries", "de") == "de Vries"
    assert ascii_name("Łukasz") == "lukasz"
    assert ascii_name("Жумабаев") == "zhumabaev"
    assert ascii_name("de Jong") == "dejong"


# --- org charts -------------------------------------------------------------------------------


def test_top_strategic_accounts_get_full_org_charts(demo):
    accounts = charted()
    assert len(accounts) == ACCOUNTS // 10
    roles = set(BuyingRole.values)
    for account in accounts:
        people = list(Contact.objects.filter(account=account))
        assert 8 <= len(people) <= 20
        ids = {c.pk for c in people}
        roots = [c for c in people if c.reports_to_id is None]
        assert len(roots) == 1, account
        for contact in people:
            assert contact.level and contact.attitude and contact.competitor_attitude
            assert contact.buying_roles and set(contact.buying_roles) <= roles
            for value in (contact.authority, contact.influence, contact.interest):
                assert 1 <= value <= 5
            # A tree: everyone reaches the root through people of the same account.
            seen, step = set(), contact
            while step.reports_to_id is not None:
                assert step.reports_to_id in ids and step.pk not in seen
                seen.add(step.pk)
                step = next(c for c in people if c.pk == step.reports_to_id)
            assert step == roots[0]
        added = [c for c in people if not c.email.startswith("contact")]
        assert all(c.email.endswith(people[0].email.split("@")[1]) for c in added)
        if account.country in RUSSIAN:
            assert all(cyrillic(c.last_name) for c in added)
            assert cyrillic(roots[0].title)
        elif account.country == "PL":
            assert not any(cyrillic(c.last_name) for c in added)
            assert roots[0].title == "Prezes zarządu"
            women = [c for c in people if c.first_name.endswith("a")]
            assert not any(c.last_name.endswith(("ski", "cki")) for c in women)
    charted_people = Contact.objects.filter(account__in=accounts)
    assert charted_people.filter(biased_against_us=True).exists()
    assert len(set(charted_people.values_list("attitude", flat=True))) == 5
    assert demo["contacts_added"] == Contact.objects.filter(account__in=accounts).count() - sum(
        1 for c in charted_people if c.email.startswith("contact")
    )


def test_a_buying_centre_misses_a_role_somewhere(demo):
    missing = 0
    for account in charted():
        filled = {r for c in account.contacts.all() for r in c.buying_roles}
        missing += not {"economic_buyer", "decision_maker"} <= filled
    assert missing >= 1


def test_relationships_link_our_people_to_theirs_with_varied_strength(demo):
    links = Relationship.objects.select_related("contact", "user")
    assert all(link.contact.account_id == link.account_id for link in links)
    assert len({link.strength for link in links}) >= 5
    executives = links.filter(user__role="director", contact__level="executive")
    assert executives.exists()
    assert links.filter(user__role="team").exists()
    # Refreshed from the interactions of both people of the link.
    link = links.exclude(last_interaction_on=None).first()
    latest = (
        Interaction.objects.filter(our_people=link.user, their_people=link.contact)
        .order_by("-occurred_on")
        .first()
    )
    assert link.last_interaction_on == latest.occurred_on


# --- interactions and time ----------------------------------------------------------------------


def test_two_years_of_weekday_interactions_with_their_time(demo):
    interactions = Interaction.objects.all()
    assert demo["interactions"] == interactions.count() > 1000
    days = list(interactions.values_list("occurred_on", flat=True))
    assert all(d.weekday() < 5 for d in days)
    assert max(days) <= TODAY
    assert min(days) >= TODAY - timedelta(days=2 * 366)
    assert not any(d.month == 12 and d.day >= 24 for d in days)
    for kind, low, high in ((k, *MINUTES[k]) for k in MINUTES):
        durations = set(interactions.filter(kind=kind).values_list("duration_minutes", flat=True))
        assert durations and low <= min(durations) and max(durations) <= high, kind

    # One time entry per interaction and participant of ours, for its date and minutes.
    entries = TimeEntry.objects.filter(source=TimeSource.INTERACTION)
    pairs = Interaction.our_people.through.objects.count()
    assert entries.count() == pairs == demo["time_entries"]
    sample = interactions.prefetch_related("our_people", "time_entries")[:200]
    for interaction in sample:
        got = {(e.user_id, e.minutes, e.spent_on) for e in interaction.time_entries.all()}
        want = {
            (u.pk, interaction.duration_minutes, interaction.occurred_on)
            for u in interaction.our_people.all()
        }
        assert got == want
    assert TimeEntry.objects.filter(source=TimeSource.MANUAL).count() == demo["manual_entries"] > 0
    assert Interaction.history.count() == interactions.count()

    # More on a strategic account than on a regular one.
    per_class = defaultdict(list)
    for account in Account.objects.annotate(n=Count("interactions")):
        per_class[account.account_class].append(account.n)
    average = {k: sum(v) / len(v) for k, v in per_class.items()}
    assert average["strategic"] > 3 * average["regular"] > 0


def test_last_contact_dates_come_from_the_interactions(demo):
    contact = Contact.objects.exclude(last_contact_on=None).first()
    latest = Interaction.objects.filter(their_people=contact).order_by("-occurred_on").first()
    assert contact.last_contact_on == latest.occurred_on


def test_single_threaded_account_and_stale_key_stakeholder(demo):
    single = []
    for account in charted():
        ours = set(
            Interaction.our_people.through.objects.filter(interaction__account=account).values_list(
                "user_id", flat=True
            )
        )
        theirs = set(
            Interaction.their_people.through.objects.filter(
                interaction__account=account
            ).values_list("contact_id", flat=True)
        )
        if ours == {account.owner_id} and len(theirs) == 1:
            single.append(account)
            assert account.relationships.count() == 1
    assert len(single) == demo["single_threaded"] >= 1

    threshold = SellingSettings.load().freshness_days
    stale = [
        c
        for c in Contact.objects.filter(account__in=charted()).exclude(account__in=single)
        if max(c.authority, c.influence) >= 4
        and c.last_contact_on is not None
        and (TODAY - c.last_contact_on).days > threshold
    ]
    assert stale


def test_a_hunter_owns_strategic_accounts_and_the_others_farm(demo):
    profiles = {p.user.username: p.derived for p in SalesProfile.objects.select_related("user")}
    kams = set(Account.objects.filter(owner__role="kam").values_list("owner__username", flat=True))
    hunters = [u for u in kams if profiles.get(u) == "hunter"]
    assert len(hunters) == 1 == demo["hunters"]
    assert Account.objects.filter(owner__username=hunters[0], account_class="strategic").exists()
    assert Counter(profiles[u] for u in kams - set(hunters)) == {"farmer": len(kams) - 1}


# --- determinism -----------------------------------------------------------------------------


def signature() -> list[tuple]:
    rows = Interaction.objects.values_list(
        "account__external_id", "occurred_on", "kind", "duration_minutes", "subject"
    )
    people = Contact.objects.values_list(
        "account__external_id", "first_name", "last_name", "title", "reports_to__last_name"
    )
    links = Relationship.objects.values_list("user__username", "contact__email", "strength")
    return sorted(rows) + sorted(people, key=str) + sorted(links)


def test_same_seed_same_demo(demo, tmp_path):
    first = signature()
    with override_settings(DATA_DIR=tmp_path):
        services.demo_reset()
        load()
    assert signature() == first
