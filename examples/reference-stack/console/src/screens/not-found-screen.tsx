import { PageHeader } from '../components/page-header.js';

export function NotFoundScreen() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no page at this address. <a href="/">Go to your start page</a>.
      </p>
    </>
  );
}
