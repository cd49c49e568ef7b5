"""What the account team is told when its customer acts in the portal, as notification
message keys of keyplan.execution (execution/common/messages.py): the notice keeps the
key and its parameters and is rendered in its reader's language when read. The body of
each is what the customer wrote (a comment, a note, a proposal's detail)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from keyplan.execution.common.messages import register

COMMENTED = "portal.commented"
JOINT_CONFIRMED = "portal.joint_confirmed"
JOINT_REJECTED = "portal.joint_rejected"
PROPOSED = "portal.proposed"
SURVEY_ANSWERED = "portal.survey_answered"

# Parameters: person (the customer's name), item, action, title (cut to 80 characters),
# score (0-10).
TITLES = {
    COMMENTED: gettext_noop("%(person)s commented on “%(item)s”"),
    JOINT_CONFIRMED: gettext_noop("%(person)s confirmed “%(action)s” is done"),
    JOINT_REJECTED: gettext_noop("%(person)s says “%(action)s” is not done"),
    PROPOSED: gettext_noop("%(person)s proposes an action: %(title)s"),
    SURVEY_ANSWERED: gettext_noop("%(person)s answered the perception survey: %(score)s/10"),
}


def register_notices() -> None:
    for key, title in TITLES.items():
        register(key, title)
