/** A quadrature rule applied to f: sum_i w_i f(x_i) (for the rule tests, written out once). */
export function applyRule(rule: { readonly nodes: Float64Array; readonly weights: Float64Array }, f: (x: number) => number): number {
  let s = 0;
  for (let i = 0; i < rule.nodes.length; i++) s += rule.weights[i]! * f(rule.nodes[i]!);
  return s;
}

/** True when the nodes increase strictly. */
export function ascending(nodes: Float64Array): boolean {
  for (let i = 1; i < nodes.length; i++) if (!(nodes[i]! > nodes[i - 1]!)) return false;
  return true;
}
