# shellcheck shell=bash
# Shared helpers for docker/install-engine.sh and docker/build-standins.sh.
# Sourced, not executed. No package-registry host name is written here: every
# apt source is derived at run time from the machine's own apt configuration.

tsl_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
tsl_die() { tsl_log "ERROR: $*"; exit 1; }

tsl_host_codename() {
  local c=""
  if [ -r /etc/os-release ]; then
    # shellcheck disable=SC1091
    c=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
  fi
  printf '%s\n' "${c:-bookworm}"
}

# tsl_rewrite_sources FROM TO
# Prints deb822 stanzas for every enabled "deb" source of this machine whose
# Suites include FROM or FROM-<something> (e.g. bookworm, bookworm-updates,
# bookworm-security), with those suites renamed to TO / TO-<something>.
# URIs, Components and Signed-By are copied from the machine's configuration.
# Reads /etc/apt/sources.list.d/*.sources (deb822) and /etc/apt/sources.list +
# /etc/apt/sources.list.d/*.list (one-line format). Files whose name starts
# with "tslambda-" (written by these scripts) are ignored.
tsl_rewrite_sources() {
  local from=$1 to=$2 f files=()
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    case "$(basename "$f")" in tslambda-*) continue ;; esac
    files+=("$f")
  done
  if [ ${#files[@]} -gt 0 ]; then
    awk -v from="$from" -v to="$to" '
      BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; suites = ""; enabled = "yes"; out = ""
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^#/) continue
          if (match(line, /^[A-Za-z0-9-]+:/)) {
            key = tolower(substr(line, 1, RLENGTH - 1))
            val = substr(line, RLENGTH + 1); gsub(/^[ \t]+|[ \t]+$/, "", val)
            if (key == "types") { types = val; continue }
            if (key == "suites") { suites = val; continue }
            if (key == "enabled") { enabled = tolower(val); continue }
          }
          out = out line "\n"
        }
        if (enabled == "no") next
        if ((" " types " ") !~ / deb /) next
        n = split(suites, s, /[ \t]+/); ns = ""
        for (j = 1; j <= n; j++) {
          if (s[j] == from) ns = ns " " to
          else if (index(s[j], from "-") == 1) ns = ns " " to substr(s[j], length(from) + 1)
        }
        if (ns == "") next
        printf "Types: deb\nSuites:%s\n%s\n", ns, out
      }' "${files[@]}"
  fi
  files=()
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    case "$(basename "$f")" in tslambda-*) continue ;; esac
    files+=("$f")
  done
  if [ ${#files[@]} -gt 0 ]; then
    awk -v from="$from" -v to="$to" '
      /^[ \t]*deb[ \t]/ {
        i = 2; signed = ""
        if ($2 ~ /^\[/) {
          opts = ""
          while (i <= NF) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } ; i++ }
          if (match(opts, /signed-by=[^] ]+/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
        }
        uri = $i; suite = $(i + 1); comps = ""
        for (k = i + 2; k <= NF; k++) comps = comps " " $k
        if (suite == from) ns = to
        else if (index(suite, from "-") == 1) ns = to substr(suite, length(from) + 1)
        else next
        printf "Types: deb\nURIs: %s\nSuites: %s\nComponents:%s\n", uri, ns, comps
        if (signed != "") printf "Signed-By: %s\n", signed
        printf "\n"
      }' "${files[@]}"
  fi
}

# tsl_private_apt DIR ARCH SUITE
# Prepares an apt state directory (lists, cache, sources) that is private to
# DIR and resolves packages for ARCH from SUITE (derived from the host's
# sources). Does not touch the host's dpkg/apt state. Prints nothing; sets the
# global array TSL_APT_OPTS for use with apt-get.
tsl_private_apt() {
  local dir=$1 arch=$2 suite=$3 host
  host=$(tsl_host_codename)
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/sources.d" "$dir/empty"
  : >"$dir/status.tmp"
  [ -f "$dir/status" ] || : >"$dir/status"
  tsl_rewrite_sources "$host" "$suite" >"$dir/sources.d/tslambda.sources.tmp"
  [ -s "$dir/sources.d/tslambda.sources.tmp" ] || tsl_die "could not derive apt sources for $suite from this machine's apt configuration"
  if ! cmp -s "$dir/sources.d/tslambda.sources.tmp" "$dir/sources.d/tslambda.sources"; then
    mv "$dir/sources.d/tslambda.sources.tmp" "$dir/sources.d/tslambda.sources"
    rm -f "$dir/updated"
  else
    rm -f "$dir/sources.d/tslambda.sources.tmp"
  fi
  rm -f "$dir/status.tmp"
  TSL_APT_OPTS=(
    -o "APT::Architecture=$arch"
    -o "APT::Architectures::=$arch"
    -o "Dir::Etc::SourceList=/dev/null"
    -o "Dir::Etc::SourceParts=$dir/sources.d"
    -o "Dir::Etc::Preferences=/dev/null"
    -o "Dir::Etc::PreferencesParts=$dir/empty"
    -o "Dir::State::Lists=$dir/lists"
    -o "Dir::State::status=$dir/status"
    -o "Dir::Cache=$dir/cache"
    -o "Debug::NoLocking=1"
    -o "APT::Get::List-Cleanup=0"
  )
  if [ ! -f "$dir/updated" ]; then
    tsl_log "apt-get update (private, $suite/$arch) in $dir"
    apt-get -q "${TSL_APT_OPTS[@]}" update >"$dir/update.log" 2>&1 || {
      cat "$dir/update.log" >&2; tsl_die "private apt-get update failed"; }
    touch "$dir/updated"
  fi
}
