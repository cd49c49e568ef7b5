"""Who may call what: every URL pattern × every kind of user (STYLE.md "Tests").

ROUTES names each URL pattern, how to call it and what each fixture user gets back.
`test_every_url_pattern_is_covered` walks the URL configuration, so a new route
fails the suite until it has a row here (or a dedicated test and an ALLOW_LISTED entry).
A refused write (a POST, PATCH, PUT or DELETE that is not allowed: 401, 403, 404, a
redirect to the login page) must leave the database as it was: `database_fingerprint`
compares every table's row count and latest `updated_at` before and after the call.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from keyplan.accounts.models import Account, AccountTeamMember, Contact
from keyplan.users.models import ApiToken
from keyplan.users.services import token_create

from .factories import PASSWORD

ANONYMOUS = "anonymous"
USERS = [ANONYMOUS, "admin", "director", "owner", "member", "viewer", "outsider", "portal"]
LOGIN = "/login/"
# An int is the status code; a str means "302 to a URL starting with this".
Status = int | str
Expect = dict[str, Status]


def scoped(
    ok: Status,
    *,
    viewer: Status | None = None,
    member: Status | None = None,
    anonymous: Status = LOGIN,
) -> Expect:
    """Something about world.account: its people and the bosses succeed; strangers get 404."""
    return {
        ANONYMOUS: anonymous,
        "admin": ok,
        "director": ok,
        "owner": ok,
        "member": ok if member is None else member,
        "viewer": ok if viewer is None else viewer,
        "outsider": 404,
        "portal": 404,
    }


def internal(ok: Status, *, anonymous: Status = LOGIN) -> Expect:
    """Any internal user succeeds; the internal application is invisible (404) to portal users."""
    return {name: ok for name in USERS} | {ANONYMOUS: anonymous, "portal": 404}


def creators(ok: Status, *, others: int, anonymous: Status = LOGIN) -> Expect:
    """Account creation: administrators, directors and key account managers only."""
    return internal(ok, anonymous=anonymous) | {"member": others, "viewer": others}


def managers(ok: Status, *, others: Status = 403, anonymous: Status = LOGIN) -> Expect:
    """Portfolio-wide actions: administrators and directors; other internal users may be
    able to see the page but not act (403); portal users get 404."""
    return internal(others, anonymous=anonymous) | {"admin": ok, "director": ok}


def everyone(ok: Status, *, anonymous: Status = LOGIN) -> Expect:
    return {name: ok for name in USERS} | {ANONYMOUS: anonymous}


def importers(ok: Status, *, anonymous: Status = LOGIN) -> Expect:
    """Imports: administrators and directors; for everyone else imports do not exist."""
    return {name: 404 for name in USERS} | {ANONYMOUS: anonymous, "admin": ok, "director": ok}


IMPORT_CSV = (
    b"Document;Line;Date;Customer ID;Customer name;Revenue;Cost\n"
    b"FV/1;1;31.01.2024;C1;Alfa;100,00;60,00\n"
)


def _job(w, *, dry_run: bool = False, status: str = "uploaded", rejected: bool = False):
    from django.conf import settings

    from keyplan.imports.models import ImportJob, ImportRowError

    folder = settings.DATA_DIR / "uploads" / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"authz-{status}-{dry_run}.csv"
    path.write_bytes(IMPORT_CSV)
    job = ImportJob.objects.create(
        kind="invoices",
        file_path=str(path),
        original_name="sales.csv",
        size=len(IMPORT_CSV),
        dry_run=dry_run,
        status=status,
        created_by=w.admin,
    )
    if rejected:
        ImportRowError.objects.create(job=job, line=2, column="Cost", value="x", reason="bad")
    return job


def job(w) -> dict[str, Any]:
    return {"pk": _job(w).pk}


def finished_dry_run(w) -> dict[str, Any]:
    return {"pk": _job(w, dry_run=True, status="succeeded", rejected=True).pk}


def interrupted_job(w) -> dict[str, Any]:
    return {"pk": _job(w, status="interrupted").pk}


def _job_resumed(w) -> bool:
    from keyplan.imports.models import ImportJob

    return ImportJob.objects.exclude(status="interrupted").exists()


def api_job(w) -> dict[str, Any]:
    return {"job_id": _job(w, status="succeeded", rejected=True).pk}


def _jobs_started(w) -> bool:
    from keyplan.imports.models import ImportJob

    return ImportJob.objects.filter(dry_run=False).exclude(status="uploaded").exists()


def _owner_token(w) -> ApiToken:
    token, _raw = token_create(user=w.owner, name="owner's script")
    return token


def _account_form(w) -> dict[str, Any]:
    return {
        "name": "Polmet Renamed",
        "external_id": w.account.external_id,
        "account_class": "strategic",
        "status": "active",
        "owner": w.owner.pk,  # ignored (disabled) for everyone but admins and directors
        "industry": "manufacturing",
        "country": "PL",
        "currency": "PLN",
        "annual_revenue": "1000",
    }


@dataclass(frozen=True)
class Call:
    method: str
    kwargs: Callable[[Any], dict[str, Any]]
    expect: Expect
    data: Callable[[Any], dict[str, Any]] | None = None
    api: bool = False
    # True once the write happened: must hold after a success and not after a refusal.
    effect: Callable[[Any], bool] | None = None


def account(w) -> dict[str, Any]:
    return {"pk": w.account.pk}


def api_account(w) -> dict[str, Any]:
    return {"account_id": w.account.pk}


def api_contact(w) -> dict[str, Any]:
    return {"contact_id": w.contact.pk}


def no_kwargs(w) -> dict[str, Any]:
    return {}


def _renamed(w) -> bool:
    return Account.objects.get(pk=w.account.pk).name == "Polmet Renamed"


def _account_archived(w) -> bool:
    return Account.objects.get(pk=w.account.pk).archived_at is not None


def _contact_archived(w) -> bool:
    return Contact.all_objects.get(pk=w.contact.pk).archived_at is not None


def _member_gone(w) -> bool:
    return not AccountTeamMember.objects.filter(account=w.account, user=w.member).exists()


ROUTES: dict[str, tuple[Call, ...]] = {
    # --- pages ---------------------------------------------------------------------------
    "home": (Call("get", no_kwargs, internal(200) | {"portal": "/portal/"}),),
    "portfolio": (Call("get", no_kwargs, internal(200)),),
    "portal-home": (
        # The portal is for portal users only; for internal users it does not exist.
        Call("get", no_kwargs, {name: 404 for name in USERS} | {ANONYMOUS: LOGIN, "portal": 200}),
    ),
    "token-list": (
        # Personal API tokens are for internal users; portal users have no API.
        Call("get", no_kwargs, internal(200)),
        Call(
            "post",
            no_kwargs,
            internal(200),
            data=lambda w: {"name": "nightly sync"},
            effect=lambda w: ApiToken.objects.filter(name="nightly sync").count() == 1,
        ),
    ),
    "token-revoke": (
        # Only the token's own user may revoke it; anyone else's is 404 like a missing one.
        Call(
            "post",
            lambda w: {"pk": _owner_token(w).pk},
            {name: 404 for name in USERS} | {ANONYMOUS: LOGIN, "owner": "/me/tokens/"},
            effect=lambda w: ApiToken.objects.get(user=w.owner).revoked_at is not None,
        ),
    ),
    "accounts:list": (Call("get", no_kwargs, internal(200)),),
    "accounts:create": (
        Call("get", no_kwargs, creators(200, others=404)),
        Call(
            "post",
            no_kwargs,
            creators("/accounts/", others=404),
            data=lambda w: _account_form(w) | {"name": "Brand New SA", "external_id": ""},
            effect=lambda w: Account.objects.filter(name="Brand New SA").count() == 1,
        ),
    ),
    "accounts:detail": (Call("get", account, scoped(200)),),
    "accounts:edit": (
        Call("get", account, scoped(200, viewer=403)),
        Call(
            "post",
            account,
            scoped("/accounts/", viewer=403),
            data=_account_form,
            effect=_renamed,
        ),
    ),
    "accounts:delete": (
        Call("get", account, scoped(200, viewer=403, member=403)),
        Call(
            "post",
            account,
            scoped("/accounts/", viewer=403, member=403),
            effect=_account_archived,
        ),
    ),
    "accounts:team-add": (
        Call(
            "post",
            account,
            scoped("/accounts/", viewer=403),
            data=lambda w: {"user": w.director.pk, "role": "Sponsor"},
            effect=lambda w: w.account.team.filter(user=w.director).exists(),
        ),
    ),
    "accounts:team-remove": (
        Call(
            "post",
            lambda w: {"pk": w.account.pk, "member_pk": w.account.team.get(user=w.member).pk},
            scoped("/accounts/", viewer=403),
            effect=_member_gone,
        ),
    ),
    "accounts:contact-create": (
        Call("get", account, scoped(200, viewer=403)),
        Call(
            "post",
            account,
            scoped("/accounts/", viewer=403),
            data=lambda w: {"last_name": "Nowak", "email": "nowak@customer.example"},
            effect=lambda w: w.account.contacts.filter(last_name="Nowak").exists(),
        ),
    ),
    "accounts:contact-edit": (
        Call("get", lambda w: {"pk": w.contact.pk}, scoped(200, viewer=403)),
        Call(
            "post",
            lambda w: {"pk": w.contact.pk},
            scoped("/accounts/", viewer=403),
            data=lambda w: {"first_name": "Jan", "last_name": "Kowalski-Nowak"},
            effect=lambda w: Contact.objects.get(pk=w.contact.pk).last_name == "Kowalski-Nowak",
        ),
    ),
    "accounts:contact-delete": (
        Call(
            "post",
            lambda w: {"pk": w.contact.pk},
            scoped("/accounts/", viewer=403),
            effect=_contact_archived,
        ),
    ),
    # --- imports: administrators and directors only -----------------------------------------
    "imports:list": (Call("get", no_kwargs, importers(200)),),
    "imports:template": (Call("get", lambda w: {"kind": "invoices"}, importers(200)),),
    "imports:upload": (
        Call("get", no_kwargs, importers(200)),
        Call(
            "post",
            no_kwargs,
            importers("/imports/"),
            data=lambda w: {
                "kind": "invoices",
                "preset": "generic",
                "encoding": "auto",
                "delimiter": "auto",
                "decimal": "auto",
                "date_format": "auto",
                "file": _upload(),
            },
            effect=lambda w: __import__(
                "keyplan.imports.models", fromlist=["ImportJob"]
            ).ImportJob.objects.exists(),
        ),
    ),
    "imports:detail": (Call("get", job, importers(200)),),
    "imports:mapping": (Call("get", job, importers(200)),),
    "imports:progress": (Call("get", job, importers(200)),),
    "imports:run": (Call("post", finished_dry_run, importers("/imports/"), effect=_jobs_started),),
    "imports:remap": (Call("post", finished_dry_run, importers("/imports/")),),
    "imports:resume": (Call("post", interrupted_job, importers("/imports/"), effect=_job_resumed),),
    "imports:errors-csv": (Call("get", finished_dry_run, importers(200)),),
    "api:start_import": (
        Call(
            "post",
            no_kwargs,
            importers(202, anonymous=401),
            data=lambda w: {"kind": "invoices", "file": _upload()},
        ),
    ),
    "api:list_imports": (Call("get", no_kwargs, importers(200, anonymous=401), api=True),),
    "api:get_import": (Call("get", api_job, importers(200, anonymous=401), api=True),),
    "api:list_import_errors": (Call("get", api_job, importers(200, anonymous=401), api=True),),
    "api:import_errors_csv": (Call("get", api_job, importers(200, anonymous=401), api=True),),
    # --- API (session authentication here; tokens have their own tests below) -------------
    "api:api-root": (
        # ninja's placeholder view that only exists to compute the API's base path;
        # a plain Django view, so its 404 is the HTML page
        Call("get", no_kwargs, everyone(404, anonymous=404)),
    ),
    "api:me": (Call("get", no_kwargs, everyone(200, anonymous=401), api=True),),
    "api:list_accounts": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:create_account": (
        # Unlike the page (404), the API answers 403 to team members and viewers.
        Call(
            "post",
            no_kwargs,
            creators(201, others=403, anonymous=401),
            data=lambda w: {"name": "API Made SA"},
            api=True,
            effect=lambda w: Account.objects.filter(name="API Made SA").count() == 1,
        ),
    ),
    "api:get_account": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "api:update_account": (
        Call(
            "patch",
            api_account,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"name": "Polmet Renamed"},
            api=True,
            effect=_renamed,
        ),
    ),
    "api:delete_account": (
        Call(
            "delete",
            api_account,
            scoped(204, viewer=403, member=403, anonymous=401),
            api=True,
            effect=_account_archived,
        ),
    ),
    "api:list_team": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "api:list_contacts": (Call("get", api_account, scoped(200, anonymous=401), api=True),),
    "api:create_contact": (
        Call(
            "post",
            api_account,
            scoped(201, viewer=403, anonymous=401),
            data=lambda w: {"last_name": "Nowak"},
            api=True,
            effect=lambda w: w.account.contacts.filter(last_name="Nowak").exists(),
        ),
    ),
    "api:get_contact": (Call("get", api_contact, scoped(200, anonymous=401), api=True),),
    "api:update_contact": (
        Call(
            "patch",
            api_contact,
            scoped(200, viewer=403, anonymous=401),
            data=lambda w: {"title": "CFO"},
            api=True,
            effect=lambda w: Contact.objects.get(pk=w.contact.pk).title == "CFO",
        ),
    ),
    "api:delete_contact": (
        Call(
            "delete",
            api_contact,
            scoped(204, viewer=403, anonymous=401),
            api=True,
            effect=_contact_archived,
        ),
    ),
}

# Rows kept beside their tests, one module per area (issues #4 to #8).
from tests.accounts.workspace import routes as workspace_routes  # noqa: E402
from tests.competition import routes_api as competition_routes_api  # noqa: E402
from tests.competition import routes_web as competition_routes_web  # noqa: E402
from tests.core import routes_exports  # noqa: E402
from tests.economics import routes as economics_routes  # noqa: E402
from tests.economics import routes_health_kpis  # noqa: E402
from tests.economics import routes_settings as economics_settings_routes  # noqa: E402
from tests.economics.costs import routes as service_costs_routes  # noqa: E402
from tests.economics.group import routes as group_pnl_routes  # noqa: E402
from tests.economics.matrix import routes as matrix_routes  # noqa: E402
from tests.economics.warnings import routes as warnings_routes  # noqa: E402
from tests.economics.whitespace import routes as whitespace_routes  # noqa: E402
from tests.execution import (  # noqa: E402
    routes_checkpoints,
    routes_resources,
    routes_review,
    routes_team,
    routes_work,
)
from tests.plans import routes_api as plans_routes_api  # noqa: E402
from tests.plans import routes_web as plans_routes_web  # noqa: E402
from tests.portal import routes as portal_routes  # noqa: E402
from tests.portfolio import routes_api, routes_web_a, routes_web_b  # noqa: E402
from tests.reports import export_routes  # noqa: E402
from tests.reports import routes as reports_routes  # noqa: E402
from tests.reports.board import routes as board_pack_routes  # noqa: E402
from tests.roughedges import routes as roughedges_routes  # noqa: E402
from tests.sales.pipeline import routes as pipeline_routes  # noqa: E402
from tests.search import routes as search_routes  # noqa: E402
from tests.stakeholders import (  # noqa: E402
    routes_interactions,
    routes_people,
    routes_relationships,
    routes_selling,
)
from tests.stakeholders.satisfaction import routes as satisfaction_routes  # noqa: E402
from tests.trust.archive import routes as archive_routes  # noqa: E402
from tests.users.admin_pages import routes as admin_pages_routes  # noqa: E402

for _extra in (
    routes_web_a.ROUTES,
    routes_web_b.ROUTES,
    routes_api.ROUTES,
    plans_routes_api.ROUTES,
    plans_routes_web.ROUTES,
    routes_people.ROUTES,
    routes_relationships.ROUTES,
    routes_interactions.ROUTES,
    routes_selling.ROUTES,
    competition_routes_api.ROUTES,
    competition_routes_web.ROUTES,
    routes_team.ROUTES,
    routes_checkpoints.ROUTES,
    routes_resources.ROUTES,
    routes_work.ROUTES,
    routes_review.ROUTES,
    pipeline_routes.ROUTES,
    economics_routes.ROUTES,
    service_costs_routes.ROUTES,
    satisfaction_routes.ROUTES,
    economics_settings_routes.ROUTES,
    matrix_routes.ROUTES,
    whitespace_routes.ROUTES,
    group_pnl_routes.ROUTES,
    routes_exports.ROUTES,
    reports_routes.ROUTES,
    board_pack_routes.ROUTES,
    warnings_routes.ROUTES,
    routes_health_kpis.ROUTES,
    roughedges_routes.ROUTES,
    portal_routes.ROUTES,
    search_routes.ROUTES,
    archive_routes.ROUTES,
    workspace_routes.ROUTES,
    admin_pages_routes.ROUTES,
    export_routes.ROUTES,
):
    assert not set(_extra) & set(ROUTES), set(_extra) & set(ROUTES)
    ROUTES.update(_extra)

# Named patterns tested by dedicated tests in this file instead of the matrix; each one
# names the test that covers it (checked by test_allow_listed_routes_have_dedicated_tests).
# The whole admin: namespace is Django's; test_non_admins_cannot_reach_the_admin covers it.
ALLOW_LISTED: dict[str, str] = {
    "login": "test_login_page_and_sign_in",
    "logout": "test_logout_needs_post_and_ends_the_session",
    "password_change": "test_password_change",
    "password_change_done": "test_password_change_done_needs_login",
    "set_language": "test_set_language_sets_the_cookie",
    "healthz": "test_healthz_is_public_and_checks_the_database",
    "api:openapi-json": "test_openapi_schema_is_for_internal_users_and_lists_every_endpoint",
    "api:openapi-view": "test_api_docs_page_is_for_internal_users",
    # Its target is named by query parameters, which the table's calls cannot carry.
    "api:delete_kpi_target": "test_kpi_target_delete_authorization",
}
ALLOW_LISTED_NAMESPACES = {"admin"}

CASES = [
    pytest.param(name, index, user, id=f"{name}[{index}]-{user}")
    for name, calls in ROUTES.items()
    for index in range(len(calls))
    for user in USERS
]


def _client(world, user: str) -> Client:
    client = Client()
    if user != ANONYMOUS:
        client.force_login(world.users()[user])
    return client


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("sales.csv", IMPORT_CSV, content_type="text/csv")


def _call(client: Client, call: Call, url: str, data: dict | None):
    method = getattr(client, call.method)
    if call.api and data is not None:
        return method(url, data=json.dumps(data), content_type="application/json")
    if data is not None:
        return method(url, data=data)
    return method(url)


# --- a refused write changes nothing --------------------------------------------------------

WRITE_METHODS = frozenset({"post", "patch", "put", "delete"})
# Every request stamps its session (the timeouts, keyplan.core.middleware); nothing else
# may change when a write is refused.
UNWATCHED_TABLES = frozenset({"django_session"})


@functools.cache
def _fingerprint_query() -> tuple[str, tuple[str, ...]]:
    """The SQL of the fingerprint and what each of its columns is: every table's row count
    and, where the model has `updated_at`, its latest value. An insert or a delete changes
    a count; a save through the ORM moves an updated_at or adds a history record."""
    quote = connection.ops.quote_name
    parts, labels = [], []
    models = apps.get_models(include_auto_created=True)
    for model in sorted(models, key=lambda m: m._meta.db_table):
        table = model._meta.db_table
        if table in UNWATCHED_TABLES:
            continue
        parts.append(f"(SELECT COUNT(*) FROM {quote(table)})")
        labels.append(f"{table} rows")
        updated = next((f for f in model._meta.concrete_fields if f.name == "updated_at"), None)
        if updated is not None:
            parts.append(f"(SELECT MAX({quote(updated.column)}) FROM {quote(table)})")
            labels.append(f"{table} updated_at")
    return "SELECT " + ", ".join(parts), tuple(labels)


def database_fingerprint() -> dict[str, Any]:
    """What the database holds, in a few aggregates (one query, however many tables)."""
    sql, labels = _fingerprint_query()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(labels, cursor.fetchone(), strict=True))


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [
        f"{label}: {before[label]} -> {after[label]}"
        for label in before
        if before[label] != after[label]
    ]


@pytest.mark.parametrize(("name", "index", "user"), CASES)
def test_route_authorization(world, name, index, user):
    call = ROUTES[name][index]
    expected = call.expect[user]
    url = reverse(name, kwargs=call.kwargs(world))
    data = call.data(world) if call.data else None
    client = _client(world, user)
    succeeded = expected in (200, 201, 202, 204) or (
        isinstance(expected, str) and expected != LOGIN
    )
    refused_write = call.method in WRITE_METHODS and not succeeded
    before = database_fingerprint() if refused_write else None

    response = _call(client, call, url, data)

    if isinstance(expected, str):
        assert response.status_code == 302, response.content[:500]
        assert response["Location"].startswith(expected)
    else:
        assert response.status_code == expected, response.content[:500]
    if call.effect is not None:
        # The write happened exactly when the call was allowed...
        assert call.effect(world) is bool(succeeded)
    if before is not None:
        # ...and a refusal (403, 404, a redirect to the login page...) changed nothing at all.
        assert changes(before, database_fingerprint()) == []
    if call.api and response.status_code in (401, 403, 404, 422):
        body = response.json()
        assert set(body) == {"detail", "errors"}


def test_the_fingerprint_sees_every_kind_of_write(world):
    """The check of refused writes is meaningful: a save, an insert and a delete each show."""
    before = database_fingerprint()
    assert changes(before, database_fingerprint()) == []

    world.account.notes = "changed"
    world.account.save()
    saved = database_fingerprint()
    assert "accounts_account updated_at" in " ".join(changes(before, saved))

    Contact.objects.filter(pk=world.contact.pk).delete()
    deleted = database_fingerprint()
    assert any(c.startswith("accounts_contact rows") for c in changes(saved, deleted))

    _owner_token(world)
    assert any(
        c.startswith("users_apitoken rows") for c in changes(deleted, database_fingerprint())
    )


def test_every_user_is_in_every_expectation():
    for name, calls in ROUTES.items():
        for call in calls:
            assert set(call.expect) == set(USERS), name


def _named_patterns(resolver=None, namespace: tuple[str, ...] = (), prefix: str = ""):
    """(namespaces, full name or None, route) for every URL pattern, into includes too."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from _named_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespace, pattern.name)) if pattern.name else None
            yield namespace, name, route


