from django.contrib.auth import views as auth_views
from django.urls import path

from refwatch.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/token/", views.token_view, name="token"),
    path("2fa/setup/", views.setup_view, name="setup"),
    path(
        "password/",
        views.PasswordChangeView.as_view(),
        name="password",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="password_done",
    ),
]
