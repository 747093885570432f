"""Self-test of launcher.py: starts it on port 0 and checks the shims, reset, IAM and process hygiene.

Run with the moto venv's interpreter (see scripts/moto-env.sh):  <venv>/bin/python scripts/moto/selftest.py
Exits non-zero when a check fails.
"""

import base64
import io
import json
import os
import signal
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request
import zipfile

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError

LAUNCHER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "launcher.py")
REGION = "us-east-1"


def start(*extra):
    proc = subprocess.Popen([sys.executable, LAUNCHER, "--port", "0", *extra],
                            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().strip()  # blocks until the launcher is ready (or dies)
    assert line.startswith("MOTO_READY port="), f"unexpected first line {line!r}"
    return proc, int(line.split("=", 1)[1])


def client(port, service, region=REGION, account=None):
    c = boto3.client(service, endpoint_url=f"http://127.0.0.1:{port}", region_name=region,
                     aws_access_key_id="test", aws_secret_access_key="test",
                     config=Config(retries={"max_attempts": 1}))
    if account:  # moto's server-mode way to act as another account
        def add_header(request, **_):
            request.headers["x-moto-account-id"] = account
        c.meta.events.register("before-sign.*.*", add_header)
    return c


def error_code(fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def exits_within(proc, seconds):
    t0 = time.monotonic()
    try:
        rc = proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"still running after {seconds} s")
    return rc, time.monotonic() - t0


def check_loopback_only(port):
    with open("/proc/net/tcp") as f:  # local address column is hex "IP:PORT", 0100007F = 127.0.0.1
        listening = [ln.split()[1] for ln in f.readlines()[1:] if ln.split()[3] == "0A"]
    mine = [a for a in listening if int(a.split(":")[1], 16) == port]
    assert mine == ["0100007F:%04X" % port], f"listening sockets for port {port}: {mine}"


def check_placement_groups(port):
    ec2 = client(port, "ec2")
    tags = [{"ResourceType": "placement-group", "Tags": [{"Key": "weka.io/cluster", "Value": "prod"}]}]
    pg = ec2.create_placement_group(GroupName="WEKA-Prod-placement-group", Strategy="cluster",
                                    TagSpecifications=tags)["PlacementGroup"]
    assert pg["GroupId"].startswith("pg-") and len(pg["GroupId"]) == 20, pg
    assert pg["State"] == "available" and pg["Strategy"] == "cluster", pg
    assert pg["GroupArn"] == "arn:aws:ec2:us-east-1:123456789012:placement-group/WEKA-Prod-placement-group"
    assert pg["Tags"] == [{"Key": "weka.io/cluster", "Value": "prod"}], pg
    part = ec2.create_placement_group(GroupName="part", Strategy="partition")["PlacementGroup"]
    assert part["PartitionCount"] == 2, part
    spread = ec2.create_placement_group(GroupName="spread", Strategy="spread")["PlacementGroup"]
    assert spread["SpreadLevel"] == "rack", spread
    part5 = ec2.create_placement_group(GroupName="part5", Strategy="partition", PartitionCount=5)
    assert part5["PlacementGroup"]["PartitionCount"] == 5

    def names(**kw):
        return sorted(g["GroupName"] for g in ec2.describe_placement_groups(**kw)["PlacementGroups"])

    assert names() == ["WEKA-Prod-placement-group", "part", "part5", "spread"]
    assert names(GroupNames=["WEKA-Prod-placement-group"]) == ["WEKA-Prod-placement-group"]
    assert names(GroupIds=[pg["GroupId"]]) == ["WEKA-Prod-placement-group"]
    assert ec2.describe_placement_groups(GroupIds=[pg["GroupId"]])["PlacementGroups"][0] == pg
    f = lambda n, *v: [{"Name": n, "Values": list(v)}]  # noqa: E731
    assert names(Filters=f("group-name", "WEKA-*")) == ["WEKA-Prod-placement-group"]
    assert names(Filters=f("strategy", "partition")) == ["part", "part5"]
    assert names(Filters=f("state", "available")) == names()
    assert names(Filters=f("tag:weka.io/cluster", "prod")) == ["WEKA-Prod-placement-group"]
    assert names(Filters=f("tag:weka.io/cluster", "other")) == []
    assert names(Filters=f("tag-key", "weka.io/cluster")) == ["WEKA-Prod-placement-group"]
    assert names(Filters=f("group-name", "part*") + f("strategy", "partition")) == ["part", "part5"]

    # errors, as AWS spells them
    assert error_code(ec2.create_placement_group, GroupName="part", Strategy="cluster") \
        == "InvalidPlacementGroup.Duplicate"
    assert error_code(ec2.describe_placement_groups, GroupNames=["nope"]) == "InvalidPlacementGroup.Unknown"
    assert error_code(ec2.describe_placement_groups, GroupIds=["pg-0123456789abcdef0"]) \
        == "InvalidPlacementGroup.Unknown"
    assert error_code(ec2.delete_placement_group, GroupName="nope") == "InvalidPlacementGroup.Unknown"
    assert error_code(ec2.create_placement_group, GroupName="x", Strategy="bogus") == "InvalidParameterValue"

    # tags on a placement-group id through the generic EC2 tag APIs
    ec2.create_tags(Resources=[pg["GroupId"]], Tags=[{"Key": "extra", "Value": "1"}])
    found = ec2.describe_tags(Filters=f("resource-id", pg["GroupId"]))["Tags"]
    assert {(t["Key"], t["Value"], t["ResourceType"]) for t in found} == {
        ("weka.io/cluster", "prod", "placement-group"), ("extra", "1", "placement-group")}, found
    assert len(ec2.describe_tags(Filters=f("resource-type", "placement-group"))["Tags"]) == 2
    ec2.delete_tags(Resources=[pg["GroupId"]], Tags=[{"Key": "extra"}])
    assert names(Filters=f("tag-key", "extra")) == []
    assert error_code(ec2.create_tags, Resources=["pg-0123456789abcdef0"], Tags=[{"Key": "a", "Value": "b"}]) \
        == "InvalidPlacementGroup.Unknown"

    # state is per account and region; the same name is free elsewhere
    other_region = client(port, "ec2", region="eu-west-1")
    other_account = client(port, "ec2", account="111122223333")
    for other in (other_region, other_account):
        assert other.describe_placement_groups()["PlacementGroups"] == []
        arn = other.create_placement_group(GroupName="part", Strategy="cluster")["PlacementGroup"]["GroupArn"]
    assert arn == "arn:aws:ec2:us-east-1:111122223333:placement-group/part", arn

    ec2.delete_placement_group(GroupName="part")
    assert names() == ["WEKA-Prod-placement-group", "part5", "spread"]
    assert error_code(ec2.describe_placement_groups, GroupNames=["part"]) == "InvalidPlacementGroup.Unknown"
    assert ec2.describe_tags(Filters=f("resource-id", part["GroupId"]))["Tags"] == []
    assert len(other_account.describe_placement_groups()["PlacementGroups"]) == 1


def check_step_functions(port):
    sfn = client(port, "stepfunctions")
    good = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    assert sfn.validate_state_machine_definition(definition=json.dumps(good))["result"] == "OK"
    r = sfn.validate_state_machine_definition(definition=json.dumps(good))
    assert r["diagnostics"] == [], r
    for bad in ("{not json", json.dumps({"States": good["States"]}), json.dumps({"StartAt": "A"}),
                json.dumps({"StartAt": "B", "States": good["States"]})):
        r = sfn.validate_state_machine_definition(definition=bad)
        assert r["result"] == "FAIL" and r["diagnostics"][0]["severity"] == "ERROR", (bad, r)

    role = "arn:aws:iam::123456789012:role/sfn"
    arn = sfn.create_state_machine(name="m", definition=json.dumps(good), roleArn=role)["stateMachineArn"]
    assert sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"] == []
    arn2 = sfn.create_state_machine(name="m2", definition=json.dumps(good), roleArn=role, publish=True)
    versions = sfn.list_state_machine_versions(stateMachineArn=arn2["stateMachineArn"])["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in versions] == [arn2["stateMachineVersionArn"]], versions


def check_managed_policy(port):
    iam = client(port, "iam")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                      "Principal": {"Service": "ec2.amazonaws.com"}}]}
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(trust))
    policy = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
    iam.attach_role_policy(RoleName="r", PolicyArn=policy)
    attached = iam.list_attached_role_policies(RoleName="r")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [policy], attached


