"""The notifications' periodic task, run by the worker (cleaning_app.tasks)."""

from ..extensions import db
from ..tasks import app
from .reminders import remind_due


# Every five minutes, so a booking made less than a day ahead is reminded
# soon after; one run at a time (queueing_lock), though the reminders'
# key would keep two apart anyway.
@app.periodic(cron="*/5 * * * *")
@app.task(
    name="notifications.send_reminders",
    queueing_lock="notifications.send_reminders",
    retry=3,
)
def send_reminders(timestamp: int) -> None:
    remind_due()
    db.session.commit()
