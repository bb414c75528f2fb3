# Sourced by the ci/ scripts: install missing Debian packages, once.
#   ensure_packages PKG...
# Idempotent: installed packages are skipped, and apt-get runs only when
# something is missing.  Needs root (CI and the dev machines run as root).

ensure_packages() {
	local missing=() pkg
	for pkg in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
			missing+=("$pkg")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "ci: installing ${missing[*]}" >&2
	if [ "$(id -u)" -ne 0 ]; then
		echo "ci: need root to install ${missing[*]}" >&2
		return 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The toolchain every build needs: CMake presets, Ninja, clang with its
# sanitizer and libFuzzer runtimes, and python3 for the seed scripts.
BUILD_PACKAGES=(cmake ninja-build clang clang-14 libclang-rt-14-dev llvm-14 python3)
