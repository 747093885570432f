package io.weka.aws.operator.resources;

import io.weka.aws.operator.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;

/** Where the removal of a resource stands after one pass. */
public enum Removal {
    /** Absent from AWS, whether just deleted or never there. */
    GONE,
    /** AWS accepted the deletion but is still carrying it out (instances terminating, a NAT gateway draining). */
    IN_PROGRESS;

    /** Runs a delete call; AWS refusing it because something still uses the resource means: again, later. */
    public static Removal attempt(Runnable delete) {
        try {
            delete.run();
            return GONE;
        } catch (SdkException e) {
            if (AwsErrors.isStillInUse(e)) {
                return IN_PROGRESS;
            }
            throw e;
        }
    }

    /** Gone only when both parts are. */
    public Removal and(Removal other) {
        return this == GONE ? other : IN_PROGRESS;
    }
}
