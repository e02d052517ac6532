import { operations, type HttpBinding, type HttpMethod, type OperationName, type Operations } from '../contract.ts';

/** Everything of the API lives under this prefix; a later v2 can live beside it. */
export const API_PREFIX = '/api/v1';

export interface Route {
  name: OperationName;
  operation: Operations[OperationName];
  binding: HttpBinding;
  pattern: RegExp;
  params: string[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method'; allow: HttpMethod[] }
  | { kind: 'none' };

function compile(name: OperationName, binding: HttpBinding): Route {
  const params: string[] = [];
  const source = binding.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, param: string) => {
    params.push(param);
    return '([^/]+)';
  });
  return { name, operation: operations[name], binding, pattern: new RegExp(`^${source}$`), params };
}

/** The route table, derived from the contract: one route per HTTP binding of each operation. */
export function contractRoutes(): Route[] {
  const routes = (Object.keys(operations) as OperationName[]).flatMap((name) =>
    operations[name].http.map((binding) => compile(name, binding)),
  );
  // A literal segment wins over a parameter: POST /messages/hold is not POST /messages/{id}.
  return routes.sort((a, b) => a.params.length - b.params.length);
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The route for a path below API_PREFIX, or why there is none (404, or 405 with the methods it has). */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allow = new Set<HttpMethod>();
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.binding.method !== method) {
      allow.add(route.binding.method);
      continue;
    }
    const values = match.slice(1).map(decode);
    if (values.includes(null)) return { kind: 'none' };
    return { kind: 'found', route, params: Object.fromEntries(route.params.map((param, index) => [param, values[index]!])) };
  }
  return allow.size > 0 ? { kind: 'wrong-method', allow: [...allow] } : { kind: 'none' };
}
