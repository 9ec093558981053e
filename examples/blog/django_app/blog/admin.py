from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import models

admin.site.register(models.User, UserAdmin)


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent"]
    list_filter = ["parent"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(models.Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(models.Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "category", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["category"]
    filter_horizontal = ["tags"]
    readonly_fields = ["owner", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = request.user
        super().save_model(request, obj, form, change)


@admin.register(models.Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["post", "approved"]
    list_filter = ["post", "approved"]
    search_fields = ["body"]
    autocomplete_fields = ["post"]
    readonly_fields = ["owner", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = request.user
        super().save_model(request, obj, form, change)