def check_launch_template_version_user_data(port):
    ec2, autoscaling = client(port, "ec2"), client(port, "autoscaling")
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    data = {"ImageId": image, "InstanceType": "t3.micro", "UserData": base64.b64encode(b"echo 1").decode()}
    template = ec2.create_launch_template(LaunchTemplateName="lt-user-data", LaunchTemplateData=data)
    tid = template["LaunchTemplate"]["LaunchTemplateId"]
    ec2.create_launch_template_version(LaunchTemplateId=tid, LaunchTemplateData=dict(
        data, UserData=base64.b64encode(b"echo 2").decode()))
    autoscaling.create_auto_scaling_group(AutoScalingGroupName="asg-user-data", MinSize=1, MaxSize=1,
                                          LaunchTemplate={"LaunchTemplateId": tid, "Version": "$Latest"},
                                          VPCZoneIdentifier=subnet)
    groups = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["asg-user-data"])["AutoScalingGroups"]
    assert len(groups[0]["Instances"]) == 1, groups
    latest = ec2.describe_launch_template_versions(LaunchTemplateId=tid, Versions=["$Latest"])
    assert base64.b64decode(latest["LaunchTemplateVersions"][0]["LaunchTemplateData"]["UserData"]) == b"echo 2"


def check_run_instances_protection(port):
    ec2 = client(port, "ec2")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    tid = ec2.create_launch_template(LaunchTemplateName="lt-protected", LaunchTemplateData={
        "ImageId": image, "InstanceType": "t3.micro", "DisableApiTermination": True,
        "DisableApiStop": True})["LaunchTemplate"]["LaunchTemplateId"]

    def attribute(instance, name):
        return ec2.describe_instance_attribute(InstanceId=instance, Attribute=name)[name[0].upper() + name[1:]]["Value"]

    inherited = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": tid})
    inherited = inherited["Instances"][0]["InstanceId"]
    assert attribute(inherited, "disableApiTermination") is True
    assert attribute(inherited, "disableApiStop") is True
    assert error_code(ec2.terminate_instances, InstanceIds=[inherited]) == "OperationNotPermitted"
    overridden = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": tid},
                                   DisableApiTermination=False)["Instances"][0]["InstanceId"]
    assert attribute(overridden, "disableApiTermination") is False
    plain = ec2.run_instances(MinCount=1, MaxCount=1, ImageId=image, DisableApiTermination=True)
    assert attribute(plain["Instances"][0]["InstanceId"], "disableApiTermination") is True


