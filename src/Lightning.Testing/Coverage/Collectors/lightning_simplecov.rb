# Loaded before the specs with `rspec -r <this file>` (Lightning.Testing's CoverageCollectors writes it next to the
# coverage output): starts SimpleCov with branch coverage before any code under test is required, and writes
# .resultset.json, the file Lightning reads, into LIGHTNING_COVERAGE_DIR. No HTML: the platform renders its own.
require "simplecov"

SimpleCov.root(ENV.fetch("LIGHTNING_COVERAGE_ROOT", Dir.pwd))
SimpleCov.coverage_dir(ENV.fetch("LIGHTNING_COVERAGE_DIR", "coverage"))
SimpleCov.command_name(ENV.fetch("LIGHTNING_COVERAGE_COMMAND", "RSpec"))
SimpleCov.enable_coverage(:branch)
SimpleCov.formatter = SimpleCov::Formatter::SimpleFormatter
SimpleCov.start
