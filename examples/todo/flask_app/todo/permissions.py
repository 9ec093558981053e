"""Who may read and write through the API: twins of DRF's permission classes.

A view asks each of its permissions; a refusal is a 401 for anonymous users
and a 403 for signed-in ones, as in DRF.
"""

from flask_login import current_user

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class BasePermission:
    def has_permission(self, request):
        return True

    def has_object_permission(self, request, obj):
        return True


class IsAuthenticated(BasePermission):
    def has_permission(self, request):
        return current_user.is_authenticated


class IsAuthenticatedOrReadOnly(BasePermission):
    def has_permission(self, request):
        return request.method in SAFE_METHODS or current_user.is_authenticated


class IsOwnerOrStaffOrReadOnly(BasePermission):
    """Anyone may read; only the owner or a staff user may change or delete."""

    def has_object_permission(self, request, obj):
        if request.method in SAFE_METHODS:
            return True
        return obj.owner_id == current_user.id or current_user.is_staff


class IsStaffOrReadOnly(BasePermission):
    """Anyone may read; only staff users may write."""

    def has_permission(self, request):
        if request.method in SAFE_METHODS:
            return True
        return current_user.is_authenticated and current_user.is_staff
