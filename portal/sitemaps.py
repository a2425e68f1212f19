"""sitemap.xml: Wagtail's sitemap, with every location on the origin the sitemap was requested from.

Wagtail writes absolute locations from the Site record (hostname and port). On a development
machine that record says one thing (the demo sets it once) while the server answers on another
address (`PORT=8080 make run`, 127.0.0.1 or localhost), so the listed URLs would not open. The
sitemap protocol wants its URLs on the host that serves the sitemap anyway, and robots.txt already
points at the sitemap on the request's host. Behind the production proxy (X-Forwarded-Proto, the
public Host header) the request's origin is the Site's own, so nothing changes there.
"""

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap


class PortalSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        root_url = self.get_wagtail_site().root_url
        origin = f"{self.request.scheme}://{self.request.get_host()}"
        if origin != root_url:
            for url in urls:
                if url["location"].startswith(root_url + "/"):
                    url["location"] = origin + url["location"][len(root_url) :]
        return urls
