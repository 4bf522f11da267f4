#!/usr/bin/env bash
# The unit under a real systemd: boot a Debian 12 (bookworm) root under systemd-nspawn, install the
# monitor in it the way docs/install-debian.md says, and check what a unit file alone cannot show:
# READY=1 reached, the watchdog fed, minutes without a restart, an alert delivered, the exposure
# score, a clean stop, and exit 78 (a bad config) not restarted. Both units (council-monitor and
# council-monitor-web) run over one database while both write: the daemon polls a sandbox where a
# councillor posts a phone number every 20 s (a finding each time), and the Clerk, driven over HTTP from
# the host by tests/web/clerk.py, signs in (one-time password, authenticator, new password) and
# acknowledges, assigns, fixes, dismisses and reopens findings the whole time. Per database: both units
# active with NRestarts=0, no 5xx, every action in the audit trail, no "database is locked" (nor a
# PostgreSQL serialization failure or deadlock) in either journal, and `council-monitor audit verify` 0.
#
# Usage (as root):  bash scripts/systemd-test.sh [--minutes N] [--db sqlite|postgresql|both] [--head | --rev REV]
#   --minutes N   how long both units run and write, per database (default 3; or SYSTEMD_TEST_MINUTES)
#   --db WHICH    the database(s), one after the other in one boot (default both): sqlite is the file in
#                 the state directory; postgresql is a database made for the run on the host's server
#                 (SYSTEMD_TEST_POSTGRES, default postgresql://postgres@127.0.0.1:5432/test, is where it is
#                 created from; trust or PGPASSWORD auth) and dropped afterwards
#   --head        install the last commit (git archive HEAD) rather than the working tree
#   --rev REV     install that commit or tag instead
# Prints PASS/FAIL per check; the last line is a JSON object with the figures. Exit 0 only if all pass.
#
# It needs debootstrap and systemd-container (installed from Debian if missing) and reaches Debian's
# mirror and PyPI as the host does. The Debian root is cached in /var/cache/council-monitor-systemd-test
# (rebuilt when missing or when its package list changes; delete it to force that). Each run boots it
# read-only under a throw-away tmpfs overlay (--volatile=overlay): every run starts from the same clean
# server. The dependencies' wheels are kept in its wheelhouse/ (delete that to fetch newer releases).
# The sandbox APIs and the SMTP sink run on the host: without --private-network the container shares
# the host's network, so 127.0.0.1 inside is the host's.
#
# Never boot systemd as PID 1 in a bare `unshare` namespace instead: its tmpfiles service would empty
# the host's /tmp. systemd-nspawn gives it a root of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

MINUTES=${SYSTEMD_TEST_MINUTES:-3}
DB=both
SOURCE=worktree               # or a git revision
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --head) SOURCE="HEAD"; shift ;;
    --rev) SOURCE=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "systemd-test: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$MINUTES" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "systemd-test: --minutes wants a number, not $MINUTES" >&2; exit 2; }
case "$DB" in
  sqlite|postgresql) DATABASES=("$DB") ;;
  both) DATABASES=(sqlite postgresql) ;;
  *) echo "systemd-test: --db wants sqlite, postgresql or both, not $DB" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "systemd-test: run as root (debootstrap and systemd-nspawn need it)" >&2; exit 2; }

CACHE=/var/cache/council-monitor-systemd-test
BASE=$CACHE/bookworm          # the cached root: debootstrap plus the packages of the guide's step 1
RUN=$CACHE/run                # this run's release, logs and mailbox (kept until the next run)
LOG=$RUN/log
PYTHON=$REPO/.venv/bin/python
MACHINE=council-monitor-test  # the container's host name
UNITS=(council-monitor)       # council-monitor-web joins when systemd/council-monitor-web.service exists
WEB_UNIT=systemd/council-monitor-web.service
GUIDE=docs/install-debian.md
# What the root holds besides debootstrap's default set: what it takes to boot, and step 1 of the guide
# (read from the guide itself; this list only if the guide's `apt install` line cannot be found).
BOOT_PACKAGES="systemd,systemd-sysv,dbus"
FALLBACK_PACKAGES="python3 python3-venv git curl libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"

