package io.weka.aws.operator.api.v1alpha1.spec;

/**
 * String formats of the schema, each as a CEL rule and a message expression that says in words what is expected
 * and shows the value given: an OpenAPI pattern's refusal would print the regular expression instead. The regular
 * expressions avoid backslashes so that they read the same inside CEL string literals. Every string checked by a
 * rule also has a maximum length, which keeps the API server's CEL cost estimate bounded.
 */
public final class Formats {
    /**
     * Appended to a message expression on a string: the value that was refused, quoted. (Only strings with a
     * maximum length: the API server refuses a message whose length it cannot bound, such as string(int) or a
     * join.)
     */
    public static final String REFUSED_VALUE = " + ', not \"' + self + '\"'";
    /** Appended to a message expression of a transition rule on a string: the change that was refused. */
    public static final String REFUSED_CHANGE = " + ' (was \"' + oldSelf + '\", now \"' + self + '\")'";

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final String IPV4_CIDR = "^(" + OCTET + "[.]){3}" + OCTET + "/(3[0-2]|[12]?[0-9])$";
    public static final String IS_CIDR = "self.matches('" + IPV4_CIDR + "')";
    public static final String CIDR_MESSAGE = "'must be an IPv4 CIDR like 10.0.0.0/16'" + REFUSED_VALUE;
    public static final String ARE_CIDRS = "self.all(c, c.matches('" + IPV4_CIDR + "'))";
    public static final String CIDRS_MESSAGE = "'must be IPv4 CIDRs like 10.0.0.0/16, not \"' + self.filter(c, "
            + "!c.matches('" + IPV4_CIDR + "'))[0] + '\"'";
    public static final int CIDR_LENGTH = 18;

    private static final String REGION_NAME = "[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}";
    public static final String IS_REGION = "self.matches('^" + REGION_NAME + "$')";
    public static final String REGION_MESSAGE = "'must be an AWS region like us-east-1'" + REFUSED_VALUE;
    public static final String IS_AVAILABILITY_ZONE = "self.matches('^" + REGION_NAME + "[a-z]$')";
    public static final String AVAILABILITY_ZONE_MESSAGE = "'must be an availability zone like us-east-1a'"
            + REFUSED_VALUE;

    public static final String IS_SUBNET_ID = "self.matches('^subnet-[0-9a-f]{8,17}$')";
    public static final String SUBNET_ID_MESSAGE = "'must be a subnet ID like subnet-0123456789abcdef0'"
            + REFUSED_VALUE;
    private static final String SECURITY_GROUP_ID = "^sg-[0-9a-f]{8,17}$";
    public static final String ARE_SECURITY_GROUP_IDS = "self.all(g, g.matches('" + SECURITY_GROUP_ID + "'))";
    public static final String SECURITY_GROUP_IDS_MESSAGE = "'must be security group IDs like sg-0123456789abcdef0, "
            + "not \"' + self.filter(g, !g.matches('" + SECURITY_GROUP_ID + "'))[0] + '\"'";
    public static final String IS_AMI_ID = "self.matches('^ami-[0-9a-f]{8,17}$')";
    public static final String AMI_ID_MESSAGE = "'must be an AMI ID like ami-0123456789abcdef0'" + REFUSED_VALUE;
    public static final String IS_CAPACITY_RESERVATION_ID = "self.matches('^cr-[0-9a-f]{8,17}$')";
    public static final String CAPACITY_RESERVATION_ID_MESSAGE = "'must be a capacity reservation ID like "
            + "cr-0123456789abcdef0'" + REFUSED_VALUE;
    /** IDs of the kinds above are at most 24 characters; one bound for all of them. */
    public static final int ID_LENGTH = 32;

    /** EC2 instance types are family.size: c5n.2xlarge, i3en.6xlarge, u-6tb1.metal. */
    public static final String IS_INSTANCE_TYPE = "self.matches('^[a-z][a-z0-9-]*[.][a-z0-9]+$')";
    public static final String INSTANCE_TYPE_MESSAGE = "'must be an EC2 instance type like c5n.2xlarge "
            + "(family.size)'" + REFUSED_VALUE;
    public static final int INSTANCE_TYPE_LENGTH = 64;

    public static final String IS_ROLE_ARN = "self.matches('^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$')";
    public static final String ROLE_ARN_MESSAGE = "'must be an IAM role ARN like "
            + "arn:aws:iam::111122223333:role/weka-lambda'" + REFUSED_VALUE;
    public static final String IS_INSTANCE_PROFILE_ARN =
            "self.matches('^arn:aws[a-z-]*:iam::[0-9]{12}:instance-profile/[A-Za-z0-9+=,.@_/-]+$')";
    public static final String INSTANCE_PROFILE_ARN_MESSAGE = "'must be an IAM instance profile ARN like "
            + "arn:aws:iam::111122223333:instance-profile/weka-backends'" + REFUSED_VALUE;
    public static final String IS_KMS_KEY = "self.matches('^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/"
            + "[A-Za-z0-9/_-]+|alias/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            + "|mrk-[0-9a-f]{32})$')";
    public static final String KMS_KEY_MESSAGE = "'must be a KMS key ID, a key or alias ARN, or alias/<name>'"
            + REFUSED_VALUE;
    /** IAM allows 512 characters of path and name; ARNs of the other kinds are shorter. */
    public static final int ARN_LENGTH = 600;

    /** Names AWS accepts in IAM, ELB, Lambda and EC2 names, which are built from these prefixes. */
    public static final String NAME_PART = "^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$";
    public static final String IS_NAME_PART = "self.matches('" + NAME_PART + "')";
    public static final String NAME_PART_MESSAGE = "'must be letters, digits and hyphens, starting and ending with a "
            + "letter or digit'" + REFUSED_VALUE;

    public static final String IS_DNS_NAME =
            "self.matches('^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?[.])+[A-Za-z]{2,63}[.]?$')";
    public static final String DNS_NAME_MESSAGE = "'must be a DNS name like weka.example.com'" + REFUSED_VALUE;
    public static final int DNS_NAME_LENGTH = 253;

    public static final String IS_S3_BUCKET = "self.matches('^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$')";
    public static final String S3_BUCKET_MESSAGE = "'must be an S3 bucket name: 3 to 63 lowercase letters, digits, "
            + "dots and hyphens, starting and ending with a letter or digit'" + REFUSED_VALUE;

    public static final String IS_HTTP_URL = "self.matches('^https?://.+$')";
    public static final String HTTP_URL_MESSAGE = "'must be an http:// or https:// URL'" + REFUSED_VALUE;
    public static final int URL_LENGTH = 2048;

    /** A Kubernetes Secret's name (a DNS subdomain) and a key in its data. */
    public static final String IS_SECRET_NAME = "self.matches('^[a-z0-9]([a-z0-9-]*[a-z0-9])?([.][a-z0-9]([a-z0-9-]*"
            + "[a-z0-9])?)*$')";
    public static final String SECRET_NAME_MESSAGE = "'must be the name of a Secret: lowercase letters, digits, "
            + "hyphens and dots, starting and ending with a letter or digit'" + REFUSED_VALUE;
    public static final String IS_SECRET_KEY = "self.matches('^[A-Za-z0-9._-]+$')";
    public static final String SECRET_KEY_MESSAGE = "'must be a key of the Secret: letters, digits, hyphens, "
            + "underscores and dots'" + REFUSED_VALUE;
    public static final int SECRET_NAME_LENGTH = 253;

    private Formats() {
    }
}
