from rest_framework import serializers

from . import models


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.User
        fields = ["id", "username", "is_staff"]
        read_only_fields = fields


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Author
        fields = ["id", "name", "born"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Tag
        fields = ["id", "name"]


class BookSerializer(serializers.ModelSerializer):
    owner = serializers.ReadOnlyField(source="owner.username")

    class Meta:
        model = models.Book
        fields = [
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
            "tags",
            "owner",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # ids in ascending order, whatever the target's default ordering
        data["tags"] = sorted(data["tags"])
        return data
