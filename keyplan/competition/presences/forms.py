"""The form of a competitor at an account: which competitor, what it supplies, whether
it is the incumbent, its estimated share of the account's spend."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import Account

from ..common.forms import SeenMixin, seen_initial
from ..models import Competitor, Presence


class PresenceForm(SeenMixin):
    competitor = forms.ModelChoiceField(
        label=_("Competitor"), queryset=Competitor.objects.none(), empty_label=None
    )
    supplies = forms.CharField(
        label=_("What it supplies"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_incumbent = forms.BooleanField(label=_("Incumbent"), required=False)
    share_of_spend = forms.DecimalField(
        label=_("Estimated share of the account's spend, %"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        account: Account | None = None,
        presence: Presence | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        competitors = Competitor.objects.filter(is_active=True)
        if account is not None:
            taken = account.competitor_presences.values("competitor_id")
            if presence is not None:
                taken = taken.exclude(pk=presence.pk)
            competitors = competitors.exclude(pk__in=taken)
        if presence is not None:
            # The competitor of a presence does not change: remove it and add the other.
            competitors = Competitor.objects.filter(pk=presence.competitor_id)
            self.fields["competitor"].disabled = True
            self.fields["supplies"].widget.attrs["autofocus"] = True
        else:
            self.fields["competitor"].widget.attrs["autofocus"] = True
        choice = self.fields["competitor"]
        assert isinstance(choice, forms.ModelChoiceField)  # declared above
        choice.queryset = competitors

    @classmethod
    def for_instance(cls, presence: Presence, data: Any = None) -> PresenceForm:
        initial = {
            "competitor": presence.competitor_id,
            "supplies": presence.supplies,
            "is_incumbent": presence.is_incumbent,
            "share_of_spend": presence.share_of_spend,
            "notes": presence.notes,
            **seen_initial(presence),
        }
        return cls(data, initial=initial, account=presence.account, presence=presence)
