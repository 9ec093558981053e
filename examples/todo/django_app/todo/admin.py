"""The admin site at /admin/: staff manage every entity, only superusers the users."""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from rest_framework.authtoken import admin as token_admin
from rest_framework.authtoken.models import TokenProxy

from . import models


class StaffModelAdmin(admin.ModelAdmin):
    """Every active staff user may view, add, change and delete, without permissions.

    Django's default asks for a permission per model and action; the policy
    here is simpler and the same in both apps: staff manage every entity.
    """

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


class SuperuserOnly:
    """Users, their flags and their tokens: for superusers, whatever permissions say."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(models.User)
class UserAdmin(SuperuserOnly, auth_admin.UserAdmin):
    pass


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(SuperuserOnly, token_admin.TokenAdmin):
    pass


@admin.register(models.Task)
class TaskAdmin(StaffModelAdmin):
    list_display = ["title", "done", "due"]
    list_filter = ["done"]
    search_fields = ["title"]
    readonly_fields = ["owner"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = request.user
        super().save_model(request, obj, form, change)
