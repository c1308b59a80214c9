import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { runCommand } from './commands/run';
import type { Host } from './host/host';
import { createServices, ServicesProvider, useServices } from './services';
import { createEditorStore } from './store/store';

const host = {} as Host;

describe('services', () => {
  it('each instance has its own clipboard, openers, canvas bridge and view model', () => {
    const a = createServices(host, createEditorStore()),
      b = createServices(host, createEditorStore());
    a.store.getState().addNode('Input', { x: 0, y: 0 });
    runCommand('selectAll', a);
    runCommand('copy', a);
    runCommand('paste', b); // b's clipboard is empty
    expect(b.store.getState().doc.nodes).toHaveLength(0);
    runCommand('paste', a);
    expect(a.store.getState().doc.nodes).toHaveLength(2);

    let opened = 0;
    a.openers.openExport = () => opened++;
    runCommand('exportModel', b);
    expect(opened).toBe(0);
    runCommand('exportModel', a);
    expect(opened).toBe(1);

    a.canvas.skipNextLoadLayout();
    expect(b.canvas.takeSkipLayout()).toBe(false);
    expect(a.canvas.takeSkipLayout()).toBe(true);
    expect(a.canvas.takeSkipLayout()).toBe(false);

    expect(a.views.get().nodes.size).toBe(2);
    expect(b.views.get().nodes.size).toBe(0);
  });

  it('the view model follows its own store (telling its subscribers once per task), and stops when disposed', async () => {
    const s = createServices(host, createEditorStore());
    let changes = 0;
    s.views.subscribe(() => changes++);
    s.store.getState().addNode('Input', { x: 0, y: 0 });
    s.store.getState().setParam('input1', 'height', 30);
    expect(s.views.get().nodes.size).toBe(1);
    await Promise.resolve();
    expect([changes, s.views.get().nodes.size]).toEqual([1, 1]);
    s.views.dispose();
    s.store.getState().addNode('Conv2D', { x: 0, y: 200 });
    expect([changes, s.views.get().nodes.size]).toEqual([1, 1]);
  });

  it('components get them from the provider, and say so when there is none', () => {
    const services = createServices(host, createEditorStore());
    function Probe() {
      return <span>{useServices() === services ? 'same' : 'other'}</span>;
    }
    expect(
      renderToStaticMarkup(
        <ServicesProvider services={services}>
          <Probe />
        </ServicesProvider>,
      ),
    ).toBe('<span>same</span>');
    expect(() => renderToStaticMarkup(<Probe />)).toThrow(/no <ServicesProvider>/);
  });
});
