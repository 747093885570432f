#!/usr/bin/env bash
# Assembles the operator image's base without a registry or a Docker daemon: a Java runtime jlinked from the JDK
# that runs the build, the shared libraries it loads, a non-root user, packed as a `docker save` tarball that Jib
# takes as `tar://` base. Usage: scripts/image/base.sh <output dir>  (writes <output dir>/base.tar).
set -euo pipefail
out=$(realpath -m "${1:?output directory}")
rootfs="$out/rootfs"
rm -rf "$out" && mkdir -p "$rootfs"
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

# The modules Quarkus, Fabric8 and the AWS SDK use at run time; jdk.crypto.ec for TLS to the API server and AWS.
# java.desktop stays for java.beans, but without its graphics and sound libraries (and so without X11's).
"$java_home/bin/jlink" --output "$rootfs/opt/java" --strip-debug --no-header-files --no-man-pages --compress=2 \
    --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.net \
    --exclude-files='regex:.*/lib(awt|awt_xawt|awt_headless|fontmanager|javajpeg|jawt|jsound|lcms|mlib_image|splashscreen)\.so'

# Every library the runtime's binaries load, at the path the loader looks for it (the loader itself included).
find "$rootfs/opt/java" -type f \( -name java -o -name '*.so' \) -print0 | xargs -0 ldd 2>/dev/null \
    | grep -o '/[^ ]*' | sort -u | while read -r lib; do
        if [[ -e $lib ]]; then cp -L --parents "$lib" "$rootfs"; fi
    done

mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/proc" "$rootfs/deployments"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nweka:x:1001:1001:weka-aws-operator:/deployments:/sbin/nologin\n' \
    > "$rootfs/etc/passwd"
printf 'root:x:0:\nweka:x:1001:\n' > "$rootfs/etc/group"
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$rootfs/etc/hosts"

python3 "$(dirname "$0")/pack.py" "$rootfs" "$out/base.tar"
echo "image base: $out/base.tar ($(du -h "$out/base.tar" | cut -f1))"
