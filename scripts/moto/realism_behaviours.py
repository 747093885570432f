"""What real AWS does for a while after a call and moto never does, for realism.py.

Each behaviour is a window of seconds that starts at a call (CreateRole, CreateTable, TerminateInstances ...) and
changes what later calls naming the same resource get: `refuse` answers a call with AWS's error instead of letting
moto run it, `observe` starts windows from successful answers and rewrites states that AWS reports as not ready.
Codes and messages are those of the catalogue of real-AWS behaviours (row numbers in the comments).
"""

import json
import re

IAM = "iamPropagationSeconds"
READ = "readAfterCreateSeconds"
ASYNC = "asyncSeconds"


def _name_of(arn):
    """The last path segment of an ARN (role/path/name -> name), or the value itself when it is a name."""
    return arn.rsplit("/", 1)[-1] if arn.startswith("arn:") else arn


def _role(call, arn):
    """The key of a role named by its ARN (account from the ARN)."""
    return (arn.split(":")[4] if arn.count(":") >= 5 else call.account), _name_of(arn)


def _xml_values(body, tag):
    return re.findall(rf"<{tag}>([^<]*)</{tag}>", body.decode("utf-8", "replace"))


def _json(body):
    try:
        return json.loads(body)
    except ValueError:
        return {}


def _dump(document):
    return json.dumps(document).encode("utf-8")


# --- IAM: propagation to other services (rows 3, 15, 18, 27, 33, 35, 38) and read-after-create (rows 2, 4) -----
def _role_propagating(layer, call, arn):
    return arn is not None and layer.fresh("iam", ("role",) + _role(call, arn), IAM)


def _profile_propagating(layer, call, profile):
    account = profile.split(":")[4] if profile.startswith("arn:") else call.account
    return layer.fresh("iam", ("profile", account, _name_of(profile)), IAM)


def iam_refuse(layer, call):
    role, profile = call.value("RoleName"), call.value("InstanceProfileName")
    if call.action == "AddRoleToInstanceProfile":  # row 3
        if layer.fresh("iam-created", ("role", call.account, role), IAM):
            return "iam-propagation", 404, "NoSuchEntity", f"The role with name {role} cannot be found."
        if layer.fresh("iam-created", ("profile", call.account, profile), IAM):
            return "iam-propagation", 404, "NoSuchEntity", f"Instance Profile {profile} cannot be found."
    if call.action == "GetRole" and layer.fresh("iam-created", ("role", call.account, role), READ):  # row 2
        return "read-after-create", 404, "NoSuchEntity", f"The role with name {role} cannot be found."
    if call.action == "GetInstanceProfile" and layer.fresh("iam-created", ("profile", call.account, profile),
                                                           READ):  # row 4
        return "read-after-create", 404, "NoSuchEntity", f"Instance Profile {profile} cannot be found."
    policy = call.value("PolicyArn")
    if call.action == "GetPolicy" and layer.fresh("iam-created", ("policy", policy), READ):
        return "read-after-create", 404, "NoSuchEntity", f"Policy {policy} does not exist or is not attachable."
    return None


def iam_observe(layer, call, body):
    created = {"CreateRole": ("role", call.account, call.value("RoleName")),
               "CreateInstanceProfile": ("profile", call.account, call.value("InstanceProfileName"))}
    if call.action == "CreatePolicy":
        created["CreatePolicy"] = ("policy", (_xml_values(body, "Arn") or [None])[0])
    if call.action in created:
        layer.mark("iam-created", created[call.action])
        layer.mark("iam", created[call.action])
    if call.action == "AddRoleToInstanceProfile":  # a profile's new role propagates like a new profile
        layer.mark("iam", ("profile", call.account, call.value("InstanceProfileName")))


# --- EC2 ----------------------------------------------------------------------------------------------------
# The element of each create answer that holds the new resource's id.
CREATED_ID_TAGS = {"CreateVpc": "vpcId", "CreateSubnet": "subnetId", "CreateSecurityGroup": "groupId",
                   "RunInstances": "instanceId", "CreateLaunchTemplate": "launchTemplateId",
                   "CreateRouteTable": "routeTableId", "CreateInternetGateway": "internetGatewayId",
                   "CreateNatGateway": "natGatewayId", "CreateVpcEndpoint": "vpcEndpointId",
                   "CreateNetworkInterface": "networkInterfaceId", "CreateVolume": "volumeId",
                   "AllocateAddress": "allocationId"}
