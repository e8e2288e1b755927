# Sourced by Maskline's scripts: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 21+, then the newest JDK under /usr/lib/jvm, then `javac` on PATH.

maskline_java_major() { # $1 = a java binary; prints its major version or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1 | cut -d. -f1
}

maskline_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/; do [ -d "$c" ] && candidates+=("${c%/}"); done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local best="" bestv=0
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/javac" ] || continue
    v=$(maskline_java_major "$c/bin/java")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$c; bestv=$v; fi
    # A JAVA_HOME chosen by the user wins when it qualifies.
    if [ "$c" = "${JAVA_HOME:-}" ] && [ "$v" -ge 21 ]; then best=$c; break; fi
  done
  if [ -z "$best" ]; then
    echo "maskline: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, PATH). Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21, or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
