from django.contrib.auth import login
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
        response = super().form_valid(form)
        login(self.request, self.object)
        return response


def not_found(request, exception):
    """JSON under /api/, Django's HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
