"""A WSGI app that takes SLOW_IMPORT seconds to import, as Phresh does on a
busy machine, and answers with its worker's pid."""

import os
import time

time.sleep(float(os.environ.get("SLOW_IMPORT", "3")))


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
