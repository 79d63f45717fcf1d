"""The WSGI entry point gunicorn serves: `gunicorn wsgi:app`."""

from cleaning_app import create_app

app = create_app()
