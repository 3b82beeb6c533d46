#!/usr/bin/env bash
# Regenerates the SimpleCov golden result set from fixture/ with RSpec and SimpleCov from Debian (ruby-rspec,
# ruby-simplecov; versions in versions.txt), loading SimpleCov the way CoverageCollectors does: `rspec -r` with
# src/Lightning.Testing/Coverage/Collectors/lightning_simplecov.rb (branch coverage on).
#   .resultset.json       SimpleCov's raw result set (renamed resultset.json here so that it is not a hidden file)
#   simplecov-summary.txt SimpleCov's own line and branch totals from that result set, which the tests compare with
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
helper="$(cd "$here/../../../../../src/Lightning.Testing/Coverage/Collectors" && pwd)/lightning_simplecov.rb"
work=/tmp/lightning-golden/coverage/simplecov
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
LIGHTNING_COVERAGE_DIR="$work/coverage" rspec -r "$helper" spec
ruby -e '
  require "simplecov"
  SimpleCov.root(Dir.pwd)
  SimpleCov.coverage_dir("coverage")
  SimpleCov.enable_coverage(:branch)
  result = SimpleCov::ResultMerger.merged_result
  puts "lines #{result.covered_lines}/#{result.covered_lines + result.missed_lines}"
  puts "branches #{result.covered_branches}/#{result.total_branches}"
  result.files.each do |file|
    puts "#{file.project_filename} lines #{file.covered_lines.size}/#{file.covered_lines.size + file.missed_lines.size} branches #{file.covered_branches.size}/#{file.total_branches.size}"
  end' > simplecov-summary.txt
cp coverage/.resultset.json "$here/resultset.json"
cp simplecov-summary.txt "$here/"
{ ruby --version; rspec --version | head -3; ruby -e 'require "simplecov"; puts "simplecov #{SimpleCov::VERSION}"'; } > "$here/versions.txt"