def check_hosted_zone_ids(port):
    route53 = client(port, "route53")
    zone = route53.create_hosted_zone(Name="example.internal", CallerReference="selftest")["HostedZone"]
    zone_id = zone["Id"].rsplit("/", 1)[1]
    assert zone_id.startswith("Z") and len(zone_id) == 21 and zone_id.isalnum(), zone_id
    assert route53.get_hosted_zone(Id=zone_id)["HostedZone"]["Name"] == "example.internal."


def check_bucket_tags_at_creation(port):
    s3 = client(port, "s3")
    tags = [{"Key": "weka.io/cluster-uid", "Value": "u-1"}, {"Key": "empty", "Value": ""}]
    s3.create_bucket(Bucket="tagged-at-creation", CreateBucketConfiguration={"Tags": tags})
    assert sorted(s3.get_bucket_tagging(Bucket="tagged-at-creation")["TagSet"], key=lambda t: t["Key"]) == \
        sorted(tags, key=lambda t: t["Key"])
    s3.create_bucket(Bucket="plain")
    assert error_code(s3.get_bucket_tagging, Bucket="plain") == "NoSuchTagSet"
    eu = client(port, "s3", region="eu-west-1")
    eu.create_bucket(Bucket="tagged-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1", "Tags": tags[:1]})
    assert eu.get_bucket_tagging(Bucket="tagged-eu")["TagSet"] == tags[:1]


def check_nat_gateway_tag_filters(port):
    ec2 = client(port, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    ids = {}
    for owner in ("a", "b"):
        address = ec2.allocate_address(Domain="vpc")["AllocationId"]
        ids[owner] = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=address, TagSpecifications=[{
            "ResourceType": "natgateway", "Tags": [{"Key": "owner", "Value": owner}]}])["NatGateway"]["NatGatewayId"]
    found = ec2.describe_nat_gateways(Filters=[{"Name": "tag:owner", "Values": ["a"]}])["NatGateways"]
    assert [g["NatGatewayId"] for g in found] == [ids["a"]], found
    assert ec2.describe_nat_gateways(Filters=[{"Name": "tag-key", "Values": ["nobody"]}])["NatGateways"] == []
    assert len(ec2.describe_nat_gateways(Filters=[{"Name": "subnet-id", "Values": [subnet]}])["NatGateways"]) == 2


def check_client_tokens(port):
    ec2 = client(port, "ec2")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]

    def run(token, instance_type="t3.micro"):
        return ec2.run_instances(MinCount=1, MaxCount=1, ImageId=image, InstanceType=instance_type,
                                 ClientToken=token)["Instances"][0]["InstanceId"]
    first = run("selftest-token")
    assert run("selftest-token") == first  # the same token: the same instance, nothing new
    assert error_code(run, token="selftest-token", instance_type="t3.large") == "IdempotentParameterMismatch"
    assert run("another-token") != first
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    tables = {ec2.create_route_table(VpcId=vpc, ClientToken="rt")["RouteTable"]["RouteTableId"] for _ in range(2)}
    assert len(tables) == 1, tables
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST"))
    assert ec2.describe_instances()["Reservations"] == []
    assert run("selftest-token") != first  # forgotten with everything else


