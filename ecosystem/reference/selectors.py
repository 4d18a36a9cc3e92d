from .models import Category, Region


def category_list():
    return Category.objects.select_related("parent").order_by("name", "id")


def region_list():
    return Region.objects.select_related("parent").order_by("name", "id")
