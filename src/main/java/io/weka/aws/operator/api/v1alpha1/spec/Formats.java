package io.weka.aws.operator.api.v1alpha1.spec;

/**
 * Formats shared by the schema's patterns. They avoid backslashes so that the same text reads the same in
 * OpenAPI patterns and inside CEL string literals.
 */
public final class Formats {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    public static final String IPV4_CIDR = "^(" + OCTET + "[.]){3}" + OCTET + "/(3[0-2]|[12]?[0-9])$";
    public static final String REGION = "^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$";
    public static final String AVAILABILITY_ZONE = "^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}[a-z]$";
    public static final String SUBNET_ID = "^subnet-[0-9a-f]{8,17}$";
    public static final String SECURITY_GROUP_ID = "^sg-[0-9a-f]{8,17}$";
    public static final String AMI_ID = "^ami-[0-9a-f]{8,17}$";
    public static final String CAPACITY_RESERVATION_ID = "^cr-[0-9a-f]{8,17}$";
    public static final String HOSTED_ZONE_ID = "^Z[0-9A-Z]{1,31}$";
    public static final String ROLE_ARN = "^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$";
    public static final String INSTANCE_PROFILE_ARN =
            "^arn:aws[a-z-]*:iam::[0-9]{12}:instance-profile/[A-Za-z0-9+=,.@_/-]{1,512}$";
    public static final String CERTIFICATE_ARN = "^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$";
    public static final String KMS_KEY = "^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+"
            + "|alias/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$";
    public static final String SECRET_ID = "^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$";
    /** Names AWS accepts in IAM, ELB, Lambda and EC2 names, which are built from these prefixes. */
    public static final String NAME_PART = "^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$";
    public static final String DNS_NAME = "^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?[.])+[A-Za-z]{2,63}[.]?$";
    public static final String S3_BUCKET = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";
    public static final String GO_DURATION = "^([0-9]+(ns|us|ms|s|m|h))+$";
    public static final String HTTP_URL = "^https?://.+$";

    private Formats() {
    }
}
