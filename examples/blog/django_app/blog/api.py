"""The REST API: a viewset per entity (DRF's quickstart shape), "me" and OpenAPI."""

from threading import Lock

from axes.helpers import get_lockout_message
from axes.utils import reset
from django.db import IntegrityError
from django.db import transaction
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions
from rest_framework import generics
from rest_framework import permissions
from rest_framework import viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer

from . import models
from . import parsers
from . import serializers
from .permissions import IsOwnerOrStaffOrReadOnly


@extend_schema_field(OpenApiTypes.BOOL)
class TrueOrFalseFilter(filters.TypedChoiceFilter):
    """Only "true" or "false": any other value is a 400, not a filter silently ignored."""

    def __init__(self, **kwargs):
        choices = [("true", "true"), ("false", "false")]
        super().__init__(
            choices=choices, coerce=lambda value: value == "true", **kwargs
        )


# FilterSet classes, built once at import; filterset_fields would build one per request
class CategoryFilter(filters.FilterSet):
    class Meta:
        model = models.Category
        fields = ["parent"]


class CategoryViewSet(viewsets.ModelViewSet):
    queryset = models.Category.objects.all()
    serializer_class = serializers.CategorySerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_class = CategoryFilter
    search_fields = ["name"]
    ordering_fields = ["id", "name", "parent"]

    def perform_create(self, serializer):
        save_whole(serializer)

    def perform_update(self, serializer):
        save_whole(serializer)


class TagViewSet(viewsets.ModelViewSet):
    queryset = models.Tag.objects.all()
    serializer_class = serializers.TagSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    search_fields = ["name"]
    ordering_fields = ["id", "name"]

    def perform_create(self, serializer):
        save_whole(serializer)

    def perform_update(self, serializer):
        save_whole(serializer)


class PostFilter(filters.FilterSet):
    class Meta:
        model = models.Post
        fields = ["status", "category"]


class PostPagination(PageNumberPagination):
    page_size = 10


class PostViewSet(viewsets.ModelViewSet):
    queryset = models.Post.objects.select_related("owner").prefetch_related("tags")
    serializer_class = serializers.PostSerializer
    permission_classes = [
        permissions.IsAuthenticatedOrReadOnly,
        IsOwnerOrStaffOrReadOnly,
    ]
    filterset_class = PostFilter
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
        save_whole(serializer, owner=self.request.user)

    def perform_update(self, serializer):
        save_whole(serializer)


class CommentFilter(filters.FilterSet):
    approved = TrueOrFalseFilter()

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


def save_whole(serializer, **extra):
    """Save a row and its many-to-many links in one transaction, or nothing.

    A unique value that a concurrent request stored after this one was checked
    fails the insert; checking again turns that into DRF's 400 for the field.
    """
    try:
        with transaction.atomic():
            serializer.save(**extra)
    except IntegrityError:
        serializer.run_validation(serializer.initial_data)
        raise


class TokenView(ObtainAuthToken):
    """DRF's token exchange, open to anyone and, like the rest of the API, JSON only."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [parsers.JSONParser]

    def post(self, request, *args, **kwargs):
        try:
            response = super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            # django-axes counted the failure and marks a pair it has locked out
            if getattr(request, "axes_locked_out", False):
                raise exceptions.Throttled(detail=get_lockout_message()) from None
            raise
        # a success clears the pair's failures, as django-axes does on a login
        reset(ip=request.axes_ip_address, username=request.data["username"])
        return response


class MeView(generics.RetrieveAPIView):
    """The user making the request."""

    serializer_class = serializers.UserSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return self.request.user


class OpenAPIView(SpectacularAPIView):
    """The OpenAPI document drf-spectacular derives from the code, as application/json."""

    renderer_classes = [JSONRenderer]
    # its generator is not thread-safe (drf-spectacular#1123): one request at a time
    lock = Lock()

    def dispatch(self, request, *args, **kwargs):
        with self.lock:
            return super().dispatch(request, *args, **kwargs)
