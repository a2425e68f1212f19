from django import template

from difusion.structured_data import json_ld

register = template.Library()


@register.simple_tag
def event_json_ld(event, url):
    """schema.org Event: dates with Chile's offset, place or online location, performers."""
    from django.utils import timezone

    online = bool(event.online_url)
    physical = bool(event.venue)
    mode = "Mixed" if online and physical else ("Online" if online else "Offline")
    locations = []
    if physical:
        locations.append(
            {
                "@type": "Place",
                "name": event.venue,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": event.address,
                    "addressLocality": event.city,
                    "addressCountry": "CL",
                },
            }
        )
    if online:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
        "location": locations[0] if len(locations) == 1 else locations,
        "isAccessibleForFree": True,
        "inLanguage": "es-CL",
    }
    speakers = [{"@type": "Person", "name": s.name} for s in event.speakers.all()]
    if speakers:
        data["performer"] = speakers
    return json_ld(data)
