from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction

from todo import models

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

        # found by title: seeding again keeps a user's edits of the rest
        task_1, _ = models.Task.objects.get_or_create(
            title="The Quiet Harbour",
            defaults={"done": True, "due": date(2024, 1, 15), "owner": users["alice"]},
        )
        task_2, _ = models.Task.objects.get_or_create(
            title="A Winter Garden",
            defaults={"done": False, "due": date(2024, 1, 16), "owner": users["bob"]},
        )
        task_3, _ = models.Task.objects.get_or_create(
            title="Notes from the Hills",
            defaults={"done": True, "due": date(2024, 1, 17), "owner": users["alice"]},
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
