"""The realism layer: WSGI middleware that makes moto answer the way real AWS does (see README.md).

Off until a test posts a configuration to /weka-moto/realism; DELETE there or POST /moto-api/reset turns it off.
Two halves, both seeded and thread-safe:
- faults drawn per request (throttle, server-error, slow, reset, lost-answer), answered in each protocol's real shape;
- behaviours moto never has: IAM propagation, read-after-create NotFound and async states, each for a window of
  seconds after the call that started it (realism_behaviours.py).
"""

import http
import io
import json
import random
import re
import socket
import struct
import threading
import time
import urllib.parse
import uuid
import zlib
from fnmatch import fnmatchcase

import realism_behaviours as behaviours

CONTROL_PATH = "/weka-moto/realism"
LOG_PATH = CONTROL_PATH + "/log"
RESET_PATH = "/moto-api/reset"

FAULT_KINDS = ("throttle", "server-error", "slow", "reset", "lost-answer")
WINDOWS = ("iamPropagationSeconds", "readAfterCreateSeconds", "asyncSeconds")
CREDENTIAL = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")

# --- protocols and the shape of an error in each ------------------------------------------------------
QUERY_SERVICES = ("iam", "sts", "autoscaling", "elasticloadbalancing")
REST_XML_SERVICES = ("s3", "route53")


def _protocol(service, has_target, has_action):
    if has_target:
        return "json"
    if service == "ec2":
        return "ec2"
    if has_action or service in QUERY_SERVICES:
        return "query"
    return "rest-xml" if service in REST_XML_SERVICES else "rest-json"


def _xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def error_answer(call, status, code, message, extra=None):
    """(status line, headers, body) of an AWS error as the service's protocol spells it, so SDKs parse it."""
    request_id = str(uuid.uuid4())
    code_x, message_x = _xml_escape(code), _xml_escape(message)
    fault_type = "Receiver" if status >= 500 else "Sender"
    headers = [("x-amzn-RequestId", request_id)]
    if call.protocol == "ec2":
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>{code_x}</Code>'
                f"<Message>{message_x}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>")
        headers.append(("Content-Type", "text/xml;charset=UTF-8"))
    elif call.protocol == "query" or call.service == "route53":
        body = (f"<ErrorResponse><Error><Type>{fault_type}</Type><Code>{code_x}</Code><Message>{message_x}"
                f"</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>")
        headers.append(("Content-Type", "text/xml"))
    elif call.protocol == "rest-xml":  # S3
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code_x}</Code><Message>{message_x}'
                f"</Message><RequestId>{request_id}</RequestId></Error>")
        headers.append(("Content-Type", "application/xml"))
    elif call.protocol == "json":
        # DynamoDB qualifies the type with its namespace; the SDKs keep what follows the '#'.
        prefix = "com.amazonaws.dynamodb.v20120810#" if call.service == "dynamodb" else ""
        body = json.dumps(dict({"__type": prefix + code, "message": message}, **(extra or {})))
        headers.append(("Content-Type", "application/x-amz-json-1.1"))
    else:  # REST-JSON (Lambda): the code travels in a header
        body = json.dumps(dict({"Type": "User" if status < 500 else "Service", "message": message}, **(extra or {})))
        headers += [("x-amzn-ErrorType", code), ("Content-Type", "application/json")]
    data = body.encode("utf-8")
    headers.append(("Content-Length", str(len(data))))
    return f"{status} {http.HTTPStatus(status).phrase}", headers, data


# (status, code, message, extra body fields) of a throttled call, per service (catalogue rows 55-59).
_THROTTLES = {
    "ec2": (503, "RequestLimitExceeded", "Request limit exceeded.", None),
    "lambda": (429, "TooManyRequestsException", "Rate exceeded", {"Reason": "CallerRateLimitExceeded"}),
    "s3": (503, "SlowDown", "Please reduce your request rate.", None),
}


def throttle_error(call):
    if call.service in _THROTTLES:
        return _THROTTLES[call.service]
    if call.protocol in ("query", "rest-xml"):
        return 400, "Throttling", "Rate exceeded", None
    return 400, "ThrottlingException", "Rate exceeded", None


