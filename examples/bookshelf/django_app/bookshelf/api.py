"""The REST API: a viewset per entity (DRF's quickstart shape), "me" and OpenAPI."""

from pathlib import Path

from django.db.models import ProtectedError
from django.http import HttpResponse
from django_filters import rest_framework as filters
from rest_framework import exceptions
from rest_framework import generics
from rest_framework import permissions
from rest_framework import status
from rest_framework import views
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.decorators import permission_classes

from . import models
from . import serializers
from .permissions import IsOwnerOrStaffOrReadOnly

OPENAPI_DOCUMENT = Path(__file__).with_name("openapi.json")
# Only "true" or "false": any other value is a 400, not a filter silently ignored.
TRUE_OR_FALSE = [("true", "true"), ("false", "false")]


class AuthorViewSet(viewsets.ModelViewSet):
    queryset = models.Author.objects.all()
    serializer_class = serializers.AuthorSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    search_fields = ["name"]
    ordering_fields = ["id", "name", "born"]


class TagViewSet(viewsets.ModelViewSet):
    queryset = models.Tag.objects.all()
    serializer_class = serializers.TagSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    search_fields = ["name"]
    ordering_fields = ["id", "name"]


class BookFilter(filters.FilterSet):
    in_print = filters.TypedChoiceFilter(
        choices=TRUE_OR_FALSE, coerce=lambda value: value == "true"
    )

    class Meta:
        model = models.Book
        fields = ["genre", "in_print", "author"]


class BookViewSet(viewsets.ModelViewSet):
    queryset = models.Book.objects.select_related("owner").prefetch_related("tags")
    serializer_class = serializers.BookSerializer
    permission_classes = [
        permissions.IsAuthenticatedOrReadOnly,
        IsOwnerOrStaffOrReadOnly,
    ]
    filterset_class = BookFilter
    search_fields = ["title", "isbn"]
    ordering_fields = [
        "id",
        "title",
        "isbn",
        "summary",
        "published",
        "pages",
        "rating",
        "price",
        "genre",
        "in_print",
        "contact",
        "website",
        "released_at",
        "author",
        "translator",
        "created_at",
        "updated_at",
    ]

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class MeView(generics.RetrieveAPIView):
    """The user making the request."""

    serializer_class = serializers.UserSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return self.request.user


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def openapi(request):
    """The OpenAPI 3 document of this API, generated from the spec: served as it is."""
    return HttpResponse(OPENAPI_DOCUMENT.read_bytes(), content_type="application/json")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Other objects still refer to this one, so it cannot be deleted."
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, with a 409 for deletes that an on_delete=PROTECT key refuses."""
    if isinstance(exc, ProtectedError):
        exc = Conflict()
    return views.exception_handler(exc, context)
