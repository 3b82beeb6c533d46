# Lightning: runs examples in the order the file named by LIGHTNING_TEST_ORDER lists (case ids as Lightning writes
# them: "spec.calc_spec::Calc adds", one per line). RSpec runs a group's examples together (its hooks wrap them), so a
# group takes the place of its first listed example and examples are ordered within their group; examples and groups
# the file does not list (new ones) keep their defined order after the listed ones. Nothing is dropped.
module LightningRspecOrder
  def self.ranks
    @ranks ||= begin
      path = ENV['LIGHTNING_TEST_ORDER']
      ranks = {}
      if path && File.file?(path)
        File.readlines(path, chomp: true).each_with_index do |line, index|
          ranks[line] = index unless line.empty? || ranks.key?(line)
        end
      end
      ranks
    end
  end

  def self.id(example)
    file = example.metadata[:file_path].to_s.sub(%r{\A\./}, '').sub(/\.rb\z/, '').tr('/', '.')
    "#{file}::#{example.full_description}"
  end

  def self.rank(item)
    examples = item.respond_to?(:descendants) ? item.descendants.flat_map(&:examples) : [item]
    examples.map { |example| ranks.fetch(id(example), ranks.size) }.min || ranks.size
  end

  def self.sort(items)
    # sort_by with the index keeps the defined order among equal ranks (Ruby's sort is not stable).
    items.each_with_index.sort_by { |item, index| [rank(item), index] }.map(&:first)
  end
end

# A project's own --order (.rspec, command line) is forced before this file is required, and would refuse or replace
# ours: the registry is told directly, and later registrations of :global are ignored.
module LightningRspecOrderLock
  def register(name, strategy)
    return if name == :global && @lightning_locked
    super
    @lightning_locked = true if name == :global && strategy.is_a?(RSpec::Core::Ordering::Custom)
  end
end

RSpec.configure do |config|
  config.ordering_registry.singleton_class.prepend(LightningRspecOrderLock)
  config.ordering_registry.register(:global, RSpec::Core::Ordering::Custom.new(->(items) { LightningRspecOrder.sort(items) }))
end
