from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "refwatch.web"
    label = "web"
