"""Packs a root filesystem as a one-layer image in `docker save` format (manifest.json, config, layer), the base
format Jib accepts from a file. Entries are sorted and timestamps zeroed, so the same tree gives the same image."""
import hashlib
import io
import json
import os
import sys
import tarfile

rootfs, output = sys.argv[1], sys.argv[2]


def reset(info):
    info.mtime = 0
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
    for directory, dirs, files in os.walk(rootfs):
        dirs.sort()
        for name in sorted(dirs) + sorted(files):
            path = os.path.join(directory, name)
            tar.add(path, arcname=os.path.relpath(path, rootfs), recursive=False, filter=reset)
layer_bytes = layer.getvalue()
diff_id = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()

config = json.dumps({
    "architecture": {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine),
    "os": "linux",
    "config": {"Env": ["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java"]},
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
}, sort_keys=True).encode()
config_name = hashlib.sha256(config).hexdigest() + ".json"
manifest = json.dumps([{"Config": config_name, "RepoTags": ["weka-aws-operator-base:local"],
                        "Layers": ["layer.tar"]}]).encode()

with tarfile.open(output, mode="w") as tar:
    for name, data in (("manifest.json", manifest), (config_name, config), ("layer.tar", layer_bytes)):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
