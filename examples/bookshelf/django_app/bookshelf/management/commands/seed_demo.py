from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from bookshelf import models

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
        author_1, _ = models.Author.objects.get_or_create(
            name="Ada Lovelace", defaults={"born": date(2024, 1, 15)}
        )
        author_2, _ = models.Author.objects.get_or_create(
            name="Grace Hopper", defaults={"born": date(2024, 1, 16)}
        )
        author_3, _ = models.Author.objects.get_or_create(
            name="Alan Turing", defaults={"born": date(2024, 1, 17)}
        )

        tag_1, _ = models.Tag.objects.get_or_create(name="Juniper")
        tag_2, _ = models.Tag.objects.get_or_create(name="Lantern")
        tag_3, _ = models.Tag.objects.get_or_create(name="Orchard")

        # found by isbn: seeding again keeps a user's edits of the rest
        book_1, created = models.Book.objects.get_or_create(
            isbn="9780000000001",
            defaults={
                "title": "The Quiet Harbour",
                "summary": "A short first draft, written to be read aloud.",
                "published": date(2024, 1, 15),
                "pages": 1,
                "rating": 0.0,
                "price": Decimal("0.00"),
                "genre": "fiction",
                "in_print": True,
                "contact": "ada@example.com",
                "website": "https://example.com/the-quiet-harbour",
                "released_at": datetime(2024, 1, 15, 9, 30, tzinfo=UTC),
                "author": author_1,
                "translator": author_1,
                "owner": users["alice"],
            },
        )
        if created:
            book_1.tags.set([tag_1])
        book_2, created = models.Book.objects.get_or_create(
            isbn="9780000000002",
            defaults={
                "title": "A Winter Garden",
                "summary": "Three paragraphs on a quiet subject, with one good joke.",
                "published": date(2024, 1, 16),
                "pages": 2,
                "rating": 1.6666666666666667,
                "price": Decimal("1.25"),
                "genre": "nonfiction",
                "in_print": False,
                "contact": "grace@example.com",
                "website": "https://example.com/a-winter-garden",
                "released_at": datetime(2024, 1, 16, 10, 30, tzinfo=UTC),
                "author": author_2,
                "translator": author_2,
                "owner": users["bob"],
            },
        )
        if created:
            book_2.tags.set([tag_1, tag_2])
        book_3, created = models.Book.objects.get_or_create(
            isbn="9780000000003",
            defaults={
                "title": "Notes from the Hills",
                "summary": "Notes worth keeping, jotted down in a hurry.",
                "published": date(2024, 1, 17),
                "pages": 3,
                "rating": 3.3333333333333335,
                "price": Decimal("2.50"),
                "genre": "poetry",
                "in_print": True,
                "contact": "alan@example.com",
                "website": "https://example.com/notes-from-the-hills",
                "released_at": datetime(2024, 1, 17, 11, 30, tzinfo=UTC),
                "author": author_3,
                "translator": author_3,
                "owner": users["alice"],
            },
        )
        if created:
            book_3.tags.set([tag_1, tag_2, tag_3])
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
