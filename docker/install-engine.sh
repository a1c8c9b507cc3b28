#!/usr/bin/env bash
# Provision a Docker engine able to do multi-platform `docker buildx bake`
# builds on a Debian bookworm machine that has no Docker engine, no systemd and
# no reachable image registry (only the Debian apt mirror and the npm registry).
#
#   - docker.io, containerd, docker-buildx (0.13.x) from Debian trixie, pinned
#     low so nothing else is pulled from trixie
#   - qemu-user-static + binfmt-support (arm64 emulation, "F" flag so it works
#     inside containers and builds)
#   - docker-registry (Debian package) listening on 127.0.0.1:5000 only
#   - /etc/docker/daemon.json: containerd image store (multi-arch images
#     locally), published ports default to 127.0.0.1
#   - containerd, dockerd and the registry started in the background when not
#     running (no systemd needed); logs in $TSL_LOG_DIR (default /var/log)
#
# Idempotent: a second run with everything in place is a fast no-op.
# Env: TSL_LOG_DIR, TSL_REGISTRY_ADDR (127.0.0.1:5000), TSL_SKIP_SMOKE=1,
#      TSL_CACHE (/var/cache/tslambda-docker).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$here/lib.sh"

[ "$(id -u)" = 0 ] || tsl_die "run as root"

LOG_DIR=${TSL_LOG_DIR:-/var/log}
REGISTRY_ADDR=${TSL_REGISTRY_ADDR:-127.0.0.1:5000}
CACHE=${TSL_CACHE:-/var/cache/tslambda-docker}
NEW_SUITE=trixie
TRIXIE_PKGS=(docker.io containerd docker-buildx)
HOST_PKGS=(qemu-user-static binfmt-support docker-registry iptables)
CONTAINERD_SOCK=/run/containerd/containerd.sock
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$LOG_DIR" "$CACHE"
t0=$(date +%s)

# ---------------------------------------------------------------- packages --
pkg_installed() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed; }

# An engine that already answers (with buildx) is kept: only the helpers are
# installed then.
if docker info >/dev/null 2>&1 && docker buildx version >/dev/null 2>&1; then TRIXIE_PKGS=(); fi
missing=()
for p in "${TRIXIE_PKGS[@]}" "${HOST_PKGS[@]}"; do pkg_installed "$p" || missing+=("$p"); done

