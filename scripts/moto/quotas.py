"""EC2's On-Demand vCPU quotas in Service Quotas, which moto 5.2.5 lacks (it knows only VPC quotas).

`install(app)` makes GetServiceQuota and ListAWSDefaultServiceQuotas answer for service code `ec2` and returns `app`
wrapped with the test endpoint that sets a quota's value:

    POST /weka-moto/service-quota  {"quota": "L-1216C47A", "value": 128, "region": "us-east-1"}
                                   (optional "service", default "ec2", and "account"); no "value" forgets it.

Values live on moto's Service Quotas backend of each account and region, so POST /moto-api/reset drops them.
"""

import json

from moto.core import DEFAULT_ACCOUNT_ID
from moto.servicequotas.exceptions import NoSuchResource
from moto.servicequotas.models import ServiceQuotasBackend

QUOTA_PATH = "/weka-moto/service-quota"

# The On-Demand vCPU quotas by instance family, named as AWS names them. An account that has run instances for a
# while has far more than a new account's 5 Standard vCPUs: every scenario of the tests fits in these, and a test
# that wants a refusal sets a lower value.
DEFAULT_VCPUS = 2048.0
EC2_VCPU_QUOTAS = {
    "L-1216C47A": "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
    "L-74FC7D96": "Running On-Demand F instances",
    "L-DB2E81BA": "Running On-Demand G and VT instances",
    "L-1945791B": "Running On-Demand Inf instances",
    "L-417A185B": "Running On-Demand P instances",
    "L-7295265B": "Running On-Demand X instances",
    "L-6E869C2A": "Running On-Demand DL instances",
    "L-2C3B7624": "Running On-Demand Trn instances",
    "L-F7808C92": "Running On-Demand HPC instances",
    "L-43DA4232": "Running On-Demand High Memory instances",
}

_get_service_quota = ServiceQuotasBackend.get_service_quota
_list_aws_default_service_quotas = ServiceQuotasBackend.list_aws_default_service_quotas


def _values(backend):
    return vars(backend).setdefault("_weka_quota_values", {})  # (service code, quota code) -> value


def _quota(backend, code, value):
    return {
        "ServiceCode": "ec2",
        "ServiceName": "Amazon Elastic Compute Cloud (Amazon EC2)",
        "QuotaArn": f"arn:aws:servicequotas:{backend.region_name}:{backend.account_id}:ec2/{code}",
        "QuotaCode": code,
        "QuotaName": EC2_VCPU_QUOTAS[code],
        "Value": value,
        "Unit": "None",
        "Adjustable": True,
        "GlobalQuota": False,
    }


def get_service_quota(self, service_code, quota_code):
    if service_code != "ec2":
        return _get_service_quota(self, service_code, quota_code)
    if quota_code not in EC2_VCPU_QUOTAS:
        raise NoSuchResource
    return _quota(self, quota_code, _values(self).get(("ec2", quota_code), DEFAULT_VCPUS))


def list_aws_default_service_quotas(self, service_code):
    if service_code != "ec2":
        return _list_aws_default_service_quotas(self, service_code)
    return [_quota(self, code, DEFAULT_VCPUS) for code in EC2_VCPU_QUOTAS]


def _set_quota(request):
    from moto.servicequotas.models import servicequotas_backends
    service, code = request.get("service", "ec2"), request["quota"]
    if service != "ec2" or code not in EC2_VCPU_QUOTAS:
        raise KeyError(f"{service}/{code} is not a quota the emulator knows")
    values = _values(servicequotas_backends[request.get("account", DEFAULT_ACCOUNT_ID)][request["region"]])
    if request.get("value") is None:
        values.pop((service, code), None)
    else:
        values[(service, code)] = float(request["value"])


def set_quota(environ, start_response):
    """The test endpoint: 200 once set, 400 with the reason for a request it cannot take."""
    answer = ("200 OK", {})
    try:
        _set_quota(json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)) or b"{}"))
    except (KeyError, ValueError, TypeError) as e:
        answer = ("400 Bad Request", {"error": f"bad request: {e!r}"})
    body = json.dumps(answer[1]).encode("utf-8")
    start_response(answer[0], [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def install(app):
    ServiceQuotasBackend.get_service_quota = get_service_quota
    ServiceQuotasBackend.list_aws_default_service_quotas = list_aws_default_service_quotas

    def dispatch(environ, start_response):
        if environ.get("PATH_INFO") == QUOTA_PATH and environ.get("REQUEST_METHOD") == "POST":
            return set_quota(environ, start_response)
        return app(environ, start_response)
    return dispatch
