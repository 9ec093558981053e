import copy

from rest_framework import serializers

from . import models


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer, which reads its fields from the model once, not per request."""

    def get_fields(self):
        cls = type(self)
        if "_fields_from_model" not in cls.__dict__:
            cls._fields_from_model = super().get_fields()
        # every serializer binds fields of its own, as DRF copies its declared fields
        return copy.deepcopy(cls._fields_from_model)


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.User
        fields = ["id", "username", "is_staff"]
        read_only_fields = fields


class TaskSerializer(ModelSerializer):
    owner = serializers.ReadOnlyField(source="owner.username")

    class Meta:
        model = models.Task
        fields = ["id", "title", "done", "due", "owner"]
