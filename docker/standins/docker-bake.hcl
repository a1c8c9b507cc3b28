# Bake file for the stand-in base images (see Dockerfile beside it).
# Run by docker/build-standins.sh from inside the prepared build context.
variable "NODE_VERSION" { default = "24.21.0" }
variable "STANDIN_REV" { default = "dev" }

group "default" {
  targets = ["debian", "node", "distroless-cc", "distroless-static", "lambda-provided"]
}

target "_common" {
  context    = "."
  dockerfile = "Dockerfile"
  platforms  = ["linux/amd64", "linux/arm64"]
  args = {
    NODE_VERSION = NODE_VERSION
    STANDIN_REV  = STANDIN_REV
  }
}

target "debian" {
  inherits = ["_common"]
  target   = "debian"
  tags     = ["debian:bookworm-slim"]
}

target "node" {
  inherits = ["_common"]
  target   = "node"
  tags     = ["node:${NODE_VERSION}-bookworm-slim"]
}

target "distroless-cc" {
  inherits = ["_common"]
  target   = "distroless-cc"
  tags     = ["gcr.io/distroless/cc-debian12:nonroot"]
}

target "distroless-static" {
  inherits = ["_common"]
  target   = "distroless-static"
  args     = { DISTROLESS_PACKAGES = "base-files netbase tzdata ca-certificates", MERGED_USR = "0" }
  tags     = ["gcr.io/distroless/static-debian12:nonroot"]
}

target "lambda-provided" {
  inherits = ["_common"]
  target   = "lambda-provided"
  tags     = ["public.ecr.aws/lambda/provided:al2023"]
}
