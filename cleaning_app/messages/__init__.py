"""Conversations: each offer's private thread between the job's owner and
that cleaner (CONTRACT "Conversations and notifications"). The offer's own
message is the thread's first entry, shown from the offer, never copied."""
