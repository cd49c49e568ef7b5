"""The REST API at /api/v1/: one NinjaAPI, routers from the domain apps."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from keyplan.core.errors import ConflictError
from keyplan.users.services import token_authenticate

from .auth import INTERNAL_AUTH, ActiveSessionAuth, TokenAuth


class KeyplanAPI(NinjaAPI):
    """An operation's id is its endpoint function's name (unique, as its URL name is), not
    ninja's default of the module path: moving code between modules must not change the
    published contract that generated clients are built from."""

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__


class KeyplanDocs(Swagger):
    """Swagger UI in keyplan's page (templates/api/docs.html): the same page as ninja's,
    with keyplan's icon and a link back to the application."""

    template = "api/docs.html"


def _docs_reader(request: HttpRequest):
    """The internal user reading the docs: by browser session, or by token (a script that
    generates a client from openapi.json); None for anyone else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        user = token_authenticate(token.strip()) if scheme.lower() == "bearer" else None
    return user if user is not None and user.is_internal else None


def signed_in_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API's docs and schema are for keyplan's own (internal) users: they describe
    every internal endpoint. Anyone else is sent to sign in (the page) or told 401 (the
    schema); a portal user gets 404, as for the internal API itself."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = getattr(request, "user", None)
        if _docs_reader(request) is not None:
            return view(request, *args, **kwargs)
        if user is not None and user.is_authenticated and user.is_active:
            raise Http404
        if request.path.endswith(".json"):
            response = JsonResponse(
                {"detail": "Authentication required.", "errors": {}}, status=401
            )
            response["WWW-Authenticate"] = 'Bearer realm="keyplan"'
            return response
        return redirect_to_login(request.get_full_path())

    return wrapper


api = KeyplanAPI(
    title="keyplan API",
    version="1",
    description=(
        "Strategic account management. Authenticate with a personal token "
        "(`Authorization: Bearer kp_…`, created on the API tokens page or with "
        "`keyplan token create USER`) or with the browser session. Every "
        "endpoint applies the same account access rule as the web pages: an "
        "account you may not see answers 404, exactly like a missing one.\n\n"
        'Every error has the body `{"detail": "…", "errors": {"field": '
        '["message"]}}` (schema `ErrorOut`): 400 a body that is not JSON, 401 no or '
        "a bad token, 403 an account you may read but not change (or, on a read, "
        "something your role may not see), 404 missing or not "
        "yours, 409 changed by someone else since you read it, 413 a body too large, "
        "422 invalid input, with the messages per field in `errors` (`detail` is "
        '"Invalid input." when the input does not match this schema, "The input '
        'breaks a rule of the application." when it does but a rule refuses it).'
    ),
    urls_namespace="api",
    docs=KeyplanDocs(),
    docs_decorator=signed_in_only,
    auth=[TokenAuth(), ActiveSessionAuth()],
)


_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})
_PARAMS = frozenset({"payload", "filters"})  # the views' names for bodies and query sets


def _field_name(loc: list) -> str:
    # loc is e.g. ["body", "payload", "name"], ["query", "page"] or ["path", "account_id"]
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] in _PARAMS:
        parts = parts[1:]
    # A patch field typed `X | Unset` is a union: pydantic names the member that failed
    # ("method.literal['deciles','linear']", "weight.none"); the client sent "method".
    if len(parts) > 1 and _union_member(parts[1]):
        parts = parts[:1]
    return ".".join(parts) or "__all__"


_UNION_MEMBERS = frozenset({"str", "int", "float", "bool", "decimal", "date", "datetime", "none"})


def _union_member(part: str) -> bool:
    return part in _UNION_MEMBERS or "[" in part


def _errors(exc: NinjaValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", [])]
        if loc and loc[-1] == "none" and len(exc.errors) > 1:
            continue  # "Input should be None": the Unset member of a patch field, never sent
        errors.setdefault(_field_name(loc), []).append(_message(error))
    return errors


def _message(error: dict) -> str:
    # "Value error, Send a JSON object." → "Send a JSON object."
    msg = str(error.get("msg", ""))
    return msg.removeprefix("Value error, ") if error.get("type") == "value_error" else msg


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = _errors(exc)
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=422)


# 422 for input that matches the published schema but breaks a rule of the application (a
# name already taken, an id of nothing you may use); "Invalid input." is for input that does
# not match the schema, so a client (and tests/contract) can tell a contract error apart.
RULE_BROKEN = "The input breaks a rule of the application."


@api.exception_handler(ValidationError)
def on_domain_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {field: list(messages) for field, messages in exc.message_dict.items()}
    else:
        errors = {"__all__": list(exc.messages)}
    return api.create_response(request, {"detail": RULE_BROKEN, "errors": errors}, status=422)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found.", "errors": {}}, status=404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # A read refused is never "you may read this": only a write is told that.
    detail = (
        "You may not see this."
        if request.method in ("GET", "HEAD", "OPTIONS")
        else "You may read this but not change it."
    )
    return api.create_response(request, {"detail": detail, "errors": {}}, status=403)


def _current_version(current: object) -> str:
    """The updated_at of what is stored now, or "removed" when it was deleted since."""
    updated = getattr(current, "updated_at", None)
    return updated.isoformat() if updated is not None else "removed"


@api.exception_handler(ConflictError)
def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": "It was changed by someone else since you read it; nothing was saved.",
            "errors": {"updated_at": [_current_version(exc.current)]},
        },
        status=409,
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "Authentication required.", "errors": {}}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="keyplan"'
    return response


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Django would answer its HTML 400 page; an API client gets the error body.
    return api.create_response(
        request, {"detail": "The request body is too large.", "errors": {}}, status=413
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": {}}, status=exc.status_code)


from keyplan.accounts.api import router as accounts_router  # noqa: E402
from keyplan.competition.alerts.api import router as competition_alerts_router  # noqa: E402
from keyplan.competition.assessments.api import router as assessments_router  # noqa: E402
from keyplan.competition.competitors.api import router as competitors_router  # noqa: E402
from keyplan.competition.offers.api import router as offers_router  # noqa: E402
from keyplan.competition.portfolio.api import router as competition_portfolio_router  # noqa: E402
from keyplan.competition.presences.api import router as presences_router  # noqa: E402
from keyplan.competition.questions.api import router as weakness_questions_router  # noqa: E402
from keyplan.economics.cash.api import router as cash_router  # noqa: E402
from keyplan.economics.costs.api import router as service_costs_router  # noqa: E402
from keyplan.economics.health.api import router as health_router  # noqa: E402
from keyplan.economics.kpis.api import router as kpis_router  # noqa: E402
from keyplan.economics.matrix.api import router as matrix_router  # noqa: E402
from keyplan.economics.pnl.api import router as pnl_router  # noqa: E402
from keyplan.economics.search.api import router as search_router  # noqa: E402
from keyplan.economics.settings.api import router as economics_settings_router  # noqa: E402
from keyplan.economics.warnings.api import router as warnings_router  # noqa: E402
from keyplan.economics.whitespace.api import router as whitespace_router  # noqa: E402
from keyplan.execution.checkpoints.api import router as checkpoints_router  # noqa: E402
from keyplan.execution.resources.api import router as resources_router  # noqa: E402
from keyplan.execution.team.api import router as team_router  # noqa: E402
from keyplan.execution.work.api import router as work_router  # noqa: E402
from keyplan.imports.jobs.api import router as imports_router  # noqa: E402
from keyplan.plans.actions.api import router as plan_actions_router  # noqa: E402
from keyplan.plans.completeness.api import router as plan_completeness_router  # noqa: E402
from keyplan.plans.forecast.api import router as plan_forecast_router  # noqa: E402
from keyplan.plans.goals.api import router as plan_goals_router  # noqa: E402
from keyplan.plans.items.api import router as plan_items_router  # noqa: E402
from keyplan.plans.versions.api import router as plans_router  # noqa: E402
from keyplan.portal.api import router as portal_router  # noqa: E402
from keyplan.portfolio.classification.api import router as portfolio_classes_router  # noqa: E402
from keyplan.portfolio.criteria.api import router as portfolio_criteria_router  # noqa: E402
from keyplan.portfolio.norms.api import router as portfolio_norms_router  # noqa: E402
from keyplan.portfolio.pareto.api import router as portfolio_pareto_router  # noqa: E402
from keyplan.portfolio.scoring.api import router as portfolio_scores_router  # noqa: E402
from keyplan.portfolio.settings.api import router as portfolio_rates_router  # noqa: E402
from keyplan.portfolio.suggestions.api import router as portfolio_suggestions_router  # noqa: E402
from keyplan.portfolio.wallet.api import router as portfolio_wallet_router  # noqa: E402
from keyplan.reports.api import router as reports_router  # noqa: E402
from keyplan.sales.pipeline.api import router as opportunities_router  # noqa: E402
from keyplan.stakeholders.interactions.api import router as interactions_router  # noqa: E402
from keyplan.stakeholders.people.api import router as people_router  # noqa: E402
from keyplan.stakeholders.privacy.api import router as privacy_router  # noqa: E402
from keyplan.stakeholders.relationships.api import router as relationships_router  # noqa: E402
from keyplan.stakeholders.satisfaction.api import router as satisfaction_router  # noqa: E402
from keyplan.stakeholders.selling.api import router as selling_router  # noqa: E402
from keyplan.users.api import router as users_router  # noqa: E402

api.add_router("/", users_router)
api.add_router("/", accounts_router, auth=INTERNAL_AUTH)
api.add_router("/", opportunities_router, auth=INTERNAL_AUTH)
api.add_router("/", imports_router)
api.add_router("/", plans_router, auth=INTERNAL_AUTH)
api.add_router("/", plan_completeness_router, auth=INTERNAL_AUTH)
api.add_router("/", plan_forecast_router, auth=INTERNAL_AUTH)
api.add_router("/", plan_goals_router, auth=INTERNAL_AUTH)
api.add_router("/", plan_items_router, auth=INTERNAL_AUTH)
api.add_router("/", plan_actions_router, auth=INTERNAL_AUTH)
api.add_router("/", portfolio_pareto_router, auth=INTERNAL_AUTH)
api.add_router("/", portfolio_classes_router, auth=INTERNAL_AUTH)
api.add_router("/", portfolio_criteria_router, auth=INTERNAL_AUTH)
api.add_router("/", portfolio_rates_router, auth=INTERNAL_AUTH)
api.add_router("/", portfolio_scores_router, auth=INTERNAL_AUTH)
api.add_router("/", portfolio_suggestions_router, auth=INTERNAL_AUTH)
api.add_router("/", portfolio_norms_router, auth=INTERNAL_AUTH)
api.add_router("/", portfolio_wallet_router, auth=INTERNAL_AUTH)
api.add_router("/", people_router, auth=INTERNAL_AUTH)
api.add_router("/", privacy_router, auth=INTERNAL_AUTH)
api.add_router("/", relationships_router, auth=INTERNAL_AUTH)
api.add_router("/", interactions_router, auth=INTERNAL_AUTH)
api.add_router("/", selling_router, auth=INTERNAL_AUTH)
api.add_router("/", competitors_router, auth=INTERNAL_AUTH)
api.add_router("/", presences_router, auth=INTERNAL_AUTH)
api.add_router("/", assessments_router, auth=INTERNAL_AUTH)
api.add_router("/", weakness_questions_router, auth=INTERNAL_AUTH)
api.add_router("/", offers_router, auth=INTERNAL_AUTH)
api.add_router("/", competition_alerts_router, auth=INTERNAL_AUTH)
api.add_router("/", competition_portfolio_router, auth=INTERNAL_AUTH)
api.add_router("/", team_router, auth=INTERNAL_AUTH)
api.add_router("/", checkpoints_router, auth=INTERNAL_AUTH)
api.add_router("/", cash_router, auth=INTERNAL_AUTH)
api.add_router("/", pnl_router, auth=INTERNAL_AUTH)
api.add_router("/", service_costs_router, auth=INTERNAL_AUTH)
api.add_router("/", economics_settings_router, auth=INTERNAL_AUTH)
api.add_router("/", health_router, auth=INTERNAL_AUTH)
api.add_router("/", kpis_router, auth=INTERNAL_AUTH)
api.add_router("/", matrix_router, auth=INTERNAL_AUTH)
api.add_router("/", warnings_router, auth=INTERNAL_AUTH)
api.add_router("/", whitespace_router, auth=INTERNAL_AUTH)
api.add_router("/", search_router, auth=INTERNAL_AUTH)
api.add_router("/", satisfaction_router, auth=INTERNAL_AUTH)
api.add_router("/", reports_router, auth=INTERNAL_AUTH)
# The customer portal: portal users' browser sessions only (keyplan.portal.api).
api.add_router("/portal/", portal_router)
api.add_router("/", resources_router, auth=INTERNAL_AUTH)
api.add_router("/", work_router, auth=INTERNAL_AUTH)
