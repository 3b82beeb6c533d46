#!/usr/bin/env bash
# Regenerates the JaCoCo golden report from fixture/ with javac, the JUnit Platform console launcher and the JaCoCo
# agent from Debian (default-jdk, junit5, libjacoco-java; versions in versions.txt). The tests run with
# -javaagent:jacocoagent.jar=destfile=jacoco.exec (the agent inside
# org.jacoco.agent.jar); the XML comes from the JaCoCo report API through
# src/Lightning.Testing/Coverage/Collectors/JacocoXmlReport.java, the helper CoverageCollectors uses (Debian ships no
# jacococli). The report's own counters (LINE, BRANCH, METHOD) are what the tests compare with.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
helper="$(cd "$here/../../../../../src/Lightning.Testing/Coverage/Collectors" && pwd)/JacocoXmlReport.java"
work=/tmp/lightning-golden/coverage/jacoco
java_lib=/usr/share/java
launcher=$java_lib/junit-platform-console-standalone.jar
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
javac -encoding UTF-8 -g -d classes/main $(find src/main -name '*.java' | sort)
javac -encoding UTF-8 -g -d classes/test -cp "classes/main:$launcher" $(find src/test -name '*.java' | sort)
# Debian's org.jacoco.agent.rt.jar has no Premain-Class: the runnable agent is jacocoagent.jar inside org.jacoco.agent.jar.
(mkdir -p agent && cd agent && jar xf $java_lib/org.jacoco.agent.jar jacocoagent.jar)
java -javaagent:agent/jacocoagent.jar=destfile=jacoco.exec -jar "$launcher" --disable-banner \
  --class-path classes/main:classes/test --scan-class-path
java -cp "$java_lib/org.jacoco.core.jar:$java_lib/org.jacoco.report.jar:$java_lib/asm.jar:$java_lib/asm-commons.jar:$java_lib/asm-tree.jar" \
  "$helper" jacoco.exec jacoco.xml fixture --classes classes/main --sources src/main/java
cp jacoco.xml "$here/"
{ java -version 2>&1 | head -1; dpkg-query -W -f='${Package} ${Version}\n' libjacoco-java junit5; } > "$here/versions.txt"
