"""The REST API: a viewset per entity (DRF's quickstart shape), "me" and OpenAPI."""

from pathlib import Path

from django.http import HttpResponse
from django_filters import rest_framework as filters
from rest_framework import generics
from rest_framework import permissions
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.decorators import permission_classes

from . import models
from . import serializers
from .permissions import IsOwnerOrStaffOrReadOnly

OPENAPI_DOCUMENT = Path(__file__).with_name("openapi.json")
# Only "true" or "false": any other value is a 400, not a filter silently ignored.
TRUE_OR_FALSE = [("true", "true"), ("false", "false")]


class TaskFilter(filters.FilterSet):
    done = filters.TypedChoiceFilter(
        choices=TRUE_OR_FALSE, coerce=lambda value: value == "true"
    )

    class Meta:
        model = models.Task
        fields = ["done"]


class TaskViewSet(viewsets.ModelViewSet):
    queryset = models.Task.objects.select_related("owner")
    serializer_class = serializers.TaskSerializer
    permission_classes = [
        permissions.IsAuthenticatedOrReadOnly,
        IsOwnerOrStaffOrReadOnly,
    ]
    filterset_class = TaskFilter
    search_fields = ["title"]
    ordering_fields = ["id", "title", "done", "due"]

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
