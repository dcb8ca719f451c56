from django.urls import path

from . import gaps, views

urlpatterns = [
    path("countries/", views.map_and_charts, name="map_and_charts"),
    path("countries/<str:code>/", views.country_profile, name="country_profile"),
    path("frameworks/gaps/", gaps.provision_gaps, name="provision_gaps"),
    path("frameworks/gaps.csv", gaps.provision_gaps, {"as_csv": True}, name="provision_gaps_csv"),
    path("frameworks/compare/", views.compare_naps, name="compare_naps"),
    path("frameworks/features/", views.nap_features, name="nap_features"),
]
