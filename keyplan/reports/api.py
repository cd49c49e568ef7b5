"""The reports' REST router (mounted by keyplan.api at /api/v1/)."""

from ninja import Router

from .board.api import router as board_router
from .monthly.api import router as monthly_router

router = Router(tags=["reports"])
router.add_router("", monthly_router)
router.add_router("", board_router)
