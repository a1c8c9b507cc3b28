# docker buildx bake -f buildx-bake.hcl            every demo, both architectures, loaded locally
# docker buildx bake -f buildx-bake.hcl zip        dist/<function>-<x86_64|arm64>.zip
# docker buildx bake -f buildx-bake.hcl push       one single-arch image per tag, for ECR
# docker buildx bake -f buildx-bake.hcl layers     runtime layer, extension layers, functions for the runtime layer
# FUNCTION_DIR=../my-fn FUNCTION_NAME=my-fn docker buildx bake -f buildx-bake.hcl function function-zip
# FUNCTION_HANDLER=src/app.handler …                 a handler other than index.handler
# docker buildx bake -f buildx-bake.hcl fixtures    the test fixtures' images (container tests)
#
# Written for buildx 0.13 (Debian's): string forms for outputs and secrets, no typed variables.

variable "REGISTRY" {
  # Image name prefix, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com
  default = "tslambda"
}
variable "TAG" {
  default = "dev"
}
variable "PLATFORMS" {
  default = "linux/amd64,linux/arm64"
}
# null keeps the Dockerfile's own defaults, so versions live in one place.
variable "NODE_VERSION" {
  default = null
}
variable "BUILD_IMAGE" {
  default = null
}
variable "BASE_IMAGE" {
  default = null
}
# A PEM bundle to trust inside build containers (a corporate proxy's CA); passed as a secret.
variable "CA_BUNDLE" {
  default = ""
}
# A directory of layer content (what Lambda would unpack under /opt) to copy into the
# function image; empty for none.
variable "LAYERS_DIR" {
  default = ""
}
# Your own function: a directory with index.ts (and optionally package.json + lock file).
variable "FUNCTION_DIR" {
  default = "demos/echo"
}
variable "FUNCTION_NAME" {
  default = "function"
}
# Lambda's handler spec, path/to/module.export (the Dockerfile's default: index.handler). The
# image gets it as _HANDLER; for a zip, give it to Lambda as --handler.
variable "FUNCTION_HANDLER" {
  default = null
}
# install (npm installs the function's dependencies in the build) or given (FUNCTION_DIR holds
# them in node_modules/, as `tslambda image` stages it); null keeps the Dockerfile's install.
variable "FUNCTION_DEPENDENCIES" {
  default = null
}
variable "DESTDIR" {
  default = "dist"
}
variable "SOURCE_URL" {
  default = "https://github.com/tslambda/tslambda"
}
variable "REVISION" {
  default = ""
}
variable "VERSION" {
  default = "0.1.0"
}

function "platforms" {
  params = []
  result = split(",", PLATFORMS)
}

group "default" {
  targets = ["echo", "debug", "fail", "oversize", "stream", "extension", "telemetry", "snapstart", "concurrent"]
}

group "zip" {
  targets = ["zip-echo", "zip-debug", "zip-fail", "zip-oversize", "zip-stream", "zip-extension", "zip-telemetry"]
}

group "layers" {
  targets = ["runtime-layer", "layers-echo", "layers-debug", "layers-fail", "layers-oversize", "layers-stream", "layers-extension", "layers-telemetry"]
}

# Test fixtures for the container tests, each on the one architecture its test needs.
group "fixtures" {
  targets = ["fixture-files", "fixture-src-handler", "fixture-sharp", "fixture-aws-sdk"]
}

group "push" {
  targets = [
    "push-echo-amd64", "push-echo-arm64", "push-debug-amd64", "push-debug-arm64",
    "push-fail-amd64", "push-fail-arm64", "push-oversize-amd64", "push-oversize-arm64",
    "push-stream-amd64", "push-stream-arm64", "push-extension-amd64", "push-extension-arm64", "push-telemetry-amd64", "push-telemetry-arm64",
  ]
}

target "_common" {
  context    = "."
  dockerfile = "Dockerfile"
  args = {
    NODE_VERSION = NODE_VERSION
    BUILD_IMAGE  = BUILD_IMAGE
    BASE_IMAGE   = BASE_IMAGE
  }
  labels = {
    "org.opencontainers.image.source"   = SOURCE_URL
    "org.opencontainers.image.revision" = REVISION
    "org.opencontainers.image.version"  = VERSION
    "org.opencontainers.image.licenses" = "Apache-2.0"
  }
  secret = CA_BUNDLE != "" ? ["id=ca,src=${CA_BUNDLE}"] : []
}

# One image per demo, both architectures in one local multi-platform image.
target "demo" {
  name      = fn
  matrix    = { fn = ["echo", "debug", "fail", "oversize", "stream", "extension", "telemetry", "snapstart", "concurrent"] }
  inherits  = ["_common"]
  contexts  = { function = "demos/${fn}" }
  args      = { FUNCTION_NAME = fn }
  target    = "image"
  platforms = platforms()
  tags      = ["${REGISTRY}/${fn}:${TAG}"]
  output    = ["type=docker"]
}

