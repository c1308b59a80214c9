// The training panel's choices and the Worker's loaders come from the data-source registry
// (shared/data/sources.ts): a kind added there shows in the panel, and the compiler asks for its loader.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DATA_KINDS, DATA_SOURCES, type DataKind } from '../../shared/data';
import { DataChooser } from './DataChooser';
import { LOADERS } from './loadData';
import type { DataSpec } from './protocol';

// Compile-time: DataSpec has one variant per DataKind, no more, no fewer.
const kindsMatch: [DataSpec['kind']] extends [DataKind] ? ([DataKind] extends [DataSpec['kind']] ? true : false) : false = true;

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x27;/g, '\'').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describe('data sources in the training panel and worker', () => {
  it('the panel offers every source, in the registry\'s order, with its label and help', () => {
    expect(kindsMatch).toBe(true);
    const html = renderToStaticMarkup(<DataChooser inputShape={{ height: 28, width: 28, channels: 1 }} host={{}} />);
    const options = [...html.matchAll(/<option[^>]*value="([^"]+)"[^>]*title="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], unescape(m[2]), unescape(m[3])]);
    expect(options).toEqual(DATA_KINDS.map((k) => [k, DATA_SOURCES[k].help, DATA_SOURCES[k].label]));
  });

  it('the worker has one loader per kind', () => {
    expect(Object.keys(LOADERS).sort()).toEqual([...DATA_KINDS].sort());
    for (const k of DATA_KINDS) expect(typeof LOADERS[k]).toBe('function');
  });
});
