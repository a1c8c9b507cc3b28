# Verification targets for the stand-ins; run from this directory.
variable "CA_BUNDLE" { default = "/etc/ssl/certs/ca-certificates.crt" }
variable "CHECK_NETWORK" { default = "1" }

group "default" { targets = ["app", "lambda"] }

target "_common" {
  context   = "."
  platforms = ["linux/amd64", "linux/arm64"]
  secret    = ["id=ca,src=${CA_BUNDLE}"]
  args      = { CHECK_NETWORK = CHECK_NETWORK }
}

target "app" {
  inherits = ["_common"]
  target   = "app"
  tags     = ["tslambda-standin-test:app"]
}

target "lambda" {
  inherits = ["_common"]
  target   = "lambda"
  tags     = ["tslambda-standin-test:lambda"]
}
