"""The words of the whitespace: the rule and the size bands in plain words, the titles a
line gets in the plan, and how a line already added is recognised: by its title in any
of the application's languages (whoever added it, in whatever language), as a goal and
as an action separately."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

GOAL = "goal"
ACTION = "action"
KINDS = (GOAL, ACTION)


def item_title(kind: str, line: str) -> str:
    """The title in the active language."""
    if kind == GOAL:
        return _("Win the product line “%(line)s”") % {"line": line}
    return _("Offer the product line “%(line)s”") % {"line": line}


def title_variants(kind: str, line: str) -> set[str]:
    """The title in every language of the application."""
    variants = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            variants.add(item_title(kind, line))
    return variants


def lines_in(kind: str, lines: list[str], titles: set[str]) -> set[str]:
    """Which of `lines` already have an item of `kind` titled as we title them."""
    return {line for line in lines if title_variants(kind, line) & titles}


def rule_text(rule: str) -> str:
    """The rule the peers were found by, in plain words."""
    return {
        "industry_size_country": _("same industry, size band and country"),
        "industry_size": _("same industry and size band, any country"),
        "industry_country": _("same industry and country, any size"),
        "industry": _("same industry, any size and country"),
    }.get(rule, rule)


def band_text(band: int | None) -> str:
    if band is None:
        return _("none (it bought nothing from us)")
    return (_("small"), _("medium"), _("large"))[band]