def test_every_url_pattern_is_covered():
    missing, unnamed = [], []
    for namespace, name, route in _named_patterns():
        if namespace and namespace[0] in ALLOW_LISTED_NAMESPACES:
            continue
        if name is None:
            unnamed.append(route)
        elif name not in ROUTES and name not in ALLOW_LISTED:
            missing.append(f"{name} ({route})")

    assert not unnamed, f"URL patterns without a name cannot be checked: {unnamed}"
    assert not missing, f"URL patterns with no authorization test in ROUTES: {missing}"


def test_routes_table_has_no_stale_names():
    names = {name for _ns, name, _route in _named_patterns()}

    assert set(ROUTES) - names == set()
    assert set(ALLOW_LISTED) - names == set()
    assert "api:get_account" in names  # the walk really went into the ninja API


def test_allow_listed_routes_have_dedicated_tests():
    for name, test_name in ALLOW_LISTED.items():
        assert callable(globals().get(test_name)), f"{name}: no test called {test_name}"


# --- malformed and unknown ids ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/999999999/",
        f"/accounts/{2**70}/",
        f"/accounts/{2**63}/edit/",
        "/accounts/abc/",
        "/accounts/-1/",
        "/accounts/contacts/99999999999999999999999/edit/",
        "/me/tokens/99999999999999999999/revoke/",
    ],
)
def test_pages_with_unknown_or_malformed_ids_are_404(client_for, path):
    client = client_for("director")
    response = client.post(path) if "revoke" in path else client.get(path)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/v1/accounts/999999999", f"/api/v1/accounts/{2**70}", f"/api/v1/contacts/{2**70}"]
)
def test_api_unknown_and_huge_ids_are_404(client_for, path):
    response = client_for("director").get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}


