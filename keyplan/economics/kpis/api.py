"""kpis over REST."""

from ninja import Router

router = Router(tags=["economics"])
