from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """Custom from the first migration, as Django's docs advise, so it can grow."""

    class Meta(AbstractUser.Meta):
        # "Alice" beside "alice" is refused by the database too, not only by the forms
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="unique_username_in_any_case",
                violation_error_message="A user with that username already exists.",
            ),
        ]


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.CharField(
        max_length=200, unique=True, help_text="Used in the post's URL"
    )
    body = models.TextField()
    status = models.CharField(
        max_length=9,
        choices=Status.choices,
        default=Status.DRAFT,
        db_default=Status.DRAFT,
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    published_at = models.DateTimeField(null=True, blank=True)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, editable=False, related_name="posts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "id"]
        # a page in this order reads the index instead of sorting every row
        indexes = [
            models.Index(
                fields=["-created_at", "id"],
                name="post_ordering_idx",
            ),
        ]

    def __str__(self):
        return self.title


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField()
    approved = models.BooleanField(default=False, db_default=False)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, editable=False, related_name="comments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        # a page in this order reads the index instead of sorting every row
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                name="comment_ordering_idx",
            ),
        ]

    def __str__(self):
        return f"Comment #{self.pk}"
