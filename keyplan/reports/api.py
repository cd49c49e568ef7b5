"""The reports' REST router (mounted by keyplan.api at /api/v1/)."""

from ninja import Router

from .monthly.api import router as monthly_router

router = Router(tags=["reports"])
router.add_router("", monthly_router)
