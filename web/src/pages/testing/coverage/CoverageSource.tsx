import { useEffect, useMemo, useRef } from 'react';
import type { TestingClient } from '../../../api/testingClient';
import type { CoverageFileView } from '../../../api/testingTypes';
import { useResource } from '../../../app/useResource';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { shortSha } from '../testingText';
import { CoverageBar } from './CoverageBar';
import { hitsLabel, isUncovered, lineCounts, lineDescription, nextUncovered } from './coverageLines';
import { countsOf } from './coverageTree';

/**
 * One file's source with line numbers, hit counts and its lines highlighted as covered, partly covered (some branches
 * did not run) or missed; buttons jump from one untested stretch to the next. `line` is the line in the address.
 */
export function CoverageSource({ testing, runId, path, line, onLine }: { testing: TestingClient; runId: string; path: string; line: number | undefined; onLine: (line: number) => void }) {
  const file = useResource((signal) => testing.coverageFile(runId, path, signal), [testing, runId, path]);
  const view = file.data;
  const bodyRef = useRef<HTMLDivElement>(null);

  const sectionRef = useRef<HTMLElement>(null);

  // The line in the address comes into view (a suggestion, "next uncovered", a shared link).
  useEffect(() => {
    if (!view || line === undefined) return;
    bodyRef.current?.querySelector(`[data-line="${line}"]`)?.scrollIntoView({ block: 'center' });
  }, [view, line]);

  // Where the source is below the tree (narrow screens), an opened file would otherwise stay out of sight.
  useEffect(() => {
    if (line === undefined && window.matchMedia('(max-width: 900px)').matches) sectionRef.current?.scrollIntoView({ block: 'start' });
    // Only when the file opens, not on every jump.
  }, [path]);

  return (
    <section ref={sectionRef} className="card card-flush cov-source" aria-label={`Source of ${path}`} data-testid="coverage-source" data-path={path}>
      <div className="card-header cov-source-header">
        <h2 className="mono cov-source-path">{path}</h2>
        {view && <SourceTools view={view} line={line} onLine={onLine} />}
      </div>
      {file.loading && !view && <Loading label="Reading the file…" />}
      <ErrorBanner message={file.error?.message} onRetry={file.reload} testId="coverage-source-error" />
      {view && (
        <>
          <SourceFacts view={view} />
          <div className="cov-code" ref={bodyRef} role="table" aria-label={`Lines of ${path}`} data-testid="coverage-lines">
            {view.lines.map((item) => (
              <div
                key={item.number}
                role="row"
                className={`cov-line cov-line-${item.state}${item.number === line ? ' current' : ''}`}
                data-line={item.number}
                data-state={item.state}
                title={`Line ${item.number}: ${lineDescription(item)}`}
                data-testid="coverage-line"
              >
                <span role="cell" className="cov-line-number">
                  {item.number}
                </span>
                <span role="cell" className="cov-line-hits" aria-label={lineDescription(item)}>
                  {item.state === 'partial' && item.branchesTotal ? `${item.branchesCovered ?? 0}/${item.branchesTotal}` : hitsLabel(item)}
                </span>
                <span role="cell" className="cov-line-text">
                  {item.text ?? ''}
                </span>
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function SourceTools({ view, line, onLine }: { view: CoverageFileView; line: number | undefined; onLine: (line: number) => void }) {
  const counts = useMemo(() => lineCounts(view.lines), [view]);
  const hasUncovered = view.lines.some(isUncovered);
  const jump = (direction: 1 | -1) => {
    const target = nextUncovered(view.lines, line ?? null, direction);
    if (target !== null) onLine(target);
  };
  return (
    <div className="cov-source-tools">
      <span className="cov-legend small" data-testid="coverage-line-counts">
        <span className="cov-key cov-key-covered">{counts.covered} covered</span>
        <span className="cov-key cov-key-partial">{counts.partial} partial</span>
        <span className="cov-key cov-key-missed">{counts.missed} missed</span>
      </span>
      <div className="cov-jump" role="group" aria-label="Uncovered lines">
        <button type="button" className="button button-small" onClick={() => jump(-1)} disabled={!hasUncovered} title="Previous uncovered stretch (Shift+N)" data-testid="coverage-prev-uncovered">
          ↑ Previous
        </button>
        <button type="button" className="button button-small button-primary" onClick={() => jump(1)} disabled={!hasUncovered} title="Next uncovered stretch (N)" data-testid="coverage-next-uncovered">
          Next uncovered ↓
        </button>
      </div>
      <JumpKeys onJump={jump} />
    </div>
  );
}

/** N and Shift+N jump between untested stretches, unless the user is typing somewhere. */
function JumpKeys({ onJump }: { onJump: (direction: 1 | -1) => void }) {
  const jumpRef = useRef(onJump);
  jumpRef.current = onJump;
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'n' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      event.preventDefault();
      jumpRef.current(event.shiftKey ? -1 : 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return null;
}

function SourceFacts({ view }: { view: CoverageFileView }) {
  const totals = view.totals;
  const source = view.source;
  return (
    <div className="cov-source-facts small">
      <span className="cov-fact">
        Lines <CoverageBar percent={totals.linePercent} compact label="Lines" /> <span className="muted">{countsOf(totals, 'lines')}</span>
      </span>
      {totals.branchesTotal > 0 && (
        <span className="cov-fact">
          Branches <CoverageBar percent={totals.branchPercent} compact label="Branches" /> <span className="muted">{countsOf(totals, 'branches')}</span>
        </span>
      )}
      {totals.functionsTotal > 0 && (
        <span className="cov-fact">
          Functions <span className="muted">{countsOf(totals, 'functions')}</span>
        </span>
      )}
      <span className="muted cov-fact" data-testid="coverage-source-origin">
        {source.origin === 'commit' && source.commitSha
          ? `Source at @${shortSha(source.commitSha)}`
          : source.origin === 'working-tree'
            ? 'Source as it is now in the working tree'
            : 'Source not readable: lines without text'}
        {source.changedSince && ' · the file has changed since this run'}
        {source.note && ` · ${source.note}`}
      </span>
    </div>
  );
}
