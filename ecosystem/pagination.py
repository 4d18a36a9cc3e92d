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
"""

from django.core.paginator import PageNotAnInteger
from django.core.paginator import Paginator as DjangoPaginator


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
