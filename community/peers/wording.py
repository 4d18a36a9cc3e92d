"""The matcher's reasons in words, in the reader's language ("finished Orchard season last
year, Hawke's Bay"). The pure matcher returns codes and values; names are read here in one
query per kind for a whole list, and a peer's `show_*` choices decide what is said."""

from django.conf import settings
from django.utils.translation import gettext as _

from ecosystem.reference.models import Category, Region
from goals.models import Playbook


def _names(model, ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    return (
        dict(
            model.objects.filter(pk__in=ids).values_list(
                "pk", "name" if model is not Playbook else "title"
            )
        )
        if ids
        else {}
    )


class Words:
    """Names for every id a list of reasons mentions, read once."""

    def __init__(self, reason_lists, *, today):
        reasons = [reason for reasons in reason_lists for reason in reasons]
        self.today = today
        self.playbooks = _names(Playbook, (r.get("playbook") for r in reasons))
        self.categories = _names(Category, (r.get("category") for r in reasons))
        self.regions = _names(Region, (r.get("region") for r in reasons))

    def _when(self, year: int) -> str:
        if year == self.today.year:
            return _("this year")
        if year == self.today.year - 1:
            return _("last year")
        return _("in %(year)s") % {"year": year}

    def phrase(self, reason: dict, *, profile=None) -> str:
        code = reason.get("code")
        shows_progress = profile is None or profile.show_progress
        shows_region = profile is None or profile.show_region
        if code in {"finished_playbook", "ahead_on_playbook", "mentor"} and not shows_progress:
            return (
                _("further along on the same journey")
                if code != "mentor"
                else _("mentors newcomers")
            )
        if code == "finished_playbook":
            return _("finished %(playbook)s %(when)s") % {
                "playbook": self.playbooks.get(reason["playbook"], _("the same playbook")),
                "when": self._when(reason["year"]),
            }
        if code == "ahead_on_playbook":
            return _("%(done)s of %(total)s milestones of %(playbook)s done") % {
                "done": reason["done"],
                "total": reason["total"],
                "playbook": self.playbooks.get(reason["playbook"], _("the same playbook")),
            }
        if code == "finished_category":
            return _("finished a %(category)s goal %(when)s") % {
                "category": self.categories.get(reason["category"], ""),
                "when": self._when(reason["year"]),
            }
        if code == "ahead_in_category":
            return _("further along on a %(category)s goal") % {
                "category": self.categories.get(reason["category"], "")
            }
        if code == "mentor":
            return _("mentors newcomers on %(playbook)s") % {
                "playbook": self.playbooks.get(reason["playbook"], _("this playbook"))
            }
        if code == "same_region":
            return self.regions.get(reason["region"], "") if shows_region else ""
        if code == "same_language":
            return _("speaks %(language)s") % {
                "language": _(dict(settings.LANGUAGES).get(reason["language"], reason["language"]))
            }
        return ""

    def sentence(self, reasons, *, profile=None) -> str:
        phrases = [self.phrase(reason, profile=profile) for reason in reasons]
        text = ", ".join(phrase for phrase in phrases if phrase)
        return text[:1].upper() + text[1:]
