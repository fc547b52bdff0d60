from django.urls import path

from refwatch.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/token/", views.token_view, name="token"),
    path("2fa/setup/", views.setup_view, name="setup"),
]