def check_reset(port):
    ec2 = client(port, "ec2")
    assert ec2.describe_placement_groups()["PlacementGroups"] != []
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST"))
    assert ec2.describe_placement_groups()["PlacementGroups"] == []
    assert client(port, "ec2", account="111122223333").describe_placement_groups()["PlacementGroups"] == []
    assert error_code(ec2.describe_placement_groups, GroupNames=["spread"]) == "InvalidPlacementGroup.Unknown"
    ec2.create_placement_group(GroupName="spread", Strategy="spread")  # the name is free again


def post_json(port, path="/weka-moto/lambda-response", **request):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method="POST",
                                 data=json.dumps(dict({"region": REGION}, **request)).encode("utf-8"))
    with urllib.request.urlopen(req) as r:
        assert r.status == 200, r.status


def register_response(port, **request):
    post_json(port, "/weka-moto/lambda-response", **request)


def check_lambda_responses(port):
    lam = client(port, "lambda")
    iam = client(port, "iam")
    role = iam.create_role(RoleName="fn-role", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17",
                           "Statement": []}))["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("bootstrap", "")
    lam.create_function(FunctionName="status", Runtime="provided.al2", Role=role, Handler="bootstrap",
                        Code={"ZipFile": code.getvalue()})

    def invoke(name="status"):
        r = lam.invoke(FunctionName=name, Payload=json.dumps({"type": "status"}))
        return r.get("FunctionError"), r["Payload"].read().decode()

    error, payload = invoke()  # nothing registered: a function error that says so
    assert error == "Unhandled" and json.loads(payload)["errorType"] == "NoResponseRegistered", (error, payload)
    post_json(port, function="status", payload={"clusterized": True, "weka_status": {"io_status": "STARTED"}})
    assert invoke() == (None, '{"clusterized": true, "weka_status": {"io_status": "STARTED"}}'), invoke()
    arn = lam.get_function(FunctionName="status")["Configuration"]["FunctionArn"]
    assert invoke(arn)[0] is None, "invoking by ARN finds the same response"
    post_json(port, function="status", error="Unhandled", payload={"errorMessage": "boom"})
    assert invoke() == ("Unhandled", '{"errorMessage": "boom"}'), invoke()
    post_json(port, function="status", raw="not json")
    assert invoke() == (None, "not json"), invoke()
    assert error_code(lam.invoke, FunctionName="absent") == "ResourceNotFoundException"
    other_region = client(port, "lambda", region="eu-west-1")
    assert error_code(other_region.invoke, FunctionName="status") == "ResourceNotFoundException"
    post_json(port, function="status")  # forgets it
    assert invoke()[0] == "Unhandled"
    post_json(port, function="status", payload="kept until reset")
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST"))
    assert error_code(lam.invoke, FunctionName="status") == "ResourceNotFoundException"
    bad = urllib.request.Request(f"http://127.0.0.1:{port}/weka-moto/lambda-response", method="POST", data=b"{}")
    try:
        urllib.request.urlopen(bad)
        raise AssertionError("a request without function and region was accepted")
    except urllib.error.HTTPError as e:
        assert e.code == 400, e.code


# --- the realism layer (realism.py) -------------------------------------------------------------------------
def control(port, method, path="/weka-moto/realism", body=None):
    data = json.dumps(body).encode("utf-8") if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                                       data=data)) as r:
        return json.loads(r.read())


def realism(port, **config):
    control(port, "POST", body=config)


def played(port):
    return [(e["service"], e["action"], e["kind"], e["code"]) for e in control(port, "GET", "/weka-moto/realism/log")]


def error(fn, **kwargs):
    """(HTTP status, code, message) of the ClientError the call raises."""
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"], \
            e.response["Error"]["Message"]
    raise AssertionError(f"{fn.__name__} succeeded")


def wait_out(seconds):
    time.sleep(seconds + 0.2)  # a script, not a test: the windows are wall-clock seconds


