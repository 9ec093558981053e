from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import models

admin.site.register(models.User, UserAdmin)


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "done", "due"]
    list_filter = ["done"]
    search_fields = ["title"]
    readonly_fields = ["owner"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = request.user
        super().save_model(request, obj, form, change)
