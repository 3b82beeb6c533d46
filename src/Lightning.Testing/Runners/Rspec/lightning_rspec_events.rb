# Agent Lightning's live events for RSpec, loaded with
#   --require lightning_rspec_events.rb --format LightningRspecEvents --out EVENTS_FILE
# One JSON object per line: an example's start, its end. Names, ids and outcomes are the ones Agent Lightning reads
# from RSpec's JSON report (--format json): the class is the spec file as a dotted path, the name the full
# description, and an exception other than an expectation not met is an error.
require 'json'

class LightningRspecEvents
  RSpec::Core::Formatters.register self, :example_started, :example_passed, :example_failed, :example_pending, :close

  EXPECTATION_ERRORS = %w[
    RSpec::Expectations::ExpectationNotMetError
    RSpec::Expectations::MultipleExpectationsNotMetError
    RSpec::Mocks::MockExpectationError
  ].freeze

  def initialize(output)
    @output = output
    @started = {}
  end

  def example_started(notification)
    example = notification.example
    @started[example.id] = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    file = example.metadata[:file_path].to_s.sub(%r{\A\./}, '')
    emit(e: 'start', k: example.id, suite: file, className: file.sub(/\.rb\z/, '').tr('/', '.'),
         name: example.full_description, file: file, line: example.metadata[:line_number], selector: example.id)
  end

  def example_passed(notification)
    finish(notification.example, 'passed')
  end

  def example_failed(notification)
    example = notification.example
    exception = example.exception
    kind = EXPECTATION_ERRORS.include?(exception.class.name) ? 'failed' : 'errored'
    finish(example, kind, failure: {
      kind: kind == 'failed' ? 'failure' : 'error',
      message: exception.message,
      type: exception.class.name,
      stack: (exception.backtrace || []).join("\n")
    })
  end

  def example_pending(notification)
    example = notification.example
    finish(example, 'skipped', skip: { message: example.execution_result.pending_message, type: 'pending' })
  end

  def close(_notification)
    @output.flush
  end

  private

  def finish(example, outcome, extra = {})
    started = @started.delete(example.id)
    duration = started ? Process.clock_gettime(Process::CLOCK_MONOTONIC) - started : nil
    emit({ e: 'finish', k: example.id, outcome: outcome, duration: duration }.merge(extra))
  end

  def emit(event)
    @output.write(JSON.generate(event) + "\n")
    @output.flush
  end
end
