interface ErrorBannerProps {
  message: string | undefined | null;
  /** Further messages (validation errors that belong to no field). */
  more?: string[];
  testId?: string;
  onRetry?: () => void;
}

export function ErrorBanner({ message, more = [], testId, onRetry }: ErrorBannerProps) {
  if (!message && more.length === 0) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid={testId}>
      <div>
        {message && <p>{message}</p>}
        {more.length > 0 && (
          <ul>
            {more.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        )}
      </div>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
