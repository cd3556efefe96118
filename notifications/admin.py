from django.contrib import admin

from .models import Digest, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "email_state"]
    list_filter = ["kind", "email_state", "language"]
    search_fields = ["title", "key", "recipient__username"]
    readonly_fields = ["created_at", "emailed_at", "email_attempts", "email_error"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "notice_count", "sent_at"]
