"""The portfolio norms page (SPEC §1.5): the strategic shares against the targets,
strategic accounts per KAM, and the SAM fitness of each strategic account."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from keyplan.core.decorators import internal_required

from ..access import can_manage_portfolio
from ..models import Fitness, SamFitness
from .selectors import MISSING, portfolio_norms


@internal_required
@require_http_methods(["GET"])
def norms_page(request):
    result = portfolio_norms(user=request.user)
    verdicts = {
        Fitness.YES: _("Fit"),
        Fitness.NO: _("Not fit"),
        Fitness.UNKNOWN: _("Incomplete"),
        MISSING: _("Not assessed"),
    }
    answers = dict(Fitness.choices)
    fitness_rows = [
        {
            **row,
            "verdict_label": verdicts.get(row["verdict"], row["verdict"]),
            "answer_list": [
                {
                    "value": (row["answers"] or {}).get(name, MISSING),
                    "label": answers.get((row["answers"] or {}).get(name), "—"),
                }
                for name in SamFitness.CONDITIONS
            ],
        }
        for row in result["fitness"]
    ]
    top = max([row["strategic"] for row in result["per_kam"]] or [0])
    context = {
        "norms": result,
        "blocks": [
            {"key": "revenue", "title": _("Strategic share of revenue"), "data": result["revenue"]},
            {
                "key": "gross-profit",
                "title": _("Strategic share of gross profit"),
                "data": result["gross_profit"],
            },
        ],
        "kam_scale": max(top, result["max_per_kam"] + 1, 1),
        "condition_labels": [
            SamFitness._meta.get_field(name).verbose_name for name in SamFitness.CONDITIONS
        ],
        "fitness_rows": fitness_rows,
        "can_manage": can_manage_portfolio(request.user),
    }
    return render(request, "portfolio/norms.html", context)
