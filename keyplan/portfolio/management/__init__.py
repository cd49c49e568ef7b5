"""Options shared by the portfolio's command line (pareto, classify, scores, suggest) and its
REST API: the analysis period, the scope filters and the user an analysis runs as.

The parsers raise OptionError naming the option (`from`, `business_unit`, ...); the
commands turn it into a CommandError ("--from: ..."), the API into a 422 naming the field.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.models import Industry
from keyplan.sales.figures.domain import Period, Scope
from keyplan.sales.figures.selectors import default_period, whole_history
from keyplan.users.models import BusinessUnit, Role, User

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


class OptionError(ValueError):
    """A bad option value: `option` as the API names it (underscores), and the message."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option
        self.message = message

    @property
    def flag(self) -> str:
        return "--" + self.option.replace("_", "-")

    def for_cli(self) -> str:
        return f"{self.flag}: {self.message}"


def system_user() -> User:
    """The whole company, for commands run on the server without --user: an unsaved
    director, so the one access rule shows every account. Never saved, never recorded
    as anyone's action (writes without --user pass user=None to the services)."""
    return User(username="system", role=Role.DIRECTOR, is_active=True)


def user_option(username: str | None, option: str = "user") -> User | None:
    """The active user named by --user, or None when the option was not given."""
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise OptionError(option, _("no user “%(user)s”.") % {"user": username})
    if not user.is_active:
        raise OptionError(option, _("“%(user)s” is deactivated.") % {"user": username})
    return user


def parse_month(value: str, option: str) -> date:
    """YYYY-MM (or a full YYYY-MM-DD date, whose month is taken): the first day of the month."""
    match = _MONTH.match((value or "").strip())
    if match:
        year, month = int(match[1]), int(match[2])
        try:
            date(year, month, int(match[3] or 1))
            return date(year, month, 1)
        except ValueError:
            pass
    raise OptionError(
        option, _("“%(value)s” is not a month; write it as YYYY-MM.") % {"value": value}
    )


def fallback_period() -> Period:
    """Without any sales: the twelve months up to the current one (an empty analysis)."""
    return Period.last_months(timezone.localdate())


def resolve_period(date_from: str | None, date_to: str | None, whole: bool = False) -> Period:
    """The analysis Period from the options: --from and --to (both), --all, or neither
    (the twelve months up to the latest invoice)."""
    if whole and (date_from or date_to):
        raise OptionError(
            "all", _("ask for either the whole history or a period (from, to), not both.")
        )
    if whole:
        return whole_history() or fallback_period()
    if date_from or date_to:
        if not date_from:
            raise OptionError("from", _("give the first month (from) with the last (to)."))
        if not date_to:
            raise OptionError("to", _("give the last month (to) with the first (from)."))
        start = parse_month(date_from, "from")
        end = parse_month(date_to, "to")
        if start > end:
            raise OptionError(
                "from",
                _("%(start)s is after the end of the period, %(end)s.")
                % {"start": f"{start:%Y-%m}", "end": f"{end:%Y-%m}"},
            )
        return Period.months(start, end)
    return default_period() or fallback_period()


def resolve_scope(
    *,
    business_unit: str | None = None,
    country: str | None = None,
    owner: str | None = None,
    industry: str | None = None,
) -> Scope:
    """The analysis Scope: a business unit by code or id, a country code, an owner by
    user name (or id), an industry key. Unknown values are errors, never silently ignored."""
    unit_id = None
    if business_unit:
        value = business_unit.strip()
        unit = BusinessUnit.objects.filter(code=value).first()
        if unit is None and value.isdigit() and int(value) < 2**63:
            unit = BusinessUnit.objects.filter(pk=int(value)).first()
        if unit is None:
            raise OptionError(
                "business_unit", _("no business unit “%(value)s”.") % {"value": business_unit}
            )
        unit_id = unit.pk
    country_code = (country or "").strip().upper()
    if country_code and not re.fullmatch(r"[A-Z]{2}", country_code):
        raise OptionError(
            "country", _("“%(value)s” is not a two-letter country code.") % {"value": country}
        )
    owner_id = None
    if owner:
        value = owner.strip()
        user = User.objects.filter(username=value).first()
        if user is None and value.isdigit() and int(value) < 2**63:
            user = User.objects.filter(pk=int(value)).first()
        if user is None:
            raise OptionError("owner", _("no user “%(value)s”.") % {"value": owner})
        owner_id = user.pk
    industry_key = (industry or "").strip()
    if industry_key and industry_key not in Industry.values:
        raise OptionError(
            "industry",
            _("unknown industry “%(value)s”; choose one of: %(keys)s.")
            % {"value": industry, "keys": ", ".join(Industry.values)},
        )
    return Scope(business_unit=unit_id, country=country_code, owner=owner_id, industry=industry_key)
