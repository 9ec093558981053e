"""The REST API: a viewset per entity (DRF's quickstart shape), "me" and OpenAPI."""

from pathlib import Path

from django.http import HttpResponse
from django_filters import rest_framework as filters
from rest_framework import generics
from rest_framework import permissions
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.decorators import permission_classes
from rest_framework.pagination import PageNumberPagination

from . import models
from . import serializers
from .permissions import IsOwnerOrStaffOrReadOnly

OPENAPI_DOCUMENT = Path(__file__).with_name("openapi.json")
# Only "true" or "false": any other value is a 400, not a filter silently ignored.
TRUE_OR_FALSE = [("true", "true"), ("false", "false")]


class CategoryViewSet(viewsets.ModelViewSet):
    queryset = models.Category.objects.all()
    serializer_class = serializers.CategorySerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_fields = ["parent"]
    search_fields = ["name"]
    ordering_fields = ["id", "name", "parent"]


class TagViewSet(viewsets.ModelViewSet):
    queryset = models.Tag.objects.all()
    serializer_class = serializers.TagSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    search_fields = ["name"]
    ordering_fields = ["id", "name"]


class PostPagination(PageNumberPagination):
    page_size = 10


class PostViewSet(viewsets.ModelViewSet):
    queryset = models.Post.objects.select_related("owner").prefetch_related("tags")
    serializer_class = serializers.PostSerializer
    permission_classes = [
        permissions.IsAuthenticatedOrReadOnly,
        IsOwnerOrStaffOrReadOnly,
    ]
    filterset_fields = ["status", "category"]
    search_fields = ["title", "body"]
    ordering_fields = [
        "id",
        "title",
        "slug",
        "body",
        "status",
        "category",
        "published_at",
        "created_at",
        "updated_at",
    ]
    pagination_class = PostPagination

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class CommentFilter(filters.FilterSet):
    approved = filters.TypedChoiceFilter(
        choices=TRUE_OR_FALSE, coerce=lambda value: value == "true"
    )

    class Meta:
        model = models.Comment
        fields = ["post", "approved"]


class CommentPagination(PageNumberPagination):
    page_size = 50


class CommentViewSet(viewsets.ModelViewSet):
    queryset = models.Comment.objects.select_related("owner")
    serializer_class = serializers.CommentSerializer
    permission_classes = [
        permissions.IsAuthenticatedOrReadOnly,
        IsOwnerOrStaffOrReadOnly,
    ]
    filterset_class = CommentFilter
    search_fields = ["body"]
    ordering_fields = ["id", "post", "body", "approved", "created_at", "updated_at"]
    pagination_class = CommentPagination

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
