"""Auto Scaling launches that AWS refuses for lack of capacity or quota, and the scaling activities that say so.

moto launches every instance an Auto Scaling group asks for and answers DescribeScalingActivities with an empty
list. AWS launches asynchronously: the API call that sets the capacity succeeds, and a launch it cannot make is
only told by a scaling activity with StatusCode Failed (catalogue rows 21, 22 and 24 of the realism reference).

POST /weka-moto/capacity {"region", "instanceType", "code": "InsufficientInstanceCapacity"|"VcpuLimitExceeded",
"message"?, "vcpuLimit"?, "account"?} refuses every later launch of that instance type by a group of that account
and region; {"region", "instanceType"} without a code gives the capacity back. Each launch attempt of a refused type
makes no instance and one Failed activity with AWS's texts; each launch that succeeds makes one Successful activity
per instance. Giving the capacity back launches what the refused groups still lack, as AWS's own retries would.
Refusals live on moto's Auto Scaling backend and activities on the group, so /moto-api/reset drops both.
"""

import json
import threading
import uuid

from moto.autoscaling.models import FakeAutoScalingGroup, autoscaling_backends
from moto.autoscaling.responses import AutoScalingResponse
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.responses import ActionResult
from moto.core.utils import utcnow

import endpoints

PATH = "/weka-moto/capacity"
CODES = ("InsufficientInstanceCapacity", "VcpuLimitExceeded")
# AWS keeps six weeks of activities; a test never needs more than this many per group.
KEPT_ACTIVITIES = 100
_LOCK = threading.Lock()


def _refusals(backend):
    return vars(backend).setdefault("_weka_capacity_refusals", {})  # instance type -> request


def _activities(group):
    return vars(group).setdefault("_weka_activities", [])  # newest first


def _zones(group):
    ec2 = group.autoscaling_backend.ec2_backend
    zone = sorted(group.availability_zones)[0]
    others = sorted(z.name for z in ec2.describe_availability_zones() if z.name != zone)
    return zone, others


def _reason(group, code, vcpu_limit):
    """AWS's text for the refused launch (catalogue rows 22 and 24), without the final period."""
    if code == "VcpuLimitExceeded":
        return (f"You have requested more vCPU capacity than your current vCPU limit of {vcpu_limit} allows for the "
                "instance bucket that the specified instance type belongs to. Please visit "
                "http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit")
    zone, others = _zones(group)
    kind = group.instance_type
    return (f"We currently do not have sufficient {kind} capacity in the Availability Zone you requested ({zone}). "
            "Our system will be working on provisioning additional capacity. You can currently get "
            f"{kind} capacity by not specifying an Availability Zone in your request or choosing {', '.join(others)}")


def _record(group, description, cause, status, message=None, details=None):
    now = utcnow()
    activity = {"ActivityId": str(uuid.uuid4()), "AutoScalingGroupName": group.name,
                "AutoScalingGroupARN": group.arn, "Description": description, "Cause": cause,
                "StartTime": now, "EndTime": now, "StatusCode": status, "Progress": 100,
                "Details": json.dumps(details or {})}
    if message is not None:
        activity["StatusMessage"] = message
    with _LOCK:
        activities = _activities(group)
        activities.insert(0, activity)
        del activities[KEPT_ACTIVITIES:]


_replace_instances = FakeAutoScalingGroup.replace_autoscaling_group_instances


def replace_instances_unless_refused(self, count_needed, propagated_tags):
    before = len(self.instance_states)
    cause = (f"At {utcnow().strftime('%Y-%m-%dT%H:%M:%SZ')} an instance was started in response to a difference "
             f"between desired and actual capacity, increasing the capacity from {before} to {before + count_needed}.")
    zone, _ = _zones(self)
    details = {"Subnet ID": (self.vpc_zone_identifier or "").split(",")[0], "Availability Zone": zone}
    refusal = _refusals(self.autoscaling_backend).get(self.instance_type)
    if refusal is not None:
        reason = refusal.get("message") or _reason(self, refusal["code"], refusal.get("vcpuLimit", 32))
        _record(self, f"Launching a new EC2 instance.  Status Reason: {reason}. Launching EC2 instance failed.",
                cause, "Failed", f"{reason}. Launching EC2 instance failed.", details)
        return
    _replace_instances(self, count_needed, propagated_tags)
    for state in self.instance_states[before:]:
        _record(self, f"Launching a new EC2 instance: {state.instance.id}", cause, "Successful", details=details)


def describe_scaling_activities(self):
    """AutoScalingGroupName, ActivityIds, MaxRecords (default 100, as AWS) and NextToken, newest first."""
    name = self._get_param("AutoScalingGroupName")
    ids = self._get_param("ActivityIds", [])
    max_records = self._get_int_param("MaxRecords", 100)
    start = int(self._get_param("NextToken") or 0)
    groups = [g for g in self.autoscaling_backend.autoscaling_groups.values() if not name or g.name == name]
    with _LOCK:
        found = sorted((a for g in groups for a in _activities(g)), key=lambda a: a["StartTime"], reverse=True)
    found = [a for a in found if not ids or a["ActivityId"] in ids]
    result = {"Activities": found[start:start + max_records]}
    if len(found) > start + max_records:
        result["NextToken"] = str(start + max_records)
    return ActionResult(result)


def _set_capacity(request):
    """The body of POST {PATH}, as the module's docstring says."""
    backend = autoscaling_backends[request.get("account", DEFAULT_ACCOUNT_ID)][request["region"]]
    kind, code = request["instanceType"], request.get("code")
    if code is None:
        _refusals(backend).pop(kind, None)
        # AWS keeps retrying a group short of its desired capacity; the first retry after the capacity is back wins.
        for group in list(backend.autoscaling_groups.values()):
            if group.instance_type == kind and len(group.instance_states) < (group.desired_capacity or 0):
                group.set_desired_capacity(group.desired_capacity)
        return
    if code not in CODES:
        raise ValueError(f"code must be one of {CODES} or absent, not {code!r}")
    _refusals(backend)[kind] = request


def install(app):
    """Patches moto and returns the WSGI app with the capacity endpoint in front of it."""
    FakeAutoScalingGroup.replace_autoscaling_group_instances = replace_instances_unless_refused
    AutoScalingResponse.describe_scaling_activities = describe_scaling_activities
    return endpoints.json_post(PATH, _set_capacity, app)