STARTED=$(date +%s.%N)
declare -A FIG=()                 # figures for the closing JSON line
PASSED=0 FAILED=0
NSPAWN_PID="" LEADER="" SANDBOX_PID="" SMTP_PID=""
PHASE="" PHASE_STARTED=0         # the database the checks of the moment run on (in their names and figures)
PG_ADMIN=${SYSTEMD_TEST_POSTGRES:-postgresql://postgres@127.0.0.1:5432/test}
PG_DATABASE=""                    # the run's own PostgreSQL database, once created (dropped at the end)
ARRIVING_EVERY=20                 # seconds between two of the sandbox's new posts (each one a finding)

say() { printf '%s systemd-test: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
die() {  # die MESSAGE: a setup step failed; say what to look at, and still end with the figures
  echo "systemd-test: $*" >&2
  FIG[error]=$*
  FIG[passed]=$PASSED FIG[failed]=$FAILED
  figures_json
  exit 2
}
fig() {  # fig NAME: the figure's key, prefixed with the database of the moment
  echo "${PHASE:+${PHASE}_}$1"
}
check() {  # check NAME OK DETAIL: print PASS or FAIL with the detail (and the database), and count it
  set -- "$1${PHASE:+ [$PHASE]}" "$2" "$3"
  if [ "$2" = 1 ]; then PASSED=$((PASSED + 1)); echo "PASS $1: $3"; else FAILED=$((FAILED + 1)); echo "FAIL $1: $3"; fi
}

# -- The host's tools and network settings ---------------------------------------------------------------

host_tools() {
  local missing=()
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v systemd-nspawn >/dev/null || missing+=(systemd-container)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} from Debian"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || die "could not install ${missing[*]} (apt-get install ${missing[*]} by hand, then run again)"
}

host_mirror() {  # the Debian mirror the host's apt uses (a local mirror or proxy applies to the root too)
  local uri
  uri=$(grep -hoE '^(deb|URIs:)[^#]*https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
        /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -oE 'https?://[^ ]+' | head -1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

copy_host_apt_settings() {  # the host's Debian sources and Acquire:: settings (proxy, mirror quirks)
  local target=$1 file
  rm -f "$target"/etc/apt/sources.list.d/*
  : >"$target/etc/apt/sources.list"
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -s "$file" ] && grep -qE '/debian(-security)?/?( |$)' "$file" || continue
    grep -qE 'https?://[^ ]+/debian' "$file" && cp "$file" "$target/etc/apt/${file#/etc/apt/}"
  done
  for file in /etc/apt/apt.conf.d/*; do
    grep -qs 'Acquire::' "$file" && cp "$file" "$target/etc/apt/apt.conf.d/"
  done
  return 0
}

pip_env() {  # pip settings passed into the root: the CA bundle, and the host's index and proxy if any
  echo "PIP_CERT=/etc/ssl/certs/ca-certificates.crt"
  echo "PIP_DISABLE_PIP_VERSION_CHECK=1"
  local name value
  for name in PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TRUSTED_HOST http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy NO_PROXY; do
    value=${!name:-}
    # A file:// index lies on the host's disk, not in the root.
    [ -n "$value" ] && [[ "$value" != file:* ]] && echo "$name=$value"
  done
  value=$("$PYTHON" -m pip config get global.index-url 2>/dev/null || true)
  [[ "$value" == http* ]] && [ -z "${PIP_INDEX_URL:-}" ] && echo "PIP_INDEX_URL=$value"
  return 0
}

# -- The cached Debian root -------------------------------------------------------------------------------

guide_text() {  # the install guide of the source under test
  if [ "$SOURCE" = worktree ]; then cat "$REPO/$GUIDE"; else git -C "$REPO" show "$SOURCE:$GUIDE"; fi
}

guide_packages() {  # the packages of the guide's step 1 (`sudo apt install ...`)
  local found
  # A line ending in a backslash goes on on the next (the guide wraps the long list).
  found=$(guide_text | sed -n '/^## 1\./,/^## 2\./p' | sed -e ':a' -e '/\\$/{N;s/\\\n */ /;ba' -e '}' \
          | sed -n 's/^\(sudo \)\{0,1\}apt\(-get\)\{0,1\} install \(-y \)\{0,1\}//p' | head -1)
  echo "${found:-$FALLBACK_PACKAGES}"
}

in_base() {  # run a shell command in the cached root, not booted (apt-get and the like)
  systemd-nspawn --register=no --keep-unit --quiet -D "$1" --setenv=DEBIAN_FRONTEND=noninteractive /bin/sh -c "$2" \
    >>"$CACHE/debootstrap.log" 2>&1
}

build_base() {  # debootstrap once; afterwards only add what step 1 of the guide has gained
  local packages started mirror
  packages=$(guide_packages)
  started=$(date +%s.%N)
  if [ -f "$BASE/.systemd-test-stamp" ]; then
    FIG[root_cached]=true
    [ "$(cat "$BASE/.systemd-test-stamp")" = "$packages" ] && return 0
    say "adding the guide's step 1 packages to the cached root: $packages"
    in_base "$BASE" "apt-get update -q && apt-get install -y -q $packages && apt-get clean" \
      || { tail -20 "$CACHE/debootstrap.log" >&2; die "apt-get in the root failed (log: $CACHE/debootstrap.log)"; }
    echo "$packages" >"$BASE/.systemd-test-stamp"
    return 0
  fi
  FIG[root_cached]=false
  mirror=$(host_mirror)
  say "building the Debian 12 root in $BASE from $mirror (once; later runs reuse it)"
  rm -rf "$BASE" "$BASE.new"
  mkdir -p "$CACHE"
  debootstrap --include="$BOOT_PACKAGES" bookworm "$BASE.new" "$mirror" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
  copy_host_apt_settings "$BASE.new"
  mkdir -p "$BASE.new/etc/ssl/certs" && cp /etc/ssl/certs/ca-certificates.crt "$BASE.new/etc/ssl/certs/"
  # The guide's step 1, as the installer runs it (with apt's usual recommends), on an up-to-date system.
  in_base "$BASE.new" "apt-get update -q && apt-get upgrade -y -q && apt-get install -y -q $packages && apt-get clean" \
    || { tail -20 "$CACHE/debootstrap.log" >&2; die "apt-get in the root failed (log: $CACHE/debootstrap.log)"; }
  : >"$BASE.new/etc/machine-id"   # each boot gets its own
  echo "$packages" >"$BASE.new/.systemd-test-stamp"
  mv "$BASE.new" "$BASE"
  FIG[root_build_seconds]=$(since "$started")
}

fresh_root() {  # clear the last run's files; give the cached root the host's CA bundle
  rm -rf "$RUN"
  mkdir -p "$RUN" "$LOG" "$RUN/release" "$CACHE/wheelhouse"
  # pip inside the root trusts what the host trusts (a proxy's CA included).
  mkdir -p "$BASE/etc/ssl/certs" && cp /etc/ssl/certs/ca-certificates.crt "$BASE/etc/ssl/certs/"
  # The host name resolves, as on a server Debian's installer set up (smtplib looks it up for EHLO).
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' "$MACHINE" >"$BASE/etc/hosts"
  echo "$MACHINE" >"$BASE/etc/hostname"
}

# -- The project: a wheel, its source, config and secrets, prepared on the host ---------------------------

prepare_release() {  # the source (the working tree less what git ignores, or a commit), and its wheel
  local src=$RUN/src
  mkdir -p "$src" "$RUN/release/wheels"
  if [ "$SOURCE" = worktree ]; then
    git -C "$REPO" ls-files -z --cached --others --exclude-standard \
      | (cd "$REPO" && tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$src"
    FIG[source]="worktree on $(git -C "$REPO" rev-parse --short HEAD)"
  else
    git -C "$REPO" archive "$SOURCE" | tar -xf - -C "$src" || die "git archive $SOURCE failed (is it a commit?)"
    FIG[source]=$(git -C "$REPO" rev-parse --short "$SOURCE^{commit}")
  fi
  "$PYTHON" -m pip wheel --quiet --no-deps -w "$RUN/release/wheels" "$src" >"$LOG/wheel.log" 2>&1 \
    || { cat "$LOG/wheel.log" >&2; die "building the wheel failed (log: $LOG/wheel.log)"; }
  rm -rf "$src/build" "$src"/*.egg-info
}

start_sinks() {  # the project's sandbox APIs and a Maildir SMTP sink, on the host's 127.0.0.1
  # The host's helpers import the release's source (with the project venv's libraries), not the tree.
  export PYTHONPATH=$RUN/src
  # Brackley, plus a post with a phone number (a personal-data finding) every ARRIVING_EVERY seconds for
  # four hours, so each poll of the daemon has findings to write.
  "$PYTHON" - "$RUN/scenario" "$ARRIVING_EVERY" <<'EOF' || die "could not write the sandbox scenario"
import json, shutil, sys
from pathlib import Path
from monitor.sandbox.scenario import SCENARIOS

out, every = Path(sys.argv[1]), int(sys.argv[2])
out.mkdir(parents=True)
for path in SCENARIOS.glob("brackley.*.json"):
    shutil.copy(path, out / path.name.replace("brackley.", "arriving.", 1))
x = json.loads((out / "arriving.x.json").read_text())
x["posts"] += [{"author": "DaveHughesCllr", "at": f"+{n * every}s",
                "text": f"Mr Patel at {n} Bridge Street still has no streetlight. Ring him on 07700 9{n:05d} if you can help."}
               for n in range(1, 4 * 3600 // every)]
(out / "arriving.x.json").write_text(json.dumps(x))
EOF
  "$PYTHON" -m monitor sandbox --scenario "$RUN/scenario/arriving.x.json" >"$LOG/sandbox.out" 2>"$LOG/sandbox.err" 9>&- &
  SANDBOX_PID=$!
  "$PYTHON" - "$RUN/mailbox" "$LOG/smtp.port" >"$LOG/smtp.out" 2>&1 9>&- <<'EOF' &
import signal, sys, threading
from pathlib import Path
from monitor.demo import LocalSmtp, MaildirInbox

smtp = LocalSmtp(MaildirInbox(Path(sys.argv[1])))
smtp.start()
Path(sys.argv[2]).write_text(str(smtp.port))
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
stop.wait(4 * 3600)  # bounded: the test never runs this long
smtp.stop()
EOF
  SMTP_PID=$!
  local waited=0
  until grep -q '^facebook: ' "$LOG/sandbox.out" 2>/dev/null && [ -s "$LOG/smtp.port" ]; do
    sleep 0.5; waited=$((waited + 1))
    [ $waited -lt 120 ] || { cat "$LOG/sandbox.err" "$LOG/smtp.out" >&2; die "the sandbox or SMTP sink did not start (logs: $LOG)"; }
  done
}

write_settings() {  # config.toml (the example, pointed at the sandbox) and the three secrets
  "$PYTHON" - "$RUN/src/config/example.toml" "$LOG/sandbox.out" "$(cat "$LOG/smtp.port")" "$RUN/release/etc" <<'EOF'
import socket, sys, tomllib
from pathlib import Path
from monitor.demo import to_toml, write_credentials

example, sandbox_out, port, out = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
data = tomllib.loads(example.read_text(encoding="utf-8"))
for line in sandbox_out.read_text().splitlines():
    platform, sep, url = line.partition(": ")
    if sep and platform in ("x", "facebook"):
        data["platforms"][platform]["base_url"] = url
data["alerts"]["routes"] = {"*": ["email"]}  # the sink stands in for the Clerk's email; there is no Slack here
# Poll every minute (the least the config allows), so the daemon writes while the Clerk acts.
data["schedule"].update(min_poll_minutes=1, jitter_seconds=0)
with socket.socket() as sock:  # the console on a port free on the host (the container shares its network)
    sock.bind(("127.0.0.1", 0))
    data["web"]["listen"] = f"127.0.0.1:{sock.getsockname()[1]}"
(out.parent.parent / "log" / "web.listen").write_text(data["web"]["listen"])
out.mkdir(parents=True)
(out / "config.toml").write_text("# The example, pointed at the project's sandbox.\n" + to_toml(data), encoding="utf-8")
write_credentials(out / "credentials", port)
EOF
  # The same file with one mistake, for the exit-78 check.
  local etc=$RUN/release/etc
  sed 's|^timezone = "Europe/London"|timezone = "Europe/Londn"|' "$etc/config.toml" >"$etc/bad-config.toml"
  cmp -s "$etc/config.toml" "$etc/bad-config.toml" && die "could not break the config (has example.toml's timezone changed?)"
  return 0
}

# -- The booted container ---------------------------------------------------------------------------------

boot() {
  # The source sits where the guide puts it; the wheel, config and secrets wait in /root/release.
  systemd-nspawn --register=no --keep-unit --boot --console=passive --quiet -D "$BASE" --volatile=overlay \
    --machine="$MACHINE" --bind-ro="$RUN/src:/opt/council-monitor/src" \
    --bind-ro="$RUN/release:/root/release" --bind="$CACHE/wheelhouse:/root/wheelhouse" \
    >"$LOG/nspawn.log" 2>&1 9>&- &
  NSPAWN_PID=$!
  local waited=0 child
  while [ -z "$LEADER" ]; do
    for child in $(cat /proc/"$NSPAWN_PID"/task/*/children 2>/dev/null); do
      [ "$(cat /proc/"$child"/comm 2>/dev/null)" = systemd ] && LEADER=$child
    done
    sleep 0.2; waited=$((waited + 1))
    [ $waited -lt 300 ] && kill -0 "$NSPAWN_PID" 2>/dev/null \
      || { cat "$LOG/nspawn.log" >&2; die "the container did not boot (log: $LOG/nspawn.log)"; }
  done
  waited=0
  until [ "$(inside systemctl is-system-running 2>/dev/null)" = running ] || [ $waited -ge 120 ]; do
    sleep 0.5; waited=$((waited + 1))
  done
  inside systemctl is-system-running >"$LOG/system-state" 2>&1 || inside systemctl --failed --no-legend >>"$LOG/system-state" 2>&1 || true
}

inside() {  # run a command in the booted root, with a clean environment
  nsenter --target "$LEADER" --all -- /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 HOME=/root "$@"
}

show() {  # show UNIT PROPERTY: one property's value
  inside systemctl show -p "$2" --value "$1.service"
}

props() {  # props UNIT P1,P2,...: "P1=v P2=v ..." in the order asked (systemctl prints its own order)
  local out name
  out=$(inside systemctl show -p "$2" "$1.service")
  for name in ${2//,/ }; do printf '%s ' "$(grep -m1 "^$name=" <<<"$out")"; done
}

install_as_the_guide_says() {  # docs/install-debian.md, steps 2 to 5, inside the root (as root: no sudo)
  local env_args=() line
  while IFS= read -r line; do env_args+=("$line"); done < <(pip_env)
  # With PostgreSQL among the databases, the guide's [postgres] extra (psycopg) too.
  local extra=""
  [[ " ${DATABASES[*]} " == *" postgresql "* ]] && extra="[postgres]"
  env_args+=("EXTRA=$extra")
  inside env "${env_args[@]}" /bin/sh -euxc '
    # 2. The program (from the release wheel instead of building the source again).
    python3 -m venv /opt/council-monitor/venv
    # The wheels of the dependencies are kept between runs. The problem: the HTTP cache of pip stays
    # empty behind a registry proxy that forbids storing. The fix: a wheelhouse, filled when short.
    wheel=$(ls /root/release/wheels/*.whl)$EXTRA
    pip=/opt/council-monitor/venv/bin/pip
    if ! $pip install --quiet --no-index --find-links /root/wheelhouse "$wheel" 2>/dev/null; then
      $pip download --quiet -d /root/wheelhouse --find-links /root/wheelhouse "$wheel"
      rm -f /root/wheelhouse/council_social_monitor-*
      $pip install --quiet --no-index --find-links /root/wheelhouse "$wheel"
    fi
    ln -sf /opt/council-monitor/venv/bin/council-monitor /usr/local/bin/council-monitor
    council-monitor --version
    # 3. The configuration.
    install -d -m 0755 /etc/council-monitor
    install -m 0644 /root/release/etc/config.toml /etc/council-monitor/config.toml
    # Before step 4 it ends with "no credentials directory" (exit 78); the file is good when no line
    # names config.toml (the guide says so).
    council-monitor check-config --config /etc/council-monitor/config.toml >/root/step3.out 2>&1 || true
    cat /root/step3.out
    if grep -q config.toml /root/step3.out; then exit 1; fi
    # 4. The secrets.
    install -d -m 0700 -o root -g root /etc/council-monitor/credentials
    cd /etc/council-monitor/credentials
    for name in x-bearer-token facebook-page-token apprise.yml; do
      install -m 0600 /root/release/etc/credentials/$name $name
    done
    # The key that signs the web console action links (docs/web.md).
    head -c 32 /dev/urandom | base64 >web-link-key && chmod 600 web-link-key
    council-monitor check-config --config /etc/council-monitor/config.toml
    # 5. A first test by hand: one poll of every account (here the sandbox); 0 nothing found, 1 findings.
    status=0; council-monitor poll --once --format text --config /etc/council-monitor/config.toml || status=$?
    [ "$status" -le 1 ]
  ' >"$LOG/install.log" 2>&1 || { tail -30 "$LOG/install.log" >&2; die "installing in the root failed (log: $LOG/install.log)"; }
}

enable_unit() {  # the guide's step 6 for one unit
  inside install -m 0644 "/opt/council-monitor/src/systemd/$1.service" /etc/systemd/system/
  inside systemctl daemon-reload
  inside systemctl enable --now "$1" >"$LOG/$1.enable.log" 2>&1 || true
}

# -- The checks -------------------------------------------------------------------------------------------

check_verify() {
  local out
  out=$(inside systemd-analyze verify "/etc/systemd/system/$1.service" 2>&1 || true)
  check "$1 verify" "$([ -z "$out" ] && echo 1)" "systemd-analyze verify: ${out:-nothing to report}"
}

check_ready() {
  local state exec_start active_enter watchdog
  state=$(props "$1" ActiveState,SubState,NRestarts,ExecMainStatus)
  exec_start=$(show "$1" ExecMainStartTimestampMonotonic)
  active_enter=$(show "$1" ActiveEnterTimestampMonotonic)
  watchdog=$(show "$1" WatchdogUSec)
  local ready
  ready=$(awk -v a="$exec_start" -v b="$active_enter" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
  FIG[$(fig "${1}_ready_seconds")]=$ready
  FIG[${1}_watchdog]=$watchdog
  check "$1 ready" "$([[ "$state" == *"ActiveState=active SubState=running NRestarts=0"* ]] && echo 1)" \
    "$([ "$(show "$1" Type)" = notify ] && echo READY=1 || echo started) after $ready s ($state)"
  # Only a Type=notify unit can feed a watchdog (the console is Type=exec: uvicorn serves, nothing notifies).
  [ "$(show "$1" Type)" = notify ] || return 0
  check "$1 watchdog set" "$([ -n "$watchdog" ] && [ "$watchdog" != 0 ] && [ "$watchdog" != infinity ] && echo 1)" \
    "WatchdogUSec=$watchdog"
}

watch_running() {  # watch_running SECONDS UNIT...: sample the units every 5 s; count watchdog pings
  local seconds=$1 unit end
  shift
  local -A first_pid=() pings=() last_ping=() bad=()
  for unit in "$@"; do first_pid[$unit]=$(show "$unit" MainPID) pings[$unit]=0 last_ping[$unit]="" bad[$unit]=""; done
  end=$(( $(date +%s) + seconds ))
  say "watching $* for $seconds s"
  while [ "$(date +%s)" -lt "$end" ]; do
    sleep 5
    for unit in "$@"; do
      [ -z "${bad[$unit]}" ] || continue
      local now
      now=$(props "$unit" ActiveState,SubState,NRestarts,MainPID,WatchdogTimestampMonotonic)
      local ping=${now##*WatchdogTimestampMonotonic=}
      ping=${ping%% *}
      if [ -n "$ping" ] && [ "$ping" != 0 ] && [ "$ping" != "${last_ping[$unit]}" ]; then
        pings[$unit]=$(( ${pings[$unit]} + 1 )) last_ping[$unit]=$ping
      fi
      [[ "$now" == "ActiveState=active SubState=running NRestarts=0 MainPID=${first_pid[$unit]} "* ]] \
        || bad[$unit]="at $(date +%T): $now"
    done
  done
  for unit in "$@"; do
    FIG[$(fig "${unit}_run_seconds")]=$seconds
    check "$unit runs" "$([ -z "${bad[$unit]}" ] && echo 1)" \
      "${bad[$unit]:-active for $seconds s, one main PID (${first_pid[$unit]}), NRestarts=0}"
    [ "$(show "$unit" Type)" = notify ] || continue
    FIG[$(fig "${unit}_watchdog_pings")]=${pings[$unit]}
    local timeouts
    timeouts=$(inside journalctl -u "$unit.service" --no-pager -o cat --since "@$PHASE_STARTED" \
               | grep -ci 'watchdog timeout' || true)
    check "$unit watchdog fed" "$([ "$timeouts" = 0 ] && [ "${pings[$unit]}" -ge 2 ] && echo 1)" \
      "${pings[$unit]} distinct WATCHDOG=1 times seen, $timeouts watchdog timeouts in the journal"
  done
}

mail_count() {  # the messages in the sink's Maildir
  find "$RUN/mailbox/new" "$RUN/mailbox/cur" -type f 2>/dev/null | wc -l
}

check_alerts() {  # a message reached the sink (the first poll finds high-severity breaches in the sandbox)
  local waited=0
  until [ "$(mail_count)" -gt 0 ] || [ $waited -ge 60 ]; do sleep 1; waited=$((waited + 1)); done
  FIG[alerts_delivered]=$(mail_count)
  local subject
  subject=$(grep -h -m1 '^Subject:' "$RUN"/mailbox/new/* "$RUN"/mailbox/cur/* 2>/dev/null | head -1 || true)
  check "council-monitor alerts" "$([ "${FIG[alerts_delivered]}" -gt 0 ] && echo 1)" \
    "${FIG[alerts_delivered]} messages reached the SMTP sink (${subject:-none})"
}

check_security() {
  local out score
  out=$(inside systemd-analyze security --no-pager "$1.service" 2>&1 || true)
  echo "$out" >"$LOG/$1.security.txt"
  score=$(echo "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
  FIG[${1}_exposure]=${score:-null}
  check "$1 exposure" "$([ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 1.5) }' && echo 1)" \
    "systemd-analyze security (online): ${score:-no score} (limit 1.5)"
}

check_stop() {
  local started result timeout
  timeout=$(show "$1" TimeoutStopUSec)
  started=$(date +%s.%N)
  inside systemctl stop "$1.service" || true
  local took
  took=$(since "$started")
  FIG[$(fig "${1}_stop_seconds")]=$took
  result=$(props "$1" ActiveState,Result,ExecMainCode,ExecMainStatus)
  # Exit 0, or (uvicorn's way since 0.29) death by the SIGTERM it caught and raised again after shutting
  # down cleanly; systemd counts both as success.
  check "$1 stop" "$([[ "$result" == *"ActiveState=inactive Result=success ExecMainCode=1 ExecMainStatus=0"* \
      || "$result" == *"ActiveState=inactive Result=success ExecMainCode=2 ExecMainStatus=15"* ]] && echo 1)" \
    "systemctl stop took $took s (TimeoutStopSec $timeout): $result"
}

check_bad_config() {  # the config with one mistake: exit 78, failed, and still no restart after RestartSec
  local state restart_sec wait_for
  inside cp /etc/council-monitor/config.toml /etc/council-monitor/config.toml.good
  inside install -m 0644 /root/release/etc/bad-config.toml /etc/council-monitor/config.toml
  inside systemctl start "$1.service" >/dev/null 2>&1 || true
  restart_sec=$(show "$1" RestartUSec)
  # Past RestartSec a restart would have happened: NRestarts 1 and the state activating again.
  wait_for=$(inside systemd-analyze timespan "$restart_sec" | sed -n 's/^ *μs: \([0-9]*\)$/\1/p')
  wait_for=$(( ${wait_for:-30000000} / 1000000 + 5 ))
  sleep "$wait_for"
  state=$(props "$1" ActiveState,SubState,NRestarts,ExecMainStatus)
  FIG[${1}_bad_config_status]=$(show "$1" ExecMainStatus)
  FIG[${1}_bad_config_restarts]=$(show "$1" NRestarts)
  check "$1 bad config" "$([[ "$state" == "ActiveState=failed SubState=failed NRestarts=0 ExecMainStatus=78 " ]] && echo 1)" \
    "$wait_for s after a start with a broken config.toml (RestartSec=$restart_sec): $state"
  inside journalctl -u "$1.service" --no-pager -o cat -n 5 >"$LOG/$1.bad-config.txt" 2>&1 || true
  inside mv /etc/council-monitor/config.toml.good /etc/council-monitor/config.toml
}

# -- Both units writing: the daemon polling, the Clerk acting through the console ------------------------

in_venv() {  # run council-monitor's own Python inside, where root's commands find the SQLite file
  inside env STATE_DIRECTORY=/var/lib/council-monitor "$@"
}

use_database() {  # use_database sqlite|postgresql: point [storage] url at it (PostgreSQL: a database made now)
  local url=""
  if [ "$1" = postgresql ]; then
    PG_DATABASE=council_monitor_systemd_test_$$
    psql "$PG_ADMIN" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $PG_DATABASE" >>"$LOG/postgres.log" 2>&1 \
      || die "could not create database $PG_DATABASE from $PG_ADMIN (log: $LOG/postgres.log; is PostgreSQL up? source scripts/postgres.sh)"
    url=${PG_ADMIN%/*}/$PG_DATABASE
    url=postgresql+psycopg://${url#*://}
  fi
  inside sed -i "0,/^url = .*/s||url = \"$url\"|" /etc/council-monitor/config.toml
  FIG[$(fig database)]=${url:-sqlite in /var/lib/council-monitor}
}

drop_database() {  # the run's PostgreSQL database goes when the run ends
  [ -n "$PG_DATABASE" ] || return 0
  if psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)" >>"$LOG/postgres.log" 2>&1; then
    FIG[postgresql_dropped]=true
  else
    FIG[postgresql_dropped]=false
    echo "systemd-test: could not drop database $PG_DATABASE (log: $LOG/postgres.log); drop it by hand" >&2
  fi
  PG_DATABASE=""
}

start_units() {  # start_units FIRST: enable (the first time) or start the units, and wait out `activating`
  local unit waited
  for unit in "${UNITS[@]}"; do
    if [ "$1" = 1 ]; then enable_unit "$unit"; else inside systemctl reset-failed "$unit.service" 2>/dev/null || true
      inside systemctl start "$unit.service" >"$LOG/$unit.start.log" 2>&1 || true; fi
  done
  for unit in "${UNITS[@]}"; do
    waited=0
    until [ "$(show "$unit" ActiveState)" != activating ] || [ $waited -ge 300 ]; do sleep 0.5; waited=$((waited + 1)); done
    if [ "$1" = 1 ]; then check_verify "$unit"; fi
    check_ready "$unit"
  done
}

counts() {  # "FINDINGS CLERK_AUDIT": findings stored, and audit entries of the Clerk's actions on findings
  in_venv /opt/council-monitor/venv/bin/python -c '
from sqlalchemy import text
from monitor.config import load_config
from monitor.store.db import database_url, open_database
engine = open_database(database_url(load_config("/etc/council-monitor/config.toml"), create=False))
with engine.connect() as db:
    findings = db.execute(text("SELECT count(*) FROM finding")).scalar()
    clerk = db.execute(text("SELECT count(*) FROM audit WHERE actor LIKE :who AND finding_id IS NOT NULL"),
                       {"who": "clerk from %"}).scalar()
print(findings, clerk)
engine.dispose()'
}

add_clerk() {  # `council-monitor users add` as docs/web.md says; print the one-time password
  in_venv council-monitor users add clerk --email clerk@brackley.example --role clerk --by systemd-test \
    --config /etc/council-monitor/config.toml 2>&1 | tee "$LOG/users-add-$PHASE.log" \
    | sed -n 's/.*One-time password (shown once, not stored): \(\S*\).*/\1/p'
}

both_writing() {  # both_writing SECONDS: the Clerk acts from the host while the units are watched
  local seconds=$1 listen password before after clerk_pid clerk_rc=0 waited=0
  listen=$(cat "$LOG/web.listen")
  until curl -fsS -o /dev/null "http://$listen/sign-in" 2>/dev/null || [ $waited -ge 120 ]; do sleep 0.5; waited=$((waited + 1)); done
  password=$(add_clerk)
  [ -n "$password" ] || die "council-monitor users add printed no one-time password (log: $LOG/users-add-$PHASE.log)"
  read -r before _ < <(counts) || die "could not count the findings (is the database there?)"
  say "[$PHASE] the Clerk acts at http://$listen for $seconds s while the daemon polls ($before findings so far)"
  "$PYTHON" -m tests.web.clerk "http://$listen" clerk "$password" "$seconds" \
    >"$LOG/clerk-$PHASE.json" 2>"$LOG/clerk-$PHASE.err" 9>&- &
  clerk_pid=$!
  watch_running "$seconds" "${UNITS[@]}"
  wait "$clerk_pid" || clerk_rc=$?
  check_clerk "$clerk_rc"
  local clerk_audit
  read -r after clerk_audit < <(counts) || die "could not count the findings after the run"
  FIG[$(fig findings_written)]=$((after - before))
  FIG[$(fig audit_clerk_actions)]=$clerk_audit
  local actions=${FIG[$(fig clerk_actions)]:-0}
  check "daemon wrote findings" "$([ $((after - before)) -gt 0 ] && echo 1)" \
    "$((after - before)) findings written while the Clerk acted ($after in all)"
  check "clerk actions audited" "$([ "$actions" -gt 0 ] && [ "$clerk_audit" -ge "$actions" ] && echo 1)" \
    "$clerk_audit audit entries by 'clerk from ...' on findings for $actions actions answered"
  check_journals
  local verify rc=0
  verify=$(in_venv council-monitor audit verify --config /etc/council-monitor/config.toml 2>&1) || rc=$?
  echo "$verify" >"$LOG/audit-verify-$PHASE.txt"
  check "audit verify" "$([ "$rc" = 0 ] && echo 1)" "council-monitor audit verify: exit $rc ($(tail -1 <<<"$verify"))"
}

check_clerk() {  # check_clerk RC: the driver's tally, every action answered with success and no 5xx
  local tally
  tally=$(tail -1 "$LOG/clerk-$PHASE.json" 2>/dev/null)
  local -A got=()
  local key value
  while IFS='=' read -r key value; do got[$key]=$value; done < <(python3 -c '
import json, sys
t = json.loads(sys.argv[1] or "{}")
for k in ("actions", "refused", "server_errors", "turns"):
    print(f"{k}={t.get(k, 0)}")
print("by_action=" + ",".join(f"{k}:{v}" for k, v in sorted(t.get("by_action", {}).items())))
print("first_error=" + "; ".join(t.get("errors", []))[:300].replace("=", ":"))' "$tally" 2>/dev/null)
  FIG[$(fig clerk_actions)]=${got[actions]:-0}
  FIG[$(fig clerk_refused)]=${got[refused]:-0}
  FIG[$(fig clerk_server_errors)]=${got[server_errors]:-0}
  FIG[$(fig clerk_by_action)]=${got[by_action]:-}
  check "clerk acts" "$([ "$1" = 0 ] && [ "${got[actions]:-0}" -gt 0 ] && [ "${got[refused]:-1}" = 0 ] \
      && [ "${got[server_errors]:-1}" = 0 ] && echo 1)" \
    "driver exit $1: ${got[actions]:-0} actions (${got[by_action]:-none}), ${got[refused]:-?} refused, ${got[server_errors]:-?} 5xx${got[first_error]:+ (${got[first_error]})}$([ "$1" = 0 ] || echo "; $(tail -3 "$LOG/clerk-$PHASE.err" | tr '\n' ' ')")"
}

check_journals() {  # no lock, serialization or deadlock error, nor a traceback, in either unit's journal
  local unit found total=0
  for unit in "${UNITS[@]}"; do
    inside journalctl -u "$unit.service" --no-pager -o cat --since "@$PHASE_STARTED" >"$LOG/$unit-$PHASE.journal" 2>&1 || true
    found=$(grep -ciE 'database is locked|could not serialize|deadlock detected|Traceback' "$LOG/$unit-$PHASE.journal" || true)
    total=$((total + found))
    check "$unit journal" "$([ "$found" = 0 ] && echo 1)" \
      "$found lines with 'database is locked', a serialization failure, a deadlock or a traceback ($(wc -l <"$LOG/$unit-$PHASE.journal") lines read)"
  done
  FIG[$(fig journal_errors)]=$total
}

writers_phase() {  # writers_phase DB FIRST: both units over that database, both writing, then stopped
  PHASE=$1
  PHASE_STARTED=$(date +%s)
  use_database "$1"
  say "[$PHASE] starting ${UNITS[*]}"
  start_units "$2"
  both_writing "$3"
  if [ "$2" = 1 ]; then
    check_alerts
    local unit
    for unit in "${UNITS[@]}"; do check_security "$unit"; done
  fi
  local unit
  for unit in "${UNITS[@]}"; do check_stop "$unit"; done
}

# -- Cleaning up ------------------------------------------------------------------------------------------

stop_everything() {
  local waited=0
  if [ -n "$NSPAWN_PID" ] && kill -0 "$NSPAWN_PID" 2>/dev/null; then
    if [ -n "$LEADER" ]; then inside journalctl --no-pager -o short-monotonic >"$LOG/journal.txt" 2>&1 || true; fi
    # SIGTERM makes nspawn ask the container's systemd for an orderly poweroff.
    kill -TERM "$NSPAWN_PID" 2>/dev/null || true
    while kill -0 "$NSPAWN_PID" 2>/dev/null && [ $waited -lt 60 ]; do sleep 0.5; waited=$((waited + 1)); done
    kill -KILL "$NSPAWN_PID" 2>/dev/null || true
  fi
  for pid in "$SANDBOX_PID" "$SMTP_PID"; do
    if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  wait 2>/dev/null || true
  drop_database
}

# -- The run ----------------------------------------------------------------------------------------------

main() {
  exec 9>"$CACHE.lock"
  flock -n 9 || die "another run holds $CACHE.lock"
  host_tools
  build_base
  local started
  started=$(date +%s.%N)
  fresh_root
  prepare_release
  trap stop_everything EXIT
  start_sinks
  write_settings
  FIG[prepare_seconds]=$(since "$started")
  say "wheel built, sandbox and SMTP sink up in ${FIG[prepare_seconds]} s"
  started=$(date +%s.%N)
  boot
  FIG[boot_seconds]=$(since "$started")
  say "booted ($(head -1 "$LOG/system-state")) in ${FIG[boot_seconds]} s; installing as docs/install-debian.md says"
  started=$(date +%s.%N)
  install_as_the_guide_says
  FIG[install_seconds]=$(since "$started")
  say "installed in ${FIG[install_seconds]} s; enabling and starting ${UNITS[*]}"
  if [ -f "$RUN/src/$WEB_UNIT" ]; then UNITS+=(council-monitor-web); else
    echo "SKIP council-monitor-web: $WEB_UNIT does not exist yet; its checks run once it does"
    FIG[web]=skipped
  fi
  local seconds db first=1 unit
  seconds=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 }')
  for db in "${DATABASES[@]}"; do
    writers_phase "$db" "$first" "$seconds"
    first=0
  done
  PHASE=""
  for unit in "${UNITS[@]}"; do check_bad_config "$unit"; done
  drop_database
}

figures_json() {  # the figures as one JSON object (numbers as numbers)
  local key args=()
  for key in "${!FIG[@]}"; do args+=("$key=${FIG[$key]}"); done
  python3 - "${args[@]}" <<'EOF'
import json, sys

def value(text):
    """Return a number, a boolean or null where the text is one, else the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"true": True, "false": False, "null": None}.get(text, text)

print(json.dumps({k: value(v) for k, v in sorted(arg.split("=", 1) for arg in sys.argv[1:])}))
EOF
}

main
FIG[date]=$(date -u +%Y-%m-%dT%H:%M:%SZ)
FIG[total_seconds]=$(since "$STARTED")
FIG[passed]=$PASSED
FIG[failed]=$FAILED
echo "logs, journal and the mailbox: $RUN"
figures_json
[ "$FAILED" = 0 ] && [ "$PASSED" -gt 0 ]
