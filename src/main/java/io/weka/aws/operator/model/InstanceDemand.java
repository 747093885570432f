package io.weka.aws.operator.model;

/**
 * Instances of one kind the spec asks for: where in the spec (backends, clients, protocolGateways.nfs, ...), their
 * type and number, and their own subnet (null: the cluster subnet).
 */
public record InstanceDemand(String specPath, String instanceType, int count, String subnetId) {
}
