// Rendered for every request, as Latchkey's pages are, so the load exercises the same renderer.
export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <main>
      <h1>Bare Next.js</h1>
      <p>Rendered at {new Date().toISOString()}.</p>
    </main>
  );
}