# Row 7: the NotFound code EC2 gives for an id it does not know (yet), by the id's prefix.
NOT_FOUND = {
    "vpc": ("InvalidVpcID.NotFound", "The vpc ID '{}' does not exist"),
    "subnet": ("InvalidSubnetID.NotFound", "The subnet ID '{}' does not exist"),
    "sg": ("InvalidGroup.NotFound", "The security group '{}' does not exist"),
    "i": ("InvalidInstanceID.NotFound", "The instance ID '{}' does not exist"),
    "lt": ("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID {}, does not exist."),
    "rtb": ("InvalidRouteTableID.NotFound", "The routeTable ID '{}' does not exist"),
    "igw": ("InvalidInternetGatewayID.NotFound", "The internetGateway ID '{}' does not exist"),
    "nat": ("NatGatewayNotFound", "The Nat Gateway {} was not found"),
    "vpce": ("InvalidVpcEndpointId.NotFound", "The Vpc Endpoint Id '{}' does not exist"),
    "eni": ("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '{}' does not exist"),
    "vol": ("InvalidVolume.NotFound", "The volume '{}' does not exist."),
    "eipalloc": ("InvalidAllocationID.NotFound", "The allocation ID '{}' does not exist"),
}
# Calls that meet a new id before EC2 has it everywhere (rows 7, 8, 9): reads, changes, attaching, routing.
EVENTUALLY_CONSISTENT = re.compile(r"Describe.*|Modify.*|Authorize.*|AttachInternetGateway|CreateRoute")


def _template_profile(layer, call, id_param, name_param):
    template = call.value(id_param) or call.value(name_param)
    return template and layer.recall("template-profile", (call.account, call.region, template))


def _invalid_profile(profile):
    field = "arn" if profile.startswith("arn:") else "name"
    return (f"Value ({profile}) for parameter iamInstanceProfile.{field} is invalid. "
            f"Invalid IAM Instance Profile {'ARN' if field == 'arn' else 'name'}")


def ec2_refuse(layer, call):
    if call.action == "RunInstances":  # row 15
        profile = (call.value(r"IamInstanceProfile\.(Arn|Name)")
                   or _template_profile(layer, call, r"LaunchTemplate\.LaunchTemplateId", r"LaunchTemplate\.LaunchTemplateName"))
        if profile and _profile_propagating(layer, call, profile):
            return "iam-propagation", 400, "InvalidParameterValue", _invalid_profile(profile)
    if EVENTUALLY_CONSISTENT.fullmatch(call.action):
        for key, value in call.params.items():
            if not key.startswith("Filter.") and isinstance(value, str) and layer.fresh("ec2-id", value, READ):
                code, message = NOT_FOUND[value.split("-", 1)[0]]
                return "read-after-create", 400, code, message.format(value)
    group, subnet = call.value("GroupId"), call.value("SubnetId")
    if call.action == "DeleteSecurityGroup" and layer.fresh("in-use", group, ASYNC):  # row 11
        return "async", 400, "DependencyViolation", f"resource {group} has a dependent object"
    if call.action == "DeleteSubnet" and layer.fresh("in-use", subnet, ASYNC):  # row 13
        return "async", 400, "DependencyViolation", f"The subnet '{subnet}' has dependencies and cannot be deleted."
    return None


def ec2_observe(layer, call, body):
    if call.action in CREATED_ID_TAGS:
        for created in _xml_values(body, CREATED_ID_TAGS[call.action]):
            layer.mark("ec2-id", created)
    if call.action in ("CreateLaunchTemplate", "CreateLaunchTemplateVersion"):
        profile = call.value(r"LaunchTemplateData\.IamInstanceProfile\.(Arn|Name)")
        if profile:
            for template in _xml_values(body, "launchTemplateId") + _xml_values(body, "launchTemplateName"):
                layer.remember("template-profile", (call.account, call.region, template), profile)


