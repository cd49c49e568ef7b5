"""Portfolio pages under /portfolio/ (namespace "portfolio"; the overview itself is
`portfolio` in keyplan/urls.py, the scoring pages are keyplan/portfolio/scoring/urls.py's)."""

from django.urls import URLPattern

from .account_sales import urls as account_sales
from .classification import urls as classification
from .pareto import urls as pareto
from .settings import urls as settings

app_name = "portfolio"

urlpatterns: list[URLPattern] = [
    *pareto.urlpatterns,
    *account_sales.urlpatterns,
    *classification.urlpatterns,
    *settings.urlpatterns,
]
