from django.contrib.auth.forms import UserCreationForm

from .models import User


class SignUpForm(UserCreationForm):
    """Django's sign-up form (username, password1, password2) for the custom user."""

    class Meta(UserCreationForm.Meta):
        model = User
