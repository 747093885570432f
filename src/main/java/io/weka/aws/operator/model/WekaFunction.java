package io.weka.aws.operator.model;

/** WEKA's eleven released functions: one binary, dispatched by the LAMBDA environment variable. */
public enum WekaFunction {
    DEPLOY("deploy", "deploy"),
    CLUSTERIZE("clusterize", "clusterize"),
    CLUSTERIZE_FINALIZATION("clusterize-finalization", "clusterizeFinalization"),
    JOIN_NFS_FINALIZATION("join-nfs-finalization", "joinNfsFinalization"),
    REPORT("report", "report"),
    STATUS("status", "status"),
    MANAGEMENT("management", "management"),
    FETCH("fetch", "fetch"),
    SCALE_DOWN("scale-down", "scaleDown"),
    TERMINATE("terminate", "terminate"),
    TRANSIENT("transient", "transient");

    private final String nameSuffix;
    private final String dispatch;

    WekaFunction(String nameSuffix, String dispatch) {
        this.nameSuffix = nameSuffix;
        this.dispatch = dispatch;
    }

    /** The part of the function name between the cluster name and "-lambda". */
    public String nameSuffix() {
        return nameSuffix;
    }

    /** The value of the LAMBDA environment variable that selects this function in the binary. */
    public String dispatch() {
        return dispatch;
    }
}
