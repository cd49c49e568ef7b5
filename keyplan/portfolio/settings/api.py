"""The planning exchange rates over REST: everyone internal reads them, administrators
and directors set them.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Router

from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.sales.models import ExchangeRate

from ..access import require_portfolio_manager
from ..models import PortfolioSettings
from .schemas import RateIn, RateOut, RatesOut

router = Router(tags=["portfolio"])


@router.get(
    "/portfolio/exchange-rates",
    response={200: RatesOut, **ERRORS},
    summary="The planning rates: base-currency units per unit of each currency",
)
def list_exchange_rates(request):
    return {
        "base_currency": PortfolioSettings.load().base_currency,
        "items": list(ExchangeRate.objects.order_by("currency")),
    }


@router.put(
    "/portfolio/exchange-rates",
    response={200: RateOut, **BODY_ERRORS},
    summary="Set one currency's planning rate (administrators and directors)",
)
def set_exchange_rate(request, payload: RateIn):
    require_portfolio_manager(request.auth)
    currency = payload.currency.upper()
    if currency == PortfolioSettings.load().base_currency:
        raise ValidationError({"currency": [_("The base currency's rate is always 1.")]})
    with transaction.atomic():
        rate = ExchangeRate.objects.select_for_update().filter(currency=currency).first()
        if rate is None:
            rate = ExchangeRate.objects.create(currency=currency, rate=payload.rate)
        elif rate.rate != payload.rate:
            rate.rate = payload.rate
            rate.save()
    return rate
