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


class CategorySerializer(ModelSerializer):
    class Meta:
        model = models.Category
        fields = ["id", "name", "parent"]


class TagSerializer(ModelSerializer):
    class Meta:
        model = models.Tag
        fields = ["id", "name"]


class PostSerializer(ModelSerializer):
    owner = serializers.ReadOnlyField(source="owner.username")

    class Meta:
        model = models.Post
        fields = [
            "id",
            "title",
            "slug",
            "body",
            "status",
            "category",
            "tags",
            "published_at",
            "owner",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # ids in ascending order, whatever the target's default ordering
        data["tags"] = sorted(data["tags"])
        return data


class CommentSerializer(ModelSerializer):
    owner = serializers.ReadOnlyField(source="owner.username")

    class Meta:
        model = models.Comment
        fields = ["id", "post", "body", "approved", "owner", "created_at", "updated_at"]
