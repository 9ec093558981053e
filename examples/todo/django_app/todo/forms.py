from axes.helpers import get_lockout_message
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from .models import User


def locked_out(request) -> bool:
    """True if django-axes refused this request's login: too many failures."""
    return getattr(request, "axes_locked_out", False)


class SignUpForm(UserCreationForm):
    """Django's sign-up form (username, password1, password2) for the custom user."""

    class Meta(UserCreationForm.Meta):
        model = User


class LoginForm(AuthenticationForm):
    """Django's login form, saying so when django-axes has locked the login out."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if locked_out(self.request):
                message = get_lockout_message()
                raise ValidationError(message, code="locked_out") from None
            raise
