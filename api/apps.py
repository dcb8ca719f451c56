from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Open data: JSON API, OpenAPI, CSV and Atom"
