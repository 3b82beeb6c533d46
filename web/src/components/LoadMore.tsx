/** The "Load more" button under a paged history list (see app/pagedHistory.ts). */
export function LoadMore({ onLoad, loading, testId }: { onLoad: () => Promise<void>; loading: boolean; testId: string }) {
  return (
    <div className="load-more">
      <button type="button" className="button" onClick={() => void onLoad()} disabled={loading} data-testid={testId}>
        {loading ? 'Loading…' : 'Load more'}
      </button>
    </div>
  );
}
