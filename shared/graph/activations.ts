// Problems about where activations sit, which need the wiring around a node: a fused activation followed
// by an activation node (applied twice, or two different ones), and saturating activations (sigmoid,
// tanh) in the convolutional stack, whose weight depends on how many of them a gradient must cross.
import { fixSay, say } from '../i18n/msg';
import { CATALOGUE } from './catalogue';
import type { Structure } from './structure';
import type { GraphNode, NodeAnalysis, Problem } from './types';

/**
 * Tanh's derivative is at most 1 and it is zero-centred: a few tanh layers train well (LeNet-5 has four);
 * the gradient shrinks layer after layer once a path crosses this many.
 */
export const DEEP_TANH = 5;

/** A node type whose whole job is an activation (Activation, Softmax): it has one, but no fused parameter. */
function isActivationNode(node: GraphNode): boolean {
  const def = CATALOGUE[node.type];
  return def.activationOf !== undefined && !('activation' in def.params);
}

/** The non-linear activation fused into a layer (Conv2D, Dense...), or null. */
export function fusedActivationOf(node: GraphNode): string | null {
  const def = CATALOGUE[node.type];
  if (!('activation' in def.params)) return null;
  const act = def.activationOf?.(node.params) ?? null;
  return act && act !== 'linear' ? act : null;
}

/** The parameter that holds a node's activation ('kind' on an Activation node, else 'activation'). */
function activationParam(node: GraphNode): string {
  const params = CATALOGUE[node.type].params;
  return 'activation' in params ? 'activation' : 'kind';
}

function isSaturating(node: GraphNode): boolean {
  const act = CATALOGUE[node.type].activationOf?.(node.params);
  return act === 'tanh' || act === 'sigmoid';
}

export function activationProblems(
  s: Structure,
  byId: ReadonlyMap<string, GraphNode>,
  nodes: ReadonlyMap<string, NodeAnalysis>,
): Problem[] {
  const out: Problem[] = [];
  doubleActivations(s, byId, out);
  saturating(s, byId, nodes, out);
  return out;
}

/**
 * The merge port a residual block's main path comes in on (the catalogue's Residual names its ports
 * 'main' and 'skip'): an activation belongs after the add there, so the sum can still go negative.
 */
const MAIN_PORT = 'main';

function doubleActivations(s: Structure, byId: ReadonlyMap<string, GraphNode>, out: Problem[]): void {
  for (const id of s.order) {
    const src = byId.get(id)!;
    const fused = fusedActivationOf(src);
    // A fused softmax before anything is already 'softmax-not-last'.
    if (!fused || fused === 'softmax') continue;
    const consumers = s.outEdges.get(id) ?? [];
    for (const e of consumers) {
      const tgt = byId.get(e.target)!;
      if (e.targetPort === MAIN_PORT && CATALOGUE[tgt.type].ports(tgt.params).length > 1) {
        out.push({
          severity: 'info',
          code: 'activation-before-add',
          nodeId: id,
          param: 'activation',
          ...say('problem.activation-before-add', { node: id, activation: fused, add: tgt.id }),
          fix: {
            kind: 'setParam',
            ...fixSay('fix.makeLinear', { node: id }),
            nodeId: id,
            param: 'activation',
            value: 'linear',
          },
        });
        continue;
      }
      if (!isActivationNode(tgt)) continue;
      const second = CATALOGUE[tgt.type].activationOf!(tgt.params);
      const same = second === fused;
      // With one consumer, making the layer linear leaves exactly the explicit node the user drew; a layer
      // that feeds other branches too keeps its activation and the extra node goes instead.
      const fix: Problem['fix'] =
        consumers.length === 1
          ? {
              kind: 'setParam',
              ...fixSay('fix.makeLinearKeep', { node: src.id, keep: tgt.id }),
              nodeId: src.id,
              param: 'activation',
              value: 'linear',
            }
          : { kind: 'removeNode', ...fixSay('fix.removeNode', { node: tgt.id }), nodeId: tgt.id };
      out.push({
        severity: 'warning',
        code: 'double-activation',
        nodeId: tgt.id,
        ...say(same ? 'problem.double-activation' : 'problem.double-activation-different', {
          source: src.id,
          node: tgt.id,
          activation: fused,
          second: second ?? '',
        }),
        fix,
      });
    }
  }
}

function saturating(
  s: Structure,
  byId: ReadonlyMap<string, GraphNode>,
  nodes: ReadonlyMap<string, NodeAnalysis>,
  out: Problem[],
): void {
  // The most saturating layers on any path through a node: up to it (forward) plus after it (backward).
  const upTo = new Map<string, number>();
  const after = new Map<string, number>();
  let any = false;
  for (const id of s.order) {
    const node = byId.get(id)!;
    let best = 0;
    for (const e of s.inEdges.get(id) ?? []) if (e) best = Math.max(best, upTo.get(e.source) ?? 0);
    const sat = isSaturating(node);
    any ||= sat;
    upTo.set(id, best + (sat ? 1 : 0));
  }
  if (!any) return;
  for (let i = s.order.length - 1; i >= 0; i--) {
    const id = s.order[i];
    let best = 0;
    for (const e of s.outEdges.get(id) ?? []) {
      const t = byId.get(e.target);
      if (t) best = Math.max(best, (after.get(e.target) ?? 0) + (isSaturating(t) ? 1 : 0));
    }
    after.set(id, best);
  }
  for (const id of s.order) {
    const node = byId.get(id)!;
    const shape = nodes.get(id)?.shape;
    if (!isSaturating(node) || !shape || shape.length !== 3) continue;
    const act = CATALOGUE[node.type].activationOf!(node.params)!;
    const param = activationParam(node);
    const map = shape.join('x');
    const fix = { kind: 'setParam', ...fixSay('fix.useRelu'), nodeId: id, param, value: 'relu' } as const;
    const depth = (upTo.get(id) ?? 0) + (after.get(id) ?? 0);
    if (act === 'sigmoid' || depth >= DEEP_TANH) {
      out.push({
        severity: 'warning',
        code: 'saturating-activation',
        nodeId: id,
        param,
        ...(act === 'sigmoid'
          ? say('problem.saturating-activation', { shape: map })
          : say('problem.saturating-activation-deep', { shape: map, depth })),
        fix,
      });
    } else {
      out.push({
        severity: 'info',
        code: 'saturating-activation',
        nodeId: id,
        param,
        ...say('problem.saturating-activation-tanh', { shape: map, depth }),
        fix,
      });
    }
  }
}
