#!/usr/bin/env bash
# Regenerates the JUnit 5 golden reports from fixture/ with javac and the JUnit Platform console launcher's
# legacy XML reporter (--reports-dir), from the Debian packages default-jdk and junit5 (versions in versions.txt).
# The launcher writes one file per engine: TEST-junit-jupiter.xml (our tests) and TEST-junit-vintage.xml
# (the vintage engine bundled in the standalone jar, with no tests here: an empty suite is a real variant).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/junit5
launcher=/usr/share/java/junit-platform-console-standalone.jar
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
javac -encoding UTF-8 -d classes -cp "$launcher" $(find src -name '*.java' | sort)
java -Dfile.encoding=UTF-8 -jar "$launcher" --class-path classes --scan-class-path --reports-dir reports --disable-banner \
  --config=junit.platform.output.capture.stdout=true --config=junit.platform.output.capture.stderr=true || true
cp reports/TEST-junit-jupiter.xml reports/TEST-junit-vintage.xml "$here/"
{ java -version 2>&1 | head -1; dpkg-query -W -f='junit5 ${Version}\n' junit5; } > "$here/versions.txt"