# (status, code, message) of an internal error and of an unavailable service, per protocol or service.
_SERVER_ERRORS = {
    "ec2": ((500, "InternalError", "An internal error has occurred"),
            (503, "Unavailable", "The server is overloaded and can't handle the request.")),
    "s3": ((500, "InternalError", "We encountered an internal error. Please try again."),
           (503, "ServiceUnavailable", "Service is unable to handle request.")),
    "lambda": ((500, "ServiceException", "An internal error occurred."),
               (503, "ServiceException", "The service is temporarily unavailable.")),
    "other": ((500, "InternalFailure", "The request processing has failed because of an unknown error."),
              (503, "ServiceUnavailable", "Service is unable to handle request.")),
}


def server_error(call, layer):
    return layer.choose(_SERVER_ERRORS.get(call.service, _SERVER_ERRORS["other"]))


# --- the request, as the layer sees it ------------------------------------------------------------------
class Call:
    """One signed AWS request: service, region, account, operation, protocol and its parameters."""

    def __init__(self, environ, service, region, body):
        self.service, self.region = service, region
        self.account = environ.get("HTTP_X_MOTO_ACCOUNT_ID") or _default_account()
        self.method = environ.get("REQUEST_METHOD", "GET")
        self.path = environ.get("PATH_INFO", "/")
        self.query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        self.body = body
        form = {}
        if "x-www-form-urlencoded" in environ.get("CONTENT_TYPE", ""):
            form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode("utf-8", "replace"),
                                                               keep_blank_values=True).items()}
        target = environ.get("HTTP_X_AMZ_TARGET")
        action = form.get("Action") or (self.query.get("Action") or [None])[0]
        self.protocol = _protocol(service, bool(target), bool(action))
        self.path_params = {}
        if target:
            self.action = target.rsplit(".", 1)[-1]
        elif action:
            self.action = action
        else:
            self.action, self.path_params = rest_operation(service, self.method, self.path, self.query)
        self.document = {}  # the JSON body of JSON and REST-JSON calls
        if self.protocol in ("json", "rest-json") and body:
            try:
                self.document = json.loads(body)
            except ValueError:
                self.document = {}
        self.params = form if form else {k: v[0] for k, v in self.query.items()}
        if self.document:
            self.params = dict(self.params, **_flatten(self.document))

    def values(self, pattern):
        """Parameter values whose flattened name (Query `A.1.B`, JSON `A.0.B`) matches the regex."""
        return [v for k, v in self.params.items() if re.fullmatch(pattern, k) and isinstance(v, str)]

    def value(self, pattern):
        found = self.values(pattern)
        return found[0] if found else None

    def scoped(self, name):
        return (self.account, self.region, name)


def _flatten(document, prefix=""):
    flat = {}
    items = document.items() if isinstance(document, dict) else enumerate(document)
    for key, value in items:
        name = f"{prefix}{key}"
        if isinstance(value, (dict, list)):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def _default_account():
    from moto.core import DEFAULT_ACCOUNT_ID
    return DEFAULT_ACCOUNT_ID


# REST operations are named from botocore's service model (method + request URI), built once per service.
_REST_ROUTES = {}
_REST_LOCK = threading.Lock()


def _routes(service):
    with _REST_LOCK:
        if service not in _REST_ROUTES:
            routes = []
            try:
                import botocore.session
                model = botocore.session.get_session().get_service_model(service)
            except Exception:  # a service botocore does not know: every call is named by method and path
                model = None
            for name in (model.operation_names if model else []):
                spec = model.operation_model(name).http
                path, _, query = spec["requestUri"].partition("?")
                regex = ""
                for literal, param in re.findall(r"([^{]*)(?:\{([^}]+)\})?", path):
                    regex += re.escape(literal)
                    if param:
                        greedy = param.endswith("+")
                        regex += f"(?P<{param.rstrip('+')}>{'.+' if greedy else '[^/]+'})"
                keys = [q.split("=", 1)[0] for q in query.split("&") if q and not q.startswith("x-id")]
                routes.append((spec["method"], re.compile(regex.rstrip("/") + "/?"), keys, len(path), name))
            # Most specific first: more required query keys, then the longer template.
            routes.sort(key=lambda r: (-len(r[2]), -r[3]))
            _REST_ROUTES[service] = routes
        return _REST_ROUTES[service]


def rest_operation(service, method, path, query):
    for route_method, regex, keys, _, name in _routes(service):
        match = regex.fullmatch(path) if route_method == method else None
        if match and all(k in query for k in keys):
            return name, {k: urllib.parse.unquote(v) for k, v in match.groupdict().items()}
    return f"{method} {path}", {}