def install_model_hooks(layer):
    """Instances terminate inside moto on several paths (TerminateInstances, Auto Scaling scale-in, group delete):
    hook the model, so that each leaves its subnet and security groups in use for the async window (rows 11/13)."""
    from moto.ec2.models.instances import Instance
    terminate = Instance.terminate

    def terminate_and_linger(self):
        for resource in ([self.subnet_id] + [group.id for group in self.security_groups]) if layer.config else []:
            if resource:
                layer.mark("in-use", resource)
        return terminate(self)

    Instance.terminate = terminate_and_linger


# --- Auto Scaling (rows 18, 20) -------------------------------------------------------------------------------
CAPACITY_CHANGES = ("CreateAutoScalingGroup", "UpdateAutoScalingGroup", "SetDesiredCapacity")


def autoscaling_refuse(layer, call):
    if call.action in ("CreateAutoScalingGroup", "UpdateAutoScalingGroup"):
        profile = (_template_profile(layer, call, r"LaunchTemplate\.LaunchTemplateId", r"LaunchTemplate\.LaunchTemplateName")
                   or _template_profile(layer, call,
                                        r"MixedInstancesPolicy\.LaunchTemplate\.LaunchTemplateSpecification\.LaunchTemplateId",
                                        r"MixedInstancesPolicy\.LaunchTemplate\.LaunchTemplateSpecification\.LaunchTemplateName"))
        if profile and _profile_propagating(layer, call, profile):
            return ("iam-propagation", 400, "ValidationError",
                    "You must use a valid fully-formed launch template. " + _invalid_profile(profile))
    group = call.value("AutoScalingGroupName")
    if call.action == "DeleteAutoScalingGroup" and layer.fresh("scaling", call.scoped(group), ASYNC):
        return ("async", 400, "ScalingActivityInProgress",
                "You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.")
    return None


def autoscaling_observe(layer, call, body):
    capacity = any(call.value(p) is not None for p in ("MinSize", "MaxSize", "DesiredCapacity"))
    if call.action in CAPACITY_CHANGES and capacity:
        layer.mark("scaling", call.scoped(call.value("AutoScalingGroupName")))


# --- Lambda (rows 27, 30, 31; the function's VPC for rows 11/13) ----------------------------------------------
def _function(call):
    name = call.path_params.get("FunctionName") or call.value("FunctionName") or ""
    return call.scoped(name.split(":")[6] if name.startswith("arn:") else name.split(":")[0])


def _function_arn(call):
    return f"arn:aws:lambda:{call.region}:{call.account}:function:{_function(call)[2]}"


def lambda_refuse(layer, call):
    if call.action in ("CreateFunction", "UpdateFunctionConfiguration") and _role_propagating(
            layer, call, call.value("Role")):  # row 27
        return ("iam-propagation", 400, "InvalidParameterValueException",
                "The role defined for the function cannot be assumed by Lambda.")
    if call.action in ("Invoke", "UpdateFunctionConfiguration", "UpdateFunctionCode", "PublishVersion"):  # row 31
        prefix = "The operation cannot be performed at this time. "
        if layer.fresh("function-created", _function(call), ASYNC):
            return ("async", 409, "ResourceConflictException",
                    prefix + "The function is currently in the following state: Pending")
        if layer.fresh("function-updated", _function(call), ASYNC):
            return ("async", 409, "ResourceConflictException",
                    prefix + f"An update is in progress for resource: {_function_arn(call)}")
    return None


def _not_ready(layer, call, configuration):
    """Row 30: the state AWS reports while a function is being created or updated."""
    if layer.fresh("function-created", _function(call), ASYNC):
        configuration.update(State="Pending", StateReason="The function is being created.",
                             StateReasonCode="Creating", LastUpdateStatus="InProgress",
                             LastUpdateStatusReason="The function is being created.",
                             LastUpdateStatusReasonCode="Creating")
        return "Pending"
    if layer.fresh("function-updated", _function(call), ASYNC):
        for field in ("LastUpdateStatusReason", "LastUpdateStatusReasonCode"):
            configuration.pop(field, None)
        configuration["LastUpdateStatus"] = "InProgress"
        return "InProgress"
    return None


