"""Invitations: a job's owner asks a cleaner to offer on an open job
(CONTRACT "Cleaners: directory and invitations"). The cleaner is notified
and sees "You're invited" on the job; the owner sees whom they invited."""
