#!/bin/sh
# Stand-in for the entrypoint of the Lambda "provided" base image. The real one
# starts the Runtime Interface Emulator when AWS_LAMBDA_RUNTIME_API is unset;
# this stand-in has no emulator, so AWS_LAMBDA_RUNTIME_API must be set (point it
# at a Runtime API served on the host, e.g. with --network host).
if [ $# -ne 1 ]; then
  echo "entrypoint requires the handler name to be the first argument" 1>&2
  exit 142
fi
export _HANDLER="$1"
RUNTIME_ENTRYPOINT=/var/runtime/bootstrap
[ -x "$RUNTIME_ENTRYPOINT" ] || RUNTIME_ENTRYPOINT=/var/task/bootstrap
if [ -z "${AWS_LAMBDA_RUNTIME_API:-}" ]; then
  echo "stand-in image has no aws-lambda-rie: set AWS_LAMBDA_RUNTIME_API=host:port" 1>&2
  exit 142
fi
exec "$RUNTIME_ENTRYPOINT"
