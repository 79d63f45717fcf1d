"""Notifications: what happened to a user's jobs and offers, on
/notifications, in the navigation's unread count and, for the kinds the
user chose, by email.

Bottom layer, like the feed: the services that change things call it in
their own transaction (tests/test_layers.py). What other features use:

* `services.notify(user_id, kind, cleaning_id, actor_id=None, email=True)`
  writes the row and, if the user gets that kind by email, queues the
  email (cleaning_app.tasks.email.defer_email) in the same transaction: a
  rollback leaves neither. Nobody is notified of their own action (a
  `user_id` equal to `actor_id` writes nothing). `email=False` is for a
  feature that sends its own email about the kind (bundled messages).
* `emails.queue_email(user_id, kind, subject, body)` queues a feature's own
  email about a kind: only if the user wants that kind by email, with the
  unsubscribe link appended to the body and the `List-Unsubscribe` and
  `List-Unsubscribe-Post` headers (RFC 8058). Works in a request and in a
  worker's task.
* `emails.unsubscribe_headers(user_id, kind)`, `emails.unsubscribe_url(...)`
  for an email built some other way.
* `links.external_url(endpoint, **values)`: an absolute link for an email
  (PUBLIC_URL), in a request or in the worker.
"""