host_codename=$(tsl_host_codename)
if [ ${#missing[@]} -gt 0 ]; then
  tsl_log "installing: ${missing[*]}"
  # 1. trixie source derived from this machine's own sources, pinned low.
  src=/etc/apt/sources.list.d/tslambda-$NEW_SUITE.sources
  pref=/etc/apt/preferences.d/tslambda-$NEW_SUITE
  tmp=$(mktemp)
  { echo "# Written by tslambda docker/install-engine.sh: $host_codename sources with Suites renamed to $NEW_SUITE."
    tsl_rewrite_sources "$host_codename" "$NEW_SUITE"; } >"$tmp"
  grep -q '^URIs:' "$tmp" || tsl_die "no '$host_codename' deb source found in /etc/apt to derive $NEW_SUITE from"
  need_update=0
  if ! cmp -s "$tmp" "$src"; then install -m 0644 "$tmp" "$src"; need_update=1; fi
  rm -f "$tmp"
  cat >"$tmp" <<EOF
# Written by tslambda docker/install-engine.sh: only packages explicitly asked
# for (pkg/$NEW_SUITE) come from $NEW_SUITE.
Package: *
Pin: release n=$NEW_SUITE
Pin-Priority: 100

Package: *
Pin: release n=$NEW_SUITE-updates
Pin-Priority: 100

Package: *
Pin: release n=$NEW_SUITE-security
Pin-Priority: 100
EOF
  if ! cmp -s "$tmp" "$pref"; then install -m 0644 "$tmp" "$pref"; need_update=1; fi
  rm -f "$tmp"
  if [ "$need_update" = 1 ] || ! compgen -G "/var/lib/apt/lists/*_dists_${NEW_SUITE}_*Packages*" >/dev/null; then
    tsl_log "apt-get update"
    apt-get -q update >"$LOG_DIR/tslambda-apt-update.log" 2>&1 || { tail -30 "$LOG_DIR/tslambda-apt-update.log" >&2; tsl_die "apt-get update failed"; }
  fi

  # 2. binfmt_misc must be mounted before binfmt-support's postinst runs.
  if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || tsl_log "WARN: cannot mount binfmt_misc"
  fi

  # 3. No init system: keep maintainer scripts from starting daemons (we start
  #    them below with our own flags). Only if no policy-rc.d exists already.
  policy=/usr/sbin/policy-rc.d made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 0755 "$policy"; made_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi

  args=()
  for p in "${TRIXIE_PKGS[@]}"; do args+=("$p/$NEW_SUITE"); done
  args+=("${HOST_PKGS[@]}")
  tsl_log "apt-get install ${args[*]}"
  apt-get -q install -y --no-install-recommends "${args[@]}" >"$LOG_DIR/tslambda-apt-install.log" 2>&1 || {
    tail -40 "$LOG_DIR/tslambda-apt-install.log" >&2; tsl_die "apt-get install failed (log: $LOG_DIR/tslambda-apt-install.log)"; }
  if [ "$made_policy" = 1 ]; then rm -f "$policy"; trap - EXIT; fi
else
  tsl_log "packages already installed"
fi

# ------------------------------------------------------------------ binfmt --
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || tsl_die "cannot mount binfmt_misc on /proc/sys/fs/binfmt_misc"
fi
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  tsl_log "registering qemu-aarch64 binfmt handler"
  update-binfmts --import qemu-aarch64 >/dev/null 2>&1 || true
  update-binfmts --enable qemu-aarch64 || true
fi
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || tsl_die "qemu-aarch64 binfmt handler not registered"
grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 || echo 1 >/proc/sys/fs/binfmt_misc/qemu-aarch64
grep -q '^flags:.*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 ||
  tsl_log "WARN: qemu-aarch64 binfmt lacks the F (fix-binary) flag; emulation inside containers may fail"

# ------------------------------------------------------------- daemon.json --
mkdir -p /etc/docker
want='{"features":{"containerd-snapshotter":true},"ip":"127.0.0.1"}'
merge_json() { # $1 existing file, $2 json to merge (objects merged recursively)
  if command -v jq >/dev/null 2>&1; then
    jq -S --argjson w "$2" '. * $w' "$1"
  elif command -v python3 >/dev/null 2>&1; then
    python3 - "$1" "$2" <<'PY'
import json, sys
def merge(a, b):
    for k, v in b.items():
        a[k] = merge(a.get(k, {}), v) if isinstance(v, dict) and isinstance(a.get(k), dict) else v
    return a
cur = json.load(open(sys.argv[1]))
print(json.dumps(merge(cur, json.loads(sys.argv[2])), indent=2, sort_keys=True))
PY
  else
    node -e 'const fs=require("fs");const m=(a,b)=>{for(const[k,v]of Object.entries(b))a[k]=(v&&typeof v==="object"&&a[k]&&typeof a[k]==="object")?m(a[k],v):v;return a};
      console.log(JSON.stringify(m(JSON.parse(fs.readFileSync(process.argv[1],"utf8")),JSON.parse(process.argv[2])),null,2))' "$1" "$2"
  fi
}
[ -s /etc/docker/daemon.json ] || echo '{}' >/etc/docker/daemon.json
merged=$(merge_json /etc/docker/daemon.json "$want")
daemon_json_changed=0
if [ "$merged" != "$(cat /etc/docker/daemon.json)" ]; then
  printf '%s\n' "$merged" >/etc/docker/daemon.json
  daemon_json_changed=1
  tsl_log "wrote /etc/docker/daemon.json"
fi

# ----------------------------------------------------------------- daemons --
wait_for() { # $1 description, $2 seconds, rest: command
  local what=$1 secs=$2 i; shift 2
  for ((i = 0; i < secs * 5; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  tsl_die "$what did not come up within ${secs}s"
}

if ! { [ -S "$CONTAINERD_SOCK" ] && ctr --address "$CONTAINERD_SOCK" --timeout 5s version >/dev/null 2>&1; }; then
  tsl_log "starting containerd (log: $LOG_DIR/containerd.log)"
  setsid -f containerd >>"$LOG_DIR/containerd.log" 2>&1 </dev/null
  wait_for containerd 30 ctr --address "$CONTAINERD_SOCK" version
fi

if docker info >/dev/null 2>&1 && [ "$daemon_json_changed" = 1 ]; then
  tsl_log "daemon.json changed: restarting dockerd"
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill "$pid"
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
fi
if ! docker info >/dev/null 2>&1; then
  tsl_log "starting dockerd (log: $LOG_DIR/dockerd.log)"
  setsid -f dockerd --containerd="$CONTAINERD_SOCK" >>"$LOG_DIR/dockerd.log" 2>&1 </dev/null
  if ! (wait_for dockerd 60 docker info); then
    tail -30 "$LOG_DIR/dockerd.log" >&2; exit 1
  fi
fi

# ---------------------------------------------------------------- registry --
# The package's own config.yml enables htpasswd auth and listens on all
# interfaces: it is switched to loopback (in case its init script is ever used)
# and we serve our own config: no auth, loopback only, same storage.
pkg_cfg=/etc/docker/registry/config.yml
if [ -f "$pkg_cfg" ] && grep -qE '^  addr: :' "$pkg_cfg"; then
  sed -i -E "s|^  addr: :([0-9]+)\$|  addr: 127.0.0.1:\1|" "$pkg_cfg"
fi
reg_cfg=/etc/docker/registry/tslambda.yml
reg_host=${REGISTRY_ADDR%:*}
command -v docker-registry >/dev/null || tsl_die "docker-registry missing"
printf '%s\n' "# Written by tslambda docker/install-engine.sh" "version: 0.1" \
  "log:" "  fields:" "    service: registry" \
  "storage:" "  cache:" "    blobdescriptor: inmemory" "  filesystem:" "    rootdirectory: /var/lib/docker-registry" \
  "  delete:" "    enabled: true" \
  "http:" "  addr: $REGISTRY_ADDR" "  headers:" "    X-Content-Type-Options: [nosniff]" >"$CACHE/registry.yml"
reg_pids() { pgrep -f "^docker-registry serve $reg_cfg\$" || true; }
if ! cmp -s "$CACHE/registry.yml" "$reg_cfg"; then
  install -D -m 0644 "$CACHE/registry.yml" "$reg_cfg"
  tsl_log "wrote $reg_cfg (listen $REGISTRY_ADDR, no auth)"
  for p in $(reg_pids); do kill "$p" 2>/dev/null || true; done   # restart with the new config
  for ((i = 0; i < 50; i++)); do [ -z "$(reg_pids)" ] && break; sleep 0.2; done
fi
if ! curl -fsS -o /dev/null --max-time 2 --noproxy '*' "http://$REGISTRY_ADDR/v2/" 2>/dev/null; then
  tsl_log "starting docker-registry on $REGISTRY_ADDR (log: $LOG_DIR/docker-registry.log)"
  mkdir -p /var/lib/docker-registry
  run_as=()
  if id docker-registry >/dev/null 2>&1; then
    chown docker-registry /var/lib/docker-registry
    run_as=(setpriv --reuid=docker-registry --regid=docker-registry --init-groups)
  fi
  setsid -f "${run_as[@]}" docker-registry serve "$reg_cfg" >>"$LOG_DIR/docker-registry.log" 2>&1 </dev/null
  wait_for docker-registry 30 curl -fsS -o /dev/null --max-time 2 --noproxy '*' "http://$REGISTRY_ADDR/v2/"
fi
[ "$reg_host" = 127.0.0.1 ] || tsl_log "WARN: registry address $REGISTRY_ADDR is not loopback"

# ------------------------------------------------------------------ checks --
docker_v=$(docker version --format 'client {{.Client.Version}} / server {{.Server.Version}}')
buildx_v=$(docker buildx version)
qemu_v=$(qemu-aarch64-static --version | head -1)
store=$(docker info --format '{{range .DriverStatus}}{{index . 0}}={{index . 1}} {{end}}')
echo "docker:   $docker_v"
echo "buildx:   $buildx_v"
echo "qemu:     $qemu_v"
echo "storage:  $(docker info --format '{{.Driver}}') $store"
echo "binfmt:   $(tr '\n' ' ' </proc/sys/fs/binfmt_misc/qemu-aarch64 | cut -c1-120)"
echo "registry: http://$REGISTRY_ADDR/v2/ ok"
case "$buildx_v" in *" v0.13."* | *" 0.13."*) ;; *) tsl_log "WARN: expected buildx 0.13.x" ;; esac
case "$store" in *io.containerd.snapshotter*) ;; *) tsl_die "dockerd is not using the containerd image store" ;; esac

