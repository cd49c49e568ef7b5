"""Writes the generated demo portfolio into the database, in one transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from keyplan.accounts.models import Account, AccountTeamMember, Contact
from keyplan.users.models import BusinessUnit, User

from .generator import DEMO_USERNAMES, DemoPortfolio


class DemoExistsError(Exception):
    pass


def demo_reset() -> None:
    """Remove every account, contact and demo user (not other users)."""
    with transaction.atomic():
        User.objects.filter(portal_account__isnull=False).delete()
        # Subsidiaries first: parents are protected while they have children.
        while Account.objects.exists():
            Account.objects.filter(subsidiaries__isnull=True).delete()
        # Only the demo's own logins: once the accounts are gone nobody owns any, so a
        # filter on ownership would take every real user with them.
        User.objects.filter(username__in=DEMO_USERNAMES, is_superuser=False).delete()


@transaction.atomic
def demo_load(portfolio: DemoPortfolio, *, progress=None) -> dict[str, int]:
    """Load `portfolio`; refuses when the database already holds accounts."""
    if Account.objects.exists():
        raise DemoExistsError
    units = {}
    for code, name in portfolio.units:
        units[code], _ = BusinessUnit.objects.get_or_create(code=code, defaults={"name": name})
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
    by_key: dict[int, Account] = {}
    rows = []
    for demo in portfolio.accounts:
        account = Account(
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
        by_key[demo.key] = account
        rows.append(account)
    created = bulk_create_with_history(rows, Account, batch_size=500)
    for account, demo in zip(created, portfolio.accounts, strict=True):
        by_key[demo.key] = account
    if progress:
        progress("accounts", len(created))
    # Parents are set after every account has its key.
    with_parent = []
    for demo in portfolio.accounts:
        if demo.parent_key is not None:
            account = by_key[demo.key]
            account.parent = by_key[demo.parent_key]
            with_parent.append(account)
    for account in with_parent:
        account.save(update_fields=["parent"])
    team = [
        AccountTeamMember(
            account=by_key[demo.key],
            user=users[username],
            business_unit=units.get(unit),
            role=_team_role(unit)[0],
            contribution=_team_role(unit)[1],
        )
        for demo in portfolio.accounts
        for username, unit in demo.team
    ]
    bulk_create_with_history(team, AccountTeamMember, batch_size=500)
    contacts = [
        Contact(account=by_key[demo.key], **vars(c))
        for demo in portfolio.accounts
        for c in demo.contacts
    ]
    bulk_create_with_history(contacts, Contact, batch_size=500)
    if progress:
        progress("contacts", len(contacts))
    portal_spec = next(u for u in portfolio.users if u.role == "portal")
    portal = User(
        username=portal_spec.username,
        first_name=portal_spec.first_name,
        last_name=portal_spec.last_name,
        role="portal",
        portal_account=by_key[portfolio.portal_account_key],
        email=f"{portal_spec.username}@customer.example",
    )
    portal.set_password(portal_spec.password)
    portal.save()
    users[portal.username] = portal
    _write_logins(portfolio)
    return {
        "users": len(users),
        "accounts": len(created),
        "team": len(team),
        "contacts": len(contacts),
    }


def _team_role(unit: str) -> tuple[str, str]:
    from .generator import TEAM_ROLES

    return TEAM_ROLES.get(unit, ("Team member", ""))


def logins_path():
    return settings.DATA_DIR / "demo-logins.txt"


def _write_logins(portfolio: DemoPortfolio) -> None:
    path = logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{u.role:<9} {u.username:<20} {u.password}" for u in portfolio.users]
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)


def demo_logins_text() -> str:
    path = logins_path()
    return path.read_text() if path.exists() else ""


def demo_load_sales(portfolio: DemoPortfolio, *, seed: int, lines: int, progress=None) -> dict:
    """Write the demo's sales files and import them through the real import pipeline."""
    from keyplan.imports.services import import_job_create, import_job_run

    from .sales import write_files

    folder = settings.DATA_DIR / "demo" / f"seed-{seed}"
    files = write_files(portfolio, folder, seed=seed, lines=lines)
    admin = User.objects.filter(username="admin").first()
    counts = {}
    for kind in ("products", "invoices", "payments", "opportunities"):
        job = import_job_create(user=None, kind=kind, source=files["paths"][kind], copy=False)
        if admin is not None:
            job.created_by = admin
            job.save(update_fields=["created_by"])
        summary = import_job_run(job)
        if summary is None:
            job.refresh_from_db()
            raise RuntimeError(f"demo {kind} import failed: {job.message}")
        if summary.rejected:
            raise RuntimeError(f"demo {kind} import rejected {summary.rejected} rows")
        counts[kind] = summary.created + summary.updated + summary.unchanged
        if progress:
            progress(kind, counts[kind])
    return counts
