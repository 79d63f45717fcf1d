"""Calendars: an .ics event for a booked clean, downloaded by its two sides,
and each user's private calendar feed of their booked cleans."""
