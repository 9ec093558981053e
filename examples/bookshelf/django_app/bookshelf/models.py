from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
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


class Author(models.Model):
    name = models.CharField(max_length=120)
    born = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Book(models.Model):
    class Genre(models.TextChoices):
        FICTION = "fiction", "Fiction"
        NONFICTION = "nonfiction", "Nonfiction"
        POETRY = "poetry", "Poetry"

    title = models.CharField(max_length=200, help_text="As printed on the cover")
    isbn = models.CharField(max_length=13, unique=True)
    summary = models.TextField(blank=True, default="", db_default="")
    published = models.DateField(null=True, blank=True)
    pages = models.IntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2147483647)],
    )
    rating = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(5.0)],
    )
    price = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("0.00"),
        db_default=Decimal("0.00"),
    )
    genre = models.CharField(
        max_length=10,
        choices=Genre.choices,
        default=Genre.FICTION,
        db_default=Genre.FICTION,
    )
    in_print = models.BooleanField(default=True, db_default=True)
    contact = models.EmailField(blank=True, default="", db_default="")
    website = models.URLField(blank=True, default="", db_default="")
    released_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="author_books"
    )
    translator = models.ForeignKey(
        Author,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translator_books",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="books")
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, editable=False, related_name="books"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published", "title", "id"]
        # a page in this order reads the index instead of sorting every row
        indexes = [
            models.Index(
                fields=["-published", "title", "id"],
                name="book_ordering_idx",
            ),
        ]

    def __str__(self):
        return self.title
