"""iCalendar (RFC 5545) file of an event, built with the icalendar library."""

from datetime import UTC

from django.utils.html import strip_tags
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def event_ics(event: Event, *, url: str, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Portal de Buenas Prácticas Municipales//difusion//ES")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    item = CalendarEvent()
    item.add("uid", f"evento-{event.pk}@{host}")
    item.add("dtstamp", event.updated_at.astimezone(UTC))
    item.add("dtstart", event.starts_at.astimezone(UTC))
    item.add("dtend", event.ends_at.astimezone(UTC))
    item.add("summary", event.title)
    description = event.summary
    if event.description:
        description += "\n\n" + strip_tags(event.description)
    if event.online_url:
        description += f"\n\nTransmisión: {event.online_url}"
    item.add("description", description.strip())
    item.add("location", event.location_text or event.online_url)
    item.add("url", url)
    item.add("status", "CONFIRMED")
    calendar.add_component(item)
    return calendar.to_ical()