def lambda_observe(layer, call, body):
    if call.action == "CreateFunction":
        layer.mark("function-created", _function(call))
    if call.action in ("UpdateFunctionConfiguration", "UpdateFunctionCode"):
        layer.mark("function-updated", _function(call))
    if call.action in ("CreateFunction", "UpdateFunctionConfiguration") and "VpcConfig" in call.document:
        vpc = call.document["VpcConfig"] or {}
        layer.remember("function-vpc", _function(call), vpc.get("SubnetIds", []) + vpc.get("SecurityGroupIds", []))
    if call.action == "DeleteFunction":  # its ENIs leave the subnets and groups only later (row 12)
        for resource in layer.recall("function-vpc", _function(call)) or []:
            layer.mark("in-use", resource)
        layer.forget("function-created", _function(call))
        layer.forget("function-updated", _function(call))
    if call.action in ("CreateFunction", "UpdateFunctionConfiguration", "UpdateFunctionCode",
                       "GetFunctionConfiguration", "GetFunction"):
        answer = _json(body)
        configuration = answer.get("Configuration", answer) if call.action == "GetFunction" else answer
        state = _not_ready(layer, call, configuration) if isinstance(configuration, dict) else None
        if state:
            layer.played(call, "async", state)
            return _dump(answer)
    return None


# --- KMS (rows 38, 39, 40) --------------------------------------------------------------------------------
ROLE_ARN = re.compile(r"arn:aws:iam::\d{12}:role/[\w+=,.@/-]+")


def kms_refuse(layer, call):
    key = call.value("KeyId") or call.value("TargetKeyId")
    if key and call.action != "CreateKey":
        key_id = key.rsplit("key/", 1)[-1]
        if layer.fresh("kms-key", key_id, READ):
            return ("read-after-create", 400, "NotFoundException",
                    f"Key 'arn:aws:kms:{call.region}:{call.account}:key/{key_id}' does not exist")
    if call.action in ("CreateKey", "PutKeyPolicy") and any(
            _role_propagating(layer, call, arn) for arn in ROLE_ARN.findall(call.value("Policy") or "")):
        return ("iam-propagation", 400, "MalformedPolicyDocumentException",
                "Policy contains a statement with one or more invalid principals.")
    return None


def kms_observe(layer, call, body):
    if call.action == "CreateKey":
        layer.mark("kms-key", _json(body).get("KeyMetadata", {}).get("KeyId"))


# --- Step Functions (row 33), EventBridge (row 35) ------------------------------------------------------------
def states_refuse(layer, call):
    if call.action in ("CreateStateMachine", "UpdateStateMachine") and _role_propagating(
            layer, call, call.value("roleArn")):
        return ("iam-propagation", 400, "AccessDeniedException",
                "Neither the global service principal states.amazonaws.com, nor the regional one is authorized "
                "to assume the provided role.")
    return None


def events_refuse(layer, call):
    if call.action in ("PutRule", "PutTargets"):
        for role in call.values(r"RoleArn|Targets\.\d+\.RoleArn"):
            if _role_propagating(layer, call, role):
                return ("iam-propagation", 400, "ValidationException",
                        f"Provided role '{role}' cannot be assumed by principal 'events.amazonaws.com'.")
    return None


# --- Secrets Manager (row 42) -----------------------------------------------------------------------------
def secrets_refuse(layer, call):
    if call.action == "CreateSecret" and layer.fresh("secret-deleted", call.scoped(call.value("Name")), ASYNC):
        return ("async", 400, "InvalidRequestException",
                "You can't create this secret because a secret with this name is already scheduled for deletion.")
    return None


def secrets_observe(layer, call, body):
    if call.action == "DeleteSecret" and call.document.get("ForceDeleteWithoutRecovery") is True:
        layer.mark("secret-deleted", call.scoped(_json(body).get("Name")))


