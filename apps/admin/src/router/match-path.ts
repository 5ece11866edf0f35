/**
 * The route for a path: exact match, a trailing slash being the same path.
 * @example matchPath('/reports/', [{ path: '/reports' }]) // { path: '/reports' }
 */
export function matchPath<T extends { path: string }>(path: string, routes: readonly T[]): T | undefined {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return routes.find((route) => route.path === normalized);
}
