"""One-time submission keys: every state-changing form carries one, so the
same form posted twice (a double-click, Back and re-submit) acts once and
answers both posts alike. `keys` mints and binds them; `replay` claims
them in the database and answers repeats."""
