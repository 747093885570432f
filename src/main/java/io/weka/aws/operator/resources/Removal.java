package io.weka.aws.operator.resources;

/** Where the removal of a resource stands after one pass. */
public enum Removal {
    /** Absent from AWS, whether just deleted or never there. */
    GONE,
    /** AWS accepted the deletion but is still carrying it out (instances terminating, a NAT gateway draining). */
    IN_PROGRESS
}
