"""The demo portfolio: the generator is pure (no database); demo_load writes it with history."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from decimal import Decimal

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import CommandError
from django.test import override_settings

from keyplan.accounts.models import Account, AccountTeamMember, Contact
from keyplan.demo import services
from keyplan.demo.accounts.domain import DEMO_USERNAMES, generate
from keyplan.users.models import Role, User
from tests.support import run

# Rough units of local currency per euro: enough to compare customer sizes across countries.
PER_EUR = {
    "EUR": 1,
    "PLN": 4.3,
    "RUB": 100,
    "KZT": 500,
    "BYN": 3,
    "CZK": 25,
    "SEK": 11,
}
NEW_PASSWORD = "plum-orchard-quietly-42"
RUSSIAN_SPEAKING = {"RU", "KZ", "BY"}
EU = {"PL", "DE", "CZ", "LT", "SK", "AT", "NL", "IT", "SE", "FR", "ES", "HU", "RO", "BE", "DK"}


@pytest.fixture(scope="module")
def portfolio():
    return generate(seed=42)


def in_eur(account) -> float:
    return float(account.annual_revenue) / PER_EUR[account.currency]


# --- determinism ---------------------------------------------------------------------------


def test_same_seed_same_portfolio():
    first, second = generate(seed=42), generate(seed=42)
    assert asdict(first) == asdict(second)
    assert generate(seed=5, accounts=40) == generate(seed=5, accounts=40)


def test_different_seed_different_portfolio():
    a, b = generate(seed=1), generate(seed=2)
    assert [x.name for x in a.accounts] != [x.name for x in b.accounts]
    assert [x.annual_revenue for x in a.accounts] != [x.annual_revenue for x in b.accounts]
    assert [u.password for u in a.users] != [u.password for u in b.users]


@pytest.mark.parametrize("count", [10, 40, 300, 1000])
def test_account_count(count):
    assert len(generate(seed=3, accounts=count).accounts) == count


# --- shape of the portfolio ------------------------------------------------------------------


def test_about_ten_percent_strategic(portfolio):
    classes = Counter(a.account_class for a in portfolio.accounts)
    assert classes["strategic"] == len(portfolio.accounts) // 10
    assert set(classes) == {"strategic", "regular", "prospect", "suspect"}
    assert classes["regular"] > classes["strategic"]


@pytest.mark.parametrize("seed", [42, 1, 7, 2024])
def test_sizes_are_pareto_skewed(seed):
    accounts = generate(seed=seed).accounts
    sizes = sorted((in_eur(a) for a in accounts), reverse=True)
    top = sizes[: len(sizes) // 5]
    assert sum(top) / sum(sizes) > 0.55
    # The largest customer is many times the median one.
    assert sizes[0] > 20 * sizes[len(sizes) // 2]


def test_strategic_accounts_are_the_largest(portfolio):
    strategic = [in_eur(a) for a in portfolio.accounts if a.account_class == "strategic"]
    others = [in_eur(a) for a in portfolio.accounts if a.account_class != "strategic"]
    # 1% slack for the rounding of revenue to thousands.
    assert min(strategic) >= max(others) * 0.99
    assert all(a.annual_revenue > 0 for a in portfolio.accounts)
    assert all(
        a.annual_revenue == a.annual_revenue.quantize(Decimal("0.01")) for a in portfolio.accounts
    )


@pytest.mark.parametrize("seed", [42, 1, 7])
def test_strategic_and_regular_accounts_have_owners(seed):
    result = generate(seed=seed)
    kams = {u.username for u in result.users if u.role == "kam"}
    for account in result.accounts:
        if account.account_class in ("strategic", "regular"):
            assert account.owner in kams, account
        else:
            assert account.owner is None or account.owner in kams
    assert any(a.owner is None for a in result.accounts)  # unowned prospects exist too


@pytest.mark.parametrize("seed", [42, 1, 7, 11])
def test_parents_exist_and_form_no_cycles(seed):
    result = generate(seed=seed)
    by_key = {a.key: a for a in result.accounts}
    assert len(by_key) == len(result.accounts)
    children = [a for a in result.accounts if a.parent_key is not None]
    assert children, "the demo has groups"
    for account in result.accounts:
        seen = {account.key}
        parent_key = account.parent_key
        while parent_key is not None:
            assert parent_key in by_key
            assert parent_key not in seen, f"{account.name} is its own ancestor"
            seen.add(parent_key)
            parent_key = by_key[parent_key].parent_key
    for child in children:
        parent = by_key[child.parent_key]
        assert child.country == parent.country
        assert child.owner == parent.owner


def test_countries_cover_poland_russian_speaking_markets_and_the_eu(portfolio):
    countries = Counter(a.country for a in portfolio.accounts)
    assert countries.most_common(1)[0][0] == "PL"
    assert set(countries) >= RUSSIAN_SPEAKING
    assert len(set(countries) & (EU - {"PL"})) >= 3
    for account in portfolio.accounts:
        assert account.currency in PER_EUR
        if account.country == "PL":
            assert account.currency == "PLN"
        if account.country in RUSSIAN_SPEAKING:
            assert any("\u0400" <= ch <= "\u04ff" for ch in account.name)  # Cyrillic


def test_one_user_per_role(portfolio):
    by_role = Counter(u.role for u in portfolio.users)
    for role in ("admin", "director", "kam", "team", "viewer", "portal"):
        assert by_role[role] >= 1, role
    assert set(by_role) == set(Role.values)
    assert by_role["admin"] == by_role["director"] == by_role["viewer"] == 1
    assert by_role["portal"] == 1
    assert {u.username for u in portfolio.users} == DEMO_USERNAMES
    assert 0 <= portfolio.portal_account_key < len(portfolio.accounts)


def test_passwords_satisfy_the_validators(portfolio):
    passwords = [u.password for u in portfolio.users]
    assert len(set(passwords)) == len(passwords)
    for user in portfolio.users:
        assert len(user.password) >= 10
        validate_password(user.password, User(username=user.username))


@pytest.mark.parametrize("seed", [42, 1, 7])
def test_names_and_external_ids_are_unique(seed):
    accounts = generate(seed=seed, accounts=1000).accounts
    names = [a.name for a in accounts]
    external_ids = [a.external_id for a in accounts]
    assert len(set(names)) == len(names)
    assert len(set(external_ids)) == len(external_ids)
    assert all(external_ids)


def test_teams_have_no_duplicates_and_use_real_users(portfolio):
    usernames = {u.username for u in portfolio.users}
    for account in portfolio.accounts:
        members = [username for username, _unit in account.team]
        assert len(set(members)) == len(members), account.name
        assert set(members) <= usernames
    strategic = [a for a in portfolio.accounts if a.account_class == "strategic"]
    assert all(len(a.team) >= 2 for a in strategic)
    assert all(a.contacts for a in portfolio.accounts)


# --- loading into the database ---------------------------------------------------------------


@pytest.fixture
def loaded(db, tmp_path):
    portfolio = generate(seed=42, accounts=40)
    with override_settings(DATA_DIR=tmp_path):
        counts = services.demo_load(portfolio)
    return portfolio, counts


def test_demo_load_writes_history(loaded):
    portfolio, counts = loaded
    assert counts["accounts"] == Account.objects.count() == 40
    created = Account.history.filter(history_type="+")
    assert created.count() == 40
    assert set(created.values_list("id", flat=True)) == set(
        Account.objects.values_list("pk", flat=True)
    )
    # Subsidiaries got their parent in a second, recorded step.
    with_parent = Account.objects.filter(parent__isnull=False)
    assert with_parent.count() == sum(1 for a in portfolio.accounts if a.parent_key is not None)
    for account in with_parent:
        assert account.history.filter(history_type="~", parent=account.parent).exists()
    assert Contact.history.filter(history_type="+").count() == Contact.objects.count() > 0
    assert (
        AccountTeamMember.history.filter(history_type="+").count()
        == AccountTeamMember.objects.count()
        > 0
    )


def test_demo_load_binds_the_portal_user(loaded):
    portfolio, _counts = loaded
    portal = User.objects.get(role=Role.PORTAL)
    expected = portfolio.accounts[portfolio.portal_account_key]
    assert portal.portal_account is not None
    assert portal.portal_account.name == expected.name
    assert portal.portal_account.external_id == expected.external_id


def test_demo_load_maps_owners_and_parents(loaded):
    portfolio, _counts = loaded
    by_external_id = {a.external_id: a for a in Account.objects.select_related("owner", "parent")}
    demo_by_key = {a.key: a for a in portfolio.accounts}
    for demo in portfolio.accounts:
        account = by_external_id[demo.external_id]
        assert (account.owner.username if account.owner else None) == demo.owner
        if demo.parent_key is None:
            assert account.parent is None
        else:
            assert account.parent.external_id == demo_by_key[demo.parent_key].external_id


def test_demo_load_refuses_when_accounts_exist(loaded, tmp_path):
    with override_settings(DATA_DIR=tmp_path), pytest.raises(services.DemoExistsError):
        services.demo_load(generate(seed=1, accounts=10))
    assert Account.objects.count() == 40


# --- sales history -----------------------------------------------------------------------------


def _invoice_months(folder) -> dict[str, set[str]]:
    import csv

    months: dict[str, set[str]] = {}
    with (folder / "invoices.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            months.setdefault(row["Customer ID"], set()).add(row["Date"][:7])
    return months


def test_sales_files_follow_the_seed(tmp_path):
    from keyplan.demo.sales.domain import write_files

    portfolio = generate(seed=9, accounts=60)
    first = write_files(portfolio, tmp_path / "a", seed=9, lines=6000)
    second = write_files(portfolio, tmp_path / "b", seed=9, lines=6000)
    for kind, path in first["paths"].items():
        assert path.read_bytes() == second["paths"][kind].read_bytes(), kind


def test_some_customers_are_new_and_some_were_lost(tmp_path):
    """So that the classes move between a year ago and now (issue #4's snapshots)."""
    from keyplan.demo.sales.domain import DEMO_END, MONTHS, _month_start, write_files

    portfolio = generate(seed=42)
    write_files(portfolio, tmp_path, seed=42, lines=30_000)
    months = _invoice_months(tmp_path)
    last_year = _month_start(MONTHS - 12).isoformat()[:7]
    assert max(max(m) for m in months.values()) == DEMO_END.isoformat()[:7]
    regular = [a for a in portfolio.accounts if a.account_class == "regular"]
    new = [a for a in regular if min(months[a.external_id]) >= last_year]
    lost = [a for a in regular if max(months[a.external_id]) < last_year]
    assert 2 <= len(new) <= len(regular) // 5
    assert 2 <= len(lost) <= len(regular) // 5
    for account in portfolio.accounts:
        if account.account_class == "strategic":  # buy before the last year and in it
            assert min(months[account.external_id]) < last_year
            assert max(months[account.external_id]) >= last_year
        if account.account_class in ("prospect", "suspect"):
            assert account.external_id not in months


# --- the seed_demo command ------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path):
    """demo_load writes the demo logins into the data dir; keep them out of ./var/."""
    with override_settings(DATA_DIR=tmp_path):
        yield tmp_path


def test_seed_demo_loads_accounts_and_users(db, data_dir):
    out, _err = run("seed_demo", "--accounts", "40", "--seed", "7")
    portfolio = generate(seed=7, accounts=40)
    assert Account.objects.count() == 40
    assert set(Account.objects.values_list("name", flat=True)) == {
        a.name for a in portfolio.accounts
    }
    assert "Demo portfolio loaded: 40 accounts" in out
    for spec in portfolio.users:
        user = User.objects.get(username=spec.username)
        assert user.role == spec.role
        assert user.check_password(spec.password)
        assert f"{spec.username}" in out
    portal = User.objects.get(role=Role.PORTAL)
    assert portal.portal_account is not None
    logins = (data_dir / "demo-logins.txt").read_text()
    assert all(spec.password in logins for spec in portfolio.users)
    assert (data_dir / "demo-logins.txt").stat().st_mode & 0o077 == 0


def test_seed_demo_refuses_a_second_run(db, data_dir):
    run("seed_demo", "--accounts", "40")
    names = set(Account.objects.values_list("name", flat=True))
    with pytest.raises(CommandError, match="already holds accounts; use --reset"):
        run("seed_demo", "--accounts", "40", "--seed", "8")
    assert set(Account.objects.values_list("name", flat=True)) == names


def test_seed_demo_refuses_on_any_existing_account(world, data_dir):
    with pytest.raises(CommandError, match="use --reset"):
        run("seed_demo", "--accounts", "40")
    assert Account.objects.count() == 2


def test_seed_demo_reset_replaces_the_portfolio(db, data_dir, monkeypatch):
    run("seed_demo", "--accounts", "40", "--seed", "1")
    # A real user, made with createuser, is not part of the demo.
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    run("createuser", "karolina", role="viewer")

    run("seed_demo", "--accounts", "50", "--seed", "2", "--reset")

    portfolio = generate(seed=2, accounts=50)
    assert Account.objects.count() == 50
    assert set(Account.objects.values_list("name", flat=True)) == {
        a.name for a in portfolio.accounts
    }
    for spec in portfolio.users:
        assert User.objects.get(username=spec.username).check_password(spec.password)
    assert User.objects.filter(role=Role.PORTAL).count() == 1
    assert User.objects.get(username="karolina").check_password(NEW_PASSWORD)


def test_seed_demo_account_count_bounds(db, data_dir):
    with pytest.raises(CommandError, match="between 1 and 100000"):
        run("seed_demo", "--accounts", "0")
    with pytest.raises(CommandError, match="between 1 and 100000"):
        run("seed_demo", "--accounts", "100001")
    assert not Account.objects.exists()
