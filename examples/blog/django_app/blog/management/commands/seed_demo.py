from datetime import UTC
from datetime import datetime

from django.core.management.base import BaseCommand
from django.db import transaction

from blog import models

DEMO_PASSWORD = "demo-password"


class Command(BaseCommand):
    help = "Create the demo users and rows; running it twice changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        users = {
            "admin": self.demo_user("admin", staff=True),
            "alice": self.demo_user("alice"),
            "bob": self.demo_user("bob"),
        }

        category_1, _ = models.Category.objects.get_or_create(
            name="Name 1",
            parent=None,
        )
        category_2, _ = models.Category.objects.get_or_create(
            name="Name 2",
            parent=category_1,
        )
        category_3, _ = models.Category.objects.get_or_create(
            name="Name 3",
            parent=category_2,
        )

        tag_1, _ = models.Tag.objects.get_or_create(name="Name 1")
        tag_2, _ = models.Tag.objects.get_or_create(name="Name 2")
        tag_3, _ = models.Tag.objects.get_or_create(name="Name 3")

        post_1, _ = models.Post.objects.get_or_create(
            title="Title 1",
            slug="Slug 1",
            body="Body 1",
            status="draft",
            published_at=datetime(2024, 1, 15, 9, 30, tzinfo=UTC),
            category=category_1,
            owner=users["alice"],
        )
        post_2, _ = models.Post.objects.get_or_create(
            title="Title 2",
            slug="Slug 2",
            body="Body 2",
            status="published",
            published_at=datetime(2024, 1, 16, 10, 30, tzinfo=UTC),
            category=category_2,
            owner=users["bob"],
        )
        post_3, _ = models.Post.objects.get_or_create(
            title="Title 3",
            slug="Slug 3",
            body="Body 3",
            status="draft",
            published_at=datetime(2024, 1, 17, 11, 30, tzinfo=UTC),
            category=category_3,
            owner=users["alice"],
        )
        post_1.tags.set([tag_1])
        post_2.tags.set([tag_1, tag_2])
        post_3.tags.set([tag_1, tag_2, tag_3])

        comment_1, _ = models.Comment.objects.get_or_create(
            body="Body 1",
            approved=True,
            post=post_1,
            owner=users["alice"],
        )
        comment_2, _ = models.Comment.objects.get_or_create(
            body="Body 2",
            approved=False,
            post=post_2,
            owner=users["bob"],
        )
        comment_3, _ = models.Comment.objects.get_or_create(
            body="Body 3",
            approved=True,
            post=post_3,
            owner=users["alice"],
        )
        message = f"Demo data ready; users admin, alice, bob: password {DEMO_PASSWORD}"
        self.stdout.write(self.style.SUCCESS(message))

    def demo_user(self, username, *, staff=False):
        user, created = models.User.objects.get_or_create(
            username=username, defaults={"is_staff": staff, "is_superuser": staff}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user
