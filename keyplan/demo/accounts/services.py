"""Writes the generated demo portfolio (keyplan.demo.accounts.domain) into the database:
business units, one login per role, the accounts with their groups, teams and contacts,
the portal user, and the file listing the logins."""

from __future__ import annotations

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from keyplan.accounts.models import Account, AccountTeamMember, Contact
from keyplan.users.models import BusinessUnit, User

from .domain import DemoPortfolio, team_role


def load_units(portfolio: DemoPortfolio) -> dict[str, BusinessUnit]:
    """The business units by code (existing ones are kept)."""
    units = {}
    for code, name in portfolio.units:
        units[code], _ = BusinessUnit.objects.get_or_create(code=code, defaults={"name": name})
    return units


def load_users(portfolio: DemoPortfolio, units: dict[str, BusinessUnit]) -> dict[str, User]:
    """The internal logins by user name, created or reset to the demo's password."""
    users: dict[str, User] = {}
    for spec in portfolio.users:
        if spec.role == "portal":
            continue
        user = User.objects.filter(username=spec.username).first() or User(username=spec.username)
        user.first_name, user.last_name, user.role = spec.first_name, spec.last_name, spec.role
        user.email = f"{spec.username}@vistula-components.example"
        user.business_unit = units.get(spec.unit) if spec.unit else None
        user.is_staff = user.is_superuser = spec.role == "admin"
        user.is_active = True
        user.set_password(spec.password)
        user.save()
        users[spec.username] = user
    return users


def load_accounts(portfolio: DemoPortfolio, users: dict[str, User]) -> dict[int, Account]:
    """The accounts by the generator's key, in bulk with history; parents are set once
    every account has its key."""
    rows = [
        Account(
            name=demo.name,
            external_id=demo.external_id,
            tax_id=demo.tax_id,
            industry=demo.industry,
            country=demo.country,
            region=demo.region,
            currency=demo.currency,
            annual_revenue=demo.annual_revenue,
            account_class=demo.account_class,
            status=demo.status,
            owner=users.get(demo.owner) if demo.owner else None,
        )
        for demo in portfolio.accounts
    ]
    created = bulk_create_with_history(rows, Account, batch_size=500)
    by_key = {demo.key: account for account, demo in zip(created, portfolio.accounts, strict=True)}
    with_parent = []
    for demo in portfolio.accounts:
        if demo.parent_key is not None:
            account = by_key[demo.key]
            account.parent = by_key[demo.parent_key]
            with_parent.append(account)
    for account in with_parent:
        account.save(update_fields=["parent"])
    return by_key


def load_team(
    portfolio: DemoPortfolio,
    by_key: dict[int, Account],
    users: dict[str, User],
    units: dict[str, BusinessUnit],
) -> int:
    team = [
        AccountTeamMember(
            account=by_key[demo.key],
            user=users[username],
            business_unit=units.get(unit),
            role=team_role(unit)[0],
            contribution=team_role(unit)[1],
        )
        for demo in portfolio.accounts
        for username, unit in demo.team
    ]
    bulk_create_with_history(team, AccountTeamMember, batch_size=500)
    return len(team)


def load_contacts(portfolio: DemoPortfolio, by_key: dict[int, Account]) -> int:
    contacts = [
        Contact(account=by_key[demo.key], **vars(c))
        for demo in portfolio.accounts
        for c in demo.contacts
    ]
    bulk_create_with_history(contacts, Contact, batch_size=500)
    return len(contacts)


def load_portal_user(portfolio: DemoPortfolio, by_key: dict[int, Account]) -> User:
    """The customer's login, on the portal account."""
    spec = next(u for u in portfolio.users if u.role == "portal")
    portal = User(
        username=spec.username,
        first_name=spec.first_name,
        last_name=spec.last_name,
        role="portal",
        portal_account=by_key[portfolio.portal_account_key],
        email=f"{spec.username}@customer.example",
    )
    portal.set_password(spec.password)
    portal.save()
    return portal


def logins_path():
    return settings.DATA_DIR / "demo-logins.txt"


def write_logins(portfolio: DemoPortfolio) -> None:
    """The demo's logins with their passwords, readable by the owner only."""
    path = logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{u.role:<9} {u.username:<20} {u.password}" for u in portfolio.users]
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)


def logins_text() -> str:
    path = logins_path()
    return path.read_text() if path.exists() else ""