# --- the layer -------------------------------------------------------------------------------------------
class ConfigError(ValueError):
    pass


def parse_config(document):
    if not isinstance(document, dict):
        raise ConfigError("the configuration must be a JSON object")
    unknown = set(document) - {"seed", "faults", "behavioursIn", *WINDOWS}
    if unknown:
        raise ConfigError(f"unknown settings {sorted(unknown)}; known: seed, faults, behavioursIn, {', '.join(WINDOWS)}")
    services = document.get("behavioursIn")
    if services is not None and (not isinstance(services, list) or not all(isinstance(x, str) for x in services)):
        raise ConfigError("behavioursIn must be a list of service names")
    faults = []
    for rule in document.get("faults") or []:
        extra = set(rule) - {"service", "action", "kind", "rate", "times", "seconds"}
        if extra or rule.get("kind") not in FAULT_KINDS:
            raise ConfigError(f"bad fault {rule}: kind must be one of {FAULT_KINDS}, unknown keys {sorted(extra)}")
        rate = float(rule.get("rate", 1.0))
        if not 0.0 <= rate <= 1.0:
            raise ConfigError(f"bad fault {rule}: rate must be within 0..1")
        faults.append({"service": rule.get("service", "*"), "action": rule.get("action", "*"), "kind": rule["kind"],
                       "rate": rate, "times": rule.get("times"), "seconds": float(rule.get("seconds", 1.0))})
    windows = {w: float(document.get(w) or 0) for w in WINDOWS}
    return {"seed": document.get("seed", 0), "faults": faults, "behavioursIn": services, **windows}


class Layer:
    """The current configuration, the random source, the played log and what each behaviour remembers."""

    def __init__(self):
        self.lock = threading.RLock()
        self.config = None
        self.rng = random.Random(0)
        self.fired = []
        self.log = []
        self.marks = {}  # (kind, key) -> when; the windows count from there
        self.links = {}  # (kind, key) -> value: which profile a template launches with, a function's subnets ...

    def configure(self, config):
        with self.lock:
            self.config = config
            self.rng = random.Random(config["seed"])
            self.fired = [0] * len(config["faults"])
            self.log = []

    def off(self):
        with self.lock:
            self.config = None
            self.log, self.marks, self.links = [], {}, {}

    def window(self, name):
        with self.lock:
            return self.config[name] if self.config else 0.0

    def played(self, call, kind, code):
        with self.lock:
            self.log.append({"service": call.service, "action": call.action, "kind": kind, "code": code})

    def draw_fault(self, call):
        with self.lock:
            for i, rule in enumerate(self.config["faults"] if self.config else []):
                if not (fnmatchcase(call.service, rule["service"]) and fnmatchcase(call.action, rule["action"])):
                    continue
                if rule["times"] is not None and self.fired[i] >= rule["times"]:
                    continue
                if self.rng.random() < rule["rate"]:
                    self.fired[i] += 1
                    return rule
            return None

    def choose(self, options):
        with self.lock:  # one seeded source shared by the request threads
            return self.rng.choice(options)

    def plays_behaviours_of(self, service):
        """Whether the behaviours of `service` play (all by default; a test may single out one service's). IAM's
        creations are always watched: they open the propagation windows other services' refusals read."""
        with self.lock:
            services = self.config.get("behavioursIn") if self.config else None
            return services is None or service in services

    def mark(self, kind, key):
        """Starts the windows of `key` as a `kind`: a role made, a table created, an instance terminated ..."""
        with self.lock:
            self.marks[(kind, key)] = time.monotonic()

    def fresh(self, kind, key, window):
        """Whether `key` was marked `kind` less than the named window ago."""
        with self.lock:
            seconds = self.config[window] if self.config else 0.0
            when = self.marks.get((kind, key))
            return when is not None and time.monotonic() - when < seconds

    def forget(self, kind, key):
        with self.lock:
            self.marks.pop((kind, key), None)

    def remember(self, kind, key, value):
        with self.lock:
            self.links[(kind, key)] = value

    def recall(self, kind, key):
        with self.lock:
            return self.links.get((kind, key))


LAYER = Layer()


