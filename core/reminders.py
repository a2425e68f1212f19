"""When to remind people of a deadline: pure, no ORM, so it is tested on its own.

Reminders go out 72 and 24 hours before each deadline. The periodic task runs every 15 minutes
and asks which window a deadline is in; the e-mail key includes the window and the deadline, so
each reminder is sent once, and a deadline that is extended gets fresh reminders.
"""

from datetime import datetime, timedelta

REMINDER_HOURS = (72, 24)


def reminder_window(deadline: datetime, now: datetime, hours: tuple[int, ...] = REMINDER_HOURS) -> int | None:
    """The narrowest window (in hours) that `now` falls in before `deadline`, or None.

    72 h before a deadline until 24 h before it the answer is 72; in the last 24 hours it is 24;
    at or after the deadline, or earlier than the widest window, there is nothing to remind.
    """
    if now >= deadline:
        return None
    remaining = deadline - now
    inside = [h for h in hours if remaining <= timedelta(hours=h)]
    return min(inside) if inside else None
