"""Runs moto in server mode on 127.0.0.1 for the operator's tests, plus the few APIs moto lacks.

Usage: <moto venv>/bin/python scripts/moto/launcher.py --port 0 [--parent-pid PID] [--log-requests]
Prints exactly one line, `MOTO_READY port=<port>`, on stdout once the socket accepts connections.
Stops and exits 0 on SIGTERM/SIGINT, or when --parent-pid no longer exists.
"""

import argparse
import json
import logging
import os
import random
import signal
import sys
import threading
from fnmatch import fnmatchcase

import xmltodict

# Read by moto when a backend is built, so it must be set before the first request; we set it before
# the import anyway. Without it AWS-managed policy ARNs (arn:aws:iam::aws:policy/...) are NoSuchEntity.
os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"

from moto.core.responses import ActionResult, EmptyResult  # noqa: E402
from moto.core.types import Base64EncodedString  # noqa: E402
from moto.ec2 import utils as ec2_utils  # noqa: E402
from moto.ec2.exceptions import (  # noqa: E402
    EC2ClientError,
    InvalidParameterCombination,
    MissingParameterError,
)
from moto.awslambda.models import LambdaBackend  # noqa: E402
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.ec2.models import EC2Backend  # noqa: E402
from moto.ec2.models.launch_templates import LaunchTemplate  # noqa: E402
from moto.ec2.models.nat_gateways import NatGatewayBackend  # noqa: E402
from moto.ec2.responses import EC2Response  # noqa: E402
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: E402

try:  # new in moto 5.2.5: keeps S3 metadata headers with underscores. Older: werkzeug's handler.
    from moto.moto_server.werkzeug_app import MotoRequestHandler
except ImportError:
    MotoRequestHandler = None
from moto.route53.models import ROUTE53_ID_CHOICE, HostedZoneIdentifier  # noqa: E402
from moto.s3.responses import S3Response  # noqa: E402
from moto.stepfunctions.responses import StepFunctionResponse  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

import capacity  # noqa: E402  (these beside this file)
import endpoints  # noqa: E402
import realism  # noqa: E402
import quotas  # noqa: E402
from client_tokens import ClientTokens  # noqa: E402

# --- EC2 placement groups (moto has none: HTTP 500) ------------------------------------------------
# State lives on moto's own EC2 backend object, one per account and region. POST /moto-api/reset
# rebuilds every backend object, so the groups (and their tags, kept in moto's TagBackend) go with it;
# no separate reset hook is needed.
_PG_LOCK = threading.Lock()

# Registering the "pg" id prefix makes CreateTags/DeleteTags accept pg-... ids and lets DescribeTags
# report them as resource-type "placement-group" (an unknown prefix raises KeyError in that filter).
ec2_utils.EC2_RESOURCE_TO_PREFIX["placement-group"] = "pg"
ec2_utils.EC2_PREFIX_TO_RESOURCE["pg"] = "placement-group"


def _groups(backend):
    return vars(backend).setdefault("_weka_placement_groups", {})  # name -> group dict


def _unknown(name):
    return EC2ClientError("InvalidPlacementGroup.Unknown", f"The Placement Group '{name}' is unknown.")