# --- DynamoDB (rows 44, 46) -------------------------------------------------------------------------------
ITEM_CALLS = ("PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
              "TransactWriteItems", "TransactGetItems")


def _tables(call):
    named = [call.value("TableName")] + list(call.document.get("RequestItems") or {})
    for item in call.document.get("TransactItems") or []:
        named += [part.get("TableName") for part in item.values() if isinstance(part, dict)]
    return [t for t in named if t]


def dynamodb_refuse(layer, call):
    creating = [t for t in _tables(call) if layer.fresh("table", call.scoped(t), ASYNC)]
    if creating and call.action in ITEM_CALLS:
        return "async", 400, "ResourceNotFoundException", "Requested resource not found"
    if creating and call.action == "DeleteTable":
        return ("async", 400, "ResourceInUseException",
                f"Attempt to change a resource which is still in use: Table is being created: {creating[0]}")
    return None


def dynamodb_observe(layer, call, body):
    if call.action == "CreateTable":
        layer.mark("table", call.scoped(call.value("TableName")))
    if call.action in ("CreateTable", "DescribeTable") and layer.fresh("table", call.scoped(call.value("TableName")),
                                                                      ASYNC):
        answer = _json(body)
        description = answer.get("TableDescription") or answer.get("Table")
        if isinstance(description, dict):
            description["TableStatus"] = "CREATING"
            layer.played(call, "async", "CREATING")
            return _dump(answer)
    return None


# --- ELBv2 and ACM (rows 48, 49) ------------------------------------------------------------------------------
def elb_refuse(layer, call):
    if call.action in ("CreateListener", "ModifyListener", "AddListenerCertificates"):
        for certificate in call.values(r"Certificates\.member\.\d+\.CertificateArn"):
            if layer.fresh("certificate", certificate, READ):
                return "read-after-create", 400, "CertificateNotFound", f"Certificate '{certificate}' not found"
    return None


def elb_observe(layer, call, body):
    if call.action == "CreateLoadBalancer":
        for arn in _xml_values(body, "LoadBalancerArn"):
            layer.mark("load-balancer", arn)
    if call.action in ("CreateLoadBalancer", "DescribeLoadBalancers"):
        # The answer lists each balancer's LoadBalancerArn before its State (botocore's member order).
        text = body.decode("utf-8")
        parts = re.split(r"(?=<LoadBalancerArn>)", text)
        for i, part in enumerate(parts):
            arn = re.match(r"<LoadBalancerArn>([^<]*)</LoadBalancerArn>", part)
            if arn and layer.fresh("load-balancer", arn.group(1), ASYNC):
                parts[i] = re.sub(r"(<State>\s*<Code>)active(</Code>)", r"\1provisioning\2", part, count=1)
                layer.played(call, "async", "provisioning")
        rewritten = "".join(parts)
        return rewritten.encode("utf-8") if rewritten != text else None
    return None


def acm_observe(layer, call, body):
    if call.action in ("ImportCertificate", "RequestCertificate"):
        layer.mark("certificate", _json(body).get("CertificateArn"))


REFUSE = {"iam": iam_refuse, "ec2": ec2_refuse, "autoscaling": autoscaling_refuse, "lambda": lambda_refuse,
          "kms": kms_refuse, "states": states_refuse, "events": events_refuse, "secretsmanager": secrets_refuse,
          "dynamodb": dynamodb_refuse, "elasticloadbalancing": elb_refuse}
OBSERVE = {"iam": iam_observe, "ec2": ec2_observe, "autoscaling": autoscaling_observe, "lambda": lambda_observe,
           "kms": kms_observe, "secretsmanager": secrets_observe, "dynamodb": dynamodb_observe,
           "elasticloadbalancing": elb_observe, "acm": acm_observe}


def refuse(layer, call):
    """(kind, status, code, message) when AWS would refuse this call now, else None."""
    check = REFUSE.get(call.service)
    return check(layer, call) if check else None


def observe(layer, call, body):
    """Starts the windows a successful call opens; returns the answer rewritten to a not-ready state, or None."""
    watch = OBSERVE.get(call.service)
    return watch(layer, call, body) if watch else None
