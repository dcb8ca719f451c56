from django.urls import path

from . import views

urlpatterns = [
    path("countries/", views.map_and_charts, name="map_and_charts"),
    path("countries/<str:code>/", views.country_profile, name="country_profile"),
    path("frameworks/compare/", views.compare_naps, name="compare_naps"),
    path("frameworks/features/", views.nap_features, name="nap_features"),
]
