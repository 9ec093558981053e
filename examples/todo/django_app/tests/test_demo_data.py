import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from .entities import ENTITIES

pytestmark = pytest.mark.django_db


def counts():
    return {str(entity): entity.model.objects.count() for entity in ENTITIES}


def test_demo_users(demo):
    users = get_user_model().objects.order_by("username")

    assert [user.username for user in users] == ["admin", "alice", "bob"]
    assert [(user.is_staff, user.is_superuser) for user in users] == [
        (True, True),
        (False, False),
        (False, False),
    ]
    assert all(user.check_password("demo-password") for user in users)


def test_every_entity_has_demo_rows(demo):
    assert all(counts().values())


def test_seeding_twice_changes_nothing(demo):
    before = counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == before
    assert get_user_model().objects.count() == 3


@pytest.mark.parametrize(
    "entity", [entity for entity in ENTITIES if entity.editable], ids=str
)
def test_seeding_again_keeps_an_edit(entity, demo):
    rows = entity.model.objects.order_by("pk")
    edited, value = rows.first(), getattr(rows.last(), entity.editable)
    assert getattr(edited, entity.editable) != value
    setattr(edited, entity.editable, value)
    edited.save()
    before = counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == before
    edited.refresh_from_db()
    assert getattr(edited, entity.editable) == value
