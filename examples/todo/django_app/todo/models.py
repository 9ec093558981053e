from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Custom from the first migration, as Django's docs advise, so it can grow."""


class Task(models.Model):
    title = models.CharField(max_length=200)
    done = models.BooleanField(default=False, db_default=False)
    due = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        editable=False,
        related_name="tasks",
    )

    class Meta:
        ordering = ["done", "due", "id"]

    def __str__(self):
        return self.title
