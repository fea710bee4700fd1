from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from comptes.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Carte Blanche", {"fields": ("structure",)}))
    list_display = ("username", "email", "first_name", "last_name", "structure", "is_staff")
