# Shared by the benchmark comparison scripts: logging, and installing a missing tool with
# apt-get (only as root, only when INSTALL=1, one `apt-get update` per run).

log() { printf '== %s\n' "$*" >&2; }

apt_updated=0
apt_install() {
    ((INSTALL)) && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null || return 1
    if ((!apt_updated)); then
        apt-get update -qq >/dev/null 2>&1 || true
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}
