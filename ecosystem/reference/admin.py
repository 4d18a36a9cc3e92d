from django.contrib import admin

from .models import Category, Region


@admin.register(Category)
class ReferenceEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    list_filter = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]


@admin.register(Region)
class RegionAdmin(ReferenceEntryAdmin):
    list_display = ["name", "slug", "parent", "country_code", "subdivision_code"]
