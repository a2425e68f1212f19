from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _

from portal.selectors import library_practices


class LatestPracticesFeed(Feed):
    def __init__(self, library_page):
        super().__init__()
        self.library_page = library_page

    def title(self):
        return _("Nuevas buenas prácticas municipales")

    def link(self):
        return self.library_page.url

    def description(self):
        return _("Las últimas prácticas publicadas en la biblioteca.")

    def items(self):
        return library_practices(parent=self.library_page).order_by("-first_published_at", "-pk")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [item.category.name]