def check_realism_faults(port):
    realism(port, seed=1, faults=[{"kind": "throttle"}])
    throttles = {"ec2": ("describe_vpcs", 503, "RequestLimitExceeded"), "iam": ("list_roles", 400, "Throttling"),
                 "autoscaling": ("describe_auto_scaling_groups", 400, "Throttling"),
                 "route53": ("list_hosted_zones", 400, "Throttling"), "kms": ("list_keys", 400, "ThrottlingException"),
                 "dynamodb": ("list_tables", 400, "ThrottlingException"),
                 "lambda": ("list_functions", 429, "TooManyRequestsException"), "s3": ("list_buckets", 503, "SlowDown")}
    for service, (operation, status, code) in throttles.items():
        got = error(getattr(client(port, service), operation))
        assert got[:2] == (status, code), (service, got)
    assert len(played(port)) == 2 * len(throttles), "botocore retried each once (max_attempts=1 is one retry)"

    ec2 = client(port, "ec2")
    realism(port, seed=5, faults=[{"service": "ec2", "action": "DescribeVpcs", "kind": "server-error"}])
    statuses = {error(ec2.describe_vpcs)[:2] for _ in range(6)}
    assert statuses <= {(500, "InternalError"), (503, "Unavailable")} and len(statuses) == 2, statuses

    realism(port, seed=9, faults=[{"service": "ec2", "action": "DescribeVpcs", "kind": "throttle", "rate": 0.5}])
    first = [error_code(ec2.describe_vpcs) for _ in range(10)]
    realism(port, seed=9, faults=[{"service": "ec2", "action": "DescribeVpcs", "kind": "throttle", "rate": 0.5}])
    assert [error_code(ec2.describe_vpcs) for _ in range(10)] == first and None in first, first

    realism(port, faults=[{"service": "ec2", "action": "CreateVpc", "kind": "lost-answer", "times": 1},
                          {"service": "ec2", "action": "CreateVpc", "kind": "reset"}])
    try:
        ec2.create_vpc(CidrBlock="10.77.0.0/16")
        raise AssertionError("an answer arrived")
    except ConnectionClosedError:
        pass
    control(port, "DELETE")
    cidrs = [v["CidrBlock"] for v in ec2.describe_vpcs()["Vpcs"]]
    assert cidrs.count("10.77.0.0/16") == 1, f"lost answer executed once, the retry met a reset: {cidrs}"

    realism(port, faults=[{"service": "ec2", "action": "DescribeVpcs", "kind": "slow", "seconds": 0.5}])
    t0 = time.monotonic()
    ec2.describe_vpcs()
    assert time.monotonic() - t0 >= 0.5
    assert played(port) == [("ec2", "DescribeVpcs", "slow", None)], played(port)

    for bad in ({"faults": [{"kind": "explode"}]}, {"faults": [{"kind": "throttle", "rate": 2}]}, {"asyncSecs": 1}):
        try:
            control(port, "POST", body=bad)
            raise AssertionError(f"accepted {bad}")
        except urllib.error.HTTPError as e:
            assert e.code == 400, e.code
    realism(port, faults=[{"kind": "throttle"}])
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST"))
    assert control(port, "GET") == {} and played(port) == []
    ec2.describe_vpcs()


TRUST = json.dumps({"Version": "2012-10-17", "Statement": []})


def function_code():
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("bootstrap", "")
    return {"ZipFile": code.getvalue()}