def _read_body(environ):
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    length = environ.get("CONTENT_LENGTH")
    body = stream.read(int(length)) if length else stream.read() if environ.get("wsgi.input_terminated") else b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def _signed_scope(environ):
    match = CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    if not match:  # presigned URL
        credential = urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).get("X-Amz-Credential", [""])[0]
        match = CREDENTIAL.search("Credential=" + credential)
    return (match.group(2), match.group(1)) if match else (None, None)


def _drop_connection(environ):
    """Closes the client's connection with a reset and tells werkzeug the peer is gone (it then stays quiet)."""
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    raise ConnectionResetError("connection dropped by the realism layer")


def _json_answer(start_response, status, document):
    data = json.dumps(document).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def control(environ, start_response):
    method = environ.get("REQUEST_METHOD")
    if environ.get("PATH_INFO") == LOG_PATH and method == "GET":
        with LAYER.lock:
            return _json_answer(start_response, "200 OK", list(LAYER.log))
    if method == "DELETE":
        LAYER.off()
        return _json_answer(start_response, "200 OK", {})
    if method == "GET":
        with LAYER.lock:
            return _json_answer(start_response, "200 OK", LAYER.config or {})
    if method == "POST":
        try:
            LAYER.configure(parse_config(json.loads(_read_body(environ) or b"{}")))
        except (ValueError, TypeError) as e:
            return _json_answer(start_response, "400 Bad Request", {"error": str(e)})
        return _json_answer(start_response, "200 OK", {})
    return _json_answer(start_response, "405 Method Not Allowed", {"error": f"{method} is not supported"})


def _refuse(start_response, call, status, code, message, extra=None):
    status_line, headers, data = error_answer(call, status, code, message, extra)
    start_response(status_line, headers)
    return [data]


def _headers_for(headers, body):
    """The answer's headers for a body that may have been rewritten: its length, and DynamoDB's checksum of it."""
    fitted = [(k, v) for k, v in headers if k.lower() != "content-length"]
    fitted = [(k, str(zlib.crc32(body)) if k.lower() == "x-amz-crc32" else v) for k, v in fitted]
    return fitted + [("Content-Length", str(len(body)))]


def _execute(app, environ, start_response, call, lost_answer):
    """Runs the call in moto, starts the windows its answer opens, and answers (or, for a lost answer, hangs up)."""
    captured = {}

    def capture(status_line, headers, exc_info=None):
        captured["status"], captured["headers"] = status_line, headers
        return lambda chunk: captured.setdefault("written", []).append(chunk)

    result = app(environ, capture)
    try:
        body = b"".join(captured.get("written", []) + list(result))
    finally:
        if hasattr(result, "close"):
            result.close()
    if captured["status"].startswith("2") and (call.service == "iam" or LAYER.plays_behaviours_of(call.service)):
        body = behaviours.observe(LAYER, call, body) or body
    if lost_answer:
        LAYER.played(call, "lost-answer", None)
        _drop_connection(environ)
    start_response(captured["status"], _headers_for(captured["headers"], body))
    return [body]


def install(app):
    """Wraps the WSGI app: control endpoints, reset hook, then faults and behaviours for signed AWS calls."""
    behaviours.install_model_hooks(LAYER)

    def realism(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path in (CONTROL_PATH, LOG_PATH):
            return control(environ, start_response)
        if path == RESET_PATH:
            LAYER.off()
            return app(environ, start_response)
        with LAYER.lock:
            on = LAYER.config is not None
        service, region = _signed_scope(environ) if on else (None, None)
        if not service:
            return app(environ, start_response)
        call = Call(environ, service, region, _read_body(environ))
        rule = LAYER.draw_fault(call)
        kind = rule["kind"] if rule else None
        if kind in ("throttle", "server-error"):
            status, code, message, extra = (throttle_error(call) if kind == "throttle"
                                            else server_error(call, LAYER) + (None,))
            LAYER.played(call, kind, code)
            return _refuse(start_response, call, status, code, message, extra)
        if kind == "reset":
            LAYER.played(call, kind, None)
            _drop_connection(environ)
        if kind == "slow":
            LAYER.played(call, kind, None)
            time.sleep(rule["seconds"])
        refusal = behaviours.refuse(LAYER, call) if LAYER.plays_behaviours_of(call.service) else None
        if refusal:
            behaviour, status, code, message = refusal
            LAYER.played(call, behaviour, code)
            return _refuse(start_response, call, status, code, message)
        return _execute(app, environ, start_response, call, lost_answer=kind == "lost-answer")

    return realism
