# Agent Lightning's per-example coverage for RSpec, loaded with
#   --require lightning_rspec_coverage_map.rb   (LIGHTNING_RSPEC_COVERAGE_MAP=FILE)
# Ruby's Coverage counts lines for the whole process; clearing it around each example gives the lines that example
# ran (its before/after hooks included). One JSON object per example is appended to FILE:
#   {"file": "spec/calc_spec.rb", "name": "Calc adds", "lines": {"/abs/lib/calc.rb": [3, 4]}}
require 'coverage'
require 'json'

# A project that starts SimpleCov itself would start Coverage a second time, which Ruby refuses: the measurement
# already running serves both.
module Coverage
  class << self
    alias_method :lightning_original_start, :start

    def start(*args, **options)
      running? ? nil : lightning_original_start(*args, **options)
    end
  end
end

Coverage.start(lines: true)

module LightningRspecCoverageMap
  OUTPUT = ENV.fetch('LIGHTNING_RSPEC_COVERAGE_MAP')

  def self.take
    lines = {}
    Coverage.result(stop: false, clear: true).each do |path, data|
      counts = data.is_a?(Hash) ? data[:lines] : data
      next unless counts

      covered = []
      counts.each_with_index { |count, index| covered << index + 1 if count && count.positive? }
      lines[path] = covered unless covered.empty?
    end
    lines
  end
end

RSpec.configure do |config|
  config.around(:each) do |example|
    # Lines run while loading the specs, or by the example before, belong to no example.
    LightningRspecCoverageMap.take
    example.run
    lines = LightningRspecCoverageMap.take
    file = example.metadata[:file_path].to_s.sub(%r{\A\./}, '')
    File.open(LightningRspecCoverageMap::OUTPUT, 'a') do |out|
      out.puts(JSON.generate({ file: file, name: example.full_description, lines: lines }))
    end
  end
end
