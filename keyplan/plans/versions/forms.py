"""The plan's own form (period, dates, summary): a thin parser in front of
versions.services, which validates the plan."""

from __future__ import annotations

from typing import Any

from django import forms

from keyplan.plans.common.forms import DATE, SeenMixin
from keyplan.plans.models import AccountPlan


class PlanForm(SeenMixin, forms.ModelForm):
    class Meta:
        model = AccountPlan
        fields = ("period", "starts_on", "ends_on", "summary")
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["seen_updated_at"].initial = self.instance.updated_at.isoformat()

    def _post_clean(self) -> None:  # the service validates the plan
        pass

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "seen_updated_at"}
