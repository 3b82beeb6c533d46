import { Link } from '../../app/router';
import { PageHeader } from '../../components/PageHeader';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <>
      <PageHeader title="Page not found" subtitle={<>Nothing lives at <code>{path}</code>.</>} />
      <p>
        <Link href="/">Go to the overview</Link>
      </p>
    </>
  );
}
