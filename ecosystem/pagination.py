"""A paginator that does not count the rows of a list to show its first page: Django's
otherwise.

Most lists are asked for at their first page, and many fit on it (a person's goals on
the dashboard, for one). Django's paginator first counts every row, to check the page
number, then reads the page: two queries. This one reads the first page with one row
more; when that row is not there, the count is the page's length and no count is asked.
When it is, the count is asked only if the page's template wants the number of pages.
Any other page is Django's own.

A list that uses it makes one query fewer while it fits on one page, so its query-count
test at two data sizes sees one more query at the larger size (the count), not an equal
number. The dashboard, the playbook library and the trash use it; other lists may, with
their tests saying so.

`CountedPaginator` is for a list whose every page shows the number of pages and whose
rows are few enough to count as they are read (the community list's communities): each
row of the page carries the number of rows (COUNT(*) OVER ()), so a page is one query,
not a count and a read.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Count, Window

ROWS_COUNTED = "rows_counted"


class Paginator(DjangoPaginator):
    def validate_number(self, number):
        """As Django's, without counting the rows for the first page (an empty list shows
        an empty first page) or for a page number that is no number (Django counts before
        it looks)."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number == 1 and self.allow_empty_first_page:
            return 1
        return super().validate_number(number)

    def page(self, number):
        number = self.validate_number(number)
        if number != 1 or self.orphans or "count" in self.__dict__:
            return super().page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.count = len(rows)  # a cached_property: the whole list is on this page
        return self._get_page(rows[: self.per_page], 1, self)


class CountedPaginator(DjangoPaginator):
    def get_page(self, number):
        """As Django's: the first page for what is no page number, the last for a number
        past the end."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        """The page's rows, each with the number of rows in the whole list, in one query;
        counted apart only for a page past the end (EmptyPage)."""
        if self.orphans or "count" in self.__dict__:
            return super().page(number)
        number = self._validate_number(number, float("inf"))  # a whole number from 1
        bottom = (number - 1) * self.per_page
        counted = self.object_list.annotate(**{ROWS_COUNTED: Window(Count("*"))})
        rows = list(counted[bottom : bottom + self.per_page])
        if rows:
            self.count = getattr(rows[0], ROWS_COUNTED)  # a cached_property
        elif number == 1:
            self.count = 0
        else:
            return super().page(number)  # counts, and says the page is past the end
        return self._get_page(rows, number, self)