@pytest.mark.parametrize("path", ["/api/v1/accounts/abc", "/api/v1/accounts/-1/team"])
def test_api_malformed_ids_are_client_errors(client_for, path):
    response = client_for("director").get(path)

    assert response.status_code in (404, 422)
    assert set(response.json()) == {"detail", "errors"}


# --- API token authentication ----------------------------------------------------------------


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_token_gives_the_tokens_users_access(world):
    _token, raw = token_create(user=world.member, name="script")
    client = Client()

    assert client.get("/api/v1/me", **_bearer(raw)).json()["username"] == "member"
    assert client.get(f"/api/v1/accounts/{world.account.pk}", **_bearer(raw)).status_code == 200
    other = client.get(f"/api/v1/accounts/{world.other_account.pk}", **_bearer(raw))
    assert other.status_code == 404
    listed = client.get("/api/v1/accounts", **_bearer(raw)).json()
    assert [a["name"] for a in listed["items"]] == [world.account.name]


def test_api_token_of_viewer_cannot_write(world):
    _token, raw = token_create(user=world.viewer, name="script")

    response = Client().patch(
        f"/api/v1/accounts/{world.account.pk}",
        data=json.dumps({"notes": "x"}),
        content_type="application/json",
        **_bearer(raw),
    )

    assert response.status_code == 403
    assert Account.objects.get(pk=world.account.pk).notes == ""


