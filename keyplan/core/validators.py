"""The check every text field of every form runs: no control characters (see
keyplan.core.text). Like Django's ProhibitNullCharactersValidator, which every CharField
already runs for NUL, but for the whole C0 range and DEL; tab, line feed and carriage
return pass (notes and descriptions have several lines).

`install()` (from CoreConfig.ready) makes it a default validator of Django's forms
CharField, so every form field of text (the apps' own forms, model forms, the admin's,
the filter forms' search boxes) refuses such text with a message at the field, without
each form having to remember it. It also bounds every form's IntegerField to what a
database integer column holds.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .text import code_point, control_character


@deconstructible
class ProhibitControlCharactersValidator:
    """Refuse text holding a control character other than tab, LF and CR."""

    code = "control_characters"

    def __call__(self, value: object) -> None:
        if not isinstance(value, str):  # a UUID, a JSON object: not text typed in
            return
        char = control_character(value)
        if char is not None and char != "\x00":  # NUL: Django's own validator says so
            raise ValidationError(
                _("The text contains a control character (%(character)s); remove it."),
                code=self.code,
                params={"character": code_point(char)},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProhibitControlCharactersValidator)

    def __hash__(self) -> int:
        return hash(self.code)


# What a database integer column holds (a BigIntegerField, on both databases).
INTEGER_RANGE = [MinValueValidator(-(2**63)), MaxValueValidator(2**63 - 1)]


def install() -> None:
    """Every forms.CharField (and subclass that keeps the default validators) refuses
    control characters; every forms.IntegerField a number no database column holds (it
    would overflow on save or in a filter, a 500), with Django's own range messages.
    FloatField and DecimalField, IntegerField's subclasses, keep their own (none)."""
    from django import forms

    validator = ProhibitControlCharactersValidator()
    if validator not in forms.CharField.default_validators:
        forms.CharField.default_validators = [*forms.CharField.default_validators, validator]
    for subclass in (forms.FloatField, forms.DecimalField):
        if "default_validators" not in vars(subclass):
            subclass.default_validators = list(subclass.default_validators)
    if not forms.IntegerField.default_validators:
        forms.IntegerField.default_validators = list(INTEGER_RANGE)
