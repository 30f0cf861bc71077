/**
 * The few served routes closest to a path nobody serves: longest shared prefix
 * first, then shortest. Platform routes are offered at their real (root) paths too.
 */
export function nearestRoutes(
  routes: ReadonlyArray<{ method: string; url: string }>,
  requested: string,
  rootPathOf: (url: string) => string | undefined,
  count = 5,
): string[] {
  const path = requested.split('?')[0];
  const shared = (url: string) => {
    let i = 0;
    while (i < url.length && i < path.length && url[i] === path[i]) i++;
    return i;
  };
  const seen = new Set<string>();
  return routes
    .filter((route) => !route.url.startsWith('/docs'))
    .flatMap((route) => {
      const root = rootPathOf(route.url);
      return root ? [route, { method: route.method, url: root }] : [route];
    })
    .map((route) => ({ label: `${route.method} ${route.url}`, score: shared(route.url), length: route.url.length }))
    .sort((a, b) => b.score - a.score || a.length - b.length)
    .filter((route) => !seen.has(route.label) && seen.add(route.label))
    .slice(0, count)
    .map((route) => route.label);
}