def check_realism_iam_propagation(port):
    iam, ec2, lam = client(port, "iam"), client(port, "ec2"), client(port, "lambda")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    realism(port, iamPropagationSeconds=1.5)
    role = iam.create_role(RoleName="fresh", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.create_instance_profile(InstanceProfileName="fresh-profile")
    assert error(iam.add_role_to_instance_profile, InstanceProfileName="fresh-profile", RoleName="fresh") == \
        (404, "NoSuchEntity", "The role with name fresh cannot be found.")
    assert error(lam.create_function, FunctionName="f", Runtime="provided.al2", Role=role, Handler="bootstrap",
                 Code=function_code())[:2] == (400, "InvalidParameterValueException")
    assert error(client(port, "stepfunctions").create_state_machine, name="sm", roleArn=role,
                 definition='{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}')[1] == "AccessDeniedException"
    policy = json.dumps({"Statement": [{"Effect": "Allow", "Principal": {"AWS": role}, "Action": "kms:*",
                                        "Resource": "*"}]})
    assert error(client(port, "kms").create_key, Policy=policy)[1] == "MalformedPolicyDocumentException"
    assert error(client(port, "events").put_targets, Rule="r", Targets=[{"Id": "1", "Arn": role, "RoleArn": role}]) \
        [1] == "ValidationException"
    wait_out(1.5)
    tid = ec2.create_launch_template(LaunchTemplateName="lt-fresh", LaunchTemplateData={
        "ImageId": image, "InstanceType": "t3.micro",
        "IamInstanceProfile": {"Name": "fresh-profile"}})["LaunchTemplate"]["LaunchTemplateId"]
    iam.add_role_to_instance_profile(InstanceProfileName="fresh-profile", RoleName="fresh")  # propagates anew
    status, code, message = error(ec2.run_instances, MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": tid})
    assert (status, code) == (400, "InvalidParameterValue") and "Invalid IAM Instance Profile" in message, message
    assert error(client(port, "autoscaling").create_auto_scaling_group, AutoScalingGroupName="g", MinSize=0,
                 MaxSize=1, LaunchTemplate={"LaunchTemplateId": tid},
                 AvailabilityZones=["us-east-1a"])[1] == "ValidationError"
    wait_out(1.5)
    lam.create_function(FunctionName="f", Runtime="provided.al2", Role=role, Handler="bootstrap", Code=function_code())
    ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": tid})
    kinds = {(service, action, kind) for service, action, kind, _ in played(port)}
    assert ("ec2", "RunInstances", "iam-propagation") in kinds and ("states", "CreateStateMachine", "iam-propagation") \
        in kinds, kinds
    control(port, "DELETE")


def check_realism_read_after_create(port):
    iam, ec2, kms = client(port, "iam"), client(port, "ec2"), client(port, "kms")
    realism(port, readAfterCreateSeconds=1.5)
    vpc = ec2.create_vpc(CidrBlock="10.5.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="g", Description="d", VpcId=vpc)["GroupId"]
    assert error(ec2.describe_vpcs, VpcIds=[vpc])[:2] == (400, "InvalidVpcID.NotFound")
    assert error(ec2.authorize_security_group_ingress, GroupId=group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])[1] == \
        "InvalidGroup.NotFound"
    assert ec2.describe_vpcs(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Vpcs"], "filters see it at once"
    iam.create_role(RoleName="new", AssumeRolePolicyDocument=TRUST)
    assert error(iam.get_role, RoleName="new")[:2] == (404, "NoSuchEntity")
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    assert error(kms.describe_key, KeyId=key)[:2] == (400, "NotFoundException")
    wait_out(1.5)
    ec2.describe_vpcs(VpcIds=[vpc])
    iam.get_role(RoleName="new")
    kms.describe_key(KeyId=key)
    control(port, "DELETE")


def check_realism_async(port):
    lam, ddb, ec2 = client(port, "lambda"), client(port, "dynamodb"), client(port, "ec2")
    role = client(port, "iam").create_role(RoleName="async-role", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    realism(port, asyncSeconds=3)
    created = lam.create_function(FunctionName="slow", Runtime="provided.al2", Role=role, Handler="bootstrap",
                                  Code=function_code())
    assert created["State"] == "Pending", created
    assert lam.get_function(FunctionName="slow")["Configuration"]["State"] == "Pending"
    status, code, message = error(lam.invoke, FunctionName="slow")
    assert (status, code) == (409, "ResourceConflictException") and message.endswith("state: Pending"), message
    ddb.create_table(TableName="t", KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    assert ddb.describe_table(TableName="t")["Table"]["TableStatus"] == "CREATING"
    assert error(ddb.put_item, TableName="t", Item={"k": {"S": "1"}})[:2] == (400, "ResourceNotFoundException")
    sm = client(port, "secretsmanager")
    sm.create_secret(Name="s", SecretString="x")
    sm.delete_secret(SecretId="s", ForceDeleteWithoutRecovery=True)
    assert "scheduled for deletion" in error(sm.create_secret, Name="s", SecretString="x")[2]
    subnet = ec2.describe_subnets()["Subnets"][0]
    group = ec2.create_security_group(GroupName="busy", Description="d", VpcId=subnet["VpcId"])["GroupId"]
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, SubnetId=subnet["SubnetId"],
                                 SecurityGroupIds=[group])["Instances"][0]["InstanceId"]
    ec2.terminate_instances(InstanceIds=[instance])
    assert error(ec2.delete_security_group, GroupId=group)[1] == "DependencyViolation"
    wait_out(3)
    assert lam.get_function(FunctionName="slow")["Configuration"]["State"] == "Active"
    lam.update_function_configuration(FunctionName="slow", Timeout=10)
    assert lam.get_function_configuration(FunctionName="slow")["LastUpdateStatus"] == "InProgress"
    assert "An update is in progress" in error(lam.publish_version, FunctionName="slow")[2]
    assert ddb.describe_table(TableName="t")["Table"]["TableStatus"] == "ACTIVE"
    ddb.put_item(TableName="t", Item={"k": {"S": "1"}})
    sm.create_secret(Name="s", SecretString="x")
    ec2.delete_security_group(GroupId=group)
    control(port, "DELETE")
def set_capacity(port, **request):
    post_json(port, path="/weka-moto/capacity", **request)


def check_capacity_refusals(port):
    ec2, autoscaling = client(port, "ec2"), client(port, "autoscaling")

    def default_subnet():  # a reset makes new ones
        return ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]

    def group(name, size):
        tid = ec2.create_launch_template(LaunchTemplateName=f"lt-{name}", LaunchTemplateData={
            "ImageId": ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"],
            "InstanceType": "i3en.6xlarge"})["LaunchTemplate"]["LaunchTemplateId"]
        autoscaling.create_auto_scaling_group(AutoScalingGroupName=name, MinSize=size, MaxSize=size * 7,
                                              DesiredCapacity=size, VPCZoneIdentifier=default_subnet()["SubnetId"],
                                              LaunchTemplate={"LaunchTemplateId": tid, "Version": "$Latest"})

    def instances(name):
        return autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]["Instances"]

    def activities(name, **kw):
        return autoscaling.describe_scaling_activities(AutoScalingGroupName=name, **kw)["Activities"]

    assert activities("absent") == []
    group("launched", 2)
    launched = activities("launched")
    assert [a["StatusCode"] for a in launched] == ["Successful"] * 2, launched
    assert {a["Description"] for a in launched} == {f"Launching a new EC2 instance: {i['InstanceId']}"
                                                    for i in instances("launched")}

    set_capacity(port, instanceType="i3en.6xlarge", code="InsufficientInstanceCapacity")
    group("refused", 6)
    assert instances("refused") == []
    [failed] = activities("refused")
    zone = default_subnet()["AvailabilityZone"]
    reason = (f"We currently do not have sufficient i3en.6xlarge capacity in the Availability Zone you requested "
              f"({zone}). Our system will be working on provisioning additional capacity. You can currently get "
              f"i3en.6xlarge capacity by not specifying an Availability Zone in your request or choosing ")
    assert failed["StatusCode"] == "Failed" and failed["Progress"] == 100, failed
    assert failed["StatusMessage"].startswith(reason), failed["StatusMessage"]
    assert failed["StatusMessage"].endswith(". Launching EC2 instance failed."), failed["StatusMessage"]
    assert zone not in failed["StatusMessage"][len(reason):], "the other zones are offered, not this one"
    assert failed["Description"] == "Launching a new EC2 instance.  Status Reason: " + failed["StatusMessage"]
    assert json.loads(failed["Details"])["Availability Zone"] == zone
    autoscaling.set_desired_capacity(AutoScalingGroupName="refused", DesiredCapacity=7)
    assert [a["StatusCode"] for a in activities("refused")] == ["Failed"] * 2, "every attempt fails"
    assert len(activities("refused", MaxRecords=1)) == 1
    page = autoscaling.describe_scaling_activities(AutoScalingGroupName="refused", MaxRecords=1)
    assert len(activities("refused", NextToken=page["NextToken"])) == 1
    assert len(activities("launched")) == 2, "the other group's activities stay its own"

    other_region = client(port, "autoscaling", region="eu-west-1")
    assert other_region.describe_scaling_activities()["Activities"] == []

    set_capacity(port, instanceType="i3en.6xlarge", code="VcpuLimitExceeded", vcpuLimit=128)
    autoscaling.set_desired_capacity(AutoScalingGroupName="refused", DesiredCapacity=8)
    assert activities("refused")[0]["StatusMessage"] == (
        "You have requested more vCPU capacity than your current vCPU limit of 128 allows for the instance bucket "
        "that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to "
        "request an adjustment to this limit. Launching EC2 instance failed."), activities("refused")[0]

    set_capacity(port, instanceType="i3en.6xlarge")  # the capacity is back: AWS's next retry launches
    assert len(instances("refused")) == 8
    assert [a["StatusCode"] for a in activities("refused", MaxRecords=9)] == ["Successful"] * 8 + ["Failed"]

    set_capacity(port, instanceType="i3en.6xlarge", code="InsufficientInstanceCapacity")
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST"))
    group("after-reset", 1)
    assert len(instances("after-reset")) == 1, "a reset gives the capacity back"
    for bad in ({"instanceType": "i3en.6xlarge", "code": "NoSuchCode"}, {"code": "VcpuLimitExceeded"}):
        try:
            set_capacity(port, **bad)
def set_quota(port, **request):
    post_json(port, "/weka-moto/service-quota", **request)


def check_ec2_vcpu_quotas(port):
    quotas = client(port, "service-quotas")

    def value(code="L-1216C47A", c=quotas):
        return c.get_service_quota(ServiceCode="ec2", QuotaCode=code)["Quota"]["Value"]

    standard = quotas.get_service_quota(ServiceCode="ec2", QuotaCode="L-1216C47A")["Quota"]
    assert standard["QuotaName"] == "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", standard
    assert standard["Value"] == 2048.0 and standard["QuotaArn"].endswith(":ec2/L-1216C47A"), standard
    assert value("L-DB2E81BA") == 2048.0
    assert error_code(quotas.get_service_quota, ServiceCode="ec2", QuotaCode="L-00000000") == "NoSuchResourceException"
    assert quotas.get_service_quota(ServiceCode="vpc", QuotaCode="L-F678F1CE")["Quota"]["Value"] > 0, "moto's own"
    codes = {q["QuotaCode"] for q in quotas.list_aws_default_service_quotas(ServiceCode="ec2")["Quotas"]}
    assert {"L-1216C47A", "L-DB2E81BA", "L-417A185B", "L-7295265B"} <= codes, codes
    set_quota(port, quota="L-1216C47A", value=128)
    assert value() == 128.0
    assert value(c=client(port, "service-quotas", region="eu-west-1")) == 2048.0, "per region"
    assert value(c=client(port, "service-quotas", account="111122223333")) == 2048.0, "per account"
    set_quota(port, quota="L-1216C47A")  # forgets it
    assert value() == 2048.0
    set_quota(port, quota="L-1216C47A", value=64)
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST"))
    assert value() == 2048.0, "a reset forgets it"
    for bad in ({"quota": "L-00000000", "value": 1}, {"quota": "L-1216C47A", "value": "many"}, {"value": 1}):
        try:
            set_quota(port, **bad)
            raise AssertionError(f"{bad} was accepted")
        except urllib.error.HTTPError as e:
            assert e.code == 400, e.code


def check_instance_type_offerings(port):
    ec2 = client(port, "ec2")

    def zones(instance_type):
        return sorted(o["Location"] for o in ec2.describe_instance_type_offerings(
            LocationType="availability-zone",
            Filters=[{"Name": "instance-type", "Values": [instance_type]}])["InstanceTypeOfferings"])

    # What the operator's tests rely on: i3en.2xlarge is offered in us-east-1a but not in us-east-1e.
    assert "us-east-1a" in zones("i3en.2xlarge") and "us-east-1e" not in zones("i3en.2xlarge"), zones("i3en.2xlarge")
    vcpus = ec2.describe_instance_types(InstanceTypes=["i3en.6xlarge"])["InstanceTypes"][0]["VCpuInfo"]["DefaultVCpus"]
    assert vcpus == 24, vcpus
    assert error_code(ec2.describe_instance_types, InstanceTypes=["i3en.7xlarge"]) == "InvalidInstanceType"


def main():
    failures = []

    def run(name, fn, *args):
        try:
            fn(*args)
            print(f"PASS {name}", flush=True)
        except Exception:
            failures.append(name)
            print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)

    t0 = time.monotonic()
    proc, port = start()
    print(f"launcher ready on port {port} after {time.monotonic() - t0:.1f} s", flush=True)
    try:
        run("listens on 127.0.0.1 only", check_loopback_only, port)
        run("EC2 placement groups", check_placement_groups, port)
        run("Step Functions validate/list versions", check_step_functions, port)
        run("IAM AWS-managed policy attach", check_managed_policy, port)
        run("Auto Scaling launches from a new template version with user data",
            check_launch_template_version_user_data, port)
        run("RunInstances protections from the request and the template", check_run_instances_protection, port)
        run("Route53 hosted zone ids start with Z", check_hosted_zone_ids, port)
        run("S3 CreateBucket tags the bucket it creates", check_bucket_tags_at_creation, port)
        run("EC2 DescribeNatGateways honours tag filters", check_nat_gateway_tag_filters, port)
        run("/moto-api/reset clears placement groups", check_reset, port)
        run("EC2 honours client tokens", check_client_tokens, port)
        run("Lambda Invoke returns registered responses", check_lambda_responses, port)
        run("realism: faults in each service's shape, seeded, reset", check_realism_faults, port)
        run("realism: IAM propagation", check_realism_iam_propagation, port)
        run("realism: read-after-create NotFound", check_realism_read_after_create, port)
        run("realism: async states", check_realism_async, port)
        run("Auto Scaling launches refused for capacity, and the scaling activities", check_capacity_refusals, port)
        run("Service Quotas answers EC2's vCPU quotas, set per test", check_ec2_vcpu_quotas, port)
        run("EC2 instance types and their zones, as the preflight reads them", check_instance_type_offerings, port)

        def sigterm():
            proc.send_signal(signal.SIGTERM)
            rc, took = exits_within(proc, 2)
            assert rc == 0, f"exit code {rc}"
            print(f"  SIGTERM: exit 0 after {took:.2f} s")
        run("SIGTERM exits 0 within 2 s", sigterm)
    finally:
        if proc.poll() is None:
            proc.kill()

    def sigint():
        p, _ = start()
        p.send_signal(signal.SIGINT)
        rc, took = exits_within(p, 2)
        assert rc == 0, f"exit code {rc}"
        print(f"  SIGINT: exit 0 after {took:.2f} s")
    run("SIGINT exits 0 within 2 s", sigint)

    def parent_pid():
        parent = subprocess.Popen(["sleep", "300"])
        p, _ = start("--parent-pid", str(parent.pid))
        time.sleep(1.5)
        assert p.poll() is None, "exited while the parent was alive"
        parent.kill()  # not reaped yet: a zombie, which must count as gone
        rc, took = exits_within(p, 3)
        parent.wait()
        assert rc == 0, f"exit code {rc}"
        print(f"  --parent-pid: exit 0 {took:.2f} s after the parent was killed")
    run("--parent-pid exits when the parent is gone", parent_pid)

    print("selftest " + ("FAILED: " + ", ".join(failures) if failures else "passed"), flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