def _view(backend, group):
    """The PlacementGroup shape of the EC2 API, with the tags as they are now."""
    tags = backend.tags.get(group["GroupId"], {})
    return dict(group, Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


# The DescribePlacementGroups filters AWS documents, besides tag:<key> and tag-key.
_FILTER_FIELDS = {"group-name": "GroupName", "group-arn": "GroupArn", "strategy": "Strategy",
                  "state": "State", "spread-level": "SpreadLevel"}


def _matches(group, name, values):
    if name == "tag-key":
        candidates = [t["Key"] for t in group["Tags"]]
    elif name.startswith("tag:"):
        candidates = [t["Value"] for t in group["Tags"] if t["Key"] == name[4:]]
    elif name in _FILTER_FIELDS:
        candidates = [str(group.get(_FILTER_FIELDS[name], ""))]
    else:
        raise EC2ClientError("InvalidParameterValue", f"The filter '{name}' is invalid")
    # EC2 filter values accept * and ? wildcards.
    return any(fnmatchcase(c, v) for c in candidates for v in values)


def create_placement_group(self):
    name = self._get_param("GroupName")
    strategy = self._get_param("Strategy")
    partitions = self._get_param("PartitionCount")
    spread = self._get_param("SpreadLevel")
    if not name:
        raise MissingParameterError("groupName")
    if strategy not in (None, "cluster", "partition", "spread"):
        raise EC2ClientError("InvalidParameterValue", f"Value ({strategy}) for parameter strategy is invalid.")
    if partitions is not None and strategy != "partition":
        raise InvalidParameterCombination("PartitionCount is only valid for the partition strategy.")
    if spread is not None and strategy != "spread":
        raise InvalidParameterCombination("SpreadLevel is only valid for the spread strategy.")
    tags = self._parse_tag_specification("placement-group").get("placement-group", {})
    self.error_on_dryrun()
    backend = self.ec2_backend
    arn = f"arn:{backend.partition}:ec2:{backend.region_name}:{backend.account_id}:placement-group/{name}"
    group = {"GroupName": name, "State": "available", "Strategy": strategy,
             "GroupId": ec2_utils.random_id("pg"), "GroupArn": arn}  # random_id: pg-<17 hex>
    if strategy == "partition":
        group["PartitionCount"] = int(partitions or 2)  # AWS's default
    if strategy == "spread":
        group["SpreadLevel"] = spread or "rack"  # AWS's default
    group = {k: v for k, v in group.items() if v is not None}
    with _PG_LOCK:  # the server is threaded; check-and-insert must be atomic
        if name in _groups(backend):
            raise EC2ClientError("InvalidPlacementGroup.Duplicate",
                                 f"The Placement Group '{name}' already exists.")
        _groups(backend)[name] = group
    if tags:
        backend.create_tags([group["GroupId"]], tags)
    return ActionResult({"PlacementGroup": _view(backend, group)})


def describe_placement_groups(self):
    names = self._get_param("GroupNames", [])
    ids = self._get_param("GroupIds", [])
    filters = self._filters_from_querystring()
    backend = self.ec2_backend
    groups = [_view(backend, g) for g in list(_groups(backend).values())]
    # Like AWS: naming a group (by name or id) that does not exist is an error, not an empty list.
    for wanted, key in ((names, "GroupName"), (ids, "GroupId")):
        missing = [w for w in wanted if w not in {g[key] for g in groups}]
        if missing:
            raise _unknown(missing[0])
    groups = [g for g in groups
              if (not names or g["GroupName"] in names) and (not ids or g["GroupId"] in ids)]
    groups = [g for g in groups if all(_matches(g, n, v) for n, v in filters.items())]
    return ActionResult({"PlacementGroups": groups})


def delete_placement_group(self):
    name = self._get_param("GroupName")
    self.error_on_dryrun()
    backend = self.ec2_backend
    with _PG_LOCK:
        group = _groups(backend).pop(name, None)
    if group is None:
        raise _unknown(name)
    backend.tags.pop(group["GroupId"], None)
    return EmptyResult()


# moto only checks that ids of the types it knows exist before tagging them; AWS rejects unknown ids.
_do_resources_exist = EC2Backend.do_resources_exist


def _do_resources_exist_with_pgs(self, resource_ids):
    known = {g["GroupId"] for g in _groups(self).values()}
    for rid in resource_ids:
        if ec2_utils.get_prefix(rid) == "pg" and rid not in known:
            raise _unknown(rid)
    return _do_resources_exist(self, resource_ids)


# --- Step Functions (moto answers these two with HTTP 500) ---------------------------------------
def validate_state_machine_definition(self):
    """Structural checks only (JSON object, StartAt, States); enough to catch a broken template."""
    problems = []
    try:
        doc = json.loads(self._get_param("definition") or "")
    except ValueError as e:
        doc, problems = None, [("INVALID_JSON_DESCRIPTION", f"Invalid JSON: {e}")]
    if doc is not None:
        if not isinstance(doc, dict):
            problems.append(("SCHEMA_VALIDATION_FAILED", "The definition must be a JSON object"))
        elif not isinstance(doc.get("States"), dict) or not doc["States"]:
            problems.append(("SCHEMA_VALIDATION_FAILED", "These fields are required: [States]"))
        elif not isinstance(doc.get("StartAt"), str):
            problems.append(("SCHEMA_VALIDATION_FAILED", "These fields are required: [StartAt]"))
        elif doc["StartAt"] not in doc["States"]:
            problems.append(("MISSING_TRANSITION_TARGET", f"Missing 'Next' target: {doc['StartAt']}"))
    diagnostics = [{"severity": "ERROR", "code": c, "message": m, "location": "/"} for c, m in problems]
    return ActionResult({"result": "FAIL" if problems else "OK", "diagnostics": diagnostics})


def list_state_machine_versions(self):
    """moto keeps versions made by publish=true; list them newest first, as AWS does."""
    arn = self._get_param("stateMachineArn")
    machine = next((m for m in self.stepfunction_backend.state_machines if m.arn == arn), None)
    versions = sorted(machine.versions.values(), key=lambda v: -v.version) if machine else []
    return ActionResult({"stateMachineVersions": [
        {"stateMachineVersionArn": v.arn, "creationDate": v.creation_date} for v in versions]})


# --- EC2 launch template versions' user data ----------------------------------------------------------
# CreateLaunchTemplate turns UserData into moto's base64 string type; CreateLaunchTemplateVersion keeps the
# plain str, and an Auto Scaling group launching from such a version fails an assertion (HTTP 500).
_create_version = LaunchTemplate.create_version


def _create_version_with_user_data(self, data, description):
    if isinstance(data.get("UserData"), str) and not isinstance(data["UserData"], Base64EncodedString):
        data["UserData"] = ec2_utils.parse_user_data(data["UserData"])
    return _create_version(self, data, description)


# --- EC2 RunInstances protections ----------------------------------------------------------------------
# moto takes DisableApiTermination from neither the request nor the launch template, and DisableApiStop only from
# the request; EC2 takes both from the template unless the request says otherwise. Instances an Auto Scaling group
# launches do not pass through here and stay unprotected, as before.
_run_instances = EC2Response.run_instances


def run_instances(self):
    result = _run_instances(self)
    template_arg = self._get_param("LaunchTemplate")
    template = self.ec2_backend._get_template_from_args(template_arg).data if template_arg else {}
    for param, attribute in (("DisableApiTermination", "disable_api_termination"),
                             ("DisableApiStop", "disable_api_stop")):
        value = self._get_param(param)
        if value is None:
            value = template.get(param)
        if value is not None:
            for instance in result.result.instances:
                setattr(instance, attribute, str(value).lower() == "true")
    return result


# --- Lambda Invoke with canned responses (moto runs function code only in Docker) -----------------
# Tests play WEKA's functions: they register, per function, the payload an Invoke returns or the error it
# fails with, through POST /weka-moto/lambda-response. The responses live on moto's Lambda backend object,
# so they are per account and region, and /moto-api/reset drops them.
LAMBDA_RESPONSE_PATH = "/weka-moto/lambda-response"


def _canned(backend):
    return vars(backend).setdefault("_weka_lambda_responses", {})  # function name -> response dict


def invoke_canned(self, function_name, qualifier, body, headers, response_headers):
    fn = self.get_function(function_name, qualifier)  # unknown function: ResourceNotFoundException, as AWS
    canned = _canned(self).get(fn.function_name)
    if canned is None:
        canned = {"error": "Unhandled", "payload": {
            "errorType": "NoResponseRegistered",
            "errorMessage": f"the emulator has no response for {fn.function_name}; register one at "
                            f"{LAMBDA_RESPONSE_PATH}"}}
    if canned.get("error"):
        response_headers["x-amz-function-error"] = canned["error"]
    raw = canned.get("raw")
    payload = (raw if raw is not None else json.dumps(canned["payload"])).encode("utf-8")
    response_headers["Content-Length"] = str(len(payload))
    return payload


def register_lambda_response(request):
    """{"function": name, "payload": <JSON> or "raw": <text>, "error": null|"Unhandled"|"Handled", "region": r,
    "account": a}; neither payload, raw nor error forgets the function's response."""
    from moto.awslambda.models import lambda_backends
    backend = lambda_backends[request.get("account", DEFAULT_ACCOUNT_ID)][request["region"]]
    name = request["function"]
    canned = {k: request.get(k) for k in ("payload", "raw", "error")}
    if all(v is None for v in canned.values()):
        _canned(backend).pop(name, None)
    else:
        _canned(backend)[name] = canned


def with_test_endpoints(app):
    return endpoints.json_post(LAMBDA_RESPONSE_PATH, register_lambda_response, app)


# --- IAM one request at a time ------------------------------------------------------------------------
# moto's IAM backend iterates its dicts while other request threads change them: AttachRolePolicy beside a concurrent
# create failed with "dictionary changed size during iteration" (HTTP 500), which AWS never answers for that.
_IAM_LOCK = threading.Lock()


def iam_serialised(app):
    def dispatch(environ, start_response):
        if "/iam/aws4_request" not in environ.get("HTTP_AUTHORIZATION", ""):
            return app(environ, start_response)
        with _IAM_LOCK:
            return list(app(environ, start_response))  # the body is made inside the lock, too
    return dispatch


# --- EC2 DescribeNatGateways tag filters ---------------------------------------------------------------
# moto filters NAT gateways by id, VPC, subnet and state only and ignores tag:<key> and tag-key, so a search for one
# cluster's gateway by its identity tag returned every cluster's.
_describe_nat_gateways = NatGatewayBackend.describe_nat_gateways


def describe_nat_gateways_with_tags(self, filters, nat_gateway_ids):
    gateways = _describe_nat_gateways(self, filters, nat_gateway_ids)
    for name, values in (filters or {}).items():
        if name.startswith("tag:") or name == "tag-key":
            gateways = [g for g in gateways if ec2_utils.tag_filter_matches(g, name, values)]
    return gateways


# --- S3 CreateBucket with tags ------------------------------------------------------------------------
# AWS tags a general purpose bucket in the call that creates it (CreateBucketConfiguration.Tags); moto ignores them.
_bucket_response_put = S3Response._bucket_response_put


def _created_bucket_tags(body):
    try:
        config = xmltodict.parse(body).get("CreateBucketConfiguration") or {}
    except Exception:  # not XML: not a CreateBucket body with tags
        return {}
    tags = (config.get("Tags") or {}).get("Tag") or []
    tags = tags if isinstance(tags, list) else [tags]
    return {t["Key"]: t.get("Value") or "" for t in tags}


def bucket_response_put_with_tags(self, request, bucket_name, querystring):
    is_new = not querystring and bucket_name not in self.backend.buckets
    result = _bucket_response_put(self, request, bucket_name, querystring)
    tags = _created_bucket_tags(self.body) if is_new and self.body else {}
    if tags:
        self.backend.put_bucket_tagging(bucket_name, tags)
    return result


# --- Route53 hosted zone ids --------------------------------------------------------------------
# AWS's ids start with "Z" (the operator's schema checks that); moto draws all 22 characters at random.
def _hosted_zone_id(self, existing_ids=None, tags=None):
    return "Z" + "".join(random.choice(ROUTE53_ID_CHOICE) for _ in range(20))


def install_shims():
    # moto dispatches an action to the response-class method named after it in snake_case.
    for fn in (create_placement_group, describe_placement_groups, delete_placement_group, run_instances):
        setattr(EC2Response, fn.__name__, fn)
    EC2Backend.do_resources_exist = _do_resources_exist_with_pgs
    LaunchTemplate.create_version = _create_version_with_user_data
    for fn in (validate_state_machine_definition, list_state_machine_versions):
        setattr(StepFunctionResponse, fn.__name__, fn)
    LambdaBackend.invoke = invoke_canned
    HostedZoneIdentifier.generate = _hosted_zone_id
    S3Response._bucket_response_put = bucket_response_put_with_tags
    NatGatewayBackend.describe_nat_gateways = describe_nat_gateways_with_tags


# --- server -----------------------------------------------------------------------------------
def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    try:  # a killed parent that nobody has reaped yet is a zombie: count it as gone
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True  # no /proc: trust kill(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--parent-pid", type=int, help="exit when this process is gone (polled every second)")
    parser.add_argument("--log-requests", action="store_true", help="log every request to stderr")
    args = parser.parse_args()

    install_shims()
    if not args.log_requests:
        # One line per request; a test run makes thousands, and a parent that never drains stderr stalls us.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)

    # The realism layer outside the client tokens: a create whose answer it drops has been remembered.
    app = realism.install(capacity.install(quotas.install(with_test_endpoints(
        ClientTokens(iam_serialised(DomainDispatcherApplication(create_backend_app)))))))
    # Loopback only, never another address: this is a test double without authentication.
    server = make_server("127.0.0.1", args.port, app, threaded=True, request_handler=MotoRequestHandler)
    port = server.server_port
    # moto's Step Functions interpreter calls other services back at localhost:$MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)

    stop = threading.Event()
    # Serve in a thread and let the signals only set an event: the main thread then shuts the server
    # down cleanly, whatever the request threads are doing, and the exit code is always 0.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="moto-server",
                     daemon=True).start()

    # The socket is bound and listening since make_server, so connections are accepted from here on.
    print(f"MOTO_READY port={port}", flush=True)
    # That line is all stdout ever carries: anything moto prints later goes to stderr instead.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    while not stop.wait(1.0):
        if args.parent_pid and not _alive(args.parent_pid):
            print(f"parent {args.parent_pid} is gone, stopping moto", file=sys.stderr, flush=True)
            break
    server.shutdown()  # waits for serve_forever's next poll (<= 0.2 s); request threads are daemons
    server.server_close()
    # Skip interpreter teardown: freeing moto's in-memory state (IAM's managed policies per account
    # alone are megabytes) took over a second, and nothing of it needs saving.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