# Smoke test (cheap on rerun): a multi-platform FROM-scratch image holding
# busybox-static of each arch, built with the default `docker` driver into the
# containerd image store, run for arm64 under qemu, pushed to the local registry.
if [ "${TSL_SKIP_SMOKE:-0}" != 1 ]; then
  smoke=tslambda-smoke:latest
  if ! docker image inspect "$smoke" >/dev/null 2>&1; then
    ctx=$CACHE/smoke
    mkdir -p "$ctx"
    for arch in amd64 arm64; do
      if [ ! -x "$ctx/busybox-$arch" ]; then
        tsl_private_apt "$CACHE/apt-$host_codename-$arch" "$arch" "$host_codename"
        d=$(mktemp -d)
        (cd "$d" && apt-get -q "${TSL_APT_OPTS[@]}" download busybox-static >/dev/null 2>&1) || tsl_die "apt-get download busybox-static ($arch) failed"
        dpkg-deb --fsys-tarfile "$d"/busybox-static_*.deb | tar -xO ./bin/busybox >"$ctx/busybox-$arch.tmp"
        chmod 0755 "$ctx/busybox-$arch.tmp"; mv "$ctx/busybox-$arch.tmp" "$ctx/busybox-$arch"
        rm -rf "$d"
      fi
    done
    cat >"$ctx/Dockerfile" <<'EOF'