target "zip-demo" {
  name      = "zip-${fn}"
  matrix    = { fn = ["echo", "debug", "fail", "oversize", "stream", "extension", "telemetry"] }
  inherits  = ["_common"]
  contexts  = { function = "demos/${fn}" }
  args      = { FUNCTION_NAME = fn }
  target    = "zip"
  platforms = platforms()
  output    = ["type=local,dest=${DESTDIR},platform-split=false"]
}

# dist/tslambda-runtime-layer-<arch>.zip: Node.js and the runtime, unpacked under /opt.
target "runtime-layer" {
  inherits  = ["_common"]
  target    = "runtime-layer"
  platforms = platforms()
  output    = ["type=local,dest=${DESTDIR},platform-split=false"]
}

# dist/<demo>-layered-<arch>.zip (the function alone, for the runtime layer) and
# dist/<demo>-extensions-layer-<arch>.zip when it has extensions.
target "layers-demo" {
  name      = "layers-${fn}"
  matrix    = { fn = ["echo", "debug", "fail", "oversize", "stream", "extension", "telemetry"] }
  inherits  = ["_common"]
  contexts  = { function = "demos/${fn}" }
  args      = { FUNCTION_NAME = fn }
  target    = "layer-zips"
  platforms = platforms()
  output    = ["type=local,dest=${DESTDIR},platform-split=false"]
}

# Lambda takes neither image indexes nor attestations: one plain image manifest per tag.
target "push-demo" {
  name      = "push-${fn}-${arch}"
  matrix    = { fn = ["echo", "debug", "fail", "oversize", "stream", "extension", "telemetry"], arch = ["amd64", "arm64"] }
  inherits  = ["_common"]
  contexts  = { function = "demos/${fn}" }
  args      = { FUNCTION_NAME = fn }
  target    = "image"
  platforms = ["linux/${arch}"]
  tags      = ["${REGISTRY}/${fn}:${TAG}-${arch}"]
  attest    = ["type=provenance,disabled=true", "type=sbom,disabled=true"]
  output    = ["type=image,push=true"]
}

# A user's function: FUNCTION_DIR and FUNCTION_NAME.
target "function" {
  inherits  = ["_common"]
  contexts  = LAYERS_DIR != "" ? { function = FUNCTION_DIR, layers = LAYERS_DIR } : { function = FUNCTION_DIR }
  args      = { FUNCTION_NAME = FUNCTION_NAME, FUNCTION_HANDLER = FUNCTION_HANDLER, FUNCTION_DEPENDENCIES = FUNCTION_DEPENDENCIES }
  target    = "image"
  platforms = platforms()
  tags      = ["${REGISTRY}/${FUNCTION_NAME}:${TAG}"]
  output    = ["type=docker"]
}

target "function-zip" {
  inherits  = ["function"]
  target    = "zip"
  tags      = []
  output    = ["type=local,dest=${DESTDIR},platform-split=false"]
}

target "function-layers" {
  inherits  = ["function"]
  target    = "layer-zips"
  tags      = []
  output    = ["type=local,dest=${DESTDIR},platform-split=false"]
}

target "function-push" {
  name      = "function-push-${arch}"
  matrix    = { arch = ["amd64", "arm64"] }
  inherits  = ["function"]
  platforms = ["linux/${arch}"]
  tags      = ["${REGISTRY}/${FUNCTION_NAME}:${TAG}-${arch}"]
  attest    = ["type=provenance,disabled=true", "type=sbom,disabled=true"]
  output    = ["type=image,push=true"]
}

target "_fixture" {
  inherits = ["_common"]
  target   = "image"
  output   = ["type=docker"]
}

target "fixture-files" {
  inherits  = ["_fixture"]
  contexts  = { function = "test/fixtures/functions/files" }
  platforms = ["linux/amd64"]
  tags      = ["${REGISTRY}/fixture-files:${TAG}"]
}

target "fixture-src-handler" {
  inherits  = ["_fixture"]
  contexts  = { function = "test/fixtures/functions/src-handler" }
  args      = { FUNCTION_HANDLER = "src/app.handler" }
  platforms = ["linux/amd64"]
  tags      = ["${REGISTRY}/fixture-src-handler:${TAG}"]
}

# arm64 only: a native module for the other architecture than the (amd64) build machine.
# A large bundle (the S3 client), so the image ships a compile cache, made under emulation for arm64.
target "fixture-aws-sdk" {
  inherits  = ["_fixture"]
  contexts  = { function = "test/fixtures/functions/aws-sdk" }
  platforms = ["linux/arm64"]
  tags      = ["${REGISTRY}/fixture-aws-sdk:${TAG}"]
}
target "fixture-sharp" {
  inherits  = ["_fixture"]
  contexts  = { function = "test/fixtures/functions/sharp" }
  platforms = ["linux/arm64"]
  tags      = ["${REGISTRY}/fixture-sharp:${TAG}"]
}
