from django.apps import AppConfig


class CountriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "countries"
    verbose_name = "Country profiles, map and charts"
