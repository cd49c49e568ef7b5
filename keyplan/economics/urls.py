"""The economics pages (namespace "economics")."""

from .cash import urls as cash
from .costs import urls as costs
from .pnl import urls as pnl
from .settings import urls as economics_settings

app_name = "economics"
urlpatterns = [
    *cash.urlpatterns,
    *costs.urlpatterns,
    *pnl.urlpatterns,
    *economics_settings.urlpatterns,
]
