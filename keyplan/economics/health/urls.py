"""health pages (namespace "economics", mounted at /economics/)."""

urlpatterns: list = []
