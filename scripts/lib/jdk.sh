# Sourced by Maskline's scripts: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 21+, then the newest JDK under /usr/lib/jvm, then `javac` on PATH.
# maskline_find_java does the same for running the jar, where a JRE is enough.

maskline_java_major() { # $1 = a java binary; prints its major version or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1 | cut -d. -f1
}

maskline_find_jdk() { maskline_find_21 javac "JDK"; }
maskline_find_java() { maskline_find_21 java "Java runtime"; }

maskline_find_21() { # $1 = the binary that must be there (javac or java), $2 = what to call it
  local need=$1 what=$2
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/; do [ -d "$c" ] && candidates+=("${c%/}"); done
  if command -v "$need" >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v "$need")")")")")
  fi
  local best="" bestv=0
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/$need" ] || continue
    v=$(maskline_java_major "$c/bin/java")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$c; bestv=$v; fi
    # A JAVA_HOME chosen by the user wins when it qualifies.
    if [ "$c" = "${JAVA_HOME:-}" ] && [ "$v" -ge 21 ]; then best=$c; break; fi
  done
  if [ -z "$best" ]; then
    echo "maskline: no $what 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, PATH). Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21, or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
