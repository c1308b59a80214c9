// The English of the layer and command tables, as catalogue entries. Those tables keep their English where each
// layer and command is declared (shared/graph/layers/*.ts, shared/commands/commands.ts), beside the code it
// describes: one source. This file turns them into keys, so zh-CN.ts translates them like any other entry and
// catalogue.test.ts fails when a new layer, parameter, option, preset or command has no translation.
//
//   layer.<Type>.title | .doc | .formulas.<i>     param.<Type>.<name>.label | .doc | .options.<option>
//   preset.<Type>.<i>                             command.<id>.label | .text (top bar button)
//   alt.onnx.<op> | alt.keras.<class>             the nearest alternative an importer names for an unsupported op
//   reason.<key>                                  why an importer cannot read a layer or node (LayerDef.reasons)
import { COMMANDS, commandSpec, type CommandId } from '../commands/commands';
import { DATA_SOURCES } from '../data/sources';
import type { LayerDef } from '../graph/layer';
import type { CatalogueTree } from './msg';

type Tree = { [k: string]: string | Tree };

/** The layer catalogue's English as entries: it is handed in (shared/graph/catalogue.ts registers it at load). */
export function layerEntries(catalogue: Readonly<Record<string, LayerDef>>): CatalogueTree {
  const layer: Tree = {},
    param: Tree = {},
    preset: Tree = {},
    alt: Tree = {},
    reason: Tree = {};
  for (const [type, d] of Object.entries(catalogue)) {
    layer[type] = {
      title: d.title,
      doc: d.doc,
      formulas: Object.fromEntries(d.formulas.map((f, i) => [String(i), f])),
    };
    const specs: Tree = {};
    for (const [name, s] of Object.entries(d.params)) {
      const entry: Tree = { label: s.label, doc: s.doc };
      if (s.kind === 'enum') {
        const options: Tree = {};
        for (const o of s.options) options[o] = s.optionLabels?.[o] ?? o;
        entry.options = options;
      }
      specs[name] = entry;
    }
    param[type] = specs;
    if (d.presets?.length) preset[type] = Object.fromEntries(d.presets.map((p, i) => [String(i), p.label]));
    for (const kind of ['onnx', 'keras'] as const)
      for (const [op, text] of Object.entries(d.alternatives?.[kind] ?? {})) {
        const k = ((alt[kind] as Tree | undefined) ??= {});
        k[op] = text;
      }
    for (const [key, text] of Object.entries(d.reasons ?? {})) {
      if (reason[key] !== undefined && reason[key] !== text)
        throw new Error(
          `reason.${key} has two English texts: ${JSON.stringify(reason[key])} and ${JSON.stringify(text)}`,
        );
      reason[key] = text;
    }
  }
  return { layer, param, preset, alt, reason };
}

/** The command table's English as entries. */
export function commandEntries(): CatalogueTree {
  const command: Tree = {};
  for (const id of Object.keys(COMMANDS) as CommandId[]) {
    const spec = commandSpec(id);
    command[id] = {
      label: spec.label,
      text: spec.toolbar?.text ?? spec.label.replace(/\u2026$/, ''),
    };
  }
  return { command };
}

/** The data-source registry's English (shared/data/sources.ts) as entries: ui.data.source.<kind>.label | .help. */
export function dataSourceEntries(): CatalogueTree {
  const source: Tree = {};
  for (const [kind, s] of Object.entries(DATA_SOURCES)) source[kind] = { label: s.label, help: s.help };
  return { ui: { data: { source } } };
}
