"""The selection criteria over REST: everyone internal reads them, administrators and
directors change them (other internal users get 403).

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router

from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.schemas import ErrorOut
from keyplan.core.errors import ConflictError
from keyplan.core.web import parse_pk

from ..access import require_portfolio_manager
from ..models import Criterion
from ..scoring.domain import criteria_weights
from .forms import CriterionForm
from .schemas import CriterionOut, CriterionPatch

router = Router(tags=["portfolio"])

RULE_FIELDS = ["enabled", "weight", "metric", "method", "low", "high", "higher_is_better"]


def _normalised_weights() -> dict[str, Decimal]:
    return criteria_weights(Criterion.objects.filter(enabled=True))[1]


def _criterion_json(criterion: Criterion, weights: dict[str, Decimal]) -> dict:
    return {
        "id": criterion.pk,
        "key": criterion.key,
        "label": str(criterion),
        "position": criterion.position,
        "enabled": criterion.enabled,
        "weight": criterion.weight,
        "normalised_weight": weights.get(criterion.key) if criterion.enabled else None,
        "metric": criterion.metric,
        "method": criterion.method,
        "low": criterion.low,
        "high": criterion.high,
        "higher_is_better": criterion.higher_is_better,
        "is_data": criterion.is_data,
        "updated_at": criterion.updated_at,
    }


@router.get(
    "/portfolio/criteria",
    response={200: list[CriterionOut], **ERRORS},
    summary="The ten selection criteria, their weights (raw and normalised) and rules",
)
def list_criteria(request):
    weights = _normalised_weights()
    return [_criterion_json(c, weights) for c in Criterion.objects.all()]


@router.patch(
    "/portfolio/criteria/{criterion_id}",
    response={200: CriterionOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Change a criterion (administrators and directors)",
)
def update_criterion(request, criterion_id: int, payload: CriterionPatch):
    """At least one criterion in use must keep a weight above zero; a linear rule needs
    different values for 1 and 10."""
    require_portfolio_manager(request.auth)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    with transaction.atomic():
        criterion = Criterion.objects.select_for_update().filter(pk=parse_pk(criterion_id)).first()
        if criterion is None:
            raise Http404
        if seen is not None and criterion.updated_at != seen:
            raise ConflictError(criterion)
        values = {name: data.get(name, getattr(criterion, name)) for name in RULE_FIELDS}
        form_data = {k: ("" if v is None else v) for k, v in values.items()}
        form = CriterionForm(form_data, instance=criterion)
        if not form.is_valid():
            raise ValidationError({k: list(v) for k, v in form.errors.items()})
        in_use = {c.pk: (c.enabled, c.weight) for c in Criterion.objects.exclude(pk=criterion.pk)}
        in_use[criterion.pk] = (values["enabled"], values["weight"])
        if not any(enabled and weight > 0 for enabled, weight in in_use.values()):
            raise ValidationError(
                {"weight": [_("Give at least one criterion in use a weight above zero.")]}
            )
        if form.has_changed():
            form.save()
            criterion.refresh_from_db()
    return _criterion_json(criterion, _normalised_weights())
