"""Satisfaction pages (namespace "satisfaction", mounted at /satisfaction/)."""

app_name = "satisfaction"
urlpatterns: list = []
