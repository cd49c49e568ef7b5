"""The economics pages (namespace "economics")."""

from .cash import urls as cash

app_name = "economics"
urlpatterns = [*cash.urlpatterns]
