"""The economics pages (namespace "economics")."""

from .cash import urls as cash
from .costs import urls as costs
from .health import urls as health
from .kpis import urls as kpis
from .matrix import urls as matrix
from .pnl import urls as pnl
from .settings import urls as economics_settings
from .warnings import urls as warnings
from .whitespace import urls as whitespace

app_name = "economics"
urlpatterns = [
    *cash.urlpatterns,
    *costs.urlpatterns,
    *pnl.urlpatterns,
    *economics_settings.urlpatterns,
    *health.urlpatterns,
    *kpis.urlpatterns,
    *matrix.urlpatterns,
    *warnings.urlpatterns,
    *whitespace.urlpatterns,
]
