"""EC2 client tokens honoured as AWS honours them; moto stores a request's ClientToken but ignores it.

A create sent again with the ClientToken of one that succeeded (RunInstances, CreateLaunchTemplate,
CreateLaunchTemplateVersion, CreateVpcEndpoint, CreateNatGateway, CreateRouteTable, ...) is answered with the first
call's answer and makes nothing; the same token with other parameters is refused with
IdempotentParameterMismatch, as EC2 does. A call that failed is not remembered: AWS lets it be sent again with its
token. Remembered per access key, region and action until POST /moto-api/reset.

WSGI middleware; the launcher installs it right around moto, inside the realism layer, so that a create whose answer
the realism layer drops ("lost-answer") is remembered here and its retry is answered like AWS answers it.
"""

import io
import threading
import uuid
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

RESET_PATH = "/moto-api/reset"


def _scope(environ):
    """(access key, region, service) from the SigV4 credential scope, or None for an unsigned request."""
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    marker = "Credential="
    if marker not in authorization:
        return None
    credential = authorization.split(marker, 1)[1].split(",", 1)[0].split("/")
    return (credential[0], credential[2], credential[3]) if len(credential) >= 4 else None


def _mismatch(token):
    body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
            "<Code>IdempotentParameterMismatch</Code><Message>"
            + escape(f"The client token {token} has already been used with different parameters.")
            + f"</Message></Error></Errors><RequestID>{uuid.uuid4()}</RequestID></Response>").encode("utf-8")
    return "400 Bad Request", [("Content-Type", "text/xml"), ("Content-Length", str(len(body)))], body


class ClientTokens:
    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.answers = {}  # (access key, region, action, token) -> (parameters, status, headers, body)
        self.in_flight = {}  # the same key -> a lock held while the first call with that token runs

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == RESET_PATH:
            with self.lock:
                self.answers.clear()
            return self.app(environ, start_response)
        scope = _scope(environ)
        if (scope is None or scope[2] != "ec2" or environ.get("REQUEST_METHOD") != "POST"
                or "x-www-form-urlencoded" not in environ.get("CONTENT_TYPE", "")):
            return self.app(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ = dict(environ, **{"wsgi.input": io.BytesIO(body)})  # moto reads it again
        parameters = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        token = parameters.get("ClientToken")
        if not token:
            return self.app(environ, start_response)
        key = (scope[0], scope[1], parameters.get("Action"), token)
        with self.lock:
            first_call = self.in_flight.setdefault(key, threading.Lock())
        with first_call:  # a retry waits for the call it repeats
            with self.lock:
                known = self.answers.get(key)
            if known is not None:
                status, headers, answer = known[1:] if known[0] == parameters else _mismatch(token)
            else:
                status, headers, answer = self._call(environ)
                if status.startswith("2"):
                    with self.lock:
                        self.answers[key] = (parameters, status, headers, answer)
        start_response(status, headers)
        return [answer]

    def _call(self, environ):
        started = {}

        def capture(status, headers, exc_info=None):
            started.update(status=status, headers=list(headers))
            return lambda chunk: None

        chunks = self.app(environ, capture)
        try:
            answer = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return started["status"], started["headers"], answer

