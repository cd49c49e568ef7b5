"""The report settings form: company name, logo (PNG or JPEG, 1 MB at most, checked by
its content), primary colour (#rrggbb), footer text."""

from __future__ import annotations

from django import forms

from ..models import ReportSettings


class ReportSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = ["company_name", "logo", "primary_colour", "footer_text", "board_template"]
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
            "board_template": forms.ClearableFileInput(attrs={"accept": ".pptx"}),
        }
