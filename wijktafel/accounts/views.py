"""Login and logout of facilitators (accounts); participants never log in."""

from django.contrib.auth import views as auth_views

from .forms import EmailAuthenticationForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Logout by POST only (Django's default); then back to the login page."""
