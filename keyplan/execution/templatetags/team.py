"""The account page's team section: coverage of the team already loaded by the page
(one query more: the execution settings)."""

from django import template

from keyplan.accounts.models import AccountClass
from keyplan.execution.team import domain as rules
from keyplan.execution.team.selectors import coverage_of, required_functions

register = template.Library()


@register.simple_tag
def team_coverage(account, members):
    """{% team_coverage account team as info %}: the coverage, the missing functions'
    labels, and whether the account is strategic (the warning is shown only then)."""
    coverage = coverage_of(account, list(members), required_functions())
    return {
        "coverage": coverage,
        "missing": rules.missing_labels(coverage),
        "is_strategic": account.account_class == AccountClass.STRATEGIC,
    }
