package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.spec.BackendsSpec;
import io.weka.aws.operator.resources.InvalidReferenceException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * The backends' AMI and its root device (main.tf data.aws_ami): the spec's image, or the newest Amazon-owned Amazon
 * Linux 2023 (kernel 6.1) for the instance type's architecture. The root device's size is the AMI's unless the spec
 * sets one: the launch template names it explicitly, as a volume without a size cannot be launched everywhere.
 */
record BackendImage(String imageId, String rootDeviceName, int rootVolumeSize) {

    /** main.tf local.ami_name_pattern: arm64 for the i8ge family, x86_64 otherwise. */
    static String namePattern(String instanceType) {
        boolean i8ge = instanceType.split("\\.")[0].startsWith("i8ge");
        return "al2023-ami-2023*-kernel-6.1-" + (i8ge ? "arm64" : "x86_64");
    }

    static BackendImage resolve(Ec2Client ec2, BackendsSpec backends) {
        return resolve(ec2, "backends", backends.amiId, namePattern(backends.instanceType), backends.rootVolumeSize);
    }

    /**
     * The spec's image, or the newest Amazon-owned one named {@code pattern}; the root size is the spec's, else the
     * AMI's. {@code field} names the spec block in messages, e.g. "clients".
     */
    static BackendImage resolve(Ec2Client ec2, String field, String amiId, String pattern, Integer rootVolumeSize) {
        Image image = amiId != null ? named(ec2, field, amiId) : latestAmazonLinux(ec2, field, pattern);
        if (image.rootDeviceName() == null) {
            throw new InvalidReferenceException("image " + image.imageId()
                    + " names no root device; choose another " + field + ".amiId");
        }
        Integer size = Optional.ofNullable(rootVolumeSize).orElseGet(() -> image.blockDeviceMappings().stream()
                .filter(m -> image.rootDeviceName().equals(m.deviceName()) && m.ebs() != null)
                .map(m -> m.ebs().volumeSize()).findFirst().orElse(null));
        if (size == null) {
            throw new InvalidReferenceException("image " + image.imageId()
                    + " gives its root device " + image.rootDeviceName() + " no size: set " + field + ".rootVolumeSize");
        }
        return new BackendImage(image.imageId(), image.rootDeviceName(), size);
    }

    private static Image named(Ec2Client ec2, String field, String amiId) {
        List<Image> images;
        try {
            images = ec2.describeImages(r -> r.imageIds(amiId)).images();
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() == null || !e.awsErrorDetails().errorCode().startsWith("InvalidAMIID")) {
                throw e;
            }
            images = List.of();
        }
        return images.stream().findFirst().orElseThrow(() -> new InvalidReferenceException(
                field + ".amiId " + amiId + " is not an image this account can use in this region"));
    }

    private static Image latestAmazonLinux(Ec2Client ec2, String field, String pattern) {
        return ec2.describeImages(r -> r.owners("amazon").filters(f -> f.name("name").values(pattern))).images()
                .stream().max(Comparator.comparing(Image::creationDate, Comparator.nullsFirst(Comparator.naturalOrder())))
                .orElseThrow(() -> new InvalidReferenceException("no Amazon-owned image named "
                        + pattern + " in this region: set " + field + ".amiId"));
    }
}
