"""The emulator's own test endpoints: a POST with a JSON body that changes how moto behaves."""

import json


def json_post(path, handle, app):
    """The WSGI app with POST {path} answered by handle(request): 200 {} when it returns, 400 naming the problem when
    the body is not JSON or handle raises KeyError, ValueError or TypeError (a missing or wrong field)."""
    def dispatch(environ, start_response):
        if environ.get("PATH_INFO") != path or environ.get("REQUEST_METHOD") != "POST":
            return app(environ, start_response)
        try:
            size = int(environ.get("CONTENT_LENGTH") or 0)
            handle(json.loads(environ["wsgi.input"].read(size) or b"{}"))
            status, body = "200 OK", b"{}"
        except (KeyError, ValueError, TypeError) as e:
            status, body = "400 Bad Request", json.dumps({"error": f"bad request: {e!r}"}).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]
    return dispatch
