import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CoverageTreeNode } from '../../../api/testingTypes';
import { CoverageBar } from './CoverageBar';
import { TREE_SORTS, countsOf, directoriesOf, filterTree, filesOf, initiallyExpanded, treeKey, visibleRows, type TreeSort } from './coverageTree';

/**
 * The run's files as a tree: directories open and close (mouse or keys: arrows, Home/End, Enter), every node shows its
 * line coverage as a bar and a percentage; a filter box narrows to matching paths, and the order is by name or by %.
 */
export function CoverageTree({ root, selected, onOpen }: { root: CoverageTreeNode; selected: string | undefined; onOpen: (path: string) => void }) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<TreeSort>('name');
  const [expanded, setExpanded] = useState<Set<string>>(() => withAncestors(initiallyExpanded(root), selected));
  const [focus, setFocus] = useState(0);
  // While filtering, every directory on the way to a match is open unless closed here; the filter's own state.
  const [closedInFilter, setClosedInFilter] = useState<Set<string>>(() => new Set());
  const listRef = useRef<HTMLUListElement>(null);
  const focusMoved = useRef(false);

  const filtered = useMemo(() => filterTree(root, query), [root, query]);
  // The user's own open directories come back when the box is emptied.
  const filtering = query.trim() !== '';
  const open = useMemo(
    () => (filtering && filtered ? new Set(directoriesOf(filtered).filter((path) => !closedInFilter.has(path))) : expanded),
    [filtering, filtered, closedInFilter, expanded],
  );
  const rows = useMemo(() => (filtered ? visibleRows(filtered, open, sort) : []), [filtered, open, sort]);
  const fileCount = useMemo(() => (filtered ? filesOf(filtered).length : 0), [filtered]);
  const current = Math.min(focus, Math.max(0, rows.length - 1));

  useEffect(() => {
    if (!focusMoved.current) return;
    focusMoved.current = false;
    listRef.current?.querySelectorAll<HTMLElement>('[role="treeitem"]')[current]?.focus();
  }, [current, rows]);

  const toggle = (path: string) => {
    const flip = (previous: Set<string>) => {
      const next = new Set(previous);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    };
    if (filtering) setClosedInFilter(flip);
    else setExpanded(flip);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const action = treeKey(rows, current, event.key);
    if (!action) return;
    event.preventDefault();
    if ('open' in action) {
      onOpen(action.open);
      return;
    }
    if ('toggle' in action) toggle(action.toggle);
    focusMoved.current = true;
    setFocus(action.focus);
  };

  return (
    <div className="cov-tree" data-testid="coverage-tree">
      <div className="cov-tree-tools">
        <input
          type="search"
          className="cov-tree-filter"
          placeholder="Filter files…"
          aria-label="Filter files"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setClosedInFilter(new Set());
            setFocus(0);
          }}
          data-testid="coverage-tree-filter"
        />
        <div className="segmented cov-seg" role="group" aria-label="Order">
          {TREE_SORTS.map((item) => (
            <button key={item.sort} type="button" className={sort === item.sort ? 'selected' : undefined} aria-pressed={sort === item.sort} onClick={() => setSort(item.sort)} data-testid={`coverage-tree-sort-${item.sort}`}>
              {item.label}
            </button>
          ))}
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="muted small cov-tree-empty" data-testid="coverage-tree-empty">
          No file matches “{query}”.
        </p>
      ) : (
        <>
          {filtering && (
            <p className="muted small cov-tree-count" data-testid="coverage-tree-count">
              {fileCount} {fileCount === 1 ? 'file matches' : 'files match'}
            </p>
          )}
          <ul className="cov-tree-list" role="tree" aria-label="Files and directories" ref={listRef} onKeyDown={onKeyDown}>
            {rows.map((row, index) => {
              const node = row.node;
              const directory = node.kind === 'directory';
              return (
                <li
                  key={node.path}
                  role="treeitem"
                  aria-level={row.level}
                  aria-expanded={directory ? row.expanded : undefined}
                  aria-selected={!directory && node.path === selected}
                  tabIndex={index === current ? 0 : -1}
                  className={`cov-node cov-node-${node.kind}${node.path === selected ? ' selected' : ''}`}
                  style={{ paddingLeft: `${0.25 + (row.level - 1) * 1}rem` }}
                  onClick={() => {
                    setFocus(index);
                    if (directory) toggle(node.path);
                    else onOpen(node.path);
                  }}
                  data-testid="coverage-node"
                  data-path={node.path}
                  data-kind={node.kind}
                  data-percent={node.totals.linePercent ?? ''}
                  title={`${node.path}: ${countsOf(node.totals, 'lines')} lines${node.totals.branchesTotal > 0 ? `, ${countsOf(node.totals, 'branches')} branches` : ''}`}
                >
                  <span className="cov-node-caret" aria-hidden="true">
                    {directory ? (row.expanded ? '▾' : '▸') : ''}
                  </span>
                  <span className={`cov-node-name${directory ? '' : ' mono'}`}>{node.name}</span>
                  <CoverageBar percent={node.totals.linePercent} compact />
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}

/** The directories above a file open from the start, so that a file opened by link shows where it is. */
function withAncestors(open: Set<string>, file: string | undefined): Set<string> {
  if (!file) return open;
  const parts = file.split('/');
  for (let i = 1; i < parts.length; i++) open.add(parts.slice(0, i).join('/'));
  return open;
}
