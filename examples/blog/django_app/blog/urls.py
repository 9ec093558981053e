from django.contrib.auth import views as auth_views
from django.urls import include
from django.urls import path
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import api
from . import views
from .forms import LoginForm

router = DefaultRouter()
router.register("categories", api.CategoryViewSet)
router.register("tags", api.TagViewSet)
router.register("posts", api.PostViewSet)
router.register("comments", api.CommentViewSet)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("accounts/signup/", views.SignUpView.as_view(), name="signup"),
    # ahead of django.contrib.auth.urls' login (the project's urls.py): the same view, the app's form
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("api/token/", api.TokenView.as_view(), name="api-token"),
    path("api/me/", api.MeView.as_view(), name="api-me"),
    path("api/openapi.json", api.OpenAPIView.as_view(), name="api-openapi"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-openapi"),
        name="api-docs",
    ),
    path("api/", include(router.urls)),
    path("healthz", views.healthz, name="healthz"),
]