FROM scratch
ARG TARGETARCH
COPY busybox-${TARGETARCH} /bin/busybox
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox uname -m > /arch"]
ENTRYPOINT ["/bin/busybox"]
EOF
    tsl_log "smoke build: docker buildx build --platform linux/amd64,linux/arm64"
    docker buildx build -q --platform linux/amd64,linux/arm64 -t "$smoke" "$ctx" >/dev/null
  fi
  a=$(docker run --rm --network none --platform linux/arm64 "$smoke" cat /arch)
  b=$(docker run --rm --network none --platform linux/amd64 "$smoke" cat /arch)
  if [ "$a" != aarch64 ] || [ "$b" != x86_64 ]; then tsl_die "smoke test: got arm64=$a amd64=$b"; fi
  echo "smoke:    docker run --platform linux/arm64 -> $a, linux/amd64 -> $b"
  docker tag "$smoke" "$REGISTRY_ADDR/tslambda-smoke:latest"
  # dockerd 26 pushes a multi-platform image's manifests to the tag concurrently, and
  # docker-registry 2.8 now and then answers one of the racing HEADs with a 500
  # ("invalid checksum digest format"). The push is idempotent, so try it again.
  for try in 1 2 3; do
    if out=$(docker push -q "$REGISTRY_ADDR/tslambda-smoke:latest" 2>&1); then break; fi
    [ "$try" = 3 ] && tsl_die "docker push $REGISTRY_ADDR/tslambda-smoke:latest failed 3 times: $out"
    tsl_log "WARN: docker push failed (try $try of 3), retrying: $out"
    sleep 1
  done
  echo "smoke:    pushed $REGISTRY_ADDR/tslambda-smoke:latest ($(curl -fsS --noproxy '*' -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$REGISTRY_ADDR/v2/tslambda-smoke/manifests/latest" | grep -o '"architecture": *"[a-z0-9]*"' | grep -v unknown | sed 's/.*: *//' | sort -u | tr -d '"' | tr '\n' ' '))"
fi
tsl_log "install-engine: done in $(($(date +%s) - t0))s"
