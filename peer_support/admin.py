"""Admin for the protocol data only. Requests, notes, plans and logs are private and are
deliberately not in the admin: nobody browses them outside the access rules."""

from django.contrib import admin

from .models import FollowUpProtocol, ProtocolStep, ReflectionFramework


class ProtocolStepInline(admin.TabularInline):
    model = ProtocolStep
    extra = 0


@admin.register(FollowUpProtocol)
class FollowUpProtocolAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "preset"]
    inlines = [ProtocolStepInline]


@admin.register(ReflectionFramework)
class ReflectionFrameworkAdmin(admin.ModelAdmin):
    list_display = ["code"]
