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

        # found by name: seeding again keeps a user's edits of the rest
        category_1, _ = models.Category.objects.get_or_create(
            name="Juniper", defaults={"parent": None}
        )
        category_2, _ = models.Category.objects.get_or_create(
            name="Lantern", defaults={"parent": category_1}
        )
        category_3, _ = models.Category.objects.get_or_create(
            name="Orchard", defaults={"parent": category_2}
        )

        tag_1, _ = models.Tag.objects.get_or_create(name="Juniper")
        tag_2, _ = models.Tag.objects.get_or_create(name="Lantern")
        tag_3, _ = models.Tag.objects.get_or_create(name="Orchard")

        # found by slug: seeding again keeps a user's edits of the rest
        post_1, created = models.Post.objects.get_or_create(
            slug="the-quiet-harbour",
            defaults={
                "title": "The Quiet Harbour",
                "body": "A short first draft, written to be read aloud.",
                "status": "draft",
                "published_at": datetime(2024, 1, 15, 9, 30, tzinfo=UTC),
                "category": category_1,
                "owner": users["alice"],
            },
        )
        if created:
            post_1.tags.set([tag_1])
        post_2, created = models.Post.objects.get_or_create(
            slug="a-winter-garden",
            defaults={
                "title": "A Winter Garden",
                "body": "Three paragraphs on a quiet subject, with one good joke.",
                "status": "published",
                "published_at": datetime(2024, 1, 16, 10, 30, tzinfo=UTC),
                "category": category_2,
                "owner": users["bob"],
            },
        )
        if created:
            post_2.tags.set([tag_1, tag_2])
        post_3, created = models.Post.objects.get_or_create(
            slug="notes-from-the-hills",
            defaults={
                "title": "Notes from the Hills",
                "body": "Notes worth keeping, jotted down in a hurry.",
                "status": "draft",
                "published_at": datetime(2024, 1, 17, 11, 30, tzinfo=UTC),
                "category": category_3,
                "owner": users["alice"],
            },
        )
        if created:
            post_3.tags.set([tag_1, tag_2, tag_3])

        comment_1, _ = models.Comment.objects.get_or_create(
            body="A short first draft, written to be read aloud.",
            approved=True,
            post=post_1,
            owner=users["alice"],
        )
        comment_2, _ = models.Comment.objects.get_or_create(
            body="Three paragraphs on a quiet subject, with one good joke.",
            approved=False,
            post=post_2,
            owner=users["bob"],
        )
        comment_3, _ = models.Comment.objects.get_or_create(
            body="Notes worth keeping, jotted down in a hurry.",
            approved=True,
            post=post_3,
            owner=users["alice"],
        )
        message = f"Demo data ready; users admin, alice, bob: password {DEMO_PASSWORD}"
        self.stdout.write(self.style.SUCCESS(message))

    def demo_user(self, username, *, staff=False):
        user, created = models.User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.com",
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user
