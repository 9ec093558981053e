from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import URLField

from . import models

admin.site.register(models.User, UserAdmin)


@admin.register(models.Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "born"]
    search_fields = ["name"]


@admin.register(models.Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(models.Book)
class BookAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "genre"]
    list_filter = ["genre", "in_print", "author"]
    search_fields = ["title", "isbn"]
    autocomplete_fields = ["author", "translator"]
    filter_horizontal = ["tags"]
    readonly_fields = ["owner", "created_at", "updated_at"]
    # Django 6's default; on 5.2 it also silences the deprecation warning.
    formfield_overrides = {URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = request.user
        super().save_model(request, obj, form, change)
