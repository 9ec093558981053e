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


class Task(models.Model):
    title = models.CharField(max_length=200)
    done = models.BooleanField(default=False, db_default=False)
    due = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, editable=False, related_name="tasks"
    )

    class Meta:
        ordering = ["done", "due", "id"]
        # a page in this order reads the index instead of sorting every row
        indexes = [
            models.Index(
                fields=["done", "due", "id"],
                name="task_ordering_idx",
            ),
        ]

    def __str__(self):
        return self.title
