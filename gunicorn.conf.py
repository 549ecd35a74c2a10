"""Production server settings: `gunicorn -c gunicorn.conf.py 'app:create_app()'`."""
import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 60
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
# %(U)s is the path without the query string: resume and signing tokens travel in the query
# string and must never reach a log.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")


class EscapingLogger(Logger):
    """Gunicorn's logger, with every value in an access-log line made printable.

    %(U)s is the path as decoded (``/a%0d%0aforged`` arrives as ``/a``, CR, LF, ``forged``), and headers
    can hold any character: written as they are, they would start a line of the caller's making. Control
    characters and backslashes are written as escapes (``\\x0d``, ``\\\\``), so one request is one line.
    """

    UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\\]")

    def atoms(self, resp, req, environ, request_time):
        return {key: self.escape(value) for key, value in super().atoms(resp, req, environ, request_time).items()}

    @classmethod
    def escape(cls, value):
        if not isinstance(value, str):
            return value
        return cls.UNPRINTABLE.sub(lambda m: "\\\\" if m[0] == "\\" else f"\\x{ord(m[0]):02x}"
                                   if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", value)


logger_class = EscapingLogger
