from django.conf import settings
from django.contrib.auth import login
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.db import IntegrityError
from django.db import connection
from django.db import transaction
from django.http import JsonResponse
from django.urls import reverse
from django.urls import reverse_lazy
from django.views import defaults
from django.views import generic

from . import models
from .forms import SignUpForm


class HomeView(generic.TemplateView):
    """The project's name and description, and every entity with its links."""

    template_name = "bookshelf/home.html"
    extra_context = {
        "project_name": "Bookshelf",
        "description": "A tiny catalogue of books.",
    }
    entity_models = [
        models.Author,
        models.Tag,
        models.Book,
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entities"] = [
            {
                "name": model._meta.verbose_name_plural.capitalize(),
                "count": model.objects.count(),
                "api_url": reverse(f"{model._meta.model_name}-list"),
                "admin_url": reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
                ),
            }
            for model in self.entity_models
        ]
        return context


class SignUpView(generic.CreateView):
    """Create an account, sign it in, and go home."""

    form_class = SignUpForm
    template_name = "registration/signup.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        try:
            with transaction.atomic():
                response = super().form_valid(form)
        except IntegrityError:
            # a concurrent sign-up took the name after the form checked it
            message = form.instance.unique_error_message(models.User, ["username"])
            form.add_error("username", message)
            return self.form_invalid(form)
        # django-axes' backend only watches logins; the model backend makes them
        login(self.request, self.object, backend=settings.AUTHENTICATION_BACKENDS[-1])
        return response


def locked_out(request, response, credentials):
    """django-axes' answer to a locked-out login: the page with its form error, a 429."""
    response.status_code = 429
    return response


def bad_request(request, exception):
    """JSON under /api/, with a 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse({"detail": "Request body too large."}, status=413)
    return JsonResponse({"detail": "Bad request."}, status=400)


def not_found(request, exception):
    """JSON under /api/, Django's HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """JSON under /api/, Django's HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)


def healthz(request):
    """200 while the database answers a query, 503 when it does not: for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
