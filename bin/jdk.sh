# Sourced by the launchers: finds a JDK 25; in a source tree, builds the project on first use; in the release
# tarball (lib/ beside bin/), uses the jars in lib/.
find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
        return 0
    fi
    for candidate in /usr/lib/jvm/*25*; do
        if [ -x "$candidate/bin/java" ]; then
            JAVA_HOME=$candidate
            export JAVA_HOME
            return 0
        fi
    done
    echo "xmppd needs a JDK 25: set JAVA_HOME or install one under /usr/lib/jvm" >&2
    exit 1
}

# build_if_needed MODULE: (re)builds when the module's classpath file is missing or any source is newer.
build_if_needed() {
    module_dir="$XMPPD_HOME/$1"
    stamp="$module_dir/target/classpath.txt"
    if [ ! -f "$stamp" ] || [ -n "$(find "$XMPPD_HOME" -path '*/src/main/*' -newer "$stamp" -print -quit 2>/dev/null)" ] \
        || [ "$XMPPD_HOME/pom.xml" -nt "$stamp" ]; then
        echo "building xmppd (first use or sources changed)..." >&2
        (cd "$XMPPD_HOME" && mvn -B -q -DskipTests -pl "$1" -am install) >&2 || {
            echo "build failed; run 'mvn -B -DskipTests install' in $XMPPD_HOME to see why" >&2
            exit 1
        }
        # maven-dependency-plugin leaves an unchanged classpath file untouched: mark this build as the newest.
        touch "$stamp"
    fi
}

module_classpath() {
    module_dir="$XMPPD_HOME/$1"
    jar=$(ls "$module_dir"/target/xmppd-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1)
    printf '%s:%s' "$jar" "$(cat "$module_dir/target/classpath.txt")"
}

# classpath MODULE: what runs the module's main class. The tarball has every jar in lib/: the daemon takes them all;
# xmppctl only its own and what it needs (picocli, Jackson), which keeps its start-up short.
classpath() {
    if [ -d "$XMPPD_HOME/lib" ]; then
        if [ "$1" = cli-control ]; then
            printf '%s:' "$XMPPD_HOME"/lib/xmppd-cli-control-*.jar "$XMPPD_HOME"/lib/picocli-*.jar \
                "$XMPPD_HOME"/lib/jackson-*.jar
        else
            printf '%s' "$XMPPD_HOME/lib/*"
        fi
        return
    fi
    build_if_needed "$1"
    module_classpath "$1"
}
