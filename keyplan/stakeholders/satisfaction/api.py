"""Satisfaction answers over REST."""

from ninja import Router

router = Router(tags=["satisfaction"])
