import pytest
from django import forms
from django.contrib import admin as django_admin
from django.test import RequestFactory

from .entities import ENTITIES
from .entities import recreate_payload

pytestmark = pytest.mark.django_db

each_entity = pytest.mark.parametrize("entity", ENTITIES, ids=str)


def admin_url(entity, action="changelist", *args):
    meta = entity.model._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/" + {
        "changelist": "",
        "add": "add/",
        "change": "{}/change/",
        "delete": "{}/delete/",
    }[action].format(*args)


def form_data(entity, obj, user):
    """What the admin's change form of ``obj`` posts back unchanged."""
    request = RequestFactory().get("/")
    request.user = user
    model_admin = django_admin.site._registry[entity.model]
    form = model_admin.get_form(request, obj)(instance=obj)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.SplitDateTimeField):
            widget_values = field.widget.decompress(value)
            data[f"{name}_0"], data[f"{name}_1"] = (
                "" if part is None else part.isoformat() for part in widget_values
            )
        elif isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(field, forms.ModelMultipleChoiceField):
            data[name] = [str(pk) for pk in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


@pytest.mark.parametrize(
    "path", ["/admin/"] + [admin_url(entity) for entity in ENTITIES]
)
def test_anonymous_users_are_sent_to_log_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(
    "path", ["/admin/"] + [admin_url(entity) for entity in ENTITIES]
)
def test_users_who_are_not_staff_never_see_the_admin(client, alice, path):
    client.force_login(alice)

    response = client.get(path)

    assert response.status_code == 302
    assert "login" in response["Location"]


@each_entity
def test_staff_can_list_search_and_filter(client, admin, entity):
    client.force_login(admin)
    obj = entity.model.objects.first()

    assert client.get("/admin/").status_code == 200
    assert client.get(admin_url(entity)).status_code == 200
    assert client.get(admin_url(entity), {"q": "anything"}).status_code == 200
    for name in entity.filters:
        value = getattr(obj, entity.model._meta.get_field(name).attname)
        if value is None:
            continue
        response = client.get(admin_url(entity), {f"{name}__exact": value})
        assert response.status_code == 200, name
        assert "?e=1" not in response.get("Location", ""), name


@each_entity
def test_staff_can_edit(client, admin, entity):
    client.force_login(admin)
    obj = entity.model.objects.first()
    data = form_data(entity, obj, admin)

    response = client.post(admin_url(entity, "change", obj.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert client.get(admin_url(entity, "change", obj.pk)).status_code == 200


@each_entity
def test_staff_can_create_and_delete(client, admin, entity):
    client.force_login(admin)
    obj = entity.model.objects.first()
    data = form_data(entity, obj, admin)
    for name, value in recreate_payload(entity, obj).items():
        if isinstance(value, list):
            data[name] = [str(pk) for pk in value]
        elif entity.model._meta.get_field(name).is_relation:
            data[name] = "" if value is None else str(value)
    count = entity.model.objects.count()

    added = client.post(admin_url(entity, "add"), data)

    assert added.status_code == 302, added.context["adminform"].form.errors
    assert entity.model.objects.count() == count + 1
    new = entity.model.objects.order_by("-pk").first()
    if "owner" in entity.keys:
        assert new.owner == admin

    deleted = client.post(admin_url(entity, "delete", new.pk), {"post": "yes"})

    assert deleted.status_code == 302
    assert entity.model.objects.count() == count
