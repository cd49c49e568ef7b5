"""Forms of the interaction pages: thin parsers in front of `services.py` (the services
validate; their errors come back keyed by the service's names and land on the fields
through `keyplan.core.web.apply_service_errors` with `FIELD_OF_KEY`)."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import Account, Contact
from keyplan.core.widgets import DateInput
from keyplan.plans.models import Action, Goal
from keyplan.users.models import User

from ..models import Interaction, InteractionKind, TimeEntry
from . import selectors

DATE = DateInput()
# Form field -> the service's data key.
SERVICE_KEYS = {"goal": "goal_id", "action": "action_id", "user": "user_id"}
FIELD_OF_KEY = {value: key for key, value in SERVICE_KEYS.items()}


FormT = TypeVar("FormT", bound=forms.BaseForm)


def without_autofocus(form: FormT) -> FormT:
    """A form shown folded inside a page (the script focuses it when opened)."""
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)
    return form


class _Seen(forms.Form):
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)


class PlanItemChoiceField(forms.ModelChoiceField):
    """A goal or action, labelled with the plan version it belongs to (versions repeat
    titles)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.plan.period} v{obj.plan.version})"


class InteractionForm(_Seen):
    """The full form: every field, both sides' participants, the plan goal or action."""

    kind = forms.ChoiceField(label=_("Type"), choices=InteractionKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"), min_value=0, max_value=24 * 60, initial=60, required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=255)
    their_people: forms.ModelMultipleChoiceField[Contact] = forms.ModelMultipleChoiceField(
        label=_("Their participants"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    our_people: forms.ModelMultipleChoiceField[User] = forms.ModelMultipleChoiceField(
        label=_("Our participants"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_step = forms.CharField(label=_("Next step"), max_length=255, required=False)
    goal = PlanItemChoiceField(label=_("Plan goal it served"), queryset=None, required=False)
    action = PlanItemChoiceField(label=_("Action it served"), queryset=None, required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        account: Account,
        instance: Interaction | None = None,
        user: User | None = None,
        prefix_id: str = "",
    ) -> None:
        initial: dict[str, Any] = {"occurred_on": timezone.localdate()}
        if instance is not None:
            initial = {
                "kind": instance.kind,
                "occurred_on": instance.occurred_on,
                "duration_minutes": instance.duration_minutes,
                "subject": instance.subject,
                "notes": instance.notes,
                "next_step": instance.next_step,
                "goal": instance.goal_id,
                "action": instance.action_id,
                "their_people": [c.pk for c in instance.their_people.all()],
                "our_people": [u.pk for u in instance.our_people.all()],
                "seen_updated_at": instance.updated_at.isoformat(),
            }
        elif user is not None:
            initial["our_people"] = [user.pk]
        super().__init__(data, initial=initial)
        self.account = account
        self.instance = instance
        self.auto_id = f"id_{prefix_id or 'interaction-' + str(getattr(instance, 'pk', 'new'))}_%s"
        self._set_choices(account)
        self.fields["kind"].widget.attrs["autofocus"] = True

    def _set_choices(self, account: Account) -> None:
        """The account's people and plan items to choose from."""
        # self.fields holds deep copies of the declared fields, typed as plain Fields.
        fields = self.fields
        their_people = cast("forms.ModelMultipleChoiceField[Contact]", fields["their_people"])
        their_people.queryset = selectors.contacts_of(account)
        our_people = cast("forms.ModelMultipleChoiceField[User]", fields["our_people"])
        our_people.queryset = selectors.our_people_choices(account)
        goal = cast(PlanItemChoiceField, fields["goal"])
        goal.queryset = (
            Goal.objects.filter(plan__account=account)
            .select_related("plan")
            .order_by("-plan__starts_on", "-plan__version", "position", "pk")
        )
        action = cast(PlanItemChoiceField, fields["action"])
        action.queryset = (
            Action.objects.filter(plan__account=account)
            .select_related("plan")
            .order_by("-plan__starts_on", "-plan__version", "position", "pk")
        )

    def service_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name == "seen_updated_at":
                continue
            if name in ("their_people", "our_people"):
                data[name] = sorted(v.pk for v in value)
            elif name in SERVICE_KEYS:
                data[SERVICE_KEYS[name]] = value.pk if value is not None else None
            elif value is None and name == "duration_minutes":
                data[name] = 0
            else:
                data[name] = value if value is not None else ""
        return data


class QuickInteractionForm(InteractionForm):
    """The account card's quick entry: type, date, duration, subject, their people;
    the person logging it is our participant."""

    field_order = ["kind", "occurred_on", "duration_minutes", "subject", "their_people"]

    def __init__(self, data: Any = None, *, account: Account, user: User | None = None) -> None:
        super().__init__(data, account=account, user=user, prefix_id="quick-interaction")
        for name in ("our_people", "notes", "next_step", "goal", "action", "seen_updated_at"):
            del self.fields[name]
        self.fields["their_people"].widget.attrs["size"] = 3
        self.user = user
        without_autofocus(self)

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["our_people"] = [self.user.pk] if self.user is not None else []
        return data


class TimeEntryForm(_Seen):
    """A manual time entry; managers choose whose time it is."""

    spent_on = forms.DateField(label=_("Date"), widget=DATE)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
    user: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Person"), queryset=None, required=False
    )

    def __init__(
        self,
        data: Any = None,
        *,
        account: Account,
        manager: bool,
        instance: TimeEntry | None = None,
        prefix_id: str = "",
    ) -> None:
        initial: dict[str, Any] = {"spent_on": timezone.localdate()}
        if instance is not None:
            initial = {
                "spent_on": instance.spent_on,
                "minutes": instance.minutes,
                "note": instance.note,
                "user": instance.user_id,
                "seen_updated_at": instance.updated_at.isoformat(),
            }
        super().__init__(data, initial=initial)
        self.auto_id = f"id_{prefix_id or 'time-' + str(getattr(instance, 'pk', 'new'))}_%s"
        if manager:
            person = cast("forms.ModelChoiceField[User]", self.fields["user"])
            person.queryset = selectors.our_people_choices(account)
            person.help_text = _("Leave empty to log your own time.")
        else:
            del self.fields["user"]
        self.fields["spent_on"].widget.attrs["autofocus"] = True

    def service_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name == "seen_updated_at":
                continue
            if name == "user":
                if value is not None:
                    data["user_id"] = value.pk
            else:
                data[name] = value if value is not None else ""
        return data


class TimelineFilterForm(forms.Form):
    person = forms.ChoiceField(label=_("Person"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *InteractionKind.choices]
    )

    def __init__(self, data: Any, *, account: Account) -> None:
        super().__init__(data)
        person = cast(forms.ChoiceField, self.fields["person"])
        person.choices = [("", _("Everyone"))] + [
            (p.value, p.label) for p in selectors.person_choices(account)
        ]
