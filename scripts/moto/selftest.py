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
from botocore.exceptions import ClientError

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


def register_response(port, **request):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/weka-moto/lambda-response", method="POST",
                                 data=json.dumps(dict({"region": REGION}, **request)).encode("utf-8"))
    with urllib.request.urlopen(req) as r:
        assert r.status == 200, r.status


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
    register_response(port, function="status", payload={"clusterized": True, "weka_status": {"io_status": "STARTED"}})
    assert invoke() == (None, '{"clusterized": true, "weka_status": {"io_status": "STARTED"}}'), invoke()
    arn = lam.get_function(FunctionName="status")["Configuration"]["FunctionArn"]
    assert invoke(arn)[0] is None, "invoking by ARN finds the same response"
    register_response(port, function="status", error="Unhandled", payload={"errorMessage": "boom"})
    assert invoke() == ("Unhandled", '{"errorMessage": "boom"}'), invoke()
    register_response(port, function="status", raw="not json")
    assert invoke() == (None, "not json"), invoke()
    assert error_code(lam.invoke, FunctionName="absent") == "ResourceNotFoundException"
    other_region = client(port, "lambda", region="eu-west-1")
    assert error_code(other_region.invoke, FunctionName="status") == "ResourceNotFoundException"
    register_response(port, function="status")  # forgets it
    assert invoke()[0] == "Unhandled"
    register_response(port, function="status", payload="kept until reset")
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST"))
    assert error_code(lam.invoke, FunctionName="status") == "ResourceNotFoundException"
    bad = urllib.request.Request(f"http://127.0.0.1:{port}/weka-moto/lambda-response", method="POST", data=b"{}")
    try:
        urllib.request.urlopen(bad)
        raise AssertionError("a request without function and region was accepted")
    except urllib.error.HTTPError as e:
        assert e.code == 400, e.code


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