def test_revoked_token_and_inactive_users_token_are_401(world):
    token, raw = token_create(user=world.owner, name="script")
    _token2, raw2 = token_create(user=world.member, name="script")
    client = Client()
    assert client.get("/api/v1/me", **_bearer(raw)).status_code == 200

    token.revoked_at = token.created_at
    token.save()
    world.member.is_active = False
    world.member.save()

    assert client.get("/api/v1/me", **_bearer(raw)).status_code == 401
    assert client.get("/api/v1/me", **_bearer(raw2)).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer kp_nope", "Bearer ", "Token abc", "Bearer " + "x" * 5000]
)
def test_bad_authorization_headers_are_401(world, header):
    response = Client().get("/api/v1/accounts", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required.", "errors": {}}


def test_inactive_users_session_is_not_accepted_by_the_api(world, client_for):
    client = client_for("owner")
    world.owner.is_active = False
    world.owner.save()

    assert client.get("/api/v1/me").status_code == 401


# --- the allow-listed routes -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["director", "owner", "member", "viewer", "outsider", "portal"])
def test_non_admins_cannot_reach_the_admin(world, client_for, name):
    client = client_for(name)

    for path in ["/admin/", "/admin/accounts/account/", f"/admin/users/user/{world.admin.pk}/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path


def test_anonymous_cannot_reach_the_admin(world):
    response = Client().get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_reaches_the_admin(client_for):
    assert client_for("admin").get("/admin/").status_code == 200


def test_login_page_and_sign_in(world):
    client = Client()
    assert client.get(reverse("login")).status_code == 200

    wrong = client.post(reverse("login"), {"username": "owner", "password": "wrong-password"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert right.status_code == 302
    assert right["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(world.owner.pk)
    # already signed in: the login page sends the user on
    assert client.get(reverse("login")).status_code == 302


def test_login_refuses_inactive_user(world):
    world.owner.is_active = False
    world.owner.save()
    client = Client()

    response = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(client_for):
    client = client_for("owner")

    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("accounts:list")).status_code == 200

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    after = client.get(reverse("accounts:list"))
    assert after.status_code == 302
    assert after["Location"].startswith(LOGIN)


def test_password_change(world, client_for):
    assert Client().get(reverse("password_change"))["Location"].startswith(LOGIN)
    client = client_for("owner")
    assert client.get(reverse("password_change")).status_code == 200

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-better-secret-42",
            "new_password2": "a-much-better-secret-42",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    world.owner.refresh_from_db()
    assert world.owner.check_password("a-much-better-secret-42")


def test_password_change_done_needs_login(client_for):
    anonymous = Client().get(reverse("password_change_done"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(LOGIN)

    assert client_for("viewer").get(reverse("password_change_done")).status_code == 200


def test_set_language_sets_the_cookie(db):
    client = Client()

    response = client.post(reverse("set_language"), {"language": "pl", "next": "/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert response.cookies["keyplan_language"].value == "pl"
    assert 'lang="pl"' in client.get("/login/").content.decode()


def test_set_language_does_not_redirect_off_site(db):
    response = Client().post(
        reverse("set_language"), {"language": "pl", "next": "https://evil.example/"}
    )

    assert "evil.example" not in response.get("Location", "")


def test_healthz_is_public_and_checks_the_database(db):
    response = Client().get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_openapi_schema_is_for_internal_users_and_lists_every_endpoint(world, client_for):
    url = reverse("api:openapi-json")
    anonymous = Client().get(url)
    assert anonymous.status_code == 401
    assert anonymous.json()["detail"] == "Authentication required."
    assert "paths" not in anonymous.json()
    assert client_for("portal").get(url).status_code == 404
    raw = token_create(user=world.owner, name="docs")[1]
    by_token = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert by_token.status_code == 200

    response = client_for("viewer").get(url)

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/me", "/api/v1/accounts", "/api/v1/contacts/{contact_id}"} <= set(paths)
    # every endpoint declares an authentication requirement
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert operation.get("security"), f"{method.upper()} {path} has no security"


def test_api_docs_page_is_for_internal_users(client_for):
    url = reverse("api:openapi-view")
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert client_for("portal").get(url).status_code == 404

    response = client_for("viewer").get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("api:openapi-json") in page
    assert f'href="{reverse("home")}"' in page  # the link back to the application


@pytest.mark.parametrize("user", USERS)
def test_kpi_target_delete_authorization(world, user):
    from decimal import Decimal

    from keyplan.economics.models import KpiTarget

    KpiTarget.objects.create(kpi="win_rate", account_class="", year=2026, value=Decimal("40"))
    expected = {ANONYMOUS: 401, "admin": 204, "director": 204, "portal": 404}.get(user, 403)
    client = _client(world, user)
    before = database_fingerprint()
    response = client.delete(reverse("api:delete_kpi_target") + "?kpi=win_rate&year=2026")
    assert response.status_code == expected, response.content[:300]
    gone = not KpiTarget.objects.filter(kpi="win_rate").exists()
    assert gone is (expected == 204)
    if expected != 204:
        assert changes(before, database_fingerprint()) == []
