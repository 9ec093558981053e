import pytest
from django.core.exceptions import ValidationError
from django.db import models

from .entities import ENTITIES

pytestmark = pytest.mark.django_db

each_entity = pytest.mark.parametrize("entity", ENTITIES, ids=str)


@each_entity
def test_str_is_never_empty(entity, demo):
    for obj in entity.model.objects.all():
        assert str(obj)


@each_entity
def test_demo_rows_pass_every_model_rule(entity, demo):
    for obj in entity.model.objects.all():
        obj.full_clean()


@each_entity
def test_model_validation_refuses_what_the_api_refuses(entity, demo):
    obj = entity.model.objects.first()
    checked = {field.name for field in entity.model._meta.concrete_fields}

    for name, value in entity.invalid:
        if name not in checked or not isinstance(value, str) or value == "abc":
            continue
        setattr(obj, entity.model._meta.get_field(name).attname, value)
        with pytest.raises(ValidationError):
            obj.full_clean()
        obj.refresh_from_db()


@each_entity
def test_default_ordering_is_total(entity):
    assert "id" in [name.lstrip("-") for name in entity.model._meta.ordering]


@each_entity
def test_protected_rows_refuse_deletion(entity, demo):
    for field in entity.model._meta.fields:
        if not field.is_relation or field.remote_field.on_delete is not models.PROTECT:
            continue
        obj = entity.model.objects.exclude(**{field.name: None}).first()
        if obj is None:
            continue
        with pytest.raises(models.ProtectedError):
            getattr(obj, field.name).delete()
